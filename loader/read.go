package loader

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"
)

// Raw is the text of a file before any parsing, with how it was read.
type Raw struct {
	Text     string // decoded text; for HTML the article text only; for DOCX the paragraphs
	Format   string // "text", "html", "docx" or "pdf"
	Encoding string // "UTF-8", "GB18030" (GBK is decoded as GB18030) ; "" for docx and pdf
	Title    string // HTML <title> or DOCX core title when present, else ""
	// Tables are the data tables of an HTML page or a DOCX file, each row a line of Text
	// with its cells separated by tabs.
	Tables []Table
}

// ErrNoDocument is wrapped by every error for a file that holds no document.
var ErrNoDocument = errors.New("no document")

const (
	encUTF8    = "UTF-8"
	encGB18030 = "GB18030"

	wordNS       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrictNS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	compatNS     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	dublinCoreNS = "http://purl.org/dc/elements/1.1/"

	// maxDocxPart bounds the inflated size of a DOCX part so that a zip bomb fails
	// instead of exhausting memory; real document.xml files are far smaller.
	maxDocxPart = 256 << 20
)

var (
	zipMagic = []byte("PK\x03\x04")
	utf8BOM  = []byte("\xef\xbb\xbf")
)

// ReadFile reads a policy document file and returns its text.
func ReadFile(ctx context.Context, path string) (Raw, error) {
	if err := ctx.Err(); err != nil {
		return Raw{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		// The *fs.PathError already names the file and says what failed.
		return Raw{}, err
	}
	return ReadBytes(ctx, path, b)
}

// ReadBytes is ReadFile on bytes already in memory; name is used in error messages.
func ReadBytes(ctx context.Context, name string, b []byte) (Raw, error) {
	if err := ctx.Err(); err != nil {
		return Raw{}, err
	}
	if bytes.HasPrefix(b, zipMagic) {
		return readDocx(name, b)
	}
	if isPDF(b) {
		return readPDF(ctx, name, b)
	}
	b = bytes.TrimPrefix(b, utf8BOM)
	if looksLikeHTML(b) {
		return readHTML(name, b)
	}
	text, enc, ok := decodeText(b)
	if !ok {
		return Raw{}, errBinary(name)
	}
	text = normalizeNewlines(text)
	if strings.TrimSpace(text) == "" {
		return Raw{}, fmt.Errorf("%s: empty file: %w", name, ErrNoDocument)
	}
	return Raw{Text: text, Format: "text", Encoding: enc}, nil
}

func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

func errBinary(name string) error {
	return fmt.Errorf("%s: binary data, not a text, HTML, DOCX or PDF document: %w", name, ErrNoDocument)
}

// decodeText returns b as a string and the encoding it was in, or false when b is not
// text in UTF-8 or GB18030.
func decodeText(b []byte) (string, string, bool) {
	if utf8.Valid(b) {
		s := string(b)
		return s, encUTF8, noControls(s)
	}
	s, ok := decodeGB18030(b)
	return s, encGB18030, ok
}

// decodeGB18030 decodes b as GB18030 (a superset of GBK and GB2312) and reports whether
// it decoded cleanly into something that reads as text. Almost any byte string is valid
// GB18030, so the result has to look like text to be believed.
func decodeGB18030(b []byte) (string, bool) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return "", false
	}
	s := string(out)
	// The decoder substitutes U+FFFD for invalid sequences instead of failing.
	if strings.ContainsRune(s, utf8.RuneError) {
		return "", false
	}
	return s, noControls(s) && mostlyPrintable(s)
}

// noControls reports whether s is free of the control characters that only binary
// data holds.
func noControls(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\f':
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			return false
		}
	}
	return true
}

// mostlyPrintable reports whether at most 2% of the non-space characters of s are
// unprintable; random bytes decoded as GB18030 land in the private use area about
// one time in twelve, real text almost never.
func mostlyPrintable(s string) bool {
	total, odd := 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		total++
		if !unicode.IsPrint(r) {
			odd++
		}
	}
	return odd*50 <= total
}

// htmlStartTags are the tags (after '<') that make a file HTML when it starts with one.
var htmlStartTags = []string{
	"!doctype html", "html", "head", "body", "meta", "title", "link", "script", "style",
	"div", "p", "table", "article", "section", "main", "header", "nav", "span", "font",
	"center", "br", "a", "b", "ul", "iframe", "h1", "h2", "h3", "h4", "h5", "h6",
}

// looksLikeHTML reports whether b starts, after whitespace, comments and an XML
// declaration, with an HTML tag.
func looksLikeHTML(b []byte) bool {
	for {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		var end string
		switch {
		case bytes.HasPrefix(b, []byte("<!--")):
			end = "-->"
		case hasPrefixFold(b, "<?xml"):
			end = "?>"
		default:
			if len(b) == 0 || b[0] != '<' {
				return false
			}
			for _, tag := range htmlStartTags {
				if hasPrefixFold(b[1:], tag) {
					rest := b[1+len(tag):]
					if len(rest) == 0 || bytes.IndexByte([]byte(" \t\r\n\f>/"), rest[0]) >= 0 {
						return true
					}
				}
			}
			return false
		}
		i := bytes.Index(b, []byte(end))
		if i < 0 {
			return false
		}
		b = b[i+len(end):]
	}
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

func readHTML(name string, b []byte) (Raw, error) {
	var (
		text, enc string
		ok        bool
	)
	if declaresGB(b) {
		text, ok = decodeGB18030(b)
		enc = encGB18030
	}
	// A page declared as GBK but saved as UTF-8 seldom decodes cleanly as GB18030,
	// so it falls through to detection.
	if !ok {
		text, enc, ok = decodeText(b)
	}
	if !ok {
		return Raw{}, errBinary(name)
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return Raw{}, fmt.Errorf("%s: cannot parse HTML: %w", name, err)
	}
	article, tables := articleText(doc)
	if strings.TrimSpace(article) == "" {
		return Raw{}, fmt.Errorf("%s: HTML page has no article text: %w", name, ErrNoDocument)
	}
	return Raw{Text: article, Format: "html", Encoding: enc, Title: htmlTitle(doc), Tables: tables}, nil
}

// declaresGB reports whether the head of the page declares a GBK-family charset in a
// <meta charset> or <meta http-equiv="Content-Type">.
func declaresGB(b []byte) bool {
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				return false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return false
			case atom.Meta:
				if hasAttr && isGBLabel(metaCharset(z)) {
					return true
				}
			}
		}
	}
}

// metaCharset returns the charset a <meta> tag declares, or "".
func metaCharset(z *html.Tokenizer) string {
	var charset, content string
	contentType := false
	for {
		key, val, more := z.TagAttr()
		switch strings.ToLower(string(key)) {
		case "charset":
			charset = string(val)
		case "http-equiv":
			contentType = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
		case "content":
			content = string(val)
		}
		if !more {
			break
		}
	}
	if charset != "" || !contentType {
		return charset
	}
	// Looked for in place: lowering the whole value would turn each invalid byte into three
	// and the offset found would no longer fit content.
	i := indexFold(content, "charset=")
	if i < 0 {
		return ""
	}
	v := strings.Trim(content[i+len("charset="):], ` "'`)
	if j := strings.IndexAny(v, "; \t\"'"); j >= 0 {
		v = v[:j]
	}
	return v
}

// indexFold returns the byte offset of the first ASCII-case-insensitive match of sub in s,
// or -1.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func isGBLabel(label string) bool {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "windows-936", "csgb2312", "chinese":
		return true
	}
	return false
}

// htmlTitle returns the text of the first <title>, or "".
func htmlTitle(doc *html.Node) string {
	t := findElement(doc, atom.Title)
	if t == nil {
		return ""
	}
	var w textWriter
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			w.text(c.Data)
		}
	}
	return strings.TrimSpace(w.b.String())
}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, a); f != nil {
			return f
		}
	}
	return nil
}

// textStats counts the non-space characters under a node, outside and inside links.
type textStats struct{ text, links int }

// pageText finds the article of a parsed page.
type pageText struct {
	chrome map[*html.Node]bool // elements found to be navigation, sidebars and such
	stats  map[*html.Node]textStats
}

// articleText returns the article of the page as lines, or "" when it has none, and its
// data tables.
func articleText(doc *html.Node) (string, []Table) {
	body := findElement(doc, atom.Body)
	if body == nil { // a frameset page
		body = doc
	}
	p := &pageText{chrome: map[*html.Node]bool{}, stats: map[*html.Node]textStats{}}
	p.markChrome(body, p.measure(body, false).text)
	p.stats = map[*html.Node]textStats{}
	page := p.measure(body, false)

	var best *html.Node
	bestScore := 0
	var pick func(n *html.Node)
	pick = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if p.skip(n) {
				return
			}
			if n != body && isArticleCandidate(n) {
				if s := p.stats[n]; s.text-s.links > bestScore {
					best, bestScore = n, s.text-s.links
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			pick(c)
		}
	}
	pick(body)

	w := textWriter{page: p}
	// A marked element holding a small part of the page is a title or a caption, not
	// the article; then the whole page without its link lists is the better guess.
	if best != nil && p.stats[best].text*3 >= page.text {
		w.render(best, false)
	} else {
		w.render(body, true)
	}
	return layoutTables(tidyLines(w.b.String()), w.tables)
}

// measure fills p.stats for n and its descendants, leaving out what p.skip rejects.
func (p *pageText) measure(n *html.Node, inLink bool) textStats {
	var s textStats
	switch n.Type {
	case html.TextNode:
		k := 0
		for _, r := range n.Data {
			if !unicode.IsSpace(r) {
				k++
			}
		}
		if inLink {
			s.links = k
		} else {
			s.text = k
		}
		return s
	case html.ElementNode:
		if p.skip(n) {
			return s
		}
		inLink = inLink || n.DataAtom == atom.A
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := p.measure(c, inLink)
		s.text += cs.text
		s.links += cs.links
	}
	p.stats[n] = s
	return s
}

// markChrome marks the chrome elements under n, given the total text of the page. An
// element that looks like chrome but holds most of that text and its paragraphs wraps
// the whole page, such as the single <form> of ASP.NET sites or a <div id="printArea">.
func (p *pageText) markChrome(n *html.Node, total int) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || hiddenTags[c.DataAtom] {
			continue
		}
		if looksLikeChrome(c) && (p.stats[c].text*2 <= total || !wrapsContent(c)) {
			p.chrome[c] = true
			continue
		}
		p.markChrome(c, total)
	}
}

func (p *pageText) skip(n *html.Node) bool { return hiddenTags[n.DataAtom] || p.chrome[n] }

// hiddenTags never hold text a reader sees as part of the page.
var hiddenTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Object: true, atom.Select: true,
	atom.Button: true, atom.Textarea: true,
}

// chromeMarks in an id or class name mark navigation, footers, sidebars and the like.
var chromeMarks = []string{
	"nav", "menu", "footer", "breadcrumb", "crumb", "sidebar", "side-bar", "side_bar",
	"share", "copyright", "print",
}

// chromeRoles are ARIA landmark roles of page chrome.
var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "menu": true, "menubar": true,
}

// articleMarks in an id or class name mark the article container, as used by common
// Chinese government site templates (TRS, Hanweb, ...).
var articleMarks = []string{
	"article", "content", "trs_editor", "zoom", "custom_unionstyle", "detail", "zhengwen",
}

// looksLikeChrome reports whether element n is by its tag, role, id or class
// navigation, a header or footer, a sidebar, a form and such.
func looksLikeChrome(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Body, atom.Main, atom.Article:
		return false
	case atom.Nav, atom.Aside, atom.Form:
		return true
	case atom.Header, atom.Footer:
		// Inside an article they hold its title, date and signature.
		return !insideArticle(n)
	}
	if chromeRoles[strings.ToLower(attr(n, "role"))] {
		return true
	}
	marks := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	for _, m := range chromeMarks {
		if strings.Contains(marks, m) {
			return true
		}
	}
	return false
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}

// wrapsContent reports whether n holds paragraphs or an article container.
func wrapsContent(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || hiddenTags[c.DataAtom] {
			continue
		}
		if c.DataAtom == atom.P || isArticleCandidate(c) || wrapsContent(c) {
			return true
		}
	}
	return false
}

func isArticleCandidate(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		return true
	}
	marks := strings.ToLower(attr(n, "id") + " " + attr(n, "class"))
	for _, m := range articleMarks {
		if strings.Contains(marks, m) {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// blockTags start and end a line.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true,
	atom.Table: true, atom.Caption: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Header: true, atom.Footer: true, atom.Blockquote: true,
	atom.Pre: true, atom.Address: true, atom.Center: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Form: true, atom.Fieldset: true,
	atom.Body: true,
}

// textWriter lays out HTML text as a browser would: whitespace collapsed, one line
// per block.
type textWriter struct {
	page     *pageText
	b        strings.Builder
	last     rune // last character on the current line; 0 at the start of a line
	space    bool // collapsed whitespace is pending
	segBreak bool // the pending whitespace holds a line break
	inCell   int  // inside a cell of a data table: line breaks become spaces
	tables   [][]cellInfo
}

// render writes the text of n without chrome and, when pruneLinks is set, without the
// blocks that are mostly links.
func (w *textWriter) render(n *html.Node, pruneLinks bool) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		if w.page.skip(n) {
			return
		}
		switch n.DataAtom {
		case atom.Br:
			w.newline()
			return
		case atom.Td, atom.Th:
			w.cell()
		case atom.Table:
			if w.inCell == 0 && w.page.isDataTable(n) {
				w.renderTable(n, pruneLinks)
				return
			}
		}
		if blockTags[n.DataAtom] {
			if s := w.page.stats[n]; pruneLinks && s.links > 0 && s.links >= s.text {
				return
			}
			w.block()
			defer w.block()
		}
	case html.DocumentNode:
	default:
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.render(c, pruneLinks)
	}
}

func (w *textWriter) text(s string) {
	for _, r := range stripSentinels(s) {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			w.space = true
			w.segBreak = w.segBreak || r == '\n' || r == '\r'
			continue
		}
		// Chinese text wrapped in the HTML source must not gain spaces at the wraps
		// (CSS Text segment break transformation); other whitespace is one space.
		if w.space && w.last != 0 && !(w.segBreak && isWide(w.last) && isWide(r)) {
			w.b.WriteByte(' ')
		}
		w.space, w.segBreak = false, false
		w.b.WriteRune(r)
		w.last = r
	}
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth, width.EastAsianHalfwidth:
		return !unicode.Is(unicode.Hangul, r)
	}
	return false
}

func (w *textWriter) newline() {
	if w.inCell > 0 {
		// A cell stays on its row's line: its paragraphs are separated by a space.
		w.space = w.last != '\t' && w.last != 0
		return
	}
	w.b.WriteByte('\n')
	w.last, w.space, w.segBreak = 0, false, false
}

func (w *textWriter) block() {
	if w.inCell > 0 {
		w.newline()
		return
	}
	if w.last != 0 {
		w.newline()
	}
	w.space, w.segBreak = false, false
}

// cell separates table cells on a line with a tab.
func (w *textWriter) cell() {
	if w.last != 0 {
		w.b.WriteByte('\t')
		w.last = '\t'
	}
	w.space, w.segBreak = false, false
}

// tidyLines trims every line, keeps at most one blank line in a row and drops blank
// lines at both ends.
func tidyLines(s string) string {
	var out []string
	blank := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func readDocx(name string, b []byte) (Raw, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return Raw{}, fmt.Errorf("%s: unreadable zip archive, not a DOCX document: %w: %w", name, err, ErrNoDocument)
	}
	var body, core *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			body = f
		case "docProps/core.xml":
			core = f
		}
	}
	if body == nil {
		return Raw{}, fmt.Errorf("%s: zip archive without word/document.xml, not a DOCX document: %w", name, ErrNoDocument)
	}
	text, tables, err := docxText(body)
	if err != nil {
		return Raw{}, fmt.Errorf("%s: unreadable DOCX, word/document.xml: %w: %w", name, err, ErrNoDocument)
	}
	if strings.TrimSpace(text) == "" {
		return Raw{}, fmt.Errorf("%s: DOCX document has no text: %w", name, ErrNoDocument)
	}
	raw := Raw{Text: text, Format: "docx", Tables: tables}
	if core != nil {
		raw.Title = docxTitle(core)
	}
	return raw, nil
}

func openDocxPart(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > maxDocxPart {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d allowed", f.Name, f.UncompressedSize64, maxDocxPart)
	}
	return f.Open()
}

func isWordNS(space string) bool { return space == wordNS || space == wordStrictNS }

// docxText returns the paragraphs of word/document.xml, one per line, and its tables: a
// row per line, cells separated by tabs, the paragraphs of a cell separated by spaces.
func docxText(f *zip.File) (string, []Table, error) {
	rc, err := openDocxPart(f)
	if err != nil {
		return "", nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		b     strings.Builder
		stack []xml.Name
		depth int  // of nested w:p, which text boxes bring into a paragraph
		inner bool // a nested w:p has just ended
		tbl   docxTables
	)
	atLineStart := func() bool { return b.Len() == 0 || strings.HasSuffix(b.String(), "\n") }
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space == compatNS && t.Name.Local == "Fallback" {
				// mc:AlternateContent repeats text boxes in its Fallback; reading both
				// would print them twice.
				if err := d.Skip(); err != nil {
					return "", nil, err
				}
				continue
			}
			inRun := len(stack) > 0 && isWordNS(stack[len(stack)-1].Space) && stack[len(stack)-1].Local == "r"
			stack = append(stack, t.Name)
			if !isWordNS(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "p":
				depth++
				// A paragraph inside a text box interrupts the line of its anchor.
				if !atLineStart() && !tbl.inCell() {
					b.WriteByte('\n')
				}
			case "tab":
				// w:tab also defines tab stops in paragraph properties; only a run's
				// w:tab is a character.
				if inRun {
					b.WriteByte(tbl.tab())
				}
			case "br", "cr":
				if inRun {
					b.WriteByte(tbl.newline())
				}
			case "tbl", "tr", "tc", "gridSpan", "vMerge":
				tbl.start(&b, t, atLineStart())
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			if !isWordNS(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "p":
				depth--
				// An anchor paragraph with nothing but a text box adds no empty line.
				if !(inner && depth == 0 && atLineStart()) {
					b.WriteByte(tbl.newline())
				}
				inner = depth > 0
			case "tbl", "tc":
				tbl.end(&b, t.Name.Local)
			}
		case xml.CharData:
			if n := len(stack); n > 0 && isWordNS(stack[n-1].Space) && stack[n-1].Local == "t" {
				s := stripSentinels(string(t))
				if tbl.inCell() {
					s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
				}
				b.WriteString(s)
			}
		}
	}
	// XML turns literal CRs into LFs already, but a character reference &#13; survives.
	text := normalizeNewlines(strings.TrimSuffix(b.String(), "\n"))
	text, tables := layoutTables(tidyCells(text), tbl.infos)
	return text, tables, nil
}

// docxTables follows the tables of a DOCX body as it is read: w:tbl, w:tr, w:tc with their
// w:gridSpan and w:vMerge. Tables inside a cell are read as the cell's text.
type docxTables struct {
	depth      int
	row, col   int
	cellInRow  int
	current    []cellInfo
	infos      [][]cellInfo
	cellOpen   bool
	cellBefore int // index in current of the open cell
}

func (x *docxTables) inCell() bool { return x.depth > 0 }

// tab and newline are what a tab or a line break writes: inside a cell, a space.
func (x *docxTables) tab() byte {
	if x.inCell() {
		return ' '
	}
	return '\t'
}

func (x *docxTables) newline() byte {
	if x.inCell() {
		return ' '
	}
	return '\n'
}

func (x *docxTables) start(b *strings.Builder, t xml.StartElement, atLineStart bool) {
	val := ""
	for _, a := range t.Attr {
		if a.Name.Local == "val" {
			val = a.Value
		}
	}
	switch t.Name.Local {
	case "tbl":
		x.depth++
		if x.depth == 1 {
			if !atLineStart {
				b.WriteByte('\n')
			}
			b.WriteRune(sentTable)
			x.current, x.row = nil, -1
		}
	case "tr":
		if x.depth == 1 {
			x.row++
			if x.row > 0 {
				b.WriteByte('\n')
			}
			x.col, x.cellInRow = 0, 0
		}
	case "tc":
		if x.depth == 1 {
			if x.cellInRow > 0 {
				b.WriteByte('\t')
			}
			b.WriteRune(sentCell)
			x.current = append(x.current, cellInfo{row: x.row, col: x.col, colSpan: 1})
			x.cellBefore, x.cellOpen = len(x.current)-1, true
			x.cellInRow++
		}
	case "gridSpan":
		if x.depth == 1 && x.cellOpen {
			if n, err := strconv.Atoi(val); err == nil && n > 1 && n <= 1000 {
				x.current[x.cellBefore].colSpan = n
			}
		}
	case "vMerge":
		if x.depth == 1 && x.cellOpen && val != "restart" {
			x.current[x.cellBefore].above = true
		}
	}
}

func (x *docxTables) end(b *strings.Builder, local string) {
	switch local {
	case "tc":
		if x.depth == 1 && x.cellOpen {
			x.col += x.current[x.cellBefore].colSpan
			x.cellOpen = false
		}
	case "tbl":
		if x.depth == 1 {
			b.WriteRune(sentEnd)
			b.WriteByte('\n')
			x.infos = append(x.infos, x.current)
		}
		x.depth--
	}
}

// tidyCells trims the spaces a cell's paragraphs leave at its ends.
func tidyCells(s string) string {
	if !strings.ContainsRune(s, sentCell) {
		return s
	}
	var b strings.Builder
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if !strings.ContainsRune(line, sentCell) {
			b.WriteString(line)
			continue
		}
		cells := strings.Split(line, "\t")
		for k, c := range cells {
			if k > 0 {
				b.WriteByte('\t')
			}
			lead := ""
			for _, m := range []rune{sentTable, sentCell} {
				if strings.HasPrefix(c, string(m)) {
					lead += string(m)
					c = strings.TrimPrefix(c, string(m))
				}
			}
			tail := ""
			if strings.HasSuffix(c, string(sentEnd)) {
				tail, c = string(sentEnd), strings.TrimSuffix(c, string(sentEnd))
			}
			b.WriteString(lead + strings.TrimSpace(c) + tail)
		}
	}
	return b.String()
}

// docxTitle returns dc:title from docProps/core.xml, or "". The title is optional
// metadata, so a damaged core.xml does not make the document unreadable.
func docxTitle(f *zip.File) string {
	rc, err := openDocxPart(f)
	if err != nil {
		return ""
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Space == dublinCoreNS && t.Name.Local == "title" {
			var title string
			if d.DecodeElement(&title, &t) != nil {
				return ""
			}
			return strings.TrimSpace(title)
		}
	}
}
