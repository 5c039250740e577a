package loader

import (
	"testing"
)

// typeset sets text on a line whose baseline is at y, from x on, in type of size points:
// Chinese characters a full square wide, Latin letters and digits half a square, and a
// space a gap of a third of a square; "|" moves on three squares (a gap between cells).
func typeset(y, x, size float64, text string) []glyph {
	var out []glyph
	for _, r := range text {
		switch {
		case r == ' ':
			x += size / 3
			continue
		case r == '|':
			x += 3 * size
			continue
		}
		w := size
		if !wide(r) {
			w = size / 2
		}
		out = append(out, glyph{r: r, left: x, right: x + w, bottom: y - 0.2*size, top: y + 0.9*size})
		x += w
	}
	return out
}

func TestLayoutPages(t *testing.T) {
	const (
		size = 16
		left = 80
	)
	page := func(lines ...[]glyph) pdfPage {
		var p pdfPage
		for _, l := range lines {
			p.glyphs = append(p.glyphs, l...)
		}
		return p
	}
	tests := []struct {
		name  string
		pages []pdfPage
		want  string
	}{
		{
			name: "paragraphs wrap at the margin and start indented",
			pages: []pdfPage{page(
				typeset(700, left+2*size, size, "（一）调整优化医疗资源布局。落实规划，"),
				typeset(676, left, size, "优化资源调整分配，提高资源使用效能，严禁违"),
				typeset(652, left, size, "规举债建设。"),
				typeset(628, left+2*size, size, "（二）加快高水平医疗建设。"),
			)},
			want: "（一）调整优化医疗资源布局。落实规划，优化资源调整分配，提高资源使用效能，严禁违规举债建设。\n（二）加快高水平医疗建设。",
		},
		{
			name: "a paragraph goes on over the page, the page numbers go",
			pages: []pdfPage{
				page(
					typeset(700, left, size, "一、总体要求"),
					typeset(676, left+2*size, size, "到2025年，全市医疗卫生服务体系进一步健全"),
					typeset(60, left+8*size, 14, "— 1 —"),
				),
				page(
					typeset(700, left, size, "，公共卫生服务体系更加完善。"),
					typeset(60, left+8*size, 14, "— 2 —"),
				),
			},
			want: "一、总体要求\n到2025年，全市医疗卫生服务体系进一步健全，公共卫生服务体系更加完善。",
		},
		{
			name: "running heads that open every page go",
			pages: []pdfPage{
				page(typeset(780, left, 10, "云泽市人民政府公报 2024年第5期"), typeset(700, left, size, "（一）调整优化医疗资源布局。")),
				page(typeset(780, left, 10, "云泽市人民政府公报 2024年第5期"), typeset(700, left, size, "（二）加快高水平医疗建设。")),
				page(typeset(780, left, 10, "云泽市人民政府公报 2024年第5期"), typeset(700, left, size, "（三）提升基层服务能力。")),
			},
			want: "（一）调整优化医疗资源布局。\n（二）加快高水平医疗建设。\n（三）提升基层服务能力。",
		},
		{
			// The second line ends two characters short: 厅 could not go without its ）, and
			// the two did not fit. A line short by more than what opens the next one ends
			// its paragraph, indent or none.
			name: "a line wraps early where the next one opens with what cannot be broken",
			pages: []pdfPage{page(
				typeset(700, left, size, "（一）强化组织保障。成立省工作专班，统筹推进"),
				typeset(676, left, size, "落实各项任务。（责任单位：省工业和信息化"),
				typeset(652, left, size, "厅）"),
				typeset(628, left, size, "（二）完善政策体系。研究制定配套政策和措施，"),
				typeset(604, left, size, "加强资金保障，落实税收优惠政策。"),
				typeset(580, left, size, "市财政局牵头，省直有关部门按照职责分工负责。"),
			)},
			want: "（一）强化组织保障。成立省工作专班，统筹推进落实各项任务。（责任单位：省工业和信息化厅）\n" +
				"（二）完善政策体系。研究制定配套政策和措施，加强资金保障，落实税收优惠政策。\n" +
				"市财政局牵头，省直有关部门按照职责分工负责。",
		},
		{
			name: "a numbered item after a full sentence starts a paragraph",
			pages: []pdfPage{page(
				typeset(700, left, size, "1.健全领导机制。统筹医共体规划建设等重大事项。"),
				typeset(676, left, size, "2.落实医共体经营管理自主权。"),
			)},
			want: "1.健全领导机制。统筹医共体规划建设等重大事项。\n2.落实医共体经营管理自主权。",
		},
		{
			name: "Latin words keep their spaces, Chinese gets none",
			pages: []pdfPage{page(
				typeset(700, left, size, "依托 PDF 文件和 Word 文档，推广 HL7 FHIR 标准。"),
			)},
			want: "依托PDF文件和Word文档，推广HL7 FHIR标准。",
		},
		{
			name: "text printed twice for boldness is read once",
			pages: []pdfPage{page(
				typeset(700, left, size, "二、重点任务"),
				typeset(700, left+0.4, size, "二、重点任务"),
			)},
			want: "二、重点任务",
		},
		{
			// 丁's box reaches past 戊, which stands far from 己: the wide box keeps the line
			// one run, too wide for a cell of the row. Merging it by the gap after 己 grew
			// the first cell over the second and once indexed cell -1.
			name: "a glyph wider than its place",
			pages: []pdfPage{page(
				typeset(700, left, 12, "甲|乙|丙"),
				[]glyph{
					{r: '丁', left: left, right: left + 40, bottom: 682.6, top: 695.8},
					{r: '己', left: left + 1, right: left + 2, bottom: 682.6, top: 695.8},
					{r: '戊', left: left + 16, right: left + 55, bottom: 682.6, top: 695.8},
				},
			)},
			want: "甲\t乙\t丙\n丁己戊",
		},
		{
			name: "cells apart on a line are told apart by a tab; a wrapped cell goes on in its cell",
			pages: []pdfPage{page(
				typeset(700, left, 12, "序号|指标|2025年"),
				typeset(680, left, 12, "1|县级医院三级服务|80%"),
				typeset(665, left+12*3.5, 12, "能力达标率"),
				typeset(645, left, 12, "2|县域内就诊率|90%"),
			)},
			want: "序号\t指标\t2025年\n1\t县级医院三级服务能力达标率\t80%\n2\t县域内就诊率\t90%",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := layoutPages(tt.pages); got != tt.want {
				t.Errorf("text\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// ruledTable is a table of three rows in the form pagesFromBytes reads, ruled at 710,
// 686, 652 and 630 down and at 78, 118, 226 and 290 across, the second row's middle cell
// wrapped over two lines.
func ruledTable() []byte {
	var page []glyph
	page = append(page, typeset(694, 80, 12, "序号|指标||2025年")...)
	page = append(page, typeset(672, 80, 12, "1|县级医院三级服务|80%")...)
	page = append(page, typeset(657, 122, 12, "能力达标率")...)
	page = append(page, typeset(636, 80, 12, "2|县域内就诊率|90%")...)
	b := glyphBytes(page)
	for _, y := range []float32{710, 686, 652, 630} {
		b = append(b, ruleBytes(78, y, 212, 0.5)...)
	}
	for _, x := range []float32{78, 118, 226, 290} {
		b = append(b, ruleBytes(x, 630, 0.5, 80)...)
	}
	return b
}

// TestLayoutRuledTable reads a ruled table as the fuzzer gets it from its seed, so that
// the fuzzer starts from an input that reaches the table rules.
func TestLayoutRuledTable(t *testing.T) {
	want := "序号\t指标\t2025年\n1\t县级医院三级服务能力达标率\t80%\n2\t县域内就诊率\t90%"
	if got := layoutPages(pagesFromBytes(ruledTable())); got != want {
		t.Errorf("text\n got %q\nwant %q", got, want)
	}
}
