package loader

import (
	_ "embed"
	"github.com/policykg/policykg/policy"
	"regexp"
	"sort"
	"strings"
)

//go:embed names/indicators.tsv
var indicatorsTSV string

// IndicatorTable names indicators: it turns the words a document uses for an indicator into
// the canonical name that every document meaning the same thing shares. Rules handle the
// ways of writing that carry no meaning (width, quotes, scope words, 每万人口X数); the table
// (names/indicators.tsv) holds the synonyms that only a reader knows.
type IndicatorTable struct {
	names    map[string]string  // rule-normalised name → canonical name
	suffixes []indicatorPattern // longest suffix first
}

// indicatorPattern is one name of a * line: a name ending in suffix ends in canonical instead,
// keeping the words before it (全人群, 重点人群), so that the qualifier still tells indicators apart.
type indicatorPattern struct {
	suffix, canonical string
}

// defaultIndicators is the shipped table, parsed once: the read path canonicalises queries.
var defaultIndicators = ParseIndicatorTable(indicatorsTSV)

// ParseIndicatorTable reads a table in the format of names/indicators.tsv: a canonical name,
// a tab and the other names separated by |; a leading * on every name of a line stands for
// the words before the rest.
func ParseIndicatorTable(data string) *IndicatorTable {
	t := &IndicatorTable{names: map[string]string{}}
	for _, r := range tsvRows(data) {
		names := []string{r[0]}
		if len(r) > 1 && r[1] != "" {
			names = append(names, strings.Split(r[1], "|")...)
		}
		if strings.HasPrefix(r[0], "*") {
			canonical := cleanIndicator(strings.TrimPrefix(r[0], "*"))
			for _, n := range names {
				t.suffixes = append(t.suffixes, indicatorPattern{cleanIndicator(strings.TrimPrefix(n, "*")), canonical})
			}
			continue
		}
		canonical := displayIndicator(cleanIndicator(r[0]))
		for _, n := range names {
			t.names[indicatorKey(n, "")] = canonical
		}
	}
	// The longest suffix decides, and a canonical suffix (listed too) maps onto itself, so
	// 全人群家庭医生签约率 is never rewritten into 全人群家庭医生家庭医生签约率.
	sort.SliceStable(t.suffixes, func(i, j int) bool {
		return len([]rune(t.suffixes[i].suffix)) > len([]rune(t.suffixes[j].suffix))
	})
	return t
}

// before returns a table with t's lines first and then base's: where both name the same
// words, t wins; among * lines the longest suffix still decides.
func (t *IndicatorTable) before(base *IndicatorTable) *IndicatorTable {
	if base == nil {
		base = defaultIndicators
	}
	out := &IndicatorTable{names: map[string]string{}}
	for k, v := range base.names {
		out.names[k] = v
	}
	for k, v := range t.names {
		out.names[k] = v
	}
	out.suffixes = append(append(out.suffixes, t.suffixes...), base.suffixes...)
	sort.SliceStable(out.suffixes, func(i, j int) bool {
		return len([]rune(out.suffixes[i].suffix)) > len([]rune(out.suffixes[j].suffix))
	})
	return out
}

// IndicatorName is the canonical name of an indicator by these tables (the shipped ones and
// their --names extensions): what a query for the words should find.
func (n *Names) IndicatorName(words string) string { return n.indicators.Name(words, "") }

// Name returns the canonical name of the indicator written as words in a document of city
// (city may be empty).
func (t *IndicatorTable) Name(words, city string) string {
	s := indicatorKey(words, city)
	if s == "" {
		return strings.TrimSpace(words)
	}
	if c, ok := t.names[s]; ok {
		return c
	}
	for _, p := range t.suffixes {
		if strings.HasSuffix(s, p.suffix) && len(s) > len(p.suffix) {
			s = strings.TrimSuffix(s, p.suffix) + p.canonical
			break
		}
	}
	if c, ok := t.names[s]; ok {
		return c
	}
	return displayIndicator(s)
}

var (
	// quoteChars mark a name as a name (“旗舰中医馆”); they are not part of it.
	quoteChars = "“”‘’\"'「」『』《》〈〉【】"
	// inclusionNote is a bracketed note of what a count includes: （含中医）, （下同）.
	inclusionNote = regexp.MustCompile(`\((含|包括|下同)[^()]*\)`)
	// scopeWords open a name with where or when it applies, not what it measures.
	scopeWords = []string{"全市", "全省", "全县", "全区", "我市", "本市", "各级", "各地", "各县(市、区)", "各县市区", "各县区", "其中", "目前", "力争", "争取"}
	// trailingWords close a name with an adverb of the verb that followed it (空编率均控制在).
	// Longer words come first: 水平平均 loses 平均, not 均.
	trailingWords = []string{"平均", "分别", "总体", "整体", "逐步", "稳步", "持续", "的", "等", "均", "要"}
	// buildVerbs before a counted thing say it is to be built: 建成心灵驿站 counts 心灵驿站.
	buildVerbs = regexp.MustCompile(`^(建设|建成|新建|打造|组建|创建)`)
	// perCapita opens a per-capita indicator: 每万人口, 每千常住人口拥有.
	perCapita = regexp.MustCompile(`^(每(?:[0-9]+|[一二三四五六七八九十百千万]+)(?:常住|户籍|服务)?人口)(?:拥有|配备|有)?`)
)

// cleanIndicator applies the rules that change no word: half-width forms, no white space,
// no quotes, no inclusion notes, no separators at either end.
func cleanIndicator(words string) string {
	rs := normalize([]rune(words))
	var b strings.Builder
	for _, r := range rs {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || strings.ContainsRune(quoteChars, r) {
			continue
		}
		b.WriteRune(r)
	}
	s := inclusionNote.ReplaceAllString(b.String(), "")
	return strings.Trim(s, "、,;:")
}

// indicatorKey is the rule-normalised form of an indicator's name: two ways of writing it
// that differ only by what the rules drop give the same key.
func indicatorKey(words, city string) string {
	s := cleanIndicator(words)
	for changed := true; changed; {
		changed = false
		trim := func(prefix string) {
			if prefix != "" && strings.HasPrefix(s, prefix) && len(s) > len(prefix) {
				s, changed = strings.TrimPrefix(s, prefix), true
			}
		}
		if m := yearClause.FindStringIndex(s); m != nil && m[0] == 0 && m[1] < len(s) {
			s, changed = s[m[1]:], true
		}
		for _, w := range scopeWords {
			trim(w)
		}
		if city != "" {
			trim(city + "市")
			trim(city)
		}
		for _, w := range trailingWords {
			if strings.HasSuffix(s, w) && len(s) > len(w) {
				s, changed = strings.TrimSuffix(s, w), true
				break
			}
		}
		if m := buildVerbs.FindString(s); m != "" && len([]rune(s))-len([]rune(m)) >= 2 {
			s, changed = strings.TrimPrefix(s, m), true
		}
		s = strings.Trim(s, "、,;:")
	}
	// 每万人口全科医生 and 每万人口全科医生数 are one indicator, written the official way.
	if m := perCapita.FindStringSubmatchIndex(s); m != nil {
		rest := s[m[1]:]
		s = s[m[2]:m[3]] + rest
		if r := []rune(rest); len(r) > 0 && !strings.ContainsRune("数率比量额值度例", r[len(r)-1]) {
			s += "数"
		}
	}
	return s
}

// fullWidthPunct prints a key the way names print: full-width brackets and punctuation.
var fullWidthPunct = strings.NewReplacer("(", "（", ")", "）", ",", "，", ":", "：", ";", "；")

// displayIndicator prints a key the way names print.
func displayIndicator(s string) string { return fullWidthPunct.Replace(s) }

// nameIndicators gives every target and observation of d its canonical indicator, keeping
// the words it came from.
func (n *Names) nameIndicators(d *policy.Document) {
	t := n.indicators
	if t == nil {
		t = defaultIndicators
	}
	for i := range d.Measures {
		for k := range d.Measures[i].Targets {
			tg := &d.Measures[i].Targets[k]
			tg.Words = tg.Indicator
			tg.Indicator = t.Name(tg.Words, d.City)
		}
	}
	for k := range d.Observations {
		o := &d.Observations[k]
		o.Words = o.Indicator
		o.Indicator = t.Name(o.Words, d.City)
	}
}
