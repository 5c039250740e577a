package graph

import (
	"context"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
)

// Reading a document's quads. Cayley's embedded (kv) and SQL stores keep no index by label,
// so a document's quads are found from the document itself: its own nodes are the subjects
// of its document predicate, and the shared nodes (agencies, institutions, indicators …)
// are reached from them. A shared node is described by every document that names it, and
// all those quads come back when it is read; a docReader reads each shared node once and
// hands every document the quads labelled with it.
//
// The reading works on the store's references and names only what it keeps: predicates and
// labels are few, and comparing references spares naming the quads of other documents.

// docReader reads documents from a store, remembering the shared nodes it has read.
type docReader struct {
	s *Store
	// names remembers the value of references met again: predicates, labels, IRIs and short
	// literals. References are stable on every backend policykg opens (kv IDs, SQL hashes).
	names map[any]quad.Value
	// shared holds, for each shared node read, its predicates and objects by label.
	shared map[any]map[any][]refPair
}

// refPair is a quad's predicate and object, as references.
type refPair struct{ p, o cgraph.Ref }

// maxNamedLiteral is the longest literal docReader remembers: names, kinds and numbers come
// back many times, texts once.
const maxNamedLiteral = 64

func newDocReader(s *Store) *docReader {
	return &docReader{s: s, names: map[any]quad.Value{}, shared: map[any]map[any][]refPair{}}
}

// labelQuads returns every quad a document's load wrote: the quads of the nodes it owns
// and of the shared nodes it describes, all labelled with the document.
func (s *Store) labelQuads(ctx context.Context, doc quad.IRI) ([]quad.Quad, error) {
	g, err := newDocReader(s).read(ctx, doc)
	if err != nil || g == nil {
		return nil, err
	}
	return g.quads(), nil
}

// quads returns the document's quads.
func (g *docGraph) quads() []quad.Quad {
	var out []quad.Quad
	for s, f := range g.nodes {
		for p, os := range f {
			for _, o := range os {
				out = append(out, quad.Quad{Subject: s, Predicate: p, Object: o, Label: g.doc})
			}
		}
	}
	return out
}

// read returns the quads labelled doc, or nil when the store holds none.
func (r *docReader) read(ctx context.Context, doc quad.IRI) (*docGraph, error) {
	r.s.lookups.Add(1)
	var g *docGraph
	err := r.s.read(ctx, func(qs cgraph.QuadStore) (err error) {
		g, err = r.readIn(ctx, qs, doc)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", doc, err)
	}
	return g, nil
}

func (r *docReader) readIn(ctx context.Context, qs cgraph.QuadStore, doc quad.IRI) (*docGraph, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	docRef, err := qs.ValueOf(doc)
	if err != nil || docRef == nil {
		return nil, err
	}
	predDoc, err := qs.ValueOf(PredDocument)
	if err != nil {
		return nil, err
	}
	predMeasure, err := qs.ValueOf(PredMeasure)
	if err != nil {
		return nil, err
	}
	label := refs.ToKey(docRef)
	r.names[label] = doc
	g := newDocGraph(doc)
	// The IRIs of the document's own nodes are remembered while it is read only.
	local := map[any]quad.Value{}
	name := func(ref cgraph.Ref) (quad.Value, error) { return r.name(qs, ref, local) }
	// The document's own nodes: itself, the subjects of its document predicate (sections,
	// measures, citations …) and the subjects of their measure predicate (a measure's
	// parts), found as they are read.
	own := []cgraph.Ref{docRef}
	owned := map[any]bool{label: true}
	ownSubjectsOf := func(n cgraph.Ref, pred cgraph.Ref) error {
		if pred == nil {
			return nil
		}
		return eachQuadRef(ctx, qs, quad.Object, n, func(q refQuad) error {
			if k := refs.ToKey(q.s); refs.ToKey(q.l) == label && refs.ToKey(q.p) == refs.ToKey(pred) && !owned[k] {
				owned[k] = true
				local[k] = nil // an own node, named when first met
				own = append(own, q.s)
			}
			return nil
		})
	}
	if err := ownSubjectsOf(docRef, predDoc); err != nil {
		return nil, err
	}
	docParts := len(own)
	var next []cgraph.Ref // shared nodes to read
	seen := map[any]bool{}
	follow := func(subject quad.Value, pairs []refPair) error {
		for _, pr := range pairs {
			p, err := name(pr.p)
			if err != nil {
				return err
			}
			o, err := name(pr.o)
			if err != nil {
				return err
			}
			pi, ok := p.(quad.IRI)
			if !ok {
				continue
			}
			g.add(subject, pi, o)
			if _, isIRI := o.(quad.IRI); isIRI && pi != PredType {
				if k := refs.ToKey(pr.o); !owned[k] && !seen[k] {
					seen[k] = true
					next = append(next, pr.o)
				}
			}
		}
		return nil
	}
	for i := 0; i < len(own); i++ {
		n := own[i]
		if i > 0 && i < docParts {
			// A part of the document may have parts: a measure's, by measure.
			if err := ownSubjectsOf(n, predMeasure); err != nil {
				return nil, err
			}
		}
		var pairs []refPair
		err := eachQuadRef(ctx, qs, quad.Subject, n, func(q refQuad) error {
			if refs.ToKey(q.l) == label {
				pairs = append(pairs, refPair{q.p, q.o})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		subject, err := name(n)
		if err != nil {
			return nil, err
		}
		if err := follow(subject, pairs); err != nil {
			return nil, err
		}
	}
	for len(next) > 0 {
		n := next[0]
		next = next[1:]
		byLabel, err := r.sharedNode(ctx, qs, n)
		if err != nil {
			return nil, err
		}
		subject, err := name(n)
		if err != nil {
			return nil, err
		}
		if err := follow(subject, byLabel[label]); err != nil {
			return nil, err
		}
	}
	if len(g.nodes) == 0 {
		return nil, nil
	}
	return g, nil
}

// sharedNode returns a shared node's predicates and objects by label, reading them the
// first time.
func (r *docReader) sharedNode(ctx context.Context, qs cgraph.QuadStore, n cgraph.Ref) (map[any][]refPair, error) {
	k := refs.ToKey(n)
	if byLabel, ok := r.shared[k]; ok {
		return byLabel, nil
	}
	byLabel := map[any][]refPair{}
	err := eachQuadRef(ctx, qs, quad.Subject, n, func(q refQuad) error {
		if q.l != nil {
			l := refs.ToKey(q.l)
			byLabel[l] = append(byLabel[l], refPair{q.p, q.o})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.shared[k] = byLabel
	return byLabel, nil
}

// name returns the value of a reference. Values met again are remembered: the IRIs of a
// document's own nodes in local (the ones marked there) while it is read, and predicates,
// labels, shared nodes' IRIs and short literals for the whole reading.
func (r *docReader) name(qs cgraph.QuadStore, ref cgraph.Ref, local map[any]quad.Value) (quad.Value, error) {
	k := refs.ToKey(ref)
	if v, ok := r.names[k]; ok {
		return v, nil
	}
	own, isOwn := local[k]
	if own != nil {
		return own, nil
	}
	v, err := qs.NameOf(ref)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("reference %v names no value", k)
	}
	switch x := v.(type) {
	case quad.IRI:
		if isOwn {
			local[k] = v
		} else {
			r.names[k] = v
		}
	case quad.String:
		if len(x) <= maxNamedLiteral {
			r.names[k] = v
		}
	default:
		r.names[k] = v
	}
	return v, nil
}

// refQuad is a quad as references.
type refQuad struct{ s, p, o, l cgraph.Ref }

// eachQuadRef calls fn with each quad of qs that has ref in direction dir.
func eachQuadRef(ctx context.Context, qs cgraph.QuadStore, dir quad.Direction, ref cgraph.Ref, fn func(refQuad) error) error {
	err := iterator.Iterate(ctx, qs.QuadIterator(dir, ref)).Each(func(r cgraph.Ref) error {
		var q refQuad
		var err error
		for _, d := range []struct {
			dir quad.Direction
			dst *cgraph.Ref
		}{{quad.Subject, &q.s}, {quad.Predicate, &q.p}, {quad.Object, &q.o}, {quad.Label, &q.l}} {
			if *d.dst, err = qs.QuadDirection(r, d.dir); err != nil {
				return err
			}
		}
		return fn(q)
	})
	if err == nil {
		// Cayley's iteration stops quietly on a cancelled context.
		err = ctx.Err()
	}
	return err
}
