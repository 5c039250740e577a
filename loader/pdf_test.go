package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/policykg/policykg/policy"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The PDFs under testdata/pdf were printed by LibreOffice Writer and by Chromium from the
// texts beside them (gen.go there makes them again), in the WenQuanYi fonts, which both
// embed as subsets with ToUnicode maps: Writer as one-byte TrueType fonts, Chromium as a
// CID font (Identity-H), the way government PDFs carry Chinese. The text read from each
// must be its source: every character, paragraphs that wrap over lines and pages joined,
// page numbers (— 1 —) gone, table rows one line each with a tab between cells, wrapped
// cells and empty cells included.

func pdfFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadPDF(t *testing.T) {
	tests := []struct{ file, source string }{
		{"plan-writer.pdf", "plan.txt"},
		{"plan-chromium.pdf", "plan.txt"},
		{"tasks-writer.pdf", "tasks.txt"},
		{"tasks-chromium.pdf", "tasks.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ReadFile(context.Background(), filepath.Join("testdata", "pdf", tt.file))
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			want := Raw{Format: "pdf", Text: strings.TrimSuffix(pdfFixture(t, tt.source), "\n")}
			checkRaw(t, got, want, []string{"— 1 —", "—1—"})
		})
	}
}

func TestReadPDFNoDocument(t *testing.T) {
	scan := filepath.Join("testdata", "pdf", "scanned.pdf")
	tests := []struct {
		name    string
		read    func() (Raw, error)
		problem string
	}{
		{
			name:    scan,
			read:    func() (Raw, error) { return ReadFile(context.Background(), scan) },
			problem: "PDF has no text layer, only images (a scan?): run it through OCR first",
		},
		{
			name: "cut.pdf",
			read: func() (Raw, error) {
				return ReadBytes(context.Background(), "cut.pdf", []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"))
			},
			problem: "damaged PDF, PDFium cannot open it",
		},
		{
			// The first 2 KB of a real PDF: the header is there, the cross-reference table is not.
			name: "truncated.pdf",
			read: func() (Raw, error) {
				return ReadBytes(context.Background(), "truncated.pdf", []byte(pdfFixture(t, "plan-chromium.pdf")[:2048]))
			},
			problem: "damaged PDF",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.read()
			if err == nil {
				t.Fatalf("read = %+v, want an error", got)
			}
			if !errors.Is(err, ErrNoDocument) {
				t.Errorf("error %q does not wrap ErrNoDocument", err)
			}
			if want := tt.name + ": " + tt.problem; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err, want)
			}
		})
	}
}

func TestReadPDFCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadFile(ctx, filepath.Join("testdata", "pdf", "plan-writer.pdf")); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadFile error = %v, want context.Canceled", err)
	}
}

// TestLoadPDF reads the measures of the PDF plan as of its text, from the one-byte
// TrueType fonts of Writer and the CID font of Chromium alike: what the layout gives the
// parser is what a person reads on the page. The five items and their notes are those of
// testdata/pdf/plan.txt; the annexed table of indicators has no units and is no measure.
func TestLoadPDF(t *testing.T) {
	want := []wantMeasure{
		{number: "1.", title: "健全领导机制", resp: []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市委编办", policy.RoleSupport, 2}, {"市财政局", policy.RoleSupport, 3}},
			targets: []wantTarget{}},
		{number: "2.", title: "落实医共体经营管理自主权",
			resp:    []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市人力资源社会保障局", policy.RoleLead, 2}, {"各县市人民政府", policy.RoleSupport, 3}},
			targets: []wantTarget{}},
		{number: "1.", title: "加强县级医院能力建设", resp: []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市发展改革委", policy.RoleSupport, 2}, {"市财政局", policy.RoleSupport, 3}},
			targets: []wantTarget{{"县级医院", 1, "所", policy.AtLeast, 0}, {"住院病人手术占比", 35, "%", policy.AtLeast, 2025}}},
		{number: "2.", title: "推动优质资源下沉", resp: []wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市医保局", policy.RoleSupport, 2}},
			targets: []wantTarget{{"派驻医师", 20, "名", policy.AtLeast, 0}, {"派驻时间", 6, "个月", policy.AtLeast, 0}}},
		{number: "（三）", title: "深化医保支付方式改革", resp: []wantResp{{"市医保局", policy.RoleLead, 1}, {"市财政局", policy.RoleSupport, 2}, {"市卫生健康委", policy.RoleSupport, 3}},
			targets: []wantTarget{}},
	}
	for _, file := range []string{"plan-writer.pdf", "plan-chromium.pdf"} {
		t.Run(file, func(t *testing.T) {
			d, err := DefaultNames().LoadFile(context.Background(), filepath.Join("testdata", "pdf", file))
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != "云泽市人民政府办公室关于印发云泽市推进紧密型县域医疗卫生共同体建设实施方案的通知" ||
				d.DocNumber != "云政办发〔2024〕7号" || d.Date != "2024-05-20" || d.City != "云泽" || d.Format != "pdf" {
				t.Errorf("title, number, date, city, format = %q, %q, %q, %q, %q", d.Title, d.DocNumber, d.Date, d.City, d.Format)
			}
			if len(d.Measures) != len(want) {
				t.Fatalf("%d measures, want %d", len(d.Measures), len(want))
			}
			for i, w := range want {
				m := d.Measures[i]
				if m.Number != w.number || m.Title != w.title {
					t.Errorf("measure %d: number, title = %q, %q; want %q, %q", i+1, m.Number, m.Title, w.number, w.title)
				}
				checkResponsibilities(t, m, w.resp, "云泽")
				checkTargets(t, m, w.targets)
			}
		})
	}
}

// TestLoadPDFTaskTable reads a task-division table printed alone (附件 / its title / a ruled
// table whose long tasks wrap in their cells): the title is the table's, not its label or
// header row, and each row is a measure with its lead and supporting units and its
// deadline, as testdata/pdf/tasks.txt has them.
func TestLoadPDFTaskTable(t *testing.T) {
	want := []struct {
		number, title, deadline string
		resp                    []wantResp
	}{
		{"1", "成立医共体管理委员会，统筹医共体规划建设、投入保障和考核监管等重大事项", "2024年12月底前",
			[]wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市委编办", policy.RoleSupport, 2}, {"市财政局", policy.RoleSupport, 3}}},
		{"2", "推动医共体内人员统一招聘、统一培训、统一调配", "2025年6月底前",
			[]wantResp{{"市卫生健康委", policy.RoleLead, 1}, {"市人力资源社会保障局", policy.RoleLead, 2}, {"各县市人民政府", policy.RoleSupport, 3}}},
		{"3", "对紧密型县域医共体实行医保基金总额付费", "2026年底前",
			[]wantResp{{"市医保局", policy.RoleLead, 1}, {"市财政局", policy.RoleSupport, 2}, {"市卫生健康委", policy.RoleSupport, 3}}},
		{"4", "建立医共体建设监测评价制度，每年开展1次综合评估", "持续推进",
			[]wantResp{{"市卫生健康委", policy.RoleLead, 1}}},
	}
	for _, file := range []string{"tasks-writer.pdf", "tasks-chromium.pdf"} {
		t.Run(file, func(t *testing.T) {
			d, err := DefaultNames().LoadFile(context.Background(), filepath.Join("testdata", "pdf", file))
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != "云泽市推进紧密型县域医共体建设重点任务分工表" || d.City != "云泽" || d.Jurisdiction != "云泽市" {
				t.Errorf("title, city, jurisdiction = %q, %q, %q", d.Title, d.City, d.Jurisdiction)
			}
			if len(d.Measures) != len(want) {
				t.Fatalf("%d measures, want %d", len(d.Measures), len(want))
			}
			for i, w := range want {
				m := d.Measures[i]
				if m.Number != w.number || m.Title != w.title || m.Deadline != w.deadline {
					t.Errorf("row %d: number, title, deadline = %q, %q, %q; want %q, %q, %q", i+1, m.Number, m.Title, m.Deadline, w.number, w.title, w.deadline)
				}
				checkResponsibilities(t, m, w.resp, "云泽")
			}
		})
	}
}

// cidPDF builds a one-page PDF that shows text in a CID font that is not embedded, as
// many government PDFs name 仿宋_GB2312 without embedding it; the font's ToUnicode map,
// given as code → UTF-16BE hex, is all a reader has to know the characters. codes is the
// string shown, two bytes a character, in hex.
func cidPDF(codes string, toUnicode map[string]string) []byte {
	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n" +
		"1 begincodespacerange <0000> <FFFF> endcodespacerange\n")
	fmt.Fprintf(&cmap, "%d beginbfchar\n", len(toUnicode))
	for code, u := range toUnicode {
		fmt.Fprintf(&cmap, "<%s> <%s>\n", code, u)
	}
	cmap.WriteString("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n")
	content := "BT /F1 16 Tf 72 700 Td <" + codes + "> Tj ET\n"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type0 /BaseFont /FangSong_GB2312 /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content),
		"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FangSong_GB2312 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", cmap.Len(), cmap.String()),
		"<< /Type /FontDescriptor /FontName /FangSong_GB2312 /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// TestReadPDFToUnicode reads characters through a ToUnicode map alone, one beyond the
// first plane (𠮷, U+20BB7, a surrogate pair in the map) among them.
func TestReadPDFToUnicode(t *testing.T) {
	b := cidPDF("0001000200030004", map[string]string{"0001": "751F", "0002": "50FB", "0003": "5B57", "0004": "D842DFB7"})
	got, err := ReadBytes(context.Background(), "rare.pdf", b)
	if err != nil {
		t.Fatal(err)
	}
	if want := "生僻字𠮷"; got.Text != want || got.Format != "pdf" {
		t.Errorf("Text, Format = %q, %q; want %q, pdf", got.Text, got.Format, want)
	}
}
