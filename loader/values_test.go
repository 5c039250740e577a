package loader

import (
	"context"
	"fmt"
	"github.com/policykg/policykg/policy"
	"path/filepath"
	"strings"
	"testing"
)

// wantValue is one target of testdata/values/unseen-phrasing.txt as a reader finds it: key is
// part of the words the text uses for the indicator.
type wantValue struct {
	key, valueText string
	value          float64
	unit           string
	cmp            policy.Comparator
	year           int
	stretch        bool
	maintain       bool
	rank           bool
}

// TestValuesUnseenPhrasing reads a plan written for this test in phrasings the seed corpus
// does not use (10/10万以下, ‰, ≥90%, 4级及以上, 1∶0.6, 全国前十, 稳定在, 200多名, an age a verb
// sets), so that the value rules are tried on words they were not tuned on.
func TestValuesUnseenPhrasing(t *testing.T) {
	d, err := DefaultNames().LoadFile(context.Background(), filepath.Join("testdata", "values", "unseen-phrasing.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]wantValue{
		{
			{"孕产妇死亡率", "10/10万以下", 10, "/10万", policy.AtMost, 2025, false, false, false},
			{"婴儿死亡率", "4.5‰以下", 4.5, "‰", policy.AtMost, 2025, false, false, false},
			{"人均预期寿命", "80岁", 80, "岁", policy.Exactly, 2025, false, false, false},
		},
		{
			{"每千人口医疗卫生机构床位数", "6.5张", 6.5, "张", policy.Exactly, 2026, false, false, false},
			{"床护比", "不低于1∶0.6", 0.6, "", policy.AtLeast, 2026, false, false, false},
			{"医护比", "1：1.25左右", 1.25, "", policy.About, 2026, false, false, false},
			{"平均住院日", "不超过8天", 8, "天", policy.AtMost, 2026, false, false, false},
		},
		{
			{"门诊患者满意度", "≥90%", 90, "%", policy.AtLeast, 2025, false, false, false},
			{"电子病历系统应用水平", "4级及以上", 4, "级", policy.AtLeast, 2025, false, false, false},
			{"绩效考核排名", "全国前十", 10, "位", policy.Exactly, 2025, true, false, true},
			{"门急诊人次占比", "60%左右", 60, "%", policy.About, 2025, false, true, false},
			// 全省第一方阵 is a group, not a rank: no target.
		},
		{
			{"基层卫生人员", "不少于500人次", 500, "人次", policy.AtLeast, 0, false, false, false},
			{"全科医生", "200多名", 200, "名", policy.AtLeast, 0, false, false, false},
		},
	}
	if len(d.Measures) != len(want) {
		t.Fatalf("%d measures, want %d", len(d.Measures), len(want))
	}
	for i, ws := range want {
		m := d.Measures[i]
		t.Run(fmt.Sprintf("M%d", i+1), func(t *testing.T) {
			if len(m.Targets) != len(ws) {
				var got []string
				for _, tg := range m.Targets {
					got = append(got, tg.Words+"="+tg.ValueText)
				}
				t.Fatalf("targets %q, want %d", got, len(ws))
			}
			for k, w := range ws {
				g := m.Targets[k]
				if !strings.Contains(g.Words, w.key) || g.ValueText != w.valueText || g.Value == nil || *g.Value != w.value ||
					g.Unit != w.unit || g.Comparator != w.cmp || g.Year != w.year || g.Stretch != w.stretch || g.Maintain != w.maintain || g.Rank != w.rank {
					t.Errorf("target %d: got %+v (value %v), want %+v", k+1, g, deref(g.Value), w)
				}
				if span := []rune(d.Text)[g.Span.Start:g.Span.End]; string(span) != g.ValueText {
					t.Errorf("target %d: text at span is %q, want valueText %q", k+1, string(span), g.ValueText)
				}
			}
		})
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// TestComparatorWords checks every comparator word of the rules on its own.
func TestComparatorWords(t *testing.T) {
	for _, tc := range []struct {
		before, after string
		want          policy.Comparator
	}{
		{"", "以上", policy.AtLeast}, {"不低于", "", policy.AtLeast}, {"不少于", "", policy.AtLeast}, {"至少", "", policy.AtLeast}, {"", "及以上", policy.AtLeast},
		{"≥", "", policy.AtLeast}, {"超过", "", policy.AtLeast},
		{"", "左右", policy.About}, {"约", "", policy.About}, {"近", "", policy.About}, {"", "上下", policy.About},
		{"", "以内", policy.AtMost}, {"不超过", "", policy.AtMost}, {"", "以下", policy.AtMost}, {"≤", "", policy.AtMost}, {"低于", "", policy.AtMost},
		{"", "", policy.Exactly},
	} {
		if got := comparatorOf(tc.before, tc.after); got != tc.want {
			t.Errorf("comparatorOf(%q, %q) = %s, want %s", tc.before, tc.after, got, tc.want)
		}
	}
}
