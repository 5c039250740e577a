package loader

import (
	"github.com/policykg/policykg/policy"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// taskTable is a task-division table (重点任务分工表) found in a document: its span in the
// text and a unit of work for each row.
type taskTable struct {
	span policy.Span
	rows []workUnit
}

// column is what a column of a task-division table holds.
type column int

const (
	colOther column = iota
	colNumber
	colTask
	colLead
	colSupport
	colResponsible
	colDeadline
	colCategory
)

// columnNames are the headings of the columns of task-division tables, as printed.
var columnNames = []struct {
	re  *regexp.Regexp
	col column
}{
	{regexp.MustCompile(`^(序号|编号|序|No\.?)$`), colNumber},
	{regexp.MustCompile(`^(牵头(责任)?(单位|部门)|主责(单位|部门)|牵头考核(单位|部门)|责任单位\(?牵头\)?|牵头)$`), colLead},
	{regexp.MustCompile(`^(配合|协办|协同|协作|参与|协助|支持)(单位|部门)$`), colSupport},
	{regexp.MustCompile(`^(责任|负责|实施|承办|落实)(单位|部门|主体)$`), colResponsible},
	{regexp.MustCompile(`^((完成|办结)(时限|时间|期限)|时限|时间|期限|时间(节点|安排|进度|要求)|进度(安排|要求))$`), colDeadline},
	{regexp.MustCompile(`^(重点领域|领域|类别|类型|分类|工作类别|板块|方面|重点方向|专项行动|行动)$`), colCategory},
	{regexp.MustCompile(`^[\p{Han}]{0,4}(任务|措施|举措|事项|内容|要点|工作|任务名称)$`), colTask},
}

// asideRe is a bracketed aside in a header: 责任单位（部门）.
var asideRe = regexp.MustCompile(`\([^)]*\)`)

// columnOf reads a header cell, with its bracketed aside and without.
func columnOf(text string) column {
	s := compact(strings.Trim(string(normalize([]rune(text))), " :*"))
	for _, cand := range []string{s, asideRe.ReplaceAllString(s, "")} {
		for _, c := range columnNames {
			if c.re.MatchString(cand) {
				return c.col
			}
		}
	}
	return colOther
}

// tablesOf returns the tables the reader found, or for plain text the runs of two lines or
// more whose cells are separated by tabs.
func tablesOf(t []rune, raw Raw) []Table {
	if raw.Tables != nil {
		return raw.Tables
	}
	var out []Table
	var cur Table
	flush := func() {
		if len(cur.Rows) >= 2 {
			out = append(out, cur)
		}
		cur = Table{}
	}
	start := 0
	for i := 0; i <= len(t); i++ {
		if i < len(t) && t[i] != '\n' {
			continue
		}
		line := t[start:i]
		if strings.ContainsRune(string(line), '\t') {
			var row []Cell
			cs := start
			for j := start; j <= i; j++ {
				if j == i || t[j] == '\t' {
					row = append(row, Cell{Span: policy.Span{Start: cs, End: j}, Col: len(row), ColSpan: 1})
					cs = j + 1
				}
			}
			cur.Rows = append(cur.Rows, row)
		} else {
			flush()
		}
		start = i + 1
	}
	flush()
	return out
}

// taskTables reads the task-division tables of a document: a header naming a task column
// and a column of units (牵头单位, 配合单位, 责任单位), then a row per task. A row whose
// single cell spans the table is a heading for the rows under it.
func (n *Names) taskTables(t, orig []rune, raw Raw) []taskTable {
	var out []taskTable
	for _, tb := range tablesOf(t, raw) {
		if tt, ok := n.taskTable(t, orig, tb); ok {
			out = append(out, tt)
		}
	}
	return out
}

// maxColumns bounds the header of a task-division table; real ones have a dozen columns.
const maxColumns = 64

func (n *Names) taskTable(t, orig []rune, tb Table) (taskTable, bool) {
	// cols maps the first grid column of each header cell to what it holds; a second
	// header row (牵头单位 | 配合单位 under 责任单位) refines the first.
	cols := map[int]column{}
	header := -1
	for ri, row := range tb.Rows {
		if ri > 3 {
			break
		}
		found := 0
		for _, c := range row {
			if col := columnOf(string(orig[c.Span.Start:c.Span.End])); !c.Above && col != colOther {
				found++
			}
		}
		if found >= 2 || header >= 0 && found >= 1 && ri == header+1 {
			for _, c := range row {
				if col := columnOf(string(orig[c.Span.Start:c.Span.End])); col != colOther && !c.Above {
					cols[c.Col] = col
				}
			}
			header = ri
			continue
		}
		if header >= 0 {
			break
		}
	}
	keys := sortedKeys(cols)
	var taskCols []int
	hasUnits := false
	for _, k := range keys {
		switch cols[k] {
		case colTask:
			taskCols = append(taskCols, k)
		case colLead, colSupport, colResponsible:
			hasUnits = true
		}
	}
	if header < 0 || len(taskCols) == 0 || !hasUnits || len(keys) > maxColumns {
		return taskTable{}, false
	}
	first, last := tb.Rows[0][0].Span.Start, tb.Rows[len(tb.Rows)-1]
	tt := taskTable{span: policy.Span{Start: lineStart(t, first), End: lineEnd(t, last[len(last)-1].Span.End)}}
	caption := captionBefore(orig, t, tt.span.Start)
	text := func(c Cell) string { return strings.TrimSpace(string(orig[c.Span.Start:c.Span.End])) }
	heading := ""
	// above holds, for each header column, the cell of the previous row that covers it, so
	// that a place covered by a merged cell reads that cell.
	above := map[int]Cell{}
	for ri, row := range tb.Rows {
		cells, covered := map[int]Cell{}, map[int]bool{}
		for _, k := range keys {
			for _, c := range row {
				if c.Col <= k && k < c.Col+c.ColSpan {
					if !c.Above {
						cells[k] = c
					} else if a, ok := above[k]; ok {
						cells[k], covered[k] = a, true
					}
					break
				}
			}
		}
		above = cells
		if ri <= header {
			continue
		}
		var filled []Cell
		for _, c := range row {
			if !c.Above && text(c) != "" {
				filled = append(filled, c)
			}
		}
		if len(filled) == 0 {
			continue
		}
		if len(filled) == 1 && (filled[0].ColSpan >= 2 || len(row) == 1) {
			heading = text(filled[0])
			continue
		}
		task, ok := cells[taskCols[0]]
		if !ok {
			continue
		}
		// A task in two columns (任务名称, 任务内容) is the text from the first to the last.
		if end, ok := cells[taskCols[len(taskCols)-1]]; ok && !covered[taskCols[len(taskCols)-1]] && end.Span.End > task.Span.End && lineStart(t, end.Span.Start) == lineStart(t, task.Span.Start) {
			task.Span.End = end.Span.End
		}
		var clauses []clause
		deadline, number, category := "", "", ""
		for _, k := range keys {
			c, ok := cells[k]
			if !ok || text(c) == "" || emptyMark(text(c)) {
				continue
			}
			switch cols[k] {
			case colNumber:
				number = text(c)
			case colDeadline:
				deadline = text(c)
			case colCategory:
				category = text(c)
			case colLead, colSupport, colResponsible:
				label := map[column]string{colLead: "牵头单位:", colSupport: "配合单位:", colResponsible: "责任单位:"}[cols[k]]
				if cl, ok, _ := n.parseNote(label+string(t[c.Span.Start:c.Span.End]), false); ok {
					cl.span = c.Span
					clauses = append(clauses, cl)
				}
			}
		}
		if covered[taskCols[0]] && len(tt.rows) > 0 {
			// One task over several rows: the units of each row are the task's.
			prev := &tt.rows[len(tt.rows)-1]
			prev.clauses = append(prev.clauses, clauses...)
			continue
		}
		if text(task) == "" {
			continue
		}
		var path []string
		for _, p := range []string{caption, heading, category} {
			if p != "" {
				path = append(path, p)
			}
		}
		tt.rows = append(tt.rows, workUnit{
			number: number, path: path, mark: task.Span.Start, from: task.Span.Start, to: task.Span.End,
			clauses: clauses, given: true, deadline: deadline,
		})
	}
	return tt, len(tt.rows) > 0
}

// captionBefore is the line just above a table when it reads as its title (重点任务分工表).
func captionBefore(orig, t []rune, at int) string {
	end := at - 1
	for end > 0 && (t[end-1] == '\n' || t[end-1] == ' ') {
		end--
	}
	start := lineStart(t, max(end, 0))
	if end <= start {
		return ""
	}
	line := strings.TrimSpace(string(orig[start:end]))
	if len([]rune(line)) > 40 || strings.ContainsRune(line, '。') || strings.ContainsRune(line, '\t') {
		return ""
	}
	return line
}

func lineStart(t []rune, i int) int {
	for i > 0 && t[i-1] != '\n' {
		i--
	}
	return i
}

func lineEnd(t []rune, i int) int {
	for i < len(t) && t[i] != '\n' {
		i++
	}
	return i
}

func sortedKeys(m map[int]column) []int {
	return slices.Sorted(maps.Keys(m))
}
