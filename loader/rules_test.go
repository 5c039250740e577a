package loader

import (
	"testing"
)

// measureByNumber finds the measure printed with number in d, or fails.
func measureByNumber(t *testing.T, d *Document, number string) Measure {
	t.Helper()
	for _, m := range d.Measures {
		if m.Number == number {
			return m
		}
	}
	t.Fatalf("no measure numbered %q", number)
	return Measure{}
}

// TestTaskTableEmptyCells checks that a 配合单位 cell holding a dash, a slash or 无 names no
// one: the rows of task-table-dashes.html keep only the leads printed in them.
func TestTaskTableEmptyCells(t *testing.T) {
	d := loadNotation(t, "task-table-dashes.html")
	for _, tc := range []struct {
		number string
		want   []wantResp
	}{
		{"2", []wantResp{{"市司法局", RoleLead, 1}, {"市市场监管局", RoleLead, 2}}}, // —
		{"4", []wantResp{{"市中级人民法院", RoleLead, 1}}},                       // 无
		{"5", []wantResp{{"市工业和信息化局", RoleLead, 1}}},                      // /
		{"6", []wantResp{{"市住房城乡建设局", RoleLead, 1}}},                      // ——
		{"7", []wantResp{{"市发展改革委", RoleLead, 1}}},                        // -
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
		{"1", []wantResp{{"市司法局", RoleLead, 1}}, "市直各行政执法部门"},
		{"3", []wantResp{{"市司法局", RoleLead, 1}, {"各县（市、区）政府", RoleSupport, 2}}, "各行政执法部门"},
	} {
		m := measureByNumber(t, d, tc.number)
		checkResponsibilities(t, m, tc.want, "东岳")
		if len(m.GenericBodies) != 1 || m.GenericBodies[0] != tc.generic {
			t.Errorf("%s: generic bodies %q, want [%s]", tc.number, m.GenericBodies, tc.generic)
		}
	}
}
