package loader

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "read", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encodeGB18030(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// makeZip builds a zip archive holding the given parts, in the given order.
func makeZip(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordDocument = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
	`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>%s</w:body></w:document>`

func wordXML(body string) string { return strings.Replace(wordDocument, "%s", body, 1) }

func checkRaw(t *testing.T, got Raw, want Raw, absent []string) {
	t.Helper()
	if got.Format != want.Format || got.Encoding != want.Encoding || got.Title != want.Title {
		t.Errorf("Format, Encoding, Title = %q, %q, %q; want %q, %q, %q",
			got.Format, got.Encoding, got.Title, want.Format, want.Encoding, want.Title)
	}
	gotLines, wantLines := strings.Split(got.Text, "\n"), strings.Split(want.Text, "\n")
	for i := 0; i < len(gotLines) || i < len(wantLines); i++ {
		var g, w string
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
		}
	}
	for _, s := range absent {
		if strings.Contains(got.Text, s) {
			t.Errorf("text holds %q, which is not part of the document", s)
		}
	}
}

func TestReadFile(t *testing.T) {
	tests := []struct {
		file   string
		want   Raw
		absent []string
	}{
		{
			file: "gbk-plan.txt",
			want: Raw{Format: "text", Encoding: "GB18030", Text: `济宁市进一步完善医疗卫生服务体系的实施方案
二、进一步优化体系结构
（一）调整优化医疗资源布局。落实“十四五”卫生与健康规划，优化资源调整分配，提高资源使用效能。严禁公立医院违规举债建设。统筹人口老龄化、城镇化和群众健康需求、资源供给短板等因素，精准增加床位等医疗资源配置，增量资源优先保障基层或者区域重点需求，重点向中医、老年医学、重症医学、安宁疗护、妇女儿童、急诊急救、康复护理、精神卫生等领域倾斜。筹建市康复医院（市妇幼保健院康复院区）。到2025年，全市医疗机构床位数保持适度有序增长，其中每千人口中医类医院床位数和康复病床数等指标有序提升。（责任单位：市卫生健康委、市残联、市发展改革委、市财政局，排第一位为牵头单位，下同）
（二）加快高水平医疗建设。依托济宁市第一人民医院、济宁医学院附属医院2个省级区域医疗中心，深入推进医联体、专科联盟建设。到2025年，全市建成完善国家区域医疗中心1个、省级区域医疗中心6个以上。（责任单位：市卫生健康委、市发展改革委、市财政局、市医保局）
`},
		},
		{
			file: "utf8-bom-crlf.txt",
			want: Raw{Format: "text", Encoding: "UTF-8", Text: `滨州市进一步完善医疗卫生服务体系若干措施

一、总体要求
到2025年,全市医疗卫生服务体系进一步健全,公共卫生服务体系更加完善。
二、主要任务
(一)优化资源配置,提升服务能力
1.提高公共卫生服务能力。健全疾控管理体系和运行体制,稳步推进市、县两级疾病预防控制中心(以下简称“疾控中心”)改革试点。
`},
			absent: []string{"\r", "\ufeff"},
		},
		{
			file: "gov-page.html",
			want: Raw{
				Format:   "html",
				Encoding: "UTF-8",
				Title:    "济宁市人民政府办公室关于印发济宁市进一步完善医疗卫生服务体系实施方案的通知_济宁市人民政府",
				Text: `济宁市人民政府办公室关于印发济宁市进一步完善医疗卫生服务体系实施方案的通知
发布日期：2024-03-15　来源：济宁市人民政府办公室
各县（市、区）人民政府，济宁高新区、太白湖新区、济宁经济技术开发区管委会，市政府各部门，各大企业，各高等院校：
《济宁市进一步完善医疗卫生服务体系的实施方案》已经市政府同意，现印发给你们，请认真贯彻执行。

济宁市进一步完善医疗卫生服务体系的实施方案
一、进一步优化体系结构
（一）调整优化医疗资源布局。落实“十四五”卫生与健康规划，优化资源调整分配，提高资源使用效能。到2025年，全市医疗机构床位数保持适度有序增长。（责任单位：市卫生健康委、市财政局，排第一位为牵头单位，下同）
（二）加快高水平医疗建设。依托济宁市第一人民医院、济宁医学院附属医院2个省级区域医疗中心，深入推进医联体、专科联盟建设。（责任单位：市卫生健康委、市发展改革委）
（三）提升基层服务能力。到2025年，县域内基层门急诊人次占比达到65%以上。
（责任单位：市卫生健康委）
指标	2025年目标
省级区域医疗中心	6个以上
济宁市人民政府办公室
2024年3月15日`,
			},
			absent: []string{
				"首页", "政务公开", "当前位置", "热点信息", "全市卫生健康工作会议召开", "搜索",
				"统计代码", "siteName", "hm.baidu.com", "font-family", "分享到", "微信",
				"打印本页", "关闭窗口", "主办单位", "版权所有", "鲁ICP备",
			},
		},
		{
			file: "gb2312-page.html",
			want: Raw{
				Format:   "html",
				Encoding: "GB18030",
				Title:    "滨州市进一步完善医疗卫生服务体系若干措施",
				Text: `滨州市进一步完善医疗卫生服务体系若干措施
发布时间：2024年11月21日
一、总体要求
到2025年，全市医疗卫生服务体系进一步健全，公共卫生服务体系更加完善。
（一）优化资源配置，提升服务能力
1.提高公共卫生服务能力。健全疾控管理体系和运行体制。（牵头单位：市卫生健康委；配合单位：市财政局）
滨州市人民政府办公室`,
			},
			absent: []string{"网站首页", "信息公开", "网站标识码", "鲁公网安备", "jquery", "xml version"},
		},
		{
			file: "plan.docx",
			want: Raw{
				Format: "docx",
				Title:  "济宁市进一步完善医疗卫生服务体系的实施方案",
				Text: `济宁市进一步完善医疗卫生服务体系的实施方案

一、进一步优化体系结构
（一）调整优化医疗资源布局。落实“十四五”卫生与健康规划。（责任单位：市卫生健康委、市财政局，排第一位为牵头单位，下同）
（二）加快高水平医疗建设。到2025年，建成省级区域医疗中心6个以上。
指标	目标值
序号	任务
文本框内容
济宁市人民政府办公室
2024年3月15日`,
			},
			absent: []string{"已删除的旧目标", "济宁市卫生健康委员会"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ReadFile(context.Background(), filepath.Join("testdata", "read", tt.file))
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			checkRaw(t, got, tt.want, tt.absent)
		})
	}
}

func TestReadFileNoDocument(t *testing.T) {
	tests := []struct {
		file, problem string
	}{
		{"empty.txt", "empty file"},
		{"whitespace.txt", "empty file"},
		{"binary.txt", "binary data, not a text, HTML, DOCX or PDF document"},
		{"nav-only.html", "HTML page has no article text"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "read", tt.file)
			got, err := ReadFile(context.Background(), path)
			if err == nil {
				t.Fatalf("ReadFile = %+v, want an error", got)
			}
			if !errors.Is(err, ErrNoDocument) {
				t.Errorf("error %q does not wrap ErrNoDocument", err)
			}
			if want := path + ": " + tt.problem; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q does not start with %q", err, want)
			}
			if !reflect.DeepEqual(got, Raw{}) {
				t.Errorf("ReadFile returned %+v with its error", got)
			}
		})
	}
}

func TestReadBytes(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    Raw
		absent  []string
		problem string // when set, the error ReadBytes must return after the name
	}{
		{
			name: "notice.txt",
			in:   readFixture(t, "plan.docx"),
			want: Raw{Format: "docx", Title: "济宁市进一步完善医疗卫生服务体系的实施方案"},
		},
		{
			name: "plan.docx",
			in:   []byte("\ufeff<!-- saved from url=(0040)http://www.jining.gov.cn/ -->\r\n<HTML><BODY><P>一、总体要求</P></BODY></HTML>"),
			want: Raw{Format: "html", Encoding: "UTF-8", Text: "一、总体要求"},
		},
		{
			name: "markup-like.txt",
			in:   []byte("<2025年目标>\n（一）调整优化医疗资源布局。"),
			want: Raw{Format: "text", Encoding: "UTF-8", Text: "<2025年目标>\n（一）调整优化医疗资源布局。"},
		},
		{
			name: "cr.txt",
			in:   []byte("一、总体要求\r（一）指导思想。\r\r"),
			want: Raw{Format: "text", Encoding: "UTF-8", Text: "一、总体要求\n（一）指导思想。\n\n"},
		},
		{
			name: "gb18030.txt",
			in:   encodeGB18030(t, "（一）规范生僻字𠮷、䶮的录入。（责任单位：市公安局）"),
			want: Raw{Format: "text", Encoding: "GB18030", Text: "（一）规范生僻字𠮷、䶮的录入。（责任单位：市公安局）"},
		},
		{
			name: "gbk-no-meta.html",
			in:   encodeGB18030(t, "<html><head><title>实施方案</title></head><body><div id=\"content\"><p>（一）调整优化医疗资源布局。</p></div></body></html>"),
			want: Raw{Format: "html", Encoding: "GB18030", Title: "实施方案", Text: "（一）调整优化医疗资源布局。"},
		},
		{
			// An ASCII page decodes the same either way; the declaration decides.
			name: "declared-gb2312.html",
			in:   []byte(`<html><head><meta charset="GB2312"></head><body><p>Article 1.</p></body></html>`),
			want: Raw{Format: "html", Encoding: "GB18030", Text: "Article 1."},
		},
		{
			// Chinese in UTF-8 seldom decodes cleanly as GB18030: here the odd byte count
			// of the second paragraph leaves a lead byte before '<'.
			name: "mislabelled.html",
			in:   []byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><p>（一）调整优化医疗资源布局。</p><p>（二）加快高水平医疗建设。</p></body></html>`),
			want: Raw{Format: "html", Encoding: "UTF-8", Text: "（一）调整优化医疗资源布局。\n（二）加快高水平医疗建设。"},
		},
		{
			name: "layout.html",
			in: []byte("<div class=\"article-content\"><p>  Hello \n  world </p><p>&nbsp;</p><p>\u3000\u3000</p>" +
				"<p>调整优化\n        医疗资源布局。</p><p>第一行<br>第二行<br><br><br>第三行</p>" +
				"<ul><li>甲</li><li>乙</li></ul><h2>二、</h2>正文</div>"),
			want: Raw{Format: "html", Encoding: "UTF-8", Text: "Hello world\n\n调整优化医疗资源布局。\n第一行\n第二行\n\n第三行\n甲\n乙\n二、\n正文"},
		},
		{
			// A marked title alone is not the article: the page is read without its link lists.
			name: "unmarked-article.html",
			in: []byte(`<body><div class="article-title">实施方案</div><ul><li><a href="/1">市政府常务会议</a></li><li><a href="/2">政策解读</a></li></ul>` +
				`<div class="wz"><p>一、进一步优化体系结构</p><p>（一）调整优化医疗资源布局。（责任单位：市卫生健康委）</p></div></body>`),
			want:   Raw{Format: "html", Encoding: "UTF-8", Text: "实施方案\n一、进一步优化体系结构\n（一）调整优化医疗资源布局。（责任单位：市卫生健康委）"},
			absent: []string{"市政府常务会议", "政策解读"},
		},
		{
			// A class naming a sidebar on a wrapper of the whole page does not hide the page.
			name: "wrapper.html",
			in:   []byte(`<body><div class="page has-sidebar"><aside><a href="/">首页</a></aside><p>（一）调整优化医疗资源布局。</p><p>（二）加快高水平医疗建设。</p></div></body>`),
			want: Raw{Format: "html", Encoding: "UTF-8", Text: "（一）调整优化医疗资源布局。\n（二）加快高水平医疗建设。"},
		},
		{
			// A print area around the article is not print chrome.
			name: "print-area.html",
			in:   []byte(`<body><div class="menu"><a href="/">首页</a></div><div id="printArea"><h1>实施方案</h1><p>（一）调整优化医疗资源布局。</p></div><div class="print"><a href="#">打印</a></div></body>`),
			want: Raw{Format: "html", Encoding: "UTF-8", Text: "实施方案\n（一）调整优化医疗资源布局。"},
		},
		{
			name:    "nul.txt",
			in:      []byte("一、总体要求\x00\x00\x01"),
			problem: "binary data, not a text, HTML, DOCX or PDF document",
		},
		{
			name:    "latin1.txt",
			in:      []byte("caf\xe9 cr\xe8me"),
			problem: "binary data, not a text, HTML, DOCX or PDF document",
		},
		{
			name:    "script-only.html",
			in:      []byte(`<html><body><script>var a = "（一）调整优化";</script><noscript>请启用脚本</noscript></body></html>`),
			problem: "HTML page has no article text",
		},
		{
			name:    "truncated.docx",
			in:      []byte("PK\x03\x04\x14\x00\x06\x00"),
			problem: "unreadable zip archive, not a DOCX document",
		},
		{
			name:    "book.xlsx",
			in:      makeZip(t, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>"),
			problem: "zip archive without word/document.xml, not a DOCX document",
		},
		{
			name:    "broken.docx",
			in:      makeZip(t, "word/document.xml", wordXML("<w:p><w:r><w:t>（一）调整</w:t></w:p>")),
			problem: "unreadable DOCX, word/document.xml",
		},
		{
			name:    "blank.docx",
			in:      makeZip(t, "word/document.xml", wordXML("<w:p/><w:p><w:r><w:t xml:space=\"preserve\">  </w:t></w:r></w:p>")),
			problem: "DOCX document has no text",
		},
		{
			name: "no-core.docx",
			in:   makeZip(t, "word/document.xml", wordXML("<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p><w:p><w:r><w:t>第一行&#13;第二行</w:t></w:r></w:p>")),
			want: Raw{Format: "docx", Text: "一、总体要求\n第一行\n第二行"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadBytes(context.Background(), tt.name, tt.in)
			if tt.problem != "" {
				if err == nil {
					t.Fatalf("ReadBytes = %+v, want an error", got)
				}
				if want := tt.name + ": " + tt.problem; !strings.HasPrefix(err.Error(), want) {
					t.Errorf("error %q does not start with %q", err, want)
				}
				if !errors.Is(err, ErrNoDocument) {
					t.Errorf("error %q does not wrap ErrNoDocument", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadBytes: %v", err)
			}
			if tt.want.Text == "" {
				// Only the format is under test; the content is checked in TestReadFile.
				tt.want.Text = got.Text
			}
			checkRaw(t, got, tt.want, tt.absent)
		})
	}
}

func TestReadFileMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.txt")
	_, err := ReadFile(context.Background(), path)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("error %v, want one for a missing file", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name %s", err, path)
	}
	if errors.Is(err, ErrNoDocument) {
		t.Errorf("error %q wraps ErrNoDocument, but the file does not exist", err)
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadFile(ctx, filepath.Join("testdata", "read", "gov-page.html")); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadFile error = %v, want context.Canceled", err)
	}
	if _, err := ReadBytes(ctx, "page.html", readFixture(t, "gov-page.html")); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadBytes error = %v, want context.Canceled", err)
	}
}
