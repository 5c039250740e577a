package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/policy"
)

// docGraph is what the graph says of one document: the quads labelled with the document,
// as each node's predicates and objects. It holds the document's own nodes and what the
// document says of the shared ones it names.
type docGraph struct {
	doc   quad.IRI
	nodes map[quad.IRI]nodeFacts
}

// nodeFacts are a node's predicates, each with its objects.
type nodeFacts map[quad.IRI][]quad.Value

func newDocGraph(doc quad.IRI) *docGraph {
	return &docGraph{doc: doc, nodes: map[quad.IRI]nodeFacts{}}
}

// add records a quad of the document; quads about anything but an IRI are ignored.
func (g *docGraph) add(s quad.Value, p quad.IRI, o quad.Value) {
	si, ok := s.(quad.IRI)
	if !ok {
		return
	}
	f := g.nodes[si]
	if f == nil {
		f = nodeFacts{}
		g.nodes[si] = f
	}
	f[p] = append(f[p], o)
}

// docGraphOf groups the quads labelled doc.
func docGraphOf(doc quad.IRI, qs []quad.Quad) *docGraph {
	g := newDocGraph(doc)
	for _, q := range qs {
		if q.Label != doc {
			continue
		}
		if p, ok := q.Predicate.(quad.IRI); ok {
			g.add(q.Subject, p, q.Object)
		}
	}
	return g
}

// decodeDocument reads a document back from its quads, as documentQuads wrote it or as a
// person edited an export of it. An error names the node and what is wrong with it.
func decodeDocument(g *docGraph) (*policy.Document, error) {
	id, ok := documentIDOf(g.doc)
	if !ok {
		return nil, fmt.Errorf("%s is not a document IRI (%sdoc:…)", g.doc, IDBase)
	}
	dd := decoder{g: g}
	root := g.nodes[g.doc]
	if !dd.isA(root, KindDocument) {
		return nil, fmt.Errorf("document %q: no %s type", id, KindDocument)
	}
	d := &policy.Document{
		ID: id, Cites: []policy.Citation{}, Sections: []policy.Section{}, Measures: []policy.Measure{},
		Observations: []policy.Observation{}, Warnings: []policy.Warning{},
	}
	dd.str(g.doc, PredTitle, &d.Title)
	dd.str(g.doc, PredCity, &d.City)
	var level string
	dd.str(g.doc, PredGovLevel, &level)
	d.Level = policy.Level(level)
	dd.str(g.doc, PredJurisdiction, &d.Jurisdiction)
	dd.str(g.doc, PredIssuer, &d.Issuer)
	dd.str(g.doc, PredDocNumber, &d.DocNumber)
	dd.str(g.doc, PredDate, &d.Date)
	var status string
	dd.str(g.doc, PredStatus, &status)
	d.Status = policy.Status(status)
	dd.str(g.doc, PredSource, &d.Source)
	dd.str(g.doc, PredFormat, &d.Format)
	dd.str(g.doc, PredEncoding, &d.Encoding)
	dd.str(g.doc, PredText, &d.Text)

	owned := dd.owned()
	for _, n := range owned[KindCitation] {
		var c policy.Citation
		dd.str(n, PredTitle, &c.Title)
		dd.str(n, PredDocNumber, &c.DocNumber)
		d.Cites = append(d.Cites, c)
	}
	for _, n := range owned[KindSection] {
		var s policy.Section
		dd.str(n, PredNumber, &s.Number)
		dd.str(n, PredTitle, &s.Title)
		dd.int(n, PredLevel, &s.Level)
		dd.span(n, &s.Span)
		d.Sections = append(d.Sections, s)
	}
	measures := map[quad.IRI]int{}
	for _, n := range owned[KindMeasure] {
		m := policy.Measure{
			Responsibilities: []policy.Responsibility{}, Notes: []policy.Note{},
			Institutions: []policy.Institution{}, Departments: []policy.Department{}, Targets: []policy.Target{},
		}
		dd.int(n, PredOrdinal, &m.Ordinal)
		dd.str(n, PredNumber, &m.Number)
		dd.str(n, PredSection, &m.Section)
		dd.str(n, PredTitle, &m.Title)
		dd.str(n, PredText, &m.Text)
		dd.span(n, &m.Span)
		dd.str(n, PredDeadline, &m.Deadline)
		m.SectionPath = dd.seq(n, PredSectionPath)
		m.GenericBodies = dd.seq(n, PredGenericBodies)
		measures[n] = len(d.Measures)
		d.Measures = append(d.Measures, m)
	}
	// A part of a measure finds its measure through its measure predicate.
	measureOf := func(n quad.IRI) *policy.Measure {
		m, ok := dd.iri(n, PredMeasure)
		if !ok {
			dd.fail(n, "no %s", PredMeasure)
			return nil
		}
		i, ok := measures[m]
		if !ok {
			dd.fail(n, "its measure %s is not a measure of the document", m)
			return nil
		}
		return &d.Measures[i]
	}
	for _, n := range owned[KindResponsibility] {
		m := measureOf(n)
		an, ok := dd.iri(n, PredAgency)
		if m == nil || !ok {
			dd.fail(n, "no %s", PredAgency)
			continue
		}
		r := policy.Responsibility{Agency: dd.agency(an)}
		var role string
		dd.str(n, PredRole, &role)
		r.Role = policy.Role(role)
		dd.int(n, PredPosition, &r.Position)
		dd.str(n, PredMention, &r.Mention)
		m.Responsibilities = append(m.Responsibilities, r)
	}
	for _, n := range owned[KindNote] {
		m := measureOf(n)
		if m == nil {
			continue
		}
		nt := policy.Note{Positions: []int{}}
		dd.str(n, PredText, &nt.Text)
		dd.span(n, &nt.Span)
		for _, r := range dd.members(n) {
			ri, ok := r.(quad.IRI)
			if !ok {
				dd.fail(n, "a member that is not a responsibility: %s", r)
				continue
			}
			// A responsibility removed from an edited export is no longer given by the note.
			var pos int
			if dd.int(ri, PredPosition, &pos); pos != 0 {
				nt.Positions = append(nt.Positions, pos)
			}
		}
		m.Notes = append(m.Notes, nt)
	}
	for _, n := range owned[KindInstitutionMention] {
		m := measureOf(n)
		in, ok := dd.iri(n, PredInstitution)
		if m == nil || !ok {
			dd.fail(n, "no %s", PredInstitution)
			continue
		}
		inst := dd.institution(in)
		dd.str(n, PredMention, &inst.Mention)
		m.Institutions = append(m.Institutions, inst)
	}
	for _, n := range owned[KindDepartmentMention] {
		m := measureOf(n)
		dn, ok := dd.iri(n, PredDepartment)
		if m == nil || !ok {
			dd.fail(n, "no %s", PredDepartment)
			continue
		}
		var dp policy.Department
		dd.str(dn, PredName, &dp.Name)
		if in, ok := dd.iri(dn, PredInstitution); ok {
			dd.str(in, PredName, &dp.Institution)
		}
		m.Departments = append(m.Departments, dp)
	}
	for _, n := range owned[KindTarget] {
		m := measureOf(n)
		if m == nil {
			continue
		}
		var t policy.Target
		dd.value(n, &t.Indicator, &t.Words, &t.Text, &t.Value, &t.ValueText, &t.Unit, &t.Span)
		var comparator string
		dd.str(n, PredComparator, &comparator)
		t.Comparator = policy.Comparator(comparator)
		dd.int(n, PredYear, &t.Year)
		dd.bool(n, PredStretch, &t.Stretch)
		dd.bool(n, PredMaintain, &t.Maintain)
		dd.bool(n, PredRank, &t.Rank)
		m.Targets = append(m.Targets, t)
	}
	for _, n := range owned[KindObservation] {
		var o policy.Observation
		dd.value(n, &o.Indicator, &o.Words, &o.Text, &o.Value, &o.ValueText, &o.Unit, &o.Span)
		var comparator string
		dd.str(n, PredComparator, &comparator)
		o.Comparator = policy.Comparator(comparator)
		dd.bool(n, PredRank, &o.Rank)
		d.Observations = append(d.Observations, o)
	}
	for _, n := range owned[KindWarning] {
		var w policy.Warning
		dd.str(n, PredCode, &w.Code)
		dd.str(n, PredMessage, &w.Message)
		if _, ok := dd.one(n, PredStart); ok {
			w.Span = &policy.Span{}
			dd.span(n, w.Span)
		}
		d.Warnings = append(d.Warnings, w)
	}
	slices.SortStableFunc(d.Measures, func(a, b policy.Measure) int { return cmp.Compare(a.Ordinal, b.Ordinal) })
	for i := range d.Measures {
		slices.SortStableFunc(d.Measures[i].Responsibilities, func(a, b policy.Responsibility) int { return cmp.Compare(a.Position, b.Position) })
	}
	if len(dd.errs) > 0 {
		return nil, fmt.Errorf("document %q: %s", id, strings.Join(dd.errs, "; "))
	}
	return d, nil
}

// decoder reads the facts of a docGraph, noting what it cannot read.
type decoder struct {
	g    *docGraph
	errs []string
}

func (dd *decoder) fail(n quad.IRI, format string, args ...any) {
	if len(dd.errs) < 5 {
		dd.errs = append(dd.errs, fmt.Sprintf("%s: %s", n, fmt.Sprintf(format, args...)))
	}
}

func (dd *decoder) isA(f nodeFacts, class quad.IRI) bool {
	return slices.Contains(f[PredType], quad.Value(class))
}

// owned returns the document's own nodes by class (every node whose document predicate
// names it, and every node whose measure predicate names one of those), each class's
// nodes in the order of their position, then IRI.
func (dd *decoder) owned() map[quad.IRI][]quad.IRI {
	type item struct {
		n   quad.IRI
		pos int
	}
	parts := map[quad.Value]bool{}
	for n, f := range dd.g.nodes {
		if slices.Contains(f[PredDocument], quad.Value(dd.g.doc)) {
			parts[n] = true
		}
	}
	byClass := map[quad.IRI][]item{}
	for n, f := range dd.g.nodes {
		if !parts[n] && !slices.ContainsFunc(f[PredMeasure], func(m quad.Value) bool { return parts[m] }) {
			continue
		}
		var pos int
		dd.int(n, PredPosition, &pos)
		for _, c := range f[PredType] {
			if class, ok := c.(quad.IRI); ok {
				byClass[class] = append(byClass[class], item{n, pos})
			}
		}
	}
	out := make(map[quad.IRI][]quad.IRI, len(byClass))
	for class, items := range byClass {
		slices.SortFunc(items, func(a, b item) int {
			return cmp.Or(cmp.Compare(a.pos, b.pos), strings.Compare(string(a.n), string(b.n)))
		})
		for _, it := range items {
			out[class] = append(out[class], it.n)
		}
	}
	return out
}

// one returns the single object of n's predicate p; false when there is none, and an
// error noted when there are several different ones.
func (dd *decoder) one(n quad.IRI, p quad.IRI) (quad.Value, bool) {
	vs := dd.g.nodes[n][p]
	if len(vs) == 0 {
		return nil, false
	}
	for _, v := range vs[1:] {
		if canonicalLiteral(v) != canonicalLiteral(vs[0]) {
			dd.fail(n, "%d values of %s", len(vs), p)
			break
		}
	}
	return vs[0], true
}

func (dd *decoder) str(n quad.IRI, p quad.IRI, dst *string) {
	decodeOne(dd, n, p, dst, asString, "a string")
}

func (dd *decoder) int(n quad.IRI, p quad.IRI, dst *int) {
	decodeOne(dd, n, p, dst, asInt, "an integer")
}

func (dd *decoder) bool(n quad.IRI, p quad.IRI, dst *bool) {
	decodeOne(dd, n, p, dst, asBool, "a boolean")
}

// decodeOne sets *dst to n's one value of p read by as; a value as cannot read fails the
// document, naming what it should have been.
func decodeOne[T any](dd *decoder, n, p quad.IRI, dst *T, as func(quad.Value) (T, bool), what string) {
	v, ok := dd.one(n, p)
	if !ok {
		return
	}
	x, ok := as(v)
	if !ok {
		dd.fail(n, "%s is not %s: %s", p, what, v)
		return
	}
	*dst = x
}

func (dd *decoder) iri(n quad.IRI, p quad.IRI) (quad.IRI, bool) {
	v, ok := dd.one(n, p)
	if !ok {
		return "", false
	}
	i, ok := v.(quad.IRI)
	if !ok {
		dd.fail(n, "%s is not an IRI: %s", p, v)
	}
	return i, ok
}

func (dd *decoder) span(n quad.IRI, s *policy.Span) {
	dd.int(n, PredStart, &s.Start)
	dd.int(n, PredEnd, &s.End)
}

// strings returns every string object of n's predicate p, sorted; nil when there are none.
func (dd *decoder) strings(n quad.IRI, p quad.IRI) []string {
	var out []string
	for _, v := range dd.g.nodes[n][p] {
		if s, ok := asString(v); ok {
			out = append(out, s)
		} else {
			dd.fail(n, "%s is not a string: %s", p, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// members returns the members of the ordered list n (rdf:_1, rdf:_2 …) in their order.
func (dd *decoder) members(n quad.IRI) []quad.Value {
	type member struct {
		k int
		v quad.Value
	}
	var ms []member
	for p, vs := range dd.g.nodes[n] {
		k, ok := memberIndex(p)
		if !ok {
			continue
		}
		if len(vs) > 1 {
			dd.fail(n, "%d members at %s", len(vs), p)
		}
		ms = append(ms, member{k, vs[0]})
	}
	slices.SortFunc(ms, func(a, b member) int { return cmp.Compare(a.k, b.k) })
	out := make([]quad.Value, len(ms))
	for i, m := range ms {
		out[i] = m.v
	}
	return out
}

// seq returns the strings of the rdf:Seq that is n's p, in their order; an empty list when
// n has none.
func (dd *decoder) seq(n quad.IRI, p quad.IRI) []string {
	out := []string{}
	list, ok := dd.iri(n, p)
	if !ok {
		return out
	}
	for _, v := range dd.members(list) {
		s, ok := asString(v)
		if !ok {
			dd.fail(list, "a member that is not a string: %s", v)
			continue
		}
		out = append(out, s)
	}
	return out
}

func (dd *decoder) agency(n quad.IRI) policy.Agency {
	var a policy.Agency
	if dd.str(n, PredName, &a.Name); a.Name == "" {
		dd.fail(n, "an agency without a %s", PredName)
	}
	dd.str(n, PredCity, &a.City)
	var level string
	dd.str(n, PredGovLevel, &level)
	a.Level = policy.Level(level)
	dd.str(n, PredJurisdiction, &a.Jurisdiction)
	dd.str(n, PredKind, &a.Kind)
	a.Aliases = dd.strings(n, PredAlias)
	return a
}

func (dd *decoder) institution(n quad.IRI) policy.Institution {
	var in policy.Institution
	if dd.str(n, PredName, &in.Name); in.Name == "" {
		dd.fail(n, "an institution without a %s", PredName)
	}
	dd.str(n, PredCity, &in.City)
	in.Aliases = dd.strings(n, PredAlias)
	if p, ok := dd.iri(n, PredPartOf); ok {
		dd.str(p, PredName, &in.Parent)
	}
	return in
}

func (dd *decoder) value(n quad.IRI, indicator, words, text *string, value **float64, valueText, unit *string, span *policy.Span) {
	in, ok := dd.iri(n, PredIndicator)
	if !ok {
		dd.fail(n, "no %s", PredIndicator)
	} else if dd.str(in, PredName, indicator); *indicator == "" {
		dd.fail(in, "an indicator without a %s", PredName)
	}
	dd.str(n, PredWords, words)
	dd.str(n, PredText, text)
	if v, ok := dd.one(n, PredValue); ok {
		x, ok := asFloat(v)
		if !ok {
			dd.fail(n, "%s is not a number: %s", PredValue, v)
		} else {
			*value = &x
		}
	}
	dd.str(n, PredValueText, valueText)
	dd.str(n, PredUnit, unit)
	dd.span(n, span)
}
