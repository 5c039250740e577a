package analysis

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// DocumentDiff is what changed from one version of a document to another (a draft and its
// final text): the measures paired across the two versions, and those only one of them has.
type DocumentDiff struct {
	From, To   *model.Document
	Changes    []MeasureChange
	OnlyInFrom []*model.Measure
	OnlyInTo   []*model.Measure
}

// MeasureChange is a measure of From paired with its counterpart in To, and what changed
// between them. Agencies are compared with their roles: a unit whose role changed is in
// AgenciesRemoved with its old role and in AgenciesAdded with its new one.
type MeasureChange struct {
	From, To        *model.Measure
	Score           float64 // similarity of the two measures' words, 0–1
	TitleChanged    bool
	TextChanged     bool
	AgenciesAdded   []model.Responsibility
	AgenciesRemoved []model.Responsibility
	TargetChanges   []TargetChange
}

// TargetChange is a target added (From is nil), removed (To is nil) or changed in value,
// unit, comparator, year, stretch or maintain marker. Indicator is To's indicator, or From's
// when the target was removed.
type TargetChange struct {
	Indicator *model.Indicator
	From, To  *model.Target
}

const (
	// MinMeasureScore is the similarity below which two measures are not versions of one
	// another. It sits in the gap the 济宁 draft and final show: every measure scores at least
	// 0.61 with its own other version and at most 0.28 with any other measure. Alignment
	// across cities (AlignMeasures) needs a lower threshold; versions of one plan do not.
	MinMeasureScore = 0.4
	// minTargetDice is how alike two indicators' words must be for targets with no shared
	// indicator to be one target reworded (国家级重点专科 → 国家临床重点（优势）专科建设).
	minTargetDice = 0.3
)

// DiffDocuments compares two documents, given by node ID or plain ID. Measures are paired as
// AlignMeasures pairs them, by the tf-idf similarity of their words (the title is the text's
// first sentence), never by position: a final text renumbers and renames its measures.
func DiffDocuments(m *model.Model, from, to string) (*DocumentDiff, error) {
	a, b := m.Document(from), m.Document(to)
	if a == nil {
		return nil, fmt.Errorf("diff from: %w", graph.DocumentNotFound(from))
	}
	if b == nil {
		return nil, fmt.Errorf("diff to: %w", graph.DocumentNotFound(to))
	}
	d := &DocumentDiff{From: a, To: b, OnlyInFrom: []*model.Measure{}, OnlyInTo: []*model.Measure{}, Changes: []MeasureChange{}}
	al, err := AlignMeasures(m, a.NodeID, b.NodeID, MinMeasureScore)
	if err != nil {
		return nil, fmt.Errorf("diff %s → %s: %w", a.ID, b.ID, err)
	}
	for _, p := range al.Pairs {
		if c := compareMeasures(p.A, p.B, p.Score); c.changed() {
			d.Changes = append(d.Changes, c)
		}
	}
	d.OnlyInFrom = append(d.OnlyInFrom, al.OnlyInA...)
	d.OnlyInTo = append(d.OnlyInTo, al.OnlyInB...)
	return d, nil
}

func (c MeasureChange) changed() bool {
	return c.TitleChanged || c.TextChanged || len(c.AgenciesAdded)+len(c.AgenciesRemoved)+len(c.TargetChanges) > 0
}

// compareMeasures says what changed from a to b.
func compareMeasures(a, b *model.Measure, score float64) MeasureChange {
	c := MeasureChange{
		From: a, To: b, Score: score,
		TitleChanged:    a.Title != b.Title,
		TextChanged:     strings.Join(strings.Fields(a.Text), "") != strings.Join(strings.Fields(b.Text), ""),
		AgenciesAdded:   missingResponsibilities(b, a),
		AgenciesRemoved: missingResponsibilities(a, b),
		TargetChanges:   []TargetChange{},
	}
	for _, p := range pairTargets(a.Targets, b.Targets) {
		switch {
		case p.from == nil:
			c.TargetChanges = append(c.TargetChanges, TargetChange{Indicator: p.to.Indicator, To: p.to})
		case p.to == nil:
			c.TargetChanges = append(c.TargetChanges, TargetChange{Indicator: p.from.Indicator, From: p.from})
		case !sameCommitment(p.from.Target, p.to.Target):
			c.TargetChanges = append(c.TargetChanges, TargetChange{Indicator: p.to.Indicator, From: p.from, To: p.to})
		}
	}
	return c
}

// missingResponsibilities lists the responsibilities of a that b lacks: the same agency in
// the same role. Position alone is not a change.
func missingResponsibilities(a, b *model.Measure) []model.Responsibility {
	type key struct {
		agency *model.Agency
		role   policy.Role
	}
	in := map[key]bool{}
	for _, r := range b.Responsibilities {
		in[key{r.Agency, r.Role}] = true
	}
	out := []model.Responsibility{}
	for _, r := range a.Responsibilities {
		if !in[key{r.Agency, r.Role}] {
			out = append(out, r)
		}
	}
	return out
}

// targetPair is a target of the old measure and its counterpart in the new one; either may
// be nil.
type targetPair struct{ from, to *model.Target }

// pairTargets pairs the targets of two versions of a measure: first those on one indicator,
// in order; then, among the rest, those whose indicators are worded alike and counted in the
// same unit; what remains was added or removed. Pairs come in the new measure's order, the
// removed targets last.
func pairTargets(from, to []*model.Target) []targetPair {
	match := map[*model.Target]*model.Target{} // to → from
	used := map[*model.Target]bool{}
	for _, b := range to {
		for _, a := range from {
			if !used[a] && a.Indicator == b.Indicator {
				match[b], used[a] = a, true
				break
			}
		}
	}
	type cand struct {
		a, b  *model.Target
		score float64
	}
	var cands []cand
	for _, b := range to {
		if match[b] != nil {
			continue
		}
		for _, a := range from {
			if used[a] || a.Rank != b.Rank || a.Unit != b.Unit {
				continue
			}
			if s := wordsDice(wordsOrName(a), wordsOrName(b)); s >= minTargetDice {
				cands = append(cands, cand{a, b, s})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	for _, c := range cands {
		if !used[c.a] && match[c.b] == nil {
			match[c.b], used[c.a] = c.a, true
		}
	}
	var out []targetPair
	for _, b := range to {
		out = append(out, targetPair{match[b], b})
	}
	for _, a := range from {
		if !used[a] {
			out = append(out, targetPair{a, nil})
		}
	}
	return out
}

// wordsOrName is the indicator as the target's text words it.
func wordsOrName(t *model.Target) string {
	if t.Words != "" {
		return t.Words
	}
	return t.Indicator.Name
}

// sameCommitment reports whether two targets commit to the same thing: same value, unit,
// comparator, year and markers. The printed form may differ (1∶0.55, 1：0.55).
func sameCommitment(a, b *policy.Target) bool {
	sameValue := a.Value == nil && b.Value == nil || a.Value != nil && b.Value != nil && *a.Value == *b.Value
	return sameValue && a.Unit == b.Unit && a.Comparator == b.Comparator && a.Year == b.Year &&
		a.Stretch == b.Stretch && a.Maintain == b.Maintain && a.Rank == b.Rank
}

// wordsDice is the Dice coefficient of the character bigram sets of two indicator names:
// the share of bigrams they have in common, 0–1.
func wordsDice(a, b string) float64 {
	set := func(s string) map[string]bool {
		out := map[string]bool{}
		var prev rune
		for _, r := range s {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				if prev != 0 {
					out[string([]rune{prev, r})] = true
				}
				prev = r
			} else {
				prev = 0
			}
		}
		return out
	}
	sa, sb := set(a), set(b)
	if len(sa)+len(sb) == 0 {
		return 0
	}
	common := 0
	for g := range sa {
		if sb[g] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(sa)+len(sb))
}
