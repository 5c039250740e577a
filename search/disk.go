package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// The embedded store keeps its full-text index on disk, in the folder graph.SearchFolderName
// beside the store's file: one bleve index per bucket of documents, in a folder named for the
// bucket and a hash of its documents and their versions. bleve maps those files in and
// reads only the pages a search needs, so serve holds none of the index in its heap (320 MB
// at 10,000 documents when it was kept in memory), and a restart reopens the folders of
// unchanged buckets instead of indexing every document again. Only one process has the
// store open (bbolt locks its file), so only one process writes the folder.
// PartFolderSuffix marks a part being written; a folder without it is complete.
const PartFolderSuffix = ".building"

// searchFormat names what goes into an entry of the index (documentEntries). Change it
// when that changes, so that parts written before are indexed again; changes of the index
// mapping are noticed by themselves (see partFolder).
const searchFormat = "policykg search 2"

// formatDigest is a hash of searchFormat and the index mapping.
var formatDigest = sync.OnceValues(func() ([]byte, error) {
	im, err := searchMapping()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(im)
	if err != nil {
		return nil, fmt.Errorf("search mapping: %w", err)
	}
	sum := sha256.Sum256(append([]byte(searchFormat+"\x00"), b...))
	return sum[:], nil
})

// PartFolder names the folder of a bucket's part: the bucket and a hash of the index's
// format and mapping and the bucket's signature, so that a part is reused only when it
// would be written the same today.
func PartFolder(bucket int, signature string) (string, error) {
	format, err := formatDigest()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(format)
	h.Write([]byte(signature))
	return fmt.Sprintf("%03d-%s", bucket, hex.EncodeToString(h.Sum(nil)[:8])), nil
}

// diskPart returns the part of a bucket kept in root: the folder written before when it is
// there and readable, or else a new one written now from entries.
func diskPart(root string, bucket int, signature string, entries []entry, paragraphs []ParagraphEntry) (*Part, error) {
	name, err := PartFolder(bucket, signature)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(root, name)
	switch _, err := os.Stat(dir); {
	case err == nil:
		p, err := openDiskPart(dir, len(entries), paragraphs)
		if err == nil {
			return p, nil
		}
		slog.Warn("search index part unreadable; indexing its documents again", "dir", dir, "err", err)
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("search index: %w", err)
		}
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("search index: %w", err)
	}
	if err := writeDiskPart(dir, entries); err != nil {
		return nil, err
	}
	return openDiskPart(dir, len(entries), paragraphs)
}

// writeDiskPart indexes entries into a new bleve index at dir. It is written under another
// name and renamed when complete, so that a crash never leaves a part that looks whole.
func writeDiskPart(dir string, entries []entry) error {
	im, err := searchMapping()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	tmp := dir + PartFolderSuffix
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	idx, err := bleve.NewUsing(tmp, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("search index %s: %w", tmp, err)
	}
	if err := indexEntries(idx, entries); err != nil {
		return errors.Join(err, idx.Close(), os.RemoveAll(tmp))
	}
	if err := idx.Close(); err != nil {
		return errors.Join(fmt.Errorf("search index %s: %w", tmp, err), os.RemoveAll(tmp))
	}
	if err := os.Rename(tmp, dir); err != nil {
		return errors.Join(fmt.Errorf("search index: %w", err), os.RemoveAll(tmp))
	}
	return nil
}

// openDiskPart opens the part at dir for reading.
func openDiskPart(dir string, size int, paragraphs []ParagraphEntry) (*Part, error) {
	idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	n, err := idx.DocCount()
	if err == nil && n != uint64(size) {
		err = fmt.Errorf("holds %d entries, its documents have %d", n, size)
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open search index %s: %w", dir, err), idx.Close())
	}
	p := &Part{index: idx, size: size, paragraphs: paragraphs}
	runtime.AddCleanup(p, closeSearchIndex, idx)
	return p, nil
}

// pruneDiskParts removes the folders in root that hold none of the current parts: parts
// of documents since reloaded or deleted, and parts a crash left half written. A model
// still answering a request may have one of them open; on Linux its files stay readable
// until it is closed.
func pruneDiskParts(root string, current map[string]bool) error {
	entries, err := os.ReadDir(root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if current[e.Name()] || !e.IsDir() || !IsPartFolder(e.Name()) {
			continue
		}
		if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
			errs = append(errs, fmt.Errorf("search index: %w", err))
		}
	}
	return errors.Join(errs...)
}

// IsPartFolder recognises the folders PartFolder names, so that pruning never removes
// anything else a user put there.
func IsPartFolder(name string) bool {
	name = strings.TrimSuffix(name, PartFolderSuffix)
	bucket, hash, ok := strings.Cut(name, "-")
	return ok && len(bucket) == 3 && len(hash) == 16 && strings.Trim(bucket, "0123456789") == "" &&
		strings.Trim(hash, "0123456789abcdef") == ""
}
