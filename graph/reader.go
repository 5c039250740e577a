package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policykg/policykg/policy"
)

// Reader keeps a Model in step with the store. The first call of Model builds it; after
// that, a call checks the store's version (one look-up, none on a store only this process
// writes) and answers from the model it has, while a background refresher builds the next
// one when the version moved: requests never wait for a rebuild. A rebuild reads again
// only the documents whose content hash changed. Writers in this process or in another one
// over the same database are seen once the refresher has caught up; Refresh waits for it.
type Reader struct {
	store *Store
	opts  readerOptions
	// current is the model requests answer from; nil until the first build.
	current atomic.Pointer[Model]

	// mu serialises builds and guards what they keep from one to the next: the decoded
	// documents (kept by a failed build too, so that the next one goes on from there) and
	// the parts of the full-text index.
	mu      sync.Mutex
	cache   map[string]cachedDoc
	buckets map[int]bucketPart

	refresher refresher
}

type cachedDoc struct {
	hash string
	doc  *policy.Document
}

type readerOptions struct {
	log           *slog.Logger
	buildTimeout  time.Duration
	afterBuild    func()
	indicatorName func(words string) string
	// decoded is called after each document a build reads from the store; an error
	// stops the build there (the tests of failed builds set it).
	decoded func(id string) error
}

// ReaderOption changes how a Reader works.
type ReaderOption func(*readerOptions)

// WithLogger sends the refresher's reports (failed builds, documents that do not read back)
// to log instead of slog's default logger.
func WithLogger(log *slog.Logger) ReaderOption {
	return func(o *readerOptions) { o.log = log }
}

// WithBuildTimeout bounds each background build (default 10 minutes); a build that runs
// out keeps the documents it decoded, and the next one goes on from there.
func WithBuildTimeout(d time.Duration) ReaderOption {
	return func(o *readerOptions) { o.buildTimeout = d }
}

// AfterBuild has fn called after each model a Reader builds, once the previous model is
// no longer current: the place for a program to tune its memory (the Reader itself sets no
// process-wide state).
func AfterBuild(fn func()) ReaderOption {
	return func(o *readerOptions) { o.afterBuild = fn }
}

// WithIndicatorNames makes FindIndicators of the models read a wording by fn (the loader's
// Names.IndicatorName, with the tables the documents were loaded with).
func WithIndicatorNames(fn func(words string) string) ReaderOption {
	return func(o *readerOptions) { o.indicatorName = fn }
}

// NewReader returns a reader over store.
func NewReader(store *Store, opts ...ReaderOption) *Reader {
	o := readerOptions{log: slog.Default(), buildTimeout: 10 * time.Minute}
	for _, opt := range opts {
		opt(&o)
	}
	r := &Reader{store: store, opts: o, cache: map[string]cachedDoc{}}
	r.refresher.init(r)
	return r
}

// Store is the store the reader reads.
func (r *Reader) Store() *Store { return r.store }

// Model returns the model to answer from: the one built for the store's current version,
// or, while the refresher builds that one, the previous one. The first call builds the
// model in the caller's context.
func (r *Reader) Model(ctx context.Context) (*Model, error) {
	m := r.current.Load()
	if m == nil {
		return r.Refresh(ctx)
	}
	v, err := r.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	if v != m.Version {
		r.refresher.wake()
	}
	return m, nil
}

// Refresh builds the model of the store as it is now, in the caller's context, unless the
// current model is of the store's version already, and returns it: for start-up, and for
// callers that must see their own writes (a command that loads and then queries).
func (r *Reader) Refresh(ctx context.Context) (*Model, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.build(ctx)
}

// Close stops the background refresher, waiting for a build under way to stop.
func (r *Reader) Close() error {
	r.refresher.stop()
	return nil
}

// build makes the model of the store's current version, reading again only the documents
// whose content hash changed; r.mu is held.
func (r *Reader) build(ctx context.Context) (*Model, error) {
	v, err := r.store.Version(ctx)
	if err != nil {
		return nil, err
	}
	if m := r.current.Load(); m != nil && m.Version == v {
		return m, nil
	}
	start := time.Now()
	listed, err := r.store.listDocuments(ctx)
	if err != nil {
		return nil, err
	}
	var fromQuads, fromCache int
	files := r.store.cache
	txid, _ := r.store.txid()
	trusted := false
	if files != nil {
		at, ok := files.trusted()
		trusted = ok && at == txid
	}
	next := make(map[string]cachedDoc, len(listed))
	docs := make([]*policy.Document, 0, len(listed))
	comp := newCompacter()
	dr := newDocReader(r.store)
	var rel pageReleaser
	for _, sd := range listed {
		c, ok := r.cache[sd.id]
		if !ok || sd.hash == "" || c.hash != sd.hash {
			e, cached := cacheEntry{}, false
			if trusted {
				e, cached = files.get(sd.id, sd.hash)
			}
			if cached {
				fromCache++
			} else {
				fromQuads++
				if e, ok, err = r.readDocument(ctx, dr, sd); err != nil {
					return nil, err
				}
				if !ok {
					continue
				}
				if files != nil {
					if err := files.put(e); err != nil {
						r.opts.log.Warn("model cache not written", "err", err)
					}
				}
				rel.read(r.store)
			}
			c = cachedDoc{hash: e.Content, doc: e.Doc}
			comp.document(c.doc)
			r.cache[sd.id] = c
			if r.opts.decoded != nil {
				if err := r.opts.decoded(sd.id); err != nil {
					return nil, err
				}
			}
		}
		next[sd.id] = c
		docs = append(docs, c.doc)
	}
	m := Build(v, docs, r.opts.indicatorName)
	buckets, err := r.indexForSearch(m, next)
	if err != nil {
		return nil, err
	}
	r.buckets = buckets
	r.cache = next
	r.current.Store(m)
	r.store.releaseOrWarn()
	if files != nil {
		r.keepCache(files, listed, txid)
	}
	r.opts.log.Info("model built", "store", r.store.URL(), "version", v, "documents", len(docs),
		"read_from_quads", fromQuads, "read_from_cache", fromCache, "took", time.Since(start).Round(time.Millisecond).String())
	if r.opts.afterBuild != nil {
		r.opts.afterBuild()
	}
	return m, nil
}

// readDocument reads a listed document from its quads. A document that does not read back
// (an edited export with a fault, say) is left out of the model and reported, rather than
// keeping every other document from being served; ok is false then.
func (r *Reader) readDocument(ctx context.Context, dr *docReader, sd storedDoc) (e cacheEntry, ok bool, err error) {
	g, err := dr.read(ctx, documentIRI(sd.id))
	if err != nil {
		return cacheEntry{}, false, fmt.Errorf("read document %s: %w", sd.id, err)
	}
	if g == nil {
		return cacheEntry{}, false, nil
	}
	d, err := decodeDocument(g)
	if err != nil {
		r.opts.log.Warn("document left out of the model", "store", r.store.URL(), "err", err)
		return cacheEntry{}, false, nil
	}
	content := sd.hash
	if content == "" {
		// Written by other tools: the quads themselves say whether it changed.
		content = contentHash(g.quads())
	}
	return cacheEntry{ID: sd.id, Hash: sd.hash, Content: content, Doc: d}, true, nil
}

// keepCache records, after a build at transaction txid, that the model cache holds the
// listed documents, and removes what it holds of others. A cache that cannot be kept
// costs the next start time, not answers: it is reported and left.
func (r *Reader) keepCache(files *modelCache, listed []storedDoc, txid uint64) {
	keep := make(map[string]string, len(listed))
	for _, sd := range listed {
		keep[sd.id] = sd.hash
	}
	if err := files.prune(keep); err != nil {
		r.opts.log.Warn("model cache not pruned", "err", err)
	}
	if err := files.trustFrom(txid); err != nil {
		r.opts.log.Warn("model cache not recorded", "err", err)
	}
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

// refresher builds models in the background, one at a time, when woken.
type refresher struct {
	r      *Reader
	wakeup chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	started bool
	stopped bool
}

// Pauses after a failed build before the next one, doubling up to a limit, so that a store
// that cannot be read is not read in a loop.
const (
	firstRetryPause = time.Second
	maxRetryPause   = time.Minute
)

func (f *refresher) init(r *Reader) {
	f.r = r
	f.wakeup = make(chan struct{}, 1)
	f.done = make(chan struct{})
	f.ctx, f.cancel = context.WithCancel(context.Background())
}

// wake asks for a build; the refresher starts with the first call.
func (f *refresher) wake() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stopped {
		return
	}
	if !f.started {
		f.started = true
		go f.run()
	}
	f.ask()
}

// ask leaves a request for a build, unless one is waiting already.
func (f *refresher) ask() {
	select {
	case f.wakeup <- struct{}{}:
	default:
	}
}

func (f *refresher) run() {
	defer close(f.done)
	pause := firstRetryPause
	for {
		select {
		case <-f.ctx.Done():
			return
		case <-f.wakeup:
		}
		err := f.build()
		if err == nil {
			pause = firstRetryPause
			continue
		}
		if f.ctx.Err() != nil {
			return
		}
		f.r.opts.log.Error("model build failed; answering from the previous model", "store", f.r.store.URL(), "retry_in", pause.String(), "err", err)
		select {
		case <-f.ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, maxRetryPause)
		f.ask() // the version that asked for this build is not reached yet
	}
}

// build builds the next model with the refresher's own context and time limit.
func (f *refresher) build() error {
	ctx, cancel := context.WithTimeout(f.ctx, f.r.opts.buildTimeout)
	defer cancel()
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	_, err := f.r.build(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("the build took longer than %s: %w", f.r.opts.buildTimeout, err)
	}
	return err
}

// stop cancels a build under way and waits for the refresher to end.
func (f *refresher) stop() {
	f.mu.Lock()
	f.stopped = true
	started := f.started
	f.mu.Unlock()
	f.cancel()
	if started {
		<-f.done
	}
}
