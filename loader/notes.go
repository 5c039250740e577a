package loader

import (
	"github.com/policykg/policykg/policy"
	"regexp"
	"slices"
	"strings"
)

// clause is a responsibility note found in a measure's text: a bracket (（责任单位：A、B）,
// (A牵头，B配合)), a line (牵头单位：A；配合单位：B) or words of the running text (由A牵头).
type clause struct {
	span         policy.Span // offsets in the document text
	units        []unitRole
	leadFirst    bool     // 排第一位为牵头单位 and its other wordings
	carries      bool     // 下同: the declaration holds for the following measures
	implementers []string // 以下任务均需…负责落实
	deadline     string   // 完成时限：2025年底前
	unknown      []string // labels of units not known yet (督办单位：)
	bare         bool     // a list of bodies with no label or role words: （市卫生健康委、市财政局）
}

// unitRole is a unit named in a note, with the role its own words give it ("" when the
// words give none and the note's declarations decide) and what kind of body it is.
type unitRole struct {
	name  string
	role  policy.Role
	class bodyClass
}

// labelWords are the role labels of notes: 牵头单位, 配合部门, 责任单位.
const labelWords = `牵头考核单位|牵头责任单位|牵头单位|牵头部门|牵头处室|主责单位|主责部门|主办单位|主要负责部门|主要责任单位|责任单位|责任部门|责任处室|负责单位|负责部门|` +
	`实施单位|落实单位|实施主体|责任主体|承办单位|承办部门|配合单位|配合部门|配合处室|协办单位|协同单位|协助单位|协作单位|参与单位|参与部门|参加单位|支持单位`

var (
	// labelRe is a role label before a list of units: 牵头单位：, 配合部门：, 责任单位：.
	labelRe = regexp.MustCompile(`^\s*(` + labelWords + `)\s*[:]\s*`)
	// bracketLabelRe is a label printed in brackets before its list: 【责任单位】A、B.
	bracketLabelRe = regexp.MustCompile(`^[【\[〔(]\s*(` + labelWords + `)\s*[】\]〕)]\s*[:]?\s*`)
	// otherLabelRe is any other label of a note: 责任领导：张三, 督办单位：…, 完成时限：….
	otherLabelRe = regexp.MustCompile(`^\s*([\p{Han}]{2,8})\s*[:]\s*`)
	// deadlineLabels are the labels of a note's deadline.
	deadlineLabels = regexp.MustCompile(`^(完成时限|完成时间|完成期限|时间节点|时间安排|时限要求|时限|进度安排)$`)
	// leadFirstRe is a declaration that the first unit listed leads: 排第一位为牵头单位,
	// 列第一位者为牵头单位, 排在第一位的部门为牵头部门, 第一个为牵头单位, 排名首位的为牵头单位,
	// 排列第一的为牵头单位, 第一家为牵头单位.
	leadFirstRe = regexp.MustCompile(`(各项任务中|其中|均以)?(排列|排序|排名|位列|名列|排|列|居|位)?(在)?(第一位?|第一个|第一家|第一名|首位|首个|最前面?|前面|第1位)(的|者)?(部门|单位|责任单位)?(为|是|系)牵头(单位|部门)?`)
	// emptyBracket is what is left of a bracket once a declaration is read out of it:
	// A、B（排名第一的为牵头单位，下同） leaves A、B().
	emptyBracket = regexp.MustCompile(`[(\[【〔][\s,;、:]*[)\]】〕]`)
	// othersRe completes the declaration: 其他为配合单位, 其余为责任单位.
	othersRe = regexp.MustCompile(`(其他|其余|其它)(单位|部门)?(的)?(为|是)(配合|责任|协办|参与)(单位|部门)`)
	// implementRe puts bodies on every measure: 以下任务均需各县（市、区）政府负责落实.
	implementRe = regexp.MustCompile(`(以下|下列|各项|上述|所有)?任务(均|都)?(需|由|要)(.+?)(负责落实|负责实施|抓好落实|落实)`)
	// roleSuffixes end a list of units with the part they play, longest first.
	roleSuffixes = []struct {
		suffix string
		role   policy.Role
	}{
		{"按照职责分工负责", ""}, {"按职责分工抓好落实", ""}, {"按职责分工负责", ""}, {"按职责分工落实", ""},
		{"按职能分工负责", ""}, {"按职责负责", ""}, {"按职责落实", ""}, {"分别负责", ""}, {"共同负责", ""},
		{"牵头负责", policy.RoleLead}, {"牵头落实", policy.RoleLead}, {"牵头实施", policy.RoleLead}, {"牵头推进", policy.RoleLead},
		{"牵头组织", policy.RoleLead}, {"牵头抓总", policy.RoleLead}, {"负总责", policy.RoleLead}, {"牵头", policy.RoleLead},
		{"配合落实", policy.RoleSupport}, {"配合实施", policy.RoleSupport}, {"配合", policy.RoleSupport}, {"参与", policy.RoleSupport},
		{"协助", policy.RoleSupport}, {"协同", policy.RoleSupport}, {"协办", policy.RoleSupport},
		{"负责落实", ""}, {"负责实施", ""}, {"负责推进", ""}, {"具体负责", ""}, {"组织实施", ""}, {"抓好落实", ""}, {"负责", ""}, {"落实", ""},
	}
	// adminClass is a fragment of a named class of governments split by 、: 各区 in 各区、市政府.
	adminClass = regexp.MustCompile(`^(各|有关|相关)?(省|自治区|直辖市|县|市|区|旗|乡|镇|街道|县级市)$`)
	// adminNext starts the next part of such a class: 市政府 in 各区、市政府, 自治区 in 各省、自治区.
	adminNext = regexp.MustCompile(`^(省|自治区|直辖市|计划单列市|县|市|区|旗|乡|镇|街道)`)
	// connectors join two bodies inside one list item: 交通运输部及各地区.
	connectors = []string{"以及", "及", "和", "与", "会同"}
	// unitMark is a role written after one unit of a list: 市卫生健康委（牵头）.
	unitMark = regexp.MustCompile(`[(（]\s*(牵头|牵头单位|牵头部门|配合|配合单位|参与)\s*[)）]$`)
)

// labelRole is the role a label gives the units after it.
func labelRole(label string) policy.Role {
	switch {
	case strings.HasPrefix(label, "牵头"), strings.HasPrefix(label, "主责"), strings.HasPrefix(label, "主办"):
		return policy.RoleLead
	case strings.HasPrefix(label, "配合"), strings.HasPrefix(label, "协"), strings.HasPrefix(label, "参"), strings.HasPrefix(label, "支持"):
		return policy.RoleSupport
	}
	return ""
}

// noteSegment is one comma-separated part of a note: a list of units with its label or
// role words.
type noteSegment struct {
	list      string
	role      policy.Role
	labelRole policy.Role // the role of the label alone, before the part's own role words
	labelled  bool
	suffixed  bool
	other     string // a label of something else (完成时限, 责任领导): not a list of units
	borrowed  bool   // the label or role words are another part's
}

// parseNote reads the content of a bracket or line as a responsibility note. ok is false
// when it does not say who is responsible (（含中医医院、妇幼保健院，下同） is no note);
// unread then tells whether it looked like one all the same.
func (n *Names) parseNote(content string, bare bool) (c clause, ok, unread bool) {
	sentences := splitTop(content, "。")
	var segs []noteSegment
	for _, s := range sentences {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		// 以下任务均需A负责落实 puts A on every measure; 任务由A负责落实 is a plain note.
		if m := implementRe.FindStringSubmatch(s); m != nil && (m[1] != "" || m[2] != "") && !labelRe.MatchString(s) {
			c.implementers = append(c.implementers, n.unitNames(m[4])...)
			continue
		}
		if leadFirstRe.MatchString(s) {
			c.leadFirst = true
			s = leadFirstRe.ReplaceAllString(s, "")
			s = othersRe.ReplaceAllString(s, "")
		}
		if strings.Contains(s, "下同") {
			c.carries = true
			s = strings.ReplaceAll(s, "下同", "")
		}
		s = emptyBracket.ReplaceAllString(s, "")
		segs = append(segs, sentenceSegments(s)...)
	}
	// A part with neither label nor role words takes the label before it (责任单位：A、B，C)
	// or else the role words after it (A、B，各省级人民政府按职责分工负责). Parts under other
	// labels are a deadline (完成时限：…) or not about units at all (责任领导：…).
	anyMark := false
	kept := segs[:0]
	for _, sg := range segs {
		switch {
		case sg.other == "":
			kept = append(kept, sg)
		case deadlineLabels.MatchString(sg.other):
			c.deadline = sg.list
		case strings.HasSuffix(sg.other, "单位") || strings.HasSuffix(sg.other, "部门") || strings.HasSuffix(sg.other, "处室"):
			c.unknown = append(c.unknown, sg.other)
		}
	}
	segs = kept
	for i := range segs {
		if segs[i].labelled || segs[i].suffixed {
			anyMark = true
			continue
		}
		segs[i].borrowed = true
		for j := i - 1; j >= 0; j-- {
			if segs[j].labelled {
				// 责任单位：A牵头，B配合，C: C takes the label (责任单位), not A's 牵头.
				segs[i].role, segs[i].labelRole, segs[i].labelled = segs[j].labelRole, segs[j].labelRole, true
				break
			}
		}
		if segs[i].labelled {
			continue
		}
		for j := i + 1; j < len(segs); j++ {
			if segs[j].suffixed || segs[j].labelled {
				segs[i].role, segs[i].suffixed = segs[j].role, true
				break
			}
		}
	}
	if !anyMark && !bare {
		return clause{}, false, false
	}
	empty := 0
	for _, sg := range segs {
		names := n.unitNames(sg.list)
		// 配合单位：— or a cell holding 无 names no one; no label vouches for a dash.
		names = slices.DeleteFunc(names, func(s string) bool {
			if emptyMark(s) {
				empty++
				return true
			}
			return false
		})
		if sg.borrowed && anyMark && slices.ContainsFunc(names, func(s string) bool { return n.classify(s) == notBody }) {
			// 2024年底前完成, 长期坚持: words beside the units, not units.
			continue
		}
		for _, name := range names {
			role := sg.role
			if m := unitMark.FindStringSubmatchIndex(name); m != nil {
				role = labelRole(name[m[2]:m[3]])
				name = strings.TrimSpace(name[:m[0]])
			}
			class := n.classify(name)
			switch {
			case class != notBody:
			case sg.labelled:
				// A label vouches for what follows it.
				class = agencyBody
			default:
				return clause{}, false, anyMark
			}
			if !anyMark && !n.strongBody(name) && class != genericBody {
				return clause{}, false, false
			}
			c.units = append(c.units, unitRole{name: name, role: role, class: class})
		}
	}
	if len(c.units) == 0 && len(c.implementers) == 0 && !c.leadFirst {
		return clause{}, false, (anyMark || len(c.unknown) > 0) && empty == 0
	}
	c.bare = !anyMark
	if c.bare && !slices.ContainsFunc(c.units, func(u unitRole) bool { return u.class != genericBody }) {
		// （相关部门） alone says nothing.
		return clause{}, false, false
	}
	return c, true, false
}

// sentenceSegments splits one sentence of a note at commas and semicolons, and before a
// label that follows a list without them (牵头单位：A 配合单位：B).
func sentenceSegments(s string) []noteSegment {
	var out []noteSegment
	for _, part := range splitTop(s, ",;") {
		for _, p := range splitBeforeLabels(part) {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			sg := noteSegment{list: p}
			if m := labelRe.FindStringSubmatch(p); m != nil {
				sg.role, sg.labelled, sg.list = labelRole(m[1]), true, p[len(m[0]):]
				sg.labelRole = sg.role
			} else if m := otherLabelRe.FindStringSubmatch(p); m != nil {
				sg.other, sg.list = m[1], strings.TrimSpace(p[len(m[0]):])
				out = append(out, sg)
				continue
			}
			for _, rs := range roleSuffixes {
				if strings.HasSuffix(sg.list, rs.suffix) && len(sg.list) > len(rs.suffix) {
					sg.list, sg.suffixed = strings.TrimSuffix(sg.list, rs.suffix), true
					if !sg.labelled || rs.role != "" {
						sg.role = rs.role
					}
					break
				}
			}
			out = append(out, sg)
		}
	}
	return out
}

// splitBeforeLabels splits s before every role label that follows a name or a space
// (牵头单位：A 配合单位：B, 牵头单位：A配合单位：B), not inside a longer label.
func splitBeforeLabels(s string) []string {
	var out []string
	for {
		cut := -1
		for i := range s {
			if i == 0 || !labelRe.MatchString(s[i:]) {
				continue
			}
			before := strings.TrimRight(s[:i], " ")
			if len(before) < i || agencySuffix.MatchString(before) {
				cut = i
				break
			}
		}
		if cut < 0 {
			return append(out, s)
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
}

// unitNames splits a list of units (A、B和C等有关部门) into names as printed: a trailing 等
// goes, a generic tail after 等 or 及 is a name of its own, and the parts of a named class
// of governments (各区、市政府) stay together.
func (n *Names) unitNames(s string) []string {
	var parts []string
	for _, p := range splitTop(s, "、") {
		p = strings.TrimSpace(p)
		if k := len(parts) - 1; k >= 0 && adminClass.MatchString(lastFragment(parts[k])) && adminNext.MatchString(p) {
			parts[k] += "、" + p
			continue
		}
		parts = append(parts, p)
	}
	var out []string
	for _, p := range parts {
		for _, q := range n.splitConnected(p) {
			q = strings.TrimSpace(q)
			q = strings.TrimPrefix(q, "由")
			q = strings.TrimPrefix(q, "会同")
			for _, w := range []string{"按照职责", "按职责", "依职责", "分别", "共同", "等"} {
				q = strings.TrimSuffix(q, w)
			}
			if q = strings.TrimSpace(q); q != "" {
				out = append(out, fullWidthParens(q))
			}
		}
	}
	return out
}

// lastFragment is what follows the last 、 of s.
func lastFragment(s string) string {
	if i := strings.LastIndex(s, "、"); i >= 0 {
		return s[i+len("、"):]
	}
	return s
}

// splitConnected splits one list item at 等 and at connectors (及, 和, 以及, 与) where both
// sides are bodies: 交通运输部及各地区, 国家卫生健康委等相关部门, 市科技局及相关行业主管部门; but
// not 工业和信息化部 or 有关部门和单位.
func (n *Names) splitConnected(s string) []string {
	if i := strings.Index(s, "等"); i > 0 {
		left, right := s[:i], strings.TrimSpace(s[i+len("等"):])
		if n.classify(left) != notBody {
			if right == "" {
				return n.splitConnected(left)
			}
			if n.classify(right) != notBody {
				return append(n.splitConnected(left), n.splitConnected(right)...)
			}
		}
	}
	for _, c := range connectors {
		for off := 0; ; {
			i := strings.Index(s[off:], c)
			if i < 0 {
				break
			}
			i += off
			left, right := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(c):])
			off = i + len(c)
			lc, rc := n.classify(left), n.classify(right)
			if lc == notBody || rc == notBody || lc == genericBody && rc == genericBody {
				continue
			}
			return append(n.splitConnected(left), n.splitConnected(right)...)
		}
	}
	return []string{s}
}

// groupRoles settles the roles of the units of one note, or of notes printed together: a
// lead named in the words makes every other named unit a supporter; under a first-is-lead
// declaration the first unit listed leads, unless that is a generic body (then no one
// named leads); with no lead declared every unit is responsible, bar those labelled 配合.
func groupRoles(units []unitRole, leadFirst bool) []unitRole {
	out := append([]unitRole(nil), units...)
	if hasRole(out, policy.RoleLead) {
		for i := range out {
			if out[i].role != policy.RoleLead {
				out[i].role = policy.RoleSupport
			}
		}
		return out
	}
	if leadFirst && len(out) > 0 && out[0].role != policy.RoleSupport && out[0].class != genericBody {
		out[0].role = policy.RoleLead
		for i := 1; i < len(out); i++ {
			out[i].role = policy.RoleSupport
		}
		return out
	}
	for i := range out {
		if out[i].role != policy.RoleSupport {
			out[i].role = policy.RoleResponsible
		}
	}
	return out
}

// hasRole reports whether any of units has role r.
func hasRole(units []unitRole, r policy.Role) bool {
	for _, u := range units {
		if u.role == r {
			return true
		}
	}
	return false
}
