package corpus

import (
	"strings"

	"github.com/policykg/policykg/policy"
)

// The four ways plans print who carries out a measure; a document keeps to one.
const (
	// notationLeadFirst: （责任单位：A、B，排第一位为牵头单位，下同） then （责任单位：A、B）.
	notationLeadFirst = "lead-first"
	// notationListed: （责任单位：A、B） with no lead declared.
	notationListed = "listed"
	// notationDuty: (A、B按职责分工负责) and (A负责), with the implementer note
	// 〔…以下任务均需各县（市、区）政府…负责落实〕 on the first measure.
	notationDuty = "duty"
	// notationLines: 牵头单位：A；配合单位：B、C on the line after the measure.
	notationLines = "lines"
	// notationLeadSupport: （A牵头，B、C配合）.
	notationLeadSupport = "lead-support"
)

// roleState is what a document has declared so far.
type roleState struct {
	notation     string
	implementers bool
}

// unit is an agency as a measure names it.
type unit struct{ mention, canonical string }

// units picks n distinct agencies, 市卫生健康委 most often.
func (w *writer) units(n int) []unit {
	total := 0
	for _, a := range w.g.agencies {
		total += a.weight
	}
	var out []unit
	seen := map[string]bool{}
	for len(out) < n {
		x := w.r.IntN(total)
		for _, a := range w.g.agencies {
			if x -= a.weight; x < 0 {
				if !seen[a.canonical] {
					seen[a.canonical] = true
					out = append(out, unit{w.sub(w.pick(a.mentions)), w.sub(a.canonical)})
				}
				break
			}
		}
	}
	return out
}

func mentions(us []unit) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.mention
	}
	return strings.Join(names, "、")
}

func roles(us []unit, role policy.Role) []RoleTruth {
	out := make([]RoleTruth, len(us))
	for i, u := range us {
		out[i] = RoleTruth{Agency: u.canonical, Role: role}
	}
	return out
}

// clause writes the responsibility note of the i-th measure (from 0) and the roles it gives.
func (w *writer) clause(rs *roleState, i int) (string, []RoleTruth) {
	us := w.units(1 + w.r.IntN(4))
	switch rs.notation {
	case notationLeadFirst:
		rt := append(roles(us[:1], policy.RoleLead), roles(us[1:], policy.RoleSupport)...)
		if i == 0 {
			return "（责任单位：" + mentions(us) + "，排第一位为牵头单位，下同）", rt
		}
		return "（责任单位：" + mentions(us) + w.etc(len(us)) + "）", rt
	case notationListed:
		if len(us) > 1 && w.chance(10) {
			// A lead declared for this measure alone.
			return "（责任单位：" + mentions(us) + "，排第一位为牵头单位）",
				append(roles(us[:1], policy.RoleLead), roles(us[1:], policy.RoleSupport)...)
		}
		return "（责任单位：" + mentions(us) + w.etc(len(us)) + "）", roles(us, policy.RoleResponsible)
	case notationDuty:
		rt := roles(us, policy.RoleResponsible)
		duty := mentions(us) + "按职责分工负责"
		if len(us) == 1 {
			duty = mentions(us) + "负责"
		}
		if rs.implementers {
			rt = append(rt, RoleTruth{"各县（市、区）政府", policy.RoleImplementer}, RoleTruth{"各市属开发区管委会", policy.RoleImplementer})
			if i == 0 {
				bodies := w.pick([]string{"各县（市、区）政府、各市属开发区管委会", "各县（市、区）人民政府、各市属开发区管委会"})
				return "〔" + duty + "。以下任务均需" + bodies + "负责落实，不再一一列出〕", rt
			}
		}
		return "（" + duty + "）", rt
	case notationLines:
		leads := 1
		if len(us) > 2 && w.chance(20) {
			leads = 2
		}
		rt := append(roles(us[:leads], policy.RoleLead), roles(us[leads:], policy.RoleSupport)...)
		switch {
		case len(us) == leads:
			return "\n牵头单位：" + mentions(us), rt
		case w.chance(30):
			return "\n牵头单位：" + mentions(us[:leads]) + "\n配合单位：" + mentions(us[leads:]), rt
		default:
			return "\n牵头单位：" + mentions(us[:leads]) + "；配合单位：" + mentions(us[leads:]), rt
		}
	default: // notationLeadSupport
		if len(us) == 1 {
			return "（" + us[0].mention + "负责）", roles(us, policy.RoleResponsible)
		}
		rt := append(roles(us[:1], policy.RoleLead), roles(us[1:], policy.RoleSupport)...)
		if w.chance(30) {
			return "（" + us[0].mention + "牵头，" + mentions(us[1:]) + "按职责分工负责）", rt
		}
		return "（" + us[0].mention + "牵头，" + mentions(us[1:]) + "配合）", rt
	}
}

// etc sometimes ends a list of several units with 等, which is not part of a name.
func (w *writer) etc(n int) string {
	if n > 2 && w.chance(20) {
		return "等"
	}
	return ""
}
