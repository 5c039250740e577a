package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/policykg/policykg/policy"
)

func TestSplitParagraphs(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []TextSpan
	}{
		{"lines", "甲乙丙。\n丁戊。", []TextSpan{{"甲乙丙。", policy.Span{Start: 0, End: 4}}, {"丁戊。", policy.Span{Start: 5, End: 8}}}},
		{"blank lines and indents", "\n\n　甲乙。 \n\n\n丙丁。\n", []TextSpan{{"甲乙。", policy.Span{Start: 3, End: 6}}, {"丙丁。", policy.Span{Start: 10, End: 13}}}},
		{"heading opens its paragraph", "托育工作取得新成效\n\n目前全市备案托育机构达到650家。", []TextSpan{
			{"托育工作取得新成效\n\n目前全市备案托育机构达到650家。", policy.Span{Start: 0, End: 28}}}},
		{"heading at the end stays", "甲。\n结语", []TextSpan{{"甲。", policy.Span{Start: 0, End: 2}}, {"结语", policy.Span{Start: 3, End: 5}}}},
		{"long line without a full stop is text", "一" + strings.Repeat("长", 41) + "\n乙。", []TextSpan{
			{"一" + strings.Repeat("长", 41), policy.Span{Start: 0, End: 42}}, {"乙。", policy.Span{Start: 43, End: 45}}}},
		{"empty", " \n \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitParagraphs(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			for _, p := range got {
				if s := string([]rune(tt.text)[p.Span.Start:p.Span.End]); s != p.Text {
					t.Errorf("span %v holds %q, not %q", p.Span, s, p.Text)
				}
			}
		})
	}
}
