package model

import "github.com/policykg/policykg/policy"

// Paragraph is a paragraph of a news report: the unit a full-text search names when the
// words it finds are in running text rather than in a measure.
type Paragraph struct {
	ID       string
	Document *Document
	// Ordinal is the paragraph's 1-based position in the document.
	Ordinal int
	Text    string
	Span    policy.Span
}
