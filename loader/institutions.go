package loader

import (
	_ "embed"
	"github.com/policykg/policykg/policy"
	"regexp"
	"sort"
	"strings"
)

//go:embed names/institutions.tsv
var institutionsTSV string

//go:embed names/departments.txt
var departmentsTXT string

// institutionEntry is one line of names/institutions.tsv.
type institutionEntry struct {
	name, city string
	aliases    []string
}

func parseInstitutions(data string) []institutionEntry {
	var out []institutionEntry
	for _, r := range tsvRows(data) {
		e := institutionEntry{name: r[0]}
		if len(r) > 1 {
			e.city = r[1]
		}
		if len(r) > 2 && r[2] != "" {
			e.aliases = strings.Split(r[2], "|")
		}
		out = append(out, e)
	}
	return out
}

var (
	// instSuffix ends an institution's name; the longest alternatives come first.
	instSuffix = regexp.MustCompile(`^(附属医院|人民医院|中医医院|中医院|保健院|医院|院区|研究院|研究所|研究中心|中心|学院|大学|卫生院)`)
	// generic words inside a candidate name mark a category, not a named body.
	genericInst = regexp.MustCompile(`^(级|县|区|域|直|属|内|场)|二级|三级|以上|以下|各|基层|公立|综合医院|县级|市级|省级|国家级|乡镇|社区|城市|医疗机构|等|和|与|及|或|的`)
	// campusRe recognises the part of a hospital that the measure's work lands on.
	campusRe = regexp.MustCompile(`^[\p{Han}]{1,6}(院区|分院)`)
	// collegeHospital is the hospital part after a college's name (…学院附属医院).
	collegeHospital = regexp.MustCompile(`^[\p{Han}]{0,4}?医院`)
)

// instMatch is an institution found in a measure's text.
type instMatch struct {
	start, end int
	inst       policy.Institution
}

// Institutions returns the named institutions in text (normalised), scoped to city, each
// once, in order of first mention. A campus (…院区) is returned with its hospital as Parent,
// and the hospital itself is returned too.
func (n *Names) institutionsIn(text []rune, city string) []instMatch {
	var found []instMatch
	taken := make([]bool, len(text))
	mark := func(s, e int, inst policy.Institution) {
		for i := s; i < e; i++ {
			taken[i] = true
		}
		found = append(found, instMatch{s, e, inst})
	}
	s := string(text)
	// Known names and aliases first, longest first, so 西苑医院济宁医院 is not read as 济宁医院.
	type known struct {
		name string
		e    institutionEntry
	}
	var ks []known
	for _, e := range n.institutions {
		if e.city != "" && e.city != city {
			continue
		}
		for _, a := range append([]string{e.name}, e.aliases...) {
			ks = append(ks, known{a, e})
		}
	}
	sort.Slice(ks, func(i, j int) bool { return len([]rune(ks[i].name)) > len([]rune(ks[j].name)) })
	for _, k := range ks {
		for off := 0; ; {
			i := strings.Index(s[off:], k.name)
			if i < 0 {
				break
			}
			b := len([]rune(s[:off+i]))
			e := b + len([]rune(k.name))
			off += i + len(k.name)
			if anyTaken(taken, b, e) {
				continue
			}
			// 市公共卫生医疗中心: the city's own, written with 市 before a known short name.
			if b > 0 && text[b-1] == '市' && !taken[b-1] {
				b--
			}
			mark(b, e, n.institution(k.e.name, city, k.e.aliases, string(text[b:e])))
		}
	}
	// Then the pattern: a place prefix, a short name, an institution suffix.
	prefixes := []string{city + "市", city, "山东省", "中国", "市"}
	for i := 0; i < len(text); i++ {
		if taken[i] {
			continue
		}
		for _, p := range prefixes {
			if p == "" || !strings.HasPrefix(string(text[i:min(len(text), i+len([]rune(p)))]), p) {
				continue
			}
			// A bare 市 starts a name only at a boundary or after a verb (鼓励市第一人民医院).
			if p == "市" && i > 0 && isHan(text[i-1]) && !startsAfterVerb(text, i) {
				break
			}
			end := suffixEnd(text, i+len([]rune(p)))
			if end < 0 || anyTaken(taken, i, end) {
				continue
			}
			body := string(text[i+len([]rune(p)) : end])
			if genericInst.MatchString(body) {
				break
			}
			name := string(text[i:end])
			mark(i, end, n.institution(name, city, nil, name))
			i = end - 1
			break
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].start < found[j].start })
	// A campus right after its hospital (济医附院太白湖院区) is a node of its own.
	var out []instMatch
	for _, f := range found {
		out = append(out, f)
		if m := campusRe.FindString(string(text[f.end:min(len(text), f.end+8)])); m != "" {
			e := f.end + len([]rune(m))
			campus := n.institution(f.inst.Name+m, city, nil, string(text[f.start:e]))
			campus.Parent = f.inst.Name
			out = append(out, instMatch{f.start, e, campus})
		}
	}
	return out
}

// startsAfterVerb lets a name begin right after a short verb (鼓励济宁市…, 依托济宁市…).
func startsAfterVerb(text []rune, i int) bool {
	for _, v := range []string{"鼓励", "依托", "筹建", "建成", "通过总结", "推进", "支持", "提升", "总结", "建设", "推动", "将", "与", "和", "及", "由", "对", "在", "把", "打造", "实施"} {
		vr := []rune(v)
		if i >= len(vr) && string(text[i-len(vr):i]) == v {
			return true
		}
	}
	return false
}

// suffixEnd finds the end of the shortest run of Han characters from i that ends in an
// institution suffix, extended over 附属医院 and a hospital's own name after a college.
func suffixEnd(text []rune, i int) int {
	for j := i + 1; j < len(text) && j-i <= 16 && isHan(text[j-1]); j++ {
		m := instSuffix.FindString(string(text[j:min(len(text), j+6)]))
		if m == "" {
			continue
		}
		end := j + len([]rune(m))
		rest := string(text[end:min(len(text), end+10)])
		// 济宁医学院附属医院, 中国中医科学院西苑医院: a college's hospital is the institution.
		if strings.HasSuffix(m, "学院") || strings.HasSuffix(m, "研究院") || strings.HasSuffix(m, "大学") {
			if k := collegeHospital.FindString(rest); k != "" {
				end += len([]rune(k))
			}
		}
		return end
	}
	return -1
}

func anyTaken(taken []bool, s, e int) bool {
	for i := s; i < e; i++ {
		if taken[i] {
			return true
		}
	}
	return false
}

// institution builds the canonical institution for a name printed in a document of city:
// 市第一人民医院 in a 济宁 document is 济宁市第一人民医院.
func (n *Names) institution(name, city string, aliases []string, mention string) policy.Institution {
	name = fullWidthParens(name)
	canon := name
	if city != "" && strings.HasPrefix(name, "市") {
		canon = city + name
	}
	for _, e := range n.institutions {
		for _, a := range append([]string{e.name}, e.aliases...) {
			if a == canon || a == name {
				canon, aliases = e.name, e.aliases
			}
		}
	}
	inst := policy.Institution{Name: canon, City: city, Mention: mention}
	seen := map[string]bool{canon: true}
	for _, a := range append(aliases, name, mention) {
		if a != "" && !seen[a] {
			seen[a] = true
			inst.Aliases = append(inst.Aliases, a)
		}
	}
	return inst
}

var deptRe = regexp.MustCompile(`^[\p{Han}]{1,6}?科`)

// departmentsIn finds clinical departments: lists of …科 after a named institution belong to
// it (济医附院骨科及内分泌科); names from names/departments.txt elsewhere stand alone.
func (n *Names) departmentsIn(text []rune, insts []instMatch) []policy.Department {
	var out []policy.Department
	seen := map[policy.Department]bool{}
	add := func(d policy.Department) {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	owned := make([]bool, len(text))
	instAt := map[int]bool{}
	for _, f := range insts {
		instAt[f.start] = true
	}
	for _, f := range insts {
		owner := f.inst.Name
		if f.inst.Parent != "" {
			owner = f.inst.Parent
		}
		i := f.end
		for i < len(text) && !instAt[i] {
			m := deptRe.FindString(string(text[i:min(len(text), i+8)]))
			if m == "" || strings.HasSuffix(m, "学科") || strings.HasSuffix(m, "专科") {
				break
			}
			e := i + len([]rune(m))
			if e < len(text) && text[e] == '室' {
				break
			}
			add(policy.Department{Name: m, Institution: owner})
			for k := i; k < e; k++ {
				owned[k] = true
			}
			i = e
			if i < len(text) && (text[i] == '、' || text[i] == '和' || text[i] == '及') {
				i++
				continue
			}
			break
		}
	}
	s := string(text)
	for _, d := range n.departments {
		for off := 0; ; {
			k := strings.Index(s[off:], d)
			if k < 0 {
				break
			}
			b := len([]rune(s[:off+k]))
			off += k + len(d)
			e := b + len([]rune(d))
			// Skip when part of a longer known name or already owned by an institution.
			// 全科医生, 全科化 and 中国中医科学院 hold the letters of a department, not one.
			if owned[b] || inInstitution(insts, b) || e < len(text) && isHan(text[e]) && !strings.ContainsRune("、和及与等或", text[e]) ||
				longerDept(n.departments, text, b, e) {
				continue
			}
			add(policy.Department{Name: d, Institution: ownerInSentence(text, insts, b)})
		}
	}
	return out
}

// longerDept reports whether text[b:e] is the tail of a longer listed department (内分泌科 ⊃ 分泌科).
func longerDept(list []string, text []rune, b, e int) bool {
	for _, d := range list {
		l := len([]rune(d))
		if l > e-b && e-l >= 0 && string(text[e-l:e]) == d {
			return true
		}
	}
	return false
}

// ownerInSentence is the institution named last before offset i in the same sentence, the
// one a list of departments (做强（心血管病科、脑病科…）六大专科) belongs to; "" if none.
func ownerInSentence(text []rune, insts []instMatch, i int) string {
	owner := ""
	for _, f := range insts {
		if f.end > i {
			break
		}
		if !strings.ContainsRune(string(text[f.end:i]), '。') {
			owner = f.inst.Name
			if f.inst.Parent != "" {
				owner = f.inst.Parent
			}
		}
	}
	return owner
}

func inInstitution(insts []instMatch, i int) bool {
	for _, f := range insts {
		if f.start <= i && i < f.end {
			return true
		}
	}
	return false
}
