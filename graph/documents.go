package graph

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/policykg/policykg/policy"
)

// Doc is a stored document as its quads decode: its ID, the hash of its content and the
// document.
type Doc struct {
	ID, Hash string
	Doc      *policy.Document
}

// DocumentsRead is what Documents read: every document of the store by ID, how many were
// decoded from their quads and how many came from the model cache.
type DocumentsRead struct {
	Docs                 map[string]Doc
	FromQuads, FromCache int
	// Keep releases the store's pages and records that the model cache holds these
	// documents and no others; call it once the model built from them is in use.
	Keep func()
}

// Documents reads every document of the store. A document whose content hash is the one
// known has is not decoded again; an embedded store's model cache gives those it holds.
// What it decodes is added to known as it goes, so that a failed call keeps its work, and
// decoded, when set, is called after each (an error stops the read there). A document that
// does not read back (an edited export with a fault, say) is left out and reported to log,
// rather than keeping every other document from being served.
func (s *Store) Documents(ctx context.Context, known map[string]Doc, log *slog.Logger, decoded func(id string) error) (DocumentsRead, error) {
	s.docsMu.Lock()
	defer s.docsMu.Unlock()
	listed, txid, trusted, err := s.listForRead(ctx)
	if err != nil {
		return DocumentsRead{}, err
	}
	var out DocumentsRead
	files := s.cache
	out.Docs = make(map[string]Doc, len(listed))
	comp := newCompacter()
	dr := newDocReader(s)
	var rel pageReleaser
	for _, sd := range listed {
		c, ok := known[sd.id]
		if !ok || sd.hash == "" || c.Hash != sd.hash {
			e, cached := cacheEntry{}, false
			if trusted {
				e, cached = files.get(sd.id, sd.hash)
			}
			if cached {
				out.FromCache++
			} else {
				out.FromQuads++
				if e, ok, err = s.readDocument(ctx, dr, sd, log); err != nil {
					return DocumentsRead{}, err
				}
				if !ok {
					continue
				}
				if files != nil {
					if err := files.put(e); err != nil {
						log.Warn("model cache not written", "err", err)
					}
				}
				rel.read(s)
			}
			c = Doc{ID: sd.id, Hash: e.Content, Doc: e.Doc}
			comp.document(c.Doc)
			known[sd.id] = c
			if decoded != nil {
				if err := decoded(sd.id); err != nil {
					return DocumentsRead{}, err
				}
			}
		}
		out.Docs[sd.id] = c
	}
	out.Keep = func() {
		s.releaseOrWarn()
		if files != nil {
			keepCache(files, listed, txid, log)
		}
	}
	return out, nil
}

// listForRead lists the stored documents with the store's transaction number, and whether
// the model cache is right at that number. The caller holds docsMu, so no write is under
// way: a write moves the version before it records the cache right, and a build woken by
// the new version would otherwise find the cache behind and decode every changed
// document from its quads again.
func (s *Store) listForRead(ctx context.Context) (listed []storedDoc, txid uint64, trusted bool, err error) {
	if listed, err = s.listDocuments(ctx); err != nil {
		return nil, 0, false, err
	}
	txid, _ = s.txid()
	if s.cache != nil {
		trusted = s.cache.rightAt(txid)
	}
	return listed, txid, trusted, nil
}

// readDocument reads a listed document from its quads; ok is false for one that does not
// read back.
func (s *Store) readDocument(ctx context.Context, dr *docReader, sd storedDoc, log *slog.Logger) (e cacheEntry, ok bool, err error) {
	g, err := dr.read(ctx, documentIRI(sd.id))
	if err != nil {
		return cacheEntry{}, false, fmt.Errorf("read document %s: %w", sd.id, err)
	}
	if g == nil {
		return cacheEntry{}, false, nil
	}
	d, err := decodeDocument(g)
	if err != nil {
		log.Warn("document left out of the model", "store", s.URL(), "err", err)
		return cacheEntry{}, false, nil
	}
	content := sd.hash
	if content == "" {
		// Written by other tools: the quads themselves say whether it changed.
		content = contentHash(g.quads())
	}
	return cacheEntry{ID: sd.id, Hash: sd.hash, Content: content, Doc: d}, true, nil
}

// keepCache records, after a read at transaction txid, that the model cache holds the
// listed documents, and removes what it holds of others. A cache that cannot be kept
// costs the next start time, not answers: it is reported and left.
func keepCache(files *modelCache, listed []storedDoc, txid uint64, log *slog.Logger) {
	keep := make(map[string]string, len(listed))
	for _, sd := range listed {
		keep[sd.id] = sd.hash
	}
	if err := files.prune(keep); err != nil {
		log.Warn("model cache not pruned", "err", err)
	}
	if err := files.trustFrom(txid); err != nil {
		log.Warn("model cache not recorded", "err", err)
	}
}

// SearchFolder is where an embedded store keeps its full-text index, "" for other stores;
// release ends the caller's hold on that folder, which one reader at a time writes.
func (s *Store) SearchFolder() (dir string, release func()) {
	dir = s.searchDir()
	if dir == "" {
		return "", func() {}
	}
	s.searchMu.Lock()
	return dir, s.searchMu.Unlock
}
