package model

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/pace"
	"github.com/policykg/policykg/policy"
	"github.com/policykg/policykg/search"
)

// Reader keeps a Model in step with the store. The first call of Model builds it; after
// that, a call checks the store's version (one look-up, none on a store only this process
// writes) and answers from the model it has, while a background refresher builds the next
// one when the version moved: requests never wait for a rebuild. A rebuild reads again
// only the documents whose content hash changed. Writers in this process or in another one
// over the same database are seen once the refresher has caught up; Refresh waits for it.
type Reader struct {
	store *graph.Store
	opts  readerOptions
	// current is the model requests answer from; nil until the first build.
	current atomic.Pointer[Model]

	// mu serialises builds and guards what they keep from one to the next: the decoded
	// documents (kept by a failed build too, so that the next one goes on from there) and
	// the parts of the full-text index.
	mu      sync.Mutex
	cache   map[string]graph.Doc
	buckets search.Buckets

	refresher refresher
}

type readerOptions struct {
	log           *slog.Logger
	buildTimeout  time.Duration
	afterBuild    func()
	indicatorName func(words string) string
	// decoded is called after each document a build reads from the store; an error
	// stops the build there (the tests of failed builds set it).
	decoded func(id string) error
	// pacer paces builds after start-up (see WithPacer).
	pacer *pace.Pacer
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

// WithPacer has builds yield the CPU to requests as p asks: between the documents they read
// and between the parts of the search index they make again.
func WithPacer(p *pace.Pacer) ReaderOption {
	return func(o *readerOptions) { o.pacer = p }
}

// NewReader returns a reader over store.
func NewReader(store *graph.Store, opts ...ReaderOption) *Reader {
	o := readerOptions{log: slog.Default(), buildTimeout: 10 * time.Minute}
	for _, opt := range opts {
		opt(&o)
	}
	r := &Reader{store: store, opts: o, cache: map[string]graph.Doc{}}
	r.refresher.init(r)
	return r
}

// Store is the store the reader reads.
func (r *Reader) Store() *graph.Store { return r.store }

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
	task := r.opts.pacer.Task()
	decoded := func(id string) error {
		if r.opts.decoded != nil {
			if err := r.opts.decoded(id); err != nil {
				return err
			}
		}
		return task.Pause(ctx)
	}
	read, err := r.store.Documents(ctx, r.cache, r.opts.log, decoded)
	if err != nil {
		return nil, err
	}
	docs := make([]*policy.Document, 0, len(read.Docs))
	for _, d := range read.Docs {
		docs = append(docs, d.Doc)
	}
	m := Build(v, docs, r.opts.indicatorName)
	buckets, err := r.indexForSearch(ctx, task, m, read.Docs)
	if err != nil {
		return nil, err
	}
	r.buckets = buckets
	r.cache = read.Docs
	r.current.Store(m)
	read.Keep()
	r.opts.log.Info("model built", "store", r.store.URL(), "version", v, "documents", len(docs),
		"read_from_quads", read.FromQuads, "read_from_cache", read.FromCache, "took", time.Since(start).Round(time.Millisecond).String())
	if r.opts.afterBuild != nil {
		r.opts.afterBuild()
	}
	return m, nil
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
	var err error
	f.r.opts.pacer.Run(func() { _, err = f.r.build(ctx) })
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
