package api

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"

	"github.com/policykg/policykg/schema"
)

// TestEveryTypeAndFieldDescribed walks the schema and lists every type, field, argument
// and enum value without a description: tools show them, so none may be missing.
func TestEveryTypeAndFieldDescribed(t *testing.T) {
	s, err := schema.New(schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	need := func(desc, what string) {
		if strings.TrimSpace(desc) == "" {
			missing = append(missing, what)
		}
	}
	args := func(owner string, as []*graphql.Argument) {
		for _, a := range as {
			need(a.Description(), owner+"("+a.Name()+":)")
		}
	}
	for name, typ := range s.TypeMap() {
		if strings.HasPrefix(name, "__") || builtinScalars[name] {
			continue
		}
		need(typ.Description(), name)
		switch typ := typ.(type) {
		case *graphql.Object:
			for fname, f := range typ.Fields() {
				need(f.Description, name+"."+fname)
				args(name+"."+fname, f.Args)
			}
		case *graphql.Interface:
			for fname, f := range typ.Fields() {
				need(f.Description, name+"."+fname)
				args(name+"."+fname, f.Args)
			}
		case *graphql.Enum:
			for _, v := range typ.Values() {
				need(v.Description, name+"."+v.Name)
			}
		case *graphql.InputObject:
			for fname, f := range typ.Fields() {
				need(f.Description(), name+"."+fname)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no description: %s", m)
	}
}

// TestSchemaSDL reads /schema.graphql back with a GraphQL parser and checks that it
// defines every type of the schema with every field and argument.
func TestSchemaSDL(t *testing.T) {
	srv := newServer(t, sharedSeeds(t), nil)
	rec := call(srv.Handler(), http.MethodGet, "/schema.graphql", "")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	doc, err := parser.Parse(parser.ParseParams{Source: rec.Body.String()})
	if err != nil {
		t.Fatalf("the SDL does not parse: %v", err)
	}
	printed := map[string]map[string][]string{} // type → field → argument names
	for _, def := range doc.Definitions {
		var name string
		var fields []*ast.FieldDefinition
		switch d := def.(type) {
		case *ast.ObjectDefinition:
			name, fields = d.Name.Value, d.Fields
		case *ast.InterfaceDefinition:
			name, fields = d.Name.Value, d.Fields
		case *ast.EnumDefinition:
			name = d.Name.Value
		case *ast.ScalarDefinition:
			name = d.Name.Value
		case *ast.UnionDefinition:
			name = d.Name.Value
		case *ast.InputObjectDefinition:
			name = d.Name.Value
		default:
			continue
		}
		printed[name] = map[string][]string{}
		for _, f := range fields {
			var as []string
			for _, a := range f.Arguments {
				as = append(as, a.Name.Value)
			}
			printed[name][f.Name.Value] = as
		}
	}
	for name, typ := range srv.cfg.Schema.TypeMap() {
		if strings.HasPrefix(name, "__") || builtinScalars[name] {
			continue
		}
		got, ok := printed[name]
		if !ok {
			t.Errorf("type %s is not in the SDL", name)
			continue
		}
		var fields graphql.FieldDefinitionMap
		switch typ := typ.(type) {
		case *graphql.Object:
			fields = typ.Fields()
		case *graphql.Interface:
			fields = typ.Fields()
		}
		for fname, f := range fields {
			if as, ok := got[fname]; !ok || len(as) != len(f.Args) {
				t.Errorf("%s.%s: printed with arguments %v, want %d", name, fname, as, len(f.Args))
			}
		}
	}
	for _, want := range []string{
		"type Query {",
		"type Measure implements Node {",
		"  measures(\n",
		"): MeasureConnection!",
		"enum Role {",
		"interface Node {",
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the SDL lacks %q", want)
		}
	}
}

// TestDescriptionText prints descriptions as SDL strings.
func TestDescriptionText(t *testing.T) {
	tests := []struct{ in, indent, want string }{
		{"", "", ""},
		{"Stable ID.", "  ", "  \"Stable ID.\"\n"},
		{`The "lead" unit`, "", "\"\"\"\nThe \"lead\" unit\n\"\"\"\n"},
		{"two\nlines", "  ", "  \"\"\"\n  two\n  lines\n  \"\"\"\n"},
		{`ends in """`, "", "\"\"\"\nends in \\\"\"\"\n\"\"\"\n"},
	}
	for _, tt := range tests {
		if got := descriptionText(tt.in, tt.indent); got != tt.want {
			t.Errorf("descriptionText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
