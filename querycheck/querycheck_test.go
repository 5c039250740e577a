package querycheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/errcode"
)

// testSchema is a small schema with the shapes the checks meet: lists that nest, Int and
// Float arguments.
func testSchema(t *testing.T) *graphql.Schema {
	t.Helper()
	doc := graphql.NewObject(graphql.ObjectConfig{Name: "Doc", Fields: graphql.FieldsThunk(func() graphql.Fields { return nil })})
	doc = graphql.NewObject(graphql.ObjectConfig{Name: "Doc", Fields: graphql.FieldsThunk(func() graphql.Fields {
		return graphql.Fields{
			"title": {Type: graphql.String},
			"docs":  {Type: graphql.NewList(doc), Args: graphql.FieldConfigArgument{"year": {Type: graphql.Int}}},
		}
	})})
	s, err := graphql.NewSchema(graphql.SchemaConfig{Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: graphql.Fields{
		"docs":  {Type: graphql.NewList(doc), Args: graphql.FieldConfigArgument{"year": {Type: graphql.Int}, "years": {Type: graphql.NewList(graphql.Int)}, "score": {Type: graphql.Float}}},
		"title": {Type: graphql.String, Args: graphql.FieldConfigArgument{"city": {Type: graphql.String}}},
	}})})
	if err != nil {
		t.Fatal(err)
	}
	return &s
}

// check parses and validates a query and returns its errors.
func check(t *testing.T, s *graphql.Schema, query string) []gqlerrors.FormattedError {
	t.Helper()
	q, errs := Parse(query)
	if len(errs) > 0 {
		return errs
	}
	return q.Validate(s)
}

func code(e gqlerrors.FormattedError) errcode.Code {
	c, _ := Code(e)
	return c
}

func TestChecks(t *testing.T) {
	s := testSchema(t)
	repeat := func(format string, n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, format, i, i+1)
		}
		return b.String()
	}
	tests := []struct {
		name    string
		query   string
		code    errcode.Code // "" when the query must pass
		message string
	}{
		{"a fragment spreads itself", `{ ...A } fragment A on Query { ...A }`, errcode.ValidationFailed, `Cannot spread fragment "A" within itself.`},
		{"a cycle through three fragments", `{ ...A } fragment A on Query { title ...B } fragment B on Query { ...C } fragment C on Query { ...A }`,
			errcode.ValidationFailed, `Cannot spread fragment "A" within itself via "B", "C".`},
		{"a cycle inside nested selections and inline fragments", `{ docs { ...D } } fragment D on Doc { docs { ... on Doc { docs { ...E } } } } fragment E on Doc { title ... { ...D } }`,
			errcode.ValidationFailed, `Cannot spread fragment "D" within itself via "E".`},
		{"a fragment used twice is no cycle", `{ docs { ...T docs { ...T } } } fragment T on Doc { title }`, "", ""},
		{"a fragment bomb of 2^40 spreads", "{ ...F0 } " + repeat("fragment F%d on Query { ...F%[2]d ...F%[2]d } ", 40) + "fragment F40 on Query { title }", "", ""},
		{"brackets 100 deep parse", "{ title(city: " + strings.Repeat("[", 98) + strings.Repeat("]", 98) + ") }", errcode.ValidationFailed, "Argument \"city\" has invalid value"},
		{"brackets 101 deep are refused", "{ title(city: " + strings.Repeat("[", 99) + strings.Repeat("]", 99) + ") }", errcode.TooDeep, "more than 100 deep"},
		{"fields nested 3,000 deep are refused", strings.Repeat("{ docs ", 3000) + strings.Repeat("}", 3000), errcode.TooDeep, "more than 100 deep"},
		{"brackets in strings and comments do not count", "{ title(city: \"" + strings.Repeat("{", 200) + "\") # " + strings.Repeat("[", 200) + "\n a: title(city: \"\"\"" + strings.Repeat("(", 200) + "\"\"\") }", "", ""},
		{"50 fields may share a name", "{ " + strings.Repeat("title ", 50) + "}", "", ""},
		{"51 fields may not", "{ " + strings.Repeat("title ", 51) + "}", errcode.TooComplex, `51 fields named "title"`},
		{"counted through fragments", "{ docs { ...A } } fragment A on Doc { " + strings.ReplaceAll(repeat("...A%d #%d\n", 60), "#", "# ") + "} " + repeat("fragment A%d on Doc { x: docs(year: %d) { title } } ", 60),
			errcode.TooComplex, `fields named "x"`},
		{"Int literal at the 32-bit limit", `{ docs(year: 2147483647) { title } }`, "", ""},
		{"Int literal over 32 bits", `{ docs(year: 99999999999) { title } }`, errcode.BadUserInput, `"99999999999" is not an Int`},
		{"Int literal in a list", `{ docs(years: [2025, -2147483649]) { title } }`, errcode.BadUserInput, `"-2147483649" is not an Int`},
		{"Int default value of a variable", `query($y: Int = 4294967296) { docs(year: $y) { title } }`, errcode.BadUserInput, `"4294967296" is not an Int`},
		{"a large Int literal for a Float is a Float", `{ docs(score: 99999999999) { title } }`, "", ""},
		{"a directive repeated in one place", `{ title @skip(if: false) @skip(if: true) }`, errcode.ValidationFailed, "The directive @skip can only be used once at this location."},
		{"a 90 KB argument is not repeated whole", "{ title(city: " + "[" + strings.Repeat("1, ", 30_000) + "]" + ") }", errcode.ValidationFailed, "…"},
		{"thousands of directives", "{ title " + strings.Repeat("@include(if: true) ", 5000) + "}", errcode.ValidationFailed, "@include can only be used once"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := check(t, s, tt.query)
			if tt.code == "" {
				if len(errs) > 0 {
					t.Fatalf("errors %v; want none", errs)
				}
				return
			}
			if len(errs) == 0 {
				t.Fatalf("no error; want %s %q", tt.code, tt.message)
			}
			for _, e := range errs {
				if len(e.Message) > maxMessage+len("…") {
					t.Errorf("a message of %d bytes", len(e.Message))
				}
			}
			if code(errs[0]) != tt.code || !strings.Contains(errs[0].Message, tt.message) {
				t.Errorf("first error %s %q; want %s %q", code(errs[0]), errs[0].Message, tt.code, tt.message)
			}
		})
	}
}

func TestErrorsAreLocatedAndCapped(t *testing.T) {
	s := testSchema(t)
	errs := check(t, s, "{\n  title\r\n    nope\r  docs { title }\n}")
	if len(errs) != 1 || len(errs[0].Locations) != 1 || errs[0].Locations[0].Line != 3 || errs[0].Locations[0].Column != 5 {
		t.Fatalf("errors %+v; want one at 3:5", errs)
	}
	var b strings.Builder
	b.WriteString("query(")
	for i := range 5000 {
		fmt.Fprintf(&b, "$v%d: Int ", i)
	}
	b.WriteString(") { title }")
	errs = check(t, s, b.String())
	if len(errs) != MaxErrors || errs[MaxErrors-1].Message != "4901 more errors were found and are not listed" {
		t.Fatalf("%d errors, the last %q; want %d, the last saying 4901 more", len(errs), errs[len(errs)-1].Message, MaxErrors)
	}
	if !strings.Contains(errs[0].Message, `Variable "$v0" is never used`) || errs[0].Locations[0].Column != 7 {
		t.Errorf("first error %+v", errs[0])
	}
}

func TestVariables(t *testing.T) {
	q, errs := Parse(`query($y: Int, $ys: [Int!], $t: String) { docs(year: $y, years: $ys) { title } title(city: $t) }`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	op := q.Doc.Definitions[0].(*ast.OperationDefinition)
	tests := []struct {
		vars map[string]any
		bad  string // the variable refused, "" for none
	}{
		{map[string]any{"y": 2025.0, "ys": []any{2024.0, 2025.0}, "t": "5"}, ""},
		{map[string]any{"y": nil}, ""},
		{map[string]any{"y": 99999999999.0}, "$y"},
		{map[string]any{"y": 1.5}, "$y"},
		{map[string]any{"y": "5"}, "$y"},
		{map[string]any{"y": true}, "$y"},
		{map[string]any{"ys": []any{1.0, 3e10}}, "$ys"},
		{map[string]any{"ys": 7.5}, "$ys"},
	}
	for _, tt := range tests {
		errs := q.Variables(op, tt.vars)
		switch {
		case tt.bad == "" && len(errs) > 0:
			t.Errorf("%v: %v; want no error", tt.vars, errs)
		case tt.bad != "" && (len(errs) != 1 || code(errs[0]) != errcode.BadUserInput || !strings.Contains(errs[0].Message, `"`+tt.bad+`"`)):
			t.Errorf("%v: %v; want BAD_USER_INPUT for %s", tt.vars, errs, tt.bad)
		}
	}
}
