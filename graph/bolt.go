package graph

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrInUse is returned when another process holds the embedded store.
var ErrInUse = errors.New("in use by another process")

// boltLockWait is how long opening the embedded store waits for another process that has
// it open (bbolt locks the file) before it gives up with an error saying so.
const boltLockWait = 2 * time.Second

// boltMapSize is how much address space the embedded store's file is mapped with, however
// small the file: bbolt maps it again when a write grows it past the mapping, and waits for
// every read transaction to end first. Cayley's reads open a transaction inside another
// (an iterator's, then a look-up's), so a server reading while an upload grows the file
// stopped for good: the second transaction waited for the remap, which waited for the first.
// Address space only: pages are read in as they are used (0 on 32-bit systems, where it is
// scarce).
const boltMapSize = (64 << 30) * (strconv.IntSize / 64)

// openBolt opens, creating it the first time, the embedded store in dir: Cayley's kv quad
// store over the bbolt file dir/indexes.bolt, laid out as Cayley's own "bbolt" backend lays
// it out (cayley tools read it). It is opened here rather than through Cayley's registry
// to hold the bbolt handle (see releasePages), to wait a bounded time for the file lock,
// and to pass ReadMostly's option.
func openBolt(dir string, o openOptions) (cgraph.QuadStore, *bbolt.DB, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	db, err := hbolt.Open(filepath.Join(dir, "indexes.bolt"), &bbolt.Options{Timeout: boltLockWait, InitialMmapSize: boltMapSize})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, nil, fmt.Errorf("%s is %w (a policykg serve or load?): stop it, or give this one another --store", dir, ErrInUse)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := kv.Init(db, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, nil, errors.Join(err, db.Close())
	}
	var copts cgraph.Options
	if o.readMostly {
		copts = cgraph.Options{kv.OptNoBloom: true}
	}
	qs, err := kv.New(db, copts)
	if err != nil {
		return nil, nil, errors.Join(err, db.Close())
	}
	return qs, db.DB(), nil
}

// releasePages tells the kernel that this process no longer needs the pages of the
// embedded store's file it has read. bbolt reads the file through a memory map, and Linux
// maps whole runs of cached pages in with each page read, so reading every document once
// to build the read model leaves most of the file resident (900 MB to 1.5 GB at 10,000
// documents) although the model holds everything the answers need. The pages stay in the
// kernel's page cache: a later read maps them in again, without going to the disk.
func (s *Store) releasePages() error {
	if s.bolt == nil {
		return nil
	}
	// bbolt moves its map only when a write grows the file, and every write holds writeMu:
	// while it is held here the map stays put. A write under way is not waited for (the
	// caller may be inside it); a later release will do.
	if !s.writeMu.TryLock() {
		return nil
	}
	defer s.writeMu.Unlock()
	return s.dropPages()
}

// dropPages releases the mapped pages of the embedded store's file; the caller holds
// writeMu, so that no write moves the map meanwhile.
func (s *Store) dropPages() error {
	if s.bolt == nil {
		return nil
	}
	tx, err := s.bolt.Begin(false)
	if err != nil {
		return fmt.Errorf("release store pages: %w", err)
	}
	defer tx.Rollback()
	if err := dropMapped(s.bolt.Info().Data, tx.Size()); err != nil {
		return fmt.Errorf("release store pages: %w", err)
	}
	return nil
}

// releaseEvery is how many reads a long read of the store makes between releases of its
// pages, so that it never holds most of the file at once.
const releaseEvery = 500

// pageReleaser counts the reads of a long read of the store and releases its pages after
// every releaseEvery of them.
type pageReleaser struct{ n int }

func (p *pageReleaser) read(s *Store) {
	if p.n++; p.n%releaseEvery == 0 {
		s.releaseOrWarn()
	}
}

// releaseOrWarn releases the store's pages. A failure costs memory, not answers, so it is
// logged and the read goes on.
func (s *Store) releaseOrWarn() {
	if err := s.releasePages(); err != nil {
		slog.Warn("release store pages", "store", s.URL(), "err", err)
	}
}

// dirOf is the folder of an embedded store, "" for other stores.
func dirOf(backend, addr string) string {
	if backend == "bbolt" {
		return addr
	}
	return ""
}

// Folder is the folder of the embedded store a URL names (bolt:PATH), "" for other stores.
func Folder(url string) string {
	backend, addr, err := parseURL(url)
	if err != nil {
		return ""
	}
	return dirOf(backend, addr)
}

// SearchFolderName is the folder beside an embedded store's file that keeps its full-text
// index.
const SearchFolderName = "search"

// searchDir is where the store's full-text index is kept: a folder beside the embedded
// store's file, or "" (in memory) for other stores.
func (s *Store) searchDir() string {
	if s.dir == "" {
		return ""
	}
	return filepath.Join(s.dir, SearchFolderName)
}
