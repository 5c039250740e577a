package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/kinds"
	"github.com/graphql-go/graphql/language/visitor"

	"github.com/policykg/policykg/errcode"
)

// Limits keep one request from taking the public endpoint down; a zero field applies no
// limit. The page size limit is the schema's (schema.Options.MaxPageSize).
type Limits struct {
	// MaxDepth is the deepest nesting of fields a query may have.
	MaxDepth int
	// MaxComplexity is the largest estimated cost of a query (see complexityError).
	MaxComplexity int
	// MaxBodyBytes is the largest request body, and the longest URL query of a GET.
	MaxBodyBytes int64
	// MaxResponseBytes is the largest answer, in bytes of JSON before compression.
	MaxResponseBytes int64
	// Timeout ends a query's execution, reading the store included.
	Timeout time.Duration
	// DefaultPageSize is the page a connection returns when neither first nor last is
	// given (schema.Options.DefaultPageSize); the complexity estimate assumes it.
	DefaultPageSize int
}

// DefaultLimits are the limits for a public endpoint.
func DefaultLimits() Limits {
	return Limits{MaxDepth: 10, MaxComplexity: 20000, MaxBodyBytes: 100 << 10, MaxResponseBytes: 4 << 20, Timeout: 10 * time.Second, DefaultPageSize: 20}
}

const (
	// assumedListLength is what a list without first/last is assumed to hold when the cost
	// of a query is estimated: Measure.agencies, Institution.measures, documents, ….
	assumedListLength = 10
	// maxTypeNesting is how deep __Type may nest in an introspection query (ofType
	// aside): 2 is what GraphiQL and other tools ask; each level multiplies the answer by
	// the number of fields of the schema.
	maxTypeNesting = 3
	// costCeiling keeps cost arithmetic from overflowing; any query near it is refused.
	costCeiling = 1 << 40
)

// reportAt adds an error with a code to a validation.
func reportAt(ctx *graphql.ValidationContext, node ast.Node, code errcode.Code, msg string) {
	ctx.ReportError(gqlerrors.NewError(msg, []ast.Node{node}, "", nil, []int{}, errcode.New(code, "%s", msg)))
}

// onOperations returns a rule that calls check once for every operation and skips the
// rest of the document, which check reads on its own through the fragments it spreads.
func onOperations(check func(ctx *graphql.ValidationContext, op *ast.OperationDefinition)) graphql.ValidationRuleFn {
	return func(ctx *graphql.ValidationContext) *graphql.ValidationRuleInstance {
		skip := func(visitor.VisitFuncParams) (string, any) { return visitor.ActionSkip, nil }
		return &graphql.ValidationRuleInstance{VisitorOpts: &visitor.VisitorOptions{
			KindFuncMap: map[string]visitor.NamedVisitFuncs{
				kinds.OperationDefinition: {Kind: func(p visitor.VisitFuncParams) (string, any) {
					if op, ok := p.Node.(*ast.OperationDefinition); ok && op.SelectionSet != nil {
						check(ctx, op)
					}
					return visitor.ActionSkip, nil
				}},
				kinds.FragmentDefinition: {Kind: skip},
			},
		}}
	}
}

// depthRule refuses operations whose fields nest deeper than max, and introspection
// queries whose __Type nests deeper than maxTypeNesting. ofType does not count: it only
// unwraps list and non-null types, so its chain ends within a few steps.
func depthRule(max int) graphql.ValidationRuleFn {
	return onOperations(func(ctx *graphql.ValidationContext, op *ast.OperationDefinition) {
		w := newWalker(ctx.Schema(), ctx.Fragment)
		d := w.depth(ctx.Schema().QueryType(), op.SelectionSet, map[string]bool{})
		if max > 0 && d.fields > max {
			reportAt(ctx, op, errcode.TooDeep, fmt.Sprintf("the query nests fields %d deep, over the limit of %d", d.fields, max))
		}
		if d.types > maxTypeNesting {
			reportAt(ctx, op, errcode.TooDeep, fmt.Sprintf("the introspection query nests __Type %d deep, over the limit of %d", d.types, maxTypeNesting))
		}
	})
}

// complexityError refuses the operation a request runs when its estimated cost is over
// max. Every field costs 1 plus the cost of its selection times the number of items it may
// return: first or last for a connection (defaultPage when neither is given),
// assumedListLength for another list, 1 otherwise. Introspection is free here; depthRule
// bounds it. Variables give first and last their values, so this runs on each request; it
// walks the operation's selections directly, not through graphql-go's validation, whose
// visitor costs more than the rest of an uncached request.
func complexityError(s *graphql.Schema, doc *ast.Document, max, defaultPage int, opName string, vars map[string]any) *gqlerrors.FormattedError {
	frags := map[string]*ast.FragmentDefinition{}
	var ops []*ast.OperationDefinition
	for _, def := range doc.Definitions {
		switch d := def.(type) {
		case *ast.FragmentDefinition:
			if d.Name != nil {
				frags[d.Name.Value] = d
			}
		case *ast.OperationDefinition:
			ops = append(ops, d)
		}
	}
	for _, op := range ops {
		if op.SelectionSet == nil || opName != "" && (op.Name == nil || op.Name.Value != opName) {
			continue
		}
		w := newWalker(s, func(name string) *ast.FragmentDefinition { return frags[name] })
		w.vars, w.defaultPage = withDefaults(op, vars), defaultPage
		if cost := w.cost(s.QueryType(), op.SelectionSet, map[string]bool{}); cost > max {
			msg := fmt.Sprintf("the query's estimated cost is %d, over the limit of %d: ask for smaller pages (first/last) or fewer nested lists", cost, max)
			err := gqlerrors.FormatError(gqlerrors.NewError(msg, []ast.Node{op}, "", nil, []int{}, errcode.New(errcode.TooComplex, "%s", msg)))
			return &err
		}
	}
	return nil
}

// withDefaults returns vars with the default values the operation declares for the
// variables vars lacks.
func withDefaults(op *ast.OperationDefinition, vars map[string]any) map[string]any {
	defaults := false
	for _, def := range op.VariableDefinitions {
		defaults = defaults || def.DefaultValue != nil
	}
	if !defaults {
		return vars
	}
	out := map[string]any{}
	for _, def := range op.VariableDefinitions {
		if iv, ok := def.DefaultValue.(*ast.IntValue); ok && def.Variable != nil {
			if n, err := strconv.Atoi(iv.Value); err == nil {
				out[def.Variable.Name.Value] = n
			}
		}
	}
	for k, v := range vars {
		out[k] = v
	}
	return out
}

// walker measures a selection set through its fragments.
type walker struct {
	fragment    func(name string) *ast.FragmentDefinition
	schema      *graphql.Schema
	vars        map[string]any
	defaultPage int
	depths      map[string]depth
	costs       map[string]int
}

// depth is how deep a selection nests: fields, and __Type within introspection.
type depth struct{ fields, types int }

func newWalker(s *graphql.Schema, fragment func(name string) *ast.FragmentDefinition) *walker {
	return &walker{fragment: fragment, schema: s, depths: map[string]depth{}, costs: map[string]int{}}
}

// fieldDef finds the definition of a field of parent, introspection fields included.
func (w *walker) fieldDef(parent graphql.Type, name string) *graphql.FieldDefinition {
	switch name {
	case "__schema":
		return graphql.SchemaMetaFieldDef
	case "__type":
		return graphql.TypeMetaFieldDef
	case "__typename":
		return graphql.TypeNameMetaFieldDef
	}
	switch t := parent.(type) {
	case *graphql.Object:
		return t.Fields()[name]
	case *graphql.Interface:
		return t.Fields()[name]
	}
	return nil
}

// eachSelection calls field for every field of set, inline for every inline fragment and
// onSpread for every fragment spread, with the type the fragment applies to; a fragment
// spread twice in set counts once, as graphql-go executes it once, and never inside
// itself (querycheck refuses cycles before this runs).
func (w *walker) eachSelection(parent graphql.Type, set *ast.SelectionSet, seen map[string]bool,
	field func(*ast.Field, *graphql.FieldDefinition), inline func(graphql.Type, *ast.SelectionSet), onSpread func(*ast.FragmentDefinition, graphql.Type)) {
	spread := map[string]bool{}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if def := w.fieldDef(parent, s.Name.Value); def != nil {
				field(s, def)
			}
		case *ast.InlineFragment:
			t := parent
			if s.TypeCondition != nil {
				t = w.schema.Type(s.TypeCondition.Name.Value)
			}
			if s.SelectionSet != nil {
				inline(t, s.SelectionSet)
			}
		case *ast.FragmentSpread:
			frag := w.fragment(s.Name.Value)
			if frag == nil || seen[s.Name.Value] || spread[s.Name.Value] || frag.TypeCondition == nil || frag.SelectionSet == nil {
				continue
			}
			// A fragment spread twice in one selection set is executed once.
			spread[s.Name.Value] = true
			onSpread(frag, w.schema.Type(frag.TypeCondition.Name.Value))
		}
	}
}

// measureFragment returns the measure of a fragment from memo, or else measures it, with
// the fragment marked in seen meanwhile so that a spread of it inside itself is skipped.
func measureFragment[T any](memo map[string]T, seen map[string]bool, frag *ast.FragmentDefinition, measure func() T) T {
	name := frag.Name.Value
	if v, ok := memo[name]; ok {
		return v
	}
	seen[name] = true
	v := measure()
	delete(seen, name)
	memo[name] = v
	return v
}

func (w *walker) depth(parent graphql.Type, set *ast.SelectionSet, seen map[string]bool) depth {
	var out depth
	keep := func(d depth) { out = depth{max(out.fields, d.fields), max(out.types, d.types)} }
	w.eachSelection(parent, set, seen,
		func(f *ast.Field, def *graphql.FieldDefinition) {
			var d depth
			named := unwrap(def.Type)
			if f.SelectionSet != nil {
				d = w.depth(named, f.SelectionSet, seen)
			}
			if f.Name.Value != "ofType" {
				d.fields++
				if named.Name() == "__Type" {
					d.types++
				}
			}
			keep(d)
		},
		func(t graphql.Type, s *ast.SelectionSet) { keep(w.depth(t, s, seen)) },
		func(frag *ast.FragmentDefinition, t graphql.Type) {
			keep(measureFragment(w.depths, seen, frag, func() depth { return w.depth(t, frag.SelectionSet, seen) }))
		})
	return out
}

func (w *walker) cost(parent graphql.Type, set *ast.SelectionSet, seen map[string]bool) int {
	total := 0
	add := func(n int) { total = min(total+n, costCeiling) }
	w.eachSelection(parent, set, seen,
		func(f *ast.Field, def *graphql.FieldDefinition) {
			if strings.HasPrefix(f.Name.Value, "__") {
				return
			}
			child := 0
			if f.SelectionSet != nil {
				child = w.cost(unwrap(def.Type), f.SelectionSet, seen)
			}
			add(1 + min(w.multiplier(parent, def, f)*child, costCeiling))
		},
		func(t graphql.Type, s *ast.SelectionSet) { add(w.cost(t, s, seen)) },
		func(frag *ast.FragmentDefinition, t graphql.Type) {
			add(measureFragment(w.costs, seen, frag, func() int { return w.cost(t, frag.SelectionSet, seen) }))
		})
	return total
}

// multiplier is how many items a field may return, for the cost estimate.
func (w *walker) multiplier(parent graphql.Type, def *graphql.FieldDefinition, f *ast.Field) int {
	if hasArg(def, "first") {
		n := -1
		for _, a := range f.Arguments {
			if a.Name.Value == "first" || a.Name.Value == "last" {
				n = max(n, w.intValue(a.Value))
			}
		}
		if n < 0 {
			n = w.defaultPage
		}
		return min(n, costCeiling)
	}
	if parent != nil && strings.HasSuffix(parent.Name(), "Connection") {
		// edges and nodes of a page: the page size is counted on the connection field.
		return 1
	}
	if isList(def.Type) {
		return assumedListLength
	}
	return 1
}

func hasArg(def *graphql.FieldDefinition, name string) bool {
	for _, a := range def.Args {
		if a.PrivateName == name {
			return true
		}
	}
	return false
}

// unwrap returns the named type inside list and non-null wrappers.
func unwrap(t graphql.Type) graphql.Type {
	for {
		switch w := t.(type) {
		case *graphql.List:
			t = w.OfType
		case *graphql.NonNull:
			t = w.OfType
		default:
			return t
		}
	}
}

func isList(t graphql.Type) bool {
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	_, ok := t.(*graphql.List)
	return ok
}

// intValue is the value of an Int argument, a literal or a variable; -1 when unknown.
func (w *walker) intValue(v ast.Value) int {
	switch v := v.(type) {
	case *ast.IntValue:
		if n, err := strconv.Atoi(v.Value); err == nil {
			return max(n, 0)
		}
	case *ast.Variable:
		switch n := w.vars[v.Name.Value].(type) {
		case float64:
			return max(int(min(n, costCeiling)), 0)
		case int:
			return max(n, 0)
		case json.Number:
			if i, err := n.Int64(); err == nil {
				return int(max(min(i, costCeiling), 0))
			}
		}
	}
	return -1
}
