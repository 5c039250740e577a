package model

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
		if doc != nil && mv.Document != doc || f.City != "" && !SameCity(mv.Document.City, f.City) {
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
