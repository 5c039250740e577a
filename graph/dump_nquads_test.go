package graph

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/policykg/policykg/policy"
)

// TestDumpWritesWhatStoreExports checks that N-Quads written from loaded documents are
// the file an export of a store holding those documents gives, byte for byte.
func TestDumpWritesWhatStoreExports(t *testing.T) {
	ctx := context.Background()
	docs := loadSeeds(t)
	s := open(t, "memory")
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	var fromStore, fromDump bytes.Buffer
	if err := s.WriteNQuads(ctx, &fromStore, nil); err != nil {
		t.Fatal(err)
	}
	// The store exports documents by ID; give the dump the same order.
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b *policy.Document) int { return strings.Compare(a.ID, b.ID) })
	d := NewDump()
	if err := d.AddDocuments(sorted...); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteNQuads(&fromDump); err != nil {
		t.Fatal(err)
	}
	if fromDump.Len() == 0 || !bytes.Equal(fromStore.Bytes(), fromDump.Bytes()) {
		t.Errorf("the dump wrote %d bytes, the store exported %d, and they differ", fromDump.Len(), fromStore.Len())
	}
}
