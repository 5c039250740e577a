package graph

import (
	"testing"

	"github.com/cayleygraph/quad"
)

// TestAppendNQuad checks that contentHash's lines are Cayley's N-Quads lines, the one text
// of a quad whether it was written by a load, read back from a store or imported from an
// export: a line that differed would make unchanged documents look changed.
func TestAppendNQuad(t *testing.T) {
	doc := documentIRI("测试市-1")
	qs := []quad.Quad{
		{Subject: doc, Predicate: PredTitle, Object: strLit("关于\"测试\"的通知\n第二行\t\\"), Label: doc},
		{Subject: doc, Predicate: PredDate, Object: dateLit("2024-03-01"), Label: doc},
		{Subject: doc, Predicate: PredPosition, Object: intLit(3)},
		{Subject: doc, Predicate: PredValue, Object: decimalLit(12.5), Label: quad.IRI("")},
		{Subject: quad.BNode("b1"), Predicate: PredRank, Object: boolLit(true), Label: doc},
		{Subject: doc, Predicate: PredTitle, Object: quad.LangString{Value: "title", Lang: "en"}, Label: quad.BNode("g")},
		{Subject: doc, Predicate: PredTitle, Label: doc},
		hashQuad(doc, "0123abcd"),
	}
	for _, d := range corpusDocs(t, 1, 5) {
		qs = append(qs, documentQuads(d)...)
	}
	for _, q := range qs {
		q = canonicalQuad(q)
		if got, want := string(appendNQuad(nil, q)), q.NQuad(); got != want {
			t.Errorf("appendNQuad(%#v) = %q, want %q", q, got, want)
		}
	}
}
