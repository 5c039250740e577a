package graph

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/loader"
)

// Reader keeps a Model in step with the store: each call checks the store's version (one
// look-up) and, when another load changed it, re-reads only the documents whose hash
// changed. Writers in this process or in another one over the same database are seen by
// the next call.
type Reader struct {
	store   *Store
	current atomic.Pointer[Model]
	mu      sync.Mutex
	cache   map[string]cachedDoc
	// buckets are the parts of the full-text index, kept from one model to the next.
	buckets map[int]bucketPart
}

type cachedDoc struct {
	hash string
	doc  *loader.Document
}

// NewReader returns a reader over store.
func NewReader(store *Store) *Reader {
	r := &Reader{store: store, cache: map[string]cachedDoc{}}
	r.current.Store(buildModel("", nil))
	return r
}

// Model returns the model of the store as it is now.
func (r *Reader) Model(ctx context.Context) (*Model, error) {
	v, err := r.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	if m := r.current.Load(); m.Version == v {
		return m, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if m := r.current.Load(); m.Version == v {
		return m, nil
	}
	listed, err := r.store.listDocuments(ctx)
	if err != nil {
		return nil, err
	}
	next := make(map[string]cachedDoc, len(listed))
	docs := make([]*loader.Document, 0, len(listed))
	for _, sd := range listed {
		c, ok := r.cache[sd.id]
		if !ok || c.hash != sd.hash {
			rec, err := r.store.stringValue(ctx, quad.IRI(DocumentID(sd.id)), PredRecord)
			if err != nil {
				return nil, fmt.Errorf("read document %s: %w", sd.id, err)
			}
			d, err := decodeRecord(rec)
			if err != nil {
				return nil, fmt.Errorf("read document %s: %w", sd.id, err)
			}
			c = cachedDoc{hash: sd.hash, doc: d}
		}
		next[sd.id] = c
		docs = append(docs, c.doc)
	}
	m := buildModel(v, docs)
	buckets, err := indexForSearch(m, next, r.buckets)
	if err != nil {
		return nil, err
	}
	r.buckets = buckets
	r.cache = next
	r.current.Store(m)
	return m, nil
}
