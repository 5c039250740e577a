package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkPut writes a generated corpus into a fresh store, as `policykg load` does.
func BenchmarkPut(b *testing.B) {
	for _, n := range []int{100, 1000} {
		docs := corpusDocs(b, 1, n)
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
