package graph

import "github.com/policykg/policykg/loader"

// MeasureRefinement narrows a list of measures by what FindMeasures does not look at;
// empty fields match everything and the fields combine with AND.
type MeasureRefinement struct {
	// Status keeps the measures of documents of this status.
	Status loader.Status
	// Indicator keeps the measures with a target on this indicator (canonical name,
	// alias, or a wording the loader maps onto the canonical name).
	Indicator string
	// Year keeps the measures with a target due that year; with Indicator, the same
	// target must match both.
	Year int
}

// RefineMeasures keeps the measures of ms that match r, in their order.
func (m *Model) RefineMeasures(ms []*Measure, r MeasureRefinement) []*Measure {
	if r == (MeasureRefinement{}) {
		return ms
	}
	match := m.targetMatcher(r.Indicator, r.Year)
	var out []*Measure
	for _, mv := range ms {
		if r.Status != "" && mv.Document.Status != r.Status {
			continue
		}
		if r.Indicator != "" || r.Year != 0 {
			found := false
			for _, t := range mv.Targets {
				if match(t) {
					found = true
					break
				}
			}
			if !found {
				continue
			}
		}
		out = append(out, mv)
	}
	return out
}

// TargetFilter narrows the list of targets; empty fields match everything and the fields
// combine with AND.
type TargetFilter struct {
	// Indicator is a canonical indicator name, an alias, or a wording the loader maps
	// onto the canonical name.
	Indicator string
	// Year is the year a target is due.
	Year int
	// Document is a document's node ID or plain ID.
	Document string
	// City is the city of the target's document, with or without 市.
	City string
}

// FindTargets lists the targets that match f, in document, measure and target order.
func (m *Model) FindTargets(f TargetFilter) []*Target {
	var doc *Document
	if f.Document != "" {
		if doc = m.Document(f.Document); doc == nil {
			return nil
		}
	}
	match := m.targetMatcher(f.Indicator, f.Year)
	var out []*Target
	for _, mv := range m.Measures {
		if doc != nil && mv.Document != doc || f.City != "" && !sameCity(mv.Document.City, f.City) {
			continue
		}
		for _, t := range mv.Targets {
			if match(t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// targetMatcher returns a test of a target's indicator and year; an empty indicator or a
// zero year matches any.
func (m *Model) targetMatcher(indicator string, year int) func(*Target) bool {
	var inds map[*Indicator]bool
	if indicator != "" {
		inds = map[*Indicator]bool{}
		for _, in := range m.FindIndicators(indicator) {
			inds[in] = true
		}
	}
	return func(t *Target) bool {
		return (inds == nil || inds[t.Indicator]) && (year == 0 || t.Year == year)
	}
}
