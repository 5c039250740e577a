package model

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
	"github.com/policykg/policykg/search"
)

// searchCase is what a reader of the seed texts expects a term to find
// (testdata/search/terms.json).
type searchCase struct {
	Text       string           `json:"text"`
	Measures   map[string][]int `json:"measures"`
	Paragraphs []string         `json:"paragraphs"`
	Top        string           `json:"top"`
}

func searchCases(t *testing.T) []searchCase {
	t.Helper()
	b, err := os.ReadFile("testdata/search/terms.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Terms []searchCase }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f.Terms
}

// seedReader loads the seeds into a memory store, as `policykg serve --store memory` does.
func seedReader(t *testing.T) (*graph.Store, *Reader) {
	t.Helper()
	s := open(t, "memory")
	if err := s.Put(context.Background(), loadSeeds(t)...); err != nil {
		t.Fatal(err)
	}
	return s, NewReader(s)
}

// seedModel is the seed corpus's model, shared by the tests that only read it; its index is
// built on the first search, as for any model built outside a Reader.
var seedModel = sync.OnceValues(func() (*Model, error) {
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"../seeds"})
	if err != nil {
		return nil, err
	}
	return Build("seeds", docs, nil), nil
})

func sharedSeeds(t *testing.T) *Model {
	t.Helper()
	m, err := seedModel()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// measuresByDocument turns measure hits into document ID → ordinals.
func measuresByDocument(hits []*SearchHit) map[string][]int {
	out := map[string][]int{}
	for _, h := range hits {
		if mv, ok := h.Node.(*Measure); ok && h.Kind == search.KindMeasure {
			out[mv.Document.ID] = append(out[mv.Document.ID], mv.Ordinal)
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

// firstLine names a paragraph by its first line (the heading that opens it).
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

func TestSearchSeedTerms(t *testing.T) {
	ctx := context.Background()
	_, r := seedReader(t)
	m, err := r.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range searchCases(t) {
		t.Run(tc.Text, func(t *testing.T) {
			hits, err := m.Search(ctx, tc.Text)
			if err != nil {
				t.Fatal(err)
			}
			if got := measuresByDocument(hits); !maps.EqualFunc(got, tc.Measures, slices.Equal) {
				t.Errorf("measures = %v, want %v", got, tc.Measures)
			}
			var paras []string
			for _, h := range hits {
				if h.Kind != search.KindParagraph {
					continue
				}
				p := h.Paragraph
				paras = append(paras, firstLine(p.Text))
				if got := string([]rune(p.Document.Text)[p.Span.Start:p.Span.End]); got != p.Text {
					t.Errorf("paragraph %s: span %v holds %q, not its text", p.ID, p.Span, got)
				}
				if h.Node != p.Document || p.Document.ID != "jining-health-news" {
					t.Errorf("paragraph %s: node %v, want the news report", p.ID, h.Node)
				}
			}
			slices.Sort(paras)
			want := slices.Sorted(slices.Values(tc.Paragraphs))
			if !slices.Equal(paras, want) {
				t.Errorf("paragraphs = %v, want %v", paras, want)
			}
			if tc.Top != "" && (len(hits) == 0 || hits[0].Paragraph == nil || firstLine(hits[0].Paragraph.Text) != tc.Top) {
				t.Errorf("best hit is not the paragraph %s", tc.Top)
			}
			checkHighlights(t, m, tc.Text, hits)
		})
	}
}

// checkHighlights highlights every hit and checks that each marks the word searched.
func checkHighlights(t *testing.T, m *Model, text string, hits []*SearchHit) {
	t.Helper()
	if err := m.Highlight(context.Background(), text, hits); err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if len(h.Highlights) == 0 {
			t.Errorf("%s has no highlight", h.ID)
			continue
		}
		marked := false
		for _, hl := range h.Highlights {
			if !slices.Contains(hl.Terms, text) {
				t.Errorf("%s %s: terms %v, want %s among them", h.ID, hl.Field, hl.Terms, text)
			}
			for _, f := range hl.Fragments {
				marked = marked || strings.Contains(f, "<mark>"+text+"</mark>")
			}
		}
		if !marked {
			t.Errorf("%s: no fragment marks %s: %+v", h.ID, text, h.Highlights)
		}
	}
}

// TestSearchIsSubstring checks, over every kind, that a word finds exactly the entries
// whose text holds it: no more (中医阁 is not 中医 and 医阁 apart) and no fewer.
func TestSearchIsSubstring(t *testing.T) {
	ctx := context.Background()
	m := sharedSeeds(t)
	holds := func(w string, texts ...string) bool {
		return slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, w) })
	}
	for _, tc := range searchCases(t) {
		t.Run(tc.Text, func(t *testing.T) {
			want := map[string]bool{}
			for _, mv := range m.Measures {
				if holds(tc.Text, mv.Title, mv.Text) {
					want[mv.NodeID] = true
				}
				for _, tg := range mv.Targets {
					if holds(tc.Text, tg.Target.Text, tg.Target.Indicator, tg.Words) {
						want[tg.NodeID] = true
					}
				}
			}
			for _, in := range m.Institutions {
				if holds(tc.Text, append([]string{in.Name}, in.Aliases...)...) {
					want[in.NodeID] = true
				}
			}
			for _, d := range m.Documents {
				if d.Status != policy.StatusNews {
					continue
				}
				for k, p := range search.SplitParagraphs(d.Text) {
					if holds(tc.Text, p.Text) {
						want[search.ParagraphID(d.ID, k+1)] = true
					}
				}
			}
			hits, err := m.Search(ctx, tc.Text)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, h := range hits {
				got[h.ID] = true
			}
			if !maps.Equal(got, want) {
				t.Errorf("found %d entries, %d hold %s; extra %v, missing %v", len(got), len(want), tc.Text, minus(got, want), minus(want, got))
			}
		})
	}
}

func minus(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func TestSearchWordsCombineWithAnd(t *testing.T) {
	ctx := context.Background()
	m := sharedSeeds(t)
	cases := map[string]searchCase{}
	for _, tc := range searchCases(t) {
		cases[tc.Text] = tc
	}
	for _, pair := range [][2]string{{"中医阁", "医保"}, {"医共体", "医保"}, {"阁", "医保"}} {
		want := map[string][]int{}
		for doc, ords := range cases[pair[0]].Measures {
			for _, o := range ords {
				if slices.Contains(cases[pair[1]].Measures[doc], o) {
					want[doc] = append(want[doc], o)
				}
			}
		}
		hits, err := m.Search(ctx, pair[0]+" "+pair[1], search.KindMeasure)
		if err != nil {
			t.Fatal(err)
		}
		if got := measuresByDocument(hits); !maps.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s AND %s: %v, want %v", pair[0], pair[1], got, want)
		}
	}
}

func TestSearchKinds(t *testing.T) {
	ctx := context.Background()
	m := sharedSeeds(t)
	tests := []struct {
		text  string
		kinds []search.Kind
	}{
		{"托育", []search.Kind{search.KindParagraph}},
		{"中医阁", []search.Kind{search.KindTarget}},
		{"济医附院", []search.Kind{search.KindInstitution}},
		{"医共体", []search.Kind{search.KindMeasure, search.KindParagraph}},
	}
	for _, tt := range tests {
		hits, err := m.Search(ctx, tt.text, tt.kinds...)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 {
			t.Errorf("%s %v: nothing found", tt.text, tt.kinds)
		}
		for _, h := range hits {
			if !slices.Contains(tt.kinds, h.Kind) {
				t.Errorf("%s %v: hit %s of kind %s", tt.text, tt.kinds, h.ID, h.Kind)
			}
		}
	}
}

func TestSearchRefusesWhatItCannotSearch(t *testing.T) {
	m := sharedSeeds(t)
	for _, text := range []string{"", "   ", "、，。", strings.Repeat("医 ", 17), strings.Repeat("医", 201)} {
		if _, err := m.Search(context.Background(), text); !errors.Is(err, search.ErrInvalidText) {
			t.Errorf("Search(%q) error = %v, want search.ErrInvalidText", text, err)
		}
	}
}

func TestFilterMeasuresByText(t *testing.T) {
	m := sharedSeeds(t)
	tests := []struct {
		filter MeasureFilter
		want   []string
	}{
		{MeasureFilter{Text: "安宁疗护"}, []string{
			"measure:binzhou-measures-2024:3", "measure:jining-plan-draft:1", "measure:jining-plan-draft:11",
			"measure:jining-plan-final:1", "measure:jining-plan-final:11"}},
		{MeasureFilter{Text: "安宁疗护", City: "济宁", Document: "jining-plan-final"}, []string{
			"measure:jining-plan-final:1", "measure:jining-plan-final:11"}},
		// 滨州's measure 4 has 中医阁 but not 市医保局.
		{MeasureFilter{Text: "中医阁", Agency: "市医保局"}, []string{"measure:jining-plan-draft:5", "measure:jining-plan-final:5"}},
		{MeasureFilter{Text: "阁", City: "滨州"}, []string{"measure:binzhou-measures-2024:4"}},
	}
	for _, tt := range tests {
		ms, err := m.FilterMeasures(context.Background(), tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, mv := range ms {
			got = append(got, mv.NodeID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.filter, got, tt.want)
		}
	}
	if _, err := m.FilterMeasures(context.Background(), MeasureFilter{Text: "，"}); !errors.Is(err, search.ErrInvalidText) {
		t.Errorf("text without a word: error %v, want search.ErrInvalidText", err)
	}
}

// TestSearchFollowsReload reloads the final plan without its measure 5 (the one with
// 中医阁): the next search no longer finds it, while a model taken before the reload still
// answers as it did, and the unchanged documents keep their part of the index.
func TestSearchFollowsReload(t *testing.T) {
	ctx := context.Background()
	s, r := seedReader(t)
	before, err := r.Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if search.BucketOf("jining-plan-draft") == search.BucketOf("jining-plan-final") {
		t.Fatal("the draft and the final plan share a search bucket: this test needs them apart")
	}
	draftPart := r.buckets[search.BucketOf("jining-plan-draft")].Part
	finalPart := r.buckets[search.BucketOf("jining-plan-final")].Part
	want := func(m *Model, finalHasIt bool) {
		t.Helper()
		hits, err := m.Search(ctx, "中医阁", search.KindMeasure)
		if err != nil {
			t.Fatal(err)
		}
		got := measuresByDocument(hits)
		exp := map[string][]int{"jining-plan-draft": {5}, "binzhou-measures-2024": {4}}
		if finalHasIt {
			exp["jining-plan-final"] = []int{5}
		}
		if !maps.EqualFunc(got, exp, slices.Equal) {
			t.Errorf("中医阁 finds %v, want %v", got, exp)
		}
	}
	want(before, true)

	final := *seedByID(loadSeeds(t), "jining-plan-final")
	final.Measures = slices.DeleteFunc(slices.Clone(final.Measures), func(m policy.Measure) bool { return m.Ordinal == 5 })
	if err := s.Put(ctx, &final); err != nil {
		t.Fatal(err)
	}
	after, err := r.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want(after, false)
	hits, err := after.Search(ctx, "中医阁", search.KindTarget)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if strings.HasPrefix(h.ID, "target:jining-plan-final:5:") {
			t.Errorf("target %s of the removed measure is still found", h.ID)
		}
	}
	want(before, true)
	if r.buckets[search.BucketOf("jining-plan-draft")].Part != draftPart {
		t.Error("the unchanged draft was indexed again")
	}
	if p := r.buckets[search.BucketOf("jining-plan-final")].Part; p == nil || p == finalPart {
		t.Error("the reloaded final plan was not indexed again")
	}
}

// TestSearchWithoutReader covers models built outside a Reader: the index is built on the
// first search.
func TestSearchWithoutReader(t *testing.T) {
	m := Build("v", loadSeeds(t), nil)
	hits, err := m.Search(context.Background(), "托育", search.KindParagraph)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 {
		t.Errorf("托育 finds %d paragraphs, want 2", len(hits))
	}
	empty, err := Build("v", nil, nil).Search(context.Background(), "托育")
	if err != nil || len(empty) != 0 {
		t.Errorf("empty graph: %v, %v", empty, err)
	}
}
