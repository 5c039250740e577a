package model

import (
	"slices"
	"strings"
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
	qb := bigramSet(q)
	var out []Suggestion
	consider := func(kind SuggestKind, id, name, city string, names []string) {
		best := Suggestion{Kind: kind, NodeID: id, Name: name, City: city}
		for _, n := range names {
			if s := likeness(q, qb, foldName(n)); s > best.Score {
				best.Score, best.Matched = s, n
			}
		}
		if best.Score > 0 {
			out = append(out, best)
		}
	}
	for _, k := range kinds {
		switch k {
		case SuggestAgency:
			for _, a := range m.Agencies {
				consider(k, a.NodeID, a.Name, a.City, append([]string{a.Name}, a.Aliases...))
			}
		case SuggestInstitution:
			for _, in := range m.Institutions {
				consider(k, in.NodeID, in.Name, in.City, append([]string{in.Name}, in.Aliases...))
			}
		case SuggestIndicator:
			for _, in := range m.Indicators {
				consider(k, in.NodeID, in.Name, "", append([]string{in.Name}, in.Aliases...))
			}
		case SuggestDocument:
			for _, d := range m.Documents {
				consider(k, d.NodeID, d.Title, d.City, []string{d.Title, d.ID})
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

// likeness scores how alike the folded text q (with its bigrams qb) and name n are.
func likeness(q string, qb map[string]int, n string) float64 {
	if n == "" {
		return 0
	}
	if q == n {
		return 1
	}
	lq, ln := float64(len([]rune(q))), float64(len([]rune(n)))
	short, long := min(lq, ln), max(lq, ln)
	switch {
	case strings.Contains(n, q) || strings.Contains(q, n):
		return 0.5 + 0.5*short/long
	case short >= 2 && (inOrder(q, n) || inOrder(n, q)):
		return 0.25 + 0.25*short/long
	}
	nb := bigramSet(n)
	total, shared := 0, 0
	for _, c := range qb {
		total += c
	}
	for b, c := range nb {
		total += c
		shared += min(c, qb[b])
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
func inOrder(a, b string) bool {
	ar := []rune(a)
	i := 0
	for _, r := range b {
		if i < len(ar) && ar[i] == r {
			i++
		}
	}
	return i == len(ar)
}

// bigramSet counts the pairs of adjacent characters of s.
func bigramSet(s string) map[string]int {
	r := []rune(s)
	out := make(map[string]int, len(r))
	for i := 0; i+1 < len(r); i++ {
		out[string(r[i:i+2])]++
	}
	return out
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
