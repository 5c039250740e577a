package loader

import (
	"strings"
)

// Meta is what a manifest knows of a document; it fills what the text does not say.
type Meta struct {
	ID        string `json:"id"`
	File      string `json:"file"`
	Title     string `json:"title,omitempty"`
	City      string `json:"city,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	Date      string `json:"date,omitempty"`
	DocNumber string `json:"docNumber,omitempty"`
	Status    Status `json:"status,omitempty"`
}

// Parse extracts a Document from the text of a file. source is the file name as loaded.
func (n *Names) Parse(raw Raw, source string, meta Meta) *Document {
	orig := []rune(raw.Text)
	t := normalize(orig)
	d := &Document{
		ID: meta.ID, Source: source, Format: raw.Format, Encoding: raw.Encoding, Text: raw.Text,
		Cites: []Citation{}, Sections: []Section{}, Measures: []Measure{}, Observations: []Observation{},
	}
	n.readMeta(d, t, raw.Title, meta)
	roots := buildTree(t, scanMarkers(t))
	n.readMeasures(d, t, orig, roots)
	if d.Status == StatusNews {
		d.Observations = observationsIn(t, orig)
	}
	n.nameIndicators(d)
	return d
}

// leafUnit is a numbered unit with no numbered units inside it, and its top-level section.
type leafUnit struct {
	nd      *node
	top     *node
	section string
}

func (n *Names) readMeasures(d *Document, t, orig []rune, roots []*node) {
	var leaves []leafUnit
	var walk func(nd, top *node)
	walk = func(nd, top *node) {
		if top == nil {
			top = nd
		}
		if len(nd.children) == 0 {
			leaves = append(leaves, leafUnit{nd, top, strings.TrimSuffix(string(orig[top.start:top.end]), "、")})
			return
		}
		end := nd.children[0].start
		d.Sections = append(d.Sections, Section{
			Number: string(orig[nd.start:nd.end]), Title: headingTitle(t, nd), Level: nd.level,
			Span: Span{nd.start, end},
		})
		for _, c := range nd.children {
			walk(c, top)
		}
	}
	for _, r := range roots {
		walk(r, nil)
	}
	leadFirst := false
	var implementers []string
	ordinal := 0
	for _, lf := range leaves {
		nd := lf.nd
		from, to := nd.end, nd.bodyEnd
		clauses := findClauses(t, from, to)
		if len(clauses) == 0 && lf.top != nd && isFraming(headingTitle(t, lf.top)) || len(clauses) == 0 && lf.top == nd && isFraming(headingTitle(t, nd)) {
			continue
		}
		if len(clauses) > 0 {
			// What follows the last clause without a full stop is page furniture, not text.
			if last := clauses[len(clauses)-1].span.End; !strings.ContainsRune(string(t[last:to]), '。') {
				to = last
			}
		}
		from, to = trimSpace(t, from, to)
		if from >= to {
			continue
		}
		ordinal++
		m := Measure{
			Ordinal: ordinal, Number: strings.TrimSpace(string(orig[nd.start:nd.end])), Section: lf.section,
			Text: string(orig[from:to]), Span: Span{from, to},
			Responsibilities: []Responsibility{}, Institutions: []Institution{}, Departments: []Department{}, Targets: []Target{},
		}
		m.Title = measureTitle(orig[from:to])
		// Responsibilities: declared units in order, then the bodies put on every measure.
		for _, c := range clauses {
			if c.leadFirst {
				leadFirst = true
			}
			implementers = append(implementers, c.implementers...)
		}
		seen := map[string]bool{}
		addResp := func(mention string, role Role) {
			a := n.Agency(mention, d.City)
			if seen[a.Name] {
				return
			}
			seen[a.Name] = true
			m.Responsibilities = append(m.Responsibilities, Responsibility{Agency: a, Mention: mention, Role: role, Position: len(m.Responsibilities) + 1})
		}
		var units []unitRole
		for _, c := range clauses {
			units = append(units, c.roles(leadFirst || c.leadFirst)...)
			if !c.carries && c.leadFirst {
				leadFirst = false
			}
		}
		// Roles belong to the measure, not to one clause: a lead declared in one note
		// (牵头单位：A on one line) makes the units of another (配合单位：B、C on the next, or a
		// separate 按职责分工负责 note) its supporters.
		if hasRole(units, RoleLead) {
			for i := range units {
				if units[i].role != RoleLead {
					units[i].role = RoleSupport
				}
			}
		}
		for _, u := range units {
			addResp(u.name, u.role)
		}
		for _, name := range implementers {
			addResp(name, RoleImplementer)
		}
		// Institutions, departments and targets come from the words, not the clauses.
		body := maskClauses(t, from, to, clauses)
		insts := n.institutionsIn(body, d.City)
		seenInst := map[string]bool{}
		for _, f := range insts {
			if !seenInst[f.inst.Name] {
				seenInst[f.inst.Name] = true
				m.Institutions = append(m.Institutions, f.inst)
			}
			if f.inst.Parent != "" && !seenInst[f.inst.Parent] {
				seenInst[f.inst.Parent] = true
				m.Institutions = append(m.Institutions, n.institution(f.inst.Parent, d.City, nil, ""))
			}
		}
		m.Departments = append(m.Departments, n.departmentsIn(body, insts)...)
		m.Targets = targetsIn(body, orig[from:to], from)
		d.Measures = append(d.Measures, m)
	}
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

// measureTitle is the words before the first full stop.
func measureTitle(text []rune) string {
	s := string(text)
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
func targetsIn(body, orig []rune, base int) []Target {
	out := []Target{}
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
		for _, cs := range ranges {
			cl := sent[cs[0]:cs[1]]
			dated = year != 0 && cs[1] > yearAt
			if m := yearClause.FindStringSubmatchIndex(string(cl)); m != nil {
				year, dated = atoi(string(cl)[m[4]:m[5]]), true
			}
			for _, tg := range clauseTargets(cl, first, dated, year, stretch) {
				off := base + se[0] + cs[0]
				tg.Span = Span{off + tg.Span.Start, off + tg.Span.End}
				tg.Text = strings.TrimSpace(string(orig[se[0]:se[1]]))
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
