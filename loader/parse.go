package loader

import (
	"github.com/policykg/policykg/policy"
	"strings"
)

// Meta is what a manifest knows of a document; it fills what the text does not say.
type Meta struct {
	ID        string        `json:"id"`
	File      string        `json:"file"`
	Title     string        `json:"title,omitempty"`
	City      string        `json:"city,omitempty"`
	Issuer    string        `json:"issuer,omitempty"`
	Date      string        `json:"date,omitempty"`
	DocNumber string        `json:"docNumber,omitempty"`
	Status    policy.Status `json:"status,omitempty"`
	// Level and Jurisdiction place a document the text does not place (国家, 山东省 …).
	Level        policy.Level `json:"level,omitempty"`
	Jurisdiction string       `json:"jurisdiction,omitempty"`
}

// Parse extracts a Document from the text of a file. source is the file name as loaded.
func (n *Names) Parse(raw Raw, source string, meta Meta) *policy.Document {
	orig := []rune(raw.Text)
	t := normalize(orig)
	d := &policy.Document{
		ID: meta.ID, Source: source, Format: raw.Format, Encoding: raw.Encoding, Text: raw.Text,
		Cites: []policy.Citation{}, Sections: []policy.Section{}, Measures: []policy.Measure{}, Observations: []policy.Observation{}, Warnings: []policy.Warning{},
	}
	n.readMeta(d, t, raw.Title, meta)
	n.readLevel(d, t, meta)
	n.readMeasures(d, t, orig, raw)
	readReport(d, t, orig, meta)
	n.nameIndicators(d)
	unifyAliases(d)
	return d
}

// trimSpace narrows [from,to) to exclude surrounding white space.
func trimSpace(t []rune, from, to int) (int, int) {
	for from < to && strings.ContainsRune(" \t\n\r", t[from]) {
		from++
	}
	for to > from && strings.ContainsRune(" \t\n\r", t[to-1]) {
		to--
	}
	return from, to
}

// measureTitle is the words before the first full stop (or the first cell of a table row,
// or a heading on a line of its own above the text of its item).
func measureTitle(text []rune) string {
	s := string(text)
	if i := strings.IndexByte(s, '\t'); i >= 0 {
		s = s[:i]
	}
	// A line without a stop or a comma is a heading, not a sentence wrapped over lines.
	if i := strings.IndexByte(s, '\n'); i >= 0 && !strings.ContainsAny(s[:i], "。，；：,;:") && strings.TrimSpace(s[:i]) != "" {
		s = s[:i]
	}
	if i := strings.Index(s, "。"); i >= 0 {
		s = s[:i]
	} else if i := strings.IndexAny(s, "\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// maskClauses returns t[from:to] with responsibility clauses blanked out (same length), so
// offsets still line up while agency names are not read as institutions or targets.
func maskClauses(t []rune, from, to int, cs []clause) []rune {
	body := append([]rune(nil), t[from:to]...)
	for _, c := range cs {
		for i := max(c.span.Start, from); i < min(c.span.End, to); i++ {
			body[i-from] = ' '
		}
	}
	return body
}

// sentences splits text into [start,end) rune ranges ending after each full stop.
func sentences(t []rune) [][2]int {
	var out [][2]int
	start := 0
	for i, r := range t {
		if strings.ContainsRune("。!?！？\n", r) {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if start < len(t) {
		out = append(out, [2]int{start, len(t)})
	}
	return out
}

// targetsIn reads the targets of a measure body; base is the body's offset in the document.
func targetsIn(body, orig []rune, base int) []policy.Target {
	out := []policy.Target{}
	for _, se := range sentences(body) {
		sent := body[se[0]:se[1]]
		year, dated := 0, false
		yearAt := len(sent)
		if m := yearClause.FindStringSubmatchIndex(string(sent)); m != nil {
			s := string(sent)
			year = atoi(s[m[4]:m[5]])
			yearAt = runeIndex(s, m[0])
		}
		stretch := strings.HasPrefix(strings.TrimLeft(trimLeadYear(string(sent)), ", "), "力争")
		ranges := clauseRanges(sent)
		first := ""
		if len(ranges) > 0 {
			first = string(sent[ranges[0][0]:ranges[0][1]])
		}
		text := "" // the sentence as printed, made once for all its targets
		for _, cs := range ranges {
			cl := sent[cs[0]:cs[1]]
			dated = year != 0 && cs[1] > yearAt
			if m := yearClause.FindStringSubmatchIndex(string(cl)); m != nil {
				year, dated = atoi(string(cl)[m[4]:m[5]]), true
			}
			for _, tg := range clauseTargets(cl, first, dated, year, stretch) {
				off := base + se[0] + cs[0]
				tg.Span = policy.Span{Start: off + tg.Span.Start, End: off + tg.Span.End}
				if text == "" {
					text = strings.TrimSpace(string(orig[se[0]:se[1]]))
				}
				tg.Text = text
				tg.ValueText = string(orig[tg.Span.Start-base : tg.Span.End-base])
				out = append(out, tg)
			}
		}
	}
	return out
}

func trimLeadYear(s string) string {
	if m := yearClause.FindStringIndex(s); m != nil && m[0] < 6 {
		return s[m[1]:]
	}
	return s
}

// clauseRanges splits a sentence at commas and semicolons outside brackets.
func clauseRanges(sent []rune) [][2]int {
	var out [][2]int
	depth, start := 0, 0
	for i, r := range sent {
		switch r {
		case '(', '〔', '“':
			depth++
		case ')', '〕', '”':
			depth--
		case ',', ';', '。':
			if depth <= 0 {
				out = append(out, [2]int{start, i})
				start = i + 1
			}
		}
	}
	if start < len(sent) {
		out = append(out, [2]int{start, len(sent)})
	}
	return out
}

func atoi(s string) int {
	n, _ := digits([]rune(s))
	return n
}
