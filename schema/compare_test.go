package schema

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The expected values below are read off the seed texts: 济宁's draft (measure 20) and final
// (四（四）) plans, 滨州's measures (11) and 济宁's news report (做好居民健康管理服务).

type gotTarget struct {
	ID, ValueText, Unit, Comparator, Words, Text string
	Value                                        float64
	Year                                         int
	Stretch, Maintain, Rank                      bool
	Document                                     struct{ ID, City, Status string }
}

type gotComparison struct {
	CompareIndicator *struct {
		Indicator    struct{ ID, Name string }
		Targets      []gotTarget
		Observations []struct {
			ValueText, Unit, Words string
			Value                  float64
			Document               struct{ ID, City string }
		}
		Assessments []struct {
			Target      struct{ Document struct{ ID string } }
			Observation struct{ ValueText string }
			SameCity    bool
			Met         *bool
			Gap         *float64
		}
	}
}

const targetFields = `id valueText value unit comparator year stretch maintain rank words text document { id city status }`

const compareQuery = `query($name: String!) { compareIndicator(name: $name) {
  indicator { id name }
  targets { ` + targetFields + ` }
  observations { valueText value unit words document { id city } }
  assessments { target { document { id } } observation { valueText } sameCity met gap } } }`

func compare(t *testing.T, name string) gotComparison {
	t.Helper()
	s, r := seedServer(t)
	var got gotComparison
	run(t, s, r, compareQuery, map[string]any{"name": name}, &got)
	return got
}

// wantTarget is a target as the comparison must show it.
type wantCmpTarget struct {
	doc, city, status string
	value             float64
	valueText, cmp    string
	maintain, stretch bool
}

func checkTargets(t *testing.T, got []gotTarget, want []wantCmpTarget, unit, words string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d targets %+v, want %d", len(got), got, len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(g gotTarget) bool { return g.Document.ID == "doc:"+w.doc })
		if i < 0 {
			t.Errorf("no target of %s", w.doc)
			continue
		}
		g := got[i]
		if g.Document.City != w.city || g.Document.Status != w.status || g.Value != w.value || g.ValueText != w.valueText ||
			g.Unit != unit || g.Comparator != w.cmp || g.Year != 2025 || g.Maintain != w.maintain || g.Stretch != w.stretch {
			t.Errorf("%s: got %+v, want %+v unit %q year 2025", w.doc, g, w, unit)
		}
		if g.Words != words || !strings.Contains(g.Text, w.valueText) {
			t.Errorf("%s: words %q in %q, want %q and a sentence holding %q", w.doc, g.Words, g.Text, words, w.valueText)
		}
	}
}

func TestCompareIndicatorSigning(t *testing.T) {
	for _, name := range []string{"全人群签约率", "全人群家庭医生签约率"} {
		t.Run(name, func(t *testing.T) {
			c := compare(t, name).CompareIndicator
			if c == nil {
				t.Fatal("compareIndicator is null")
			}
			if c.Indicator.Name != "全人群签约率" {
				t.Errorf("indicator %q, want 全人群签约率", c.Indicator.Name)
			}
			checkTargets(t, c.Targets, []wantCmpTarget{
				{"binzhou-measures-2024", "滨州", "FINAL", 60, "60%以上", "AT_LEAST", true, false},
				{"jining-plan-draft", "济宁", "DRAFT", 60, "60%以上", "AT_LEAST", false, false},
				{"jining-plan-final", "济宁", "FINAL", 65, "65%以上", "AT_LEAST", false, false},
			}, "%", "全人群签约率")
			if len(c.Observations) != 1 {
				t.Fatalf("observations %+v, want the news report's one", c.Observations)
			}
			o := c.Observations[0]
			if o.Value != 63.28 || o.ValueText != "63.28%" || o.Unit != "%" || o.Words != "全人群家庭医生签约率" || o.Document.ID != "doc:jining-health-news" || o.Document.City != "济宁" {
				t.Errorf("observation %+v, want 63.28%% 全人群家庭医生签约率 of jining-health-news", o)
			}
			want := map[string]struct {
				met, sameCity bool
				gap           float64
			}{
				"doc:jining-plan-final":     {false, true, -1.72},
				"doc:jining-plan-draft":     {true, true, 3.28},
				"doc:binzhou-measures-2024": {true, false, 3.28},
			}
			if len(c.Assessments) != len(want) {
				t.Fatalf("%d assessments, want %d", len(c.Assessments), len(want))
			}
			for _, a := range c.Assessments {
				w := want[a.Target.Document.ID]
				if a.Met == nil || *a.Met != w.met || a.SameCity != w.sameCity || a.Gap == nil || *a.Gap != w.gap || a.Observation.ValueText != "63.28%" {
					t.Errorf("%s against 63.28%%: met %v sameCity %v gap %v, want %+v", a.Target.Document.ID, a.Met, a.SameCity, a.Gap, w)
				}
			}
		})
	}
}

// TestCompareIndicatorKeepsApart checks that 重点人群签约率 is an indicator of its own.
func TestCompareIndicatorKeepsApart(t *testing.T) {
	all, key := compare(t, "全人群签约率").CompareIndicator, compare(t, "重点人群签约率").CompareIndicator
	if all == nil || key == nil || all.Indicator.ID == key.Indicator.ID {
		t.Fatalf("全人群签约率 %+v and 重点人群签约率 %+v: want two indicators", all, key)
	}
	checkTargets(t, key.Targets, []wantCmpTarget{
		{"binzhou-measures-2024", "滨州", "FINAL", 90, "90%以上", "AT_LEAST", true, false},
		{"jining-plan-draft", "济宁", "DRAFT", 90, "90%以上", "AT_LEAST", true, false},
		{"jining-plan-final", "济宁", "FINAL", 90, "90%以上", "AT_LEAST", true, false},
	}, "%", "重点人群签约率")
	if len(key.Observations)+len(key.Assessments) != 0 {
		t.Errorf("重点人群签约率: %d observations, %d assessments; the news reports none", len(key.Observations), len(key.Assessments))
	}
	if got := compare(t, "门诊满意度").CompareIndicator; got != nil {
		t.Errorf("compareIndicator(门诊满意度) = %+v, want null: no document names it", got)
	}
}

// TestIndicatorNames asks indicators(name:) and compareIndicator(name:) by each wording of
// an indicator the seeds write two ways, and by pairs that must stay two indicators.
func TestIndicatorNames(t *testing.T) {
	s, r := seedServer(t)
	lookup := func(name string) (string, []gotTarget) {
		var got struct {
			Indicators []struct {
				ID, Name string
				Aliases  []string
				Targets  []gotTarget
			}
		}
		run(t, s, r, `query($n: String) { indicators(name: $n) { id name aliases targets { `+targetFields+` } } }`, map[string]any{"n": name}, &got)
		if len(got.Indicators) != 1 {
			t.Fatalf("indicators(name: %q) = %+v, want one", name, got.Indicators)
		}
		return got.Indicators[0].ID, got.Indicators[0].Targets
	}
	for _, tc := range []struct {
		a, b  string
		same  bool
		unit  string
		words string
		want  []wantCmpTarget
	}{
		{"县域内患者就诊率", "县域内就诊率", true, "%", "县域内患者就诊率", []wantCmpTarget{
			{"binzhou-measures-2024", "滨州", "FINAL", 90, "90%以上", "AT_LEAST", false, true},
			{"jining-plan-draft", "济宁", "DRAFT", 90, "90%左右", "ABOUT", false, true},
			{"jining-plan-final", "济宁", "FINAL", 90, "90%以上", "AT_LEAST", false, true},
		}},
		{"每万人口全科医生数", "每万人口全科医生", true, "人", "每万人口全科医生", []wantCmpTarget{
			{"binzhou-measures-2024", "滨州", "FINAL", 5.78, "5.78人", "EXACTLY", false, false},
			{"jining-plan-draft", "济宁", "DRAFT", 4, "4人", "EXACTLY", false, false},
			{"jining-plan-final", "济宁", "FINAL", 4, "4人", "EXACTLY", false, false},
		}},
		{"床医比", "医护比", false, "", "床医比", []wantCmpTarget{
			{"binzhou-measures-2024", "滨州", "FINAL", 0.55, "1∶0.55", "EXACTLY", false, false},
			{"jining-plan-draft", "济宁", "DRAFT", 0.55, "1：0.55", "EXACTLY", false, false},
			{"jining-plan-final", "济宁", "FINAL", 0.55, "1：0.55", "EXACTLY", false, false},
		}},
		{"全人群签约率", "重点人群签约率", false, "%", "全人群签约率", []wantCmpTarget{
			{"binzhou-measures-2024", "滨州", "FINAL", 60, "60%以上", "AT_LEAST", true, false},
			{"jining-plan-draft", "济宁", "DRAFT", 60, "60%以上", "AT_LEAST", false, false},
			{"jining-plan-final", "济宁", "FINAL", 65, "65%以上", "AT_LEAST", false, false},
		}},
	} {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			idA, targets := lookup(tc.a)
			idB, _ := lookup(tc.b)
			if (idA == idB) != tc.same {
				t.Errorf("%s is %s, %s is %s: same = %v, want %v", tc.a, idA, tc.b, idB, idA == idB, tc.same)
			}
			checkTargets(t, targets, tc.want, tc.unit, tc.words)
		})
	}
}

type gotResp struct {
	Role   string
	Agency struct{ Name string }
}

type gotChange struct {
	From, To struct {
		Ordinal       int
		Number, Title string
	}
	TitleChanged                   bool
	AgenciesAdded, AgenciesRemoved []gotResp
	TargetChanges                  []struct {
		Kind      string
		Indicator struct{ Name string }
		From, To  *gotTarget
	}
}

const diffQuery = `query($from: ID!, $to: ID!) { diffDocuments(from: $from, to: $to) {
  from { id } to { id }
  changes { from { ordinal number title } to { ordinal number title } titleChanged
    agenciesAdded { role agency { name } } agenciesRemoved { role agency { name } }
    targetChanges { kind indicator { name } from { ` + targetFields + ` } to { ` + targetFields + ` } } }
  onlyInFrom { title } onlyInTo { title } } }`

func resps(rs []gotResp) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Agency.Name+"/"+r.Role)
	}
	return out
}

// TestDiffJiningDraftFinal checks draft → final of the 济宁 plan: the final renumbers every
// measure (1.–28. become 二、（一）…) and renames three; each draft measure has its
// counterpart, and the changes a reader finds between the two texts are reported.
func TestDiffJiningDraftFinal(t *testing.T) {
	s, r := seedServer(t)
	var got struct {
		DiffDocuments struct {
			From, To             struct{ ID string }
			Changes              []gotChange
			OnlyInFrom, OnlyInTo []struct{ Title string }
		}
	}
	run(t, s, r, diffQuery, map[string]any{"from": "jining-plan-draft", "to": "doc:jining-plan-final"}, &got)
	d := got.DiffDocuments
	if d.From.ID != "doc:jining-plan-draft" || d.To.ID != "doc:jining-plan-final" {
		t.Errorf("from %s to %s", d.From.ID, d.To.ID)
	}
	if len(d.OnlyInFrom)+len(d.OnlyInTo) != 0 {
		t.Errorf("onlyInFrom %v, onlyInTo %v: every measure of one version has its counterpart", d.OnlyInFrom, d.OnlyInTo)
	}
	// Draft 25. 完善政府投入机制 is word for word the final's 七（一）: paired, not a change.
	if len(d.Changes) != 27 {
		t.Errorf("%d changes, want 27 (28 pairs, one unchanged)", len(d.Changes))
	}
	byTitle := map[string]gotChange{}
	for _, c := range d.Changes {
		if c.From.Ordinal != c.To.Ordinal {
			t.Errorf("draft %s%s paired with final %s%s", c.From.Number, c.From.Title, c.To.Number, c.To.Title)
		}
		byTitle[c.From.Title] = c
	}
	if _, ok := byTitle["完善政府投入机制"]; ok {
		t.Error("完善政府投入机制 reported as changed; its text is the same in both")
	}
	type wantTargetChange struct{ words, from, to string } // valueTexts
	for _, w := range []struct {
		title, toNumber, toTitle string
		added, removed           []string
		targets                  []wantTargetChange
	}{
		{"推进医养结合服务", "（五）", "推进医养结合高质量发展", []string{}, []string{},
			[]wantTargetChange{{"康复医院或护理院", "50%", "50%以上"}}},
		{"发挥县级医院龙头作用", "（三）", "发挥县级医院县域龙头作用", []string{}, []string{},
			[]wantTargetChange{{"县域内患者就诊率", "90%左右", "90%以上"}}},
		{"强化医疗质量安全", "（一）", "保障医疗质量安全", []string{}, []string{},
			[]wantTargetChange{{"市级医疗质量控制中心", "34个", ""}}},
		{"加大优质医疗资源下沉力度", "（五）", "加大优质医疗资源下沉力度", []string{}, []string{},
			[]wantTargetChange{{"下沉医务人员", "不少于922人次", "不少于1000人次"}}},
		{"着力提升群众健康管理水平", "（四）", "着力提升群众健康管理水平", []string{}, []string{},
			[]wantTargetChange{{"全人群签约率", "60%以上", "65%以上"}}},
		{"优化人力资源供给", "（一）", "优化人力资源供给", []string{}, []string{"市教育局/SUPPORT"}, nil},
		{"调整优化医疗资源布局", "（一）", "调整优化医疗资源布局", []string{"市残联/SUPPORT"}, []string{}, nil},
		{"加强高层次人才引育配备", "（二）", "加强高层次人才引育配备", []string{"市委组织部/SUPPORT"}, []string{"市教育局/SUPPORT"}, nil},
		{"优化医疗服务路径", "（二）", "优化医疗服务路径", []string{"市大数据局/SUPPORT"}, []string{"市大数据中心/SUPPORT"}, nil},
	} {
		t.Run(w.title, func(t *testing.T) {
			c, ok := byTitle[w.title]
			if !ok {
				t.Fatalf("no change for draft measure %s", w.title)
			}
			if c.To.Number != w.toNumber || c.To.Title != w.toTitle || c.TitleChanged != (w.title != w.toTitle) {
				t.Errorf("paired with %s%s (titleChanged %v), want %s%s", c.To.Number, c.To.Title, c.TitleChanged, w.toNumber, w.toTitle)
			}
			if got := resps(c.AgenciesAdded); !slices.Equal(got, w.added) {
				t.Errorf("agenciesAdded %v, want %v", got, w.added)
			}
			if got := resps(c.AgenciesRemoved); !slices.Equal(got, w.removed) {
				t.Errorf("agenciesRemoved %v, want %v", got, w.removed)
			}
			for _, wt := range w.targets {
				found := slices.ContainsFunc(c.TargetChanges, func(tc struct {
					Kind      string
					Indicator struct{ Name string }
					From, To  *gotTarget
				}) bool {
					from, to := "", ""
					if tc.From != nil {
						from = tc.From.ValueText
					}
					if tc.To != nil {
						to = tc.To.ValueText
					}
					words := tc.Indicator.Name
					if tc.From != nil {
						words = tc.From.Words
					}
					return strings.Contains(words, wt.words) && from == wt.from && to == wt.to
				})
				if !found {
					t.Errorf("target change %s %q → %q not in %+v", wt.words, wt.from, wt.to, c.TargetChanges)
				}
			}
		})
	}
	// The values behind the printed forms.
	for _, tc := range byTitle["加大优质医疗资源下沉力度"].TargetChanges {
		if tc.Kind != "CHANGED" || tc.From.Value != 922 || tc.To.Value != 1000 || tc.From.Unit != "人次" || tc.To.Unit != "人次" || tc.To.Comparator != "AT_LEAST" {
			t.Errorf("下沉医务人员: %s %+v → %+v, want CHANGED 922 → 1000 人次 AT_LEAST", tc.Kind, tc.From, tc.To)
		}
	}
	for _, tc := range byTitle["发挥县级医院龙头作用"].TargetChanges {
		if tc.From.Comparator != "ABOUT" || tc.To.Comparator != "AT_LEAST" || tc.Indicator.Name != "县域内患者就诊率" {
			t.Errorf("县域内患者就诊率: %s %s → %s, want ABOUT → AT_LEAST", tc.Indicator.Name, tc.From.Comparator, tc.To.Comparator)
		}
	}
}

func TestDiffDocumentsUnknown(t *testing.T) {
	s, r := seedServer(t)
	res, err := Execute(context.Background(), s, r, Request{Query: diffQuery, Variables: map[string]any{"from": "jining-plan-draft", "to": "no-such-plan"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, `no document "no-such-plan"`) {
		t.Errorf("errors %v, want one naming no-such-plan", res.Errors)
	}
}

// TestProvenance checks that every measure, target and observation leads back to its
// words: its document, and the characters of the document's text its span covers.
func TestProvenance(t *testing.T) {
	s, r := seedServer(t)
	var got struct {
		Documents []struct {
			ID, Text string
			Measures struct {
				Edges []struct {
					Node struct {
						Text     string
						Span     struct{ Start, End int }
						Document struct{ ID string }
						Targets  []struct {
							ValueText string
							Span      struct{ Start, End int }
							Document  struct{ ID string }
						}
					}
				}
			}
			Observations []struct {
				ValueText string
				Span      struct{ Start, End int }
				Document  struct{ ID string }
			}
		}
	}
	run(t, s, r, `{ documents { id text
	  measures(first: 1000) { edges { node { text span { start end } document { id }
	    targets { valueText span { start end } document { id } } } } }
	  observations { valueText span { start end } document { id } } } }`, nil, &got)
	if len(got.Documents) != 4 {
		t.Fatalf("%d documents, want the 4 seeds", len(got.Documents))
	}
	slice := func(text []rune, start, end int) string {
		if start < 0 || end > len(text) || start > end {
			return fmt.Sprintf("<span %d–%d outside %d characters>", start, end, len(text))
		}
		return string(text[start:end])
	}
	checked := 0
	for _, d := range got.Documents {
		text := []rune(d.Text)
		for _, e := range d.Measures.Edges {
			m := e.Node
			if m.Document.ID != d.ID || slice(text, m.Span.Start, m.Span.End) != m.Text {
				t.Errorf("%s: measure %q: document %s, text at span %q", d.ID, m.Text, m.Document.ID, slice(text, m.Span.Start, m.Span.End))
			}
			for _, tg := range m.Targets {
				checked++
				if tg.Document.ID != d.ID || slice(text, tg.Span.Start, tg.Span.End) != tg.ValueText {
					t.Errorf("%s: target %q: document %s, text at span %q", d.ID, tg.ValueText, tg.Document.ID, slice(text, tg.Span.Start, tg.Span.End))
				}
			}
		}
		for _, o := range d.Observations {
			checked++
			if o.Document.ID != d.ID || slice(text, o.Span.Start, o.Span.End) != o.ValueText {
				t.Errorf("%s: observation %q: document %s, text at span %q", d.ID, o.ValueText, o.Document.ID, slice(text, o.Span.Start, o.Span.End))
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d values checked: the seeds hold more than 100", checked)
	}
}
