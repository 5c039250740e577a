package graph

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/policy"
)

// The embedded store keeps a cache of its documents as decoded from their quads, in the
// folder modelFolder beside the store's file: one file per document and content hash.
// Reading 10,000 documents back from Cayley's bbolt store takes half a minute of CPU
// (Cayley has no index by label, and reads every quad and value with its own look-up); the
// cache lets a restart, and the first start after `policykg load`, skip that.
//
// The quads stay the truth: an entry is used only while the store is known to hold what it
// was made from. bbolt numbers its write transactions, whoever makes them; the cache
// records the last transaction up to which only policykg wrote the store (policykg
// changes a document's content hash with its quads, so an entry keyed by the hash the
// store lists is then right). When the store's number differs — `cayley load` into it,
// any write by another tool, a crash between a write and its record — the cache is not
// trusted: every document is read from its quads, and the cache made anew.

// modelFolder is the folder of the cache, beside the store's indexes.bolt.
const modelFolder = "model"

// trustFile names the transaction up to which the cache is right, with its format.
const trustFile = "trusted"

// cacheVersion changes when what an entry holds changes without policy.Document's type
// changing (how documents are decoded from quads); changes of the type are seen by
// themselves (see cacheFormat).
const cacheVersion = "policykg model cache 1"

// cacheFormat names the format of the entries: cacheVersion and the shape of
// policy.Document, so that entries written by another version of the code are not read.
var cacheFormat = sync.OnceValue(func() string {
	h := sha256.New()
	h.Write([]byte(cacheVersion))
	describeType(h, reflect.TypeFor[policy.Document](), map[reflect.Type]bool{})
	return hex.EncodeToString(h.Sum(nil)[:8])
})

// describeType writes a type's structure: field names, tags and kinds, recursively.
func describeType(w interface{ Write([]byte) (int, error) }, t reflect.Type, seen map[reflect.Type]bool) {
	fmt.Fprintf(w, "%s:%s;", t.Name(), t.Kind())
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(w, "%s %s{", f.Name, f.Tag)
			describeType(w, f.Type, seen)
			w.Write([]byte("}"))
		}
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		describeType(w, t.Elem(), seen)
	}
}

// modelCache is the cache folder of an embedded store.
type modelCache struct {
	dir string
	// mu orders updates of the trust file between the store's writers and its Readers.
	mu sync.Mutex
}

// cacheEntry is what a cache file holds: a document as its quads decode, under its ID and
// the content hash the store lists for it ("" for a document other tools wrote), with the
// hash of its quads (the same, or computed for such a document).
type cacheEntry struct {
	ID, Hash, Content string
	Doc               *policy.Document
}

// entryFile names the file of a document at a content hash.
func (c *modelCache) entryFile(id, hash string) string {
	sum := sha256.Sum256([]byte(id + "\x00" + hash))
	return filepath.Join(c.dir, hex.EncodeToString(sum[:12])+".gob")
}

// trusted returns the transaction the cache is right at; false when there is none, or
// the cache is of another format.
func (c *modelCache) trusted() (uint64, bool) {
	b, err := os.ReadFile(filepath.Join(c.dir, trustFile))
	if err != nil {
		return 0, false
	}
	format, txid, ok := strings.Cut(strings.TrimSpace(string(b)), "\n")
	if !ok || format != cacheFormat() {
		return 0, false
	}
	n, err := strconv.ParseUint(txid, 10, 64)
	return n, err == nil
}

// rightAt reports whether the cache is right at transaction txid.
func (c *modelCache) rightAt(txid uint64) bool {
	at, ok := c.trusted()
	return ok && at == txid
}

// trust records that the cache is right at transaction txid.
func (c *modelCache) trust(txid uint64) error {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	return writeAtomically(filepath.Join(c.dir, trustFile), func(w *bufio.Writer) error {
		_, err := fmt.Fprintf(w, "%s\n%d\n", cacheFormat(), txid)
		return err
	})
}

// distrust forgets the transaction the cache was right at, before a change the cache
// cannot follow.
func (c *modelCache) distrust() error {
	err := os.Remove(filepath.Join(c.dir, trustFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("model cache: %w", err)
	}
	return nil
}

// get returns the cached entry of an ID at a listed content hash; false when there is
// none that reads.
func (c *modelCache) get(id, hash string) (cacheEntry, bool) {
	f, err := os.Open(c.entryFile(id, hash))
	if err != nil {
		return cacheEntry{}, false
	}
	defer f.Close()
	var e cacheEntry
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&e); err != nil || e.ID != id || e.Hash != hash || e.Doc == nil {
		return cacheEntry{}, false
	}
	return e, true
}

// put keeps an entry.
func (c *modelCache) put(e cacheEntry) error {
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	return writeAtomically(c.entryFile(e.ID, e.Hash), func(w *bufio.Writer) error {
		return gob.NewEncoder(w).Encode(e)
	})
}

// trustFrom records that the cache is right at transaction txid, unless a writer recorded
// a later one meanwhile.
func (c *modelCache) trustFrom(txid uint64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if at, ok := c.trusted(); ok && at > txid {
		return nil
	}
	return c.trust(txid)
}

// prune removes the files of documents and versions not in keep (IDs to content hashes).
func (c *modelCache) prune(keep map[string]string) error {
	want := make(map[string]bool, len(keep))
	for id, hash := range keep {
		want[filepath.Base(c.entryFile(id, hash))] = true
	}
	entries, err := os.ReadDir(c.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".gob") && !want[e.Name()] || strings.HasSuffix(e.Name(), ".tmp") {
			if err := os.Remove(filepath.Join(c.dir, e.Name())); err != nil {
				errs = append(errs, fmt.Errorf("model cache: %w", err))
			}
		}
	}
	return errors.Join(errs...)
}

// writeAtomically writes a file through a temporary one renamed into place, so that a
// crash never leaves half a file under the final name.
func writeAtomically(path string, write func(*bufio.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("model cache: %w", err)
	}
	w := bufio.NewWriter(f)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("model cache %s: %w", path, err)
	}
	return nil
}

// txid is the number of the embedded store's last write transaction; false for other
// stores.
func (s *Store) txid() (uint64, bool) {
	if s.bolt == nil {
		return 0, false
	}
	tx, err := s.bolt.Begin(false)
	if err != nil {
		return 0, false
	}
	defer tx.Rollback()
	return uint64(tx.ID()), true
}

// quads returns the stored quads of a document whose content hash is hash, made again from
// its cached entry: reading them from the store costs a look-up per quad, a quarter of the
// CPU of reloading documents into a server. They are the stored ones only if they hash to
// hash (a document stored by an earlier version of policykg, in another encoding, does
// not); false otherwise, and on a nil cache.
func (c *modelCache) quads(doc quad.IRI, hash string) ([]quad.Quad, bool) {
	if c == nil || hash == "" {
		return nil, false
	}
	id, _ := documentIDOf(doc)
	e, ok := c.get(id, hash)
	if !ok {
		return nil, false
	}
	qs := documentQuads(e.Doc)
	if contentHash(qs) != hash {
		return nil, false
	}
	return qs, true
}

// cacheFollower keeps the model cache in step with a write of this store, if the cache was
// right before it: each document written is cached as its quads decode while its changes
// are made (the quads are at hand then), and the new transaction number is recorded once
// the write is done. A store without a cache, or whose cache was not right, is left alone.
type cacheFollower struct {
	cache  *modelCache
	before uint64
	err    error // the first entry that could not be written
}

// followCache returns the follower of a write that starts at transaction before; nil when
// the cache has nothing to follow.
func (s *Store) followCache(before uint64) *cacheFollower {
	c := s.cache
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.rightAt(before) {
		return nil
	}
	return &cacheFollower{cache: c, before: before}
}

// stored is the cache that gives the quads stored before the write (see modelCache.quads);
// nil when it was not right.
func (f *cacheFollower) stored() *modelCache {
	if f == nil {
		return nil
	}
	return f.cache
}

// add caches a document written as these quads.
func (f *cacheFollower) add(doc quad.IRI, hash string, quads []quad.Quad) {
	if f == nil || f.err != nil {
		return
	}
	id, _ := documentIDOf(doc)
	d, err := decodeDocument(docGraphOf(doc, quads))
	if err != nil {
		// Not readable back: the Reader will leave it out and say so.
		return
	}
	f.err = f.cache.put(cacheEntry{ID: id, Hash: hash, Content: hash, Doc: d})
}

// done records, after the write, that the cache is right at the store's transaction now,
// unless an entry was not written or something else changed the cache meanwhile.
func (f *cacheFollower) done(s *Store) error {
	if f == nil {
		return nil
	}
	if f.err != nil {
		return f.err
	}
	f.cache.mu.Lock()
	defer f.cache.mu.Unlock()
	if !f.cache.rightAt(f.before) {
		return nil
	}
	after, _ := s.txid()
	return f.cache.trust(after)
}

// openCache sets up the model cache of an embedded store. A store without documents is
// trusted as it is: nothing in it can contradict the cache.
func (s *Store) openCache(ctx context.Context) error {
	s.cache = &modelCache{dir: filepath.Join(s.dir, modelFolder)}
	if _, ok := s.cache.trusted(); ok {
		return nil
	}
	docs, err := s.subjectsOf(ctx, PredType, KindDocument)
	if err != nil || len(docs) > 0 {
		return err
	}
	txid, _ := s.txid()
	return s.cache.trust(txid)
}
