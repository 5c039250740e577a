package loader

import (
	"github.com/policykg/policykg/policy"
	"strings"
	"testing"
)

// measureByNumber finds the measure printed with number in d, or fails.
func measureByNumber(t *testing.T, d *policy.Document, number string) policy.Measure {
	t.Helper()
	for _, m := range d.Measures {
		if m.Number == number {
			return m
		}
	}
	t.Fatalf("no measure numbered %q", number)
	return policy.Measure{}
}

// TestTaskTableEmptyCells checks that a 配合单位 cell holding a dash, a slash or 无 names no
// one: the rows of task-table-dashes.html keep only the leads printed in them.
func TestTaskTableEmptyCells(t *testing.T) {
	d := loadNotation(t, "task-table-dashes.html")
	for _, tc := range []struct {
		number string
		want   []wantResp
	}{
		{"2", []wantResp{{"市司法局", policy.RoleLead, 1}, {"市市场监管局", policy.RoleLead, 2}}}, // —
		{"4", []wantResp{{"市中级人民法院", policy.RoleLead, 1}}},                              // 无
		{"5", []wantResp{{"市工业和信息化局", policy.RoleLead, 1}}},                             // /
		{"6", []wantResp{{"市住房城乡建设局", policy.RoleLead, 1}}},                             // ——
		{"7", []wantResp{{"市发展改革委", policy.RoleLead, 1}}},                               // -
	} {
		m := measureByNumber(t, d, tc.number)
		checkResponsibilities(t, m, tc.want, "东岳")
		if len(m.GenericBodies) != 0 {
			t.Errorf("%s: generic bodies %q, want none", tc.number, m.GenericBodies)
		}
	}
	for _, w := range d.Warnings {
		if w.Code == "UNREAD_NOTE" {
			t.Errorf("an empty cell read as a note not understood: %+v", w)
		}
	}
}

// TestTaskTableGenericClasses checks that a class of bodies in a cell (市直各行政执法部门,
// 各行政执法部门) is a generic body kept as text, not an agency, beside the bodies it names.
func TestTaskTableGenericClasses(t *testing.T) {
	d := loadNotation(t, "task-table-dashes.html")
	for _, tc := range []struct {
		number  string
		want    []wantResp
		generic string
	}{
		{"1", []wantResp{{"市司法局", policy.RoleLead, 1}}, "市直各行政执法部门"},
		{"3", []wantResp{{"市司法局", policy.RoleLead, 1}, {"各县（市、区）政府", policy.RoleSupport, 2}}, "各行政执法部门"},
	} {
		m := measureByNumber(t, d, tc.number)
		checkResponsibilities(t, m, tc.want, "东岳")
		if len(m.GenericBodies) != 1 || m.GenericBodies[0] != tc.generic {
			t.Errorf("%s: generic bodies %q, want [%s]", tc.number, m.GenericBodies, tc.generic)
		}
	}
}

// TestNotUnitsOfWork checks what is not a measure: a section heading with no items of its
// own (一、目标任务, 二、重点任务 over a task table), an item whose only note names generic
// bodies (（各有关部门和单位按职责分工负责）), which is said in a warning, and in a framing
// section (三、强化组织保障) an item with no note or a generic one.
func TestNotUnitsOfWork(t *testing.T) {
	for _, tc := range []struct {
		file     string
		measures []string // section path's last heading and number of each measure
		warnings []string // code and item of each warning
	}{
		{"yishi-per-note.txt", []string{
			"（一）完善物流枢纽网络 （一）一是", "（一）完善物流枢纽网络 （一）二是", "（一）完善物流枢纽网络 （一）三是",
			"（二）发展多式联运 （二）一是", "（二）发展多式联运 （二）二是", "二、重点任务 （三）", "三、强化组织保障 （一）",
		}, []string{"GENERIC_ONLY （四）"}},
		{"task-table-dashes.html", []string{
			"一、规范执法监管 1", "一、规范执法监管 2", "一、规范执法监管 3", "二、强化司法保障 4",
			"二、强化司法保障 5", "三、优化要素服务 6", "三、优化要素服务 7",
		}, nil},
	} {
		t.Run(tc.file, func(t *testing.T) {
			d := loadNotation(t, tc.file)
			var got []string
			for _, m := range d.Measures {
				last := ""
				if len(m.SectionPath) > 0 {
					last = m.SectionPath[len(m.SectionPath)-1]
				}
				got = append(got, last+" "+m.Number)
				if len(m.Responsibilities) == 0 {
					t.Errorf("%s %s: a measure that names no one", m.Number, m.Title)
				}
			}
			if strings.Join(got, " | ") != strings.Join(tc.measures, " | ") {
				t.Errorf("measures\n got  %q\n want %q", got, tc.measures)
			}
			var warns []string
			for _, w := range d.Warnings {
				warns = append(warns, w.Code+" "+strings.Fields(w.Message)[0])
			}
			if strings.Join(warns, " | ") != strings.Join(tc.warnings, " | ") {
				t.Errorf("warnings\n got  %q\n want %q", warns, tc.warnings)
			}
		})
	}
}

// TestClosingClause checks the wordings of the articles that close a plan, and that an
// item of work mentioning a date or an interpretation stays one.
func TestClosingClause(t *testing.T) {
	for _, tc := range []struct {
		text    string
		closing bool
	}{
		{"本措施由省发展改革委负责解释。", true},
		{"本方案由市卫生健康委会同市财政局负责解释。", true},
		{"本办法自2025年1月1日起施行。", true},
		{"本实施意见自印发之日起实施，有效期5年。", true},
		{"本通知自发布之日起执行，有效期至2027年12月31日。", true},
		{"有效期3年。", true},
		{"本措施自印发之日起施行。此前出台的相关政策与本措施不一致的，以本措施为准。\n\n主动公开\n东岳市人民政府办公室", true},
		{"本意见自印发之日起施行，《东岳市促进就业若干措施》同时废止。", true},
		{"加强政策解读。由市司法局负责解释相关条款，2025年起施行新标准。", false},
		{"落实减税降费政策。本措施所列政策自2025年1月1日起执行。对小微企业给予补贴。", false},
		{"强化督促落实。各地要结合实际制定具体举措。", false},
	} {
		if got := closingClause(tc.text); got != tc.closing {
			t.Errorf("closingClause(%q) = %v, want %v", tc.text, got, tc.closing)
		}
	}
}
