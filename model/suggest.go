package model

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/width"
)

// SuggestKind is the kind of thing a suggestion names.
type SuggestKind string

// The kinds of names Suggest looks through.
const (
	SuggestAgency      SuggestKind = "AGENCY"
	SuggestInstitution SuggestKind = "INSTITUTION"
	SuggestIndicator   SuggestKind = "INDICATOR"
	SuggestDocument    SuggestKind = "DOCUMENT"
)

// SuggestKinds are every kind, in the order suggestions of equal score come.
var SuggestKinds = []SuggestKind{SuggestAgency, SuggestInstitution, SuggestIndicator, SuggestDocument}

// Suggestion is a node whose name is like the text asked for. Name is its canonical name
// (a document's title), Matched the name or alias that matched best, Score how well, in (0, 1].
type Suggestion struct {
	Kind    SuggestKind
	NodeID  string
	Name    string
	City    string
	Matched string
	Score   float64
}

// minBigramDice is the weakest likeness by shared character pairs that is suggested:
// 西苑医院 and 戴庄医院 (0.33, only 医院 in common) are not alike.
const minBigramDice = 0.4

// Suggest lists the agencies, institutions, indicators and documents (of the kinds given,
// every kind when none) whose canonical name or an alias is like text, best first, at most
// first of them (all when first ≤ 0). Full- and half-width forms, case and spaces do not
// count. A name scores
//   - 1 when it is the text;
//   - 0.5 to 1 when it holds the text or the text holds it (医保局 in 市医保局: 0.875), more
//     the more of it the text covers;
//   - 0.25 to 0.5 when the characters of one come in order in the other, as in an
//     abbreviation (市卫健委 in 市卫生健康委);
//   - else half the Dice coefficient of their character pairs, when that reaches
//     minBigramDice (a word mistyped or reordered).
func (m *Model) Suggest(text string, kinds []SuggestKind, first int) []Suggestion {
	q := foldName(text)
	if q == "" {
		return nil
	}
	if len(kinds) == 0 {
		kinds = SuggestKinds
	}
	qn := newFoldedName("", q)
	var out []Suggestion
	for _, k := range kinds {
		for _, e := range m.suggestEntries(k) {
			best := Suggestion{Kind: k, NodeID: e.id, Name: e.name, City: e.city}
			for i := range e.names {
				if s := likeness(&qn, &e.names[i]); s > best.Score {
					best.Score, best.Matched = s, e.names[i].name
				}
			}
			if best.Score > 0 {
				out = append(out, best)
			}
		}
	}
	order := map[SuggestKind]int{}
	for i, k := range SuggestKinds {
		order[k] = i
	}
	slices.SortStableFunc(out, func(a, b Suggestion) int {
		switch {
		case a.Score != b.Score:
			if a.Score > b.Score {
				return -1
			}
			return 1
		case a.Kind != b.Kind:
			return order[a.Kind] - order[b.Kind]
		case len([]rune(a.Name)) != len([]rune(b.Name)):
			return len([]rune(a.Name)) - len([]rune(b.Name))
		case a.Name != b.Name:
			return strings.Compare(a.Name, b.Name)
		}
		return strings.Compare(a.City, b.City)
	})
	if first > 0 && len(out) > first {
		out = out[:first]
	}
	return out
}

// foldedName is a name as likeness compares it: folded (foldName), with its characters
// and the pairs of adjacent characters counted.
type foldedName struct {
	name   string // as written
	folded string
	runes  []rune
	pairs  map[[2]rune]int
	npairs int
}

func newFoldedName(name, folded string) foldedName {
	f := foldedName{name: name, folded: folded, runes: []rune(folded)}
	f.pairs = make(map[[2]rune]int, len(f.runes))
	for i := 0; i+1 < len(f.runes); i++ {
		f.pairs[[2]rune{f.runes[i], f.runes[i+1]}]++
		f.npairs++
	}
	return f
}

// suggestEntry is a node Suggest may name, with its names folded once per model.
type suggestEntry struct {
	id, name, city string
	names          []foldedName
}

// suggestIndex holds the entries of each kind, made on the first Suggest of the kind:
// folding every name on every call cost more than the rest of a request whose name
// matched nothing.
type suggestIndex struct {
	once    [4]sync.Once
	entries [4][]suggestEntry
}

// suggestEntries returns the entries of a kind.
func (m *Model) suggestEntries(k SuggestKind) []suggestEntry {
	i := slices.Index(SuggestKinds, k)
	if i < 0 {
		return nil
	}
	m.suggest.once[i].Do(func() {
		entry := func(id, name, city string, names ...string) suggestEntry {
			e := suggestEntry{id: id, name: name, city: city, names: make([]foldedName, len(names))}
			for j, n := range names {
				e.names[j] = newFoldedName(n, foldName(n))
			}
			return e
		}
		var out []suggestEntry
		switch k {
		case SuggestAgency:
			for _, a := range m.Agencies {
				out = append(out, entry(a.NodeID, a.Name, a.City, append([]string{a.Name}, a.Aliases...)...))
			}
		case SuggestInstitution:
			for _, in := range m.Institutions {
				out = append(out, entry(in.NodeID, in.Name, in.City, append([]string{in.Name}, in.Aliases...)...))
			}
		case SuggestIndicator:
			for _, in := range m.Indicators {
				out = append(out, entry(in.NodeID, in.Name, "", append([]string{in.Name}, in.Aliases...)...))
			}
		case SuggestDocument:
			for _, d := range m.Documents {
				out = append(out, entry(d.NodeID, d.Title, d.City, d.Title, d.ID))
			}
		}
		m.suggest.entries[i] = out
	})
	return m.suggest.entries[i]
}

// likeness scores how alike the folded text q and name n are.
func likeness(q, n *foldedName) float64 {
	if n.folded == "" {
		return 0
	}
	if q.folded == n.folded {
		return 1
	}
	lq, ln := float64(len(q.runes)), float64(len(n.runes))
	short, long := min(lq, ln), max(lq, ln)
	switch {
	case strings.Contains(n.folded, q.folded) || strings.Contains(q.folded, n.folded):
		return 0.5 + 0.5*short/long
	case short >= 2 && (inOrder(q.runes, n.runes) || inOrder(n.runes, q.runes)):
		return 0.25 + 0.25*short/long
	}
	total, shared := q.npairs+n.npairs, 0
	for b, c := range n.pairs {
		shared += min(c, q.pairs[b])
	}
	if total == 0 {
		return 0
	}
	if dice := 2 * float64(shared) / float64(total); dice >= minBigramDice {
		return dice / 2
	}
	return 0
}

// inOrder tells whether the characters of a come in order in b.
func inOrder(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
}

// foldName folds full- and half-width forms and case, and drops spaces.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, width.Fold.String(s))
}
