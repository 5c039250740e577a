package loader

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestIndicatorSame lists ways of writing one indicator that must give one name: the
// examples of the issue, then phrasings of indicators no seed document uses.
func TestIndicatorSame(t *testing.T) {
	for _, tc := range []struct{ a, b, city string }{
		{"全人群签约率", "全人群家庭医生签约率", ""},
		{"县域内患者就诊率", "县域内就诊率", ""},
		{"每万人口全科医生数", "每万人口全科医生", ""},
		// Unseen: the * line keeps the qualifier and maps every wording of the rest.
		{"重点人群签约率", "重点人群家庭医生签约服务覆盖率", ""},
		{"老年人群签约率", "老年人群家庭医生签约率", ""},
		// Rules: width, quotes, spaces, inclusion notes, scope words, build verbs, adverbs.
		{"每千人口执业（助理）医师数", "每千人口执业(助理)医师", ""},
		{"每千人口拥有3岁以下婴幼儿托位数", "每千人口3岁以下婴幼儿托位", ""},
		{"“旗舰中医馆”", "旗舰中医馆", ""},
		{"省级重点专科（含精品特色专科）", "省级重点专科", ""},
		{"到2025年全市孕产妇死亡率", "孕产妇死亡率", ""},
		{"各县（市、区）婴儿死亡率", "婴儿死亡率", ""},
		{"东岳市婴儿死亡率", "婴儿死亡率", "东岳"},
		{"建成“心灵驿站”", "心灵驿站", ""},
		{"疾控中心人员空编率均", "疾控中心人员空编率", ""},
		{"居 民 健 康 素 养", "健康素养水平", ""},
		{"每千人口床位数", "每千人口医疗卫生机构床位数", ""},
	} {
		table := defaultIndicators
		if a, b := table.Name(tc.a, tc.city), table.Name(tc.b, tc.city); a != b {
			t.Errorf("%q → %q and %q → %q: want one indicator", tc.a, a, tc.b, b)
		}
	}
}

// TestIndicatorDifferent lists indicators that look alike and must stay apart.
func TestIndicatorDifferent(t *testing.T) {
	for _, tc := range [][2]string{
		{"全人群签约率", "重点人群签约率"},
		{"全人群家庭医生签约率", "重点人群家庭医生签约率"},
		{"床医比", "医护比"},
		{"床护比", "医护比"},
		{"县域内就诊率", "县域内基层就诊率"},
		{"每万人口全科医生数", "每万人口公共卫生人员数"},
		{"每千人口医疗卫生机构床位数", "每千人口中医类医院床位数"},
		{"每千人口执业（助理）医师数", "每千人口执业医师数"},
		{"每年下沉医务人员", "下沉医务人员"},
		{"新增省级人才计划", "省级人才计划"},
		{"养老机构医养签约服务率", "全人群签约率"},
		{"孕产妇死亡率", "婴儿死亡率"},
		{"三级医院", "二级医院"},
	} {
		if a, b := DefaultNames().IndicatorName(tc[0]), DefaultNames().IndicatorName(tc[1]); a == b {
			t.Errorf("%q and %q both → %q: want two indicators", tc[0], tc[1], a)
		}
	}
}

// TestIndicatorCanonical checks the name the shared Indicator gets.
func TestIndicatorCanonical(t *testing.T) {
	for words, want := range map[string]string{
		"全人群家庭医生签约率":         "全人群签约率",
		"全人群签约率":             "全人群签约率",
		"重点人群家庭医生签约率":        "重点人群签约率",
		"县域内就诊率":             "县域内患者就诊率",
		"每万人口全科医生":           "每万人口全科医生数",
		"居民健康素养":             "居民健康素养水平",
		"每千人口执业(助理)医师":       "每千人口执业（助理）医师数",
		"养老机构医养签约服务率":        "养老机构医养签约服务率",
		"县(市、区)妇幼保健院二甲及以上数量": "县（市、区）妇幼保健院二甲及以上数量",
		"到2025年":             "到2025年",
	} {
		if got := DefaultNames().IndicatorName(words); got != want {
			t.Errorf("IndicatorName(%q) = %q, want %q", words, got, want)
		}
	}
}

// TestIndicatorTableExtends shows a researcher's new lines taking effect with no code change.
func TestIndicatorTableExtends(t *testing.T) {
	table := ParseIndicatorTable("# a researcher's additions\n门诊患者满意度\t门诊满意度|门诊病人满意度\n*人群健康管理率\t*人群规范健康管理率\n")
	for words, want := range map[string]string{
		"门诊满意度":          "门诊患者满意度",
		"门诊病人满意度":        "门诊患者满意度",
		"老年人群规范健康管理率":    "老年人群健康管理率",
		"高血压患者人群规范健康管理率": "高血压患者人群健康管理率",
		"住院患者满意度":        "住院患者满意度",
	} {
		if got := table.Name(words, ""); got != want {
			t.Errorf("Name(%q) = %q, want %q", words, got, want)
		}
	}
}

// TestShippedIndicatorTable checks the shipped table is consistent: every name on a line
// comes back as that line's canonical name, so no line takes over another's names.
func TestShippedIndicatorTable(t *testing.T) {
	rows := tsvRows(indicatorsTSV)
	if len(rows) == 0 {
		t.Fatal("names/indicators.tsv has no entries")
	}
	for _, r := range rows {
		if len(r) != 2 {
			t.Errorf("line %q: want a canonical name, a tab and aliases", strings.Join(r, "\t"))
			continue
		}
		canonical, prefix := r[0], ""
		if strings.HasPrefix(canonical, "*") {
			canonical, prefix = strings.TrimPrefix(canonical, "*"), "全"
		}
		want := defaultIndicators.Name(prefix+canonical, "")
		for _, alias := range strings.Split(r[1], "|") {
			if got := defaultIndicators.Name(prefix+strings.TrimPrefix(alias, "*"), ""); got != want {
				t.Errorf("%q → %q, want %q as its line says", prefix+alias, got, want)
			}
		}
	}
}

// TestParseKeepsWords checks that a target keeps the words its text uses next to the
// canonical name of its indicator.
func TestParseKeepsWords(t *testing.T) {
	raw := Raw{Format: "text", Text: "东岳市家庭医生签约服务实施方案\n一、主要任务\n1.扩大签约覆盖面。到2025年，全人群家庭医生签约率达到70%以上。（市卫生健康委负责）\n"}
	d := DefaultNames().Parse(raw, "plan.txt", Meta{ID: "plan", City: "东岳"})
	if len(d.Measures) != 1 || len(d.Measures[0].Targets) != 1 {
		t.Fatalf("measures %+v: want one measure with one target", d.Measures)
	}
	tg := d.Measures[0].Targets[0]
	if tg.Indicator != "全人群签约率" || tg.Words != "全人群家庭医生签约率" {
		t.Errorf("indicator %q, words %q; want 全人群签约率 from 全人群家庭医生签约率", tg.Indicator, tg.Words)
	}
}

// TestExtendFromIndicators shows a researcher's indicators.tsv in a --names folder taking
// effect on the next load, ahead of the shipped lines, which still apply.
func TestExtendFromIndicators(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "indicators.tsv"), []byte("门诊患者满意度\t门诊满意度\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := DefaultNames()
	if err := n.ExtendFrom(dir); err != nil {
		t.Fatal(err)
	}
	raw := Raw{Format: "text", Text: "东岳市改善医疗服务实施方案\n一、主要任务\n1.改善就医感受。到2025年，门诊满意度达到90%以上，全人群家庭医生签约率达到70%以上。（市卫生健康委负责）\n"}
	d := n.Parse(raw, "plan.txt", Meta{ID: "plan", City: "东岳"})
	var got []string
	for _, m := range d.Measures {
		for _, tg := range m.Targets {
			got = append(got, tg.Indicator)
		}
	}
	if want := []string{"门诊患者满意度", "全人群签约率"}; !slices.Equal(got, want) {
		t.Errorf("indicators %q, want %q", got, want)
	}
}
