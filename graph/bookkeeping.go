package graph

import (
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

// contentHash is a hash of a document's quads, whatever their order: the hash of their
// sorted N-Quads lines, literals in canonical form.
func contentHash(qs []quad.Quad) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = nquadLine(canonicalQuad(q))
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// nquadLine is q.NQuad() without fmt, which was most of the cost of contentHash, itself a
// fifth of the work of a load outside Cayley. A quad lacking a subject, predicate or object
// is left to NQuad.
func nquadLine(q quad.Quad) string {
	if q.Subject == nil || q.Predicate == nil || q.Object == nil {
		return q.NQuad()
	}
	line := q.Subject.String() + " " + q.Predicate.String() + " " + q.Object.String()
	if q.Label != nil {
		if l := q.Label.String(); l != "" {
			line += " " + l
		}
	}
	return line + " ."
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
