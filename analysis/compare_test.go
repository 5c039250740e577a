package analysis

import (
	"fmt"
	"testing"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// TestAssess checks when an observed value meets a target, one rule per case.
func TestAssess(t *testing.T) {
	jining := &model.Document{Document: &policy.Document{City: "济宁"}}
	binzhou := &model.Document{Document: &policy.Document{City: "滨州市"}}
	target := func(text, valueText string, v float64, unit string, cmp policy.Comparator, rank bool) *model.Target {
		return &model.Target{Target: &policy.Target{Text: text, ValueText: valueText, Value: &v, Unit: unit, Comparator: cmp, Rank: rank},
			Measure: &model.Measure{Document: jining}}
	}
	obs := func(valueText string, v float64, unit string, cmp policy.Comparator, rank bool) *model.Observation {
		return &model.Observation{Observation: &policy.Observation{ValueText: valueText, Value: &v, Unit: unit, Comparator: cmp, Rank: rank}, Document: jining}
	}
	yes, no := true, false
	for _, tc := range []struct {
		name string
		t    *model.Target
		o    *model.Observation
		met  *bool
		gap  string
	}{
		{"以上, below", target("签约率达到65%以上", "65%以上", 65, "%", policy.AtLeast, false), obs("63.28%", 63.28, "%", policy.Exactly, false), &no, "-1.72"},
		{"以上, above", target("签约率达到60%以上", "60%以上", 60, "%", policy.AtLeast, false), obs("63.28%", 63.28, "%", policy.Exactly, false), &yes, "3.28"},
		{"plain target reached", target("建成500个", "500个", 500, "个", policy.Exactly, false), obs("520个", 520, "个", policy.Exactly, false), &yes, "20"},
		{"以内", target("空编率控制在5%以内", "5%以内", 5, "%", policy.AtMost, false), obs("4.25%", 4.25, "%", policy.Exactly, false), &yes, "-0.75"},
		{"降至, above", target("空编率降至5%", "5%", 5, "%", policy.Exactly, false), obs("6%", 6, "%", policy.Exactly, false), &no, "1"},
		{"左右, within 5%", target("就诊率力争在90%左右", "90%左右", 90, "%", policy.About, false), obs("86%", 86, "%", policy.Exactly, false), &yes, "-4"},
		{"左右, too far", target("就诊率力争在90%左右", "90%左右", 90, "%", policy.About, false), obs("80%", 80, "%", policy.Exactly, false), &no, "-10"},
		{"万 converts", target("受益群众不少于100万人", "不少于100万人", 100, "万人", policy.AtLeast, false), obs("1100000人", 1100000, "人", policy.Exactly, false), &yes, "10"},
		{"units differ", target("投入2000万元", "2000万元", 2000, "万元", policy.Exactly, false), obs("50家", 50, "家", policy.Exactly, false), nil, ""},
		{"rank: lower is better", target("排名保持全省前3位", "全省前3位", 3, "位", policy.Exactly, true), obs("全省第1", 1, "位", policy.Exactly, true), &yes, "-2"},
		{"rank of another scope", target("进入全国前百名", "全国前百名", 100, "名", policy.Exactly, true), obs("全省第1", 1, "位", policy.Exactly, true), nil, ""},
		{"rank against a count", target("排名保持全省前3位", "全省前3位", 3, "位", policy.Exactly, true), obs("3家", 3, "家", policy.Exactly, false), nil, ""},
		{"observed range inside", target("保障水平达到75%", "75%", 75, "%", policy.Exactly, false), obs("80%以上", 80, "%", policy.AtLeast, false), &yes, "5"},
		{"observed range straddles", target("空编率控制在3%以内", "3%以内", 3, "%", policy.AtMost, false), obs("5%以下", 5, "%", policy.AtMost, false), nil, "2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Assess(tc.t, tc.o)
			if (a.Met == nil) != (tc.met == nil) || a.Met != nil && *a.Met != *tc.met {
				t.Errorf("met = %v, want %v", show(a.Met), show(tc.met))
			}
			gap := ""
			if a.Gap != nil {
				gap = fmt.Sprint(*a.Gap)
			}
			if gap != tc.gap {
				t.Errorf("gap = %q, want %q", gap, tc.gap)
			}
			if !a.SameCity {
				t.Error("sameCity = false for two 济宁 documents")
			}
		})
	}
	other := target("签约率保持在60%以上", "60%以上", 60, "%", policy.AtLeast, false)
	other.Measure.Document = binzhou
	if a := Assess(other, obs("63.28%", 63.28, "%", policy.Exactly, false)); a.SameCity || a.Met == nil || !*a.Met {
		t.Errorf("滨州 target against a 济宁 report: sameCity %v met %v, want false true", a.SameCity, show(a.Met))
	}
}

func show(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
