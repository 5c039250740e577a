// Package graph stores loaded documents in Cayley as quads and answers typed questions over
// them: which measures involve an agency, who works with whom, what changed.
package graph

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"

	"github.com/cayleygraph/quad"
)

// Node kinds, the objects of the type predicate: absolute IRIs, so strict RDF tools read
// an export as it is.
const (
	KindDocument       = "pkg:Document"
	KindSection        = "pkg:Section"
	KindMeasure        = "pkg:Measure"
	KindResponsibility = "pkg:Responsibility"
	KindAgency         = "pkg:Agency"
	KindInstitution    = "pkg:Institution"
	KindDepartment     = "pkg:Department"
	KindTarget         = "pkg:Target"
	KindIndicator      = "pkg:Indicator"
	KindObservation    = "pkg:Observation"
	KindCitedDocument  = "pkg:CitedDocument"
)

// Predicates of the graph. Every quad of a document is labelled with the document's IRI, so
// the document's quads can be found and replaced as one.
var (
	PredType        = quad.IRI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
	PredName        = quad.IRI("pkg:name")
	PredAlias       = quad.IRI("pkg:alias")
	PredTitle       = quad.IRI("pkg:title")
	PredCity        = quad.IRI("pkg:city")
	PredKind        = quad.IRI("pkg:kind")
	PredIssuer      = quad.IRI("pkg:issuer")
	PredDocNumber   = quad.IRI("pkg:docNumber")
	PredDate        = quad.IRI("pkg:date")
	PredStatus      = quad.IRI("pkg:status")
	PredSource      = quad.IRI("pkg:source")
	PredText        = quad.IRI("pkg:text")
	PredCites       = quad.IRI("pkg:cites")
	PredDocument    = quad.IRI("pkg:document")
	PredSection     = quad.IRI("pkg:section")
	PredNumber      = quad.IRI("pkg:number")
	PredOrdinal     = quad.IRI("pkg:ordinal")
	PredLevel       = quad.IRI("pkg:level")
	PredStart       = quad.IRI("pkg:start")
	PredEnd         = quad.IRI("pkg:end")
	PredMeasure     = quad.IRI("pkg:measure")
	PredAgency      = quad.IRI("pkg:agency")
	PredRole        = quad.IRI("pkg:role")
	PredPosition    = quad.IRI("pkg:position")
	PredMention     = quad.IRI("pkg:mention")
	PredInvolves    = quad.IRI("pkg:involves")
	PredInstitution = quad.IRI("pkg:institution")
	PredPartOf      = quad.IRI("pkg:partOf")
	PredDepartment  = quad.IRI("pkg:department")
	PredIndicator   = quad.IRI("pkg:indicator")
	PredWords       = quad.IRI("pkg:words")
	PredValue       = quad.IRI("pkg:value")
	PredValueText   = quad.IRI("pkg:valueText")
	PredUnit        = quad.IRI("pkg:unit")
	PredComparator  = quad.IRI("pkg:comparator")
	PredYear        = quad.IRI("pkg:year")
	PredStretch     = quad.IRI("pkg:stretch")
	PredMaintain    = quad.IRI("pkg:maintain")
	PredRank        = quad.IRI("pkg:rank")
	PredRecord      = quad.IRI("pkg:record")
	PredLoadHash    = quad.IRI("pkg:loadHash")
	PredVersion     = quad.IRI("pkg:version")
	// PredJurisdiction and PredGovLevel place a document or an agency (国家, NATIONAL).
	PredJurisdiction = quad.IRI("pkg:jurisdiction")
	PredGovLevel     = quad.IRI("pkg:govLevel")
	PredDeadline     = quad.IRI("pkg:deadline")
	PredGenericBody  = quad.IRI("pkg:genericBody")
)

// storeNode holds the store's version, which every load changes.
var (
	storeNode = quad.IRI("pkg:store")
	metaLabel = quad.IRI("pkg:meta")
)

func shortHash(parts ...string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// IDs of nodes. They derive from what the node is, never from load order, so they survive
// reloads and restarts and a frontend can keep a link.

// DocumentID is the ID of a document node.
func DocumentID(docID string) string { return "doc:" + docID }

// MeasureID is the ID of the measure with the given ordinal in a document.
func MeasureID(docID string, ordinal int) string { return fmt.Sprintf("measure:%s:%d", docID, ordinal) }

// SectionID is the ID of the k-th section of a document.
func SectionID(docID string, k int) string { return fmt.Sprintf("section:%s:%d", docID, k) }

// TargetID is the ID of the k-th target of a measure.
func TargetID(docID string, ordinal, k int) string {
	return fmt.Sprintf("target:%s:%d:%d", docID, ordinal, k)
}

// ObservationID is the ID of the k-th observation of a document.
func ObservationID(docID string, k int) string { return fmt.Sprintf("observation:%s:%d", docID, k) }

// ResponsibilityID is the ID of the responsibility at a position of a measure.
func ResponsibilityID(docID string, ordinal, position int) string {
	return fmt.Sprintf("resp:%s:%d:%d", docID, ordinal, position)
}

// AgencyID is the ID of an agency of a jurisdiction (its city when it has none): national
// 财政部 is one node across every document that names it.
func AgencyID(scope, name string) string { return "agency:" + shortHash(scope, name) }

// InstitutionID is the ID of an institution of a city.
func InstitutionID(city, name string) string { return "inst:" + shortHash(city, name) }

// DepartmentID is the ID of a department, of an institution or on its own.
func DepartmentID(city, institution, name string) string {
	return "dept:" + shortHash(city, institution, name)
}

// IndicatorID is the ID of an indicator, shared by every document that names it.
func IndicatorID(name string) string { return "ind:" + shortHash(name) }

// CitationID is the ID of a cited document, by its number or else its title.
func CitationID(docNumber, title string) string {
	if docNumber != "" {
		return "cite:" + shortHash(docNumber)
	}
	return "cite:" + shortHash("", title)
}

// iri turns a node ID into the IRI stored in Cayley.
func iri(id string) quad.IRI { return quad.IRI(id) }
