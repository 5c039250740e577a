//go:build ignore

// gen writes the PDF fixtures of this folder from their source texts, as governments make
// them: the text laid out as an official document (三号 type, 1.5em first-line indent,
// centred title, “— 1 —” page numbers, the annex as a table), printed to PDF by
// LibreOffice Writer and by Chromium with the WenQuanYi fonts, which embeds CID fonts with
// ToUnicode maps. It also makes a scanned-looking PDF with no text layer and one locked
// with a password.
//
//	go run gen.go   (needs soffice, chromium, fonts-wqy-microhei, poppler-utils and img2pdf)
package main

import (
	"fmt"
	"html"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	tmp, err := os.MkdirTemp("", "pdfgen")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range []string{"plan", "tasks"} {
		src, err := os.ReadFile(name + ".txt")
		if err != nil {
			log.Fatal(err)
		}
		lines := strings.Split(strings.TrimRight(string(src), "\n"), "\n")

		fodt := filepath.Join(tmp, name+"-writer.fodt")
		must(os.WriteFile(fodt, []byte(flatODT(lines)), 0o644))
		run("soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, fodt)
		copyFile(filepath.Join(tmp, name+"-writer.pdf"), name+"-writer.pdf")

		page := filepath.Join(tmp, name+"-chromium.html")
		must(os.WriteFile(page, []byte(htmlPage(lines)), 0o644))
		abs, err := filepath.Abs(name + "-chromium.pdf")
		if err != nil {
			log.Fatal(err)
		}
		run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
			"--print-to-pdf="+abs, "file://"+page)
	}

	// A PDF that opens only with a password (yunze).
	locked := filepath.Join(tmp, "locked.txt")
	must(os.WriteFile(locked, []byte("云泽市卫生健康委员会\n（一）加密文件。\n"), 0o644))
	run("soffice", "--headless", "--convert-to",
		`pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"yunze"}}`,
		"--outdir", tmp, locked)
	copyFile(filepath.Join(tmp, "locked.pdf"), "locked.pdf")

	// A scan: the first page of the Writer PDF rendered as a picture, with no text.
	scan := filepath.Join(tmp, "scan")
	run("pdftoppm", "-png", "-r", "72", "-mono", "-singlefile", "-f", "1", "-l", "1", "plan-writer.pdf", scan)
	run("img2pdf", "--output", "scanned.pdf", scan+".png")
}

// paragraph kinds of the source text.
func kind(i int, line string) string {
	switch {
	case i == 0 && strings.HasSuffix(line, "文件"):
		return "Redhead"
	case strings.Contains(line, "\t"):
		return "Row"
	case strings.HasSuffix(line, "的通知") || strings.HasSuffix(line, "分工表") || strings.HasSuffix(line, "实施方案") && !strings.HasPrefix(line, "《"):
		return "Title"
	case strings.HasPrefix(line, "云政办发"), strings.HasSuffix(line, "人民政府办公室"), strings.HasSuffix(line, "日") && len([]rune(line)) < 14:
		return "Right"
	case strings.HasPrefix(line, "各县"), line == "附件":
		return "Plain"
	}
	return "Body"
}

func flatODT(lines []string) string {
	var b, cols strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="WenQuanYi Micro Hei" svg:font-family="'WenQuanYi Micro Hei'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:line-height="150%"/>
  <style:text-properties style:font-name="WenQuanYi Micro Hei" style:font-name-asian="WenQuanYi Micro Hei" fo:font-size="16pt" style:font-size-asian="16pt"/>
 </style:default-style>
 <style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/></style:style>
 <style:style style:name="Plain" style:family="paragraph"/>
 <style:style style:name="Redhead" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="12pt"/><style:text-properties fo:font-size="26pt" style:font-size-asian="26pt" fo:color="#c00000"/></style:style>
 <style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="12pt" fo:margin-bottom="12pt"/><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt"/></style:style>
 <style:style style:name="Right" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/></style:style>
 <style:style style:name="Cell" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt"/></style:style>
 <style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="14pt" style:font-size-asian="14pt"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" fo:margin-top="37mm" fo:margin-bottom="25mm" fo:margin-left="28mm" fo:margin-right="26mm"/></style:page-layout>
 <style:style style:name="Table" style:family="table"><style:table-properties style:width="156mm" table:align="center"/></style:style>
 <!--columns-->
 <style:style style:name="Grid" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000" fo:padding="2pt"/></style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:footer><text:p text:style-name="Footer">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
`)
	inTable := false
	for i, line := range lines {
		k := kind(i, line)
		if k == "Row" && !inTable {
			b.WriteString("<table:table table:name=\"Table\" table:style-name=\"Table\">")
			for c, w := range columnWeights(lines[i:]) {
				fmt.Fprintf(&b, `<table:table-column table:style-name="Col%d"/>`, c)
				fmt.Fprintf(&cols, `<style:style style:name="Col%d" style:family="table-column"><style:table-column-properties style:rel-width="%d*"/></style:style>`, c, w)
			}
			b.WriteString("\n")
			inTable = true
		}
		if k != "Row" && inTable {
			b.WriteString("</table:table>\n")
			inTable = false
		}
		if k == "Row" {
			b.WriteString("<table:table-row>")
			for _, c := range strings.Split(line, "\t") {
				fmt.Fprintf(&b, `<table:table-cell table:style-name="Grid" office:value-type="string"><text:p text:style-name="Cell">%s</text:p></table:table-cell>`, html.EscapeString(c))
			}
			b.WriteString("</table:table-row>\n")
			continue
		}
		fmt.Fprintf(&b, "<text:p text:style-name=%q>%s</text:p>\n", k, html.EscapeString(line))
	}
	if inTable {
		b.WriteString("</table:table>\n")
	}
	b.WriteString("</office:text></office:body></office:document>\n")
	return strings.Replace(b.String(), "<!--columns-->", cols.String(), 1)
}

// columnWeights gives each column of the table that starts the lines a width in
// proportion to its longest cell, within bounds, so that long tasks wrap in their cells.
func columnWeights(lines []string) []int {
	var w []int
	for _, line := range lines {
		if !strings.Contains(line, "\t") {
			break
		}
		for c, cell := range strings.Split(line, "\t") {
			for len(w) <= c {
				w = append(w, 0)
			}
			w[c] = max(w[c], min(len([]rune(cell)), 16)+2)
		}
	}
	return w
}

func htmlPage(lines []string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 37mm 26mm 25mm 28mm; }
body { font-family: "WenQuanYi Micro Hei"; font-size: 16pt; line-height: 1.5; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.Redhead { font-size: 26pt; color: #c00000; text-align: center; text-indent: 0; }
p.Title { font-size: 22pt; text-align: center; text-indent: 0; margin: 12pt 0; }
p.Right { text-align: right; }
p.Plain { text-indent: 0; }
table { border-collapse: collapse; margin: 0 auto; font-size: 12pt; }
td { border: 0.5pt solid #000; padding: 2pt 8pt; text-align: center; }
</style></head><body>
`)
	inTable := false
	for i, line := range lines {
		k := kind(i, line)
		if k == "Row" && !inTable {
			b.WriteString("<table>\n")
			inTable = true
		}
		if k != "Row" && inTable {
			b.WriteString("</table>\n")
			inTable = false
		}
		if k == "Row" {
			b.WriteString("<tr>")
			for _, c := range strings.Split(line, "\t") {
				fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(c))
			}
			b.WriteString("</tr>\n")
			continue
		}
		fmt.Fprintf(&b, "<p class=%q>%s</p>\n", k, html.EscapeString(line))
	}
	if inTable {
		b.WriteString("</table>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s: %v", name, err)
	}
}

func copyFile(from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		log.Fatal(err)
	}
	must(os.WriteFile(to, b, 0o644))
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
