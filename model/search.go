package model

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/policy"
)

// SearchKind is what a search hit is.
type SearchKind string

// Kinds of search hits, as in the GraphQL enum SearchHitKind.
const (
	SearchMeasure     SearchKind = "MEASURE"
	SearchTarget      SearchKind = "TARGET"
	SearchInstitution SearchKind = "INSTITUTION"
	SearchParagraph   SearchKind = "PARAGRAPH"
)

// ErrInvalidSearch marks search text the index cannot use: empty, without a word, or too long.
var ErrInvalidSearch = errors.New("invalid search text")

// Limits on search text, so that one request cannot build a huge query.
const (
	maxSearchWords = 16
	maxSearchRunes = 200
)

// SearchHit is one entry a full-text search found.
type SearchHit struct {
	// ID is the node ID of a measure, target or institution, or a paragraph's ID.
	ID    string
	Kind  SearchKind
	Score float64
	// Node is the *Measure, *Target or *Institution found, or the *Document of a paragraph.
	Node any
	// Paragraph is the paragraph found, for PARAGRAPH hits.
	Paragraph *Paragraph
	// Highlights are filled in by Model.Highlight.
	Highlights []Highlight
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

// Fields of an indexed entry. Each text field is indexed twice: as CJK bigrams (安宁疗护 →
// 安宁 宁疗 疗护), which find words of two or more characters with good precision, and as
// single characters in its twin field (name + charSuffix), which find one-character words.
const (
	fieldKind      = "kind"
	fieldTitle     = "title"
	fieldText      = "text"
	fieldName      = "name"
	fieldAliases   = "aliases"
	fieldIndicator = "indicator"
	charSuffix     = "_char"
	charAnalyzer   = "policykg_char"
)

// textFields are the searched fields, in the order highlights list them.
var textFields = []string{fieldTitle, fieldText, fieldName, fieldAliases, fieldIndicator}

// listFields hold a list of values (indexed with array positions).
var listFields = map[string]bool{fieldAliases: true, fieldIndicator: true}

// searchMapping is the index mapping every part of the index shares.
var searchMapping = sync.OnceValues(newSearchMapping)

func newSearchMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(charAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{cjk.WidthName, lowercase.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("search mapping: %w", err)
	}
	dm := bleve.NewDocumentStaticMapping()
	kind := bleve.NewKeywordFieldMapping()
	kind.IncludeInAll = false
	kind.DocValues = false
	dm.AddFieldMappingsAt(fieldKind, kind)
	// The texts are neither stored nor kept as doc values: the model holds them (highlights
	// take them from there), and nothing sorts on them. Either would more than double the
	// index, which serve maps in whole.
	for _, f := range textFields {
		bigrams := bleve.NewTextFieldMapping()
		bigrams.Analyzer = cjk.AnalyzerName
		bigrams.Store = false
		bigrams.DocValues = false
		bigrams.IncludeTermVectors = true
		bigrams.IncludeInAll = false
		chars := bleve.NewTextFieldMapping()
		chars.Name = f + charSuffix
		chars.Analyzer = charAnalyzer
		chars.Store = false
		chars.DocValues = false
		chars.IncludeTermVectors = true
		chars.IncludeInAll = false
		dm.AddFieldMappingsAt(f, bigrams, chars)
	}
	// BM25, because its statistics can be gathered across the parts (see Search).
	im.ScoringModel = index.BM25Scoring
	im.DefaultMapping = dm
	im.DefaultAnalyzer = cjk.AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("search mapping: %w", err)
	}
	return im, nil
}

// searchEntry is one thing to index: its ID and its fields.
type searchEntry struct {
	id     string
	fields map[string]any
}

// searchPart is an immutable piece of the search index: one loaded document's measures,
// targets and paragraphs, or one model's institutions. A document's part is built once per
// load of that document and shared by every model that holds the document, so a reload
// analyses only the documents it changed.
type searchPart struct {
	index      bleve.Index
	size       int
	paragraphs []paragraphEntry
}

type paragraphEntry struct {
	id, docID string
	ordinal   int
	textSpan
}

// newSearchPart indexes entries in a new in-memory index. The index is closed once nothing
// holds the part any more (bleve keeps every open index in a registry, so an index dropped
// without Close would never be freed).
func newSearchPart(entries []searchEntry, paragraphs []paragraphEntry) (*searchPart, error) {
	im, err := searchMapping()
	if err != nil {
		return nil, err
	}
	// Scorch with no path keeps the index in memory (like bleve.NewMemOnly, whose
	// upsidedown index builds 3 to 4 times slower here) and supports BM25.
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	if err := indexEntries(idx, entries); err != nil {
		return nil, errors.Join(err, idx.Close())
	}
	p := &searchPart{index: idx, size: len(entries), paragraphs: paragraphs}
	runtime.AddCleanup(p, closeSearchIndex, idx)
	return p, nil
}

// indexEntries adds entries to idx in one batch.
func indexEntries(idx bleve.Index, entries []searchEntry) error {
	batch := idx.NewBatch()
	for _, e := range entries {
		if err := batch.Index(e.id, e.fields); err != nil {
			return fmt.Errorf("search index %s: %w", e.id, err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

func closeSearchIndex(idx bleve.Index) {
	if err := idx.Close(); err != nil {
		slog.Warn("close search index", "err", err)
	}
}

// documentPart indexes a document's measures (title and text), targets (sentence and
// indicator) and, for a news report, its paragraphs.
func documentPart(d *policy.Document) (*searchPart, error) {
	return newSearchPart(documentEntries(d))
}

func documentEntries(d *policy.Document) ([]searchEntry, []paragraphEntry) {
	var entries []searchEntry
	for i := range d.Measures {
		m := &d.Measures[i]
		entries = append(entries, searchEntry{graph.MeasureID(d.ID, m.Ordinal), measureFields(m)})
		for k := range m.Targets {
			entries = append(entries, searchEntry{graph.TargetID(d.ID, m.Ordinal, k+1), targetFields(&m.Targets[k])})
		}
	}
	var paragraphs []paragraphEntry
	if d.Status == policy.StatusNews {
		for k, p := range splitParagraphs(d.Text) {
			pe := paragraphEntry{id: ParagraphID(d.ID, k+1), docID: d.ID, ordinal: k + 1, textSpan: p}
			paragraphs = append(paragraphs, pe)
			entries = append(entries, searchEntry{pe.id, paragraphFields(p.text)})
		}
	}
	return entries, paragraphs
}

// institutionPart indexes a model's institutions by name and aliases. Institutions merge
// what several documents say of them, so they are indexed per model; there are few.
func institutionPart(m *Model) (*searchPart, error) {
	return newSearchPart(institutionEntries(m), nil)
}

func institutionEntries(m *Model) []searchEntry {
	entries := make([]searchEntry, 0, len(m.Institutions))
	for _, in := range m.Institutions {
		entries = append(entries, searchEntry{in.NodeID, institutionFields(in)})
	}
	return entries
}

// The fields indexed for each kind of entry. The index does not store them (see
// newSearchMapping): highlights build them again from the model with hitFields.
func measureFields(m *policy.Measure) map[string]any {
	return map[string]any{fieldKind: string(SearchMeasure), fieldTitle: m.Title, fieldText: m.Text}
}

func targetFields(t *policy.Target) map[string]any {
	ind := []string{t.Indicator}
	if t.Words != "" && t.Words != t.Indicator {
		ind = append(ind, t.Words)
	}
	return map[string]any{fieldKind: string(SearchTarget), fieldText: t.Text, fieldIndicator: ind}
}

func institutionFields(in *Institution) map[string]any {
	f := map[string]any{fieldKind: string(SearchInstitution), fieldName: in.Name}
	if len(in.Aliases) > 0 {
		f[fieldAliases] = in.Aliases
	}
	return f
}

func paragraphFields(text string) map[string]any {
	return map[string]any{fieldKind: string(SearchParagraph), fieldText: text}
}

// hitFields returns the fields the index holds for a hit.
func hitFields(h *SearchHit) map[string]any {
	switch n := h.Node.(type) {
	case *Measure:
		return measureFields(n.Measure)
	case *Target:
		return targetFields(n.Target)
	case *Institution:
		return institutionFields(n)
	}
	if h.Paragraph != nil {
		return paragraphFields(h.Paragraph.Text)
	}
	return nil
}

// searchIndex is a model's search index: its parts searched as one.
type searchIndex struct {
	alias bleve.IndexAlias
	// parts keeps the parts, and so their bleve indexes, open while the model lives.
	parts      []*searchPart
	size       int
	paragraphs map[string]*Paragraph
}

// searchState holds a model's search index, built once: by the Reader when it builds the
// model (reusing unchanged documents' parts), or else on the first search.
type searchState struct {
	once  sync.Once
	index *searchIndex
	err   error
}

// textIndex returns the model's search index, building it if the Reader did not.
func (m *Model) textIndex() (*searchIndex, error) {
	m.fullText.once.Do(func() {
		parts := make([]*searchPart, 0, len(m.Documents))
		for _, d := range m.Documents {
			p, err := documentPart(d.Document)
			if err != nil {
				m.fullText.err = fmt.Errorf("index %s: %w", d.ID, err)
				return
			}
			parts = append(parts, p)
		}
		m.fullText.index, m.fullText.err = assembleSearch(m, parts)
	})
	return m.fullText.index, m.fullText.err
}

// searchBuckets is how many parts the documents' search index is split into. One bleve
// index per document costs about 0.4 MB of fixed overhead (397 MB of a 505 MB heap at
// 1,000 documents); a fixed number of buckets keeps that overhead flat as the corpus grows,
// while a reload still re-indexes only the bucket of each changed document.
const searchBuckets = 64

// bucketPart is the search index of one bucket's documents at given versions.
type bucketPart struct {
	signature string // the bucket's document IDs and hashes, in order
	part      *searchPart
}

func bucketOf(docID string) int {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return int(h.Sum32() % searchBuckets)
}

// indexForSearch gives a model built by the Reader its search index. Buckets whose
// documents did not change since the last model keep their part; the others are rebuilt,
// in memory when root is "" and else on disk in root (see graph.SearchFolderName).
func indexForSearch(m *Model, cache map[string]graph.Doc, buckets map[int]bucketPart, root string) (map[int]bucketPart, error) {
	ids := make([]string, 0, len(cache))
	for id := range cache {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	members := map[int][]string{}
	for _, id := range ids {
		k := bucketOf(id)
		members[k] = append(members[k], id)
	}
	next := make(map[int]bucketPart, len(members))
	keys := slices.Sorted(maps.Keys(members))
	parts := make([]*searchPart, 0, len(keys))
	for _, k := range keys {
		var sig strings.Builder
		for _, id := range members[k] {
			sig.WriteString(id + "\x00" + cache[id].Hash + "\x00")
		}
		bp, ok := buckets[k]
		if !ok || bp.signature != sig.String() {
			var entries []searchEntry
			var paragraphs []paragraphEntry
			for _, id := range members[k] {
				e, p := documentEntries(cache[id].Doc)
				entries, paragraphs = append(entries, e...), append(paragraphs, p...)
			}
			var part *searchPart
			var err error
			if root == "" {
				part, err = newSearchPart(entries, paragraphs)
			} else {
				part, err = diskPart(root, k, sig.String(), entries, paragraphs)
			}
			if err != nil {
				return nil, fmt.Errorf("index documents %v: %w", members[k], err)
			}
			bp = bucketPart{sig.String(), part}
		}
		next[k] = bp
		parts = append(parts, bp.part)
	}
	if root != "" {
		current := make(map[string]bool, len(next))
		for k, bp := range next {
			name, err := partFolder(k, bp.signature)
			if err != nil {
				return nil, err
			}
			current[name] = true
		}
		if err := pruneDiskParts(root, current); err != nil {
			return nil, err
		}
	}
	ix, err := assembleSearch(m, parts)
	if err != nil {
		return nil, err
	}
	m.fullText.once.Do(func() { m.fullText.index = ix })
	return next, nil
}

// assembleSearch joins the documents' parts and the model's institutions into one index.
func assembleSearch(m *Model, docParts []*searchPart) (*searchIndex, error) {
	inst, err := institutionPart(m)
	if err != nil {
		return nil, fmt.Errorf("index institutions: %w", err)
	}
	ix := &searchIndex{parts: append(slices.Clip(docParts), inst), paragraphs: map[string]*Paragraph{}}
	var indexes []bleve.Index
	for _, p := range ix.parts {
		if p.size == 0 {
			continue
		}
		indexes = append(indexes, p.index)
		ix.size += p.size
		for _, pe := range p.paragraphs {
			d := m.Document(pe.docID)
			if d == nil {
				return nil, fmt.Errorf("index paragraph %s: document not in the graph", pe.id)
			}
			ix.paragraphs[pe.id] = &Paragraph{ID: pe.id, Document: d, Ordinal: pe.ordinal, Text: pe.text, Span: pe.span}
		}
	}
	im, err := searchMapping()
	if err != nil {
		return nil, err
	}
	alias := bleve.NewIndexAlias(indexes...)
	if err := alias.SetIndexMapping(im); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	ix.alias = alias
	return ix, nil
}

// searchQuery turns search text into a bleve query. Words are separated by spaces and must
// all be found (AND), each in any field. A word is a phrase: its bigrams must follow each
// other, so 中医阁 finds 中医阁 and not every text with 中医 and 医阁 somewhere. A word with
// a lone Chinese character (医, or 4级) is searched character by character in the unigram
// fields, where the bigram fields hold no such term.
func searchQuery(text string, kinds []SearchKind) (query.Query, error) {
	im, err := searchMapping()
	if err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(text); n > maxSearchRunes {
		return nil, errcode.Wrap(ErrInvalidSearch, errcode.BadUserInput, "the search text has %d characters; at most %d are allowed", n, maxSearchRunes)
	}
	words := strings.Fields(text)
	if len(words) > maxSearchWords {
		return nil, errcode.Wrap(ErrInvalidSearch, errcode.BadUserInput, "the search text has %d words; at most %d are allowed", len(words), maxSearchWords)
	}
	bigrams := im.AnalyzerNamed(cjk.AnalyzerName)
	var must []query.Query
	for _, w := range words {
		tokens := bigrams.Analyze([]byte(w))
		if len(tokens) == 0 {
			continue
		}
		suffix, analyzer := "", cjk.AnalyzerName
		if slices.ContainsFunc(tokens, func(t *analysis.Token) bool { return t.Type == analysis.Single }) {
			suffix, analyzer = charSuffix, charAnalyzer
		}
		alts := make([]query.Query, 0, len(textFields))
		for _, f := range textFields {
			p := bleve.NewMatchPhraseQuery(w)
			p.SetField(f + suffix)
			p.Analyzer = analyzer
			alts = append(alts, p)
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	if len(must) == 0 {
		return nil, errcode.Wrap(ErrInvalidSearch, errcode.BadUserInput, "the search text %s has no word to search for", errcode.Quote(text))
	}
	if len(kinds) > 0 {
		alts := make([]query.Query, 0, len(kinds))
		for _, k := range kinds {
			t := bleve.NewTermQuery(string(k))
			t.SetField(fieldKind)
			alts = append(alts, t)
		}
		must = append(must, bleve.NewDisjunctionQuery(alts...))
	}
	return bleve.NewConjunctionQuery(must...), nil
}

// Search finds the measures, targets, institutions and news paragraphs whose text holds
// every word of text (only the kinds given, if any), best first; ties in ID order. The
// hits carry no highlights: Highlight adds them to the page a caller shows.
func (m *Model) Search(ctx context.Context, text string, kinds ...SearchKind) ([]*SearchHit, error) {
	q, err := searchQuery(text, kinds)
	if err != nil {
		return nil, err
	}
	ix, err := m.textIndex()
	if err != nil {
		return nil, err
	}
	if ix.size == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(q, ix.size, 0, false)
	req.Fields = []string{fieldKind}
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.alias.SearchInContext(globalScoring(ctx), req)
	if err == nil {
		err = partsFailed(res)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	hits := make([]*SearchHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		kind, _ := h.Fields[fieldKind].(string)
		hit := &SearchHit{ID: h.ID, Kind: SearchKind(kind), Score: h.Score}
		switch hit.Kind {
		case SearchParagraph:
			if hit.Paragraph = ix.paragraphs[h.ID]; hit.Paragraph != nil {
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

// globalScoring makes a search of the parts first gather BM25's corpus statistics (the
// number of entries and the length of each field) across all of them, so that scores from
// different parts can be compared. bleve does not share a term's document frequency, so a
// word common in one document weighs a little less there than in one index of everything.
func globalScoring(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.SearchTypeKey, search.GlobalScoring)
}

// partsFailed reports the parts a search could not read: bleve answers from the others
// and only says so in the result's status.
func partsFailed(res *bleve.SearchResult) error {
	if res.Status == nil || res.Status.Failed == 0 {
		return nil
	}
	for part, err := range res.Status.Errors {
		return fmt.Errorf("%d of %d index parts failed, %s: %w", res.Status.Failed, res.Status.Total, part, err)
	}
	return fmt.Errorf("%d of %d index parts failed", res.Status.Failed, res.Status.Total)
}

// matchMeasures returns the measures whose title or text holds every word of text.
func (m *Model) matchMeasures(ctx context.Context, text string) (map[*Measure]bool, error) {
	hits, err := m.Search(ctx, text, SearchMeasure)
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
