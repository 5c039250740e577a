package loader

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadTables checks that the data tables of an HTML page and a DOCX file come out a row
// per line with their cells, merged cells included: a rowspan or a vMerge leaves an empty
// place marked Above under the cell it continues, a colspan or gridSpan one wide cell.
func TestReadTables(t *testing.T) {
	for _, tc := range []struct {
		file string
		rows []string // each row's cells as printed, | between; ^ for a place covered from above
		wide string   // the text of a cell spanning every column
	}{
		{"task-table.html", []string{
			"序号|重点任务|牵头单位|配合单位|完成时限",
			"一、强化基层服务网络",
			"1|推进乡镇卫生院标准化建设。 到2025年，达到国家推荐标准的乡镇卫生院达到30家以上。|市卫生健康委|市发展改革委、市财政局|2025年底前",
			"2|加强村卫生室规范化管理。|市卫生健康委|各县（市、区）政府|^",
			"二、完善保障机制",
			"3|落实基层医疗卫生机构财政补助政策。|市财政局|市卫生健康委等有关部门|2024年12月",
			"4|完善乡村医生养老保障。|市人力资源社会保障局、市医保局|市财政局|持续推进",
		}, "一、强化基层服务网络"},
		{"task-table.docx", []string{
			"序号|工作任务|责任单位|完成时间",
			"1|健全医共体管理体制。 明确县级医院牵头责任。|省卫生健康委、省委编办|2024年6月底前",
			"2|完善医保支付政策。|省医保局、省财政厅|^",
			"3|加强人才队伍建设。|省人力资源社会保障厅、省卫生健康委、省教育厅|2025年底前",
			"注：各项任务中排在第一位的为牵头单位。",
		}, "注：各项任务中排在第一位的为牵头单位。"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := ReadFile(context.Background(), filepath.Join("testdata", "notations", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(raw.Tables) != 1 {
				t.Fatalf("%d tables, want 1", len(raw.Tables))
			}
			text := []rune(raw.Text)
			var got []string
			for _, row := range raw.Tables[0].Rows {
				var cells []string
				for _, c := range row {
					switch {
					case c.Above:
						cells = append(cells, "^")
					default:
						cells = append(cells, string(text[c.Span.Start:c.Span.End]))
					}
					if string(text[c.Span.Start:c.Span.End]) == tc.wide && c.ColSpan != len(raw.Tables[0].Rows[0]) {
						t.Errorf("%q spans %d columns, want %d", tc.wide, c.ColSpan, len(raw.Tables[0].Rows[0]))
					}
				}
				got = append(got, strings.Join(cells, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tc.rows, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.rows, "\n"))
			}
			// Every row is a line of the text, its cells separated by tabs.
			for _, row := range raw.Tables[0].Rows {
				line := text[lineStart(text, row[0].Span.Start):lineEnd(text, row[0].Span.Start)]
				if n := strings.Count(string(line), "\t") + 1; n != len(row) {
					t.Errorf("line %q has %d cells, the row %d", string(line), n, len(row))
				}
			}
		})
	}
}
