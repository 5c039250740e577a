package loader

import (
	"strconv"
	"strings"

	"github.com/policykg/policykg/policy"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Table is a table of a document as read: its rows of cells, each cell a span of Raw.Text.
// A row is one line of the text, its cells separated by tabs.
type Table struct {
	Rows [][]Cell
}

// Cell is a cell of a table row: where its text is in Raw.Text, the first column of the
// table's grid it takes and how many columns it spans. Above marks a place covered by a
// cell of an earlier row (rowspan in HTML, vMerge in DOCX): its text is that cell's, and
// its span is empty.
type Cell struct {
	Span    policy.Span
	Col     int
	ColSpan int
	Above   bool
}

// Sentinels mark tables and cells while a page is laid out as text; layoutTables takes them
// out again once the lines are tidied, so that spans are offsets into the final text.
const (
	sentTable = '\uE000'
	sentEnd   = '\uE001'
	sentCell  = '\uE002'
)

// cellInfo is what the reader knows of a cell as it writes it.
type cellInfo struct {
	row, col, colSpan int
	above             bool
}

// stripSentinels drops the private-use characters used as sentinels from input text.
func stripSentinels(s string) string {
	if !strings.ContainsAny(s, string([]rune{sentTable, sentEnd, sentCell})) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == sentTable || r == sentEnd || r == sentCell {
			return -1
		}
		return r
	}, s)
}

// layoutTables removes the sentinels from text and returns it with its tables: tables holds
// the cells of each table in the order they were written.
func layoutTables(text string, tables [][]cellInfo) (string, []Table) {
	if len(tables) == 0 {
		return text, nil
	}
	var b strings.Builder
	var out []Table
	pos := 0 // rune offset in the text written so far
	ti, ci := -1, 0
	var cur *Table
	open := -1 // row and index of the cell being read, -1 when none
	var openRow int
	closeCell := func() {
		if open >= 0 && cur != nil {
			cur.Rows[openRow][open].Span.End = pos
		}
		open = -1
	}
	for _, r := range text {
		switch r {
		case sentTable:
			ti++
			ci = 0
			out = append(out, Table{})
			cur = &out[len(out)-1]
			continue
		case sentEnd:
			closeCell()
			cur = nil
			continue
		case sentCell:
			closeCell()
			if cur == nil || ti >= len(tables) || ci >= len(tables[ti]) {
				continue
			}
			info := tables[ti][ci]
			ci++
			for len(cur.Rows) <= info.row {
				cur.Rows = append(cur.Rows, nil)
			}
			cur.Rows[info.row] = append(cur.Rows[info.row], Cell{Span: policy.Span{Start: pos, End: pos}, Col: info.col, ColSpan: max(info.colSpan, 1), Above: info.above})
			if !info.above {
				open, openRow = len(cur.Rows[info.row])-1, info.row
			}
			continue
		case '\t', '\n':
			closeCell()
		}
		b.WriteRune(r)
		pos++
	}
	closeCell()
	// Rows left empty by a table with fewer cells than announced are dropped.
	for i := range out {
		rows := out[i].Rows[:0]
		for _, r := range out[i].Rows {
			if len(r) > 0 {
				rows = append(rows, r)
			}
		}
		out[i].Rows = rows
	}
	return b.String(), out
}

// isDataTable reports whether an HTML table holds data rather than lay out a page: no table
// inside it, two rows or more of two cells or more, and no cell holding a page's worth of
// text (a layout table's cell holds the whole article).
func (p *pageText) isDataTable(tbl *html.Node) bool {
	if hasDescendant(tbl, atom.Table) {
		return false
	}
	wide := 0
	for _, tr := range tableRows(tbl) {
		cells := rowCells(tr)
		if len(cells) >= 2 {
			wide++
		}
		for _, td := range cells {
			if p.stats[td].text > maxDataCell {
				return false
			}
		}
	}
	return wide >= 2
}

// maxDataCell is the most text a cell of a data table holds; a task of a task-division
// table runs to a few hundred characters.
const maxDataCell = 1500

func hasDescendant(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasDescendant(c, a)) {
			return true
		}
	}
	return false
}

// tableRows lists the rows of a table in order, through thead, tbody and tfoot.
func tableRows(tbl *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				out = append(out, c)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				walk(c)
			}
		}
	}
	walk(tbl)
	return out
}

func rowCells(tr *html.Node) []*html.Node {
	var out []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			out = append(out, c)
		}
	}
	return out
}

// spanAttr reads rowspan or colspan: 1 when absent or not a number, at most 1000.
func spanAttr(n *html.Node, key string) int {
	v, err := strconv.Atoi(strings.TrimSpace(attr(n, key)))
	if err != nil || v < 1 {
		return 1
	}
	return min(v, 1000)
}

// renderTable writes a data table a row per line, its cells separated by tabs, with the
// sentinels layoutTables reads; a place covered by a rowspan is an empty cell.
func (w *textWriter) renderTable(tbl *html.Node, pruneLinks bool) {
	w.block()
	w.b.WriteRune(sentTable)
	var infos []cellInfo
	type cover struct{ rows, colSpan int }
	covered := map[int]cover{} // grid column → a cell above still covering it
	for ri, tr := range tableRows(tbl) {
		if ri > 0 {
			w.newline()
		}
		col, written := 0, 0
		start := func(info cellInfo) {
			if written > 0 {
				w.b.WriteByte('\t')
			}
			w.b.WriteRune(sentCell)
			w.last, w.space, w.segBreak = '\t', false, false
			infos = append(infos, info)
			written++
		}
		skipCovered := func() {
			for {
				c, ok := covered[col]
				if !ok {
					return
				}
				start(cellInfo{row: ri, col: col, colSpan: c.colSpan, above: true})
				if c.rows <= 1 {
					delete(covered, col)
				} else {
					covered[col] = cover{c.rows - 1, c.colSpan}
				}
				col += c.colSpan
			}
		}
		for _, td := range rowCells(tr) {
			skipCovered()
			cs, rs := spanAttr(td, "colspan"), spanAttr(td, "rowspan")
			start(cellInfo{row: ri, col: col, colSpan: cs})
			w.inCell++
			for c := td.FirstChild; c != nil; c = c.NextSibling {
				w.render(c, pruneLinks)
			}
			w.inCell--
			if rs > 1 {
				covered[col] = cover{rs - 1, cs}
			}
			col += cs
		}
		skipCovered()
	}
	w.b.WriteRune(sentEnd)
	w.tables = append(w.tables, infos)
	w.last = sentEnd
	w.block()
}
