package loader

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets of reading: bytes of any kind in, a document's text or a clear error
// out, never a panic and never a hang. Their seeds are the fixtures; the inputs that once
// failed are under testdata/fuzz and run with every `go test`.

// checkRead fails t when ReadBytes broke its contract on some input.
func checkRead(t *testing.T, got Raw, err error) {
	t.Helper()
	if err != nil {
		if !strings.HasPrefix(err.Error(), "input: ") {
			t.Errorf("error %q does not name the input", err)
		}
		return
	}
	switch got.Format {
	case "text", "html", "docx", "pdf":
	default:
		t.Errorf("Format = %q", got.Format)
	}
	if !utf8.ValidString(got.Text) || strings.TrimSpace(got.Text) == "" || strings.Contains(got.Text, "\r") {
		t.Errorf("Text = %q, want non-blank UTF-8 with \\n line ends", got.Text)
	}
}

func FuzzReadBytes(f *testing.F) {
	for _, name := range []string{"gbk-plan.txt", "utf8-bom-crlf.txt", "gov-page.html", "gb2312-page.html", "nav-only.html", "plan.docx", "binary.txt"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("<table><tr><td>指标<td>目标</table><p>\r\n</p>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ReadBytes(context.Background(), "input", b)
		checkRead(t, got, err)
	})
}

// FuzzReadPDF mutates PDFs: PDFium repairs what it can, and what it cannot is an error.
func FuzzReadPDF(f *testing.F) {
	for _, name := range []string{"tasks-writer.pdf", "tasks-chromium.pdf", "scanned.pdf"} {
		b, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	// A small one that mutations change more of: a font known by its ToUnicode map only.
	f.Add(cidPDF("0001000200030004", map[string]string{"0001": "751F", "0002": "50FB", "0003": "5B57", "0004": "D842DFB7"}))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ReadBytes(context.Background(), "input", b)
		checkRead(t, got, err)
	})
}

// FuzzLayoutPages lays out glyphs and rules at any place and size, as a damaged or
// hostile PDF can put them, in the form pagesFromBytes reads.
func FuzzLayoutPages(f *testing.F) {
	// Two pages: a paragraph that wraps, a page number, a heading.
	f.Add(glyphBytes(append(append(typeset(700, 80, 16, "（一）调整优化医疗资源布局。落实规划，"),
		typeset(676, 48, 16, "优化资源调整分配。")...), typeset(60, 200, 14, "— 1 —")...), typeset(700, 48, 16, "二、重点任务")))
	f.Add(ruledTable())
	f.Fuzz(func(t *testing.T, b []byte) {
		pages := pagesFromBytes(b)
		got := layoutPages(pages)
		if !utf8.ValidString(got) {
			t.Errorf("text %q is not UTF-8", got)
		}
	})
}

// The layout fuzzer's input is a list of records, each a tag byte and its data: 'g' a
// glyph (rune as uint32, then left, width, bottom and height as float32), 'r' a path's
// bounds (left, bottom, width, height as float32), 'p' a new page. Little-endian.

// glyphBytes writes pages of glyphs as layout fuzzer input.
func glyphBytes(pages ...[]glyph) []byte {
	var b []byte
	for i, gs := range pages {
		if i > 0 {
			b = append(b, 'p')
		}
		for _, g := range gs {
			b = append(b, 'g')
			b = binary.LittleEndian.AppendUint32(b, uint32(g.r))
			for _, v := range []float64{g.left, g.right - g.left, g.bottom, g.top - g.bottom} {
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(v)))
			}
		}
	}
	return b
}

// ruleBytes writes a path of the given bounds as layout fuzzer input.
func ruleBytes(x, y, w, h float32) []byte {
	b := []byte{'r'}
	for _, v := range []float32{x, y, w, h} {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// pagesFromBytes reads layout fuzzer input with PDFium's filters: a glyph that is not
// printable or has no finite box is left out, as pageGlyphs does, and so is a path that
// is no rule, as in pageRules. An unknown tag is skipped.
func pagesFromBytes(b []byte) []pdfPage {
	pages := []pdfPage{{}}
	floats := func(b []byte) (v [4]float64) {
		for i := range v {
			v[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:])))
		}
		return v
	}
	for len(b) > 0 {
		p := &pages[len(pages)-1]
		switch {
		case b[0] == 'p':
			pages = append(pages, pdfPage{})
			b = b[1:]
		case b[0] == 'r' && len(b) >= 17:
			v := floats(b[1:])
			r := rule{x0: v[0], y0: v[1], x1: v[0] + math.Abs(v[2]), y1: v[1] + math.Abs(v[3])}
			if finite(r.x0, r.y0, r.x1, r.y1) && (r.horizontal() || r.vertical()) {
				p.rules = append(p.rules, r)
			}
			b = b[17:]
		case b[0] == 'g' && len(b) >= 21:
			r := rune(binary.LittleEndian.Uint32(b[1:]))
			v := floats(b[5:])
			g := glyph{r: r, left: v[0], right: v[0] + v[1], bottom: v[2], top: v[2] + v[3]}
			if printable(r) && g.valid() {
				p.glyphs = append(p.glyphs, g)
			}
			b = b[21:]
		default:
			b = b[1:]
		}
	}
	return pages
}
