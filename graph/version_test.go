package graph

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/policykg/policykg/loader"
)

// BenchmarkVersion compares the version check every question makes: read from the bolt
// store, and remembered by a store only this process writes.
func BenchmarkVersion(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, "bolt:"+filepath.Join(b.TempDir(), "v.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	docs, err := loader.DefaultNames().LoadPaths(ctx, []string{"../seeds"})
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Put(ctx, docs...); err != nil {
		b.Fatal(err)
	}
	b.Run("read", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.readVersion(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("remembered", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Version(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
