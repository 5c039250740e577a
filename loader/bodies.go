package loader

import (
	"regexp"
	"strings"
)

// bodyClass says what a name in a list of units stands for.
type bodyClass int

const (
	notBody     bodyClass = iota // words that name no body (含技工院校, 三级医院)
	agencyBody                   // a named body: 市财政局, 海关总署, 青岛海洋科技中心
	groupBody                    // a named group of governments: 各地区, 各省级人民政府, 各区、市政府
	genericBody                  // a body left unnamed: 相关部门, 各有关单位, 专班成员单位
)

var (
	// genericRe matches the bodies a document leaves unnamed: 相关部门, 有关部门和单位,
	// 市直有关部门, 国务院各有关部门, 其他成员单位, 相关行业主管部门, and a class of bodies
	// (各 and a kind of body: 市直各行政执法部门, 各行业主管部门, 县直各单位).
	genericRe = regexp.MustCompile(`^(各级|各地)?(国务院|中央|省|市|县|区)?(直|级|属)?(各)?(相关|有关|其他|其它|其余)|` +
		`^(国务院|中央|省|市|县|区)?(直|级|属)?各[\p{Han}]*(部门|单位|机构)$|` +
		`(成员单位|主管部门|有关方面)$|(有关|相关)(部门|单位|机构|方面)|` +
		`^各(部门|单位|部门和单位|部门、单位|部门单位|成员单位|级部门|级各部门|地各部门|地各有关部门|相关单位|类主体)$|^(部门|单位|部门和单位|机构)$`)
	// groupRe matches named groups of governments and of their parts.
	groupRe = regexp.MustCompile(`^(各|有关|相关)?(地区|地|省|省级|省级人民政府|市|县|区|县区|市区|县市区|区市|区县|乡镇|镇|街道|旗|盟|州|设区市|级)` +
		`([(（、][^)）]*[)）]?)?.*(政府|管委会|党委|地区|人民政府|街道办事处|办事处)$|^各(地区|地|省|市|县|区|乡|镇|级|设区的市|设区市)`)
	// agencySuffix is how the name of a government body or public body ends.
	agencySuffix = regexp.MustCompile(`(局|委|办|厅|部|署|政府|管委会|委员会|中心|院|会|室|队|行|社|处|团|所|联|协|站|台|馆|公司|集团|银行|海关|分局|支行|分行|营管部|部门|办公室|总队|支队|大队|法院|检察院|党校|学校|大学|研究院|研究所|机关)$`)
	// placePrefix starts the name of a body of a level of government: 市卫生健康委,
	// 省工业和信息化厅, 国家卫生健康委, 中央网信办.
	placePrefix = regexp.MustCompile(`^(省|市|县|区[^域]|国家|国务院|中央|中共|全国|中国|自治区)`)
	// notBodyWords start words that list things, not bodies: 含中医医院, 包括…, 如….
	notBodyWords = regexp.MustCompile(`^(含|包括|如|即|其中|以下|简称|下同|除|不含|不包括|见|详见|注)`)
	// emptyMarkRe is what a table cell or a label holds when it names no one: a dash, a
	// slash, 无, 不涉及.
	emptyMarkRe = regexp.MustCompile(`^([\p{Pd}/\\~～_.·…*×]+|无|暂无|空|不涉及|无需配合)$`)
)

// emptyMark reports whether s says that there is no unit: —, ——, -, /, 无.
func emptyMark(s string) bool {
	return emptyMarkRe.MatchString(compact(s))
}

// classify says whether name, as printed in a list of units, is a named body, a group of
// governments, a generic body or no body at all.
func (n *Names) classify(name string) bodyClass {
	name = compact(name)
	switch {
	case name == "" || notBodyWords.MatchString(name) || emptyMark(name):
		return notBody
	case strings.HasSuffix(name, "政府") && !genericOnly(name):
		// 有关区、市政府 and 各省级人民政府 name the governments they mean.
		return groupBody
	case genericRe.MatchString(name):
		return genericBody
	case groupRe.MatchString(name):
		return groupBody
	case n.known(name) || agencySuffix.MatchString(name):
		return agencyBody
	}
	return notBody
}

// genericOnly reports whether a name ending in 政府 still names no one (相关部门及政府).
func genericOnly(name string) bool {
	return strings.Contains(name, "部门") || strings.Contains(name, "单位")
}

// strongBody reports whether a name is certainly a government body, enough to read a bare
// bracketed list (（市卫生健康委、市财政局）) as a note: a listed name, or a level's prefix with
// a body's ending.
func (n *Names) strongBody(name string) bool {
	name = compact(name)
	switch n.classify(name) {
	case groupBody:
		return true
	case agencyBody:
		return n.known(name) || placePrefix.MatchString(name) && len([]rune(name)) >= 3
	}
	return false
}

// known reports whether name is a canonical name or an alias in the agency table, for any
// city or province (the placeholders stand for any place name).
func (n *Names) known(name string) bool {
	for _, e := range n.agencies {
		for _, a := range append([]string{e.name}, e.aliases...) {
			if a == name {
				return true
			}
			if strings.Contains(a, "{") && placeholderMatch(a, name) {
				return true
			}
		}
	}
	return false
}

// placeholderMatch reports whether name is pattern with {city} or {province} standing for
// a short run of Chinese characters.
func placeholderMatch(pattern, name string) bool {
	i := strings.IndexByte(pattern, '{')
	j := strings.IndexByte(pattern, '}')
	if i < 0 || j < i {
		return false
	}
	pre, post := pattern[:i], pattern[j+1:]
	if !strings.HasPrefix(name, pre) || !strings.HasSuffix(name, post) || len(name) < len(pre)+len(post) {
		return false
	}
	mid := []rune(name[len(pre) : len(name)-len(post)])
	if len(mid) < 2 || len(mid) > 8 {
		return false
	}
	for _, r := range mid {
		if !isHan(r) {
			return false
		}
	}
	return true
}
