package graph

import (
	"flag"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
)

var updateVocabulary = flag.Bool("update-vocabulary", false, "write docs/vocabulary.ttl from graph.Vocabulary")

const vocabularyFile = "../docs/vocabulary.ttl"

// TestVocabularyFile: the vocabulary shipped in docs/ is the one the code describes
// (go test ./graph -run TestVocabularyFile -update-vocabulary writes it).
func TestVocabularyFile(t *testing.T) {
	if *updateVocabulary {
		if err := os.WriteFile(vocabularyFile, Vocabulary(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(vocabularyFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(Vocabulary()) {
		t.Errorf("%s differs from graph.Vocabulary: run go test ./graph -run TestVocabularyFile -update-vocabulary", vocabularyFile)
	}
}

// TestVocabularyDescribesEveryTerm: every class and predicate the seeds, a generated
// corpus and a document with every field set are written with is described, with the
// classes it is used on; RDF's own rdf:Seq and rdf:_1 … are RDF's to describe.
func TestVocabularyDescribesEveryTerm(t *testing.T) {
	described := map[quad.IRI]term{}
	for _, c := range append(slices.Clone(classes), predicates...) {
		if c.comment == "" {
			t.Errorf("%s has no comment", c.iri)
		}
		described[c.iri] = c
	}
	described[KindSeq] = term{iri: KindSeq}
	for _, d := range append(loadSeeds(t), append(corpusDocs(t, 2, 20), everyField())...) {
		g := docGraphOf(documentIRI(d.ID), documentQuads(d))
		for n, f := range g.nodes {
			var class quad.IRI
			if ts := f[PredType]; len(ts) == 1 {
				class = ts[0].(quad.IRI)
			}
			if _, ok := described[class]; !ok {
				t.Fatalf("%s: class %s is not described", n, class)
			}
			for p := range f {
				if _, member := memberIndex(p); p == PredType || member {
					continue
				}
				pt, ok := described[p]
				if !ok {
					t.Fatalf("predicate %s is not described", p)
				}
				if !slices.Contains(pt.on, class) {
					t.Errorf("%s is used on %s, which its description does not list", p, class)
				}
			}
		}
	}
	if !strings.HasPrefix(Namespace, "https://") || !strings.HasPrefix(IDBase, "https://") {
		t.Error("the namespace and node IRIs are not https IRIs")
	}
}
