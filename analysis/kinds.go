package analysis

import (
	"cmp"
	"slices"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// KindUse is how one kind of agency (卫生健康委, 财政局 …) takes part in one document.
type KindUse struct {
	// Agencies are the agencies of that kind named in the document (usually one).
	Agencies []*model.Agency
	// Measures are the document's measures that name an agency of the kind.
	Measures []*model.Measure
	RoleCounts
	// Share is len(Measures) over the document's number of measures, so that plans of
	// different lengths compare.
	Share float64
}

// KindRow compares one kind across two documents; A or B is nil where the kind is absent.
type KindRow struct {
	Kind string
	A, B *KindUse
}

// KindComparison sets two documents' divisions of labour side by side, kind by kind.
type KindComparison struct {
	A, B *model.Document
	// Kinds holds every kind named in either document, by measures in A and B together
	// (most first), then kind.
	Kinds []*KindRow
	// OnlyInA and OnlyInB are the kinds named in one document and not the other, in the
	// order of Kinds.
	OnlyInA, OnlyInB []string
}

// CompareKinds compares which kinds of agency two documents put on their measures and in
// which roles. Agencies of different cities meet through their kind (济宁's and 滨州's
// 市卫生健康委 are both 卫生健康委); an agency with no kind stands for itself by name.
func CompareKinds(m *model.Model, a, b string) (*KindComparison, error) {
	da, db := m.Document(a), m.Document(b)
	for id, d := range map[string]*model.Document{a: da, b: db} {
		if d == nil {
			return nil, graph.DocumentNotFound(id)
		}
	}
	ua, ub := kindUses(da), kindUses(db)
	c := &KindComparison{A: da, B: db}
	rows := map[string]*KindRow{}
	for kind, u := range ua {
		rows[kind] = &KindRow{Kind: kind, A: u}
	}
	for kind, u := range ub {
		if rows[kind] == nil {
			rows[kind] = &KindRow{Kind: kind}
		}
		rows[kind].B = u
	}
	for _, r := range rows {
		c.Kinds = append(c.Kinds, r)
	}
	count := func(u *KindUse) int {
		if u == nil {
			return 0
		}
		return len(u.Measures)
	}
	slices.SortFunc(c.Kinds, func(x, y *KindRow) int {
		return cmp.Or(cmp.Compare(count(y.A)+count(y.B), count(x.A)+count(x.B)), cmp.Compare(x.Kind, y.Kind))
	})
	for _, r := range c.Kinds {
		switch {
		case r.B == nil:
			c.OnlyInA = append(c.OnlyInA, r.Kind)
		case r.A == nil:
			c.OnlyInB = append(c.OnlyInB, r.Kind)
		}
	}
	return c, nil
}

// kindUses groups a document's responsibilities by agency kind.
func kindUses(d *model.Document) map[string]*KindUse {
	uses := map[string]*KindUse{}
	for _, mv := range d.Measures {
		for _, a := range MeasureAgencies(mv) {
			kind := cmp.Or(a.Kind, a.Name)
			u := uses[kind]
			if u == nil {
				u = &KindUse{}
				uses[kind] = u
			}
			u.Agencies = appendOnce(u.Agencies, a)
			if !slices.Contains(u.Measures, mv) {
				u.Measures = append(u.Measures, mv)
				// Two agencies of one kind on one measure count once, with the roles of both.
				var roles []policy.Role
				for _, other := range MeasureAgencies(mv) {
					if cmp.Or(other.Kind, other.Name) == kind {
						for _, r := range other.Roles(mv) {
							roles = appendOnce(roles, r)
						}
					}
				}
				u.Add(roles)
			}
		}
	}
	for _, u := range uses {
		u.Share = float64(len(u.Measures)) / float64(len(d.Measures))
	}
	return uses
}
