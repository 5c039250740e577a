package loader

import (
	"context"
	"errors"
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

// TestLoadPDF reads the measures of the PDF plan as of its text: what the layout gives
// the parser is what a person reads on the page.
func TestLoadPDF(t *testing.T) {
	d, err := DefaultNames().LoadFile(context.Background(), filepath.Join("testdata", "pdf", "plan-writer.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "云泽市人民政府办公室关于印发云泽市推进紧密型县域医疗卫生共同体建设实施方案的通知" ||
		d.DocNumber != "云政办发〔2024〕7号" || d.Date != "2024-05-20" || d.City != "云泽" || d.Format != "pdf" {
		t.Errorf("title, number, date, city, format = %q, %q, %q, %q, %q", d.Title, d.DocNumber, d.Date, d.City, d.Format)
	}
	want := []wantMeasure{
		{number: "1.", title: "健全领导机制", resp: []wantResp{{"市卫生健康委", RoleLead, 1}, {"市委编办", RoleSupport, 2}, {"市财政局", RoleSupport, 3}}},
		{number: "2.", title: "落实医共体经营管理自主权"},
		{number: "1.", title: "加强县级医院能力建设", resp: []wantResp{{"市卫生健康委", RoleLead, 1}, {"市发展改革委", RoleSupport, 2}, {"市财政局", RoleSupport, 3}},
			targets: []wantTarget{{"县级医院", 1, "所", AtLeast, 0}, {"住院病人手术占比", 35, "%", AtLeast, 2025}}},
		{number: "2.", title: "推动优质资源下沉", resp: []wantResp{{"市卫生健康委", RoleLead, 1}, {"市医保局", RoleSupport, 2}}},
	}
	if len(d.Measures) < len(want) {
		t.Fatalf("%d measures, want at least %d", len(d.Measures), len(want))
	}
	for i, w := range want {
		m := d.Measures[i]
		if m.Number != w.number || m.Title != w.title {
			t.Errorf("measure %d: number, title = %q, %q; want %q, %q", i+1, m.Number, m.Title, w.number, w.title)
		}
		if w.resp != nil {
			checkResponsibilities(t, m, w.resp, "云泽")
		}
		if w.targets != nil {
			checkTargets(t, m, w.targets)
		}
	}
}
