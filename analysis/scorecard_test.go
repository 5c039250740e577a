package analysis

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
)

// scorecardModel loads testdata/scorecard: an invented plan of 云溪 with six targets, two
// 云溪 news reports (one undated, telling of 2024年6月 and then 9月份; one dated 2026-02-10 by
// its manifest, telling of 2025) and a 东岳 report, whose figures must not count for 云溪.
func scorecardModel(t *testing.T) *model.Model {
	t.Helper()
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"testdata/scorecard"})
	if err != nil {
		t.Fatal(err)
	}
	return model.Build("test", docs, nil)
}

func TestScorecard(t *testing.T) {
	m := scorecardModel(t)
	type want struct {
		valueText string // the target as printed
		state     TargetState
		deadline  string
		observed  string // the observation's value as printed, "" for none
		on        string // its report's date
	}
	// Read from the texts: 61.5% (2024-09) falls short of 65%以上 but comes before the
	// deadline; 66.2% in the report of 2025 reaches it. 10个 次中心 in 2025 fall short of 12.
	// 居民健康素养 has only 东岳's 38%: nothing for 云溪. 236处 心灵驿站 in 2024 already reach
	// 200. 托位 3.2个 is progress towards 2030. The 专项资金 commitment has no year.
	wants := []want{
		{"65%以上", StateMet, "2025-12-31", "66.2%", "2026-02-10"},
		{"12个", StateMissed, "2025-12-31", "10个", "2026-02-10"},
		{"35%以上", StateNotReported, "2025-12-31", "", ""},
		{"4.5个", StateNotDue, "2030-12-31", "3.2个", "2024-09"},
		{"200处", StateMet, "2025-12-31", "236处", "2024-09"},
		{"不少于3000万元", StateNotDue, "", "", ""},
	}
	today := time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)
	entries, err := Scorecard(m, "yunxi-plan", today)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(wants) {
		t.Fatalf("%d entries, want %d", len(entries), len(wants))
	}
	for i, w := range wants {
		e := entries[i]
		got := want{valueText: e.Target.ValueText, state: e.State, deadline: e.Deadline.String(), on: e.ObservedOn.String()}
		if e.Observation != nil {
			got.observed = e.Observation.ValueText
		}
		if got != w {
			t.Errorf("entry %d: got %+v, want %+v", i, got, w)
		}
	}
}

// TestScorecardDeadlineDay checks that a deadline is still ahead on its own last day and
// past the day after.
func TestScorecardDeadlineDay(t *testing.T) {
	m := scorecardModel(t)
	for _, tt := range []struct {
		today time.Time
		want  TargetState
	}{
		{time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC), StateNotDue},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), StateNotReported},
	} {
		entries, err := Scorecard(m, "doc:yunxi-plan", tt.today)
		if err != nil {
			t.Fatal(err)
		}
		if got := entries[2].State; got != tt.want {
			t.Errorf("居民健康素养 on %s: %s, want %s", tt.today.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestScorecardUnknownDocument(t *testing.T) {
	_, err := Scorecard(scorecardModel(t), "no-such-plan", time.Now())
	if !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("err %v, want ErrNotFound", err)
	}
}
