// Package search is the full-text index of policy documents: bleve indexes of their measures,
// targets and news paragraphs, kept in buckets that a reload re-indexes only where documents
// changed (in memory, or on disk beside an embedded store), and of the institutions named.
// Hits are named by graph node IDs; the read model resolves them.
package search

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
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/policy"
)

// Kind is what a search hit is.
type Kind string

// Kinds of search hits, as in the GraphQL enum SearchHitKind.
const (
	KindMeasure     Kind = "MEASURE"
	KindTarget      Kind = "TARGET"
	KindInstitution Kind = "INSTITUTION"
	KindParagraph   Kind = "PARAGRAPH"
)

// ErrInvalidText marks search text the index cannot use: empty, without a word, or too long.
var ErrInvalidText = errors.New("invalid search text")

// Limits on search text, so that one request cannot build a huge query.
const (
	maxSearchWords = 16
	maxSearchRunes = 200
)

// Hit is an entry a search found: its ID (a graph node ID or a paragraph's ID), kind and
// score.
type Hit struct {
	ID    string
	Kind  Kind
	Score float64
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

// entry is one thing to index: its ID and its fields.
type entry struct {
	id     string
	fields map[string]any
}

// Part is an immutable piece of the search index: one bucket of documents' measures,
// targets and paragraphs, or one model's institutions. A part is built once per load of its
// documents and shared by every model that holds them, so a reload analyses only the
// documents it changed.
type Part struct {
	index      bleve.Index
	size       int
	paragraphs []ParagraphEntry
}

// ParagraphEntry is a news paragraph the index holds: its ID, its document, its 1-based
// place there, and its text with its span.
type ParagraphEntry struct {
	ID, DocID string
	Ordinal   int
	TextSpan
}

// newPart indexes entries in a new in-memory index. The index is closed once nothing
// holds the part any more (bleve keeps every open index in a registry, so an index dropped
// without Close would never be freed).
func newPart(entries []entry, paragraphs []ParagraphEntry) (*Part, error) {
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
	p := &Part{index: idx, size: len(entries), paragraphs: paragraphs}
	runtime.AddCleanup(p, closeSearchIndex, idx)
	return p, nil
}

// indexEntries adds entries to idx in one batch.
func indexEntries(idx bleve.Index, entries []entry) error {
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

// DocumentPart indexes a document's measures (title and text), targets (sentence and
// indicator) and, for a news report, its paragraphs.
func DocumentPart(d *policy.Document) (*Part, error) {
	return newPart(documentEntries(d))
}

func documentEntries(d *policy.Document) ([]entry, []ParagraphEntry) {
	var entries []entry
	for i := range d.Measures {
		m := &d.Measures[i]
		entries = append(entries, entry{graph.MeasureID(d.ID, m.Ordinal), MeasureFields(m)})
		for k := range m.Targets {
			entries = append(entries, entry{graph.TargetID(d.ID, m.Ordinal, k+1), TargetFields(&m.Targets[k])})
		}
	}
	var paragraphs []ParagraphEntry
	if d.Status == policy.StatusNews {
		for k, p := range SplitParagraphs(d.Text) {
			pe := ParagraphEntry{ID: ParagraphID(d.ID, k+1), DocID: d.ID, Ordinal: k + 1, TextSpan: p}
			paragraphs = append(paragraphs, pe)
			entries = append(entries, entry{pe.ID, ParagraphFields(p.Text)})
		}
	}
	return entries, paragraphs
}

// Named is an institution as the index holds it: its node ID, name and aliases.
// Institutions merge what several documents say of them, so they are indexed per model;
// there are few.
type Named struct {
	ID, Name string
	Aliases  []string
}

func institutionEntries(insts []Named) []entry {
	entries := make([]entry, 0, len(insts))
	for _, in := range insts {
		entries = append(entries, entry{in.ID, InstitutionFields(in)})
	}
	return entries
}

// The fields indexed for each kind of entry. The index does not store them (see
// newSearchMapping): highlights take them from the caller, who builds them again with these.

// MeasureFields are the indexed fields of a measure.
func MeasureFields(m *policy.Measure) map[string]any {
	return map[string]any{fieldKind: string(KindMeasure), fieldTitle: m.Title, fieldText: m.Text}
}

// TargetFields are the indexed fields of a target.
func TargetFields(t *policy.Target) map[string]any {
	ind := []string{t.Indicator}
	if t.Words != "" && t.Words != t.Indicator {
		ind = append(ind, t.Words)
	}
	return map[string]any{fieldKind: string(KindTarget), fieldText: t.Text, fieldIndicator: ind}
}

// InstitutionFields are the indexed fields of an institution.
func InstitutionFields(in Named) map[string]any {
	f := map[string]any{fieldKind: string(KindInstitution), fieldName: in.Name}
	if len(in.Aliases) > 0 {
		f[fieldAliases] = in.Aliases
	}
	return f
}

// ParagraphFields are the indexed fields of a news paragraph.
func ParagraphFields(text string) map[string]any {
	return map[string]any{fieldKind: string(KindParagraph), fieldText: text}
}

// Index is a model's search index: its parts searched as one.
type Index struct {
	alias bleve.IndexAlias
	// parts keeps the parts, and so their bleve indexes, open while the model lives.
	parts []*Part
	size  int
	// Paragraphs are the news paragraphs the index holds, by ID.
	Paragraphs map[string]ParagraphEntry
}

// searchBuckets is how many parts the documents' search index is split into. One bleve
// index per document costs about 0.4 MB of fixed overhead (397 MB of a 505 MB heap at
// 1,000 documents); a fixed number of buckets keeps that overhead flat as the corpus grows,
// while a reload still re-indexes only the bucket of each changed document.
const searchBuckets = 64

// BucketPart is the search index of one bucket's documents at given versions.
type BucketPart struct {
	signature string // the bucket's document IDs and hashes, in order
	Part      *Part
}

// Buckets are the parts of an index by bucket, which the next Reindex reuses.
type Buckets map[int]BucketPart

// BucketOf is the bucket of a document.
func BucketOf(docID string) int {
	h := fnv.New32a()
	h.Write([]byte(docID))
	return int(h.Sum32() % searchBuckets)
}

// Reindex gives documents (with the institutions of their model) their search index.
// Buckets whose documents did not change since prev keep their part; the others are
// rebuilt, in memory when root is "" and else on disk in root (see graph.SearchFolderName).
// pause, when not nil, is called before each bucket rebuilt, and an error it returns stops
// the reindex: a background build yields the CPU there.
func Reindex(cache map[string]graph.Doc, buckets Buckets, root string, insts []Named, pause func() error) (*Index, Buckets, error) {
	ids := make([]string, 0, len(cache))
	for id := range cache {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	members := map[int][]string{}
	for _, id := range ids {
		k := BucketOf(id)
		members[k] = append(members[k], id)
	}
	next := make(Buckets, len(members))
	keys := slices.Sorted(maps.Keys(members))
	parts := make([]*Part, 0, len(keys))
	for _, k := range keys {
		var sig strings.Builder
		for _, id := range members[k] {
			sig.WriteString(id + "\x00" + cache[id].Hash + "\x00")
		}
		bp, ok := buckets[k]
		if !ok || bp.signature != sig.String() {
			if pause != nil {
				if err := pause(); err != nil {
					return nil, nil, err
				}
			}
			var entries []entry
			var paragraphs []ParagraphEntry
			for _, id := range members[k] {
				e, p := documentEntries(cache[id].Doc)
				entries, paragraphs = append(entries, e...), append(paragraphs, p...)
			}
			var part *Part
			var err error
			if root == "" {
				part, err = newPart(entries, paragraphs)
			} else {
				part, err = diskPart(root, k, sig.String(), entries, paragraphs)
			}
			if err != nil {
				return nil, nil, fmt.Errorf("index documents %v: %w", members[k], err)
			}
			bp = BucketPart{sig.String(), part}
		}
		next[k] = bp
		parts = append(parts, bp.Part)
	}
	if root != "" {
		current := make(map[string]bool, len(next))
		for k, bp := range next {
			name, err := PartFolder(k, bp.signature)
			if err != nil {
				return nil, nil, err
			}
			current[name] = true
		}
		if err := pruneDiskParts(root, current); err != nil {
			return nil, nil, err
		}
	}
	ix, err := Assemble(parts, insts)
	if err != nil {
		return nil, nil, err
	}
	return ix, next, nil
}

// Assemble joins the documents' parts and the institutions into one index.
func Assemble(docParts []*Part, insts []Named) (*Index, error) {
	inst, err := newPart(institutionEntries(insts), nil)
	if err != nil {
		return nil, fmt.Errorf("index institutions: %w", err)
	}
	ix := &Index{parts: append(slices.Clip(docParts), inst), Paragraphs: map[string]ParagraphEntry{}}
	var indexes []bleve.Index
	for _, p := range ix.parts {
		if p.size == 0 {
			continue
		}
		indexes = append(indexes, p.index)
		ix.size += p.size
		for _, pe := range p.paragraphs {
			ix.Paragraphs[pe.ID] = pe
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

// Query is search text made into a query of the index.
type Query struct{ q query.Query }

// NewQuery turns search text into a query of the index (of the kinds given, if any). Words are separated by spaces and must
// all be found (AND), each in any field. A word is a phrase: its bigrams must follow each
// other, so 中医阁 finds 中医阁 and not every text with 中医 and 医阁 somewhere. A word with
// a lone Chinese character (医, or 4级) is searched character by character in the unigram
// fields, where the bigram fields hold no such term.
func NewQuery(text string, kinds []Kind) (*Query, error) {
	im, err := searchMapping()
	if err != nil {
		return nil, err
	}
	if n := utf8.RuneCountInString(text); n > maxSearchRunes {
		return nil, errcode.Wrap(ErrInvalidText, errcode.BadUserInput, "the search text has %d characters; at most %d are allowed", n, maxSearchRunes)
	}
	words := strings.Fields(text)
	if len(words) > maxSearchWords {
		return nil, errcode.Wrap(ErrInvalidText, errcode.BadUserInput, "the search text has %d words; at most %d are allowed", len(words), maxSearchWords)
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
		return nil, errcode.Wrap(ErrInvalidText, errcode.BadUserInput, "the search text %s has no word to search for", errcode.Quote(text))
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
	return &Query{bleve.NewConjunctionQuery(must...)}, nil
}

// Search finds the entries q matches, best first; ties in ID order. An empty index finds
// nothing (nil).
func (ix *Index) Search(ctx context.Context, q *Query) ([]Hit, error) {
	if ix.size == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(q.q, ix.size, 0, false)
	req.Fields = []string{fieldKind}
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.alias.SearchInContext(globalScoring(ctx), req)
	if err == nil {
		err = partsFailed(res)
	}
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		kind, _ := h.Fields[fieldKind].(string)
		hits = append(hits, Hit{ID: h.ID, Kind: Kind(kind), Score: h.Score})
	}
	return hits, nil
}

// globalScoring makes a search of the parts first gather BM25's corpus statistics (the
// number of entries and the length of each field) across all of them, so that scores from
// different parts can be compared. bleve does not share a term's document frequency, so a
// word common in one document weighs a little less there than in one index of everything.
func globalScoring(ctx context.Context) context.Context {
	return context.WithValue(ctx, bsearch.SearchTypeKey, bsearch.GlobalScoring)
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
