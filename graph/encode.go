package graph

import (
	"math"

	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/policy"
)

// documentQuads returns the quads of a document, all labelled with the document's IRI: every
// field of the document and its parts, so that decodeDocument gives it back. Lists keep
// their order through a position (an ordinal for measures); shared nodes (agencies,
// institutions, departments, indicators, cited documents) are described in each document
// that names them.
func documentQuads(d *policy.Document) []quad.Quad {
	e := encoder{label: documentIRI(d.ID), quads: make([]quad.Quad, 0, quadsEstimate(d))}
	doc := e.label
	e.add(doc, PredType, KindDocument)
	e.str(doc, PredTitle, d.Title)
	e.str(doc, PredCity, d.City)
	e.str(doc, PredGovLevel, string(d.Level))
	e.str(doc, PredJurisdiction, d.Jurisdiction)
	e.str(doc, PredIssuer, d.Issuer)
	e.str(doc, PredDocNumber, d.DocNumber)
	if d.Date != "" {
		e.add(doc, PredDate, dateLit(d.Date))
	}
	e.str(doc, PredStatus, string(d.Status))
	e.str(doc, PredSource, d.Source)
	e.str(doc, PredFormat, d.Format)
	e.str(doc, PredEncoding, d.Encoding)
	e.str(doc, PredText, d.Text)
	for k, c := range d.Cites {
		cited := NodeIRI(CitationID(c.DocNumber, c.Title))
		e.add(doc, PredCites, cited)
		e.add(cited, PredType, KindCitedDocument)
		e.str(cited, PredTitle, c.Title)
		e.str(cited, PredDocNumber, c.DocNumber)
		n := NodeIRI(CitationLinkID(d.ID, k+1))
		e.part(n, KindCitation, k+1)
		e.add(n, PredCitedDocument, cited)
		// The cited document's node is shared: the citation keeps what this text says.
		e.str(n, PredTitle, c.Title)
		e.str(n, PredDocNumber, c.DocNumber)
	}
	for k, s := range d.Sections {
		n := NodeIRI(SectionID(d.ID, k+1))
		e.part(n, KindSection, k+1)
		e.str(n, PredNumber, s.Number)
		e.str(n, PredTitle, s.Title)
		e.add(n, PredLevel, intLit(s.Level))
		e.span(n, s.Span)
	}
	for i := range d.Measures {
		e.measure(d, &d.Measures[i])
	}
	for k := range d.Observations {
		o := &d.Observations[k]
		n := NodeIRI(ObservationID(d.ID, k+1))
		e.part(n, KindObservation, k+1)
		e.value(n, o.Indicator, o.Words, o.Text, o.Value, o.ValueText, o.Unit, o.Span)
		e.str(n, PredComparator, string(o.Comparator))
		e.flag(n, PredRank, o.Rank)
	}
	for k, w := range d.Warnings {
		n := NodeIRI(WarningID(d.ID, k+1))
		e.part(n, KindWarning, k+1)
		e.str(n, PredCode, w.Code)
		e.str(n, PredMessage, w.Message)
		if w.Span != nil {
			e.span(n, *w.Span)
		}
	}
	return dedupe(e.quads)
}

// quadsEstimate is about how many quads a document makes, so that they are gathered
// without growing the slice again and again: a measure makes about 65 with its parts.
func quadsEstimate(d *policy.Document) int {
	n := 16 + 8*(len(d.Cites)+len(d.Sections)+len(d.Warnings)) + 16*len(d.Observations)
	for i := range d.Measures {
		m := &d.Measures[i]
		n += 16 + 14*len(m.Responsibilities) + 10*len(m.Notes) + 12*(len(m.Institutions)+len(m.Departments)+len(m.Targets))
	}
	return n
}

// encoder gathers a document's quads.
type encoder struct {
	label quad.IRI
	quads []quad.Quad
}

// part writes n's class and its place among the document's parts of that class.
func (e *encoder) part(n quad.IRI, kind quad.Value, pos int) {
	e.add(n, PredType, kind)
	e.add(n, PredDocument, e.label)
	e.add(n, PredPosition, intLit(pos))
}

// measurePart writes n as the pos-th part of its class in measure mn. It belongs to the
// document through its measure: a quad naming the document again would cost a load of
// 10,000 documents 440,000 quads.
func (e *encoder) measurePart(n quad.IRI, kind quad.Value, mn quad.IRI, pos int) {
	e.add(n, PredType, kind)
	e.add(n, PredMeasure, mn)
	e.add(n, PredPosition, intLit(pos))
}

// mention writes l, the pos-th mention in measure mn of a node n, linked to it through p.
func (e *encoder) mention(l quad.IRI, kind quad.Value, mn quad.IRI, pos int, p, n quad.IRI) {
	e.measurePart(l, kind, mn, pos)
	e.add(l, p, n)
}

func (e *encoder) add(s, p quad.IRI, o quad.Value) {
	e.quads = append(e.quads, quad.Quad{Subject: s, Predicate: p, Object: o, Label: e.label})
}

// str adds a string literal, unless it is empty: an empty field has no quad.
func (e *encoder) str(s, p quad.IRI, v string) {
	if v != "" {
		e.add(s, p, strLit(v))
	}
}

// flag adds a boolean that is true; a false flag has no quad.
func (e *encoder) flag(s, p quad.IRI, b bool) {
	if b {
		e.add(s, p, boolLit(true))
	}
}

// seq adds an rdf:Seq of strings as n's p, unless it is empty: an empty list has no quad.
// The list's IRI names its items, so the measures under one heading share one list (dedupe
// drops its quads written again).
func (e *encoder) seq(n, p, list quad.IRI, items []string) {
	if len(items) == 0 {
		return
	}
	e.add(n, p, list)
	e.add(list, PredType, KindSeq)
	for k, it := range items {
		e.add(list, memberIRI(k+1), strLit(it))
	}
}

func (e *encoder) span(n quad.IRI, sp policy.Span) {
	e.add(n, PredStart, intLit(sp.Start))
	e.add(n, PredEnd, intLit(sp.End))
}

func (e *encoder) measure(d *policy.Document, m *policy.Measure) {
	doc := e.label
	mn := NodeIRI(MeasureID(d.ID, m.Ordinal))
	e.add(mn, PredType, KindMeasure)
	e.add(mn, PredDocument, doc)
	e.add(mn, PredOrdinal, intLit(m.Ordinal))
	e.str(mn, PredNumber, m.Number)
	e.str(mn, PredSection, m.Section)
	e.str(mn, PredTitle, m.Title)
	e.str(mn, PredText, m.Text)
	e.span(mn, m.Span)
	e.str(mn, PredDeadline, m.Deadline)
	e.seq(mn, PredSectionPath, NodeIRI(ListID(d.ID, m.SectionPath)), m.SectionPath)
	e.seq(mn, PredGenericBodies, NodeIRI(ListID(d.ID, m.GenericBodies)), m.GenericBodies)
	for k, nt := range m.Notes {
		n := NodeIRI(NoteID(d.ID, m.Ordinal, k+1))
		e.measurePart(n, KindNote, mn, k+1)
		e.str(n, PredText, nt.Text)
		e.span(n, nt.Span)
		// The note gives the responsibilities at these positions, in its order.
		for j, p := range nt.Positions {
			e.add(n, memberIRI(j+1), NodeIRI(ResponsibilityID(d.ID, m.Ordinal, p)))
		}
	}
	for _, r := range m.Responsibilities {
		an := NodeIRI(AgencyID(r.Agency.Scope(), r.Agency.Name))
		e.agency(an, r.Agency)
		rn := NodeIRI(ResponsibilityID(d.ID, m.Ordinal, r.Position))
		e.measurePart(rn, KindResponsibility, mn, r.Position)
		e.add(rn, PredAgency, an)
		e.str(rn, PredRole, string(r.Role))
		e.str(rn, PredMention, r.Mention)
		e.add(mn, PredInvolves, an)
	}
	for k, in := range m.Institutions {
		n := e.institution(in.City, in.Name, in.Aliases)
		if in.Parent != "" {
			e.add(n, PredPartOf, e.institution(in.City, in.Parent, nil))
		}
		e.add(mn, PredInstitution, n)
		l := NodeIRI(InstitutionMentionID(d.ID, m.Ordinal, k+1))
		e.mention(l, KindInstitutionMention, mn, k+1, PredInstitution, n)
		e.str(l, PredMention, in.Mention)
	}
	for k, dp := range m.Departments {
		n := NodeIRI(DepartmentID(d.City, dp.Institution, dp.Name))
		e.add(n, PredType, KindDepartment)
		e.str(n, PredName, dp.Name)
		if dp.Institution != "" {
			e.add(n, PredInstitution, e.institution(d.City, dp.Institution, nil))
		}
		e.add(mn, PredDepartment, n)
		e.mention(NodeIRI(DepartmentMentionID(d.ID, m.Ordinal, k+1)), KindDepartmentMention, mn, k+1, PredDepartment, n)
	}
	for k := range m.Targets {
		t := &m.Targets[k]
		tn := NodeIRI(TargetID(d.ID, m.Ordinal, k+1))
		e.measurePart(tn, KindTarget, mn, k+1)
		e.value(tn, t.Indicator, t.Words, t.Text, t.Value, t.ValueText, t.Unit, t.Span)
		e.str(tn, PredComparator, string(t.Comparator))
		if t.Year != 0 {
			e.add(tn, PredYear, intLit(t.Year))
		}
		e.flag(tn, PredStretch, t.Stretch)
		e.flag(tn, PredMaintain, t.Maintain)
		e.flag(tn, PredRank, t.Rank)
	}
}

func (e *encoder) agency(n quad.IRI, a policy.Agency) {
	e.add(n, PredType, KindAgency)
	e.str(n, PredName, a.Name)
	e.str(n, PredCity, a.City)
	e.str(n, PredGovLevel, string(a.Level))
	e.str(n, PredJurisdiction, a.Jurisdiction)
	e.str(n, PredKind, a.Kind)
	for _, al := range a.Aliases {
		e.str(n, PredAlias, al)
	}
}

// institution describes an institution of a city and returns its IRI.
func (e *encoder) institution(city, name string, aliases []string) quad.IRI {
	n := NodeIRI(InstitutionID(city, name))
	e.add(n, PredType, KindInstitution)
	e.str(n, PredName, name)
	e.str(n, PredCity, city)
	for _, a := range aliases {
		e.str(n, PredAlias, a)
	}
	return n
}

// value describes a target or observation: the shared indicator under its canonical name,
// with the words this text uses for it as an alias and on the value itself.
func (e *encoder) value(n quad.IRI, indicator, words, text string, value *float64, valueText, unit string, span policy.Span) {
	in := NodeIRI(IndicatorID(indicator))
	e.add(n, PredIndicator, in)
	e.add(in, PredType, KindIndicator)
	e.str(in, PredName, indicator)
	if words != indicator {
		e.str(in, PredAlias, words)
	}
	e.str(n, PredWords, words)
	e.str(n, PredText, text)
	if value != nil && !math.IsNaN(*value) && !math.IsInf(*value, 0) {
		e.add(n, PredValue, decimalLit(*value))
	}
	e.str(n, PredValueText, valueText)
	e.str(n, PredUnit, unit)
	e.span(n, span)
}

// dedupe drops repeated quads: shared nodes are described once per measure naming them.
func dedupe(qs []quad.Quad) []quad.Quad {
	seen := takeQuadSet()
	defer returnQuadSet(seen)
	out := qs[:0]
	for _, q := range qs {
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out
}
