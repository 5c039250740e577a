package graph

import (
	"context"
	"errors"
	"fmt"
	neturl "net/url"
	"strings"
	"sync"
	"sync/atomic"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	_ "github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/cayley/graph/refs"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/cayleygraph/quad"
	"go.etcd.io/bbolt"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/pace"
)

// ErrNotFound is returned when a node asked for is not in the store.
var ErrNotFound = errors.New("not found")

// DocumentNotFound is the error for an ID that names no loaded document: NOT_FOUND, and
// ErrNotFound to errors.Is.
func DocumentNotFound(id string) error {
	return errcode.Wrap(ErrNotFound, errcode.NotFound, "no document %s is loaded", errcode.Quote(id))
}

// DefaultURL is the store used when none is given: the embedded bbolt file.
const DefaultURL = "bolt:data/policykg.db"

// Store is the policykg graph kept in a Cayley quad store.
type Store struct {
	url string
	qs  cgraph.QuadStore
	// bolt is the embedded store's file, nil for other stores; dir is its folder.
	bolt *bbolt.DB
	dir  string
	// searchMu guards the search index folder of an embedded store (see SearchFolderName).
	searchMu sync.Mutex
	writeMu  sync.Mutex
	// batch is how many quad changes a write transaction carries (batchQuads when 0;
	// tests take fewer, so as not to need a large corpus).
	batch int
	// docsMu is held by a write from its start to its model cache update, and by
	// Documents: a paced write splits documents across transactions (see applyPaced), and a
	// build must read none of them half-written, nor the cache before the write records it.
	docsMu sync.Mutex
	// unshared is set for Cayley's memory store, which has no transactions: its reads and
	// writes must not overlap, where the other backends isolate them themselves.
	unshared *sync.RWMutex
	lookups  atomic.Int64
	// splitWrites works around a Cayley kv bug; see apply.
	splitWrites bool
	// cluster is set when the URL names several hosts; see cluster.go.
	cluster *cluster
	// versions spares the version look-up on stores only this process writes; see version.go.
	versions versionCache
	// cache holds the documents as decoded from the embedded store's quads; nil for other
	// stores (see modelcache.go).
	cache *modelCache
	// pacer paces writes (see Paced); nil for none. writing is the pacing of the write
	// under way, which writeMu guards.
	pacer   *pace.Pacer
	writing *pace.Task
}

// OpenOption changes how Open opens a store.
type OpenOption func(*openOptions)

type openOptions struct {
	readMostly bool
	pacer      *pace.Pacer
}

// ReadMostly opens a store for a process that mostly reads it, such as a server. On the
// embedded store Cayley then builds no Bloom filter of the stored quads: the filter spares
// look-ups when quads are written, but building it reads every page of the file when the
// store opens (5 s and 1 GB of resident pages at 10,000 documents) and holds 80 MB.
// Writes still work, a little slower.
func ReadMostly() OpenOption {
	return func(o *openOptions) { o.readMostly = true }
}

// Open opens (creating if needed) the store a URL names: bolt:PATH, memory, postgres://… or
// mysql://…; a URL with several hosts opens a cluster (see cluster.go).
func Open(ctx context.Context, url string, opts ...OpenOption) (*Store, error) {
	if multiHost(url) {
		return openCluster(ctx, url)
	}
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	backend, addr, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	var qs cgraph.QuadStore
	var db *bbolt.DB
	if backend == "bbolt" {
		qs, db, err = openBolt(addr, o)
	} else {
		qs, err = openBackend(ctx, backend, addr)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", redact(url), err)
	}
	s := &Store{url: url, qs: qs, bolt: db, dir: dirOf(backend, addr), splitWrites: backend == "bbolt", pacer: o.pacer}
	if backend == "memstore" {
		s.unshared = new(sync.RWMutex)
	}
	if err := s.checkFormat(ctx); err != nil {
		qs.Close()
		return nil, fmt.Errorf("open store %s: %w", redact(url), err)
	}
	if db != nil {
		if err := s.openCache(ctx); err != nil {
			qs.Close()
			return nil, fmt.Errorf("open store %s: %w", redact(url), err)
		}
	}
	return s, nil
}

// ErrOldFormat is returned for a store written by a policykg whose vocabulary differs.
var ErrOldFormat = errors.New("the store was written by an older policykg")

// checkFormat refuses a store whose documents are typed with the classes of earlier
// vocabularies (<Document>, <pkg:Document>): read as it is, it would look empty, and a user
// would think their documents lost.
func (s *Store) checkFormat(ctx context.Context) error {
	for _, kind := range oldKinds {
		old, err := s.subjectsOf(ctx, PredType, kind)
		if err != nil {
			return err
		}
		if len(old) > 0 {
			return fmt.Errorf("%w: load the documents again into a new store (or delete it and run the load again)", ErrOldFormat)
		}
	}
	return nil
}

// openBackend opens one Cayley quad store of a server or memory, creating its tables the
// first time (the embedded store: openBolt).
func openBackend(ctx context.Context, backend, addr string) (cgraph.QuadStore, error) {
	switch backend {
	case "memstore":
	case "mysql":
		if err := initMySQL(ctx, addr); err != nil {
			return nil, err
		}
	default:
		if err := initStore(backend, addr); err != nil {
			return nil, err
		}
	}
	return cgraph.NewQuadStore(backend, addr, nil)
}

// initStore creates a store's files or tables unless they exist.
func initStore(backend, addr string) error {
	err := cgraph.InitQuadStore(backend, addr, nil)
	if err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) && !alreadyExists(err) {
		return err
	}
	return nil
}

// alreadyExists recognises the SQL backends' "table exists" on a store made before.
func alreadyExists(err error) bool {
	s := err.Error()
	return strings.Contains(s, "already exists") || strings.Contains(s, "1050")
}

// parseURL maps a store URL onto a Cayley backend and its address.
func parseURL(url string) (backend, addr string, err error) {
	switch {
	case url == "memory" || url == "mem" || url == "memory:":
		return "memstore", "", nil
	case strings.HasPrefix(url, "bolt:"):
		p := strings.TrimPrefix(strings.TrimPrefix(url, "bolt:"), "//")
		if p == "" {
			return "", "", fmt.Errorf("store %q: bolt needs a path, as in bolt:data/policykg.db", url)
		}
		return "bbolt", p, nil
	case strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://"):
		return "postgres", url, nil
	case strings.HasPrefix(url, "mysql://"):
		u, err := neturl.Parse(url)
		if err != nil {
			return "", "", fmt.Errorf("store %s: %w", redact(url), err)
		}
		dsn, err := mysqlDSN(u)
		return "mysql", dsn, err
	}
	return "", "", fmt.Errorf("store %q: unknown kind; use bolt:PATH, memory, postgres://user:pass@host:port/db or mysql://user:pass@host:port/db (several hosts: h1:p1,h2:p2)", redact(url))
}

// redact hides a password in a store URL before it is shown.
func redact(url string) string {
	if i := strings.Index(url, "://"); i >= 0 {
		if at := strings.LastIndex(url, "@"); at > i {
			creds := url[i+3 : at]
			if c := strings.Index(creds, ":"); c >= 0 {
				return url[:i+3] + creds[:c] + ":***" + url[at:]
			}
		}
	}
	return url
}

// URL is the store's URL with any password hidden.
func (s *Store) URL() string { return redact(s.url) }

// Close releases the store.
func (s *Store) Close() error { return s.qs.Close() }

// Lookups is the number of store reads and writes made so far; benchmarks read it.
func (s *Store) Lookups() int64 { return s.lookups.Load() }

// quadsOf returns the quads with node in direction dir.
func (s *Store) quadsOf(ctx context.Context, dir quad.Direction, node quad.Value) ([]quad.Quad, error) {
	s.lookups.Add(1)
	var out []quad.Quad
	err := s.read(ctx, func(qs cgraph.QuadStore) (err error) {
		out, err = quadsIn(ctx, qs, dir, node)
		return err
	})
	return out, err
}

// quadsIn returns the quads of qs with node in direction dir.
func quadsIn(ctx context.Context, qs cgraph.QuadStore, dir quad.Direction, node quad.Value) ([]quad.Quad, error) {
	// Cayley's iteration stops quietly on a cancelled context, which would read as "no
	// quads" (an empty store version): report the cancellation instead.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ref, err := qs.ValueOf(node)
	if err != nil || ref == nil {
		return nil, err
	}
	var out []quad.Quad
	err = iterator.Iterate(ctx, qs.QuadIterator(dir, ref)).Each(func(r cgraph.Ref) error {
		q, err := qs.Quad(r)
		if err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return out, err
}

// stringValue is the first string object of node's predicate p, or "".
func (s *Store) stringValue(ctx context.Context, node quad.Value, p quad.IRI) (string, error) {
	s.lookups.Add(1)
	var out string
	err := s.read(ctx, func(qs cgraph.QuadStore) (err error) {
		out, err = stringIn(ctx, qs, node, p)
		return err
	})
	return out, err
}

// stringIn returns the string object of node's first quad with predicate p in qs. Only that
// object's value is read: a document's other values include its whole text and record.
func stringIn(ctx context.Context, qs cgraph.QuadStore, node quad.Value, p quad.IRI) (string, error) {
	var out string
	err := eachValue(ctx, qs, quad.Subject, node, p, quad.Object, func(v quad.Value) bool {
		str, ok := v.(quad.String)
		out = string(str)
		return !ok
	})
	return out, err
}

// eachValue calls fn with the value in direction to of each quad of qs that has node in
// direction from and predicate p, until fn returns false. Only those values are read.
func eachValue(ctx context.Context, qs cgraph.QuadStore, from quad.Direction, node quad.Value, p quad.IRI, to quad.Direction, fn func(quad.Value) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ref, err := qs.ValueOf(node)
	if err != nil || ref == nil {
		return err
	}
	pred, err := qs.ValueOf(p)
	if err != nil || pred == nil {
		return err
	}
	done := false
	err = iterator.Iterate(ctx, qs.QuadIterator(from, ref)).Each(func(r cgraph.Ref) error {
		if done {
			return nil
		}
		qp, err := qs.QuadDirection(r, quad.Predicate)
		if err != nil || refs.ToKey(qp) != refs.ToKey(pred) {
			return err
		}
		o, err := qs.QuadDirection(r, to)
		if err != nil {
			return err
		}
		v, err := qs.NameOf(o)
		if err != nil {
			return err
		}
		done = !fn(v)
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// subjectsOf returns the subjects of the quads with predicate p and object o, reading only
// their values, and releasing the store's pages as it goes.
func (s *Store) subjectsOf(ctx context.Context, p quad.IRI, o quad.Value) ([]quad.Value, error) {
	s.lookups.Add(1)
	var out []quad.Value
	err := s.read(ctx, func(qs cgraph.QuadStore) error {
		out = out[:0]
		var rel pageReleaser
		return eachValue(ctx, qs, quad.Object, o, p, quad.Subject, func(v quad.Value) bool {
			out = append(out, v)
			rel.read(s)
			return true
		})
	})
	return out, err
}
