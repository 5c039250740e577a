package model

import (
	"context"
	"fmt"
	"sync"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/pace"
	"github.com/policykg/policykg/policy"
	"github.com/policykg/policykg/search"
)

// SearchHit is one entry a full-text search found.
type SearchHit struct {
	// ID is the node ID of a measure, target or institution, or a paragraph's ID.
	ID    string
	Kind  search.Kind
	Score float64
	// Node is the *Measure, *Target or *Institution found, or the *Document of a paragraph.
	Node any
	// Paragraph is the paragraph found, for PARAGRAPH hits.
	Paragraph *Paragraph
	// Highlights are filled in by Model.Highlight.
	Highlights []search.Highlight
}

// Document returns the document the hit lies in; nil for an institution.
func (h *SearchHit) Document() *Document {
	switch n := h.Node.(type) {
	case *Measure:
		return n.Document
	case *Target:
		return n.Measure.Document
	case *Document:
		return n
	}
	return nil
}

// Text returns the text the hit was found in: a measure's text, a target's sentence, a
// paragraph, or an institution's name.
func (h *SearchHit) Text() string {
	switch n := h.Node.(type) {
	case *Measure:
		return n.Text
	case *Target:
		return n.Target.Text
	case *Institution:
		return n.Name
	}
	if h.Paragraph != nil {
		return h.Paragraph.Text
	}
	return ""
}

// Span returns where the hit lies in its document's text; false for an institution.
func (h *SearchHit) Span() (policy.Span, bool) {
	switch n := h.Node.(type) {
	case *Measure:
		return n.Span, true
	case *Target:
		return n.Target.Span, true
	}
	if h.Paragraph != nil {
		return h.Paragraph.Span, true
	}
	return policy.Span{}, false
}

// searchState holds a model's search index, built once: by the Reader when it builds the
// model (reusing unchanged documents' parts), or else on the first search.
type searchState struct {
	once       sync.Once
	index      *search.Index
	paragraphs map[string]*Paragraph
	err        error
}

// institutionsNamed lists the model's institutions as the index holds them.
func (m *Model) institutionsNamed() []search.Named {
	out := make([]search.Named, len(m.Institutions))
	for i, in := range m.Institutions {
		out[i] = search.Named{ID: in.NodeID, Name: in.Name, Aliases: in.Aliases}
	}
	return out
}

// paragraphsOf resolves the news paragraphs of an index to the model's documents.
func (m *Model) paragraphsOf(ix *search.Index) (map[string]*Paragraph, error) {
	out := make(map[string]*Paragraph, len(ix.Paragraphs))
	for id, pe := range ix.Paragraphs {
		d := m.Document(pe.DocID)
		if d == nil {
			return nil, fmt.Errorf("index paragraph %s: document not in the graph", id)
		}
		out[id] = &Paragraph{ID: id, Document: d, Ordinal: pe.Ordinal, Text: pe.Text, Span: pe.Span}
	}
	return out, nil
}

// useIndex gives the model the index the Reader built for it, unless it has one.
func (m *Model) useIndex(ix *search.Index) error {
	paragraphs, err := m.paragraphsOf(ix)
	if err != nil {
		return err
	}
	m.fullText.once.Do(func() { m.fullText.index, m.fullText.paragraphs = ix, paragraphs })
	return nil
}

// textIndex returns the model's search index, building it if the Reader did not.
func (m *Model) textIndex() (*search.Index, map[string]*Paragraph, error) {
	m.fullText.once.Do(func() {
		parts := make([]*search.Part, 0, len(m.Documents))
		for _, d := range m.Documents {
			p, err := search.DocumentPart(d.Document)
			if err != nil {
				m.fullText.err = fmt.Errorf("index %s: %w", d.ID, err)
				return
			}
			parts = append(parts, p)
		}
		ix, err := search.Assemble(parts, m.institutionsNamed())
		if err != nil {
			m.fullText.err = err
			return
		}
		m.fullText.paragraphs, m.fullText.err = m.paragraphsOf(ix)
		if m.fullText.err == nil {
			m.fullText.index = ix
		}
	})
	return m.fullText.index, m.fullText.paragraphs, m.fullText.err
}

// Search finds the measures, targets, institutions and news paragraphs whose text holds
// every word of text (only the kinds given, if any), best first; ties in ID order. The
// hits carry no highlights: Highlight adds them to the page a caller shows.
func (m *Model) Search(ctx context.Context, text string, kinds ...search.Kind) ([]*SearchHit, error) {
	q, err := search.NewQuery(text, kinds)
	if err != nil {
		return nil, err
	}
	ix, paragraphs, err := m.textIndex()
	if err != nil {
		return nil, err
	}
	found, err := ix.Search(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	if found == nil {
		return nil, nil
	}
	hits := make([]*SearchHit, 0, len(found))
	for _, h := range found {
		hit := &SearchHit{ID: h.ID, Kind: h.Kind, Score: h.Score}
		switch hit.Kind {
		case search.KindParagraph:
			if hit.Paragraph = paragraphs[h.ID]; hit.Paragraph != nil {
				hit.Node = hit.Paragraph.Document
			}
		default:
			hit.Node = m.nodes[h.ID]
		}
		if hit.Node == nil {
			return nil, fmt.Errorf("search %q: the index names %s, which the graph does not hold", text, h.ID)
		}
		hits = append(hits, hit)
	}
	return hits, nil
}

// Highlight fills in the highlights of hits that Search returned for text.
func (m *Model) Highlight(ctx context.Context, text string, hits []*SearchHit) error {
	if len(hits) == 0 {
		return nil
	}
	q, err := search.NewQuery(text, nil)
	if err != nil {
		return err
	}
	ix, _, err := m.textIndex()
	if err != nil {
		return err
	}
	byID := make(map[string]*SearchHit, len(hits))
	ids := make([]string, len(hits))
	for i, h := range hits {
		byID[h.ID] = h
		ids[i] = h.ID
	}
	found, err := ix.Highlight(ctx, q, ids, func(id string) map[string]any { return hitFields(byID[id]) })
	if err != nil {
		return fmt.Errorf("highlight %q: %w", text, err)
	}
	for id, hl := range found {
		if h := byID[id]; h != nil {
			h.Highlights = hl
		}
	}
	return nil
}

// hitFields returns the fields the index holds for a hit.
func hitFields(h *SearchHit) map[string]any {
	if h == nil {
		return nil
	}
	switch n := h.Node.(type) {
	case *Measure:
		return search.MeasureFields(n.Measure)
	case *Target:
		return search.TargetFields(n.Target)
	case *Institution:
		return search.InstitutionFields(search.Named{ID: n.NodeID, Name: n.Name, Aliases: n.Aliases})
	}
	if h.Paragraph != nil {
		return search.ParagraphFields(h.Paragraph.Text)
	}
	return nil
}

// matchMeasures returns the measures whose title or text holds every word of text.
func (m *Model) matchMeasures(ctx context.Context, text string) (map[*Measure]bool, error) {
	hits, err := m.Search(ctx, text, search.KindMeasure)
	if err != nil {
		return nil, err
	}
	out := make(map[*Measure]bool, len(hits))
	for _, h := range hits {
		if mv, ok := h.Node.(*Measure); ok {
			out[mv] = true
		}
	}
	return out, nil
}

// indexForSearch builds the search index of a model the Reader built. The search folder of
// an embedded store is written by one Reader at a time.
func (r *Reader) indexForSearch(ctx context.Context, task *pace.Task, m *Model, docs map[string]graph.Doc) (search.Buckets, error) {
	root, release := r.store.SearchFolder()
	defer release()
	ix, next, err := search.Reindex(docs, r.buckets, root, m.institutionsNamed(), func() error { return task.Pause(ctx) })
	if err != nil {
		return nil, err
	}
	if err := m.useIndex(ix); err != nil {
		return nil, err
	}
	return next, nil
}
