package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkPut writes a generated corpus into a fresh store, as `policykg load` does, and
// reports time and allocations per document beside the per-load figures, to steer the
// write path by.
func BenchmarkPut(b *testing.B) {
	for _, n := range []int{100, 1000} {
		docs := corpusDocs(b, 1, n)
		for _, backend := range []string{"memory", "bolt"} {
			b.Run(fmt.Sprintf("%s/docs=%d", backend, n), func(b *testing.B) {
				b.ReportAllocs()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
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
				runtime.ReadMemStats(&after)
				perDoc := float64(n * b.N)
				b.ReportMetric(perDoc/b.Elapsed().Seconds(), "docs/s")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/perDoc, "ns/doc")
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/perDoc, "allocs/doc")
				b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/perDoc, "B/doc")
			})
		}
	}
}
