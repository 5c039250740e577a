package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/schema"
)

// seedArgs are values for the arguments the generated queries give, by field and
// argument or by argument alone, read from the seed documents: the draft and final plan of
// 济宁, a measure, an indicator and words they hold.
var seedArgs = map[string]string{
	"first": "3", "id": `"measure:jining-plan-final:2"`, "text": `"家庭医生"`,
	"a": `"jining-plan-draft"`, "b": `"jining-plan-final"`, "from": `"jining-plan-draft"`, "to": `"jining-plan-final"`,
	"compareIndicator.name": `"全人群签约率"`, "document": `"jining-plan-final"`, "document.id": `"jining-plan-final"`,
}

// seedArg is the value of an argument of a field, if seedArgs has one.
func seedArg(field, arg string) (string, bool) {
	if v, ok := seedArgs[field+"."+arg]; ok {
		return v, true
	}
	v, ok := seedArgs[arg]
	return v, ok
}

// selectAll writes a selection of every field of t down to depth, giving the arguments of
// seedArgs to fields that take them and leaving out fields with required arguments it has
// no value for. Fields named score are left out: alignment scores are sums of floats in
// map order, which differ in their last digits from one call to the next.
func selectAll(s *graphql.Schema, t graphql.Type, depth int) string {
	return selectAllAs(s, t, depth, "")
}

// selectAllAs is selectAll with every field of the top level aliased with prefix: the
// fragments of an interface's types select fields of one name with different types.
func selectAllAs(s *graphql.Schema, t graphql.Type, depth int, prefix string) string {
	var parts []string
	switch t := unwrap(t).(type) {
	case *graphql.Object:
		names := make([]string, 0, len(t.Fields()))
		for name := range t.Fields() {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			if name == "score" {
				continue
			}
			if f := fieldSelection(s, t.Fields()[name], depth); f != "" {
				if prefix != "" {
					f = prefix + name + ": " + f
				}
				parts = append(parts, f)
			}
		}
	case *graphql.Interface:
		parts = append(parts, "__typename")
		for _, o := range s.PossibleTypes(t) {
			if sub := selectAllAs(s, o, depth, o.Name()+"_"); sub != "" {
				parts = append(parts, "... on "+o.Name()+" "+sub)
			}
		}
	case *graphql.Union:
		parts = append(parts, "__typename")
		for _, o := range t.Types() {
			if sub := selectAllAs(s, o, depth, o.Name()+"_"); sub != "" {
				parts = append(parts, "... on "+o.Name()+" "+sub)
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

func fieldSelection(s *graphql.Schema, f *graphql.FieldDefinition, depth int) string {
	var args []string
	for _, a := range f.Args {
		v, known := seedArg(f.Name, a.PrivateName)
		if _, required := a.Type.(*graphql.NonNull); required && !known {
			return ""
		}
		if known {
			args = append(args, a.PrivateName+": "+v)
		}
	}
	out := f.Name
	if len(args) > 0 {
		out += "(" + strings.Join(args, ", ") + ")"
	}
	switch unwrap(f.Type).(type) {
	case *graphql.Scalar, *graphql.Enum:
		return out
	}
	if depth == 0 {
		return ""
	}
	sub := selectAll(s, f.Type, depth-1)
	if sub == "" {
		return ""
	}
	return out + " " + sub
}

// graphqlGo answers as the server did before direct execution: graphql-go, then encode.
func graphqlGo(t *testing.T, s graphql.Schema, src schema.Modeler, query string, opName string, vars map[string]any) ([]byte, bool) {
	t.Helper()
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(query)})})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if errs := graphql.ValidateDocument(&s, doc, nil).Errors; len(errs) > 0 {
		t.Fatalf("%s: %v", query, errs)
	}
	m, err := src.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	ctx, warnings := schema.WithWarnings(schema.WithModel(context.Background(), m))
	res := graphql.Execute(graphql.ExecuteParams{Schema: s, AST: doc, OperationName: opName, Args: vars, Context: ctx})
	r := response{Data: res.Data, Errors: fromFormatted(res.Errors, errcode.Internal)}
	if list := warnings.List(); len(list) > 0 {
		r.Extensions = map[string]any{"warnings": list}
	}
	body, err := encode(r, 0)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return body, len(res.Errors) == 0 && res.Data != nil
}

// TestDirectSameBytes runs queries over the seeds both ways, direct execution and
// graphql-go with encoding/json, and compares the bytes. The queries select every field
// of every root field the schema has (three levels deep), so fields added later are
// compared too, and cover aliases, fragments, variables, defaults and enums.
func TestDirectSameBytes(t *testing.T) {
	src := sharedSeeds(t)
	s, err := schema.New(schema.Options{MaxPageSize: 100, DefaultPageSize: testPageSize})
	if err != nil {
		t.Fatal(err)
	}
	m, err := src.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	type query struct {
		text   string
		opName string
		vars   map[string]any
		// direct says direct execution must answer it (not give it to graphql-go).
		direct bool
	}
	var queries []query
	root := s.QueryType()
	names := make([]string, 0, len(root.Fields()))
	for name := range root.Fields() {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		f := fieldSelection(&s, root.Fields()[name], 3)
		if f == "" {
			continue
		}
		queries = append(queries, query{text: "{ " + f + " }", direct: true})
	}
	if len(queries) < 10 {
		t.Fatalf("only %d root fields could be queried: the generator lost its way", len(queries))
	}
	queries = append(queries,
		query{text: `{ measures(agency: "市医保局", city: "济宁", role: LEAD, first: 5) { totalCount edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, direct: true},
		query{text: `{ a: measures(agency: "市医保局", first: 2) { totalCount } b: measures(agency: "市卫生健康委", last: 2) { n: totalCount nodes { number title __typename } } __typename }`, direct: true},
		query{text: `query Q($agency: String!, $city: String = "济宁", $role: Role, $first: Int) { measures(agency: $agency, city: $city, role: $role, first: $first) { totalCount edges { node { title } } } }`,
			opName: "Q", vars: map[string]any{"agency": "市卫生健康委", "role": "SUPPORT", "first": float64(4)}, direct: true},
		query{text: `query Q($agency: String!, $city: String = "济宁", $role: Role, $first: Int) { measures(agency: $agency, city: $city, role: $role, first: $first) { totalCount edges { node { title } } } }`,
			opName: "Q", vars: map[string]any{"agency": "市卫生健康委", "city": nil, "role": nil}, direct: true},
		query{text: `{ ...top } fragment top on Query { documents(city: "济宁") { ...doc measures(first: 1) { edges { node { ...m } } } } } fragment doc on Document { id title status } fragment m on Measure { id number agencies { role position agency { name city kind aliases } } targets { valueText value unit year comparator indicator { name } } }`, direct: true},
		query{text: `{ node(id: "measure:jining-plan-final:2") { id __typename ... on Measure { title document { title } } ... on Agency { name } } }`, direct: true},
		query{text: `{ documents(jurisdiction: "济宁市", level: CITY, current: true) { id level jurisdiction current warnings { code message span { start end } } supersededBy { id } } measures(agency: "市医保局", jurisdiction: "济宁", current: true, first: 3) { totalCount nodes { sectionPath genericBodies deadline notes { text agencies { role agency { name level jurisdiction } } } } } agencies(name: "市医保局") { level jurisdiction measures(current: true, first: 2) { totalCount } } }`, direct: true},
		query{text: `query Q($current: Boolean, $level: Level) { documents(current: $current, level: $level) { id current } }`, opName: "Q", vars: map[string]any{"current": true, "level": "CITY"}, direct: true},
		query{text: `{ node(id: "no such node") { id } }`},
		query{text: `{ document(id: "no such document") { id } }`},
		query{text: `{ measures(agency: "市卫健局", city: "济宁", first: 2) { totalCount } agencies(name: "市医保") { id } }`, direct: true},
		query{text: `{ measures(agency: "市医保局", first: 1) @include(if: true) { totalCount } }`},
		query{text: `{ __schema { queryType { name } } }`},
		query{text: `{ measures(first: 1, after: "bogus") { totalCount } }`},
	)
	for _, q := range queries {
		want, clean := graphqlGo(t, s, src, q.text, q.opName, q.vars)
		doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(q.text)})})
		if err != nil {
			t.Fatal(err)
		}
		var ps plans
		ctx, warnings := schema.WithWarnings(schema.WithModel(context.Background(), m))
		got, out := executeDirect(ctx, &s, ps.plan(&s, doc, q.opName), q.vars, 0)
		ok := out == directAnswered
		if ok {
			if got, err = finishDirect(got, warnings.List(), 0); err != nil {
				t.Fatalf("%s: %v", q.text, err)
			}
		}
		switch {
		case ok && !clean:
			t.Errorf("%s: direct execution answered a query graphql-go answers with errors:\n%s", q.text, want)
		case ok && !bytes.Equal(got, want):
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%.200s: differs at byte %d:\ndirect     %.300s\ngraphql-go %.300s", q.text, i, got[max(i-100, 0):], want[max(i-100, 0):])
		case !ok && q.direct:
			t.Errorf("%s: direct execution gave up on a query it handles", q.text)
		}
	}
}

// TestAppendString compares the JSON strings of direct execution with encoding/json's.
func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "市卫生健康委", `a"b\c`, "\b\f\n\r\t\x00\x1f\x7f", "<>&", "\u2028\u2029", "\xff\xfe", "a\xe4\xb8", "😀", "\uFFFD"} {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := string(appendString(nil, s)), strings.TrimSuffix(b.String(), "\n"); got != want {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
}

// TestAppendFloat compares the numbers of direct execution with encoding/json's.
func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.5, 85.5, 1e-7, 1e-6, 123456789, 1e20, 1e21, 1.5e300, -2.5e-9, math.SmallestNonzeroFloat64} {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFloat(nil, f, 64); string(got) != string(want) {
			t.Errorf("%v: %s, want %s", f, got, want)
		}
		if math.IsInf(float64(float32(f)), 0) {
			continue
		}
		want32, _ := json.Marshal(float32(f))
		if got := appendFloat(nil, float64(float32(f)), 32); string(got) != string(want32) {
			t.Errorf("float32 %v: %s, want %s", f, got, want32)
		}
	}
}

// TestDirectAbstractTypesConcurrently: requests of different texts asking for fragments on
// an interface are planned at once; under -race this fails if planning writes to the
// schema they share. Each answer is the measure's title, as the seed plan prints it.
func TestDirectAbstractTypesConcurrently(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	var wg sync.WaitGroup
	titles := make([]string, 8)
	for i := range titles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Aliases make each text, and so each plan, different.
			q := fmt.Sprintf(`{ n%d: node(id: "measure:jining-plan-final:2") { ... on Measure { title } ... on Agency { name } } }`, i)
			var r struct {
				Data map[string]struct{ Title string } `json:"data"`
			}
			if err := json.Unmarshal(postJSON(h, map[string]any{"query": q}).Body.Bytes(), &r); err == nil {
				titles[i] = r.Data[fmt.Sprintf("n%d", i)].Title
			}
		}()
	}
	wg.Wait()
	for i, title := range titles {
		if title != "加快高水平医疗建设" {
			t.Errorf("request %d: title %q; want 加快高水平医疗建设", i, title)
		}
	}
}
