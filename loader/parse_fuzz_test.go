package loader

import (
	"github.com/policykg/policykg/policy"
	"math"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of parsing: any text in, a document whose every span points into
// that text, never a panic and never a hang. Each target starts from the fixtures and
// wraps what it is given so that the mutations land where its part of the parser reads:
// the numbering of the whole text, a responsibility note, a sentence with figures.

// fuzzSeeds adds the text fixtures and seeds to f.
func fuzzSeeds(f *testing.F) {
	var files []string
	for _, glob := range []string{"testdata/notations/*.txt", "testdata/values/*.txt", "testdata/pdf/*.txt", "../seeds/*.txt"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		f.Fatal("no text fixtures found")
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
}

// checkDocument fails t when d, parsed from text, says something its text does not hold.
func checkDocument(t *testing.T, text string, d *policy.Document) {
	t.Helper()
	rs := []rune(text)
	inText := func(what string, s policy.Span) bool {
		if s.Start < 0 || s.Start > s.End || s.End > len(rs) {
			t.Errorf("%s: span %v outside the text of %d characters", what, s, len(rs))
			return false
		}
		return true
	}
	for _, s := range d.Sections {
		inText("section "+s.Number, s.Span)
	}
	prevEnd := 0
	for i, m := range d.Measures {
		if m.Ordinal != i+1 {
			t.Errorf("measure %d: ordinal %d", i+1, m.Ordinal)
		}
		if !inText("measure "+m.Number, m.Span) {
			continue
		}
		if string(rs[m.Span.Start:m.Span.End]) != m.Text {
			t.Errorf("measure %d: text %q is not its span %v", i+1, m.Text, m.Span)
		}
		if m.Span.Start < prevEnd {
			t.Errorf("measure %d: span %v overlaps the measure before, which ends at %d", i+1, m.Span, prevEnd)
		}
		prevEnd = m.Span.End
		for k, r := range m.Responsibilities {
			switch r.Role {
			case policy.RoleLead, policy.RoleSupport, policy.RoleResponsible, policy.RoleImplementer:
			default:
				t.Errorf("measure %d: role %q", i+1, r.Role)
			}
			if r.Position != k+1 || r.Agency.Name == "" {
				t.Errorf("measure %d: responsibility %d is %+v", i+1, k+1, r)
			}
		}
		for _, tg := range m.Targets {
			checkValue(t, "target "+tg.Indicator, rs, inText, tg.Span, tg.ValueText, tg.Value)
		}
	}
	for _, o := range d.Observations {
		checkValue(t, "observation "+o.Indicator, rs, inText, o.Span, o.ValueText, o.Value)
	}
	for _, s := range []string{d.Title, d.Issuer, d.City, d.Date} {
		if !utf8.ValidString(s) {
			t.Errorf("metadata %q is not UTF-8", s)
		}
	}
}

func checkValue(t *testing.T, what string, rs []rune, inText func(string, policy.Span) bool, s policy.Span, valueText string, v *float64) {
	t.Helper()
	if !inText(what, s) {
		return
	}
	if got := string(rs[s.Start:s.End]); got != valueText {
		t.Errorf("%s: value text %q, but its span %v holds %q", what, valueText, s, got)
	}
	if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
		t.Errorf("%s: value %v", what, *v)
	}
}

// FuzzParse parses whole texts: their numbering, sections and measures.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	names := DefaultNames()
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // ReadBytes hands the parser UTF-8 only
		}
		checkDocument(t, text, names.Parse(Raw{Text: text, Format: "text"}, "input.txt", Meta{ID: "input"}))
	})
}

// FuzzNotes puts the input where a responsibility note stands: after the first sentence
// of a measure, before the note of the next one.
func FuzzNotes(f *testing.F) {
	for _, note := range []string{
		"（责任单位：市卫生健康委、市残联、市发展改革委，排第一位为牵头单位，下同）",
		"（牵头单位：市卫生健康委；配合单位：市财政局、市医保局）",
		"（市卫生健康委、市财政局等相关部门按职责分工负责）",
		"（市发展改革委牵头，市卫生健康委、各县（市、区）人民政府配合）",
		"(责任单位:市卫生健康委,市医保局)",
		"由市卫生健康部门牵头，市财政局配合。（列第一位者为牵头单位，下同）",
	} {
		f.Add(note)
	}
	names := DefaultNames()
	f.Fuzz(func(t *testing.T, note string) {
		if !utf8.ValidString(note) {
			return
		}
		text := "云泽市推进医疗卫生服务体系建设实施方案\n一、重点任务\n（一）调整优化医疗资源布局。到2025年，全市每千人口床位数达到6张。" + note +
			"\n（二）加快高水平医疗建设。（责任单位：市卫生健康委）\n"
		checkDocument(t, text, names.Parse(Raw{Text: text, Format: "text"}, "input.txt", Meta{ID: "input"}))
	})
}

// FuzzTargets puts the input where the figures of a measure stand, in a plan and in a
// news report.
func FuzzTargets(f *testing.F) {
	for _, s := range []string{
		"到2025年，县域内就诊率达到90%以上，基层医疗卫生机构诊疗量占比达到65%以上。",
		"每年招收全科专业住院医师规范化培训学员不少于80名，床医比、医护比分别达到1:0.55、1:1.2。",
		"力争到2027年，全市建成国家区域医疗中心1个、省级区域医疗中心6个以上，居全省第一位。",
		"“十四五”期间，每万人口全科医生数达到3.5人，孕产妇死亡率控制在10/10万以下。",
		"目前全市备案托育机构达到650家，居全省第1，千人口托位数达到4.5个。",
	} {
		f.Add(s)
	}
	names := DefaultNames()
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		plan := "云泽市卫生健康事业发展规划\n（一）提升服务能力。" + s + "（责任单位：市卫生健康委）\n"
		checkDocument(t, plan, names.Parse(Raw{Text: plan, Format: "text"}, "plan.txt", Meta{ID: "plan"}))
		news := "云泽市卫生健康事业取得长足发展\n记者 王明\n" + s + "\n"
		checkDocument(t, news, names.Parse(Raw{Text: news, Format: "text"}, "news.txt", Meta{ID: "news"}))
	})
}
