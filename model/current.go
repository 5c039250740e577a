package model

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/width"

	"github.com/policykg/policykg/policy"
)

// versions pairs every draft with the final text that replaces it. It is worked out once
// per model, the first time a question needs it.
type versions struct {
	once         sync.Once
	supersededBy map[*Document]*Document
}

var (
	// printedAs is the wrapper of a title that issues a text (…关于印发X的通知): X is the plan.
	printedAs = regexp.MustCompile(`印发(.+?)的通知$`)
	// issuerPrefix is the issuing body before 关于 (济宁市人民政府办公室关于…).
	issuerPrefix = regexp.MustCompile(`^\p{Han}*?(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|委)关于`)
	// draftWords mark a version for comments; the final text of the same plan lacks them.
	draftWords = strings.NewReplacer("征求意见稿", "", "征求意见", "", "送审稿", "", "讨论稿", "", "修改稿", "", "代拟稿", "", "草案", "")
	// linkWords are words a draft and its final text often differ by alone (济宁市关于进一步… ↔
	// 济宁市进一步…; 体系的实施方案 ↔ 体系实施方案).
	linkWords = strings.NewReplacer("关于", "", "的", "")
)

// planKey is what a draft and the final text of one plan have in common in their titles:
// the title without its 印发…的通知 wrapper, its issuer, its city, draft markers (征求意见稿),
// 关于 and 的, spaces and punctuation, with full- and half-width forms folded.
func planKey(title, city string) string {
	t := width.Fold.String(title)
	t = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, t)
	if m := printedAs.FindStringSubmatch(t); m != nil {
		t = m[1]
	}
	t = issuerPrefix.ReplaceAllString(t, "")
	t = draftWords.Replace(t)
	t = linkWords.Replace(t)
	if c := strings.TrimSuffix(city, "市"); c != "" {
		t = strings.TrimPrefix(strings.TrimPrefix(t, c+"市"), c)
	}
	return t
}

// sameAuthor tells whether two documents come from the same place: the same issuer when
// both name one, else the same city (or both without one).
func sameAuthor(a, b *Document) bool {
	if a.Issuer != "" && b.Issuer != "" {
		return a.Issuer == b.Issuer
	}
	return SameCity(a.City, b.City)
}

// pairVersions finds, for each draft, the final text of the same plan: a FINAL document of
// the same issuer or city whose title is the draft's once draft markers and wording that
// versions change (关于, 的, 印发…的通知) are left out, and which is not dated before the
// draft. When several finals qualify, the latest dated (then the greatest ID) is the one in
// force.
func (m *Model) pairVersions() map[*Document]*Document {
	finals := map[string][]*Document{}
	for _, d := range m.Documents {
		if d.Status == policy.StatusFinal {
			if k := planKey(d.Title, d.City); k != "" {
				finals[k] = append(finals[k], d)
			}
		}
	}
	out := map[*Document]*Document{}
	for _, d := range m.Documents {
		if d.Status != policy.StatusDraft {
			continue
		}
		var best *Document
		for _, f := range finals[planKey(d.Title, d.City)] {
			if !sameAuthor(d, f) || d.Date != "" && f.Date != "" && f.Date < d.Date {
				continue
			}
			if best == nil || f.Date > best.Date || f.Date == best.Date && f.ID > best.ID {
				best = f
			}
		}
		if best != nil {
			out[d] = best
		}
	}
	return out
}

// SupersededBy returns the final text that replaces a draft, or nil when d is not a draft
// or its final text is not loaded.
func (m *Model) SupersededBy(d *Document) *Document {
	m.versions.once.Do(func() { m.versions.supersededBy = m.pairVersions() })
	return m.versions.supersededBy[d]
}

// Current tells whether a document is in force as far as the store knows: false only for
// a draft whose final text is loaded.
func (m *Model) Current(d *Document) bool { return m.SupersededBy(d) == nil }

// CurrentDocuments keeps the documents that are current.
func (m *Model) CurrentDocuments(ds []*Document) []*Document {
	return keep(ds, m.Current)
}

// CurrentMeasures keeps the measures of current documents.
func (m *Model) CurrentMeasures(ms []*Measure) []*Measure {
	return keep(ms, func(mv *Measure) bool { return m.Current(mv.Document) })
}

// CurrentTargets keeps the targets of current documents.
func (m *Model) CurrentTargets(ts []*Target) []*Target {
	return keep(ts, func(t *Target) bool { return m.Current(t.Measure.Document) })
}

// keep returns the items ok accepts, in order; the list itself when it accepts them all.
func keep[T any](items []T, ok func(T) bool) []T {
	for i, x := range items {
		if ok(x) {
			continue
		}
		out := append(make([]T, 0, len(items)-1), items[:i]...)
		for _, y := range items[i+1:] {
			if ok(y) {
				out = append(out, y)
			}
		}
		return out
	}
	return items
}
