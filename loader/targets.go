package loader

import (
	"github.com/policykg/policykg/policy"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

var (
	// yearClause opens a dated commitment: 到2025年, 2024年底前, 到2026年底.
	yearClause = regexp.MustCompile(`(到|至|截至)?(20\d\d)年(底|末)?(前)?`)
	// valueRe finds a figure with what qualifies it; the groups are: comparator before,
	// ratio (1:0.55, the left-hand side), number, range tail (200余名, 200多名), unit,
	// comparator after. Longer words come first where one contains another.
	valueRe = regexp.MustCompile(`(不少于|不低于|不超过|不高于|不多于|不大于|不足|至少|至多|最少|最多|超过|高于|大于|多于|低于|少于|大约|接近|约|近|逾|≥|≤|>|<)?(\d+(?:\.\d+)?:)?(\d+(?:\.\d+)?)(余|多)?(万人次|万人|万元|亿元|个百分点|个月|/10万|/十万|/万|‰|人次|场次|%|个|家|人|张|级|名|项|所|处|期|位|批|支|床|篇|台|元|次|倍|天|岁|户|种|套|辆)?(及以上|及以下|以上|以下|以内|之内|左右|上下)?`)
	// rankRe finds a rank: 全省前3位, 全国前百名, 居全省第1, 全国同类城市前十.
	rankRe = regexp.MustCompile(`(全国|全省|全市|全区|全县|省内|国内)(?:同类城市|同类医院|同类|同级)?(?:排名|排位)?(前|第)(\d+|[一二三四五六七八九十百]+)(位|名)?`)
	// notRank follows 第一 where it opens a name: 第一方阵, 第一批, 第一梯队.
	notRank = regexp.MustCompile(`^(方阵|批|梯队|档|时间|责任)`)
	// verbs that introduce a value and end an indicator's name.
	valueVerbs = []string{"力争达到", "力争保持在", "力争在", "力争", "达到", "提升至", "提高至", "提高到", "提升到", "增加到", "增至", "保持在", "保持", "稳定在", "维持在", "降至", "降到", "下降到", "控制在", "不低于", "不少于", "不超过", "至少", "超过", "进入", "位居", "位列", "为", "达", "在"}
	// maintainVerbs keep an indicator where it is (保持在65%以上) rather than move it.
	maintainVerbs = []string{"保持", "稳定在", "维持"}
	// lead words that scope a clause rather than name an indicator.
	leadWords = []string{"其中", "全市", "全县", "全区", "力争", "争取", "确保", "实现", "目前", "已在", "已", "到"}
	// adverbBasic is 基本 as "by and large" (基本建成…), a scope to drop; before a noun it is
	// part of the name (基本医疗保险参保率, 基本公共卫生服务) and stays.
	adverbBasic = regexp.MustCompile(`^基本(实现|建成|建立|形成|完成|达到|覆盖|消除|满足|具备|解决)`)
	// countVerbs put the value before the thing counted (建成30个以上县域服务次中心).
	countVerbs = regexp.MustCompile(`(充实调整|调整|出台|列支|落实|推行|启动|组建|制定|实施|建成|建设|设立|设置|培育|推进|遴选|新增|新培育|新引育|引育|培养|完成|打造|创建|布局|招收|下沉|举办|开展|带教|认定|拥有|争创|新建|确定|选取)$`)
)

// Comparator words before and after a value.
var (
	atLeastBefore = []string{"不少于", "不低于", "至少", "最少", "超过", "高于", "大于", "多于", "逾", "≥", ">"}
	atMostBefore  = []string{"不超过", "不高于", "不多于", "不大于", "不足", "至多", "最多", "低于", "少于", "≤", "<"}
	aboutBefore   = []string{"约", "大约", "近", "接近"}
)

// comparatorOf reads the words around a value: 以上/不低于/不少于 → AT_LEAST, 左右/约 →
// ABOUT, 以内/不超过/以下 → AT_MOST, and the words that say the same.
func comparatorOf(before, after string) policy.Comparator {
	switch {
	case slices.Contains(atLeastBefore, before) || after == "以上" || after == "及以上":
		return policy.AtLeast
	case slices.Contains(atMostBefore, before) || after == "以下" || after == "及以下" || after == "以内" || after == "之内":
		return policy.AtMost
	case slices.Contains(aboutBefore, before) || after == "左右" || after == "上下":
		return policy.About
	}
	return policy.Exactly
}

// isMaintain reports whether a verb keeps an indicator at its level.
func isMaintain(verb string) bool {
	for _, w := range maintainVerbs {
		if strings.Contains(verb, w) {
			return true
		}
	}
	return false
}

// rankNumber reads the place of a rank: 3, 十, 二十, 百.
func rankNumber(s string) (float64, bool) {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v, true
	}
	rs := []rune(s)
	hundreds := 0
	if i := strings.IndexRune(s, '百'); i >= 0 {
		k := len([]rune(s[:i]))
		hundreds = 1
		if k > 0 {
			n, ok := hanNumber(rs[:k])
			if !ok || n > 9 {
				return 0, false
			}
			hundreds = n
		}
		rs = rs[k+1:]
	}
	rest := 0
	if len(rs) > 0 {
		n, ok := hanNumber(rs)
		if !ok {
			return 0, false
		}
		rest = n
	}
	return float64(hundreds*100 + rest), true
}

// figure is one value found in a clause.
type figure struct {
	start, end int // rune offsets in the clause
	value      float64
	valueText  string
	unit       string
	cmp        policy.Comparator
	rank       bool
}

// figuresIn finds the values of a clause, skipping years, dates, durations and ranges.
func figuresIn(cl []rune) []figure {
	s := string(cl)
	runeAt := runeOffsets(s)
	var out []figure
	for _, m := range rankRe.FindAllStringSubmatchIndex(s, -1) {
		v, ok := rankNumber(s[m[6]:m[7]])
		if !ok || v == 0 || notRank.MatchString(s[m[1]:min(len(s), m[1]+16)]) {
			continue
		}
		b, e := runeAt[m[0]], runeAt[m[1]]
		unit := "位"
		if m[8] >= 0 {
			unit = s[m[8]:m[9]]
		}
		out = append(out, figure{start: b, end: e, value: v, valueText: s[m[0]:m[1]], unit: unit, cmp: policy.Exactly, rank: true})
	}
	ranks := len(out)
	next := 0 // the first rank that does not end before the value
	for _, m := range valueRe.FindAllStringSubmatchIndex(s, -1) {
		b, e := runeAt[m[0]], runeAt[m[1]]
		// Both lists run left to right, so one pass over the ranks finds the overlaps.
		for next < ranks && out[next].end <= b {
			next++
		}
		if next < ranks && out[next].start < e {
			continue
		}
		numB, numE := runeAt[m[6]], runeAt[m[7]]
		rest := string(cl[numE:min(len(cl), numE+2)])
		// Years, dates, ranges (1—3家), names with numbers (15分钟, “8+18”, 65岁及以上老年人)
		// are not values; an age a verb sets (人均预期寿命达到80岁) is.
		if strings.HasPrefix(rest, "年") && !(numB >= 2 && string(cl[numB-2:numB]) == "连续") || strings.HasPrefix(rest, "月") || strings.HasPrefix(rest, "日") ||
			strings.HasPrefix(rest, "分钟") || strings.HasPrefix(rest, "岁") && !endsWithValueVerb(string(cl[:b])) || strings.HasPrefix(rest, "—") ||
			strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "+") || strings.HasPrefix(rest, "小时") ||
			numB > 0 && strings.ContainsRune("—-+~～第", cl[numB-1]) {
			continue
		}
		unit := ""
		if m[10] >= 0 {
			unit = s[m[10]:m[11]]
		} else if strings.HasPrefix(rest, "年") {
			unit, e = "年", numE+1
		}
		ratio := m[4] >= 0
		if unit == "" && !ratio {
			continue
		}
		v, err := strconv.ParseFloat(s[m[6]:m[7]], 64)
		if err != nil {
			continue
		}
		before, after := "", ""
		if m[2] >= 0 {
			before = s[m[2]:m[3]]
		}
		if m[12] >= 0 {
			after = s[m[12]:m[13]]
		}
		cmp := comparatorOf(before, after)
		if m[8] >= 0 { // 200余名, 200多名: more than 200
			cmp = policy.AtLeast
		}
		if ratio { // 1:0.55 is 0.55 per 1; 2:1 is 0.5 per 1
			if left, err := strconv.ParseFloat(strings.TrimSuffix(s[m[4]:m[5]], ":"), 64); err == nil && left != 0 {
				v /= left
			}
		}
		out = append(out, figure{start: b, end: e, value: v, valueText: string(cl[b:e]), unit: unit, cmp: cmp})
	}
	sortFigures(out)
	return out
}

func sortFigures(fs []figure) {
	slices.SortStableFunc(fs, func(a, b figure) int { return a.start - b.start })
}

// runeIndex converts a byte offset of s into a rune offset.
func runeIndex(s string, byteOff int) int {
	return utf8.RuneCountInString(s[:byteOff])
}

// runeOffsets maps the byte offset of every rune of s, and len(s), to its rune offset, so
// that the matches of a long clause convert in one pass instead of one count each.
func runeOffsets(s string) []int {
	at := make([]int, len(s)+1)
	n := 0
	for i := range s {
		at[i] = n
		n++
	}
	at[len(s)] = n
	return at
}

// indicatorBefore names the indicator of a value from the words before it in its clause:
// 全人群签约率达到65%以上 → 全人群签约率.
func indicatorBefore(pre string) (name string, maintain bool) {
	pre = strings.TrimSpace(pre)
	for changed := true; changed; {
		changed = false
		for _, v := range valueVerbs {
			if strings.HasSuffix(pre, v) {
				maintain = maintain || isMaintain(v)
				pre = strings.TrimSuffix(pre, v)
				changed = true
			}
		}
	}
	return trimLead(pre), maintain
}

// trimLead removes the words that scope a clause (到2025年, 全市, 力争) from a name.
func trimLead(s string) string {
	s = yearClause.ReplaceAllString(s, "")
	for changed := true; changed; {
		changed = false
		s = strings.TrimLeft(s, ",;:、 ")
		for _, w := range leadWords {
			if strings.HasPrefix(s, w) {
				s = strings.TrimPrefix(s, w)
				changed = true
			}
		}
		if adverbBasic.MatchString(s) {
			s = strings.TrimPrefix(s, "基本")
			changed = true
		}
	}
	return strings.Trim(s, ",;:、 的")
}

// indicatorAfter names the thing a value counts when the value comes first:
// 建成30个以上县域服务次中心 → 县域服务次中心.
func indicatorAfter(post string) string {
	post = strings.TrimLeft(post, "的")
	if i := strings.IndexAny(post, ",;。"); i >= 0 {
		post = post[:i]
	}
	// 推进10个国家重点专科建设、建成100个…: the verb of the next value is not part of this name.
	if m := nextCountVerb.FindStringIndex(post); m != nil {
		post = post[:m[0]]
	}
	return strings.Trim(post, " 、")
}

// nextCountVerb is a list separator and the verb that introduces the next value.
var nextCountVerb = regexp.MustCompile(`[、和及并]\s*` + countVerbs.String())

// endsWithValueVerb reports whether the words before a value end with a verb that sets it.
func endsWithValueVerb(pre string) bool {
	pre = strings.TrimSpace(pre)
	for _, v := range valueVerbs {
		if len([]rune(v)) > 1 && strings.HasSuffix(pre, v) {
			return true
		}
	}
	return false
}
