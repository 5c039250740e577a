package schema

import (
	"fmt"
	"slices"
	"testing"
)

// seedDocs are the seed documents in the order lists give them (by ID).
var seedDocs = []string{"binzhou-measures-2024", "jining-health-news", "jining-plan-draft", "jining-plan-final"}

// expectedMeasures lists, in list order, the IDs of the measures of docs that keep says
// match, from what the reader wrote down.
func expectedMeasures(t *testing.T, docs []string, keep func(e expected, m expMeasure) bool) []string {
	t.Helper()
	var out []string
	for _, id := range docs {
		e := loadExpected(t, id)
		for _, m := range e.Measures {
			if keep(e, m) {
				out = append(out, fmt.Sprintf("measure:%s:%d", id, m.Ordinal))
			}
		}
	}
	return out
}

// withTarget keeps the measures with a target whose key phrase and year match ("" and 0
// match any).
func withTarget(key string, year int) func(expected, expMeasure) bool {
	return func(e expected, m expMeasure) bool {
		for _, tg := range e.Targets {
			if tg.Measure == m.Ordinal && (key == "" || tg.Key == key) && (year == 0 || tg.Year != nil && *tg.Year == year) {
				return true
			}
		}
		return false
	}
}

func namesAgency(name string) func(expected, expMeasure) bool {
	return func(_ expected, m expMeasure) bool {
		for _, a := range m.Agencies {
			if a.Name == name {
				return true
			}
		}
		return false
	}
}

func both(a, b func(expected, expMeasure) bool) func(expected, expMeasure) bool {
	return func(e expected, m expMeasure) bool { return a(e, m) && b(e, m) }
}

// TestMeasureFilters checks each filter of measures(...) and their AND against the
// reader's lists of measures, agencies and targets.
func TestMeasureFilters(t *testing.T) {
	s, r := seedServer(t)
	all := func(expected, expMeasure) bool { return true }
	jining := []string{"jining-plan-draft", "jining-plan-final"}
	tests := []struct {
		name, args string
		want       []string
	}{
		{"status DRAFT", `status: DRAFT`, expectedMeasures(t, []string{"jining-plan-draft"}, all)},
		{"status FINAL", `status: FINAL`, expectedMeasures(t, []string{"binzhou-measures-2024", "jining-plan-final"}, all)},
		{"status NEWS: a report has no measures", `status: NEWS`, nil},
		{"indicator by canonical name", `indicator: "全人群签约率"`, expectedMeasures(t, seedDocs, withTarget("全人群签约率", 0))},
		{"indicator by the news report's wording", `indicator: "全人群家庭医生签约率"`, expectedMeasures(t, seedDocs, withTarget("全人群签约率", 0))},
		{"indicator and city", `indicator: "全人群签约率", city: "济宁"`, expectedMeasures(t, jining, withTarget("全人群签约率", 0))},
		{"year", `year: 2025, document: "jining-plan-final"`, expectedMeasures(t, []string{"jining-plan-final"}, withTarget("", 2025))},
		{"indicator and year on the same target", `indicator: "全人群签约率", year: 2025`, expectedMeasures(t, seedDocs, withTarget("全人群签约率", 2025))},
		{"agency, city and status", `agency: "市医保局", city: "济宁", status: FINAL`, expectedMeasures(t, []string{"jining-plan-final"}, namesAgency("市医保局"))},
		{"agency and indicator", `agency: "市卫生健康委", indicator: "重点人群签约率"`, expectedMeasures(t, seedDocs, both(namesAgency("市卫生健康委"), withTarget("重点人群签约率", 0)))},
		{"unknown indicator", `indicator: "没有这个指标"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.want) == 0 && tt.name == "indicator by canonical name" {
				t.Fatal("the expected values changed: no target on 全人群签约率")
			}
			var out struct{ Measures page }
			run(t, s, r, `{ measures(`+tt.args+`, first: 100) { totalCount edges { node { id } } } }`, nil, &out)
			if got := out.Measures.ids(); !slices.Equal(got, tt.want) || out.Measures.TotalCount != len(tt.want) {
				t.Errorf("measures(%s): %d %v, want %d %v", tt.args, out.Measures.TotalCount, got, len(tt.want), tt.want)
			}
		})
	}
}

// TestTargetsConnectionFilters compares the 2025 全人群签约率 targets across the cities.
func TestTargetsConnectionFilters(t *testing.T) {
	s, r := seedServer(t)
	type target struct {
		ValueText string
		Document  struct{ ID string }
	}
	expectedTargets := func(docs []string, key string, year int) []target {
		var out []target
		for _, id := range docs {
			e := loadExpected(t, id)
			for _, tg := range e.Targets {
				if tg.Key == key && (year == 0 || tg.Year != nil && *tg.Year == year) {
					tt := target{ValueText: tg.ValueText}
					tt.Document.ID = "doc:" + id
					out = append(out, tt)
				}
			}
		}
		return out
	}
	tests := []struct {
		name, args string
		want       []target
	}{
		{"every city", `indicator: "全人群签约率", year: 2025`, expectedTargets(seedDocs, "全人群签约率", 2025)},
		{"滨州", `indicator: "全人群签约率", year: 2025, city: "滨州"`, expectedTargets([]string{"binzhou-measures-2024"}, "全人群签约率", 2025)},
		{"one document", `indicator: "全人群签约率", document: "jining-plan-draft"`, expectedTargets([]string{"jining-plan-draft"}, "全人群签约率", 0)},
		{"a year with none", `indicator: "全人群签约率", year: 2030`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "every city" && len(tt.want) != 3 {
				t.Fatalf("the expected values changed: %d targets for 全人群签约率 in 2025", len(tt.want))
			}
			var out struct {
				TargetsConnection struct {
					TotalCount int
					Nodes      []target
				}
			}
			run(t, s, r, `{ targetsConnection(`+tt.args+`) { totalCount nodes { valueText document { id } } } }`, nil, &out)
			if !slices.Equal(out.TargetsConnection.Nodes, tt.want) || out.TargetsConnection.TotalCount != len(tt.want) {
				t.Errorf("targetsConnection(%s): %+v, want %+v", tt.args, out.TargetsConnection.Nodes, tt.want)
			}
		})
	}
}
