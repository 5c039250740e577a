package schema

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
)

// placesServer loads fixtures of the loader of three levels of government: an invented
// State Council opinion and plan, a provincial 办法 of 临川省 and a task table of 东岳市.
func placesServer(t *testing.T) (*model.Reader, func(query string, out any)) {
	t.Helper()
	ctx := context.Background()
	store, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	var paths []string
	for _, f := range []string{"national-opinion.txt", "national-plan.txt", "provincial-articles.txt", "task-table.html", "warnings.txt"} {
		paths = append(paths, filepath.Join("..", "loader", "testdata", "notations", f))
	}
	docs, err := loader.DefaultNames().LoadPaths(ctx, paths)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))
	return r, func(query string, out any) { run(t, s, r, query, nil, out) }
}

// TestLevelsAndJurisdictions asks for documents and measures by jurisdiction and level, and
// for the place of agencies: a national or provincial document has no city but is found by
// its jurisdiction.
func TestLevelsAndJurisdictions(t *testing.T) {
	_, query := placesServer(t)
	var got struct {
		National []struct {
			Title, Level, Jurisdiction string
			City                       *string
		} `json:"national"`
		Provincial []struct{ Title string } `json:"provincial"`
		Measures   struct{ TotalCount int } `json:"measures"`
		Agencies   []struct {
			Name, Level, Jurisdiction string
			City                      *string
			Measures                  struct{ TotalCount int }
		} `json:"agencies"`
		City []struct {
			Name, Level, Jurisdiction string
			City                      *string
		} `json:"city"`
	}
	query(`{
	  national: documents(level: NATIONAL) { title level jurisdiction city }
	  provincial: documents(jurisdiction: "临川") { title }
	  measures(jurisdiction: "临川省") { totalCount }
	  agencies(name: "财政部") { name level jurisdiction city measures { totalCount } }
	  city: agencies(name: "市卫生健康委", city: "东岳") { name level jurisdiction city }
	}`, &got)
	if len(got.National) != 2 || got.National[0].Title != "国务院办公厅关于推进县域养老服务体系建设的意见" ||
		got.National[1].Title != "国务院办公厅关于印发基层卫生人才能力提升行动方案的通知" {
		t.Errorf("national documents %+v", got.National)
	}
	for _, d := range got.National {
		if d.Level != "NATIONAL" || d.Jurisdiction != "国家" || d.City != nil {
			t.Errorf("national document %+v", d)
		}
	}
	if len(got.Provincial) != 1 || got.Provincial[0].Title != "临川省基层医疗卫生机构管理办法" {
		t.Errorf("documents of 临川 %+v", got.Provincial)
	}
	// 第三条, 第四条 and 第五条 of the 办法.
	if got.Measures.TotalCount != 3 {
		t.Errorf("measures of 临川省: %d, want 3", got.Measures.TotalCount)
	}
	// One node for 财政部 across both national documents: （一）（四） of the opinion, （一）（二）
	// of the plan.
	if len(got.Agencies) != 1 || got.Agencies[0].Level != "NATIONAL" || got.Agencies[0].Jurisdiction != "国家" || got.Agencies[0].City != nil ||
		got.Agencies[0].Measures.TotalCount != 4 {
		t.Errorf("财政部 %+v, want one national agency named in 4 measures", got.Agencies)
	}
	if len(got.City) != 1 || got.City[0].Level != "CITY" || got.City[0].Jurisdiction != "东岳市" || got.City[0].City == nil || *got.City[0].City != "东岳" {
		t.Errorf("市卫生健康委 of 东岳 %+v", got.City)
	}
}

// TestMeasureNotesAndWarnings asks for what the loader read of a measure beyond its
// agencies (section path, notes with spans, generic bodies, deadline) and for what it could
// not read.
func TestMeasureNotesAndWarnings(t *testing.T) {
	_, query := placesServer(t)
	type resp struct {
		Role   string
		Agency struct{ Name string }
	}
	var got struct {
		Opinion struct {
			Text     string
			Measures struct {
				Edges []struct {
					Node struct {
						Number        string
						SectionPath   []string
						GenericBodies []string
						Notes         []struct {
							Text     string
							Span     struct{ Start, End int }
							Agencies []resp
						}
					}
				}
			}
		} `json:"opinion"`
		Table struct {
			Measures struct {
				Edges []struct {
					Node struct {
						Number, Deadline string
						SectionPath      []string
					}
				}
			}
		} `json:"table"`
		Warned struct {
			Warnings []struct {
				Code, Message string
				Span          *struct{ Start, End int }
			}
		} `json:"warned"`
	}
	query(`{
	  opinion: document(id: "national-opinion") { text measures(first: 10) { edges { node {
	    number sectionPath genericBodies notes { text span { start end } agencies { role agency { name } } } } } } }
	  table: document(id: "task-table") { measures(first: 10) { edges { node { number deadline sectionPath } } } }
	  warned: document(id: "warnings") { warnings { code message span { start end } } }
	}`, &got)
	ms := got.Opinion.Measures.Edges
	if len(ms) != 6 {
		t.Fatalf("%d measures of the opinion, want 6", len(ms))
	}
	two := ms[1].Node
	if !slices.Equal(two.SectionPath, []string{"一、健全服务网络"}) || !slices.Equal(two.GenericBodies, []string{"有关部门"}) {
		t.Errorf("（二）: section path %q, generic bodies %q", two.SectionPath, two.GenericBodies)
	}
	four := ms[3].Node
	text := []rune(got.Opinion.Text)
	want := []struct {
		text string
		resp []string
	}{
		{"（国家卫生健康委、国家医保局负责）", []string{"国家卫生健康委/LEAD", "国家医保局/SUPPORT"}},
		{"（国家医保局牵头，财政部、人社部配合）", []string{"国家医保局/LEAD", "财政部/SUPPORT", "人力资源社会保障部/SUPPORT"}},
	}
	if len(four.Notes) != len(want) {
		t.Fatalf("（四）: %d notes, want %d", len(four.Notes), len(want))
	}
	for i, w := range want {
		n := four.Notes[i]
		var rs []string
		for _, r := range n.Agencies {
			rs = append(rs, r.Agency.Name+"/"+r.Role)
		}
		if n.Text != w.text || string(text[n.Span.Start:n.Span.End]) != w.text || !slices.Equal(rs, w.resp) {
			t.Errorf("（四） note %d: %q at %v with %q; want %q with %q", i+1, n.Text, n.Span, rs, w.text, w.resp)
		}
	}
	rows := got.Table.Measures.Edges
	if len(rows) != 4 || rows[1].Node.Deadline != "2025年底前" || rows[3].Node.Deadline != "持续推进" ||
		!slices.Equal(rows[2].Node.SectionPath, []string{"东岳市基层卫生能力提升重点任务分工表", "二、完善保障机制"}) {
		t.Errorf("task table rows %+v", rows)
	}
	var codes []string
	for _, w := range got.Warned.Warnings {
		codes = append(codes, w.Code)
		if w.Span == nil || w.Message == "" {
			t.Errorf("warning %+v without its place or message", w)
		}
	}
	if !slices.Equal(codes, []string{"UNREAD_NOTE", "UNKNOWN_LABEL", "NO_UNITS", "NO_UNITS"}) {
		t.Errorf("warnings %q", codes)
	}
}
