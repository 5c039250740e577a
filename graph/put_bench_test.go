package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/loader"
)

// generated parses n documents of the benchmark corpus (seed 1), without touching disk.
func generated(b *testing.B, n int) []*loader.Document {
	b.Helper()
	names := loader.DefaultNames()
	dir := b.TempDir()
	if _, err := corpus.New(1, names).Write(context.Background(), dir, n); err != nil {
		b.Fatal(err)
	}
	docs, err := names.LoadPaths(context.Background(), []string{dir})
	if err != nil {
		b.Fatal(err)
	}
	return docs
}

// BenchmarkPut writes a generated corpus into a fresh store, as `policykg load` does.
func BenchmarkPut(b *testing.B) {
	for _, n := range []int{100, 1000} {
		docs := generated(b, n)
		for _, backend := range []string{"memory", "bolt"} {
			b.Run(fmt.Sprintf("%s/docs=%d", backend, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					url := "memory"
					if backend == "bolt" {
						url = "bolt:" + filepath.Join(b.TempDir(), "bench.db")
					}
					s, err := Open(context.Background(), url)
					if err != nil {
						b.Fatal(err)
					}
					if err := s.Put(context.Background(), docs...); err != nil {
						b.Fatal(err)
					}
					s.Close()
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
			})
		}
	}
}
