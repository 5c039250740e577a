// Package graph is the Cayley store of policy documents: its vocabulary, documents written
// as quads and read back from them (one write path), N-Quads in and out, fail-over between
// the hosts of a cluster, and the cache of decoded documents beside an embedded store.
package graph

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/quad"
)

// The graph's IRIs. Classes and predicates live in one vocabulary namespace, described in
// docs/vocabulary.ttl (Vocabulary renders it); nodes are named under IDBase followed by
// their node ID, the ID GraphQL gives them (doc:jining-plan-final →
// https://policykg.org/id/doc:jining-plan-final).
const (
	Namespace = "https://policykg.org/ns#"
	IDBase    = "https://policykg.org/id/"
	rdfNS     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	rdfType   = rdfNS + "type"
)

// Classes of nodes, the objects of rdf:type.
const (
	KindDocument           quad.IRI = Namespace + "Document"
	KindSection            quad.IRI = Namespace + "Section"
	KindMeasure            quad.IRI = Namespace + "Measure"
	KindResponsibility     quad.IRI = Namespace + "Responsibility"
	KindAgency             quad.IRI = Namespace + "Agency"
	KindInstitution        quad.IRI = Namespace + "Institution"
	KindInstitutionMention quad.IRI = Namespace + "InstitutionMention"
	KindDepartment         quad.IRI = Namespace + "Department"
	KindDepartmentMention  quad.IRI = Namespace + "DepartmentMention"
	KindTarget             quad.IRI = Namespace + "Target"
	KindIndicator          quad.IRI = Namespace + "Indicator"
	KindObservation        quad.IRI = Namespace + "Observation"
	KindCitedDocument      quad.IRI = Namespace + "CitedDocument"
	KindCitation           quad.IRI = Namespace + "Citation"
	KindNote               quad.IRI = Namespace + "ResponsibilityNote"
	KindWarning            quad.IRI = Namespace + "LoadWarning"
	// KindSeq is rdf:Seq, the ordered lists of a measure's headings and generic bodies,
	// their members under rdf:_1, rdf:_2 ….
	KindSeq quad.IRI = rdfNS + "Seq"
)

// Predicates of the graph. Every quad of a document is labelled with the document's IRI, so
// that the document's quads can be found and replaced as one.
const (
	PredType          quad.IRI = rdfType
	PredName          quad.IRI = Namespace + "name"
	PredAlias         quad.IRI = Namespace + "alias"
	PredTitle         quad.IRI = Namespace + "title"
	PredCity          quad.IRI = Namespace + "city"
	PredKind          quad.IRI = Namespace + "kind"
	PredIssuer        quad.IRI = Namespace + "issuer"
	PredDocNumber     quad.IRI = Namespace + "docNumber"
	PredDate          quad.IRI = Namespace + "date"
	PredStatus        quad.IRI = Namespace + "status"
	PredSource        quad.IRI = Namespace + "source"
	PredFormat        quad.IRI = Namespace + "format"
	PredEncoding      quad.IRI = Namespace + "encoding"
	PredText          quad.IRI = Namespace + "text"
	PredCites         quad.IRI = Namespace + "cites"
	PredCitedDocument quad.IRI = Namespace + "citedDocument"
	PredDocument      quad.IRI = Namespace + "document"
	PredSection       quad.IRI = Namespace + "section"
	PredNumber        quad.IRI = Namespace + "number"
	PredOrdinal       quad.IRI = Namespace + "ordinal"
	PredLevel         quad.IRI = Namespace + "level"
	PredStart         quad.IRI = Namespace + "start"
	PredEnd           quad.IRI = Namespace + "end"
	PredPosition      quad.IRI = Namespace + "position"
	PredMeasure       quad.IRI = Namespace + "measure"
	PredAgency        quad.IRI = Namespace + "agency"
	PredRole          quad.IRI = Namespace + "role"
	PredMention       quad.IRI = Namespace + "mention"
	PredInvolves      quad.IRI = Namespace + "involves"
	PredInstitution   quad.IRI = Namespace + "institution"
	PredPartOf        quad.IRI = Namespace + "partOf"
	PredDepartment    quad.IRI = Namespace + "department"
	PredIndicator     quad.IRI = Namespace + "indicator"
	PredWords         quad.IRI = Namespace + "words"
	PredValue         quad.IRI = Namespace + "value"
	PredValueText     quad.IRI = Namespace + "valueText"
	PredUnit          quad.IRI = Namespace + "unit"
	PredComparator    quad.IRI = Namespace + "comparator"
	PredYear          quad.IRI = Namespace + "year"
	PredStretch       quad.IRI = Namespace + "stretch"
	PredMaintain      quad.IRI = Namespace + "maintain"
	PredRank          quad.IRI = Namespace + "rank"
	// PredGovLevel and PredJurisdiction place a document or an agency (NATIONAL, 国家).
	PredGovLevel      quad.IRI = Namespace + "govLevel"
	PredJurisdiction  quad.IRI = Namespace + "jurisdiction"
	PredDeadline      quad.IRI = Namespace + "deadline"
	PredSectionPath   quad.IRI = Namespace + "sectionPath"
	PredGenericBodies quad.IRI = Namespace + "genericBodies"
	PredCode          quad.IRI = Namespace + "code"
	PredMessage       quad.IRI = Namespace + "message"
	// PredContentHash and PredVersion are the store's bookkeeping, in the meta graph, never
	// exported: a hash of each document's quads, and the store's version.
	PredContentHash quad.IRI = Namespace + "contentHash"
	PredVersion     quad.IRI = Namespace + "version"
)

// The store node holds the store's version, which every load changes; the meta graph
// labels the bookkeeping quads.
const (
	storeNode quad.IRI = IDBase + "store"
	metaLabel quad.IRI = IDBase + "meta"
)

// oldKinds are the document classes of earlier vocabularies: a store typed with them is
// refused (see checkFormat).
var oldKinds = []quad.IRI{"Document", "pkg:Document"}

// memberIRI is rdf:_k, the k-th member of an ordered list.
func memberIRI(k int) quad.IRI { return quad.IRI(rdfNS + "_" + strconv.Itoa(k)) }

// memberIndex is k for rdf:_k; false for any other predicate.
func memberIndex(p quad.IRI) (int, bool) {
	s, ok := strings.CutPrefix(string(p), rdfNS+"_")
	if !ok {
		return 0, false
	}
	k, err := strconv.Atoi(s)
	return k, err == nil && k > 0 && strconv.Itoa(k) == s
}

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

// InstitutionMentionID is the ID of the k-th institution a measure names.
func InstitutionMentionID(docID string, ordinal, k int) string {
	return fmt.Sprintf("instmention:%s:%d:%d", docID, ordinal, k)
}

// DepartmentMentionID is the ID of the k-th department a measure names.
func DepartmentMentionID(docID string, ordinal, k int) string {
	return fmt.Sprintf("deptmention:%s:%d:%d", docID, ordinal, k)
}

// CitationLinkID is the ID of a document's k-th citation of another document.
func CitationLinkID(docID string, k int) string { return fmt.Sprintf("citation:%s:%d", docID, k) }

// NoteID is the ID of the k-th responsibility note of a measure.
func NoteID(docID string, ordinal, k int) string {
	return fmt.Sprintf("note:%s:%d:%d", docID, ordinal, k)
}

// ListID is the ID of a document's list of strings with these items (a measure's headings,
// the generic bodies it names): measures with the same list share its node.
func ListID(docID string, items []string) string {
	// Each item with its length, so that no two lists hash the same parts.
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = strconv.Itoa(len(it)) + ":" + it
	}
	return "list:" + docID + ":" + shortHash(parts...)
}

// WarningID is the ID of the k-th load warning of a document.
func WarningID(docID string, k int) string { return fmt.Sprintf("warning:%s:%d", docID, k) }

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

// iriEscaper percent-encodes what an IRI may not hold (N-Quads' IRIREF excludes spaces,
// controls and <>"{}|^`\), and the percent sign itself, so that NodeIRI can be undone.
var iriEscaper = func() *strings.Replacer {
	var pairs []string
	for _, c := range "%<>\"{}|^`\\ " {
		pairs = append(pairs, string(c), fmt.Sprintf("%%%02X", c))
	}
	for c := rune(0); c < 0x20; c++ {
		pairs = append(pairs, string(c), fmt.Sprintf("%%%02X", c))
	}
	return strings.NewReplacer(pairs...)
}()

// NodeIRI is the IRI of the node with a node ID.
func NodeIRI(id string) quad.IRI { return quad.IRI(IDBase + iriEscaper.Replace(id)) }

// NodeIDOf is the node ID of a node's IRI; false when the IRI is not a policykg node's.
func NodeIDOf(v quad.Value) (string, bool) {
	i, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(i), IDBase) {
		return "", false
	}
	return unescapeIRI(strings.TrimPrefix(string(i), IDBase)), true
}

// unescapeIRI undoes iriEscaper.
func unescapeIRI(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if c, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(c))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// documentIRI is the IRI of a document, given its plain ID; it labels the document's quads.
func documentIRI(docID string) quad.IRI { return NodeIRI(DocumentID(docID)) }

// documentIDOf is the plain ID of a document's IRI; false for any other IRI.
func documentIDOf(v quad.Value) (string, bool) {
	id, ok := NodeIDOf(v)
	if !ok || !strings.HasPrefix(id, "doc:") {
		return "", false
	}
	return strings.TrimPrefix(id, "doc:"), true
}
