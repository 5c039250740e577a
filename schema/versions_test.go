package schema

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/policykg/policykg/schema/seedtruth"
)

// TestCurrentVersions checks current: true against the seeds: the 济宁 draft is replaced by
// the final text loaded beside it, so it is left out wherever current versions are asked for.
func TestCurrentVersions(t *testing.T) {
	s, r := seedServer(t)
	final := loadExpected(t, "jining-plan-final")
	draft := loadExpected(t, "jining-plan-draft")
	var got struct {
		All, Cur            struct{ TotalCount int }
		Agencies            []struct{ Measures struct{ TotalCount int } }
		Documents           []struct{ ID string }
		DocumentsConnection struct{ TotalCount int }
		Draft, Final        struct {
			Current      bool
			SupersededBy *struct{ ID string }
		}
		AllTargets, CurTargets   struct{ TotalCount int }
		Coordination, AllNetwork struct{ MeasureCount int }
		Institutions             []struct {
			Measures []struct{ Document struct{ ID string } }
		}
	}
	run(t, s, r, `{
	  all: measures(agency: "市医保局", city: "济宁") { totalCount }
	  cur: measures(agency: "市医保局", city: "济宁", current: true) { totalCount }
	  agencies(name: "市医保局", city: "济宁") { measures(current: true) { totalCount } }
	  documents(current: true) { id }
	  documentsConnection(current: true) { totalCount }
	  draft: document(id: "jining-plan-draft") { current supersededBy { id } }
	  final: document(id: "jining-plan-final") { current supersededBy { id } }
	  allTargets: targetsConnection(city: "济宁") { totalCount }
	  curTargets: targetsConnection(city: "济宁", current: true) { totalCount }
	  coordination(city: "济宁", current: true) { measureCount }
	  allNetwork: coordination(city: "济宁") { measureCount }
	  institutions(name: "西苑医院济宁医院") { measures(current: true) { document { id } } }
	}`, nil, &got)

	// The README's question: 18 over draft and final, the final's 9 with current: true.
	if want := seedtruth.MeasuresWith(t, "市医保局", seedtruth.JiningPlans...); got.All.TotalCount != want {
		t.Errorf("measures of 市医保局 in 济宁: %d, want %d", got.All.TotalCount, want)
	}
	want := seedtruth.MeasuresWith(t, "市医保局", "jining-plan-final")
	if got.Cur.TotalCount != want {
		t.Errorf("current measures of 市医保局 in 济宁: %d, want the final's %d", got.Cur.TotalCount, want)
	}
	if len(got.Agencies) != 1 || got.Agencies[0].Measures.TotalCount != want {
		t.Errorf("Agency.measures(current: true): %+v, want %d", got.Agencies, want)
	}
	var ids []string
	for _, d := range got.Documents {
		ids = append(ids, d.ID)
	}
	if wantIDs := []string{"doc:binzhou-measures-2024", "doc:jining-health-news", "doc:jining-plan-final"}; !slices.Equal(ids, wantIDs) {
		t.Errorf("current documents %v, want %v", ids, wantIDs)
	}
	if got.DocumentsConnection.TotalCount != 3 {
		t.Errorf("documentsConnection(current: true) counts %d, want 3", got.DocumentsConnection.TotalCount)
	}
	if got.Draft.Current || got.Draft.SupersededBy == nil || got.Draft.SupersededBy.ID != "doc:jining-plan-final" {
		t.Errorf("the draft: current %v, superseded by %+v; want false, doc:jining-plan-final", got.Draft.Current, got.Draft.SupersededBy)
	}
	if !got.Final.Current || got.Final.SupersededBy != nil {
		t.Errorf("the final: current %v, superseded by %+v; want true, none", got.Final.Current, got.Final.SupersededBy)
	}
	if got.AllTargets.TotalCount != len(final.Targets)+len(draft.Targets) || got.CurTargets.TotalCount != len(final.Targets) {
		t.Errorf("济宁 targets %d, current %d; want %d and %d", got.AllTargets.TotalCount, got.CurTargets.TotalCount,
			len(final.Targets)+len(draft.Targets), len(final.Targets))
	}
	if got.Coordination.MeasureCount != len(final.Measures) || got.AllNetwork.MeasureCount != len(final.Measures)+len(draft.Measures) {
		t.Errorf("济宁 network of %d measures, current %d; want %d and %d", got.AllNetwork.MeasureCount, got.Coordination.MeasureCount,
			len(final.Measures)+len(draft.Measures), len(final.Measures))
	}
	wantInst := 0
	for _, m := range final.Measures {
		if slices.Contains(m.Institutions, "西苑医院济宁医院") {
			wantInst++
		}
	}
	if len(got.Institutions) != 1 || len(got.Institutions[0].Measures) != wantInst {
		t.Fatalf("西苑医院济宁医院's current measures: %+v, want %d of the final", got.Institutions, wantInst)
	}
	for _, m := range got.Institutions[0].Measures {
		if m.Document.ID != "doc:jining-plan-final" {
			t.Errorf("a current measure of 西苑医院济宁医院 is of %s", m.Document.ID)
		}
	}
}

// warningsOf runs a query and returns its data and its extensions.warnings.
func warningsOf(t *testing.T, query string, data any) []Warning {
	t.Helper()
	s, r := seedServer(t)
	res, err := Execute(context.Background(), s, r, Request{Query: query})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("query errors: %v", res.Errors)
	}
	b, _ := json.Marshal(res.Data)
	if err := json.Unmarshal(b, data); err != nil {
		t.Fatal(err)
	}
	ws, _ := res.Extensions["warnings"].([]Warning)
	return ws
}

// TestUnknownNameWarnings checks the two near misses: exact matching still finds
// nothing, and the response says so, with the names meant.
func TestUnknownNameWarnings(t *testing.T) {
	var got struct {
		Measures     struct{ TotalCount int }
		Institutions []struct{ Name string }
		Known        struct{ TotalCount int }
	}
	ws := warningsOf(t, `{
	  measures(agency: "医保局", city: "济宁") { totalCount }
	  institutions(name: "西苑医院") { name }
	  known: measures(agency: "市医保局", city: "济宁") { totalCount }
	}`, &got)
	if got.Measures.TotalCount != 0 || len(got.Institutions) != 0 {
		t.Errorf("near misses matched: %+v", got)
	}
	if got.Known.TotalCount == 0 {
		t.Error("市医保局 matched nothing")
	}
	if len(ws) != 2 {
		t.Fatalf("warnings %+v, want one for 医保局 and one for 西苑医院", ws)
	}
	// Sorted by field: institutions, then measures.
	inst, agency := ws[0], ws[1]
	if agency.Code != CodeUnknownName || agency.Field != "measures" || agency.Argument != "agency" ||
		!strings.Contains(agency.Message, "医保局") || !strings.Contains(agency.Message, "did you mean 市医保局") {
		t.Errorf("the agency warning: %+v", agency)
	}
	if !slices.ContainsFunc(agency.Suggestions, func(s WarningSuggestion) bool { return s.Name == "市医保局" && s.City == "济宁" }) {
		t.Errorf("no 市医保局 of 济宁 among %+v", agency.Suggestions)
	}
	if inst.Field != "institutions" || inst.Argument != "name" || len(inst.Suggestions) < 2 {
		t.Fatalf("the institution warning: %+v", inst)
	}
	// Both names hold 西苑医院; the shorter one covers more of it and comes first.
	if inst.Suggestions[0].Name != "西苑医院济宁医院" || inst.Suggestions[1].Name != "中国中医科学院西苑医院" {
		t.Errorf("institution suggestions %+v, want 西苑医院济宁医院 then 中国中医科学院西苑医院", inst.Suggestions)
	}
}

func TestSuggestSeeds(t *testing.T) {
	s, r := seedServer(t)
	var got struct {
		Agencies []struct{ Kind, Name, City, Matched string }
		Limited  []struct{ Name string }
	}
	run(t, s, r, `{
	  agencies: suggest(text: "医保局", kinds: [AGENCY]) { kind name city matched }
	  limited: suggest(text: "医院", first: 3) { name }
	}`, nil, &got)
	var cities []string
	for _, a := range got.Agencies {
		if a.Kind != "AGENCY" || a.Name != "市医保局" || a.Matched != "市医保局" {
			t.Errorf("suggestion %+v, want 市医保局", a)
		}
		cities = append(cities, a.City)
	}
	// 市医保局 is named in the 滨州 measures and in both 济宁 plans (testdata/seeds).
	if !slices.Equal(cities, []string{"济宁", "滨州"}) && !slices.Equal(cities, []string{"滨州", "济宁"}) {
		t.Errorf("市医保局 suggested in %v, want 济宁 and 滨州", cities)
	}
	if len(got.Limited) != 3 {
		t.Errorf("first: 3 gave %d", len(got.Limited))
	}
}
