package loader

import (
	"context"
	"errors"
	"fmt"
	"github.com/policykg/policykg/policy"
	"path/filepath"
	"strings"
	"testing"
)

// The fixtures under testdata/notations are short implementation plans of two invented
// cities (东岳市, 青川市), each written in one of the ways Chinese plans say who carries out a
// measure. Every expectation below is read off the fixture text, not off the parser's output.

// wantResp is one agency of a measure: its canonical name, role and 1-based position.
type wantResp struct {
	name string
	role policy.Role
	pos  int
}

// wantTarget is one target of a measure; key is a part of the indicator's name.
type wantTarget struct {
	key   string
	value float64
	unit  string
	cmp   policy.Comparator
	year  int
}

type wantMeasure struct {
	number  string // as printed, full- or half-width
	title   string // the words before the first 。
	resp    []wantResp
	targets []wantTarget // every target of the measure; nil means none
}

// notationCase is one fixture with the measures written into it.
type notationCase struct {
	name     string
	file     string
	city     string
	measures []wantMeasure
}

func notationCases() []notationCase {
	// Shorthands for the canonical names the fixtures use.
	const (
		wjw   = "市卫生健康委"
		czj   = "市财政局"
		ybj   = "市医保局"
		rsj   = "市人力资源社会保障局"
		jyj   = "市教育局"
		mzj   = "市民政局"
		fgw   = "市发展改革委"
		wlj   = "市文化和旅游局"
		cl    = "市残联"
		sjj   = "市大数据局"
		xian  = "各县（市、区）政府"
		kfq   = "各市属开发区管委会"
		lead  = policy.RoleLead
		supp  = policy.RoleSupport
		resp  = policy.RoleResponsible
		implr = policy.RoleImplementer
	)

	return []notationCase{
		{
			// （责任单位：A、B，排第一位为牵头单位，下同） once, then plain 责任单位 lists: the first
			// unit of every later list leads too. A trailing 等 is not part of the name.
			name: "lead-first declaration carried by 下同",
			file: "paiwei-xiatong.txt",
			city: "东岳",
			measures: []wantMeasure{
				{"（一）", "扩大签约服务覆盖面", []wantResp{{wjw, lead, 1}, {cl, supp, 2}}, []wantTarget{
					{"全人群签约率", 65, "%", policy.AtLeast, 2025},
					{"重点人群签约率", 85, "%", policy.AtLeast, 2025},
				}},
				{"（二）", "丰富签约服务内容", []wantResp{{wjw, lead, 1}, {ybj, supp, 2}, {czj, supp, 3}}, nil},
				{"（三）", "加强家庭医生队伍建设", []wantResp{{wjw, lead, 1}, {rsj, supp, 2}, {jyj, supp, 3}}, []wantTarget{
					{"全科专业住院医师规范化培训学员", 80, "名", policy.AtLeast, 0},
				}},
				{"（四）", "完善签约服务费政策", []wantResp{{ybj, lead, 1}, {czj, supp, 2}, {wjw, supp, 3}}, nil},
				{"（五）", "强化签约服务信息化支撑", []wantResp{{wjw, lead, 1}, {sjj, supp, 2}}, nil},
			},
		},
		{
			// Half-width brackets and the whole body on one line, as pages copied from a
			// government site often are: (A、B按职责分工负责) and (A负责) declare no lead.
			name: "half-width (A、B按职责分工负责) on one line",
			file: "halfwidth-oneline.txt",
			city: "青川",
			measures: []wantMeasure{
				{"1.", "发展普惠托育服务", []wantResp{{wjw, resp, 1}, {fgw, resp, 2}}, []wantTarget{
					{"托位数", 4.5, "个", policy.Exactly, 2025},
				}},
				{"2.", "推进托幼一体化", []wantResp{{jyj, resp, 1}}, nil},
				{"3.", "落实用地保障", []wantResp{{"市自然资源和规划局", resp, 1}, {"市住房城乡建设局", resp, 2}}, nil},
				{"4.", "加强人才培养", []wantResp{{rsj, resp, 1}, {jyj, resp, 2}, {wjw, resp, 3}}, nil},
				{"5.", "加大财政支持", []wantResp{{czj, resp, 1}}, nil},
			},
		},
		{
			// 〔…以下任务均需各县（市、区）政府、各市属开发区管委会负责落实〕 on the first measure puts
			// both bodies on every measure, that one included, after the units listed.
			name: "implementers declared once for every measure",
			file: "implementers.txt",
			city: "东岳",
			measures: []wantMeasure{
				{"1.", "优化卫生人力资源配置", []wantResp{{wjw, resp, 1}, {ybj, resp, 2}, {xian, implr, 3}, {kfq, implr, 4}}, []wantTarget{
					{"床医比", 0.55, "", policy.Exactly, 2025},
					{"医护比", 1.2, "", policy.Exactly, 2025},
				}},
				{"2.", "提升乡镇卫生院服务能力", []wantResp{{wjw, resp, 1}, {xian, implr, 2}, {kfq, implr, 3}}, nil},
				{"3.", "稳定乡村医生队伍", []wantResp{{wjw, resp, 1}, {rsj, resp, 2}, {czj, resp, 3}, {xian, implr, 4}, {kfq, implr, 5}}, nil},
				{"4.", "深化医保支付方式改革", []wantResp{{ybj, resp, 1}, {wjw, resp, 2}, {xian, implr, 3}, {kfq, implr, 4}}, nil},
			},
		},
		{
			// 牵头单位：A；配合单位：B、C on a line of its own after the text; one measure names
			// two leads, another prints 牵头单位 and 配合单位 on separate lines.
			name: "牵头单位/配合单位 lines",
			file: "lead-support-lines.txt",
			city: "青川",
			measures: []wantMeasure{
				{"（一）", "提升医养结合服务能力", []wantResp{{wjw, lead, 1}, {mzj, supp, 2}, {ybj, supp, 3}}, []wantTarget{
					{"养老机构医养签约服务率", 100, "%", policy.Exactly, 2025},
				}},
				{"（二）", "发展居家社区医养结合服务", []wantResp{{mzj, lead, 1}, {wjw, lead, 2}, {czj, supp, 3}}, nil},
				{"（三）", "稳步推进长期护理保险制度", []wantResp{{ybj, lead, 1}, {czj, supp, 2}, {wjw, supp, 3}, {mzj, supp, 4}}, nil},
				{"（四）", "加强医养结合人才队伍建设", []wantResp{{rsj, lead, 1}, {wjw, supp, 2}, {mzj, supp, 3}}, []wantTarget{
					{"医养结合机构从业人员", 500, "人次", policy.AtLeast, 0},
				}},
			},
		},
		{
			// （A牵头，B、C配合）, and (A牵头，B、C按职责分工负责) where the declared lead makes the
			// others supporters; (A负责) alone declares no lead.
			name: "（A牵头，B、C配合）",
			file: "qiantou-peihe.txt",
			city: "东岳",
			measures: []wantMeasure{
				{"1.", "完善城乡居民医保制度", []wantResp{{ybj, lead, 1}, {czj, supp, 2}, {"市税务局", supp, 3}}, []wantTarget{
					{"基本医疗保险参保率", 95, "%", policy.AtLeast, 2025},
				}},
				{"2.", "健全重大疾病医疗保险和救助制度", []wantResp{{ybj, lead, 1}, {mzj, supp, 2}, {wjw, supp, 3}, {czj, supp, 4}}, nil},
				{"3.", "推行多元复合式医保支付方式", []wantResp{{ybj, lead, 1}, {wjw, lead, 2}, {czj, supp, 3}}, nil},
				{"4.", "完善医疗服务价格形成机制", []wantResp{{ybj, resp, 1}}, nil},
				{"5.", "加强医保基金监管", []wantResp{{ybj, lead, 1}, {"市公安局", supp, 2}, {wjw, supp, 3}, {"市市场监管局", supp, 4}}, nil},
			},
		},
		{
			// Full- and half-width numbering mixed: （一） and (二), 1. and 2． and （1） (2).
			// The document never declares a lead, so 责任单位 lists are RESPONSIBLE.
			name: "mixed full/half-width numbering",
			file: "mixed-numbering.txt",
			city: "青川",
			measures: []wantMeasure{
				{"1.", "优化乡镇卫生院布局", []wantResp{{wjw, resp, 1}, {fgw, resp, 2}}, nil},
				{"2．", "推进村卫生室标准化建设", []wantResp{{wjw, resp, 1}, {czj, resp, 2}}, nil},
				{"（1）", "实施订单定向培养", []wantResp{{wjw, resp, 1}, {jyj, resp, 2}, {rsj, resp, 3}}, nil},
				{"(2)", "完善基层人员激励机制", []wantResp{{rsj, resp, 1}, {czj, resp, 2}, {wjw, resp, 3}}, nil},
			},
		},
		{
			// Short and long forms of one body, and bodies written with the city's name.
			name: "aliases and city-prefixed names",
			file: "aliases.txt",
			city: "东岳",
			measures: []wantMeasure{
				{"（一）", "培育康养旅游产品", []wantResp{{wlj, resp, 1}, {wjw, resp, 2}}, nil},
				{"（二）", "建设中医药健康旅游示范基地", []wantResp{{wjw, resp, 1}, {wlj, resp, 2}}, []wantTarget{
					{"中医药健康旅游示范基地", 5, "个", policy.AtLeast, 2025},
				}},
				{"（三）", "加大资金支持", []wantResp{{czj, resp, 1}, {wlj, resp, 2}}, []wantTarget{
					{"专项资金", 2000, "万元", policy.AtLeast, 0},
				}},
				{"（四）", "强化人才支撑", []wantResp{{rsj, resp, 1}, {wlj, resp, 2}, {jyj, resp, 3}}, nil},
			},
		},
	}
}

func loadNotation(t *testing.T, file string) *policy.Document {
	t.Helper()
	d, err := DefaultNames().LoadFile(context.Background(), filepath.Join("testdata", "notations", file))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestParseNotations(t *testing.T) {
	for _, tc := range notationCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := loadNotation(t, tc.file)
			if d.City != tc.city {
				t.Errorf("city = %q, want %q", d.City, tc.city)
			}
			// The exact list of measures also shows that the preamble and the items of
			// 总体要求 / 工作目标 / 组织实施 / 保障措施, which name no units, are not measures.
			if len(d.Measures) != len(tc.measures) {
				var got []string
				for _, m := range d.Measures {
					got = append(got, m.Number+m.Title)
				}
				t.Fatalf("%d measures %q, want %d", len(d.Measures), got, len(tc.measures))
			}
			for i, want := range tc.measures {
				m := d.Measures[i]
				t.Run(fmt.Sprintf("M%d", i+1), func(t *testing.T) {
					if m.Ordinal != i+1 {
						t.Errorf("ordinal = %d, want %d", m.Ordinal, i+1)
					}
					if m.Number != want.number || m.Title != want.title {
						t.Errorf("number, title = %q, %q; want %q, %q", m.Number, m.Title, want.number, want.title)
					}
					checkResponsibilities(t, m, want.resp, tc.city)
					checkTargets(t, m, want.targets)
				})
			}
		})
	}
}

func checkResponsibilities(t *testing.T, m policy.Measure, want []wantResp, city string) {
	t.Helper()
	format := func(name string, role policy.Role, pos int) string { return fmt.Sprintf("%s/%s/%d", name, role, pos) }
	var got, exp []string
	for _, r := range m.Responsibilities {
		got = append(got, format(r.Agency.Name, r.Role, r.Position))
		if r.Agency.City != city {
			t.Errorf("%s: city %q, want %q", r.Agency.Name, r.Agency.City, city)
		}
	}
	for _, r := range want {
		exp = append(exp, format(r.name, r.role, r.pos))
	}
	if strings.Join(got, " ") != strings.Join(exp, " ") {
		t.Errorf("responsibilities\n got  %v\n want %v", got, exp)
	}
}

func checkTargets(t *testing.T, m policy.Measure, want []wantTarget) {
	t.Helper()
	if len(m.Targets) != len(want) {
		var got []string
		for _, tg := range m.Targets {
			got = append(got, tg.Indicator+"="+tg.ValueText)
		}
		t.Errorf("%d targets %q, want %d", len(m.Targets), got, len(want))
		return
	}
	for i, w := range want {
		tg := m.Targets[i]
		if !strings.Contains(tg.Indicator, w.key) || tg.Value == nil || *tg.Value != w.value ||
			tg.Unit != w.unit || tg.Comparator != w.cmp || tg.Year != w.year {
			v := "nil"
			if tg.Value != nil {
				v = fmt.Sprint(*tg.Value)
			}
			t.Errorf("target %d: got %s=%s unit %q %s year %d; want %s=%v unit %q %s year %d",
				i+1, tg.Indicator, v, tg.Unit, tg.Comparator, tg.Year, w.key, w.value, w.unit, w.cmp, w.year)
		}
	}
}

// TestParseAliases checks that short and long forms of one body, and a body written with
// its city's name, resolve to one canonical agency of the city's kind.
func TestParseAliases(t *testing.T) {
	d := loadNotation(t, "aliases.txt")
	type mention struct {
		measure          int
		mention          string
		name, kind, city string
	}
	for _, w := range []mention{
		{1, "市文旅局", "市文化和旅游局", "文化和旅游局", "东岳"},
		{2, "市文化和旅游局", "市文化和旅游局", "文化和旅游局", "东岳"},
		{2, "东岳市卫生健康委员会", "市卫生健康委", "卫生健康委", "东岳"},
		{3, "东岳市财政局", "市财政局", "财政局", "东岳"},
		{4, "市人社局", "市人力资源社会保障局", "人力资源社会保障局", "东岳"},
	} {
		var found *policy.Responsibility
		for i, r := range d.Measures[w.measure-1].Responsibilities {
			if r.Mention == w.mention {
				found = &d.Measures[w.measure-1].Responsibilities[i]
			}
		}
		if found == nil {
			t.Errorf("M%d: no responsibility printed as %q", w.measure, w.mention)
			continue
		}
		a := found.Agency
		if a.Name != w.name || a.Kind != w.kind || a.City != w.city {
			t.Errorf("M%d %q: agency %q kind %q city %q; want %q kind %q city %q",
				w.measure, w.mention, a.Name, a.Kind, a.City, w.name, w.kind, w.city)
		}
		if w.mention != a.Name && !contains(a.Aliases, w.mention) {
			t.Errorf("M%d %q: not among the aliases %q of %q", w.measure, w.mention, a.Aliases, a.Name)
		}
	}
	// The trailing 等 of 市财政局等 is not part of the name as printed either.
	for _, r := range loadNotation(t, "paiwei-xiatong.txt").Measures[1].Responsibilities {
		if strings.HasSuffix(r.Mention, "等") || strings.HasSuffix(r.Agency.Name, "等") {
			t.Errorf("trailing 等 kept: mention %q, name %q", r.Mention, r.Agency.Name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestLoadFileBadInput checks that a file holding no document is an error naming the file.
func TestLoadFileBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		file  string
		noDoc bool // the error wraps ErrNoDocument
	}{
		{"empty file", "empty.txt", true},
		{"binary file", "binary.txt", true},
		{"text with no numbered items", "no-items.txt", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join("testdata", "notations", "bad", tc.file)
			d, err := DefaultNames().LoadFile(context.Background(), path)
			if err == nil {
				t.Fatalf("LoadFile(%s) = document with %d measures, want an error", path, len(d.Measures))
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			if tc.noDoc && !errors.Is(err, ErrNoDocument) {
				t.Errorf("error %q does not wrap ErrNoDocument", err)
			}
		})
	}
}
