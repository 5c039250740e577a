package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/querycheck"
)

// TestBadArgumentCostsItsOwnField asks, beside the ordinary question (18 measures of
// 市医保局 in 济宁), for a field whose argument is wrong: the wrong field alone is null,
// with an error of the catalogue's code at its path, and the ordinary answer stays.
func TestBadArgumentCostsItsOwnField(t *testing.T) {
	_, r := seedServer(t)
	s, err := New(Options{MaxPageSize: 100, DefaultPageSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	stale := encodeCursor("measure:no-such-plan:1")
	tests := []struct {
		name, field, code, message string
	}{
		{"compareKinds of an unknown document", `compareKinds(a: "no-such-plan", b: "jining-plan-final") { onlyInA }`, "NOT_FOUND", `no document "no-such-plan" is loaded`},
		{"diffDocuments to an unknown document", `diffDocuments(from: "jining-plan-draft", to: "nope") { changes { titleChanged } }`, "NOT_FOUND", `no document "nope" is loaded`},
		{"coordination of an unknown document", `coordination(document: "nope") { nodes { degree } }`, "NOT_FOUND", `no document "nope" is loaded`},
		{"alignMeasures with minScore 2", `alignMeasures(a: "jining-plan-draft", b: "jining-plan-final", minScore: 2) { pairs { score } }`, "BAD_USER_INPUT", "minScore must be between 0 and 1, not 2"},
		{"document of an unknown ID", `document(id: "nope") { title }`, "NOT_FOUND", `no document "nope" is loaded`},
		{"node of an unknown ID", `node(id: "measure:nope:1") { id }`, "NOT_FOUND", `nothing loaded has the ID "measure:nope:1"`},
		{"measures of an unknown document", `measures(document: "nope") { totalCount }`, "NOT_FOUND", `no document "nope" is loaded`},
		{"targets of an unknown document", `targetsConnection(document: "nope") { totalCount }`, "NOT_FOUND", `no document "nope" is loaded`},
		{"a page over the limit", `measures(first: 1000) { totalCount }`, "BAD_USER_INPUT", "first: 1000 is over the largest page of 100"},
		{"a negative page", `documentsConnection(last: -1) { totalCount }`, "BAD_USER_INPUT", "last must not be negative, and is -1"},
		{"a cursor this server never gave", `measures(after: "bogus") { totalCount }`, "BAD_USER_INPUT", `the cursor "bogus" was not given by this server`},
		{"a cursor of an item no longer there", `measures(after: "` + stale + `") { totalCount }`, "STALE_CURSOR", "the after cursor points at no item of this list"},
		{"a bad page deep in a root list", `documents { measures(first: 1000) { totalCount } }`, "BAD_USER_INPUT", "first: 1000 is over the largest page of 100"},
		{"a search with no word", `search(text: "，") { totalCount }`, "BAD_USER_INPUT", `the search text "，" has no word to search for`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := fmt.Sprintf(`{ bad: %s ok: measures(agency: "市医保局", city: "济宁") { totalCount } }`, tt.field)
			res, err := Execute(context.Background(), s, r, Request{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(res.Data)
			var got struct {
				Bad json.RawMessage
				OK  *struct{ TotalCount int }
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("data %s: %v", b, err)
			}
			if got.OK == nil || got.OK.TotalCount != 18 || string(got.Bad) != "null" {
				t.Errorf("data %s; want bad null and ok.totalCount 18", b)
			}
			if len(res.Errors) != 1 {
				t.Fatalf("errors %v; want one", res.Errors)
			}
			e := res.Errors[0]
			if e.Extensions["code"] != tt.code || !strings.Contains(e.Message, tt.message) || len(e.Path) == 0 || e.Path[0] != "bad" {
				t.Errorf("error %q %v at %v; want %s %q at bad", e.Message, e.Extensions, e.Path, tt.code, tt.message)
			}
		})
	}
}

// TestRootFieldsAreNullable checks the rule that keeps an error to its own field: no
// Query field is non-null, whoever adds it.
func TestRootFieldsAreNullable(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	fields := s.QueryType().Fields()
	if len(fields) < 17 {
		t.Fatalf("Query has %d fields", len(fields))
	}
	for name, f := range fields {
		if _, ok := f.Type.(*graphql.NonNull); ok {
			t.Errorf("Query.%s is %s: a root field must be nullable", name, f.Type)
		}
	}
}

// TestResponseBudget stops a query whose text outgrows its budget, and only such a query.
func TestResponseBudget(t *testing.T) {
	s, r := seedServer(t)
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The four seed documents' texts: 济宁's final plan alone is over 10,000 bytes.
	textBytes := 0
	for _, d := range m.FindDocuments(model.DocumentFilter{}) {
		textBytes += len(d.Text)
	}
	for _, tt := range []struct {
		budget int64
		over   bool
	}{{int64(textBytes) - 1, true}, {int64(textBytes) + 1000, false}} {
		ctx, cancel := WithResponseBudget(context.Background(), tt.budget)
		q, errs := querycheck.Parse(`{ documents { text } }`)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		res := graphql.Execute(graphql.ExecuteParams{Schema: s, AST: q.Doc, Context: WithModel(ctx, m)})
		if got := OverBudget(ctx); got != tt.over {
			t.Errorf("budget %d for %d bytes of text: over %v, want %v (errors %v)", tt.budget, textBytes, got, tt.over, res.Errors)
		}
		if !tt.over && len(res.Errors) > 0 {
			t.Errorf("budget %d: errors %v", tt.budget, res.Errors)
		}
		cancel()
	}
}
