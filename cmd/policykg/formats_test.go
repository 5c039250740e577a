package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The fixtures are the loader's: an invented city's GBK news page and a plan and its task
// table printed to PDF, Chinese in CID fonts (testdata/pdf/gen.go in the loader makes them).
const (
	newsPage  = "../../loader/testdata/news/heyang-news.html"
	planPDF   = "../../loader/testdata/pdf/plan-chromium.pdf"
	tasksPDF  = "../../loader/testdata/pdf/tasks-chromium.pdf"
	scanPDF   = "../../loader/testdata/pdf/scanned.pdf"
	lockedPDF = "../../loader/testdata/pdf/locked.pdf"
)

// TestExtractNewsPage: a GBK news page whose byline is 来源：… and 作者：记者 … is NEWS by its
// content, with the figures it reports as reached; 具体措施25项 and 三年计划2个 count parts of
// policies and 力争到2025年…92%以上 is a goal, so none of them is an observation.
func TestExtractNewsPage(t *testing.T) {
	out, stderr, err := runCLI(t, "extract", newsPage)
	if err != nil {
		t.Fatalf("extract: %v\n%s", err, stderr)
	}
	var d struct {
		Status, Title, Date, City, Encoding string
		Observations                        []struct{ Indicator, ValueText string }
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Status != "NEWS" || d.Title != "河阳市基层医疗卫生服务能力持续提升" || d.Date != "2024-06-12" || d.City != "河阳" || d.Encoding != "GB18030" {
		t.Errorf("status, title, date, city, encoding = %q, %q, %q, %q, %q", d.Status, d.Title, d.Date, d.City, d.Encoding)
	}
	var got []string
	for _, o := range d.Observations {
		got = append(got, o.ValueText)
	}
	want := []string{"12个", "18家", "63.5%", "91.2%", "215万人", "82.6%", "全省第3位"}
	if !slices.Equal(got, want) {
		t.Errorf("observations %q, want %q", got, want)
	}
}

// TestExtractPDF: the plan and its task table read from PDFs in CID fonts as from their text.
func TestExtractPDF(t *testing.T) {
	type measure struct {
		Number, Title    string
		Deadline         *string
		Responsibilities []struct {
			Agency struct{ Name string }
			Role   string
		}
	}
	var plan, tasks struct {
		Title, DocNumber, Format string
		Measures                 []measure
	}
	for _, c := range []struct {
		file string
		into any
	}{{planPDF, &plan}, {tasksPDF, &tasks}} {
		out, stderr, err := runCLI(t, "extract", c.file)
		if err != nil {
			t.Fatalf("extract %s: %v\n%s", c.file, err, stderr)
		}
		if err := json.Unmarshal([]byte(out), c.into); err != nil {
			t.Fatal(err)
		}
	}
	if plan.Title != "云泽市人民政府办公室关于印发云泽市推进紧密型县域医疗卫生共同体建设实施方案的通知" || plan.DocNumber != "云政办发〔2024〕7号" || plan.Format != "pdf" {
		t.Errorf("plan: title, number, format = %q, %q, %q", plan.Title, plan.DocNumber, plan.Format)
	}
	var titles []string
	for _, m := range plan.Measures {
		titles = append(titles, m.Number+m.Title)
	}
	if want := []string{"1.健全领导机制", "2.落实医共体经营管理自主权", "1.加强县级医院能力建设", "2.推动优质资源下沉", "（三）深化医保支付方式改革"}; !slices.Equal(titles, want) {
		t.Errorf("plan measures %q, want %q", titles, want)
	}
	if tasks.Title != "云泽市推进紧密型县域医共体建设重点任务分工表" || len(tasks.Measures) != 4 {
		t.Fatalf("tasks: title %q, %d measures, want the table's title and 4 rows", tasks.Title, len(tasks.Measures))
	}
	row := tasks.Measures[1]
	var units []string
	for _, a := range row.Responsibilities {
		units = append(units, a.Agency.Name+"/"+a.Role)
	}
	if row.Deadline == nil || *row.Deadline != "2025年6月底前" || strings.Join(units, " ") != "市卫生健康委/LEAD 市人力资源社会保障局/LEAD 各县市人民政府/SUPPORT" {
		t.Errorf("tasks row 2: deadline %v, units %q", row.Deadline, units)
	}
}

// TestPDFRefused: a scan without a text layer and a PDF locked with a password are
// refused by extract and by load, the message naming the file and what is wrong with it,
// and a load that meets one loads none of the folder.
func TestPDFRefused(t *testing.T) {
	for _, c := range []struct{ file, problem string }{
		{scanPDF, "PDF has no text layer, only images (a scan?): run it through OCR first"},
		{lockedPDF, "PDF is encrypted with a password"},
	} {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			_, _, err := runCLI(t, "extract", c.file)
			if err == nil || exitCode(err) == 0 || !strings.Contains(err.Error(), c.file+": "+c.problem) {
				t.Errorf("extract: error %v, want one saying %s: %s", err, c.file, c.problem)
			}
			dir := t.TempDir()
			for _, f := range []string{planPDF, c.file} {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			store := "bolt:" + filepath.Join(t.TempDir(), "kg.db")
			_, _, err = runCLI(t, "load", "--store", store, dir)
			if err == nil || !strings.Contains(err.Error(), filepath.Base(c.file)+": "+c.problem) {
				t.Fatalf("load: error %v, want one naming %s", err, filepath.Base(c.file))
			}
			out, stderr, err := runCLI(t, "query", "--store", store, `{ documents { id } }`)
			if err != nil {
				t.Fatalf("query: %v\n%s", err, stderr)
			}
			if strings.Contains(out, "plan-chromium") {
				t.Errorf("the refused load stored the plan beside the %s:\n%s", filepath.Base(c.file), out)
			}
		})
	}
}

// TestLoadNewsAndPDF loads the news page and the PDFs with one command and finds them in
// GraphQL: the news page's observations, the PDF plan's measures with their units.
func TestLoadNewsAndPDF(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{newsPage, planPDF} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, stderr, err := runCLI(t, "query", "--store", "memory", "--load", dir,
		`{ news: documents(status: NEWS) { title observations { valueText indicator { name } } }
		   plans: measures(agency: "市医保局", city: "云泽") { totalCount edges { node { title } } } }`)
	if err != nil {
		t.Fatalf("query: %v\n%s", err, stderr)
	}
	var res struct {
		Data struct {
			News []struct {
				Title        string
				Observations []struct {
					ValueText string
					Indicator struct{ Name string }
				}
			}
			Plans struct {
				TotalCount int
				Edges      []struct{ Node struct{ Title string } }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(res.Data.News) != 1 || res.Data.News[0].Title != "河阳市基层医疗卫生服务能力持续提升" || len(res.Data.News[0].Observations) != 7 {
		t.Fatalf("news documents %+v, want the 河阳 page with 7 observations", res.Data.News)
	}
	for _, o := range res.Data.News[0].Observations {
		if strings.Contains(o.Indicator.Name, "措施") || strings.Contains(o.Indicator.Name, "计划") {
			t.Errorf("observation %s of %q counts parts of a policy", o.ValueText, o.Indicator.Name)
		}
	}
	// 市医保局 supports 2.推动优质资源下沉 and leads （三）深化医保支付方式改革.
	var titles []string
	for _, e := range res.Data.Plans.Edges {
		titles = append(titles, e.Node.Title)
	}
	if want := []string{"推动优质资源下沉", "深化医保支付方式改革"}; res.Data.Plans.TotalCount != 2 || !slices.Equal(titles, want) {
		t.Errorf("measures of 市医保局 in 云泽: %d %q, want %q", res.Data.Plans.TotalCount, titles, want)
	}
}
