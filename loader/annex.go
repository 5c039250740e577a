package loader

import (
	"github.com/policykg/policykg/policy"
	"regexp"
	"strings"
)

var (
	// annexLine opens an annex: 附件, 附件2, 附件：部门职责分工.
	annexLine = regexp.MustCompile(`^[ \t]*附件[ \t]*\d*[ \t]*[:]?[ \t]*(.*)$`)
	// dutyTitle names an annex that lists who does what, body by body.
	dutyTitle = regexp.MustCompile(`职责分工|任务分工|职责清单|职责任务|工作职责|部门职责|单位职责|分工方案|成员单位及职责`)
	// dutyStart is a line of such an annex: 省发展改革委负责…, 省财政厅：负责…, 省卫生健康委牵头….
	dutyStart = regexp.MustCompile(`^[ \t]*([^,;:。()\s由]{2,80}?)[ \t]*(?::[ \t]*)?(牵头负责|牵头|负责)`)
)

// annexRegion is an annex of the document: from its 附件 line to the next annex or the end.
type annexRegion struct {
	start, end int
	title      string
	duties     bool
}

// annexRegions finds the annexes of a document.
func annexRegions(t, orig []rune) []annexRegion {
	var out []annexRegion
	start := 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) && t[i] != '\n' {
			continue
		}
		line := string(t[start:i])
		if m := annexLine.FindStringSubmatch(line); m != nil && len([]rune(line)) <= 60 && !strings.ContainsRune(line, '。') {
			title := strings.TrimSpace(m[1])
			if title == "" {
				title = nextLine(orig, i+1)
			} else {
				title = strings.TrimSpace(string(orig[i-len([]rune(m[1])) : i]))
			}
			if len(out) > 0 {
				out[len(out)-1].end = start
			}
			out = append(out, annexRegion{start: start, end: len(t), title: title, duties: dutyTitle.MatchString(title)})
		}
		start = i + 1
	}
	return out
}

// nextLine is the first non-blank line at or after i.
func nextLine(orig []rune, i int) string {
	for i < len(orig) {
		j := i
		for j < len(orig) && orig[j] != '\n' {
			j++
		}
		if s := strings.TrimSpace(string(orig[i:j])); s != "" {
			return s
		}
		i = j + 1
	}
	return ""
}

// dutyClause reads the body a line of an annex of duties starts with.
func (n *Names) dutyClause(t []rune, from, to int) (clause, bool) {
	s := string(t[from:to])
	m := dutyStart.FindStringSubmatchIndex(s)
	if m == nil {
		return clause{}, false
	}
	var role policy.Role
	if strings.HasPrefix(s[m[4]:m[5]], "牵头") {
		role = policy.RoleLead
	}
	var c clause
	for _, name := range n.unitNames(s[m[2]:m[3]]) {
		if !n.strongBody(name) {
			return clause{}, false
		}
		c.units = append(c.units, unitRole{name: name, role: role, class: n.classify(name)})
	}
	if len(c.units) == 0 {
		return clause{}, false
	}
	c.span = policy.Span{Start: from + len([]rune(s[:m[2]])), End: from + len([]rune(s[:m[5]]))}
	return c, true
}

// annexUnits reads the unnumbered lines of annexes of duties (附件 部门职责分工: 省发展改革委
// 负责……), a unit of work for each line that starts with a body; the numbered ones are the
// structure's.
func (n *Names) annexUnits(t, orig []rune, annexes []annexRegion, taken func(int) bool) []workUnit {
	var out []workUnit
	for _, a := range annexes {
		if !a.duties {
			continue
		}
		start := a.start
		for i := a.start; i <= a.end; i++ {
			if i < a.end && t[i] != '\n' {
				continue
			}
			from, to := trimSpace(t, start, i)
			start = i + 1
			if from >= to || taken(from) {
				continue
			}
			c, ok := n.dutyClause(t, from, to)
			if !ok {
				continue
			}
			out = append(out, workUnit{path: []string{a.title}, mark: from, from: from, to: to, clauses: []clause{c}, given: true})
		}
	}
	return out
}
