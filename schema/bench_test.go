package schema

import (
	"context"
	"fmt"
	"testing"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
)

// BenchmarkHealthQuery asks the benchmark's question (measures involving 市卫生健康委 in
// 济宁, totalCount and 20 titles) of the read model, without HTTP or a result cache: what
// one uncached answer costs as the corpus grows.
func BenchmarkHealthQuery(b *testing.B) {
	req := Request{Query: `{ measures(agency: "市卫生健康委", city: "济宁", first: 20) { totalCount edges { node { title } } } }`}
	sch, err := New(Options{MaxPageSize: 100, DefaultPageSize: 20})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10, 1000} {
		ctx := context.Background()
		docs, err := corpus.New(1, loader.DefaultNames()).Load(ctx, b.TempDir(), n)
		if err != nil {
			b.Fatal(err)
		}
		store, err := graph.Open(ctx, "memory")
		if err != nil {
			b.Fatal(err)
		}
		if err := store.Put(ctx, docs...); err != nil {
			b.Fatal(err)
		}
		reader := model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))
		if _, err := reader.Model(ctx); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				res, err := Execute(ctx, sch, reader, req)
				if err != nil || len(res.Errors) > 0 {
					b.Fatal(err, res.Errors)
				}
			}
		})
		store.Close()
	}
}
