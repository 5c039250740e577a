package model

import (
	"slices"
	"strings"

	"github.com/policykg/policykg/policy"
)

// agencyIndex is what the model keeps of an agency beyond its measures, so that "measures
// involving AGENCY in CITY with ROLE" costs the size of its answer's page, not of the
// corpus or of the answer: the list is there, in order, and its length is the count.
type agencyIndex struct {
	// byRole holds the measures in which the agency has each role, in document and
	// measure order, as Measures is.
	byRole map[policy.Role][]*Measure
	// local is true when every measure of the agency is in a document of the agency's
	// city, so that the city of a question needs no check measure by measure.
	local bool
}

// indexAgencies builds the agencies' indices once every document is in the model.
func (m *Model) indexAgencies() {
	for _, a := range m.Agencies {
		if !slices.IsSortedFunc(a.Measures, byDocumentOrder) {
			slices.SortStableFunc(a.Measures, byDocumentOrder)
		}
		a.index = agencyIndex{byRole: map[policy.Role][]*Measure{}, local: true}
		for _, mv := range a.Measures {
			for _, r := range a.roles[mv] {
				if list := a.index.byRole[r]; len(list) == 0 || list[len(list)-1] != mv {
					a.index.byRole[r] = append(list, mv)
				}
			}
			a.index.local = a.index.local && SameCity(mv.Document.City, a.City)
		}
	}
}

// byDocumentOrder orders measures by document ID, then ordinal: the order of every list
// of measures the model gives.
func byDocumentOrder(x, y *Measure) int {
	switch {
	case x.Document.ID < y.Document.ID:
		return -1
	case x.Document.ID > y.Document.ID:
		return 1
	}
	return x.Ordinal - y.Ordinal
}

// agencyMeasures answers a filter of measures by agency, city and role alone from the
// index, when the name and city name one agency whose measures all lie in its city; ok
// is false otherwise. The list returned is the model's own.
func (m *Model) agencyMeasures(name, city string, role policy.Role) (ms []*Measure, ok bool) {
	var found *Agency
	for _, a := range m.agencyNames[name] {
		if city != "" && !SameCity(a.City, city) {
			continue
		}
		if found != nil {
			return nil, false // several agencies: their lists are merged by the general path
		}
		found = a
	}
	switch {
	case found == nil:
		return nil, true
	case city != "" && !found.index.local:
		return nil, false
	case role != "":
		return found.index.byRole[role], true
	}
	return found.Measures, true
}

// cityIndex holds the cities documents are of, without 市, so that "is any document of
// this city" costs a look-up, not a walk over every document.
type cityIndex map[string]bool

func (m *Model) indexCities() {
	m.cities = cityIndex{}
	for _, d := range m.Documents {
		m.cities[strings.TrimSuffix(d.City, "市")] = true
	}
}

// HasCity reports whether a document is of city (with or without 市): whether
// FindDocuments with that city finds one.
func (m *Model) HasCity(city string) bool { return m.cities[strings.TrimSuffix(city, "市")] }
