package api

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/lexer"
	"github.com/graphql-go/graphql/language/source"
)

// Literal arguments are lifted into variables so that questions that differ only in their
// literal arguments — { measures(agency: "市医保局", first: 5) … } and the same with
// "市财政局" — share one parsed and validated document, as the questions of a frontend that
// sends one text with variables do. Validation costs far more than parsing, and parsing
// more than lexing: a request whose text is new is lexed, its tokens with the literals
// left out are its shape, and the document prepared for the first text of that shape is
// executed with this text's literals as its variables.

// liftedPrefix starts the names of the variables that hold lifted literals; a document
// that declares a variable of such a name is left as it is.
const liftedPrefix = "_lit"

// liftable are the scalars whose literals are lifted: those whose value as a variable is
// the value of the literal. An Int literal outside 32 bits is not lifted (see parseLiteral):
// the request takes the path of its own text, where querycheck refuses it.
var liftable = map[graphql.Type]bool{graphql.String: true, graphql.ID: true, graphql.Int: true, graphql.Float: true}

// hole is a literal argument value cut out of a query's text.
type hole struct {
	value ast.Value
	// scalar is the argument's scalar type; argType the argument's type as declared.
	scalar  *graphql.Scalar
	argType graphql.Type
}

// holes finds the literal String, ID, Int and Float arguments of the fields of a
// document with a single query operation, in the order of the text; none when the
// document is not one the lifting handles (several operations, a variable of the lifted
// names; fields the schema does not know are skipped: validation reports them).
func holes(s *graphql.Schema, doc *ast.Document) []hole {
	var op *ast.OperationDefinition
	frags := map[string]*ast.FragmentDefinition{}
	for _, def := range doc.Definitions {
		switch d := def.(type) {
		case *ast.OperationDefinition:
			if op != nil {
				return nil
			}
			op = d
		case *ast.FragmentDefinition:
			if d.Name != nil {
				frags[d.Name.Value] = d
			}
		}
	}
	if op == nil || op.Operation != ast.OperationTypeQuery || op.SelectionSet == nil {
		return nil
	}
	for _, v := range op.VariableDefinitions {
		if v.Variable != nil && v.Variable.Name != nil && strings.HasPrefix(v.Variable.Name.Value, liftedPrefix) {
			return nil
		}
	}
	w := &lifter{schema: s, frags: frags, walked: map[string]bool{}}
	w.selections(s.QueryType(), op.SelectionSet)
	for _, h := range w.holes {
		if h.value.GetLoc() == nil {
			return nil
		}
	}
	sortHoles(w.holes)
	return w.holes
}

// shapeOf lexes a query: its shape is its tokens with the values of its literals (strings
// and numbers) left out, and lits are those literals in order. An empty shape when the
// query has no literal or does not lex (parsing then reports why).
func shapeOf(query string) (shape string, lits []lexer.Token) {
	next := lexer.Lex(source.NewSource(&source.Source{Body: []byte(query)}))
	var b strings.Builder
	b.Grow(len(query))
	for {
		t, err := next(0)
		if err != nil {
			return "", nil
		}
		if t.Kind == lexer.EOF {
			break
		}
		// A kind is a byte below 32, which no name holds: the shape reads one way only.
		b.WriteByte(byte(t.Kind))
		switch t.Kind {
		case lexer.INT, lexer.FLOAT, lexer.STRING, lexer.BLOCK_STRING:
			lits = append(lits, t)
		default:
			b.WriteString(t.Value)
		}
	}
	if len(lits) == 0 {
		return "", nil
	}
	return b.String(), lits
}

// shaped is the document prepared for a shape, with what each literal of the shape is.
type shaped struct {
	prep  *prepared
	slots []slot
}

// slot is a literal of a shape: lifted into a variable of the shared document, or written
// into it (a literal the lifting leaves, such as a directive's), which then must be the same.
type slot struct {
	variable string // the variable, or "" when the literal is written in
	scalar   *graphql.Scalar
	value    string // the literal written in
}

// newShaped records which literals of a query holes lifted.
func newShaped(prep *prepared, lits []lexer.Token, hs []hole) (*shaped, bool) {
	at := map[int]int{}
	for i, h := range hs {
		at[h.value.GetLoc().Start] = i
	}
	sh := &shaped{prep: prep, slots: make([]slot, len(lits))}
	found := 0
	for i, t := range lits {
		if k, ok := at[t.Start]; ok {
			sh.slots[i] = slot{variable: liftedName(k), scalar: hs[k].scalar}
			found++
			continue
		}
		sh.slots[i] = slot{value: t.Value}
	}
	return sh, found == len(hs)
}

// bind gives the shared document's variables the values of a query's literals; false when
// a literal written into the document differs or one its type refuses (validation would
// refuse it: the query takes the path of its own text).
func (sh *shaped) bind(lits []lexer.Token) (map[string]any, bool) {
	if len(lits) != len(sh.slots) {
		return nil, false
	}
	vars := make(map[string]any, len(lits))
	for i, s := range sh.slots {
		t := lits[i]
		if s.variable == "" {
			if t.Value != s.value {
				return nil, false
			}
			continue
		}
		var lit ast.Value
		switch t.Kind {
		case lexer.INT:
			lit = ast.NewIntValue(&ast.IntValue{Value: t.Value})
		case lexer.FLOAT:
			lit = ast.NewFloatValue(&ast.FloatValue{Value: t.Value})
		default:
			if s.scalar == graphql.String || s.scalar == graphql.ID {
				vars[s.variable] = t.Value // what ParseLiteral gives a string literal
				continue
			}
			lit = ast.NewStringValue(&ast.StringValue{Value: t.Value})
		}
		v, ok := parseLiteral(s.scalar, lit)
		if !ok {
			return nil, false
		}
		vars[s.variable] = v
	}
	return vars, true
}

func sortHoles(hs []hole) {
	slices.SortFunc(hs, func(a, b hole) int { return a.value.GetLoc().Start - b.value.GetLoc().Start })
}

// lifter walks a document's selections with their types, collecting the holes.
type lifter struct {
	schema *graphql.Schema
	frags  map[string]*ast.FragmentDefinition
	walked map[string]bool
	holes  []hole
}

func (w *lifter) selections(parent graphql.Type, set *ast.SelectionSet) {
	if set == nil {
		return
	}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == nil || strings.HasPrefix(s.Name.Value, "__") {
				continue // introspection: nothing to lift
			}
			def := fieldOf(parent, s.Name.Value)
			if def == nil {
				continue
			}
			for _, a := range s.Arguments {
				w.argument(def, a)
			}
			w.selections(unwrap(def.Type), s.SelectionSet)
		case *ast.InlineFragment:
			t := parent
			if s.TypeCondition != nil && s.TypeCondition.Name != nil {
				t = w.schema.Type(s.TypeCondition.Name.Value)
			}
			w.selections(t, s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Name == nil || w.walked[s.Name.Value] {
				continue
			}
			w.walked[s.Name.Value] = true
			if f := w.frags[s.Name.Value]; f != nil && f.TypeCondition != nil && f.TypeCondition.Name != nil {
				w.selections(w.schema.Type(f.TypeCondition.Name.Value), f.SelectionSet)
			}
		}
	}
}

func (w *lifter) argument(def *graphql.FieldDefinition, a *ast.Argument) {
	if a.Name == nil {
		return
	}
	for _, arg := range def.Args {
		if arg.PrivateName != a.Name.Value {
			continue
		}
		scalar, ok := unwrap(arg.Type).(*graphql.Scalar)
		if !ok || !liftable[scalar] {
			return
		}
		switch a.Value.(type) {
		case *ast.StringValue, *ast.IntValue, *ast.FloatValue:
			w.holes = append(w.holes, hole{value: a.Value, scalar: scalar, argType: arg.Type})
		}
		return
	}
}

// fieldOf is the definition of a field of an object or interface type.
func fieldOf(parent graphql.Type, name string) *graphql.FieldDefinition {
	switch t := parent.(type) {
	case *graphql.Object:
		return t.Fields()[name]
	case *graphql.Interface:
		return t.Fields()[name]
	}
	return nil
}

// liftedName is the variable that holds the i-th hole.
func liftedName(i int) string { return liftedPrefix + strconv.Itoa(i) }

// values are the holes' literals as variable values, or false when one is not a valid
// literal of its type (validation would refuse it: the request takes the literal path).
func values(holes []hole, into map[string]any) bool {
	for i, h := range holes {
		v, ok := parseLiteral(h.scalar, h.value)
		if !ok {
			return false
		}
		into[liftedName(i)] = v
	}
	return true
}

// lift turns the holes of doc, a document just parsed for this purpose, into variables of
// its operation, declared with the types of their arguments.
func lift(doc *ast.Document, holes []hole) {
	var op *ast.OperationDefinition
	for _, def := range doc.Definitions {
		if o, ok := def.(*ast.OperationDefinition); ok {
			op = o
		}
	}
	replace := map[ast.Value]*ast.Variable{}
	for i, h := range holes {
		loc := h.value.GetLoc()
		v := ast.NewVariable(&ast.Variable{Name: ast.NewName(&ast.Name{Value: liftedName(i), Loc: loc}), Loc: loc})
		replace[h.value] = v
		op.VariableDefinitions = append(op.VariableDefinitions,
			ast.NewVariableDefinition(&ast.VariableDefinition{Variable: v, Type: typeAST(h.argType), Loc: loc}))
	}
	var walk func(set *ast.SelectionSet)
	walk = func(set *ast.SelectionSet) {
		if set == nil {
			return
		}
		for _, sel := range set.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				for _, a := range s.Arguments {
					if v, ok := replace[a.Value]; ok {
						a.Value = v
					}
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, def := range doc.Definitions {
		switch d := def.(type) {
		case *ast.OperationDefinition:
			walk(d.SelectionSet)
		case *ast.FragmentDefinition:
			walk(d.SelectionSet)
		}
	}
}

// typeAST writes an input type as the AST of a variable definition.
func typeAST(t graphql.Type) ast.Type {
	if nn, ok := t.(*graphql.NonNull); ok {
		return ast.NewNonNull(&ast.NonNull{Type: typeAST(nn.OfType)})
	}
	return ast.NewNamed(&ast.Named{Name: ast.NewName(&ast.Name{Value: t.Name()})})
}

// parseLiteral is a literal's value as a variable of its scalar; false when the scalar
// refuses it, or for an Int outside 32 bits, which graphql-go's Int takes and GraphQL's
// does not.
func parseLiteral(scalar *graphql.Scalar, lit ast.Value) (any, bool) {
	v := scalar.ParseLiteral(lit)
	if n, ok := v.(int); ok && (n < math.MinInt32 || n > math.MaxInt32) {
		return nil, false
	}
	return v, v != nil
}
