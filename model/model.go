// Package model is the read model of a store: the documents as an index of nodes (measures,
// agencies, institutions, indicators, targets) with filters, current versions, suggestions
// and full-text search, kept in step with the store by a Reader and its background
// refresher.
package model

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/policy"
)

// Model is an immutable, indexed view of every document in the store at one version. The
// read path answers from it, so a question costs map look-ups, not store queries, and does
// not slow down as the corpus grows.
type Model struct {
	Version      string
	Documents    []*Document
	Measures     []*Measure
	Agencies     []*Agency
	Institutions []*Institution
	Indicators   []*Indicator

	nodes          map[string]any
	agencyNames    map[string][]*Agency
	instNames      map[string][]*Institution
	indicatorNames map[string][]*Indicator
	// indicatorName is the loader's rule from an indicator's wording to its canonical name.
	indicatorName func(words string) string
	// fullText is the full-text search index over the model (search.go).
	fullText searchState
	// versions pairs drafts with their final texts (current.go); reports dates the
	// documents (reportdate.go).
	versions versions
	reports  reportDates
	// cities are the cities of the documents (index.go); suggest the names Suggest
	// compares (suggest.go).
	cities  cityIndex
	suggest *suggestIndex
}

// Document is a loaded document and its parts.
type Document struct {
	*policy.Document
	NodeID       string
	Measures     []*Measure
	Observations []*Observation
}

// Measure is a measure of a document with its links resolved.
type Measure struct {
	*policy.Measure
	NodeID           string
	Document         *Document
	Responsibilities []Responsibility
	Institutions     []*Institution
	Departments      []*Department
	Targets          []*Target
}

// Responsibility is an agency's role in a measure.
type Responsibility struct {
	Agency   *Agency
	Role     policy.Role
	Position int
	Measure  *Measure
}

// Agency is a government body of a jurisdiction (国家, a province, a city or a county), with
// every measure that names it.
type Agency struct {
	NodeID       string
	Name         string
	City         string
	Level        policy.Level
	Jurisdiction string
	Kind         string
	Aliases      []string
	Measures     []*Measure
	roles        map[*Measure][]policy.Role
	index        agencyIndex
}

// Roles returns the roles the agency has in a measure.
func (a *Agency) Roles(m *Measure) []policy.Role { return a.roles[m] }

// Institution is a hospital, centre, institute or school of a city.
type Institution struct {
	NodeID   string
	Name     string
	City     string
	Aliases  []string
	Parent   *Institution
	Measures []*Measure
}

// Department is a clinical department or specialty.
type Department struct {
	NodeID      string
	Name        string
	Institution *Institution
	Measures    []*Measure
}

// Indicator is what targets and observations measure, shared across documents. Name is the
// canonical name; Aliases are the other words the documents use for it.
type Indicator struct {
	NodeID       string
	Name         string
	Aliases      []string
	Targets      []*Target
	Observations []*Observation
}

// Target is a measure's commitment on an indicator.
type Target struct {
	*policy.Target
	NodeID    string
	Measure   *Measure
	Indicator *Indicator
}

// Observation is a value a document reports as achieved.
type Observation struct {
	*policy.Observation
	NodeID    string
	Document  *Document
	Indicator *Indicator
}

// Build indexes documents; docs are ordered by ID so that lists are stable. indicatorName
// gives the canonical name of an indicator's wording for FindIndicators (nil: canonical
// names and aliases only).
func Build(version string, docs []*policy.Document, indicatorName func(words string) string) *Model {
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	m := &Model{
		Version: version, indicatorName: indicatorName, nodes: map[string]any{}, agencyNames: map[string][]*Agency{},
		instNames: map[string][]*Institution{}, indicatorNames: map[string][]*Indicator{},
	}
	agencies := map[string]*Agency{}
	insts := map[string]*Institution{}
	depts := map[string]*Department{}
	inds := map[string]*Indicator{}
	indicator := func(name, words string) *Indicator {
		id := graph.IndicatorID(name)
		in, ok := inds[id]
		if !ok {
			in = &Indicator{NodeID: id, Name: name}
			inds[id] = in
			m.Indicators = append(m.Indicators, in)
			m.nodes[id] = in
		}
		if words != "" && words != name {
			in.Aliases = union(in.Aliases, []string{words})
		}
		return in
	}
	institution := func(li policy.Institution) *Institution {
		id := graph.InstitutionID(li.City, li.Name)
		in, ok := insts[id]
		if !ok {
			in = &Institution{NodeID: id, Name: li.Name, City: li.City}
			insts[id] = in
			m.Institutions = append(m.Institutions, in)
			m.nodes[id] = in
		}
		in.Aliases = union(in.Aliases, li.Aliases)
		return in
	}
	for _, ld := range docs {
		d := &Document{Document: ld, NodeID: graph.DocumentID(ld.ID)}
		m.Documents = append(m.Documents, d)
		m.nodes[d.NodeID] = d
		for i := range ld.Measures {
			lm := &ld.Measures[i]
			mv := &Measure{Measure: lm, NodeID: graph.MeasureID(ld.ID, lm.Ordinal), Document: d}
			d.Measures = append(d.Measures, mv)
			m.Measures = append(m.Measures, mv)
			m.nodes[mv.NodeID] = mv
			for _, r := range lm.Responsibilities {
				id := graph.AgencyID(r.Agency.Scope(), r.Agency.Name)
				a, ok := agencies[id]
				if !ok {
					a = &Agency{NodeID: id, Name: r.Agency.Name, City: r.Agency.City, Level: r.Agency.Level, Jurisdiction: r.Agency.Jurisdiction,
						Kind: r.Agency.Kind, roles: map[*Measure][]policy.Role{}}
					agencies[id] = a
					m.Agencies = append(m.Agencies, a)
					m.nodes[id] = a
				}
				a.Aliases = union(a.Aliases, r.Agency.Aliases)
				if len(a.roles[mv]) == 0 {
					a.Measures = append(a.Measures, mv)
				}
				a.roles[mv] = append(a.roles[mv], r.Role)
				mv.Responsibilities = append(mv.Responsibilities, Responsibility{Agency: a, Role: r.Role, Position: r.Position, Measure: mv})
			}
			for _, li := range lm.Institutions {
				in := institution(li)
				if li.Parent != "" {
					in.Parent = institution(policy.Institution{Name: li.Parent, City: li.City})
				}
				in.Measures = append(in.Measures, mv)
				mv.Institutions = append(mv.Institutions, in)
			}
			for _, ldp := range lm.Departments {
				id := graph.DepartmentID(ld.City, ldp.Institution, ldp.Name)
				dp, ok := depts[id]
				if !ok {
					dp = &Department{NodeID: id, Name: ldp.Name}
					if ldp.Institution != "" {
						dp.Institution = institution(policy.Institution{Name: ldp.Institution, City: ld.City})
					}
					depts[id] = dp
					m.nodes[id] = dp
				}
				dp.Measures = append(dp.Measures, mv)
				mv.Departments = append(mv.Departments, dp)
			}
			for k := range lm.Targets {
				lt := &lm.Targets[k]
				t := &Target{Target: lt, NodeID: graph.TargetID(ld.ID, lm.Ordinal, k+1), Measure: mv, Indicator: indicator(lt.Indicator, lt.Words)}
				t.Indicator.Targets = append(t.Indicator.Targets, t)
				mv.Targets = append(mv.Targets, t)
				m.nodes[t.NodeID] = t
			}
		}
		for k := range ld.Observations {
			lo := &ld.Observations[k]
			o := &Observation{Observation: lo, NodeID: graph.ObservationID(ld.ID, k+1), Document: d, Indicator: indicator(lo.Indicator, lo.Words)}
			o.Indicator.Observations = append(o.Indicator.Observations, o)
			d.Observations = append(d.Observations, o)
			m.nodes[o.NodeID] = o
		}
	}
	m.indexAgencies()
	m.indexCities()
	m.suggest = &suggestIndex{}
	for _, a := range m.Agencies {
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			m.agencyNames[n] = appendOnce(m.agencyNames[n], a)
		}
	}
	for _, in := range m.Institutions {
		for _, n := range append([]string{in.Name}, in.Aliases...) {
			m.instNames[n] = appendOnce(m.instNames[n], in)
		}
	}
	for _, in := range m.Indicators {
		for _, n := range append([]string{in.Name}, in.Aliases...) {
			m.indicatorNames[n] = appendOnce(m.indicatorNames[n], in)
		}
	}
	return m
}

func union(a, b []string) []string {
	for _, s := range b {
		found := false
		for _, t := range a {
			found = found || s == t
		}
		if !found {
			a = append(a, s)
		}
	}
	return a
}

func appendOnce[T comparable](list []T, v T) []T {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// Node returns the node with an ID: *Document, *Measure, *Agency, *Institution,
// *Department, *Target, *Indicator or *Observation; nil if there is none.
func (m *Model) Node(id string) any { return m.nodes[id] }

// Document returns a document by its node ID or its plain ID.
func (m *Model) Document(id string) *Document {
	if d, ok := m.nodes[id].(*Document); ok {
		return d
	}
	d, _ := m.nodes[graph.DocumentID(id)].(*Document)
	return d
}

// DocumentFilter narrows a list of documents; empty fields match everything.
type DocumentFilter struct {
	City   string
	Status policy.Status
	// Jurisdiction keeps the documents of this jurisdiction (国家, 山东省, 济宁市).
	Jurisdiction string
	Level        policy.Level
}

// FindDocuments lists the documents that match f.
func (m *Model) FindDocuments(f DocumentFilter) []*Document {
	var out []*Document
	for _, d := range m.Documents {
		if (f.City == "" || SameCity(d.City, f.City)) && (f.Status == "" || d.Status == f.Status) &&
			(f.Jurisdiction == "" || SameJurisdiction(d.Jurisdiction, f.Jurisdiction)) && (f.Level == "" || d.Level == f.Level) {
			out = append(out, d)
		}
	}
	return out
}

// SameCity compares city names with or without 市.
func SameCity(a, b string) bool { return strings.TrimSuffix(a, "市") == strings.TrimSuffix(b, "市") }

// SameJurisdiction compares jurisdictions with or without the word for their level
// (山东 and 山东省, 济宁 and 济宁市, 全国 and 国家).
func SameJurisdiction(a, b string) bool {
	short := func(s string) string {
		if s == "全国" || s == "中国" {
			return "国家"
		}
		for _, suf := range []string{"自治区", "省", "市", "县", "区"} {
			if t := strings.TrimSuffix(s, suf); t != s && len([]rune(t)) >= 2 {
				return t
			}
		}
		return s
	}
	return a != "" && short(a) == short(b)
}

// MeasureFilter narrows a list of measures; empty fields match everything and the fields
// combine with AND.
type MeasureFilter struct {
	Agency      string
	City        string
	Role        policy.Role
	Document    string
	Institution string
	Text        string
	// Status keeps the measures of documents of this status.
	Status policy.Status
	// Indicator keeps the measures with a target on this indicator (canonical name,
	// alias, or a wording the loader maps onto the canonical name).
	Indicator string
	// Year keeps the measures with a target due that year; with Indicator, the same
	// target must match both.
	Year int
	// Jurisdiction keeps the measures of documents of this jurisdiction (国家, 山东省).
	Jurisdiction string
}

// FilterMeasures lists the measures that match f, in document and ordinal order. f.Text
// goes through the full-text index: every word must be in the title or text (see Search).
// The list may be the model's own: callers must not change it.
func (m *Model) FilterMeasures(ctx context.Context, f MeasureFilter) ([]*Measure, error) {
	if f.Agency != "" && f.Document == "" && f.Institution == "" && f.Text == "" && f.Status == "" && f.Indicator == "" && f.Year == 0 && f.Jurisdiction == "" {
		if ms, ok := m.agencyMeasures(f.Agency, f.City, f.Role); ok {
			return ms, nil
		}
	}
	var matched map[*Measure]bool
	if f.Text != "" {
		var err error
		if matched, err = m.matchMeasures(ctx, f.Text); err != nil {
			return nil, err
		}
	}
	candidates := m.Measures
	if f.Agency != "" {
		candidates = nil
		seen := map[*Measure]bool{}
		for _, a := range m.agencyNames[f.Agency] {
			if f.City != "" && !SameCity(a.City, f.City) {
				continue
			}
			for _, mv := range a.Measures {
				if seen[mv] || f.Role != "" && !hasRole(a.roles[mv], f.Role) {
					continue
				}
				seen[mv] = true
				candidates = append(candidates, mv)
			}
		}
		sortMeasures(candidates)
	}
	var doc *Document
	if f.Document != "" {
		if doc = m.Document(f.Document); doc == nil {
			return nil, nil
		}
	}
	byTarget := m.targetMatcher(f.Indicator, f.Year)
	var out []*Measure
	for i, mv := range candidates {
		// A filter over every measure of a large graph checks the request now and then.
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		switch {
		case doc != nil && mv.Document != doc,
			f.City != "" && !SameCity(mv.Document.City, f.City),
			f.Jurisdiction != "" && !SameJurisdiction(mv.Document.Jurisdiction, f.Jurisdiction),
			f.Status != "" && mv.Document.Status != f.Status,
			f.Agency == "" && f.Role != "" && !measureHasRole(mv, f.Role),
			f.Institution != "" && !measureHasInstitution(mv, f.Institution),
			(f.Indicator != "" || f.Year != 0) && !slices.ContainsFunc(mv.Targets, byTarget),
			matched != nil && !matched[mv]:
			continue
		}
		out = append(out, mv)
	}
	return out, nil
}

func sortMeasures(ms []*Measure) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Document.ID != ms[j].Document.ID {
			return ms[i].Document.ID < ms[j].Document.ID
		}
		return ms[i].Ordinal < ms[j].Ordinal
	})
}

func hasRole(rs []policy.Role, r policy.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func measureHasRole(mv *Measure, r policy.Role) bool {
	for _, x := range mv.Responsibilities {
		if x.Role == r {
			return true
		}
	}
	return false
}

func measureHasInstitution(mv *Measure, name string) bool {
	for _, in := range mv.Institutions {
		if in.Name == name {
			return true
		}
		for _, a := range in.Aliases {
			if a == name {
				return true
			}
		}
	}
	return false
}

// FindAgencies lists agencies by canonical name or alias and city.
func (m *Model) FindAgencies(name, city string) []*Agency {
	return findNamed(m.Agencies, m.agencyNames, name, city, func(a *Agency) string { return a.City })
}

// FindInstitutions lists institutions by canonical name or alias and city.
func (m *Model) FindInstitutions(name, city string) []*Institution {
	return findNamed(m.Institutions, m.instNames, name, city, func(in *Institution) string { return in.City })
}

// findNamed lists the items named name (all when it is empty) that are in city (any when
// it is empty).
func findNamed[T any](all []*T, byName map[string][]*T, name, city string, cityOf func(*T) string) []*T {
	if name != "" {
		all = byName[name]
	}
	var out []*T
	for _, x := range all {
		if city == "" || SameCity(cityOf(x), city) {
			out = append(out, x)
		}
	}
	return out
}

// FindIndicators lists indicators by canonical name or alias, or else by the canonical name
// the loader's rules and synonym table give name (全人群家庭医生签约率 finds 全人群签约率);
// every indicator when name is empty.
func (m *Model) FindIndicators(name string) []*Indicator {
	if name == "" {
		return m.Indicators
	}
	if found := m.indicatorNames[name]; len(found) > 0 {
		return found
	}
	if m.indicatorName == nil {
		return nil
	}
	return m.indicatorNames[m.indicatorName(name)]
}
