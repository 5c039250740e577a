package model

import (
	"context"
	"slices"
	"testing"

	"github.com/policykg/policykg/policy"
)

// TestAgencyIndexMatchesFilter asks "measures involving AGENCY in CITY with ROLE" for every
// name and alias of every agency of the seeds, in every city form and role, and compares
// FilterMeasures (which answers these from the agency index) with the measures found by
// walking every measure's responsibilities.
func TestAgencyIndexMatchesFilter(t *testing.T) {
	m := sharedSeeds(t)
	roles := []policy.Role{"", policy.RoleLead, policy.RoleSupport, policy.RoleResponsible, policy.RoleImplementer}
	nonEmpty := 0
	for _, a := range m.Agencies {
		for _, name := range append([]string{a.Name}, a.Aliases...) {
			for _, city := range []string{"", a.City, a.City + "市", "滨州", "无此市"} {
				for _, role := range roles {
					got, err := m.FilterMeasures(context.Background(), MeasureFilter{Agency: name, City: city, Role: role})
					if err != nil {
						t.Fatal(err)
					}
					want := walkMeasures(m, name, city, role)
					if !slices.Equal(got, want) {
						t.Errorf("%s in %q as %q: %v, want %v", name, city, role, ids(got), ids(want))
					}
					if len(want) > 0 {
						nonEmpty++
					}
				}
			}
		}
	}
	if nonEmpty < 20 {
		t.Errorf("only %d questions found measures: the seeds lost their agencies", nonEmpty)
	}
}

// walkMeasures finds the measures naming an agency called name of city in role by walking
// every measure, in document and ordinal order.
func walkMeasures(m *Model, name, city string, role policy.Role) []*Measure {
	var out []*Measure
	for _, mv := range m.Measures {
		if city != "" && !SameCity(mv.Document.City, city) {
			continue
		}
		for _, r := range mv.Responsibilities {
			a := r.Agency
			if (a.Name == name || slices.Contains(a.Aliases, name)) && (city == "" || SameCity(a.City, city)) && (role == "" || r.Role == role) {
				out = append(out, mv)
				break
			}
		}
	}
	slices.SortStableFunc(out, byDocumentOrder)
	return out
}

func ids(ms []*Measure) []string {
	out := make([]string, len(ms))
	for i, mv := range ms {
		out[i] = mv.NodeID
	}
	return out
}

// TestHasCity reads the cities of the seeds' documents with and without 市.
func TestHasCity(t *testing.T) {
	m := sharedSeeds(t)
	for _, tt := range []struct {
		city string
		want bool
	}{{"济宁", true}, {"济宁市", true}, {"滨州市", true}, {"淄博", false}, {"济", false}} {
		if got := m.HasCity(tt.city); got != tt.want {
			t.Errorf("HasCity(%q) = %v, want %v", tt.city, got, tt.want)
		}
	}
}
