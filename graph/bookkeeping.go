package graph

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// The store keeps two kinds of bookkeeping quads in its meta graph, beside the documents'
// quads and never exported with them: the store's version, which every write changes, and
// each document's content hash, which tells a write whether a document changed and a
// reader which documents to read again.

// contentHash is a hash of a document's quads, whatever their order and however often a
// quad repeats: the hash of the sorted digests of their N-Quads lines, literals in
// canonical form. A load hashes every document it writes; digests of lines written one at a
// time into a reused buffer cost a fraction of sorting the lines themselves.
func contentHash(qs []quad.Quad) string {
	digests := make([][sha256.Size]byte, len(qs))
	var line []byte
	for i, q := range qs {
		line = appendNQuad(line[:0], canonicalQuad(q))
		digests[i] = sha256.Sum256(line)
	}
	slices.SortFunc(digests, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
	digests = slices.Compact(digests)
	h := sha256.New()
	for _, d := range digests {
		h.Write(d[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// appendNQuad appends q's N-Quads line (q.NQuad(), the same text, without fmt) to buf. A
// quad lacking a subject, predicate or object is left to NQuad.
func appendNQuad(buf []byte, q quad.Quad) []byte {
	if q.Subject == nil || q.Predicate == nil || q.Object == nil {
		return append(buf, q.NQuad()...)
	}
	buf = appendValue(buf, q.Subject)
	buf = append(buf, ' ')
	buf = appendValue(buf, q.Predicate)
	buf = append(buf, ' ')
	buf = appendValue(buf, q.Object)
	if iri, ok := q.Label.(quad.IRI); ok {
		buf = append(buf, ' ')
		buf = appendValue(buf, iri)
	} else if q.Label != nil {
		if l := q.Label.String(); l != "" {
			buf = append(buf, ' ')
			buf = append(buf, l...)
		}
	}
	return append(buf, " ."...)
}

// appendValue appends v's N-Quads form, IRIs (most of a document's values) without a string
// of their own.
func appendValue(buf []byte, v quad.Value) []byte {
	if iri, ok := v.(quad.IRI); ok {
		buf = append(buf, '<')
		buf = append(buf, iri...)
		return append(buf, '>')
	}
	return append(buf, v.String()...)
}

// hashQuad records a document's content hash.
func hashQuad(doc quad.IRI, hash string) quad.Quad {
	return quad.Quad{Subject: doc, Predicate: PredContentHash, Object: quad.String(hash), Label: metaLabel}
}

// versionChange returns the changes that give the store a new version, which tells every
// reader (in this process or another over the same database) that the graph changed.
func (s *Store) versionChange(ctx context.Context) ([]cgraph.Delta, error) {
	old, err := s.quadsOf(ctx, quad.Subject, storeNode)
	if err != nil {
		return nil, fmt.Errorf("read store version: %w", err)
	}
	var out []cgraph.Delta
	for _, q := range old {
		if q.Predicate == PredVersion {
			out = append(out, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
	}
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	next := quad.Quad{Subject: storeNode, Predicate: PredVersion, Object: quad.String(hex.EncodeToString(b)), Label: metaLabel}
	return append(out, cgraph.Delta{Quad: next, Action: cgraph.Add}), nil
}

// Version returns a token that changes whenever any document is loaded or deleted. A store
// written by other tools (`cayley load` of an export) has none: its version is "".
func (s *Store) Version(ctx context.Context) (string, error) {
	if s.exclusive() {
		return s.versions.get(ctx, s.readVersion)
	}
	return s.readVersion(ctx)
}

func (s *Store) readVersion(ctx context.Context) (string, error) {
	v, err := s.stringValue(ctx, storeNode, PredVersion)
	if err != nil {
		return "", fmt.Errorf("read store version: %w", err)
	}
	return v, nil
}

// storedDoc is a document as listed in the store: its ID and its content hash ("" for a
// document written by other tools).
type storedDoc struct {
	id, hash string
}

// listDocuments lists the documents in the store with their content hashes. Listing reads
// pages all over the embedded store's file, so they are released as it goes (see
// releasePages).
func (s *Store) listDocuments(ctx context.Context) ([]storedDoc, error) {
	docs, err := s.subjectsOf(ctx, PredType, KindDocument)
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	out := make([]storedDoc, 0, len(docs))
	var rel pageReleaser
	for _, d := range docs {
		id, ok := documentIDOf(d)
		if !ok {
			continue
		}
		h, err := s.stringValue(ctx, d, PredContentHash)
		if err != nil {
			return nil, err
		}
		out = append(out, storedDoc{id, h})
		rel.read(s)
	}
	slices.SortFunc(out, func(a, b storedDoc) int { return strings.Compare(a.id, b.id) })
	return out, nil
}
