package model

import (
	"context"
	"testing"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/search"
)

// BenchmarkSearchIndexSeeds measures building the whole search index of the seed corpus,
// what the first load costs: every document's part and the institutions.
func BenchmarkSearchIndexSeeds(b *testing.B) {
	docs, m := benchSeeds(b)
	for b.Loop() {
		parts := make([]*search.Part, 0, docs)
		for _, d := range m.Documents {
			p, err := search.DocumentPart(d.Document)
			if err != nil {
				b.Fatal(err)
			}
			parts = append(parts, p)
		}
		if _, err := search.Assemble(parts, m.institutionsNamed()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchReindexOneDocument measures what a reload of the final plan costs the
// index: that document's part again, the institutions, and joining the parts.
func BenchmarkSearchReindexOneDocument(b *testing.B) {
	_, m := benchSeeds(b)
	parts := make([]*search.Part, 0, len(m.Documents))
	var final int
	for i, d := range m.Documents {
		p, err := search.DocumentPart(d.Document)
		if err != nil {
			b.Fatal(err)
		}
		if d.ID == "jining-plan-final" {
			final = i
		}
		parts = append(parts, p)
	}
	for b.Loop() {
		p, err := search.DocumentPart(m.Documents[final].Document)
		if err != nil {
			b.Fatal(err)
		}
		next := append([]*search.Part(nil), parts...)
		next[final] = p
		if _, err := search.Assemble(next, m.institutionsNamed()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch measures one search with the highlights of its first 10 hits.
func BenchmarkSearch(b *testing.B) {
	_, m := benchSeeds(b)
	ctx := context.Background()
	for _, text := range []string{"安宁疗护", "医保", "医"} {
		b.Run(text, func(b *testing.B) {
			for b.Loop() {
				hits, err := m.Search(ctx, text)
				if err != nil {
					b.Fatal(err)
				}
				if err := m.Highlight(ctx, text, hits[:min(10, len(hits))]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchSeeds(b *testing.B) (int, *Model) {
	b.Helper()
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"../seeds"})
	if err != nil {
		b.Fatal(err)
	}
	return len(docs), Build("bench", docs, nil)
}
