package loader

import (
	"fmt"
	"github.com/policykg/policykg/policy"
	"regexp"
	"strings"
)

// findClauses returns the responsibility notes in t[from:to] (normalised text): bracketed
// notes such as （责任单位：A、B） or (A负责), lines such as 牵头单位：A；配合单位：B, and lists
// after a bracketed label (【责任单位】A、B). What reads like a note but could not be read is
// returned as a warning.
func (n *Names) findClauses(t []rune, from, to int) (cs []clause, warns []policy.Warning) {
	note := func(content string, bare bool, sp policy.Span) bool {
		c, ok, bad := n.parseNote(content, bare)
		if ok && c.bare && !endsSentence(t, sp, from, to) {
			// A bare list of bodies inside a sentence is an aside, not a note.
			ok, bad = false, false
		}
		for _, l := range c.unknown {
			warns = append(warns, policy.Warning{Code: "UNKNOWN_LABEL", Span: &policy.Span{Start: sp.Start, End: sp.End},
				Message: fmt.Sprintf("the label %s is not one the loader knows; its units were left out", l)})
		}
		if ok {
			c.span = sp
			cs = append(cs, c)
		} else if bad {
			warns = append(warns, policy.Warning{Code: "UNREAD_NOTE", Span: &policy.Span{Start: sp.Start, End: sp.End},
				Message: "reads like a list of responsible units but was not understood"})
		}
		return ok
	}
	for i := from; i < to; i++ {
		switch {
		case (t[i] == '【' || t[i] == '[' || t[i] == '〔' || t[i] == '(') && bracketLabelRe.MatchString(string(t[i:min(to, i+16)])):
			m := bracketLabelRe.FindStringSubmatch(string(t[i:min(to, i+16)]))
			j := i + len([]rune(m[0]))
			for j < to && t[j] != '\n' && t[j] != '。' && t[j] != '【' {
				j++
			}
			if note(m[1]+":"+string(t[i+len([]rune(m[0])):j]), false, policy.Span{Start: i, End: j}) {
				i = j - 1
			}
		case t[i] == '(' || t[i] == '〔' || t[i] == '[' || t[i] == '【':
			j := closing(t, i, to)
			if j < 0 {
				continue
			}
			if note(string(t[i+1:j]), true, policy.Span{Start: i, End: j + 1}) {
				i = j
			}
		case (i == from || t[i-1] == '\n') && labelRe.MatchString(string(t[i:min(to, i+12)])):
			j := i
			for j < to && t[j] != '\n' {
				j++
			}
			if note(string(t[i:j]), false, policy.Span{Start: i, End: j}) {
				i = j
			}
		}
	}
	return cs, warns
}

// endsSentence reports whether a bracket ends a sentence or an item (…建设（A、B）。) or
// follows one (…建设。（A、B）).
func endsSentence(t []rune, sp policy.Span, from, to int) bool {
	j := sp.End
	for j < to && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	if j >= to || strings.ContainsRune("。;\n", t[j]) {
		return true
	}
	i := sp.Start - 1
	for i >= from && (t[i] == ' ' || t[i] == '\t') {
		i--
	}
	return i < from || strings.ContainsRune("。;\n", t[i])
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

var (
	// leadInText is a lead named in the running text: 由省卫生健康委牵头，省财政厅配合.
	leadInText = regexp.MustCompile(`由([^,;:。()由]{2,60}?)(牵头负责|牵头)(?:[,]?([^,;:。()]{2,60}?)(配合|参与|协助))?`)
	// leadSupportInText is A牵头，B配合 at the start of a sentence or clause.
	leadSupportInText = regexp.MustCompile(`(?:^|[。;,\n])([^,;:。()]{2,60}?)牵头[,]([^,;:。()]{2,60}?)(配合|参与|协助)`)
	// dutyInText is 由A负责 in the running text.
	dutyInText = regexp.MustCompile(`由([^,;:。()由]{2,60}?)(具体负责|负责)`)
)

// runningClauses reads the assignments of the running text of an item that has no note:
// 由省卫生健康部门牵头, A牵头，B配合, 由A负责. Every unit must be certainly a government body.
func (n *Names) runningClauses(t []rune, from, to int) []clause {
	s := string(t[from:to])
	off := func(b int) int { return from + len([]rune(s[:b])) }
	strong := func(list string) ([]string, bool) {
		names := n.unitNames(list)
		for _, nm := range names {
			if !n.strongBody(nm) && n.classify(nm) != genericBody {
				return nil, false
			}
		}
		return names, len(names) > 0
	}
	var out []clause
	add := func(start, end int, groups ...struct {
		list string
		role policy.Role
	}) {
		var c clause
		for _, g := range groups {
			if g.list == "" {
				continue
			}
			names, ok := strong(g.list)
			if !ok {
				return
			}
			for _, nm := range names {
				c.units = append(c.units, unitRole{name: nm, role: g.role, class: n.classify(nm)})
			}
		}
		if len(c.units) == 0 {
			return
		}
		for _, o := range out {
			if o.span.Start < off(end) && off(start) < o.span.End {
				return
			}
		}
		c.span = policy.Span{Start: off(start), End: off(end)}
		out = append(out, c)
	}
	type group = struct {
		list string
		role policy.Role
	}
	for _, m := range leadInText.FindAllStringSubmatchIndex(s, -1) {
		g := []group{{s[m[2]:m[3]], policy.RoleLead}}
		if m[6] >= 0 {
			g = append(g, group{s[m[6]:m[7]], policy.RoleSupport})
		}
		add(m[0], m[1], g...)
	}
	for _, m := range leadSupportInText.FindAllStringSubmatchIndex(s, -1) {
		add(m[2], m[1], group{s[m[2]:m[3]], policy.RoleLead}, group{s[m[4]:m[5]], policy.RoleSupport})
	}
	for _, m := range dutyInText.FindAllStringSubmatchIndex(s, -1) {
		add(m[0], m[1], group{s[m[2]:m[3]], ""})
	}
	return out
}
