package loader

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

var pdfMagic = []byte("%PDF-")

// Bounds on what one PDF may hold, so that a hostile file fails instead of keeping the
// reader busy for hours; real plans have tens of pages of about two thousand characters.
const (
	maxPDFPages       = 5000
	maxPDFPageChars   = 100000
	maxPDFPageObjects = 20000
	maxPDFPageRules   = 2000
	pdfMemoryPages    = 8192 // of 64 KiB
)

// isPDF reports whether b starts, after whitespace, with the %PDF- header.
func isPDF(b []byte) bool { return bytes.HasPrefix(bytes.TrimLeft(b, " \t\r\n\f"), pdfMagic) }

// pdfEngine is PDFium compiled to WebAssembly and run by wazero, so that reading PDFs
// needs neither cgo nor a program installed beside policykg. Compiling the module takes
// seconds, so it happens on the first PDF and once per process; the compiled code is
// also kept on disk, when there is a user cache folder, for the next process.
var pdfEngine = sync.OnceValues(startPDFium)

func startPDFium() (pdfium.Pool, error) {
	cfg := wazero.NewRuntimeConfig().
		// The bundled PDFium lowers setjmp/longjmp to WebAssembly exception handling.
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		// Cancelling a read interrupts PDFium in the middle of a page.
		WithCloseOnContextDone(true).
		// A hostile file makes PDFium fail when it wants more than 512 MiB, instead of
		// taking the 4 GiB WebAssembly allows.
		WithMemoryLimitPages(pdfMemoryPages).
		WithCompilationCache(compilationCache())
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:  0,
		MaxIdle:  1,
		MaxTotal: min(runtime.GOMAXPROCS(0), 4),
		// PDFium gets the document as bytes and no file system at all.
		FSConfig:      wazero.NewFSConfig(),
		RuntimeConfig: cfg,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("start PDFium: %w", err)
	}
	return pool, nil
}

// compilationCache keeps wazero's compiled PDFium in the user's cache folder, or in
// memory when there is none or it cannot be written.
func compilationCache() wazero.CompilationCache {
	if dir, err := os.UserCacheDir(); err == nil {
		if c, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "policykg", "wazero")); err == nil {
			return c
		}
	}
	return wazero.NewCompilationCache()
}

// readPDF returns the text of a PDF laid out as paragraphs. A PDF without a text layer, a
// scan, is an error: its words exist only as pixels.
func readPDF(ctx context.Context, name string, b []byte) (Raw, error) {
	pages, err := pdfPages(ctx, b)
	if err != nil {
		return Raw{}, fmt.Errorf("%s: %w", name, err)
	}
	text := layoutPages(pages)
	if strings.TrimSpace(text) == "" {
		return Raw{}, fmt.Errorf("%s: PDF has no text layer, only images (a scan?): run it through OCR first: %w", name, ErrNoDocument)
	}
	return Raw{Text: text, Format: "pdf"}, nil
}

// pdfPages opens the document in PDFium and returns the characters of every page with
// their boxes, and the ruled lines of its tables.
func pdfPages(ctx context.Context, b []byte) (pages []pdfPage, err error) {
	pool, err := pdfEngine()
	if err != nil {
		return nil, err
	}
	inst, err := pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("start PDFium: %w", err)
	}
	// An instance is fresh WebAssembly memory, dropped after one document, so that
	// nothing a damaged file did to PDFium's heap outlives it.
	stop := context.AfterFunc(ctx, func() { inst.Kill() })
	defer func() {
		if stop() {
			inst.Close()
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			pages, err = nil, ctxErr
		}
	}()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &b})
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		return nil, fmt.Errorf("PDF is encrypted with a password: %w", ErrNoDocument)
	case err != nil:
		return nil, fmt.Errorf("damaged PDF, PDFium cannot open it: %w: %w", err, ErrNoDocument)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("damaged PDF, no page count: %w: %w", err, ErrNoDocument)
	}
	if count.PageCount > maxPDFPages {
		return nil, fmt.Errorf("PDF has %d pages, more than the %d allowed: %w", count.PageCount, maxPDFPages, ErrNoDocument)
	}
	for i := 0; i < count.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		g, err := pageGlyphs(inst, page)
		if err != nil {
			return nil, fmt.Errorf("damaged PDF, page %d: %w: %w", i+1, err, ErrNoDocument)
		}
		r, err := pageRules(inst, page)
		if err != nil {
			return nil, fmt.Errorf("damaged PDF, page %d: %w: %w", i+1, err, ErrNoDocument)
		}
		pages = append(pages, pdfPage{glyphs: g, rules: r})
	}
	return pages, nil
}

// pageGlyphs returns the printable characters of one page with their loose boxes, which
// span the font's ascent to descent, so that the glyphs of a line share a top and a bottom
// whatever their shapes.
func pageGlyphs(inst pdfium.Pdfium, page requests.Page) ([]glyph, error) {
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return nil, err
	}
	if n.Count > maxPDFPageChars {
		return nil, fmt.Errorf("%d characters on one page, more than the %d allowed", n.Count, maxPDFPageChars)
	}
	var (
		out     []glyph
		high    rune // the first half of a UTF-16 surrogate pair
		pending = -1 // the glyph that waits for the second half, or -1
	)
	for i := 0; i < n.Count; i++ {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return nil, err
		}
		r := rune(u.Unicode)
		// Where PDFium counts in UTF-16, a character beyond the first plane (𠮷) comes in
		// two halves, which make one character at the place of the first.
		first := r >= 0xd800 && r <= 0xdbff
		if r >= 0xdc00 && r <= 0xdfff {
			if pending >= 0 {
				out[pending].r = utf16.DecodeRune(high, r)
			}
			pending = -1
			continue
		}
		pending = -1
		if first {
			high, r = r, utf8.RuneError // until the second half comes
		}
		if !printable(r) {
			continue
		}
		box, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			// PDFium has no box for some generated characters; they carry no text.
			continue
		}
		g := glyph{r: r, left: float64(box.Rect.Left), right: float64(box.Rect.Right), bottom: float64(box.Rect.Bottom), top: float64(box.Rect.Top)}
		if g.valid() {
			out = append(out, g)
			if first {
				pending = len(out) - 1
			}
		}
	}
	return out, nil
}

// pageRules returns the thin horizontal and vertical paths of a page: the borders of
// table cells, as word processors draw them.
func pageRules(inst pdfium.Pdfium, page requests.Page) ([]rule, error) {
	n, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return nil, err
	}
	var out []rule
	for i := 0; i < min(n.Count, maxPDFPageObjects) && len(out) < maxPDFPageRules; i++ {
		obj, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return nil, err
		}
		t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil || t.Type != enums.FPDF_PAGEOBJ_PATH {
			continue
		}
		b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj.PageObject})
		if err != nil {
			continue
		}
		r := rule{x0: float64(b.Left), y0: float64(b.Bottom), x1: float64(b.Right), y1: float64(b.Top)}
		if finite(r.x0, r.y0, r.x1, r.y1) && (r.horizontal() || r.vertical()) {
			out = append(out, r)
		}
	}
	return out, nil
}

// valid reports whether the box of g is a finite, non-empty rectangle.
func (g glyph) valid() bool {
	return finite(g.left, g.right, g.bottom, g.top) && g.top > g.bottom && g.right >= g.left
}

// finite reports whether every coordinate is a number within any page's reach.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.Abs(v) > 1e6 {
			return false
		}
	}
	return true
}
