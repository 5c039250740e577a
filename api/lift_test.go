package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/schema"
)

// direct answers a query without the server: graphql-go on the query's own text.
func direct(t *testing.T, src schema.Modeler, query string, vars map[string]any) *graphql.Result {
	t.Helper()
	sch, err := schema.New(schema.Options{MaxPageSize: 100, DefaultPageSize: testPageSize})
	if err != nil {
		t.Fatal(err)
	}
	res, err := schema.Execute(context.Background(), sch, src, schema.Request{Query: query, Variables: vars})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestLiftedLiterals asks questions that share a shape and differ in their literal
// arguments: each answer, data and errors, is the one graphql-go gives for the question's
// own text, and questions of one shape share one prepared document.
func TestLiftedLiterals(t *testing.T) {
	src := sharedSeeds(t)
	s := newServer(t, src, nil)
	h := s.Handler()
	const cursor = "YzptZWFzdXJlOmppbmluZy1wbGFuLWZpbmFsOjI" // c:measure:jining-plan-final:2
	tests := []struct {
		name    string
		queries []string
	}{
		{"agency, city, role and page", []string{
			`{ measures(agency: "市医保局", city: "济宁", role: LEAD, first: 5) { totalCount edges { cursor node { id title } } } }`,
			`{ measures(agency: "市卫生健康委", city: "济宁市", role: LEAD, first: 20) { totalCount edges { cursor node { id title } } } }`,
			`{ measures(agency: "市财政局", city: "济宁", role: LEAD, first: 1) { totalCount edges { cursor node { id title } } } }`,
		}},
		{"aliases and nested arguments", []string{
			`{ a: measures(agency: "市医保局", first: 2) { totalCount } b: documents(city: "济宁") { id measures(first: 1) { totalCount } } }`,
			`{ a: measures(agency: "市卫生健康委", first: 3) { totalCount } b: documents(city: "滨州") { id measures(first: 2) { totalCount } } }`,
		}},
		{"fragments", []string{
			`query Q { measures(agency: "市医保局", first: 2) { ...page } } fragment page on MeasureConnection { totalCount edges { node { agencies { agency { name measures(first: 1) { totalCount } } } } } }`,
			`query Q { measures(agency: "市卫生健康委", first: 1) { ...page } } fragment page on MeasureConnection { totalCount edges { node { agencies { agency { name measures(first: 3) { totalCount } } } } } }`,
		}},
		{"an Int outside 32 bits", []string{
			`{ measures(agency: "市医保局", year: 2025, first: 1) { totalCount } }`,
			`{ measures(agency: "市医保局", year: 99999999999, first: 1) { totalCount } }`,
		}},
		{"an ID argument", []string{
			`{ node(id: "measure:jining-plan-final:2") { id ... on Measure { title } } }`,
			`{ node(id: "measure:jining-plan-final:3") { id ... on Measure { title } } }`,
		}},
		{"errors speak of the request's own text", []string{
			`{ measures(agency: "市医保局", first: 1) { totalCount } m: measures(after: "` + cursor + `", first: 1) { totalCount } }`,
			`{ measures(agency: "市卫生健康委员会", first: 1) { totalCount } m: measures(after: "bogus", first: 1) { totalCount } }`,
			`{ measures(agency: "市医保局", first: 1) { totalCount } m: measures(after: "` + cursor + `", first: 101) { totalCount } }`,
		}},
		{"literals their type refuses", []string{
			`{ measures(agency: "市医保局", first: 2) { totalCount } }`,
			`{ measures(agency: "市医保局", first: -1) { totalCount } }`,
			`{ measures(agency: "市医保局", year: 2025, first: 2) { totalCount } }`,
			`{ measures(agency: "市医保局", year: 3000000000, first: 2) { totalCount } }`,
			`{ measures(agency: "市医保局", first: 2.5) { totalCount } }`,
			`{ measures(agency: "市医保局", first: "2") { totalCount } }`,
		}},
		{"a literal the lifting leaves, and another layout", []string{
			`query($n: Int = 2) { measures(agency: "市医保局", first: $n) { totalCount edges { node { id } } } }`,
			`query($n: Int = 3) { measures(agency: "市卫生健康委", first: $n) { totalCount edges { node { id } } } }`,
			"query($n: Int = 3) {\n  measures(agency: \"市财政局\", first: $n) {\n    totalCount edges { node { id } } } }",
			`query($n: Int = 3) { measures(agency: "市医保局", first: $n) { totalCount edges { node { id } } } m: measures(after: "bogus") { totalCount } }`,
			"query($n: Int = 3) {\n\n  measures(agency: \"市卫生健康委\", first: $n) { totalCount edges { node { id } } } m: measures(after: \"bogus\") { totalCount } }",
		}},
		{"a rule that compares arguments", []string{
			`{ measures(agency: "市医保局", first: 1) { totalCount } measures(agency: "市医保局", first: 1) { totalCount } }`,
			`{ measures(agency: "市财政局", first: 1) { totalCount } measures(agency: "市医保局", first: 1) { totalCount } }`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, q := range tt.queries {
				rec := postJSON(h, map[string]any{"query": q})
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: status %d: %s", q, rec.Code, rec.Body.String())
				}
				var got struct {
					Data   json.RawMessage
					Errors []struct {
						Message   string
						Locations []struct{ Line, Column int }
						Path      []any
					}
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				want := direct(t, src, q, nil)
				wantData, _ := json.Marshal(want.Data)
				if want.Data == nil {
					wantData = nil
				}
				if string(got.Data) != string(wantData) && !(want.Data == nil && string(got.Data) == "") {
					t.Errorf("%s:\ndata %s\nwant %s", q, got.Data, wantData)
				}
				if len(got.Errors) != len(want.Errors) {
					t.Fatalf("%s: errors %+v, want %+v", q, got.Errors, want.Errors)
				}
				for i, e := range want.Errors {
					g := got.Errors[i]
					if g.Message != e.Message || fmt.Sprint(g.Path) != fmt.Sprint(e.Path) || len(g.Locations) != len(e.Locations) {
						t.Errorf("%s: error %+v, want %+v", q, g, e)
						continue
					}
					for k, l := range e.Locations {
						if g.Locations[k].Line != l.Line || g.Locations[k].Column != l.Column {
							t.Errorf("%s: error at %+v, want %+v", q, g.Locations, e.Locations)
						}
					}
				}
			}
		})
	}
}

// TestOneDocumentPerShape: questions that differ only in their literals are prepared once,
// and their texts are not kept one by one.
func TestOneDocumentPerShape(t *testing.T) {
	s := newServer(t, sharedSeeds(t), nil)
	h := s.Handler()
	for _, a := range []string{"市医保局", "市卫生健康委", "市财政局", "市民政局"} {
		for _, first := range []int{1, 5} {
			ask(t, h, fmt.Sprintf(`{"query": "{ measures(agency: \"%s\", city: \"济宁\", first: %d) { totalCount } }"}`, a, first))
		}
	}
	if n := s.documents.shapes.Len(); n != 1 {
		t.Errorf("%d shared documents, want 1", n)
	}
	if n := s.documents.cache.Len(); n != 0 {
		t.Errorf("%d texts kept, want none: the shared document answers them", n)
	}
}
