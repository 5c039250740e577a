package search

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlformat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simplehighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// Highlight shows where a search found its words in one field of a hit.
type Highlight struct {
	// Field is the field searched: title, text, name, aliases or indicator.
	Field string
	// Fragments are the best passages of the field, HTML-escaped, with the words found
	// marked <mark>…</mark>; … marks a cut.
	Fragments []string
	// Terms are the words found, as they are written in the field, each once.
	Terms []string
}

// Shape of highlights: passages of about fragmentRunes characters, at most maxFragments a field.
const (
	fragmentRunes = 60
	maxFragments  = 3
)

var highlighter = simplehighlighter.NewHighlighter(
	simplefragmenter.NewFragmenter(fragmentRunes),
	htmlformat.NewFragmentFormatter("<mark>", "</mark>"),
	"…",
)

// Highlight returns, by ID, where q's words lie in the fields of the entries ids (one
// Highlight per field matched); fields gives an entry's indexed fields, which the index
// does not store. It searches again, only among these entries, so that highlighting costs
// what the page shown costs, not what every hit would.
func (ix *Index) Highlight(ctx context.Context, q *Query, ids []string, fields func(id string) map[string]any) (map[string][]Highlight, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(q.q, bleve.NewDocIDQuery(ids)), len(ids), 0, false)
	req.IncludeLocations = true
	res, err := ix.alias.SearchInContext(ctx, req)
	if err == nil {
		err = partsFailed(res)
	}
	if err != nil {
		return nil, err
	}
	out := make(map[string][]Highlight, len(res.Hits))
	for _, dm := range res.Hits {
		out[dm.ID] = highlights(dm, fields(dm.ID))
	}
	return out, nil
}

// highlights builds the highlights of a match, one per field it matched in. A field's
// bigram and unigram twins index the same text, so their term locations (byte offsets into
// that text) are joined and the field is highlighted once. fields are the hit's indexed
// fields.
func highlights(dm *bsearch.DocumentMatch, fields map[string]any) []Highlight {
	var out []Highlight
	for _, f := range textFields {
		var locs []bsearch.Location
		for _, name := range []string{f, f + charSuffix} {
			for _, ls := range dm.Locations[name] {
				for _, l := range ls {
					locs = append(locs, *l)
				}
			}
		}
		if len(locs) == 0 {
			continue
		}
		values := fieldValues(fields[f])
		words, terms := joinLocations(f, locs, values)
		doc := document.NewDocument(dm.ID)
		for i, v := range values {
			doc.AddField(document.NewTextField(f, arrayPositions(f, i), []byte(v)))
		}
		one := &bsearch.DocumentMatch{Locations: bsearch.FieldTermLocationMap{f: words}}
		out = append(out, Highlight{
			Field:     f,
			Fragments: highlighter.BestFragmentsInField(one, doc, f, maxFragments),
			Terms:     terms,
		})
	}
	return out
}

// joinLocations joins the term locations of a field that overlap or touch into the words
// they spell (安宁, 宁疗 and 疗护 make 安宁疗护), so that a word is marked once. It returns
// the words' locations keyed by the word, and the words in the order the field has them.
// (bleve's own TermLocations.MergeOverlapping joins only what overlaps the first location.)
func joinLocations(field string, locs []bsearch.Location, values []string) (bsearch.TermLocationMap, []string) {
	value := func(l bsearch.Location) int {
		if listFields[field] && len(l.ArrayPositions) > 0 {
			return int(l.ArrayPositions[0])
		}
		return 0
	}
	slices.SortFunc(locs, func(a, b bsearch.Location) int {
		return cmp.Or(cmp.Compare(value(a), value(b)), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	words := bsearch.TermLocationMap{}
	var terms []string
	flush := func(l bsearch.Location) {
		i := value(l)
		if i >= len(values) || l.Start >= l.End || l.End > uint64(len(values[i])) {
			return
		}
		w := values[i][l.Start:l.End]
		if _, seen := words[w]; !seen {
			terms = append(terms, w)
		}
		words[w] = append(words[w], &bsearch.Location{Pos: l.Pos, Start: l.Start, End: l.End, ArrayPositions: arrayPositions(field, i)})
	}
	cur := locs[0]
	for _, l := range locs[1:] {
		if value(l) == value(cur) && l.Start <= cur.End {
			cur.End = max(cur.End, l.End)
			continue
		}
		flush(cur)
		cur = l
	}
	flush(cur)
	return words, terms
}

// fieldValues reads an indexed field: one string, or a list of them.
func fieldValues(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	}
	return nil
}

// arrayPositions is where the i-th value of a field sits, as bleve records it.
func arrayPositions(field string, i int) bsearch.ArrayPositions {
	if listFields[field] {
		return bsearch.ArrayPositions{uint64(i)}
	}
	return nil
}
