// Package policy holds what a policy document says: documents, measures, responsibilities,
// agencies, institutions, targets, observations.
package policy

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

// Level is the level of government a document or an agency belongs to.
type Level string

// Levels of government, as in the GraphQL enum Level.
const (
	LevelNational   Level = "NATIONAL"
	LevelProvincial Level = "PROVINCIAL"
	LevelCity       Level = "CITY"
	LevelCounty     Level = "COUNTY"
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
	Level        Level         `json:"level,omitempty"`
	Jurisdiction string        `json:"jurisdiction,omitempty"`
	Issuer       string        `json:"issuer,omitempty"`
	DocNumber    string        `json:"docNumber,omitempty"`
	Date         string        `json:"date,omitempty"`
	Status       Status        `json:"status"`
	Cites        []Citation    `json:"cites"`
	Sections     []Section     `json:"sections"`
	Measures     []Measure     `json:"measures"`
	Observations []Observation `json:"observations"`
	Warnings     []Warning     `json:"warnings"`
	Text         string        `json:"text"`
}

// Warning is something the loader saw but could not read: an item that names no one, a
// bracket that looks like a list of units but was not understood, a notation it does not
// know. Span, when set, is where in the text.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Span    *Span  `json:"span,omitempty"`
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

// Measure is a numbered unit of work: an item of the text, a row of a task-division table
// or a line of an annex of duties.
type Measure struct {
	Ordinal int    `json:"ordinal"`
	Number  string `json:"number"`
	Section string `json:"section,omitempty"`
	// SectionPath is the headings above the measure, outermost first (二、重点任务).
	SectionPath      []string         `json:"sectionPath"`
	Title            string           `json:"title"`
	Text             string           `json:"text"`
	Span             Span             `json:"span"`
	Responsibilities []Responsibility `json:"responsibilities"`
	// Notes are the responsibility notes of the measure, each with the span it covers in
	// the text and the positions (in Responsibilities) of the units it names.
	Notes []Note `json:"notes"`
	// GenericBodies are the bodies a note names without naming anyone (相关部门,
	// 各有关单位): not agencies, kept as printed so that nothing is lost.
	GenericBodies []string `json:"genericBodies"`
	// Deadline is the 完成时限 of a task-division table row, as printed.
	Deadline     string        `json:"deadline,omitempty"`
	Institutions []Institution `json:"institutions"`
	Departments  []Department  `json:"departments"`
	Targets      []Target      `json:"targets"`
}

// Note is one responsibility note of a measure as printed (（牵头单位：A；配合单位：B）, a
// table row's unit cells, 由A牵头 in running text); Positions are the 1-based positions of
// the responsibilities it gives in the measure's list.
type Note struct {
	Text      string `json:"text"`
	Span      Span   `json:"span"`
	Positions []int  `json:"positions"`
}

// Agency is a government body, scoped to the jurisdiction it belongs to (国家, a province, a
// city or a county); City is set for the bodies of a city or county.
type Agency struct {
	Name         string   `json:"name"`
	City         string   `json:"city,omitempty"`
	Level        Level    `json:"level,omitempty"`
	Jurisdiction string   `json:"jurisdiction,omitempty"`
	Kind         string   `json:"kind,omitempty"`
	Aliases      []string `json:"aliases,omitempty"`
}

// Scope is what tells two agencies of one name apart: their jurisdiction, else their city.
func (a Agency) Scope() string {
	if a.Jurisdiction != "" {
		return a.Jurisdiction
	}
	return a.City
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
