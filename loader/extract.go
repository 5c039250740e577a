package loader

import (
	"github.com/policykg/policykg/policy"
	"slices"
	"strings"
	"unicode/utf8"
)

// countable reports whether a figure outside a dated clause is still a commitment: it has
// a comparator, recurs (每年…) or spans a period (“十四五”期间), which recurs tells by the
// offset of the first 每 or 期间 in the clause (-1 when none), or follows a verb of delivery.
func countable(f figure, clause []rune, recurs int) bool {
	if f.cmp != policy.Exactly || f.rank || recurs >= 0 && recurs < f.start {
		return true
	}
	pre := clause[:f.start]
	// The verb stands right before the figure; the longest is four characters, and looking
	// no further keeps a clause of many figures linear.
	tail := strings.TrimSpace(string(pre[max(0, len(pre)-16):]))
	return countVerbs.MatchString(tail)
}

// clauseTargets turns the figures of one clause into targets.
func clauseTargets(cl []rune, firstClause string, dated bool, year int, sentenceStretch bool) []policy.Target {
	figs := figuresIn(cl)
	s := string(cl)
	// 床医比、医护比分别达到1:0.55、1:1.2 gives each name its own value.
	var names []string
	if i := strings.Index(s, "分别"); i >= 0 && len(figs) > 1 {
		pre, _ := indicatorBefore(s[:i])
		names = splitNames(pre)
		if len(names) != len(figs) {
			names = nil
		}
	}
	recurs := slices.Index(cl, '每')
	if i := strings.Index(s, "期间"); i >= 0 && (recurs < 0 || utf8.RuneCountInString(s[:i]) < recurs) {
		recurs = utf8.RuneCountInString(s[:i])
	}
	stretch := sentenceStretch || strings.Contains(s, "力争")
	var out []policy.Target
	prevEnd := 0
	for k := 0; k < len(figs); k++ {
		f := figs[k]
		pre := string(cl[prevEnd:f.start])
		// 建设100个精品国医堂、2000个…: a list continues the commitment of its first item.
		listed := len(out) > 0 && strings.HasSuffix(strings.TrimSpace(pre), "、")
		if !dated && !countable(f, cl, recurs) && !listed {
			prevEnd = f.end
			continue
		}
		var post string
		if k+1 == len(figs) {
			post = string(cl[f.end:])
		} else {
			post = string(cl[f.end:figs[k+1].start])
			// 50%的县建成1所康复医院: the second figure only qualifies the first.
			if countVerbs.MatchString(strings.TrimSpace(post)) && !f.rank && !strings.Contains(stripBrackets(post), "、") {
				post = string(cl[f.end:])
				k++
			}
		}
		name, maintain := indicatorBefore(pre)
		trimmed := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(pre), "至少"))
		valueFirst := name == "" || countVerbs.MatchString(trimmed) || strings.HasSuffix(strings.TrimSpace(pre), "至少") ||
			strings.HasSuffix(trimmed, "、") || strings.HasSuffix(trimmed, "和") || strings.HasSuffix(trimmed, "及") || strings.HasSuffix(trimmed, "与")
		if names != nil {
			name = names[k]
		} else if bare := strings.TrimLeft(trimmed, "每年度"); (countVerbs.MatchString(bare) || bare == "") && strings.HasPrefix(trimmed, "每") && !valueAfterNoun(post) {
			// 每年开展不少于4期: what is held each year was named earlier in the sentence.
			name = trimLead(strings.TrimLeft(firstClause, "定期")) + trimmed
		} else if valueFirst {
			if after := indicatorAfter(post); after != "" {
				name = trimLead(after)
			}
		}
		if name == "" {
			prevEnd = f.end
			continue
		}
		cmp := f.cmp
		if cmp == policy.Exactly && !f.rank && (strings.Contains(pre, "至少") || strings.Contains(pre, "不少于")) {
			cmp = policy.AtLeast
		}
		t := policy.Target{
			Indicator:  name,
			ValueText:  f.valueText,
			Unit:       f.unit,
			Comparator: cmp,
			Stretch:    stretch,
			Maintain:   maintain || isMaintain(pre),
			Rank:       f.rank,
			Span:       policy.Span{Start: f.start, End: f.end},
		}
		v := f.value
		t.Value = &v
		if dated {
			t.Year = year
		}
		out = append(out, t)
		prevEnd = figs[k].end
	}
	return out
}

// splitNames splits 床医比、医护比 or 每万人口全科医生和公共卫生人员数 into indicator names,
// giving a shared leading qualifier (每万人口) to every name.
func splitNames(s string) []string {
	parts := splitTop(s, "、和及与")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	for _, q := range []string{"每万人口", "每千人口", "每十万人口", "每百名"} {
		if strings.HasPrefix(parts[0], q) {
			for i := 1; i < len(parts); i++ {
				if !strings.HasPrefix(parts[i], q) {
					parts[i] = q + parts[i]
				}
			}
		}
	}
	return parts
}

// stripBrackets removes bracketed asides: 县（市、区） lists nothing.
func stripBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(' || r == '（':
			depth++
		case r == ')' || r == '）':
			depth--
		case depth <= 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// valueAfterNoun reports whether the words after a value name what it counts.
func valueAfterNoun(post string) bool {
	return strings.TrimSpace(strings.Trim(post, ",;。")) != ""
}
