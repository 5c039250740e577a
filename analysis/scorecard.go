package analysis

import (
	"fmt"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"time"
)

// TargetState is where a target stands on a given day.
type TargetState string

// The states of a target in a scorecard.
const (
	// StateMet: an observation reaches the target, on or after its deadline or already
	// before it.
	StateMet TargetState = "MET"
	// StateMissed: an observation made on or after the deadline falls short.
	StateMissed TargetState = "MISSED"
	// StateNotDue: the deadline is still ahead (or the target has none) and nothing reached it.
	StateNotDue TargetState = "NOT_DUE"
	// StateNotReported: the deadline has passed and no observation decides the target.
	StateNotReported TargetState = "NOT_REPORTED"
)

// ScorecardEntry is one target of a plan with its state. Observation is the observation
// that decides the state, or else the latest one of the target's indicator and
// jurisdiction (progress, deciding nothing); nil when there is none. Assessment sets the
// target against that observation.
type ScorecardEntry struct {
	Target      *model.Target
	State       TargetState
	Deadline    model.Date
	Observation *model.Observation
	Assessment  *Assessment
	// ObservedOn is the date of the observation's report (see ReportDate).
	ObservedOn model.Date
}

// Scorecard sets every target of a document (node ID or plain ID) against the observations
// of its indicator in the same jurisdiction, as of today. A target due 到2025年 has the
// deadline 2025-12-31; one without a year has none, and is NOT_DUE until an observation
// reaches it. An observation decides a target when its report is dated on or after the
// deadline (a report dated by its year alone, 2025, counts as of the year's end) and can
// be compared with it (see Assess): the latest such observation makes the target MET or
// MISSED. Before that, any observation that already reaches the target makes it MET. An
// observation whose report has no date decides only by reaching the target.
func Scorecard(m *model.Model, doc string, today time.Time) ([]ScorecardEntry, error) {
	d := m.Document(doc)
	if d == nil {
		return nil, fmt.Errorf("scorecard of document %q: %w", doc, graph.ErrNotFound)
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	out := []ScorecardEntry{}
	for _, mv := range d.Measures {
		for _, t := range mv.Targets {
			out = append(out, score(m, t, day))
		}
	}
	return out, nil
}

// scored is an observation of a target's indicator with its report's date and its
// assessment against the target.
type scored struct {
	o    *model.Observation
	on   model.Date
	a    Assessment
	late bool // reported on or after the deadline
}

// score works out one target's state on day.
func score(m *model.Model, t *model.Target, day time.Time) ScorecardEntry {
	e := ScorecardEntry{Target: t}
	if t.Year > 0 {
		e.Deadline = model.Date{Year: t.Year, Month: 12, Day: 31}
	}
	var latest, decided, reached *scored
	for _, o := range t.Indicator.Observations {
		if !sameJurisdiction(t.Measure.Document, o.Document) {
			continue
		}
		s := &scored{o: o, on: m.ReportDate(o.Document), a: Assess(t, o)}
		s.late = !e.Deadline.IsZero() && !s.on.IsZero() && !s.on.End().Before(e.Deadline.End())
		latest = later(latest, s)
		switch {
		case s.a.Met == nil:
		case s.late:
			decided = later(decided, s)
		case *s.a.Met:
			reached = later(reached, s)
		}
	}
	var by *scored
	switch {
	case decided != nil && *decided.a.Met:
		e.State, by = StateMet, decided
	case decided != nil:
		e.State, by = StateMissed, decided
	case reached != nil:
		e.State, by = StateMet, reached
	case e.Deadline.IsZero() || !day.After(e.Deadline.End()):
		e.State, by = StateNotDue, latest
	default:
		e.State, by = StateNotReported, latest
	}
	if by != nil {
		e.Observation, e.ObservedOn = by.o, by.on
		a := by.a
		e.Assessment = &a
	}
	return e
}

// later returns whichever of two observations was reported later; b when their dates tie,
// as b comes later in the model's order.
func later(a, b *scored) *scored {
	if a == nil || !b.on.Before(a.on) {
		return b
	}
	return a
}

// sameJurisdiction tells whether a report speaks of the place a plan governs: documents of
// the same jurisdiction (国家, a province, a city), else of the same city.
func sameJurisdiction(plan, report *model.Document) bool {
	if plan.Jurisdiction != "" && report.Jurisdiction != "" {
		return model.SameJurisdiction(plan.Jurisdiction, report.Jurisdiction)
	}
	return plan.City != "" && model.SameCity(plan.City, report.City)
}
