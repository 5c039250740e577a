package schema

import (
	"context"
	"slices"
	"strings"
	"testing"
)

type gotHit struct {
	Kind  string
	Score float64
	Node  struct {
		ID       string
		Typename string `json:"__typename"`
	} `json:"node"`
	Document  *struct{ ID string }
	Paragraph *int
	Text      string
	Span      *struct{ Start, End int }
	Highlight []struct {
		Field     string
		Fragments []string
		Terms     []string
	} `json:"highlights"`
}

type gotHits struct {
	Search struct {
		TotalCount int
		Edges      []struct {
			Cursor string
			Node   gotHit
		}
		PageInfo struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       string
		}
	}
}

const searchQuery = `query($text: String!, $kinds: [SearchHitKind!], $first: Int, $after: String, $last: Int, $before: String) {
  search(text: $text, kinds: $kinds, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node {
      kind score
      node { id __typename }
      document { id }
      paragraph text span { start end }
      highlights { field fragments terms }
    } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }`

// TestSearchTerms runs the search terms through GraphQL. The measures expected are
// those whose printed text holds the term, read from the seed texts.
func TestSearchTerms(t *testing.T) {
	s, r := seedServer(t)
	tests := []struct {
		text     string
		measures []string
		// paragraphs are the news paragraphs expected, by their first line.
		paragraphs []string
	}{
		{"安宁疗护", []string{
			"measure:binzhou-measures-2024:3",
			"measure:jining-plan-draft:1", "measure:jining-plan-draft:11",
			"measure:jining-plan-final:1", "measure:jining-plan-final:11"}, nil},
		{"中医阁", []string{"measure:binzhou-measures-2024:4", "measure:jining-plan-draft:5", "measure:jining-plan-final:5"}, nil},
		{"医共体", []string{
			"measure:binzhou-measures-2024:10", "measure:binzhou-measures-2024:12", "measure:binzhou-measures-2024:22",
			"measure:jining-plan-draft:23", "measure:jining-plan-draft:8", "measure:jining-plan-draft:9",
			"measure:jining-plan-final:23", "measure:jining-plan-final:8", "measure:jining-plan-final:9"},
			[]string{"开展紧密型县域医共体建设"}},
		{"医保", []string{
			"measure:binzhou-measures-2024:10", "measure:binzhou-measures-2024:11", "measure:binzhou-measures-2024:14",
			"measure:binzhou-measures-2024:18", "measure:binzhou-measures-2024:23", "measure:binzhou-measures-2024:25",
			"measure:binzhou-measures-2024:27", "measure:binzhou-measures-2024:29", "measure:binzhou-measures-2024:31",
			"measure:binzhou-measures-2024:32",
			"measure:jining-plan-draft:17", "measure:jining-plan-draft:19", "measure:jining-plan-draft:2",
			"measure:jining-plan-draft:20", "measure:jining-plan-draft:21", "measure:jining-plan-draft:24",
			"measure:jining-plan-draft:26", "measure:jining-plan-draft:5", "measure:jining-plan-draft:8",
			"measure:jining-plan-final:17", "measure:jining-plan-final:19", "measure:jining-plan-final:2",
			"measure:jining-plan-final:20", "measure:jining-plan-final:21", "measure:jining-plan-final:24",
			"measure:jining-plan-final:26", "measure:jining-plan-final:5", "measure:jining-plan-final:8"},
			[]string{"深化医改工程取得新突破"}},
		{"托育", nil, []string{"托育工作取得新成效", "推动中医药体系建设"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got gotHits
			run(t, s, r, searchQuery, map[string]any{"text": tt.text, "first": 100}, &got)
			var measures, paragraphs []string
			for _, e := range got.Search.Edges {
				h := e.Node
				switch h.Kind {
				case "MEASURE":
					measures = append(measures, h.Node.ID)
				case "PARAGRAPH":
					line, _, _ := strings.Cut(h.Text, "\n")
					paragraphs = append(paragraphs, line)
					if h.Node.Typename != "Document" || h.Document == nil || h.Node.ID != h.Document.ID || h.Paragraph == nil || h.Span == nil {
						t.Errorf("paragraph hit without its document, position or span: %+v", h)
					}
				}
				checkHitHighlights(t, tt.text, h)
			}
			slices.Sort(measures)
			slices.Sort(paragraphs)
			if !slices.Equal(measures, tt.measures) {
				t.Errorf("measures = %v, want %v", measures, tt.measures)
			}
			if want := slices.Sorted(slices.Values(tt.paragraphs)); !slices.Equal(paragraphs, want) {
				t.Errorf("paragraphs = %v, want %v", paragraphs, want)
			}
			if got.Search.TotalCount != len(got.Search.Edges) {
				t.Errorf("totalCount %d, %d edges", got.Search.TotalCount, len(got.Search.Edges))
			}
			for i := 1; i < len(got.Search.Edges); i++ {
				if got.Search.Edges[i].Node.Score > got.Search.Edges[i-1].Node.Score {
					t.Errorf("hit %d scores more than hit %d", i, i-1)
				}
			}
		})
	}
}

func checkHitHighlights(t *testing.T, text string, h gotHit) {
	t.Helper()
	if len(h.Highlight) == 0 {
		t.Errorf("%s %s has no highlight", h.Kind, h.Node.ID)
	}
	for _, hl := range h.Highlight {
		marked := slices.ContainsFunc(hl.Fragments, func(f string) bool { return strings.Contains(f, "<mark>"+text+"</mark>") })
		if !marked || !slices.Contains(hl.Terms, text) {
			t.Errorf("%s %s: highlight %+v does not mark %s", h.Kind, h.Node.ID, hl, text)
		}
	}
}

// TestSearchParagraph checks the paragraph 托育 names: its text is the document's text
// over its span, and it is the best hit.
func TestSearchParagraph(t *testing.T) {
	s, r := seedServer(t)
	var got gotHits
	run(t, s, r, searchQuery, map[string]any{"text": "托育", "kinds": []any{"PARAGRAPH"}}, &got)
	if len(got.Search.Edges) == 0 {
		t.Fatal("托育 finds no paragraph")
	}
	best := got.Search.Edges[0].Node
	if !strings.HasPrefix(best.Text, "托育工作取得新成效") || !strings.Contains(best.Text, "目前全市备案托育机构达到650家") {
		t.Errorf("best paragraph is %q", best.Text)
	}
	var doc struct{ Document struct{ Text string } }
	run(t, s, r, `query($id: ID!) { document(id: $id) { text } }`, map[string]any{"id": best.Document.ID}, &doc)
	if got := string([]rune(doc.Document.Text)[best.Span.Start:best.Span.End]); got != best.Text {
		t.Errorf("span %+v holds %q, not the paragraph", *best.Span, got)
	}
}

// TestSearchPages walks the hits of 医保 page by page, forwards and backwards.
func TestSearchPages(t *testing.T) {
	s, r := seedServer(t)
	var all gotHits
	run(t, s, r, searchQuery, map[string]any{"text": "医保"}, &all)
	var want []string
	for _, e := range all.Search.Edges {
		want = append(want, e.Node.Node.ID)
	}
	if len(want) < 10 {
		t.Fatalf("医保 finds %d hits; the test needs more than a page", len(want))
	}
	var forward []string
	vars := map[string]any{"text": "医保", "first": 4}
	for {
		var page gotHits
		run(t, s, r, searchQuery, vars, &page)
		for _, e := range page.Search.Edges {
			forward = append(forward, e.Node.Node.ID)
		}
		if page.Search.TotalCount != len(want) {
			t.Errorf("totalCount %d on a page, %d in all", page.Search.TotalCount, len(want))
		}
		if !page.Search.PageInfo.HasNextPage {
			break
		}
		vars["after"] = page.Search.PageInfo.EndCursor
	}
	if !slices.Equal(forward, want) {
		t.Errorf("pages forward give %v, want %v", forward, want)
	}
	var backward []string
	vars = map[string]any{"text": "医保", "last": 4}
	for {
		var page gotHits
		run(t, s, r, searchQuery, vars, &page)
		var ids []string
		for _, e := range page.Search.Edges {
			ids = append(ids, e.Node.Node.ID)
		}
		backward = append(ids, backward...)
		if !page.Search.PageInfo.HasPreviousPage {
			break
		}
		vars["before"] = page.Search.PageInfo.StartCursor
	}
	if !slices.Equal(backward, want) {
		t.Errorf("pages backward give %v, want %v", backward, want)
	}
}

// TestMeasuresText checks that measures(text:) finds through the index and keeps the
// usual order (document, then ordinal), combined with the other arguments.
func TestMeasuresText(t *testing.T) {
	s, r := seedServer(t)
	tests := []struct {
		args string
		want []string
	}{
		{`text: "安宁疗护", city: "济宁"`, []string{
			"measure:jining-plan-draft:1", "measure:jining-plan-draft:11", "measure:jining-plan-final:1", "measure:jining-plan-final:11"}},
		{`text: "中医阁"`, []string{"measure:binzhou-measures-2024:4", "measure:jining-plan-draft:5", "measure:jining-plan-final:5"}},
		{`text: "阁", document: "jining-plan-final"`, []string{"measure:jining-plan-final:5"}},
		{`text: "医共体 医保", agency: "市医保局", role: SUPPORT, city: "济宁"`, []string{"measure:jining-plan-draft:8", "measure:jining-plan-final:8"}},
	}
	for _, tt := range tests {
		var got struct {
			Measures struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
		run(t, s, r, `{ measures(`+tt.args+`) { totalCount edges { node { id } } } }`, nil, &got)
		var ids []string
		for _, e := range got.Measures.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !slices.Equal(ids, tt.want) || got.Measures.TotalCount != len(tt.want) {
			t.Errorf("measures(%s) = %v (total %d), want %v", tt.args, ids, got.Measures.TotalCount, tt.want)
		}
	}
}

// TestSearchRefusals checks that text the index cannot search is a clear error, not an
// empty answer.
func TestSearchRefusals(t *testing.T) {
	s, r := seedServer(t)
	for _, q := range []string{
		`{ search(text: "、，") { totalCount } }`,
		`{ search(text: "   ") { totalCount } }`,
		`{ measures(text: "。") { totalCount } }`,
	} {
		res, err := Execute(context.Background(), s, r, Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, "has no word to search for") || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %v, want BAD_USER_INPUT: no word to search for", q, res.Errors)
		}
	}
}
