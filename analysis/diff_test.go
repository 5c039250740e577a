package analysis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// diffModel loads the two versions of the invented plan in testdata/diff. The final text
// renumbers (1. → （二）), reorders, renames one measure, swaps a lead, drops a measure and
// adds one; what changed is written below from reading the two texts.
func diffModel(t *testing.T) *model.Model {
	t.Helper()
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"testdata/diff"})
	if err != nil {
		t.Fatal(err)
	}
	return model.Build("test", docs, nil)
}

func respList(rs []model.Responsibility) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s/%s", r.Agency.Name, r.Role))
	}
	return out
}

func TestDiffDocumentsPairsByContent(t *testing.T) {
	m := diffModel(t)
	d, err := DiffDocuments(m, "care-plan-draft", "doc:care-plan-final")
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		from, to       string // numbers as printed
		titleChanged   bool
		added, removed []string
		targetChanges  []string // indicator: from → to
	}
	wants := []want{
		{"1.", "（二）", false, []string{}, []string{"市教育局/SUPPORT"},
			[]string{"每万人口全科医生数: 3.5人 → 4人"}},
		// 2. and （三） are the same words: paired, but not a change.
		{"3.", "（一）", true, []string{"市医保局/LEAD", "市卫生健康委/SUPPORT"}, []string{"市卫生健康委/LEAD", "市医保局/SUPPORT"},
			[]string{"全人群签约率: 55%以上 → 60%以上"}},
	}
	if len(d.Changes) != len(wants) {
		var got []string
		for _, c := range d.Changes {
			got = append(got, c.From.Number+"→"+c.To.Number)
		}
		t.Fatalf("changes %v, want %d", got, len(wants))
	}
	for i, w := range wants {
		c := d.Changes[i]
		if c.From.Number != w.from || c.To.Number != w.to || c.TitleChanged != w.titleChanged {
			t.Errorf("change %d: %s→%s titleChanged %v, want %s→%s %v", i, c.From.Number, c.To.Number, c.TitleChanged, w.from, w.to, w.titleChanged)
		}
		if got := respList(c.AgenciesAdded); !slices.Equal(got, w.added) {
			t.Errorf("change %d: added %v, want %v", i, got, w.added)
		}
		if got := respList(c.AgenciesRemoved); !slices.Equal(got, w.removed) {
			t.Errorf("change %d: removed %v, want %v", i, got, w.removed)
		}
		var got []string
		for _, tc := range c.TargetChanges {
			got = append(got, fmt.Sprintf("%s: %s → %s", tc.Indicator.Name, tc.From.ValueText, tc.To.ValueText))
		}
		if !slices.Equal(got, w.targetChanges) {
			t.Errorf("change %d: targets %v, want %v", i, got, w.targetChanges)
		}
	}
	if len(d.OnlyInFrom) != 1 || d.OnlyInFrom[0].Title != "发展普惠托育服务" {
		t.Errorf("onlyInFrom %v, want 发展普惠托育服务", measureTitles(d.OnlyInFrom))
	}
	if len(d.OnlyInTo) != 1 || d.OnlyInTo[0].Title != "加强院前急救体系建设" {
		t.Errorf("onlyInTo %v, want 加强院前急救体系建设", measureTitles(d.OnlyInTo))
	}
}

func measureTitles(ms []*model.Measure) []string {
	out := []string{}
	for _, mv := range ms {
		out = append(out, mv.Title)
	}
	return out
}

// TestDiffDocumentsReverse reads the same two texts the other way: what was added is removed.
func TestDiffDocumentsReverse(t *testing.T) {
	d, err := DiffDocuments(diffModel(t), "care-plan-final", "care-plan-draft")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Changes {
		if c.From.Number == "（二）" {
			if got := respList(c.AgenciesAdded); !slices.Equal(got, []string{"市教育局/SUPPORT"}) {
				t.Errorf("（二）→1.: added %v, want 市教育局/SUPPORT", got)
			}
		}
	}
	if len(d.OnlyInFrom) != 1 || d.OnlyInFrom[0].Title != "加强院前急救体系建设" {
		t.Errorf("onlyInFrom %v, want 加强院前急救体系建设", measureTitles(d.OnlyInFrom))
	}
}

func TestDiffDocumentsUnknown(t *testing.T) {
	if _, err := DiffDocuments(diffModel(t), "care-plan-draft", "no-such-plan"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

// TestPairTargets pairs reworded targets of one measure: the same indicator first, then
// names worded alike in the same unit; a target with no counterpart is added or removed.
func TestPairTargets(t *testing.T) {
	ind := func(name string) *model.Indicator { return &model.Indicator{Name: name} }
	tg := func(in *model.Indicator, words string, v float64, unit string) *model.Target {
		return &model.Target{Target: &policy.Target{Indicator: in.Name, Words: words, Value: &v, Unit: unit}, Indicator: in}
	}
	sign, beds, centres, old := ind("全人群签约率"), ind("每千人口床位数"), ind("国家级重点专科"), ind("精品国医堂")
	from := []*model.Target{tg(sign, "全人群签约率", 60, "%"), tg(centres, "国家级重点专科", 10, "个"), tg(old, "精品国医堂", 100, "个")}
	to := []*model.Target{tg(ind("国家临床重点专科建设"), "国家临床重点（优势）专科建设", 10, "个"), tg(sign, "全人群家庭医生签约率", 65, "%"), tg(beds, "每千人口床位数", 6, "张")}
	var got []string
	for _, p := range pairTargets(from, to) {
		f, w := "-", "-"
		if p.from != nil {
			f = p.from.Words
		}
		if p.to != nil {
			w = p.to.Words
		}
		got = append(got, f+"→"+w)
	}
	want := []string{"国家级重点专科→国家临床重点（优势）专科建设", "全人群签约率→全人群家庭医生签约率", "-→每千人口床位数", "精品国医堂→-"}
	if !slices.Equal(got, want) {
		t.Errorf("pairs %v, want %v", got, want)
	}
}
