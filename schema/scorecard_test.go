package schema

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
)

// seedToday is the day the scorecard tests look from: after every 2025 deadline.
var seedToday = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// seedSchemaAt is the seeds' reader with a schema whose clock says today.
func seedSchemaAt(t *testing.T, today time.Time) (graphql.Schema, *model.Reader) {
	t.Helper()
	_, r := seedServer(t)
	s, err := New(Options{Now: func() time.Time { return today }})
	if err != nil {
		t.Fatal(err)
	}
	return s, r
}

const scorecardQuery = `query($doc: ID!) { scorecard(document: $doc) {
  state deadline met gap
  target { valueText year indicator { name } }
  observation { valueText date span { start end } document { id } } } }`

type scoreEntry struct {
	State, Deadline string
	Met             *bool
	Gap             *float64
	Target          struct {
		ValueText string
		Year      *int
		Indicator struct{ Name string }
	}
	Observation *struct {
		ValueText, Date string
		Span            struct{ Start, End int }
		Document        struct{ ID string }
	}
}

// TestScorecardSeeds checks the final 济宁 plan's scorecard on 2026-12-07 against the
// seeds as a reader finds them (testdata/seeds): 38 targets, 34 of them 到2025年. The news
// report has no date of its own; the latest its text speaks of is July 2023 (2023年3月份, then
// 5月份、6月份、7月份 of that year). Of the plan's indicators it reports only 全人群家庭医生签约率,
// 63.28%: short of 65%以上, and two years before the deadline, so it decides nothing. Every
// 2025 target is therefore NOT_REPORTED; the four without a year (建成2个紧密型城市医疗集团,
// 十四五期间 200余名, 每2年 10名 and 20名) are NOT_DUE.
func TestScorecardSeeds(t *testing.T) {
	s, r := seedSchemaAt(t, seedToday)
	final := loadExpected(t, "jining-plan-final")
	news := loadExpected(t, "jining-health-news")
	var signed expValue
	for _, o := range news.Observations {
		if o.Key == "全人群家庭医生签约率" {
			signed = o
		}
	}
	var got struct{ Scorecard []scoreEntry }
	run(t, s, r, scorecardQuery, map[string]any{"doc": "jining-plan-final"}, &got)
	if len(got.Scorecard) != len(final.Targets) {
		t.Fatalf("%d entries, want one per target: %d", len(got.Scorecard), len(final.Targets))
	}
	var newsText struct{ Document struct{ Text string } }
	run(t, s, r, `{ document(id: "jining-health-news") { text } }`, nil, &newsText)
	for i, want := range final.Targets {
		e := got.Scorecard[i]
		// The reader's value is the number as printed, the loader's may keep its scope (全省前3位).
		if !strings.Contains(e.Target.ValueText, want.ValueText) {
			t.Fatalf("entry %d is %s, want the plan's order (%s)", i, e.Target.ValueText, want.ValueText)
		}
		if want.Year == nil {
			if e.State != "NOT_DUE" || e.Deadline != "" || e.Observation != nil {
				t.Errorf("%s (no year): %s, deadline %q, want NOT_DUE and none", want.ValueText, e.State, e.Deadline)
			}
			continue
		}
		if e.State != "NOT_REPORTED" || e.Deadline != "2025-12-31" {
			t.Errorf("%s %s: %s by %s, want NOT_REPORTED by 2025-12-31", want.Key, want.ValueText, e.State, e.Deadline)
		}
		if want.Key != "全人群签约率" {
			if e.Observation != nil {
				t.Errorf("%s has the observation %s: the news reports nothing of it", want.Key, e.Observation.ValueText)
			}
			continue
		}
		o := e.Observation
		if o == nil {
			t.Fatalf("全人群签约率 has no observation, want %s", signed.ValueText)
		}
		if o.ValueText != signed.ValueText || o.Date != "2023-07" || o.Document.ID != "doc:jining-health-news" {
			t.Errorf("全人群签约率: observation %s of %s dated %s, want %s of the news, 2023-07", o.ValueText, o.Document.ID, o.Date, signed.ValueText)
		}
		if span := []rune(newsText.Document.Text)[o.Span.Start:o.Span.End]; !strings.Contains(string(span), signed.ValueText) {
			t.Errorf("the evidence span reads %q, not %s", string(span), signed.ValueText)
		}
		if wantGap := signed.Value - want.Value; e.Met == nil || *e.Met || e.Gap == nil || math.Abs(*e.Gap-wantGap) > 1e-6 {
			t.Errorf("met %v gap %v, want false and %.2f", e.Met, e.Gap, wantGap)
		}
	}
}
