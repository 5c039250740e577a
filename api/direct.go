package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/schema"
)

// Direct execution answers the common queries without graphql-go's executor, whose cost
// a CPU and allocation profile put first for an uncached question: a result map and a
// copy of its ResolveInfo for every field, a goroutine per request, and encoding/json
// reflecting over the maps afterwards. A query is planned once per prepared document
// (fields collected through fragments, literal arguments read), then each request calls
// the same resolvers with the same arguments as graphql-go would and writes their values
// straight into the JSON response, with the keys sorted as encoding/json sorts those of
// graphql-go's result maps, so that the bytes are the same (TestDirectSameBytes).
//
// It handles what the schema's queries use: objects, interfaces with ResolveType, lists,
// non-null, built-in scalars and enums, scalar and enum arguments and variables,
// fragments. Anything else — directives, introspection, list or input-object arguments,
// and every error a resolver returns or a value that graphql-go would turn into an error —
// makes it give up, and the request runs through graphql-go, which reports the error as
// it always did.

// maxPlannedFields bounds a plan: fragments spread within fragments multiply fields.
const maxPlannedFields = 4096

// directPlan is an operation planned for direct execution, or unsupported.
type directPlan struct {
	op   *ast.OperationDefinition
	root *directSelection
	// vars are the operation's variable definitions with their types.
	vars []directVar
	// unsupported is set when the operation uses something direct execution leaves to
	// graphql-go.
	unsupported bool
}

type directVar struct {
	name     string
	leaf     inputLeaf
	nonNull  bool
	fallback any // the default value, parsed; nil when there is none
}

// directSelection is the fields of a selection set on one object type, sorted by
// response name.
type directSelection struct {
	fields []*directField
}

type directField struct {
	// key is the response name as a JSON object key with its colon.
	key      []byte
	name     string
	typename bool // __typename: the parent's type name
	parent   *graphql.Object
	def      *graphql.FieldDefinition
	asts     []*ast.Field
	args     []directArg
	// sub holds the selections of the field's object type, or of each possible type of
	// its interface or union type.
	sub map[*graphql.Object]*directSelection
}

// directArg is an argument as graphql-go's getArgumentValues computes it.
type directArg struct {
	name string
	// variable is the name of the variable that gives the argument, if one does.
	variable string
	// value is the literal written, or else the default value; nil for none.
	value    any
	fallback any
}

// planner builds a plan.
type planner struct {
	schema *graphql.Schema
	frags  map[string]*ast.FragmentDefinition
	fields int
	failed bool
}

// plans caches the plans of a prepared document by operation name.
type plans struct {
	mu sync.Mutex
	m  map[string]*directPlan
}

// plan returns the plan of the operation a request names in doc.
func (p *plans) plan(s *graphql.Schema, doc *ast.Document, opName string) *directPlan {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pl, ok := p.m[opName]; ok {
		return pl
	}
	if p.m == nil {
		p.m = map[string]*directPlan{}
	}
	pl := planOperation(s, doc, opName)
	p.m[opName] = pl
	return pl
}

func planOperation(s *graphql.Schema, doc *ast.Document, opName string) *directPlan {
	unsupported := &directPlan{unsupported: true}
	pl := &planner{schema: s, frags: map[string]*ast.FragmentDefinition{}}
	var op *ast.OperationDefinition
	for _, def := range doc.Definitions {
		switch d := def.(type) {
		case *ast.OperationDefinition:
			if opName == "" && op != nil {
				return unsupported
			}
			if opName == "" || d.Name != nil && d.Name.Value == opName {
				op = d
			}
		case *ast.FragmentDefinition:
			if d.Name == nil {
				return unsupported
			}
			pl.frags[d.Name.Value] = d
		default:
			return unsupported
		}
	}
	if op == nil || op.Operation != ast.OperationTypeQuery || len(op.Directives) > 0 {
		return unsupported
	}
	out := &directPlan{op: op}
	for _, def := range op.VariableDefinitions {
		v, ok := planVariable(s, def)
		if !ok {
			return unsupported
		}
		out.vars = append(out.vars, v)
	}
	out.root = pl.selection(s.QueryType(), []*ast.Field{{SelectionSet: op.SelectionSet}})
	if pl.failed {
		return unsupported
	}
	return out
}

// planVariable reads a variable definition of a scalar or enum type.
func planVariable(s *graphql.Schema, def *ast.VariableDefinition) (directVar, bool) {
	if def == nil || def.Variable == nil || def.Variable.Name == nil {
		return directVar{}, false
	}
	v := directVar{name: def.Variable.Name.Value}
	t := def.Type
	if nn, ok := t.(*ast.NonNull); ok {
		v.nonNull, t = true, nn.Type
	}
	named, ok := t.(*ast.Named)
	if !ok || named.Name == nil {
		return v, false
	}
	if v.leaf, ok = s.Type(named.Name.Value).(inputLeaf); !ok {
		return v, false
	}
	if def.DefaultValue != nil {
		if v.nonNull {
			return v, false // graphql-go refuses a missing non-null variable even with a default
		}
		if v.fallback = v.leaf.ParseLiteral(def.DefaultValue); isNullish(v.fallback) {
			v.fallback = nil
		}
	}
	return v, true
}

// inputLeaf is a scalar or an enum as an input type.
type inputLeaf interface {
	graphql.Leaf
	ParseValue(value any) any
	ParseLiteral(value ast.Value) any
}

// selection collects the fields the selection sets of asts select on parent, as
// graphql-go's collectFields does, and plans each.
func (pl *planner) selection(parent *graphql.Object, asts []*ast.Field) *directSelection {
	byName := map[string][]*ast.Field{}
	var names []string
	visited := map[string]bool{}
	var collect func(set *ast.SelectionSet)
	collect = func(set *ast.SelectionSet) {
		if set == nil {
			return
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if len(s.Directives) > 0 {
					pl.failed = true
					return
				}
				name := responseName(s)
				if _, ok := byName[name]; !ok {
					names = append(names, name)
				}
				byName[name] = append(byName[name], s)
			case *ast.InlineFragment:
				if len(s.Directives) > 0 {
					pl.failed = true
					return
				}
				if pl.matches(s.TypeCondition, parent) {
					collect(s.SelectionSet)
				}
			case *ast.FragmentSpread:
				if len(s.Directives) > 0 || s.Name == nil {
					pl.failed = true
					return
				}
				if visited[s.Name.Value] {
					continue
				}
				visited[s.Name.Value] = true
				if f := pl.frags[s.Name.Value]; f != nil && len(f.Directives) == 0 && pl.matches(f.TypeCondition, parent) {
					collect(f.SelectionSet)
				}
			}
		}
	}
	for _, a := range asts {
		collect(a.SelectionSet)
	}
	sort := slices.Clone(names)
	slices.Sort(sort) // encoding/json sorts map keys bytewise
	out := &directSelection{}
	for _, name := range sort {
		if f := pl.field(parent, name, byName[name]); f != nil {
			out.fields = append(out.fields, f)
		}
	}
	return out
}

// matches is graphql-go's doesFragmentConditionMatch.
func (pl *planner) matches(cond *ast.Named, t *graphql.Object) bool {
	if cond == nil {
		return true
	}
	if cond.Name == nil {
		return false
	}
	ct := pl.schema.Type(cond.Name.Value)
	switch {
	case ct == nil:
		return false
	case ct == graphql.Type(t), ct.Name() == t.Name():
		return true
	}
	if a, ok := ct.(graphql.Abstract); ok {
		return isPossibleType(pl.schema, a, t)
	}
	return false
}

func responseName(f *ast.Field) string {
	if f.Alias != nil && f.Alias.Value != "" {
		return f.Alias.Value
	}
	if f.Name != nil {
		return f.Name.Value
	}
	return ""
}

// field plans one response key; nil when graphql-go would leave it out (no such field).
func (pl *planner) field(parent *graphql.Object, name string, asts []*ast.Field) *directField {
	if pl.fields++; pl.fields > maxPlannedFields {
		pl.failed = true
		return nil
	}
	f := &directField{key: append(appendString(nil, name), ':'), name: name, parent: parent, asts: asts}
	fieldName := ""
	if asts[0].Name != nil {
		fieldName = asts[0].Name.Value
	}
	switch fieldName {
	case graphql.TypeNameMetaFieldDef.Name:
		f.typename = true
		return f
	case graphql.SchemaMetaFieldDef.Name, graphql.TypeMetaFieldDef.Name:
		pl.failed = true // introspection
		return nil
	}
	f.def = parent.Fields()[fieldName]
	if f.def == nil {
		return nil
	}
	for _, def := range f.def.Args {
		a, ok := pl.argument(def, asts[0].Arguments)
		if !ok {
			pl.failed = true
			return nil
		}
		f.args = append(f.args, a)
	}
	switch t := unwrap(f.def.Type).(type) {
	case *graphql.Object:
		f.sub = map[*graphql.Object]*directSelection{t: pl.selection(t, asts)}
	case graphql.Abstract:
		f.sub = map[*graphql.Object]*directSelection{}
		for _, o := range pl.schema.PossibleTypes(t) {
			f.sub[o] = pl.selection(o, asts)
		}
	}
	return f
}

// argument reads an argument as graphql-go's getArgumentValues and valueFromAST do, for
// scalar and enum arguments; ok is false for others given a value.
func (pl *planner) argument(def *graphql.Argument, given []*ast.Argument) (directArg, bool) {
	a := directArg{name: def.PrivateName, fallback: def.DefaultValue}
	if isNullish(a.fallback) {
		a.fallback = nil
	}
	var value ast.Value
	for _, g := range given {
		if g.Name != nil && g.Name.Value == def.PrivateName {
			value = g.Value
		}
	}
	if value == nil {
		a.value = a.fallback
		return a, true
	}
	if v, ok := value.(*ast.Variable); ok {
		if v.Name == nil {
			return a, false
		}
		a.variable = v.Name.Value
		return a, true
	}
	leaf, ok := unwrap(def.Type).(inputLeaf)
	if !ok {
		return a, false
	}
	if a.value = leaf.ParseLiteral(value); isNullish(a.value) {
		a.value = a.fallback
	}
	return a, true
}

// directRun is one execution.
type directRun struct {
	ctx    context.Context
	schema *graphql.Schema
	op     *ast.OperationDefinition
	vars   map[string]any
	buf    []byte
	// limit is the largest body (0: no limit).
	limit int
}

// giveUp stops direct execution; graphql-go takes the request over.
type giveUp struct{}

// overLimit stops direct execution whose body outgrew the response size limit.
type overLimit struct{}

// directOutcome is how direct execution ended.
type directOutcome int

const (
	directAnswered directOutcome = iota
	directGaveUp
	directTooLarge
)

// executeDirect runs a planned operation and returns the start of the response body,
// `{"data":` and the data as encode writes graphql-go's result; finishDirect ends it. It
// stops once the body is over limit bytes (0: no limit), as encode refuses such an answer.
func executeDirect(ctx context.Context, s *graphql.Schema, pl *directPlan, input map[string]any, limit int64) (body []byte, out directOutcome) {
	if pl.unsupported {
		return nil, directGaveUp
	}
	r := &directRun{ctx: ctx, schema: s, op: pl.op, vars: make(map[string]any, len(pl.vars)), buf: make([]byte, 0, 1024), limit: int(limit)}
	for _, v := range pl.vars {
		in := input[v.name]
		if isNullish(in) {
			if v.nonNull {
				return nil, directGaveUp
			}
			r.vars[v.name] = v.fallback
			continue
		}
		parsed := v.leaf.ParseValue(in)
		if isNullish(parsed) {
			return nil, directGaveUp
		}
		r.vars[v.name] = parsed
	}
	defer func() {
		// Direct execution gave up, or a resolver panicked: graphql-go runs the request
		// and reports the error as it always did.
		if p := recover(); p != nil {
			body, out = nil, directGaveUp
			if _, over := p.(overLimit); over {
				out = directTooLarge
			}
		}
	}()
	r.buf = append(r.buf, `{"data":`...)
	// graphql-go gives the root resolvers an empty map as their source.
	r.object(pl.root, map[string]any{})
	return r.buf, directAnswered
}

// finishDirect ends a body executeDirect began with the request's warnings, as encode
// writes a response without errors; errTooLarge when it is then over limit bytes.
func finishDirect(body []byte, warnings []schema.Warning, limit int64) ([]byte, error) {
	if len(warnings) > 0 {
		var ext bytes.Buffer
		enc := json.NewEncoder(&ext)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(map[string]any{"warnings": warnings}); err != nil {
			return nil, fmt.Errorf("encode the warnings: %w", err)
		}
		body = append(append(body, `,"extensions":`...), bytes.TrimSuffix(ext.Bytes(), []byte("\n"))...)
	}
	body = append(body, "}\n"...)
	if limit > 0 && int64(len(body)) > limit {
		return nil, errTooLarge
	}
	return body, nil
}

func (r *directRun) fail() { panic(giveUp{}) }

// object writes the fields of a selection on source.
func (r *directRun) object(sel *directSelection, source any) {
	r.buf = append(r.buf, '{')
	for i, f := range sel.fields {
		if i > 0 {
			r.buf = append(r.buf, ',')
		}
		r.buf = append(r.buf, f.key...)
		if f.typename {
			r.buf = appendString(r.buf, f.parent.Name())
			continue
		}
		r.value(f, f.def.Type, r.resolve(f, source))
	}
	r.buf = append(r.buf, '}')
	if r.limit > 0 && len(r.buf) > r.limit {
		panic(overLimit{})
	}
}

// resolve calls a field's resolver with the arguments graphql-go would give it.
func (r *directRun) resolve(f *directField, source any) any {
	var args map[string]any
	if len(f.def.Args) > 0 {
		// The map is made for the arguments given, not for every argument the field
		// takes: a map sized for the dozen of measures' was the largest allocation of
		// a question.
		type given struct {
			name string
			v    any
		}
		var buf [16]given
		set := buf[:0]
		for _, a := range f.args {
			v := a.value
			if a.variable != "" {
				if v = r.vars[a.variable]; isNullish(v) {
					v = a.fallback
				}
			}
			if !isNullish(v) {
				set = append(set, given{a.name, v})
			}
		}
		args = make(map[string]any, len(set))
		for _, g := range set {
			args[g.name] = g.v
		}
	}
	resolve := f.def.Resolve
	if resolve == nil {
		resolve = graphql.DefaultResolveFn
	}
	out, err := resolve(graphql.ResolveParams{
		Source: source, Args: args, Context: r.ctx,
		Info: graphql.ResolveInfo{
			FieldName: f.asts[0].Name.Value, FieldASTs: f.asts, ReturnType: f.def.Type, ParentType: f.parent,
			Schema: *r.schema, Operation: r.op, VariableValues: r.vars,
		},
	})
	if err != nil {
		r.fail()
	}
	return out
}

// value writes a resolved value as graphql-go's completeValue and encoding/json would.
func (r *directRun) value(f *directField, t graphql.Type, v any) {
	if rv := reflect.ValueOf(v); rv.IsValid() && rv.Kind() == reflect.Func {
		r.fail() // a thunk
	}
	if nn, ok := t.(*graphql.NonNull); ok {
		if isNullish(v) {
			r.fail() // graphql-go's "Cannot return null for non-nullable field"
		}
		t = nn.OfType
	}
	if isNullish(v) {
		r.buf = append(r.buf, "null"...)
		return
	}
	switch t := t.(type) {
	case *graphql.List:
		r.list(f, t.OfType, v)
	case *graphql.Scalar:
		if s, ok := v.(string); ok && (t == graphql.String || t == graphql.ID) {
			r.buf = appendString(r.buf, s) // what Serialize returns for a string, without boxing it again
			return
		}
		r.leaf(t.Serialize(v))
	case *graphql.Enum:
		r.leaf(t.Serialize(v))
	case *graphql.Object:
		if t.IsTypeOf != nil {
			r.fail()
		}
		r.object(f.sub[t], v)
	case *graphql.Interface:
		if t.ResolveType == nil {
			r.fail()
		}
		r.concrete(f, t, t.ResolveType(graphql.ResolveTypeParams{Value: v, Context: r.ctx}), v)
	case *graphql.Union:
		if t.ResolveType == nil {
			r.fail()
		}
		r.concrete(f, t, t.ResolveType(graphql.ResolveTypeParams{Value: v, Context: r.ctx}), v)
	default:
		r.fail()
	}
}

func (r *directRun) concrete(f *directField, t graphql.Abstract, o *graphql.Object, v any) {
	sel, ok := f.sub[o]
	if o == nil || !ok || !isPossibleType(r.schema, t, o) || o.IsTypeOf != nil {
		r.fail()
	}
	r.object(sel, v)
}

func (r *directRun) list(f *directField, item graphql.Type, v any) {
	r.buf = append(r.buf, '[')
	if items, ok := v.([]any); ok {
		for i, it := range items {
			if i > 0 {
				r.buf = append(r.buf, ',')
			}
			r.value(f, item, it)
		}
		r.buf = append(r.buf, ']')
		return
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Ptr {
		rv = rv.Elem()
	}
	if !rv.IsValid() || rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		r.fail()
	}
	for i := range rv.Len() {
		if i > 0 {
			r.buf = append(r.buf, ',')
		}
		r.value(f, item, rv.Index(i).Interface())
	}
	r.buf = append(r.buf, ']')
}

// leaf writes a serialized scalar or enum value as encoding/json writes it.
func (r *directRun) leaf(v any) {
	if isNullish(v) {
		r.buf = append(r.buf, "null"...)
		return
	}
	switch v := v.(type) {
	case string:
		r.buf = appendString(r.buf, v)
	case bool:
		r.buf = strconv.AppendBool(r.buf, v)
	case int:
		r.buf = strconv.AppendInt(r.buf, int64(v), 10)
	case int32:
		r.buf = strconv.AppendInt(r.buf, int64(v), 10)
	case int64:
		r.buf = strconv.AppendInt(r.buf, v, 10)
	case float64:
		r.buf = appendFloat(r.buf, v, 64)
	case float32:
		r.buf = appendFloat(r.buf, float64(v), 32)
	default:
		r.fail()
	}
}

// isNullish is graphql-go's test of a value that completes to null.
func isNullish(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string, bool, int, int32, int64:
		return false
	case float64:
		return math.IsNaN(v)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Ptr {
		if rv.IsNil() {
			return true
		}
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return math.IsNaN(rv.Float())
	}
	return false
}

// appendFloat writes a float as encoding/json does; it gives up on NaN and infinities,
// which encoding/json refuses.
func appendFloat(b []byte, f float64, bits int) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		panic(giveUp{})
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendString writes a JSON string as encoding/json does with HTML escaping off (the
// server's encoder): its appendString with escapeHTML false.
func appendString(dst []byte, src string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(src); {
		if b := src[i]; b < 0x80 {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, src[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(src[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, src[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, src[start:]...)
	return append(dst, '"')
}

// isPossibleType tells whether o is one of the types of a. graphql-go's
// Schema.IsPossibleType fills a table of the shared schema on every call, without a lock,
// so concurrent requests must not call it; PossibleTypes only reads.
func isPossibleType(s *graphql.Schema, a graphql.Abstract, o *graphql.Object) bool {
	for _, t := range s.PossibleTypes(a) {
		if t == o {
			return true
		}
	}
	return false
}
