package loader

import (
	"fmt"
	"github.com/policykg/policykg/policy"
	"strings"
	"testing"
)

// TestWarnings checks that what the loader could not read is said: a bracket with role
// words around no body, a label it does not know, items that name no one where the others
// do.
func TestWarnings(t *testing.T) {
	d := loadNotation(t, "warnings.txt")
	text := []rune(d.Text)
	want := []struct{ code, printed, item string }{
		{"UNREAD_NOTE", "（按照属地原则负责）", "（二）"},
		{"UNKNOWN_LABEL", "（牵头单位：市卫生健康委；督办单位：市政府督查室）", "（三）"},
		{"NO_UNITS", "改善门诊就医环境。完善门诊标识和候诊区设施。（按照属地原则负责）", "（二）"},
		{"NO_UNITS", "推进检查检验结果互认。扩大互认项目范围。", "（四）"},
	}
	if len(d.Warnings) != len(want) {
		t.Fatalf("%d warnings %+v, want %d", len(d.Warnings), d.Warnings, len(want))
	}
	for i, w := range want {
		got := d.Warnings[i]
		if got.Code != w.code || got.Span == nil || string(text[got.Span.Start:got.Span.End]) != w.printed || !strings.HasPrefix(got.Message, w.item) {
			t.Errorf("warning %d = %+v, want %s over %q about %s", i+1, got, w.code, w.printed, w.item)
		}
	}
	// The note with an unknown label still gives the lead it names.
	checkResponsibilities(t, d.Measures[2], []wantResp{{"市卫生健康委", policy.RoleLead, 1}}, "东岳")
}

// TestNotes checks that each note of a measure keeps its span and the responsibilities it
// gives: two notes in one item of the national opinion, each after the sentences it covers.
func TestNotes(t *testing.T) {
	d := loadNotation(t, "national-opinion.txt")
	text := []rune(d.Text)
	m := d.Measures[3]
	want := []struct {
		text      string
		positions []int
	}{
		{"（国家卫生健康委、国家医保局负责）", []int{1, 2}},
		{"（国家医保局牵头，财政部、人社部配合）", []int{3, 4, 5}},
	}
	if len(m.Notes) != len(want) {
		t.Fatalf("%d notes %+v, want %d", len(m.Notes), m.Notes, len(want))
	}
	for i, w := range want {
		n := m.Notes[i]
		if n.Text != w.text || string(text[n.Span.Start:n.Span.End]) != w.text || fmt.Sprint(n.Positions) != fmt.Sprint(w.positions) {
			t.Errorf("note %d = %q at %v (%q) positions %v; want %q positions %v",
				i+1, n.Text, n.Span, string(text[n.Span.Start:n.Span.End]), n.Positions, w.text, w.positions)
		}
	}
	// 人社部 is printed for 人力资源社会保障部, which keeps the short name as an alias.
	if r := m.Responsibilities[4]; r.Mention != "人社部" || !contains(r.Agency.Aliases, "人社部") {
		t.Errorf("responsibility 5 = %+v, want 人力资源社会保障部 printed as 人社部", r)
	}
}

// TestNoteWordings checks single notes in the wordings governments print, in a city plan
// (东岳) that declares no lead for the whole document: the named bodies are kept with their
// roles, generic bodies apart, words that are not bodies left out.
func TestNoteWordings(t *testing.T) {
	const (
		lead = policy.RoleLead
		supp = policy.RoleSupport
		resp = policy.RoleResponsible
	)
	for _, tc := range []struct {
		note    string
		want    []wantResp
		generic []string
	}{
		{"（市卫生健康委负责，2024年底前完成）", []wantResp{{"市卫生健康委", resp, 1}}, nil},
		{"（市发展改革委牵头，市直有关部门、各县（市、区）政府按职责分工负责）", []wantResp{{"市发展改革委", lead, 1}, {"各县（市、区）政府", supp, 2}}, []string{"市直有关部门"}},
		{"（责任单位：市发展改革委、市财政局等市直有关部门，各县市区政府）", []wantResp{{"市发展改革委", resp, 1}, {"市财政局", resp, 2}, {"各县（市、区）政府", resp, 3}}, []string{"市直有关部门"}},
		{"（牵头单位：市卫健委 责任单位：市医保局）", []wantResp{{"市卫生健康委", lead, 1}, {"市医保局", supp, 2}}, nil},
		{"（市卫生健康委和市医保局牵头）", []wantResp{{"市卫生健康委", lead, 1}, {"市医保局", lead, 2}}, nil},
		{"（市教育局、市体育局按职责牵头，团市委、市妇联参与）", []wantResp{{"市教育局", lead, 1}, {"市体育局", lead, 2}, {"团市委", supp, 3}, {"市妇联", supp, 4}}, nil},
		{"（责任单位：市卫生健康委（牵头）、市财政局）", []wantResp{{"市卫生健康委", lead, 1}, {"市财政局", supp, 2}}, nil},
		{"（责任领导：张三；牵头单位：市卫生健康委）", []wantResp{{"市卫生健康委", lead, 1}}, nil},
		{"（国网东岳供电公司、东岳海关、东岳日报社、市气象台负责）", []wantResp{{"国网东岳供电公司", resp, 1}, {"东岳海关", resp, 2}, {"东岳日报社", resp, 3}, {"市气象台", resp, 4}}, nil},
		{"（市工业和信息化局及专班成员单位，各区、市政府）", []wantResp{{"市工业和信息化局", resp, 1}, {"各区、市政府", resp, 2}}, []string{"专班成员单位"}},
		{"（市委网信办、市公安局牵头，各有关单位配合）", []wantResp{{"市委网信办", lead, 1}, {"市公安局", lead, 2}}, []string{"各有关单位"}},
		{"（市市场监管局、市农业农村局分别负责）", []wantResp{{"市市场监管局", resp, 1}, {"市农业农村局", resp, 2}}, nil},
		{"（市卫生健康委、市医保局）", []wantResp{{"市卫生健康委", resp, 1}, {"市医保局", resp, 2}}, nil},
		{"（牵头考核单位：市卫生健康委；配合单位：市财政局）", []wantResp{{"市卫生健康委", lead, 1}, {"市财政局", supp, 2}}, nil},
		{"（市卫生健康委、市医保局等相关部门按职责分工负责）", []wantResp{{"市卫生健康委", resp, 1}, {"市医保局", resp, 2}}, []string{"相关部门"}},
		{"（市疾控中心、市中心血站、东岳广播电视台、东岳城投集团有限公司负责）", []wantResp{{"市疾控中心", resp, 1}, {"市中心血站", resp, 2}, {"东岳广播电视台", resp, 3}, {"东岳城投集团有限公司", resp, 4}}, nil},
		{"（市司法局牵头，市直各行政执法部门配合）", []wantResp{{"市司法局", lead, 1}}, []string{"市直各行政执法部门"}},
		{"（市司法局牵头，各行政执法部门、各县（市、区）政府配合）", []wantResp{{"市司法局", lead, 1}, {"各县（市、区）政府", supp, 2}}, []string{"各行政执法部门"}},
		{"（市财政局、市直各部门按职责分工负责）", []wantResp{{"市财政局", resp, 1}}, []string{"市直各部门"}},
		{"（责任单位：市农业农村局牵头，市城市管理局、市生态环境局配合，各县（市、区）政府）", []wantResp{{"市农业农村局", lead, 1}, {"市城市管理局", supp, 2}, {"市生态环境局", supp, 3}, {"各县（市、区）政府", supp, 4}}, nil},
		{"（责任单位：市住房城乡建设局牵头，各县（市、区）政府）", []wantResp{{"市住房城乡建设局", lead, 1}, {"各县（市、区）政府", supp, 2}}, nil},
		{"（市科技局、市财政局（排名第一的为牵头单位））", []wantResp{{"市科技局", lead, 1}, {"市财政局", supp, 2}}, nil},
		{"（牵头单位：市卫生健康委；配合单位：—）", []wantResp{{"市卫生健康委", lead, 1}}, nil},
		{"（牵头单位：市卫生健康委；配合单位：无）", []wantResp{{"市卫生健康委", lead, 1}}, nil},
		{"（市卫生健康委及各县（市、区）政府按职责分工负责）", []wantResp{{"市卫生健康委", resp, 1}, {"各县（市、区）政府", resp, 2}}, nil},
	} {
		t.Run(tc.note, func(t *testing.T) {
			text := "东岳市改善医疗服务行动方案\n一、重点任务\n（一）优化服务流程。完善预约诊疗制度。" + tc.note + "\n"
			d := DefaultNames().Parse(Raw{Text: text, Format: "text"}, "note.txt", Meta{ID: "note"})
			if len(d.Measures) != 1 {
				t.Fatalf("%d measures, want 1", len(d.Measures))
			}
			m := d.Measures[0]
			checkResponsibilities(t, m, tc.want, "东岳")
			if strings.Join(m.GenericBodies, " ") != strings.Join(tc.generic, " ") {
				t.Errorf("generic bodies %q, want %q", m.GenericBodies, tc.generic)
			}
			if len(m.Notes) != 1 || m.Notes[0].Text != tc.note {
				t.Errorf("notes %+v, want the note as printed", m.Notes)
			}
		})
	}
	// A national document names the provincial governments as printed or as 各省级人民政府.
	d := DefaultNames().Parse(Raw{Text: "国务院办公厅关于改善医疗服务的意见\n一、重点任务\n（一）优化服务流程。完善预约诊疗制度。（国家卫生健康委，各省、自治区、直辖市人民政府负责）\n", Format: "text"}, "national.txt", Meta{ID: "national"})
	if len(d.Measures) != 1 {
		t.Fatalf("%d measures, want 1", len(d.Measures))
	}
	checkResponsibilities(t, d.Measures[0], []wantResp{{"国家卫生健康委", policy.RoleResponsible, 1}, {"各省级人民政府", policy.RoleResponsible, 2}}, "")
	// Labelled lines under the item's text, with its deadline on a line of its own.
	d = DefaultNames().Parse(Raw{Text: "东岳市改善医疗服务行动方案\n一、重点任务\n（一）优化服务流程。完善预约诊疗制度。\n牵头单位：市卫生健康委\n配合单位：市财政局、市医保局\n完成时限：2024年12月\n", Format: "text"}, "lines.txt", Meta{ID: "lines"})
	if len(d.Measures) != 1 || d.Measures[0].Deadline != "2024年12月" {
		t.Fatalf("measures %+v, want one with the deadline 2024年12月", d.Measures)
	}
	checkResponsibilities(t, d.Measures[0], []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市财政局", policy.RoleSupport, 2}, {"市医保局", policy.RoleSupport, 3}}, "东岳")
	// A bare list of bodies inside a sentence is an aside, not a note.
	d = DefaultNames().Parse(Raw{Text: "东岳市改善医疗服务行动方案\n一、重点任务\n（一）加强沟通。加强与上级部门（省卫生健康委、省医保局）的沟通。\n", Format: "text"}, "aside.txt", Meta{ID: "aside"})
	if len(d.Measures) != 1 || len(d.Measures[0].Responsibilities) != 0 {
		t.Errorf("an aside read as a note: %+v", d.Measures)
	}
}

// TestLeadFirstWordings checks the wordings of the first-is-lead declaration: each makes
// the first unit of every later list the lead.
func TestLeadFirstWordings(t *testing.T) {
	for _, decl := range []string{
		"列第一位者为牵头单位，下同", "排在第一位的部门为牵头部门，下同", "排第一位的为牵头单位，下同",
		"第一个为牵头单位，下同", "排名第一的为牵头单位，下同", "排在首位的为牵头单位，下同",
		"排第一位的为牵头单位，其他为配合单位，下同",
	} {
		t.Run(decl, func(t *testing.T) {
			text := "东岳市改善医疗服务行动方案\n一、重点任务\n（一）优化服务流程。完善预约诊疗制度。（市卫生健康委、市医保局负责，" + decl + "）\n" +
				"（二）改善就医环境。完善门诊设施。（市财政局、市卫生健康委负责）\n（三）加强监管。开展专项检查。（市市场监管局负责）\n"
			d := DefaultNames().Parse(Raw{Text: text, Format: "text"}, "decl.txt", Meta{ID: "decl"})
			if len(d.Measures) != 3 {
				t.Fatalf("%d measures, want 3", len(d.Measures))
			}
			checkResponsibilities(t, d.Measures[0], []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市医保局", policy.RoleSupport, 2}}, "东岳")
			checkResponsibilities(t, d.Measures[1], []wantResp{{"市财政局", policy.RoleLead, 1}, {"市卫生健康委", policy.RoleSupport, 2}}, "东岳")
			checkResponsibilities(t, d.Measures[2], []wantResp{{"市市场监管局", policy.RoleLead, 1}}, "东岳")
			if g := d.Measures[0].GenericBodies; len(g) != 0 {
				t.Errorf("generic bodies %q, want none", g)
			}
		})
	}
}

// TestNumberingTypos checks that items at the start of a line stay items where the text
// numbers two alike or skips a number, as printed texts do.
func TestNumberingTypos(t *testing.T) {
	text := "东岳市改善医疗服务行动方案\n一、重点任务\n（一）优化服务流程。完善预约诊疗制度。（市卫生健康委负责）\n" +
		"（二）改善就医环境。完善门诊设施。（市财政局负责）\n（四）加强监管。开展专项检查。（市市场监管局负责）\n（四）强化宣传。营造良好氛围。（市委宣传部负责）\n"
	d := DefaultNames().Parse(Raw{Text: text, Format: "text"}, "typos.txt", Meta{ID: "typos"})
	var got []string
	for _, m := range d.Measures {
		got = append(got, m.Number+m.Title)
	}
	want := []string{"（一）优化服务流程", "（二）改善就医环境", "（四）加强监管", "（四）强化宣传"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("measures %q, want %q", got, want)
	}
}

// TestLeadFirstInLineNote checks a first-is-lead declaration printed in brackets after the
// list of a 责任单位 line (责任单位：A、B（排名第一的为牵头单位，下同）): the bracket goes from
// the last name and the rule holds for the later lines.
func TestLeadFirstInLineNote(t *testing.T) {
	for _, decl := range []string{
		"排名第一的为牵头单位，下同", "排名第一位的为牵头单位，下同", "排第一的为牵头单位，下同",
		"排列第一的为牵头单位，下同", "排序第一的单位为牵头单位，下同", "第一家为牵头单位，下同",
		"下同，排在第一位的为牵头单位",
	} {
		t.Run(decl, func(t *testing.T) {
			text := "东岳市改善医疗服务行动方案\n一、重点任务\n（一）优化服务流程。完善预约诊疗制度。\n责任单位：市卫生健康委、市医保局（" + decl + "）\n" +
				"（二）改善就医环境。完善门诊设施。\n责任单位：市财政局、市卫生健康委\n（三）加强监管。开展专项检查。\n责任单位：市市场监管局\n"
			d := DefaultNames().Parse(Raw{Text: text, Format: "text"}, "decl.txt", Meta{ID: "decl"})
			if len(d.Measures) != 3 {
				t.Fatalf("%d measures, want 3", len(d.Measures))
			}
			checkResponsibilities(t, d.Measures[0], []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市医保局", policy.RoleSupport, 2}}, "东岳")
			checkResponsibilities(t, d.Measures[1], []wantResp{{"市财政局", policy.RoleLead, 1}, {"市卫生健康委", policy.RoleSupport, 2}}, "东岳")
			checkResponsibilities(t, d.Measures[2], []wantResp{{"市市场监管局", policy.RoleLead, 1}}, "东岳")
		})
	}
}
