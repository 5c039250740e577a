package graph

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// boltLockWait is how long opening the embedded store waits for another process that has
// it open (bbolt locks the file) before it gives up with an error saying so.
const boltLockWait = 2 * time.Second

// openBolt opens, creating it the first time, the embedded store in dir: Cayley's kv quad
// store over the bbolt file dir/indexes.bolt, laid out as Cayley's own "bbolt" backend lays
// it out (cayley tools read it). It is opened here rather than through Cayley's registry
// to hold the bbolt handle (see releasePages), to wait a bounded time for the file lock,
// and to pass ReadMostly's option.
func openBolt(dir string, o openOptions) (cgraph.QuadStore, *bbolt.DB, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	db, err := hbolt.Open(filepath.Join(dir, "indexes.bolt"), &bbolt.Options{Timeout: boltLockWait})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, nil, fmt.Errorf("%s is in use by another process (a policykg serve or load?): stop it, or give this one another --store", dir)
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
// maps up to 16 neighbouring pages in with each page read, so reading every document once
// to build the read model leaves most of the file resident (900 MB at 10,000 documents)
// although the model holds everything the answers need. The pages stay in the kernel's
// page cache: a later read maps them in again, without going to the disk.
func (s *Store) releasePages() error {
	if s.bolt == nil {
		return nil
	}
	// An open read transaction keeps bbolt from remapping the file meanwhile.
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

// dirOf is the folder of an embedded store, "" for other stores.
func dirOf(backend, addr string) string {
	if backend == "bbolt" {
		return addr
	}
	return ""
}

// searchDir is where the store's full-text index is kept: a folder beside the embedded
// store's file, or "" (in memory) for other stores.
func (s *Store) searchDir() string {
	if s.dir == "" {
		return ""
	}
	return filepath.Join(s.dir, searchFolder)
}
