package loader

import (
	"fmt"
	"github.com/policykg/policykg/policy"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// workUnit is a unit of work before it becomes a measure: a leaf of the numbered
// structure, a row of a task-division table or a line of an annex of duties.
type workUnit struct {
	number       string
	section      string   // the top-level section's number (二)
	path         []string // headings above, outermost first
	mark         int      // where the unit's number starts (its text's start when it has none)
	from, to     int      // the unit's text in the document
	framing      bool     // under a heading that frames the plan (总体要求, 保障措施)
	emptySection bool     // a top-level section with no items where others have them (一、目标任务)
	clauses      []clause // the notes of a table row or annex line; nil: read from the text
	given        bool     // clauses came with the unit
	heading      []clause // the notes of the headings above, for an item with none of its own
	deadline     string
}

// deadlineLine is a line of an item that gives its deadline: 完成时限：2024年12月.
var deadlineLine = regexp.MustCompile(`(?m)^[ \t　]*(完成时限|完成时间|完成期限|时间节点|时限要求)[:：][ \t　]*(\S[^\n]*)$`)

// leadScope is a stretch of the document where a first-is-lead declaration holds.
type leadScope struct{ from, to int }

// readMeasures turns the units of work of a document into its measures, with their notes,
// institutions, departments and targets, and says what it could not read.
func (n *Names) readMeasures(d *policy.Document, t, orig []rune, raw Raw) {
	units, roots, inDuties := n.workUnits(d, t, orig, raw)
	scopes := leadScopes(t, roots, units)
	carried := false
	var implementers []string
	ordinal, withNotes := 0, 0
	var unassigned []policy.Span
	for _, u := range units {
		from, to := u.from, u.to
		clauses := u.clauses
		var unread []policy.Warning
		if !u.given {
			clauses, unread = n.findClauses(t, from, to)
			if len(clauses) > 0 {
				// What follows the last note without a full stop is page furniture, not text.
				if last := clauses[len(clauses)-1].span.End; !strings.ContainsRune(string(t[last:to]), '。') {
					to = last
				}
			} else if c, ok := n.dutyClause(t, from, to); ok && inDuties(u) {
				clauses = []clause{c}
			} else if clauses = n.runningClauses(t, from, to); len(clauses) == 0 {
				// （一）医疗服务体系建设（牵头单位：A） over items that name no one: the
				// heading's note is theirs.
				clauses = u.heading
			}
		}
		if onlyGeneric(clauses) {
			// （各有关部门和单位按职责分工负责） alone gives the work to no one: the item is
			// an exhortation, said in a warning outside the sections that frame the plan.
			for _, c := range clauses {
				carried = carried || c.leadFirst && c.carries
			}
			if f, e := trimSpace(t, from, to); f < e && !u.framing {
				m := policy.Measure{Number: u.number, Title: measureTitle(orig[f:e])}
				d.Warnings = append(d.Warnings, policy.Warning{Code: "GENERIC_ONLY", Span: &policy.Span{Start: f, End: e},
					Message: fmt.Sprintf("%s: names only %s, no body in particular; not read as a unit of work", itemName(m), strings.Join(genericNames(clauses), "、"))})
			}
			continue
		}
		if len(clauses) == 0 && (u.framing || u.emptySection) {
			continue
		}
		from, to = trimSpace(t, from, to)
		if from >= to || closingClause(string(t[from:to])) {
			continue
		}
		ordinal++
		m := policy.Measure{
			Ordinal: ordinal, Number: u.number, Section: u.section, SectionPath: append([]string{}, u.path...),
			Text: string(orig[from:to]), Span: policy.Span{Start: from, End: to}, Deadline: u.deadline,
			Responsibilities: []policy.Responsibility{}, Notes: []policy.Note{}, GenericBodies: []string{},
			Institutions: []policy.Institution{}, Departments: []policy.Department{}, Targets: []policy.Target{},
		}
		m.Title = measureTitle(orig[from:to])
		if len(clauses) > 0 {
			// 一是加快枢纽建设（A牵头，B配合）；二是…: the title stops before the note.
			if c := clauses[0].span.Start; c > from && c < from+len([]rune(m.Title)) && strings.ContainsRune("(〔[【", t[c]) {
				m.Title = strings.TrimRight(strings.TrimSpace(string(orig[from:c])), " ，,；;、：:")
			}
		}
		leadFirst := carried || inScopes(scopes, u.from)
		for _, c := range clauses {
			if c.leadFirst {
				leadFirst = true
				carried = carried || c.carries
			}
			implementers = append(implementers, c.implementers...)
		}
		n.assign(d, &m, orig, clauses, leadFirst, implementers)
		for _, c := range clauses {
			if m.Deadline == "" {
				m.Deadline = c.deadline
			}
		}
		if m.Deadline == "" {
			// The line may follow the last note, outside the text kept.
			if dl := deadlineLine.FindStringSubmatch(string(orig[u.from:u.to])); dl != nil {
				m.Deadline = strings.TrimSpace(dl[2])
			}
		}
		for _, w := range unread {
			w.Message = fmt.Sprintf("%s: %s %s", itemName(m), string(orig[w.Span.Start:w.Span.End]), w.Message)
			d.Warnings = append(d.Warnings, w)
		}
		if len(clauses) > 0 {
			withNotes++
		} else {
			unassigned = append(unassigned, m.Span)
		}
		// Institutions, departments and targets come from the words, not the notes.
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
	// An item that names no one is worth a word only where the others do.
	if withNotes > 0 && d.Status != policy.StatusNews {
		for _, sp := range unassigned {
			m := d.Measures[0]
			for _, x := range d.Measures {
				if x.Span == sp {
					m = x
				}
			}
			d.Warnings = append(d.Warnings, policy.Warning{Code: "NO_UNITS", Span: &policy.Span{Start: sp.Start, End: sp.End},
				Message: fmt.Sprintf("%s: a unit of work that names no responsible unit", itemName(m))})
		}
	}
}

// workUnits lists the units of work of a document in text order: the leaves of its
// numbered structure, the rows of its task-division tables and the lines of its annexes of
// duties. inDuties tells the units that start with the body they are about (省卫生健康委负责…).
func (n *Names) workUnits(d *policy.Document, t, orig []rune, raw Raw) (units []workUnit, roots []*node, inDuties func(workUnit) bool) {
	tables := n.taskTables(t, orig, raw)
	scan := t
	if len(tables) > 0 {
		scan = append([]rune(nil), t...)
		for _, tb := range tables {
			for i := tb.span.Start; i < tb.span.End; i++ {
				if scan[i] != '\n' {
					scan[i] = ' '
				}
			}
		}
	}
	roots = buildTree(scan, scanMarkers(scan))
	annexes := annexRegions(t, orig)
	// An item ends where a table or an annex begins, whatever numbers come after.
	var stops []int
	for _, tb := range tables {
		stops = append(stops, tb.span.Start)
	}
	for _, a := range annexes {
		stops = append(stops, a.start)
	}
	units = n.treeUnits(d, t, orig, roots)
	for i := range units {
		for _, s := range stops {
			if units[i].from <= s && s < units[i].to {
				units[i].to = s
			}
		}
	}
	taken := func(p int) bool {
		for _, u := range units {
			if u.mark <= p && p < u.to {
				return true
			}
		}
		for _, tb := range tables {
			if tb.span.Start <= p && p < tb.span.End {
				return true
			}
		}
		return false
	}
	// Lines of an annex of duties, and items of a section on duties (第二章 职责分工), start
	// with the body they are about: 省卫生健康委负责….
	inDuties = func(u workUnit) bool {
		for _, a := range annexes {
			if a.duties && a.start <= u.from && u.from < a.end {
				return true
			}
		}
		for _, h := range u.path {
			if dutyTitle.MatchString(h) {
				return true
			}
		}
		return false
	}
	units = append(units, n.annexUnits(t, orig, annexes, taken)...)
	for _, tb := range tables {
		units = append(units, tb.rows...)
	}
	sort.SliceStable(units, func(i, j int) bool { return units[i].from < units[j].from })
	return units, roots, inDuties
}

// onlyGeneric reports whether notes name generic bodies and nothing else: no named body,
// no group of governments, no implementers.
func onlyGeneric(clauses []clause) bool {
	if len(clauses) == 0 {
		return false
	}
	for _, c := range clauses {
		if len(c.implementers) > 0 {
			return false
		}
		for _, u := range c.units {
			if u.class != genericBody {
				return false
			}
		}
	}
	return len(genericNames(clauses)) > 0
}

// genericNames lists the generic bodies of notes, once each, in order.
func genericNames(clauses []clause) []string {
	var out []string
	for _, c := range clauses {
		for _, u := range c.units {
			if u.class == genericBody && !slices.Contains(out, u.name) {
				out = append(out, u.name)
			}
		}
	}
	return out
}

// itemName names a measure in a warning: its number and the start of its title.
func itemName(m policy.Measure) string {
	title := m.Title
	if i := strings.IndexByte(title, '\n'); i >= 0 {
		title = title[:i]
	}
	if r := []rune(title); len(r) > 30 {
		title = string(r[:30]) + "…"
	}
	return strings.TrimSpace(m.Number + " " + title)
}

// assign gives a measure its responsibilities, notes and generic bodies. Notes printed
// together (牵头单位 on one line, 配合单位 on the next) settle their roles together; notes
// apart, each after the sentences it covers, keep their own.
func (n *Names) assign(d *policy.Document, m *policy.Measure, orig []rune, clauses []clause, leadFirst bool, implementers []string) {
	type key struct {
		name string
		role policy.Role
	}
	pos := map[key]int{}
	add := func(mention string, role policy.Role) int {
		a := n.agencyFor(d, mention)
		k := key{a.Name, role}
		if p, ok := pos[k]; ok {
			return p
		}
		p := len(m.Responsibilities) + 1
		pos[k] = p
		m.Responsibilities = append(m.Responsibilities, policy.Responsibility{Agency: a, Mention: mention, Role: role, Position: p})
		return p
	}
	generic := map[string]bool{}
	for _, g := range noteGroups(orig, clauses) {
		var units []unitRole
		var owner []int
		for k, c := range g {
			units = append(units, c.units...)
			for range c.units {
				owner = append(owner, k)
			}
		}
		roles := groupRoles(units, leadFirst)
		notes := make([]policy.Note, len(g))
		for k, c := range g {
			notes[k] = policy.Note{Text: string(orig[c.span.Start:c.span.End]), Span: c.span, Positions: []int{}}
		}
		inGroup := map[string]bool{}
		for i, u := range roles {
			if u.class == genericBody {
				if !generic[u.name] {
					generic[u.name] = true
					m.GenericBodies = append(m.GenericBodies, u.name)
				}
				continue
			}
			name := n.agencyFor(d, u.name).Name
			if inGroup[name] {
				continue
			}
			inGroup[name] = true
			p := add(u.name, u.role)
			notes[owner[i]].Positions = appendOnceInt(notes[owner[i]].Positions, p)
		}
		m.Notes = append(m.Notes, notes...)
	}
	for _, name := range implementers {
		add(name, policy.RoleImplementer)
	}
}

func appendOnceInt(list []int, v int) []int {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// noteGroups splits a measure's notes into the groups printed together: nothing but
// spaces and punctuation between one note and the next.
func noteGroups(orig []rune, clauses []clause) [][]clause {
	var out [][]clause
	for i, c := range clauses {
		if i > 0 && strings.Trim(string(orig[clauses[i-1].span.End:c.span.Start]), " \t\n\r　。，；,;.") == "" {
			out[len(out)-1] = append(out[len(out)-1], c)
			continue
		}
		out = append(out, []clause{c})
	}
	return out
}

// treeUnits lists the leaves of the numbered structure, and records the headings above
// them as the document's sections.
func (n *Names) treeUnits(d *policy.Document, t, orig []rune, roots []*node) []workUnit {
	var units []workUnit
	// Where some top-level sections hold items, one that holds none is a heading over
	// prose or a table (一、目标任务, 二、重点任务 above a task table), not an item.
	sectioned := slices.ContainsFunc(roots, func(r *node) bool { return len(r.children) > 0 })
	var walk func(nd *node, path []string, top *node, heading []clause)
	walk = func(nd *node, path []string, top *node, heading []clause) {
		if top == nil {
			top = nd
		}
		if len(nd.children) == 0 || n.innerParts(t, nd) {
			number := strings.TrimSpace(string(orig[nd.start:nd.end]))
			if nd.style == styleHanShi && nd.parent != nil && nd.parent.parent != nil {
				// 一是, 二是 of several items are told apart by the item's number: （一）一是;
				// under a section's heading (三、…一是…) they are its items, numbered as printed.
				number = strings.TrimSpace(string(orig[nd.parent.start:nd.parent.end])) + number
			}
			units = append(units, workUnit{
				number:  number,
				section: strings.TrimSuffix(string(orig[top.start:top.end]), "、"),
				path:    path, mark: nd.start, from: nd.end, to: subtreeEnd(nd),
				framing: isFraming(headingTitle(t, top)), heading: heading,
				emptySection: sectioned && nd.parent == nil && len(nd.children) == 0,
			})
			return
		}
		end := nd.children[0].start
		d.Sections = append(d.Sections, policy.Section{
			Number: string(orig[nd.start:nd.end]), Title: headingTitle(t, nd), Level: nd.level,
			Span: policy.Span{Start: nd.start, End: end},
		})
		title := strings.TrimSpace(string(orig[nd.start:nd.end])) + headingText(orig, t, nd)
		sub := append(append([]string{}, path...), title)
		own, _ := n.findClauses(t, nd.end, end)
		var withUnits []clause
		for _, c := range own {
			if len(c.units) > 0 {
				withUnits = append(withUnits, c)
			}
		}
		if len(withUnits) > 0 {
			heading = withUnits
		}
		for _, c := range nd.children {
			walk(c, sub, top, heading)
		}
	}
	for _, r := range roots {
		walk(r, nil, nil, nil)
	}
	return units
}

// innerParts reports whether the children of an item are the parts of one unit of work:
// after a sentence of the item's own (（三）加强队伍建设。一是…；二是…。（A负责）, （三）…。主要
// 包括：1.…；2.…。（A牵头，B配合）), 一是…二是… that do not each carry a note, or numbered
// points of which at most the last carries one, the note of them all.
func (n *Names) innerParts(t []rune, nd *node) bool {
	own := strings.TrimRight(string(t[nd.end:nd.children[0].start]), " \t\n")
	if !strings.ContainsAny(own, "。;") && !strings.HasSuffix(own, ":") {
		return false
	}
	if cs, _ := n.findClauses(t, nd.end, nd.children[0].start); len(cs) > 0 {
		return false
	}
	noted := make([]bool, len(nd.children))
	yiShi := true
	for i, c := range nd.children {
		cs, _ := n.findClauses(t, c.end, subtreeEnd(c))
		noted[i] = len(cs) > 0
		yiShi = yiShi && c.style == styleHanShi
	}
	if yiShi {
		return slices.Contains(noted, false)
	}
	return !slices.Contains(noted[:len(noted)-1], true)
}

// headingText is a heading's title as printed: its first line or sentence, or, when that
// runs on (总体要求深入贯彻…), the title the structure reads (总体要求).
func headingText(orig, t []rune, nd *node) string {
	end := nd.bodyEnd
	if len(nd.children) > 0 {
		end = nd.children[0].start
	}
	from := nd.end
	for from < end && (t[from] == ' ' || t[from] == '\t') {
		from++
	}
	to := from
	for to < end && t[to] != '\n' && t[to] != '。' {
		to++
	}
	if line := strings.TrimSpace(strings.TrimRight(string(orig[from:to]), " ,;:，；：")); line != "" && len([]rune(line)) <= 40 {
		return line
	}
	return headingTitle(t, nd)
}

// leadScopes finds the first-is-lead declarations printed outside the notes of measures:
// in a heading (二、重点任务（排第一位的为牵头单位）) it holds for that section, anywhere else
// (the preamble, a footnote) for the whole document.
func leadScopes(t []rune, roots []*node, units []workUnit) []leadScope {
	var out []leadScope
	for _, p := range leadDeclarations(t) {
		inside := false
		for _, u := range units {
			if u.from <= p && p < u.to {
				inside = true
				break
			}
		}
		if inside {
			continue
		}
		scope := leadScope{0, len(t)}
		var find func(nds []*node)
		find = func(nds []*node) {
			for _, nd := range nds {
				if len(nd.children) == 0 {
					continue
				}
				if nd.start <= p && p < nd.children[0].start {
					scope = leadScope{nd.start, subtreeEnd(nd)}
					return
				}
				find(nd.children)
			}
		}
		find(roots)
		out = append(out, scope)
	}
	return out
}

// leadDeclarations returns where first-is-lead declarations start in t: the expression is
// tried only before the 牵头 it must end in, not at every character of the text.
func leadDeclarations(t []rune) []int {
	var out []int
	last := -1
	for i := 1; i+1 < len(t); i++ {
		if t[i] != '牵' || t[i+1] != '头' || !strings.ContainsRune("为是系", t[i-1]) {
			continue
		}
		from := max(i-16, last+1, 0)
		window := string(t[from : i+2])
		if m := leadFirstRe.FindStringIndex(window); m != nil {
			p := from + len([]rune(window[:m[0]]))
			out = append(out, p)
			last = i + 1
		}
	}
	return out
}

// subtreeEnd is where the text of a node and everything under it ends.
func subtreeEnd(nd *node) int {
	for len(nd.children) > 0 {
		nd = nd.children[len(nd.children)-1]
	}
	return nd.bodyEnd
}

func inScopes(scopes []leadScope, p int) bool {
	for _, s := range scopes {
		if s.from <= p && p < s.to {
			return true
		}
	}
	return false
}
