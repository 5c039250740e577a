package graph

import (
	"context"
	"fmt"
	"runtime/debug"
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

// rebuildGCPercent is the collector's target (GOGC) while a model is rebuilt. Decoding and
// indexing 10,000 documents makes garbage at a great rate over about 300 MB of live data:
// at the default of 100 the heap grew to 850 MB between collections, and serve's first
// start peaked at 1,050 MB resident; at 50 the peak is 740 MB, for a first start of 30 s
// instead of 25 s. Requests wait for a rebuild anyway.
const rebuildGCPercent = 50

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
	defer debug.SetGCPercent(debug.SetGCPercent(rebuildGCPercent))
	listed, err := r.store.listDocuments(ctx)
	if err != nil {
		return nil, err
	}
	next := make(map[string]cachedDoc, len(listed))
	docs := make([]*loader.Document, 0, len(listed))
	comp := newCompacter()
	var rel pageReleaser
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
			comp.document(d)
			c = cachedDoc{hash: sd.hash, doc: d}
			rel.read(r.store)
		}
		next[sd.id] = c
		docs = append(docs, c.doc)
	}
	m := buildModel(v, docs)
	buckets, err := r.indexForSearch(m, next)
	if err != nil {
		return nil, err
	}
	r.buckets = buckets
	r.cache = next
	r.current.Store(m)
	r.store.releaseOrWarn()
	// A rebuild leaves the previous model and the records read as garbage: hand the
	// memory back now rather than keep it until the heap grows again.
	debug.FreeOSMemory()
	return m, nil
}

// indexForSearch builds the search index of m. The search folder of an embedded store is
// written by one Reader at a time.
func (r *Reader) indexForSearch(m *Model, docs map[string]cachedDoc) (map[int]bucketPart, error) {
	root := r.store.searchDir()
	if root != "" {
		r.store.searchMu.Lock()
		defer r.store.searchMu.Unlock()
	}
	return indexForSearch(m, docs, r.buckets, root)
}
