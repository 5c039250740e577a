// Package loader reads policy documents (plain text in UTF-8 or GB18030/GBK, HTML pages,
// DOCX files and text PDFs) and extracts their structure: metadata, measures, the agencies
// responsible for them with their roles, institutions, departments, targets and
// observations.
package loader

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/policykg/policykg/policy"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// ManifestName is the file in a folder that records the metadata of its documents.
const ManifestName = "manifest.json"

// Manifest lists documents with what their texts do not say.
type Manifest struct {
	Documents []Meta `json:"documents"`
}

// ReadManifest reads the manifest of dir; a folder without one has an empty manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, fmt.Errorf("read manifest: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: invalid manifest: %w", filepath.Join(dir, ManifestName), err)
	}
	return m, nil
}

// Lookup returns the manifest entry for a file name.
func (m Manifest) Lookup(file string) Meta {
	for _, d := range m.Documents {
		if d.File == file {
			return d
		}
	}
	return Meta{}
}

var slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// DocumentID is the stable ID of a document loaded from file: the manifest's ID, else the
// file name without extension when it is a plain slug, else a hash of the name. Loading the
// same file again gives the same ID, so it replaces the earlier load.
func DocumentID(file string, meta Meta) string {
	if meta.ID != "" {
		return meta.ID
	}
	base := strings.TrimSuffix(file, filepath.Ext(file))
	if slug := strings.ToLower(base); slugRe.MatchString(slug) {
		return slug
	}
	h := sha1.Sum([]byte(file))
	return "d" + hex.EncodeToString(h[:6])
}

// LoadFile reads and parses one document, with its folder's manifest.
func (n *Names) LoadFile(ctx context.Context, path string) (*policy.Document, error) {
	man, err := ReadManifest(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	return n.loadWith(ctx, path, man)
}

func (n *Names) loadWith(ctx context.Context, path string, man Manifest) (*policy.Document, error) {
	raw, err := ReadFile(ctx, path)
	if err != nil {
		return nil, err
	}
	file := filepath.Base(path)
	return n.document(raw, path, file, man.Lookup(file))
}

// LoadBytes parses one document held in memory (an upload) as LoadFile parses a file named
// name, with meta in place of its manifest entry.
func (n *Names) LoadBytes(ctx context.Context, name string, b []byte, meta Meta) (*policy.Document, error) {
	raw, err := ReadBytes(ctx, name, b)
	if err != nil {
		return nil, err
	}
	return n.document(raw, name, name, meta)
}

// document parses a text read from path, known as file, and refuses one with nothing to
// read in it.
func (n *Names) document(raw Raw, path, file string, meta Meta) (*policy.Document, error) {
	meta.ID = DocumentID(file, meta)
	d := n.Parse(raw, file, meta)
	if len(d.Measures) == 0 && len(d.Observations) == 0 && d.Status != policy.StatusNews {
		return nil, fmt.Errorf("%s: no measures found (no numbered items such as 一、 （一） 1.): %w", path, ErrNoDocument)
	}
	return d, nil
}

// Files expands paths (files or folders, folders read recursively) into document files,
// sorted, skipping manifests, READMEs and hidden files.
func Files(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", p, err)
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := de.Name()
			if strings.HasPrefix(name, ".") && path != p {
				if de.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if de.IsDir() || name == ManifestName || strings.EqualFold(name, "README.md") {
				return nil
			}
			out = append(out, path)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", p, err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// LoadPaths reads every document under paths, several files at a time (one per CPU). When
// a file is not a document it fails naming the first such file in the order of paths, so
// that nothing is half-loaded.
func (n *Names) LoadPaths(ctx context.Context, paths []string) ([]*policy.Document, error) {
	files, err := Files(paths)
	if err != nil {
		return nil, err
	}
	manifests := make([]Manifest, len(files))
	byDir := map[string]Manifest{}
	for i, f := range files {
		dir := filepath.Dir(f)
		man, ok := byDir[dir]
		if !ok {
			if man, err = ReadManifest(dir); err != nil {
				return nil, err
			}
			byDir[dir] = man
		}
		manifests[i] = man
	}
	// Files are handed out in order and no more once one failed: every file before the
	// first failure in order is read to the end, so the error is the same as one at a time.
	docs := make([]*policy.Document, len(files))
	errs := make([]error, len(files))
	var failed atomic.Bool
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if docs[i], errs[i] = n.loadWith(ctx, files[i], manifests[i]); errs[i] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	for i := range files {
		if failed.Load() || ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	byID := map[string]string{}
	for i, f := range files {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if docs[i] == nil {
			// Never handed out: the load was cancelled.
			return nil, ctx.Err()
		}
		d := docs[i]
		// Two files with one ID would silently replace each other in the store.
		if prev, ok := byID[d.ID]; ok {
			return nil, fmt.Errorf("%s and %s both load as document %q: rename one or give it an id in %s", prev, f, d.ID, ManifestName)
		}
		byID[d.ID] = f
	}
	return docs, nil
}
