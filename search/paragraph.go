package search

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/policykg/policykg/policy"
)

// ParagraphID is the ID of the k-th paragraph of a document.
func ParagraphID(docID string, k int) string { return fmt.Sprintf("paragraph:%s:%d", docID, k) }

// TextSpan is a stretch of a document's text with its rune offsets.
type TextSpan struct {
	Text string
	Span policy.Span
}

// maxHeadingRunes bounds a heading: a longer line without a full stop is running text.
const maxHeadingRunes = 40

// SplitParagraphs cuts a text into its paragraphs, one per non-blank line. A heading (a short
// line with no sentence-final mark, such as 托育工作取得新成效) opens the paragraph that follows
// it, so a hit in the heading or the body names the same paragraph. Spans are rune offsets
// into text, as every span of a document is.
func SplitParagraphs(text string) []TextSpan {
	runes := []rune(text)
	var out []TextSpan
	headStart, headEnd := -1, -1
	emit := func(start, end int) {
		out = append(out, TextSpan{string(runes[start:end]), policy.Span{Start: start, End: end}})
	}
	for i := 0; i <= len(runes); {
		j := i
		for j < len(runes) && runes[j] != '\n' {
			j++
		}
		s, e := i, j
		for s < e && unicode.IsSpace(runes[s]) {
			s++
		}
		for e > s && unicode.IsSpace(runes[e-1]) {
			e--
		}
		if s < e {
			switch {
			case isHeading(runes[s:e]):
				if headStart < 0 {
					headStart = s
				}
				headEnd = e
			case headStart >= 0:
				emit(headStart, e)
				headStart = -1
			default:
				emit(s, e)
			}
		}
		i = j + 1
	}
	if headStart >= 0 {
		emit(headStart, headEnd)
	}
	return out
}

func isHeading(line []rune) bool {
	return len(line) <= maxHeadingRunes && !strings.ContainsAny(string(line), "。！？!?")
}
