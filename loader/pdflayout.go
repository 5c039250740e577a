package loader

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// glyph is one character of a PDF page with its box in points, y growing upwards.
type glyph struct {
	r                        rune
	left, right, bottom, top float64
}

func (g glyph) height() float64 { return g.top - g.bottom }

func (g glyph) centreX() float64 { return (g.left + g.right) / 2 }

// rule is a thin path on a page, the border of a table cell; x0 ≤ x1 and y0 ≤ y1.
type rule struct{ x0, y0, x1, y1 float64 }

func (r rule) horizontal() bool { return r.y1-r.y0 <= 3 && r.x1-r.x0 >= 8 }
func (r rule) vertical() bool   { return r.x1-r.x0 <= 3 && r.y1-r.y0 >= 8 }

// pdfPage is what the layout needs of a page: its characters and its ruled lines.
type pdfPage struct {
	glyphs []glyph
	rules  []rule
}

// cell is a run of glyphs on a line, set apart from the next by a gap wider than a
// character: a table cell, or the two sides of 发布日期：… 来源：….
type cell struct {
	left, right float64
	parts       []string // the text in the pieces it was read in, joined by joiner
}

// add appends the text of the next piece, a wrapped line, to the cell. Pieces are kept
// apart until the end, so that a long paragraph is not copied once per line.
func (c *cell) add(s string) {
	if s == "" {
		return
	}
	if n := len(c.parts); n > 0 {
		if j := joiner(c.parts[n-1], s); j != "" {
			c.parts = append(c.parts, j)
		}
	}
	c.parts = append(c.parts, s)
}

func (c *cell) String() string { return strings.Join(c.parts, "") }

// last returns the last piece of the cell, or "".
func (c *cell) last() string {
	if len(c.parts) == 0 {
		return ""
	}
	return c.parts[len(c.parts)-1]
}

// textLine is a line of a page: glyphs that share a band of height.
type textLine struct {
	page                     int
	left, right, bottom, top float64
	em                       float64 // the height of the line's characters
	cells                    []cell
	glyphs                   []glyph // left to right
}

func (l *textLine) text() string {
	parts := make([]string, len(l.cells))
	for i, c := range l.cells {
		parts[i] = c.String()
	}
	return strings.Join(parts, "\t")
}

func (l *textLine) centre() float64 { return (l.left + l.right) / 2 }

// pageNumberRe matches a line that only numbers its page: — 3 —, - 3 -, 3, 第3页, 第 3 页 共 12 页, 3/12.
var pageNumberRe = regexp.MustCompile(`^[-—–－~～·•]*(第)?\d{1,4}(页)?([/／共]\d{1,4}页?)?[-—–－~～·•]*$`)

// numberedStartRe matches the numbering that opens an item: 一、 （一） 1. 1． 第一条.
var numberedStartRe = regexp.MustCompile(`^(第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、])`)

// layoutPages turns the glyphs of a PDF's pages into its text: one line per paragraph,
// as a person reads the printed page. PDFs only place characters; lines come from their
// heights, cells from wide gaps, and paragraphs from the margins: a line that runs to the
// right margin goes on in the next line when that one starts at the left margin.
func layoutPages(pages []pdfPage) string {
	var lines []*textLine
	for p, page := range pages {
		lines = append(lines, ruledRows(pageLines(p, page.glyphs), page.rules)...)
	}
	lines = dropPageFurniture(lines, len(pages))
	if len(lines) == 0 {
		return ""
	}
	left, right := margins(lines)
	var paras []*textLine
	for _, l := range lines {
		if n := len(paras); n > 0 {
			prev := paras[n-1]
			switch {
			case continuesCells(prev, l):
				mergeCells(prev, l)
				continue
			case continuesRow(prev, l):
				for i := range l.cells {
					prev.cells[i].add(l.cells[i].String())
				}
				prev.page, prev.bottom, prev.top = l.page, l.bottom, l.top
				continue
			case continuesParagraph(prev, l, left, right), continuesCentredTitle(prev, l, left, right):
				prev.cells[len(prev.cells)-1].add(l.cells[0].String())
				prev.page, prev.left, prev.right, prev.bottom, prev.top = l.page, l.left, l.right, l.bottom, l.top
				continue
			}
		}
		paras = append(paras, l)
	}
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = p.text()
	}
	return strings.Join(out, "\n")
}

// pageLines groups the glyphs of one page into lines, top to bottom, each left to right.
func pageLines(page int, glyphs []glyph) []*textLine {
	gs := append([]glyph(nil), glyphs...)
	sort.SliceStable(gs, func(i, j int) bool {
		ci, cj := gs[i].top+gs[i].bottom, gs[j].top+gs[j].bottom
		if ci != cj {
			return ci > cj
		}
		return gs[i].left < gs[j].left
	})
	var (
		lines []*textLine
		cur   []glyph
		top   float64
		bot   float64
	)
	flush := func() {
		if len(cur) > 0 {
			lines = append(lines, newLine(page, cur))
		}
		cur = nil
	}
	for _, g := range gs {
		// A glyph joins the line when most of the smaller of the two heights overlaps.
		if len(cur) > 0 && math.Min(top, g.top)-math.Max(bot, g.bottom) >= 0.5*math.Min(top-bot, g.height()) {
			cur = append(cur, g)
			top, bot = math.Max(top, g.top), math.Min(bot, g.bottom)
			continue
		}
		flush()
		cur = []glyph{g}
		top, bot = g.top, g.bottom
	}
	flush()
	return lines
}

// newLine lays out the glyphs of a line: left to right, a tab between cells.
func newLine(page int, gs []glyph) *textLine {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].left < gs[j].left })
	heights := make([]float64, len(gs))
	for i, g := range gs {
		heights[i] = g.height()
	}
	sort.Float64s(heights)
	l := &textLine{page: page, left: gs[0].left, right: gs[0].right, bottom: gs[0].bottom, top: gs[0].top,
		em: heights[len(heights)/2], glyphs: gs}
	for _, g := range gs {
		l.right = math.Max(l.right, g.right)
		l.bottom, l.top = math.Min(l.bottom, g.bottom), math.Max(l.top, g.top)
	}
	l.cells = runs(gs, l.em, true)
	return l
}

// runs writes glyphs sorted left to right as text: a space only where Latin letters or
// digits stand apart (Chinese has no spaces between words), text printed twice over
// itself for boldness read once, and, when split is set, a new cell after a gap wider
// than a character.
func runs(gs []glyph, em float64, split bool) []cell {
	if len(gs) == 0 {
		return []cell{{}}
	}
	var (
		out  []cell
		b    strings.Builder
		c    = cell{left: gs[0].left, right: gs[0].right}
		prev = gs[0]
	)
	b.WriteRune(prev.r)
	for _, g := range gs[1:] {
		if g.r == prev.r && math.Abs(g.left-prev.left) < 0.3*em {
			continue
		}
		// The gap is from the rightmost edge so far: a box wider than its glyph covers what
		// it reaches over.
		gap := g.left - math.Max(prev.right, c.right)
		switch {
		case split && gap > em:
			c.add(b.String())
			out = append(out, c)
			b.Reset()
			c = cell{left: g.left, right: g.right}
		case gap > 0.15*em && !wide(prev.r) && !wide(g.r):
			b.WriteByte(' ')
		}
		b.WriteRune(g.r)
		c.right = math.Max(c.right, g.right)
		prev = g
	}
	c.add(b.String())
	return append(out, c)
}

// ruledRows joins the lines of a page that lie in one row of a ruled table into one line
// with a cell per column, empty cells included: the rules, not the gaps, tell the cells
// apart, and a cell's wrapped lines are read in turn whatever the vertical alignment
// of the row.
func ruledRows(lines []*textLine, rules []rule) []*textLine {
	var hs, vs []rule
	for _, r := range rules {
		if r.horizontal() {
			hs = append(hs, r)
		} else {
			vs = append(vs, r)
		}
	}
	if len(hs) < 2 || len(vs) < 3 {
		return lines
	}
	var (
		out   []*textLine
		group []*textLine
		key   string
		cols  []float64
	)
	flush := func() {
		if len(group) > 0 {
			out = append(out, rowLine(group, cols))
		}
		group = nil
	}
	for _, l := range lines {
		k, xs := rowOf(l, hs, vs)
		if xs == nil {
			flush()
			out = append(out, l)
			continue
		}
		if k != key {
			flush()
		}
		key, cols = k, xs
		group = append(group, l)
	}
	flush()
	return out
}

// rowOf returns the band between the nearest horizontal rules above and below line l
// and the columns that vertical rules mark across it, or nil when l is in no table row.
func rowOf(l *textLine, hs, vs []rule) (string, []float64) {
	cy := (l.top + l.bottom) / 2
	above, below := math.Inf(1), math.Inf(-1)
	for _, h := range hs {
		if h.x0 >= l.right || h.x1 <= l.left {
			continue
		}
		y := (h.y0 + h.y1) / 2
		if y > cy {
			above = math.Min(above, y)
		} else {
			below = math.Max(below, y)
		}
	}
	if math.IsInf(above, 0) || math.IsInf(below, 0) {
		return "", nil
	}
	var xs []float64
	for _, v := range vs {
		if v.y0 <= below+2 && v.y1 >= above-2 {
			xs = append(xs, (v.x0+v.x1)/2)
		}
	}
	sort.Float64s(xs)
	cols := xs[:0:0]
	for _, x := range xs {
		if len(cols) == 0 || x-cols[len(cols)-1] > 2 {
			cols = append(cols, x)
		}
	}
	if len(cols) < 3 || l.left < cols[0]-2 || l.right > cols[len(cols)-1]+2 {
		return "", nil
	}
	return fmt.Sprintf("%.1f %.1f %v", above, below, cols), cols
}

// rowLine makes one line of the lines of a table row, a cell per column between cols.
func rowLine(group []*textLine, cols []float64) *textLine {
	row := &textLine{page: group[0].page, left: cols[0], right: cols[len(cols)-1],
		bottom: group[0].bottom, top: group[0].top}
	ems := make([]float64, len(group))
	for i, l := range group {
		ems[i] = l.em
		row.bottom, row.top = math.Min(row.bottom, l.bottom), math.Max(row.top, l.top)
	}
	sort.Float64s(ems)
	row.em = ems[len(ems)/2]
	for k := 0; k+1 < len(cols); k++ {
		c := cell{left: cols[k], right: cols[k+1]}
		for _, l := range group {
			var gs []glyph
			for _, g := range l.glyphs {
				if x := g.centreX(); x >= cols[k] && x < cols[k+1] {
					gs = append(gs, g)
				}
			}
			if len(gs) > 0 {
				c.add(runs(gs, l.em, false)[0].String())
			}
		}
		row.cells = append(row.cells, c)
	}
	return row
}

// wide reports whether r is set in a full square, as Chinese characters and punctuation
// are.
func wide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return unicode.Is(unicode.Han, r) || strings.ContainsRune("“”‘’—…·", r)
}

// printable reports whether r is a character that shows on the page: not a space, a
// line break PDFium generated, or a control.
func printable(r rune) bool {
	return r > 0 && r <= unicode.MaxRune && !unicode.IsSpace(r) && !unicode.IsControl(r) && r != 0xfffe && r != 0xfeff
}

// dropPageFurniture removes page numbers and running heads and feet: the first or last
// line of a page that only numbers it, or whose text, digits aside, opens or closes
// at least half of the pages (and two or more).
func dropPageFurniture(lines []*textLine, pages int) []*textLine {
	first, last := map[int]int{}, map[int]int{}
	for i, l := range lines {
		if _, ok := first[l.page]; !ok {
			first[l.page] = i
		}
		last[l.page] = i
	}
	repeated := map[string]int{}
	for p := range first {
		repeated["head "+digitless(lines[first[p]].text())]++
		if last[p] != first[p] {
			repeated["foot "+digitless(lines[last[p]].text())]++
		}
	}
	out := lines[:0:0]
	for i, l := range lines {
		t := l.text()
		edge := ""
		switch i {
		case first[l.page]:
			edge = "head "
		case last[l.page]:
			edge = "foot "
		}
		if edge != "" {
			if pageNumberRe.MatchString(t) {
				continue
			}
			if n := repeated[edge+digitless(t)]; n >= 2 && 2*n >= pages {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

func digitless(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return -1
		}
		return r
	}, s)
}

// margins returns the left and right edges of the body text: the left edge most lines
// start at and the right edge most long lines end at, since justified lines all reach it.
func margins(lines []*textLine) (left, right float64) {
	lefts, rights := map[int]int{}, map[int]int{}
	for _, l := range lines {
		if len(l.cells) != 1 {
			continue
		}
		lefts[int(math.Round(l.left))]++
		if l.right-l.left > 10*l.em {
			rights[int(math.Round(l.right/2))]++
		}
	}
	left, right = mode(lefts), 2*mode(rights)
	if len(rights) == 0 {
		right = math.Inf(-1)
		for _, l := range lines {
			right = math.Max(right, l.right)
		}
	}
	if len(lefts) == 0 {
		left = lines[0].left
	}
	return left, right
}

// mode returns the most frequent key, the smallest on a tie, or 0 for an empty map.
func mode(m map[int]int) float64 {
	best, n := 0, 0
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return float64(best)
}

// sameSize reports whether two lines are set in about the same type.
func sameSize(a, b *textLine, tolerance float64) bool {
	return b.em >= a.em*(1-tolerance) && b.em <= a.em*(1+tolerance)
}

// closeBelow reports whether line b follows line a without a paragraph's gap: on the same
// page within about a line's height, or at the top of the next page.
func closeBelow(a, b *textLine) bool {
	if b.page == a.page+1 {
		return true
	}
	return b.page == a.page && b.top <= a.bottom+0.1*a.em && a.bottom-b.top <= a.em
}

// continuesParagraph reports whether line l goes on with the paragraph of prev: prev ends
// where the first unit of l would not have fit after it, l starts at the left margin
// without indent, in the same type.
func continuesParagraph(prev, l *textLine, left, right float64) bool {
	if len(prev.cells) != 1 || len(l.cells) != 1 || !sameSize(prev, l, 0.2) || !closeBelow(prev, l) {
		return false
	}
	if prev.right+firstUnitWidth(l) < right-0.2*prev.em || math.Abs(l.left-left) > 0.5*l.em {
		return false
	}
	// A numbered item after a finished sentence is a new paragraph even in an unindented
	// document.
	return !(numberedStartRe.MatchString(l.cells[0].String()) && strings.ContainsAny(lastRune(prev.cells[0].last()), "。；;：:！？）)"))
}

// closingPunct and openingPunct may not end and start a line: they go over with the
// character they hold on to.
const (
	closingPunct = "，。、；：！？）》」』】〕”’,.;:!?)]%"
	openingPunct = "（《「『【〔“‘(["
)

// firstUnitWidth returns the width of what opens line l and could not have been broken:
// a character with the punctuation bound to it (厅）, “十), or a Latin word or number.
// A line that ends short of the margin by less than that was wrapped, not ended.
func firstUnitWidth(l *textLine) float64 {
	gs := l.glyphs
	if len(gs) == 0 {
		return 0
	}
	end, i := gs[0].right, 1
	for ; i < len(gs) && strings.ContainsRune(openingPunct, gs[i-1].r); i++ {
		end = gs[i].right
	}
	for ; i < len(gs); i++ {
		g := gs[i]
		// Latin letters and digits hold together, and to the punctuation before them
		// (50%。2019 breaks before 年, not after 。).
		prevBinds := !wide(gs[i-1].r) || strings.ContainsRune(closingPunct, gs[i-1].r)
		word := !wide(g.r) && prevBinds && g.left-gs[i-1].right < 0.15*l.em
		if !word && !strings.ContainsRune(closingPunct, g.r) {
			break
		}
		end = g.right
	}
	return end - gs[0].left
}

// continuesCentredTitle reports whether l is the second line of a centred heading too
// long for one line: l stands as far from the left margin as from the right, prev is
// about as wide as the column, centred too, and no sentence; the same type.
func continuesCentredTitle(prev, l *textLine, left, right float64) bool {
	if len(prev.cells) != 1 || len(l.cells) != 1 || !sameSize(prev, l, 0.05) || prev.page != l.page || !closeBelow(prev, l) {
		return false
	}
	centred := func(x *textLine) bool { return math.Abs((x.left-left)-(right-x.right)) <= x.em }
	return centred(prev) && centred(l) && l.left > left+l.em && prev.right-prev.left >= 0.7*(right-left) &&
		!strings.ContainsAny(lastRune(prev.cells[0].last()), "。；;：:")
}

// continuesCells reports whether l holds the wrapped ends of cells of the table row prev:
// fewer runs than the row has cells, each under the text of one cell, in the same type. A
// line that numbers its first cell (序号) starts the next row.
func continuesCells(prev, l *textLine) bool {
	if len(prev.cells) < 2 || len(l.cells) >= len(prev.cells) || prev.page != l.page ||
		!sameSize(prev, l, 0.1) || !closeBelow(prev, l) {
		return false
	}
	for i, c := range l.cells {
		col := cellUnder(prev, c)
		if col < 0 || i == 0 && col == 0 && strings.Trim(c.String(), "0123456789.．、") == "" {
			return false
		}
	}
	return true
}

// continuesRow reports whether l, at the top of a page, is the rest of the table row prev
// that the page break cut: the same columns, and no number of its own in the first.
func continuesRow(prev, l *textLine) bool {
	return len(prev.cells) >= 2 && len(l.cells) == len(prev.cells) && l.page == prev.page+1 && len(l.cells[0].parts) == 0
}

// cellUnder returns the index of the cell of row whose column holds c and whose text
// stands above it, or -1.
func cellUnder(row *textLine, c cell) int {
	for i, rc := range row.cells {
		lo := rc.left
		if i > 0 {
			lo = row.cells[i-1].right
		}
		hi := math.Inf(1)
		if i+1 < len(row.cells) {
			hi = row.cells[i+1].left
		}
		if c.left >= lo && c.right <= hi && c.left < rc.right && c.right > rc.left {
			return i
		}
	}
	return -1
}

// mergeCells adds the runs of l to the cells of row they lie under, as continuesCells
// found them: all columns are found before any cell grows.
func mergeCells(row, l *textLine) {
	cols := make([]int, len(l.cells))
	for i, c := range l.cells {
		cols[i] = cellUnder(row, c)
	}
	for i, c := range l.cells {
		if cols[i] < 0 {
			continue // continuesCells rules this out
		}
		rc := &row.cells[cols[i]]
		rc.add(c.String())
		rc.right = math.Max(rc.right, c.right)
	}
	row.bottom = math.Min(row.bottom, l.bottom)
}

// joiner is what stands between two pieces of a wrapped line: nothing in Chinese, a space
// between Latin words.
func joiner(before, after string) string {
	if before == "" || after == "" {
		return ""
	}
	a, _ := utf8.DecodeLastRuneInString(before)
	b, _ := utf8.DecodeRuneInString(after)
	if wide(a) || wide(b) || a == '-' {
		return ""
	}
	return " "
}

func lastRune(s string) string {
	if s == "" {
		return ""
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return string(r)
}
