package analysis

import (
	"cmp"
	"errors"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// DefaultMinScore is the similarity below which AlignMeasures leaves measures unpaired
// when no threshold is given; it was chosen from the precision and recall measured on the
// seed plans (README, "Measure alignment").
const DefaultMinScore = 0.12

// ErrInvalidScore marks a minimum score outside [0,1].
var ErrInvalidScore = errors.New("score must be in [0,1]")

// maxShared caps the shared words reported for a pair.
const maxShared = 8

// Alignment pairs the measures of two documents that address the same thing.
type Alignment struct {
	A, B  *model.Document
	Pairs []*MeasurePair
	// OnlyInA and OnlyInB are the measures left unpaired, in ordinal order: what one
	// document does that the other does not.
	OnlyInA, OnlyInB []*model.Measure
}

// MeasurePair is a measure of A and its counterpart in B.
type MeasurePair struct {
	A, B *model.Measure
	// Score is the cosine similarity of the two measures' tf-idf vectors, in [0,1].
	Score float64
	// Shared are the most informative strings both texts contain, most informative first.
	Shared []string
}

// AlignMeasures pairs the measures of documents a and b one to one.
//
// Each measure's text (its title is its first sentence) without the responsibility note
// is cut into character bigrams within runs of Chinese characters, the usual unit of
// Chinese retrieval when no segmenter is at hand. Bigrams are weighted by sublinear tf
// (1+ln tf) times smoothed idf over the measures of both documents, ln((1+N)/(1+df))+1,
// so that words every measure uses (医疗, 卫生, 到2025年 …) count little, and two
// measures score the cosine of their vectors. Pairs are then taken greedily by
// descending score, each measure at most once, down to minScore.
func AlignMeasures(m *model.Model, a, b string, minScore float64) (*Alignment, error) {
	da, db := m.Document(a), m.Document(b)
	for id, d := range map[string]*model.Document{a: da, b: db} {
		if d == nil {
			return nil, graph.DocumentNotFound(id)
		}
	}
	if math.IsNaN(minScore) || minScore < 0 || minScore > 1 {
		return nil, errcode.Wrap(ErrInvalidScore, errcode.BadUserInput, "minScore must be between 0 and 1, not %v", minScore)
	}
	textsA, textsB := measureTexts(da.Measures), measureTexts(db.Measures)
	vecsA, vecsB := tfidf(textsA, textsB)
	type candidate struct {
		i, j  int
		score float64
	}
	var cands []candidate
	for i, va := range vecsA {
		for j, vb := range vecsB {
			if s := cosine(va, vb); s >= minScore && s > 0 {
				cands = append(cands, candidate{i, j, s})
			}
		}
	}
	slices.SortStableFunc(cands, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(y.score, x.score), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j))
	})
	al := &Alignment{A: da, B: db}
	usedA, usedB := make([]bool, len(vecsA)), make([]bool, len(vecsB))
	for _, c := range cands {
		if usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		al.Pairs = append(al.Pairs, &MeasurePair{
			A: da.Measures[c.i], B: db.Measures[c.j], Score: math.Min(c.score, 1),
			Shared: sharedStrings(textsA[c.i], textsB[c.j], vecsA[c.i], vecsB[c.j]),
		})
	}
	slices.SortStableFunc(al.Pairs, func(x, y *MeasurePair) int { return cmp.Compare(x.A.Ordinal, y.A.Ordinal) })
	for i, used := range usedA {
		if !used {
			al.OnlyInA = append(al.OnlyInA, da.Measures[i])
		}
	}
	for j, used := range usedB {
		if !used {
			al.OnlyInB = append(al.OnlyInB, db.Measures[j])
		}
	}
	return al, nil
}

// measureTexts returns each measure's text without its responsibility note, as runes.
func measureTexts(ms []*model.Measure) [][]rune {
	out := make([][]rune, len(ms))
	for i, mv := range ms {
		out[i] = []rune(withoutNotes(mv))
	}
	return out
}

// withoutNotes removes the measure's responsibility notes, as the loader read them, from
// its text: they say who, not what, and would make every measure of a bureau look alike.
func withoutNotes(mv *model.Measure) string {
	t := mv.Text
	for _, n := range mv.Measure.Notes {
		if n.Text != "" {
			t = strings.ReplaceAll(t, n.Text, " ")
		}
	}
	return t
}

// bigrams returns the character bigrams of a text within runs of Chinese characters.
func bigrams(t []rune) []string {
	var out []string
	for i := 0; i+1 < len(t); i++ {
		if unicode.Is(unicode.Han, t[i]) && unicode.Is(unicode.Han, t[i+1]) {
			out = append(out, string(t[i:i+2]))
		}
	}
	return out
}

// vector is a sparse tf-idf vector of unit length.
type vector map[string]float64

// tfidf weights the bigrams of two lists of texts with idf over both lists together.
func tfidf(a, b [][]rune) ([]vector, []vector) {
	all := append(append([][]rune{}, a...), b...)
	counts := make([]map[string]int, len(all))
	df := map[string]int{}
	for i, t := range all {
		counts[i] = map[string]int{}
		for _, g := range bigrams(t) {
			counts[i][g]++
		}
		for g := range counts[i] {
			df[g]++
		}
	}
	n := float64(len(all))
	vecs := make([]vector, len(all))
	for i, c := range counts {
		v := vector{}
		norm := 0.0
		// Summed in a fixed order, so that the same texts always score the same to the
		// last digit (floating-point addition depends on the order).
		for _, g := range slices.Sorted(maps.Keys(c)) {
			w := (1 + math.Log(float64(c[g]))) * (math.Log((1+n)/(1+float64(df[g]))) + 1)
			v[g] = w
			norm += w * w
		}
		norm = math.Sqrt(norm)
		for g := range v {
			v[g] /= norm
		}
		vecs[i] = v
	}
	return vecs[:len(a)], vecs[len(a):]
}

func cosine(a, b vector) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	s := 0.0
	for _, g := range slices.Sorted(maps.Keys(a)) {
		s += a[g] * b[g]
	}
	return s
}

// sharedStrings returns the longest strings of Chinese characters both texts contain,
// ranked by how much their bigrams add to the pair's score, without strings contained in
// a better-ranked one.
func sharedStrings(a, b []rune, va, vb vector) []string {
	han := func(r rune) bool { return unicode.Is(unicode.Han, r) }
	// prev[j] / cur[j]: length of the common suffix of a[:i] and b[:j+1] made of Chinese characters.
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	found := map[string]bool{}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cur[j] = 0
			if a[i-1] == b[j-1] && han(a[i-1]) {
				cur[j] = prev[j-1] + 1
			}
		}
		for j := 1; j <= len(b); j++ {
			// A common string that cannot grow to the right ends at (i-1, j-1).
			if l := prev[j-1]; l >= 2 && cur[j] == 0 {
				found[string(a[i-1-l:i-1])] = true
			}
		}
		if l := prev[len(b)]; l >= 2 {
			found[string(a[i-1-l:i-1])] = true
		}
		prev, cur = cur, prev
	}
	for j := 1; j <= len(b); j++ {
		if l := prev[j]; l >= 2 {
			found[string(a[len(a)-l:])] = true
		}
	}
	type scored struct {
		s string
		w float64
	}
	var list []scored
	for s := range found {
		w := 0.0
		seen := map[string]bool{}
		for _, g := range bigrams([]rune(s)) {
			if !seen[g] {
				seen[g] = true
				w += va[g] * vb[g]
			}
		}
		list = append(list, scored{s, w})
	}
	slices.SortFunc(list, func(x, y scored) int {
		return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(len(y.s), len(x.s)), cmp.Compare(x.s, y.s))
	})
	var out []string
	for _, c := range list {
		if len(out) == maxShared {
			break
		}
		if !slices.ContainsFunc(out, func(s string) bool { return strings.Contains(s, c.s) }) {
			out = append(out, c.s)
		}
	}
	return out
}
