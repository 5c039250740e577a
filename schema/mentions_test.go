package schema

import (
	"testing"
)

// TestMentionSpans reads measure （一） of the 济宁 final plan: it founds 市康复医院
// (市妇幼保健院康复院区) and names 市卫生健康委、市残联、市发展改革委、市财政局 in its note.
// Every span must cut exactly those words out of the document's text.
func TestMentionSpans(t *testing.T) {
	s, r := seedServer(t)
	var got struct {
		Document struct {
			Text     string
			Measures struct {
				Nodes []struct {
					Number              string
					InstitutionMentions []struct {
						Text        string
						Span        struct{ Start, End int }
						Institution struct{ Name string }
					}
					Agencies []struct {
						Mention string
						Role    string
						Spans   []struct{ Start, End int }
						Agency  struct{ Name string }
					}
				}
			}
		}
	}
	run(t, s, r, `{ document(id: "jining-plan-final") { text measures(first: 1) { nodes { number
		institutionMentions { text span { start end } institution { name } }
		agencies { mention role spans { start end } agency { name } } } } } }`, nil, &got)
	text := []rune(got.Document.Text)
	cut := func(start, end int) string {
		if start < 0 || end > len(text) || start >= end {
			return ""
		}
		return string(text[start:end])
	}
	m := got.Document.Measures.Nodes[0]
	if m.Number != "（一）" {
		t.Fatalf("first measure %q, want （一）", m.Number)
	}
	wantInst := []struct{ text, name string }{
		{"市康复医院", "济宁市康复医院"},
		{"市妇幼保健院康复院区", "济宁市妇幼保健院康复院区"},
	}
	if len(m.InstitutionMentions) != len(wantInst) {
		t.Fatalf("institution mentions %+v, want %v", m.InstitutionMentions, wantInst)
	}
	for i, w := range wantInst {
		g := m.InstitutionMentions[i]
		if g.Text != w.text || g.Institution.Name != w.name || cut(g.Span.Start, g.Span.End) != w.text {
			t.Errorf("mention %d: %q of %s at %v cuts %q; want %q of %s", i, g.Text, g.Institution.Name, g.Span, cut(g.Span.Start, g.Span.End), w.text, w.name)
		}
	}
	wantAgencies := []struct{ name, role string }{
		{"市卫生健康委", "LEAD"}, {"市残联", "SUPPORT"}, {"市发展改革委", "SUPPORT"}, {"市财政局", "SUPPORT"},
	}
	if len(m.Agencies) != len(wantAgencies) {
		t.Fatalf("agencies %+v, want %v", m.Agencies, wantAgencies)
	}
	for i, w := range wantAgencies {
		g := m.Agencies[i]
		if g.Agency.Name != w.name || g.Role != w.role || g.Mention != w.name || len(g.Spans) != 1 {
			t.Errorf("agency %d: %+v, want %s as %s printed once", i, g, w.name, w.role)
			continue
		}
		if c := cut(g.Spans[0].Start, g.Spans[0].End); c != w.name {
			t.Errorf("agency %s: span cuts %q", w.name, c)
		}
	}
}

// TestFindSpans counts runes, not bytes, and finds every occurrence.
func TestFindSpans(t *testing.T) {
	tests := []struct {
		text  string
		base  int
		words []string
		want  [][2]int
	}{
		{"由市卫生健康委牵头，市卫生健康委负责", 10, []string{"市卫生健康委"}, [][2]int{{11, 17}, {20, 26}}},
		{"ab医院cd", 0, []string{"医院", "cd"}, [][2]int{{2, 4}, {4, 6}}},
		{"没有", 0, []string{"医院", ""}, nil},
	}
	for _, tt := range tests {
		got := findSpans(tt.text, tt.base, tt.words)
		if len(got) != len(tt.want) {
			t.Errorf("findSpans(%q, %v) = %v, want %v", tt.text, tt.words, got, tt.want)
			continue
		}
		for i, s := range got {
			if s.Start != tt.want[i][0] || s.End != tt.want[i][1] {
				t.Errorf("findSpans(%q, %v)[%d] = %v, want %v", tt.text, tt.words, i, s, tt.want[i])
			}
		}
	}
}
