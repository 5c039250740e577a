package graph

import (
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"
)

// term describes a class or predicate of the vocabulary.
type term struct {
	iri     quad.IRI
	comment string
	// on lists the classes a predicate is used on; rng is its range: a class, an XSD
	// datatype, or "" when it varies.
	on  []quad.IRI
	rng string
}

// Classes lists the IRIs of the vocabulary's classes, in the order of docs/vocabulary.ttl.
func Classes() []string {
	out := make([]string, len(classes))
	for i, c := range classes {
		out[i] = string(c.iri)
	}
	return out
}

// classes and predicates describe the vocabulary, in the order docs/vocabulary.ttl lists
// them.
var classes = []term{
	{iri: KindDocument, comment: "A policy document as loaded: a final text, a draft for comments (征求意见稿) or a news report. Its node labels (names the graph of) every quad its load wrote."},
	{iri: KindSection, comment: "A numbered heading of a document (一、 or （一）) that groups measures."},
	{iri: KindMeasure, comment: "A numbered unit of work of a plan, with the bodies responsible for it."},
	{iri: KindResponsibility, comment: "An agency's part in a measure: its role and its place in the measure's list of units."},
	{iri: KindAgency, comment: "A government body, scoped to its jurisdiction (国家, a province, a city or a county): 市卫生健康委 of 济宁 and of 滨州 are two agencies of one kind, national 财政部 one agency across documents."},
	{iri: KindInstitution, comment: "A hospital, centre, institute or school of a city."},
	{iri: KindInstitutionMention, comment: "A measure's naming of an institution, in the measure's order, with the words printed."},
	{iri: KindDepartment, comment: "A clinical department or specialty, of an institution or on its own."},
	{iri: KindDepartmentMention, comment: "A measure's naming of a department, in the measure's order."},
	{iri: KindTarget, comment: "A commitment a measure makes: an indicator with a value to reach, usually by a year (到2025年…)."},
	{iri: KindIndicator, comment: "What targets and observations measure, shared by every document that names it under its canonical name."},
	{iri: KindObservation, comment: "A value a document (a news report) states as achieved for an indicator."},
	{iri: KindCitedDocument, comment: "An upstream policy a document cites, known by its 文号 or its title."},
	{iri: KindCitation, comment: "A document's citation of another, in the order the text cites them, with the title and 文号 as this text gives them."},
	{iri: KindNote, comment: "A responsibility note of a measure as printed (（牵头单位：A；配合单位：B）, 由A牵头, a table row's unit cells), with its span; its members rdf:_1, rdf:_2 … are the responsibilities it gives, in its order."},
	{iri: KindWarning, comment: "Something the loader saw in a document but could not read (an item that names no one, a notation it does not know), with a code and, when it has one, the span."},
}

var (
	xsdString  = "xsd:string"
	xsdInteger = "xsd:integer"
	xsdDecimal = "xsd:decimal"
	xsdBoolean = "xsd:boolean"
	parts      = []quad.IRI{KindSection, KindMeasure, KindResponsibility, KindInstitutionMention, KindDepartmentMention, KindTarget, KindObservation, KindCitation, KindNote, KindWarning}
	docParts   = []quad.IRI{KindSection, KindMeasure, KindObservation, KindCitation, KindWarning}
	spanned    = []quad.IRI{KindSection, KindMeasure, KindTarget, KindObservation, KindNote, KindWarning}
	placed     = []quad.IRI{KindDocument, KindAgency}
	valued     = []quad.IRI{KindTarget, KindObservation}
)

var predicates = []term{
	{PredTitle, "The title: of a document, of a section (its heading's words), of a measure (its first sentence), of a cited document.", []quad.IRI{KindDocument, KindSection, KindMeasure, KindCitedDocument, KindCitation}, xsdString},
	{PredCity, "The city a document, agency or institution belongs to (济宁, without 市).", []quad.IRI{KindDocument, KindAgency, KindInstitution}, xsdString},
	{PredIssuer, "The body that issued a document.", []quad.IRI{KindDocument}, xsdString},
	{PredDocNumber, "A document's 文号 (济政办字〔2023〕12号).", []quad.IRI{KindDocument, KindCitedDocument, KindCitation}, xsdString},
	{PredDate, "The date of a document: an xsd:date, or the text as printed when it gives no full date.", []quad.IRI{KindDocument}, "xsd:date"},
	{PredStatus, "FINAL, DRAFT (征求意见稿) or NEWS.", []quad.IRI{KindDocument}, xsdString},
	{PredSource, "The file name the document was loaded from.", []quad.IRI{KindDocument}, xsdString},
	{PredFormat, "The file format it was read as: text, html or docx.", []quad.IRI{KindDocument}, xsdString},
	{PredEncoding, "The character encoding of the file: UTF-8, GB18030 …", []quad.IRI{KindDocument}, xsdString},
	{PredText, "The whole text: of a document; of a measure; the sentence of a target or observation; a note as printed.", []quad.IRI{KindDocument, KindMeasure, KindTarget, KindObservation, KindNote}, xsdString},
	{PredCites, "A document cites a cited document (the order is its Citation's position).", []quad.IRI{KindDocument}, string(KindCitedDocument)},
	{PredCitedDocument, "The document a citation cites.", []quad.IRI{KindCitation}, string(KindCitedDocument)},
	{PredDocument, "The document a section, measure, citation, observation or warning belongs to; a measure's parts belong to it through their measure.", docParts, string(KindDocument)},
	{PredPosition, "The 1-based place of a part in its list: a document's sections, citations, observations and warnings, a measure's units, notes, institutions, departments and targets.", parts, xsdInteger},
	{PredOrdinal, "The 1-based place of a measure in its document; a measure's node ID ends with it.", []quad.IRI{KindMeasure}, xsdInteger},
	{PredNumber, "The number as printed (一、 （三） 2.).", []quad.IRI{KindSection, KindMeasure}, xsdString},
	{PredSection, "The top-level section a measure is under, as printed (二).", []quad.IRI{KindMeasure}, xsdString},
	{PredLevel, "The depth of a section heading, 1 for the outermost.", []quad.IRI{KindSection}, xsdInteger},
	{PredStart, "Where in the document's text the part starts, in characters (Unicode code points) from 0.", spanned, xsdInteger},
	{PredEnd, "Where in the document's text the part ends (exclusive), in characters.", spanned, xsdInteger},
	{PredMeasure, "The measure a responsibility, note, target or mention belongs to.", []quad.IRI{KindResponsibility, KindNote, KindTarget, KindInstitutionMention, KindDepartmentMention}, string(KindMeasure)},
	{PredAgency, "The agency of a responsibility.", []quad.IRI{KindResponsibility}, string(KindAgency)},
	{PredRole, "LEAD (牵头), SUPPORT (配合), RESPONSIBLE (listed with no lead declared) or IMPLEMENTER (put on every measure).", []quad.IRI{KindResponsibility}, xsdString},
	{PredMention, "The name as printed in the text.", []quad.IRI{KindResponsibility, KindInstitutionMention}, xsdString},
	{PredInvolves, "A measure involves an agency (any role): the short path for queries.", []quad.IRI{KindMeasure}, string(KindAgency)},
	{PredInstitution, "A measure names an institution; a mention is of an institution; a department is of an institution.", []quad.IRI{KindMeasure, KindInstitutionMention, KindDepartment}, string(KindInstitution)},
	{PredPartOf, "A campus (…院区) or internal centre is part of an institution.", []quad.IRI{KindInstitution}, string(KindInstitution)},
	{PredDepartment, "A measure names a department; a mention is of a department.", []quad.IRI{KindMeasure, KindDepartmentMention}, string(KindDepartment)},
	{PredName, "The canonical name.", []quad.IRI{KindAgency, KindInstitution, KindDepartment, KindIndicator}, xsdString},
	{PredAlias, "Another name it goes by (a set: the order means nothing).", []quad.IRI{KindAgency, KindInstitution, KindIndicator}, xsdString},
	{PredKind, "The kind of an agency, shared across cities (卫生健康委, 财政局), which lets cities be compared.", []quad.IRI{KindAgency}, xsdString},
	{PredIndicator, "The indicator a target or observation measures.", valued, string(KindIndicator)},
	{PredWords, "The indicator as this text words it.", valued, xsdString},
	{PredValue, "The number as printed: 63.28 for 63.28%, 0.55 for 1：0.55, 2000 for 2000万元 (the unit says 万元).", valued, xsdDecimal},
	{PredValueText, "The value as printed (60%以上).", valued, xsdString},
	{PredUnit, "The unit of the value (%, 家, 万元, /10万).", valued, xsdString},
	{PredComparator, "How the value is to be read: AT_LEAST, AT_MOST, ABOUT or EXACTLY.", valued, xsdString},
	{PredYear, "The year a target is due (到2025年 → 2025).", []quad.IRI{KindTarget}, xsdInteger},
	{PredStretch, "true for a stretch target (力争); absent means false.", []quad.IRI{KindTarget}, xsdBoolean},
	{PredMaintain, "true for a target to keep a level (保持在, 稳定在); absent means false.", []quad.IRI{KindTarget}, xsdBoolean},
	{PredRank, "true when the value is a rank, lower being better (全省前3位); absent means false.", valued, xsdBoolean},
	{PredGovLevel, "The level of government of a document or agency: NATIONAL, PROVINCIAL, CITY or COUNTY.", placed, xsdString},
	{PredJurisdiction, "The jurisdiction of a document or agency: 国家, a province (山东省), a city (济宁市) or a county.", placed, xsdString},
	{PredDeadline, "The 完成时限 of a task-division table row, as printed.", []quad.IRI{KindMeasure}, xsdString},
	{PredSectionPath, "The headings above a measure, outermost first (二、重点任务, （三）…), as an rdf:Seq of strings.", []quad.IRI{KindMeasure}, string(KindSeq)},
	{PredGenericBodies, "The bodies a measure's notes name without naming anyone (相关部门, 各有关单位), kept as printed, as an rdf:Seq of strings.", []quad.IRI{KindMeasure}, string(KindSeq)},
	{PredCode, "What kind of thing a load warning reports (NO_UNITS …).", []quad.IRI{KindWarning}, xsdString},
	{PredMessage, "A load warning in words.", []quad.IRI{KindWarning}, xsdString},
	{PredContentHash, "The store's bookkeeping, in the graph " + string(metaLabel) + " and never exported: a hash of a document's quads.", []quad.IRI{KindDocument}, xsdString},
	{PredVersion, "The store's bookkeeping, in the graph " + string(metaLabel) + " and never exported: a token every write changes.", nil, xsdString},
}

// Vocabulary is the vocabulary as Turtle: every class and predicate the graph uses, with
// what it means; docs/vocabulary.ttl holds the same text, and serve answers it at /vocab.
func Vocabulary() []byte {
	var b strings.Builder
	b.WriteString(`# The policykg vocabulary. Written by graph.Vocabulary (graph/vocabulary.go); do not edit.
@prefix pkg: <` + Namespace + `> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .

<` + Namespace + `> a owl:Ontology ;
    rdfs:label "policykg" ;
    rdfs:comment """The classes and predicates of policykg's knowledge graph of Chinese policy documents.
Nodes are named <` + IDBase + `NODE-ID>, NODE-ID being the ID the GraphQL API gives them
(doc:jining-plan-final, measure:jining-plan-final:3, agency:…); characters an IRI cannot hold
are percent-encoded. Every quad of a document is in the named graph of the document's node, so
that loading a document again replaces exactly its quads; a shared node (an agency, institution,
department, indicator or cited document) is described in the graph of each document naming it.
Literals: strings plain, integers xsd:integer, values xsd:decimal, flags xsd:boolean ("true"),
dates xsd:date. Role, status, level and comparator values are the GraphQL enum values as strings.
Ordered lists of strings are rdf:Seq nodes with members rdf:_1, rdf:_2 ….""" .
`)
	for _, c := range classes {
		fmt.Fprintf(&b, "\n%s a rdfs:Class ;\n    rdfs:label %q ;\n    rdfs:comment %s .\n", curie(c.iri), localName(c.iri), turtleString(c.comment))
	}
	for _, p := range predicates {
		fmt.Fprintf(&b, "\n%s a rdf:Property ;\n    rdfs:label %q ;\n    rdfs:comment %s", curie(p.iri), localName(p.iri), turtleString(p.comment))
		switch {
		case len(p.on) == 1:
			fmt.Fprintf(&b, " ;\n    rdfs:domain %s", curie(p.on[0]))
		case len(p.on) > 1:
			// rdfs:domain with several classes would mean a subject of every one of them.
			on := make([]string, len(p.on))
			for i, c := range p.on {
				on[i] = curie(c)
			}
			fmt.Fprintf(&b, " ;\n    schema:domainIncludes %s", strings.Join(on, ", "))
		}
		if p.rng != "" {
			fmt.Fprintf(&b, " ;\n    rdfs:range %s", curie(quad.IRI(p.rng)))
		}
		b.WriteString(" .\n")
	}
	return []byte(b.String())
}

// curie writes an IRI of the vocabulary as pkg:name, of RDF as rdf:name; xsd: names as
// they are.
func curie(i quad.IRI) string {
	if strings.HasPrefix(string(i), Namespace) {
		return "pkg:" + localName(i)
	}
	if r, ok := strings.CutPrefix(string(i), rdfNS); ok {
		return "rdf:" + r
	}
	return string(i)
}

func localName(i quad.IRI) string { return strings.TrimPrefix(string(i), Namespace) }

// turtleString quotes s as an English Turtle string.
func turtleString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"@en`
}
