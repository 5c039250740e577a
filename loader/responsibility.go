package loader

import (
	"regexp"
	"strings"
)

// clause is a statement of who carries out a measure, parsed from its text.
type clause struct {
	span         Span // offsets in the document text
	units        []unitRole
	leadFirst    bool     // 排第一位为牵头单位
	carries      bool     // 下同: the declaration holds for the following measures
	implementers []string // 以下任务均需…负责落实
}

// unitRole is a unit named in a clause, with the role its own words give it ("" when the
// words give none and the clause's declarations decide).
type unitRole struct {
	name string
	role Role
}

var (
	clausePrefix = regexp.MustCompile(`^\s*(责任单位|责任部门|主责单位|负责单位|牵头单位|牵头部门|配合单位|配合部门|参与单位|协办单位)\s*[:]`)
	leadFirstRe  = regexp.MustCompile(`(排|列|居)?(在)?(第一位|第一个|首位|第一)(的)?(为|是)牵头(单位|部门)`)
	implementRe  = regexp.MustCompile(`(以下|下列|各项)?任务(均|都)?(需|由|要)(.+?)(负责落实|负责实施|抓好落实|落实)`)
	unitSuffixes = []struct {
		suffix string
		role   Role
	}{
		{"按职责分工负责", ""}, {"按职责分工落实", ""}, {"按职责负责", ""}, {"分别负责", ""}, {"共同负责", ""},
		{"牵头负责", RoleLead}, {"牵头落实", RoleLead}, {"牵头", RoleLead},
		{"配合落实", RoleSupport}, {"配合", RoleSupport}, {"参与", RoleSupport}, {"协助", RoleSupport},
		{"负责落实", ""}, {"负责", ""},
	}
	// agencyish is what the end of a government body's name looks like.
	agencyish = regexp.MustCompile(`(局|委|办|厅|部|政府|管委会|中心|院|会|室|队|行|社|署|处|团|所|联|协|站|馆|公司|集团|银行)$`)
)

// findClauses returns the responsibility clauses in t[from:to] (normalised text): bracketed
// notes such as （责任单位：A、B） or (A负责), and lines such as 牵头单位：A；配合单位：B.
func findClauses(t []rune, from, to int) []clause {
	var cs []clause
	for i := from; i < to; i++ {
		switch {
		case t[i] == '(' || t[i] == '〔' || t[i] == '[' || t[i] == '【':
			j := closing(t, i, to)
			if j < 0 {
				continue
			}
			if c, ok := parseClause(string(t[i+1 : j])); ok {
				c.span = Span{i, j + 1}
				cs = append(cs, c)
				i = j
			}
		case (i == from || t[i-1] == '\n') && clausePrefix.MatchString(string(t[i:min(to, i+8)])):
			j := i
			for j < to && t[j] != '\n' {
				j++
			}
			if c, ok := parseClause(string(t[i:j])); ok {
				c.span = Span{i, j}
				cs = append(cs, c)
				i = j
			}
		}
	}
	return cs
}

// closing finds the bracket that closes the one at t[i], allowing nested brackets.
func closing(t []rune, i, to int) int {
	depth := 0
	for j := i; j < to; j++ {
		switch t[j] {
		case '(', '〔', '[', '【':
			depth++
		case ')', '〕', ']', '】':
			depth--
			if depth == 0 {
				return j
			}
		case '\n':
			return -1
		}
	}
	return -1
}

// splitTop splits s at any of seps that is not inside brackets.
func splitTop(s string, seps string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case strings.ContainsRune("(〔[【", r):
			depth++
		case strings.ContainsRune(")〕]】", r):
			depth--
		case depth == 0 && strings.ContainsRune(seps, r):
			parts = append(parts, s[start:i])
			start = i + len(string(r))
		}
	}
	return append(parts, s[start:])
}

// parseClause reads the content of a bracket or line; ok is false when it does not say who
// is responsible (（含中医医院、妇幼保健院，下同） is not a clause).
func parseClause(content string) (clause, bool) {
	var c clause
	sentences := splitTop(content, "。")
	for _, s := range sentences[1:] {
		if m := implementRe.FindStringSubmatch(s); m != nil {
			c.implementers = append(c.implementers, unitNames(m[4])...)
		}
	}
	main := sentences[0]
	if m := implementRe.FindStringSubmatch(main); m != nil && !clausePrefix.MatchString(main) {
		c.implementers = append(c.implementers, unitNames(m[4])...)
		main = ""
	}
	explicit := clausePrefix.MatchString(main)
	for _, seg := range splitTop(main, ",;") {
		seg = strings.TrimSpace(seg)
		if seg == "" {
			continue
		}
		if leadFirstRe.MatchString(seg) || seg == "下同" {
			c.leadFirst = c.leadFirst || leadFirstRe.MatchString(seg)
			c.carries = c.carries || strings.Contains(seg, "下同")
			continue
		}
		if strings.HasSuffix(seg, "下同") {
			c.carries = true
			seg = strings.TrimSuffix(seg, "下同")
		}
		var role Role
		if m := clausePrefix.FindStringSubmatch(seg); m != nil {
			switch m[1] {
			case "牵头单位", "牵头部门":
				role = RoleLead
			case "配合单位", "配合部门", "参与单位", "协办单位":
				role = RoleSupport
			}
			seg = seg[len(m[0]):]
		} else {
			matched := false
			for _, s := range unitSuffixes {
				if strings.HasSuffix(seg, s.suffix) {
					seg, role, matched = strings.TrimSuffix(seg, s.suffix), s.role, true
					break
				}
			}
			if !matched && !explicit {
				return clause{}, false
			}
		}
		for _, n := range unitNames(seg) {
			c.units = append(c.units, unitRole{n, role})
		}
	}
	if len(c.units) == 0 && len(c.implementers) == 0 {
		return clause{}, false
	}
	for _, u := range c.units {
		if !explicit && !agencyish.MatchString(u.name) {
			return clause{}, false
		}
	}
	return c, true
}

// unitNames splits a list of units (A、B和C等) into clean names.
func unitNames(s string) []string {
	var out []string
	for _, n := range splitTop(s, "、") {
		n = strings.TrimSpace(n)
		n = strings.TrimPrefix(n, "由")
		n = strings.TrimSuffix(n, "等")
		n = strings.TrimSpace(n)
		if n != "" {
			out = append(out, fullWidthParens(n))
		}
	}
	return out
}

// roles gives each unit of a clause its role: a lead named in the words or by the
// first-position declaration (here or carried from an earlier measure) makes every other
// unit a supporter; with no lead declared every unit is responsible.
func (c clause) roles(leadFirst bool) []unitRole {
	hasLead := false
	for _, u := range c.units {
		hasLead = hasLead || u.role == RoleLead
	}
	out := make([]unitRole, len(c.units))
	for i, u := range c.units {
		switch {
		case hasLead && u.role == RoleLead:
			u.role = RoleLead
		case hasLead:
			u.role = RoleSupport
		case leadFirst && i == 0:
			u.role = RoleLead
		case leadFirst:
			u.role = RoleSupport
		case u.role == RoleSupport:
			// 配合单位：B、C printed apart from its 牵头单位 line: the words say support, and
			// the measure as a whole settles whether a lead goes with it.
		default:
			u.role = RoleResponsible
		}
		out[i] = u
	}
	return out
}

// hasRole reports whether any of units has role r.
func hasRole(units []unitRole, r Role) bool {
	for _, u := range units {
		if u.role == r {
			return true
		}
	}
	return false
}
