package analysis

import (
	"math"
	"strings"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// IndicatorComparison sets side by side every target for an indicator, across documents and
// cities, and every value reported as achieved, with an assessment of each target against
// each observation.
type IndicatorComparison struct {
	Indicator    *model.Indicator
	Targets      []*model.Target
	Observations []*model.Observation
	Assessments  []Assessment
}

// Assessment says whether an observation meets a target. Met is nil when the two cannot be
// compared: a value missing, units that do not convert, a rank against a count, ranks of
// different scopes, or an observed range that straddles the target. SameCity tells whether
// the observation is of the target's city; Met compares the values either way.
type Assessment struct {
	Target      *model.Target
	Observation *model.Observation
	SameCity    bool
	Met         *bool
	Gap         *float64 // observed minus target value, in the target's unit
}

// aboutTolerance is how far below a 左右 (ABOUT) target a value may fall and still meet it.
const aboutTolerance = 0.05

// CompareIndicator compares the targets and observations of the indicator a name finds (see
// FindIndicators); nil when none does.
func CompareIndicator(m *model.Model, name string) *IndicatorComparison {
	found := m.FindIndicators(name)
	if name == "" || len(found) == 0 {
		return nil
	}
	in := found[0]
	c := &IndicatorComparison{Indicator: in, Targets: in.Targets, Observations: in.Observations, Assessments: []Assessment{}}
	for _, t := range in.Targets {
		for _, o := range in.Observations {
			c.Assessments = append(c.Assessments, Assess(t, o))
		}
	}
	return c
}

// Assess compares an observation with a target. A target is met when the observed value
// reaches it in the target's direction: at least the value for 以上 and for plain targets
// (达到65%), at most for 以内/以下, for ranks (全省前3位: lower is better) and for targets
// the text lowers (降至, 控制在); within aboutTolerance of it for 左右.
func Assess(t *model.Target, o *model.Observation) Assessment {
	a := Assessment{Target: t, Observation: o, SameCity: model.SameCity(t.Measure.Document.City, o.Document.City)}
	if t.Value == nil || o.Value == nil || t.Rank != o.Rank || t.Rank && rankScope(t.ValueText) != rankScope(o.ValueText) {
		return a
	}
	tu, ts := baseUnit(t.Unit)
	ou, os := baseUnit(o.Unit)
	if !t.Rank && tu != ou {
		return a
	}
	want := *t.Value
	got := *o.Value
	if !t.Rank {
		got = got * os / ts
	}
	// Rounded to the precision documents print, so 63.28 − 60 reads 3.28.
	gap := math.Round((got-want)*1e6) / 1e6
	a.Gap = &gap
	lowerIsBetter := t.Rank || t.Comparator == policy.AtMost || lowers(t.Target)
	threshold := want
	if t.Comparator == policy.About {
		if lowerIsBetter {
			threshold = want * (1 + aboutTolerance)
		} else {
			threshold = want * (1 - aboutTolerance)
		}
	}
	// The observation is a range when the report qualifies it (80%以上, 5%以下).
	lo, hi := got, got
	switch o.Comparator {
	case policy.AtLeast:
		hi = math.Inf(1)
	case policy.AtMost:
		lo = math.Inf(-1)
	}
	var met bool
	switch {
	case lowerIsBetter && hi <= threshold, !lowerIsBetter && lo >= threshold:
		met = true
	case lowerIsBetter && lo > threshold, !lowerIsBetter && hi < threshold:
		met = false
	default:
		return a
	}
	a.Met = &met
	return a
}

// lowerWords before a target's value say the target lowers the indicator.
var lowerWords = []string{"降至", "降到", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至", "控制在", "压缩到", "压缩至", "缩短到", "缩短至", "不超过", "不高于"}

// lowers reports whether the words just before a target's value lower the indicator
// (空编率降至5%): then a smaller observed value is the better one.
func lowers(t *policy.Target) bool {
	i := strings.Index(t.Text, t.ValueText)
	if i < 0 || t.ValueText == "" {
		return false
	}
	before := []rune(t.Text[:i])
	before = before[max(0, len(before)-6):]
	for _, w := range lowerWords {
		if strings.Contains(string(before), w) {
			return true
		}
	}
	return false
}

// baseUnit splits a unit into the unit it counts and the factor of its 万/亿/千 prefix:
// 万人次 is 10000 人次, 亿元 is 10000 万元.
func baseUnit(u string) (string, float64) {
	for _, p := range []struct {
		prefix string
		factor float64
	}{{"亿", 1e8}, {"万", 1e4}, {"千", 1e3}} {
		if rest, ok := strings.CutPrefix(u, p.prefix); ok && rest != "" {
			return rest, p.factor
		}
	}
	return u, 1
}

// rankScope is what a rank is counted in: 全省 for 全省前3位, 全国 for 全国前百名.
func rankScope(valueText string) string {
	r := []rune(valueText)
	if len(r) >= 2 && r[0] == '全' {
		return string(r[:2])
	}
	return ""
}
