// Package loader reads policy documents (plain text in UTF-8 or GB18030/GBK, HTML pages and
// DOCX files) and extracts their structure: metadata, measures, the agencies responsible for
// them with their roles, institutions, departments, targets and observations.
package loader

// Status tells whether a document is a final text, a draft for comments or a news report.
type Status string

// Document statuses, as in the GraphQL enum DocumentStatus.
const (
	StatusFinal Status = "FINAL"
	StatusDraft Status = "DRAFT"
	StatusNews  Status = "NEWS"
)

// Role is the part an agency plays in a measure.
type Role string

// Roles, as defined in DESIGN.md.
const (
	RoleLead        Role = "LEAD"
	RoleSupport     Role = "SUPPORT"
	RoleResponsible Role = "RESPONSIBLE"
	RoleImplementer Role = "IMPLEMENTER"
)

// Comparator says how a target value is to be read.
type Comparator string

// Comparators of a target value.
const (
	AtLeast Comparator = "AT_LEAST"
	AtMost  Comparator = "AT_MOST"
	About   Comparator = "ABOUT"
	Exactly Comparator = "EXACTLY"
)

// Span is a half-open range of character (rune) offsets into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Document is one loaded policy document with everything extracted from it.
type Document struct {
	ID           string        `json:"id"`
	Source       string        `json:"source"`
	Format       string        `json:"format"`
	Encoding     string        `json:"encoding"`
	Title        string        `json:"title"`
	City         string        `json:"city,omitempty"`
	Issuer       string        `json:"issuer,omitempty"`
	DocNumber    string        `json:"docNumber,omitempty"`
	Date         string        `json:"date,omitempty"`
	Status       Status        `json:"status"`
	Cites        []Citation    `json:"cites"`
	Sections     []Section     `json:"sections"`
	Measures     []Measure     `json:"measures"`
	Observations []Observation `json:"observations"`
	Text         string        `json:"text"`
}

// Citation is an upstream document the text refers to.
type Citation struct {
	Title     string `json:"title,omitempty"`
	DocNumber string `json:"docNumber,omitempty"`
}

// Section is a numbered heading (一、 or （一）) that groups measures.
type Section struct {
	Number string `json:"number"`
	Title  string `json:"title"`
	Level  int    `json:"level"`
	Span   Span   `json:"span"`
}

// Measure is a numbered unit of work.
type Measure struct {
	Ordinal          int              `json:"ordinal"`
	Number           string           `json:"number"`
	Section          string           `json:"section,omitempty"`
	Title            string           `json:"title"`
	Text             string           `json:"text"`
	Span             Span             `json:"span"`
	Responsibilities []Responsibility `json:"responsibilities"`
	Institutions     []Institution    `json:"institutions"`
	Departments      []Department     `json:"departments"`
	Targets          []Target         `json:"targets"`
}

// Agency is a government body, scoped to its city.
type Agency struct {
	Name    string   `json:"name"`
	City    string   `json:"city,omitempty"`
	Kind    string   `json:"kind,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

// Responsibility ties an agency to a measure with a role; Position is its 1-based place in
// the measure's list, and Mention the name as printed.
type Responsibility struct {
	Agency   Agency `json:"agency"`
	Mention  string `json:"mention"`
	Role     Role   `json:"role"`
	Position int    `json:"position"`
}

// Institution is a hospital, centre, institute or school named in a measure, scoped to its
// city. Parent names the institution it is part of (a campus or an internal centre).
type Institution struct {
	Name    string   `json:"name"`
	City    string   `json:"city,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	Parent  string   `json:"parent,omitempty"`
	Mention string   `json:"mention"`
}

// Department is a clinical department or specialty; Institution is the canonical name of
// the institution it belongs to, when the text says.
type Department struct {
	Name        string `json:"name"`
	Institution string `json:"institution,omitempty"`
}

// Target is a commitment a measure makes: an indicator with a value to reach, by a year.
// Indicator is the canonical name shared across documents, Words the name as the text has it.
type Target struct {
	Indicator  string     `json:"indicator"`
	Words      string     `json:"words,omitempty"`
	Text       string     `json:"text"`
	Value      *float64   `json:"value,omitempty"`
	ValueText  string     `json:"valueText,omitempty"`
	Unit       string     `json:"unit,omitempty"`
	Comparator Comparator `json:"comparator,omitempty"`
	Year       int        `json:"year,omitempty"`
	Stretch    bool       `json:"stretch,omitempty"`
	Maintain   bool       `json:"maintain,omitempty"`
	Rank       bool       `json:"rank,omitempty"`
	Span       Span       `json:"span"`
}

// Observation is an achieved value a document reports for an indicator; Indicator is the
// canonical name, Words the name as the text has it.
type Observation struct {
	Indicator  string     `json:"indicator"`
	Words      string     `json:"words,omitempty"`
	Text       string     `json:"text"`
	Value      *float64   `json:"value,omitempty"`
	ValueText  string     `json:"valueText,omitempty"`
	Unit       string     `json:"unit,omitempty"`
	Comparator Comparator `json:"comparator,omitempty"`
	Rank       bool       `json:"rank,omitempty"`
	Span       Span       `json:"span"`
}
