package loader

import "strings"

// halfWidth maps the full-width forms the documents mix with ASCII onto one form, one rune
// for one rune, so that offsets found in the normalised text are offsets in the original.
var halfWidth = func() map[rune]rune {
	m := map[rune]rune{
		'（': '(', '）': ')', '，': ',', '：': ':', '；': ';', '．': '.', '∶': ':',
		'［': '[', '］': ']', '　': ' ', '－': '-', '＋': '+', '％': '%', '﹪': '%',
		'﹒': '.', '﹑': '、', '﹐': ',', '﹔': ';', '﹕': ':', '﹙': '(', '﹚': ')',
	}
	for r := '０'; r <= '９'; r++ {
		m[r] = '0' + (r - '０')
	}
	return m
}()

// normalize returns s with full-width punctuation and digits mapped to ASCII, rune for rune.
func normalize(s []rune) []rune {
	out := make([]rune, len(s))
	for i, r := range s {
		if h, ok := halfWidth[r]; ok {
			r = h
		}
		out[i] = r
	}
	return out
}

// fullWidthParenReplacer is built once: a strings.Replacer builds its tables on first use,
// which per call cost more than the replacing (400 MB of garbage for 1,000 documents).
var fullWidthParenReplacer = strings.NewReplacer("(", "（", ")", "）")

// fullWidthParens writes the parentheses of a name the way official names print them.
func fullWidthParens(s string) string {
	return fullWidthParenReplacer.Replace(s)
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF
}

// compact removes all white space from s: titles are often printed spaced out (实 施 方 案).
func compact(s string) string {
	return strings.Join(strings.Fields(s), "")
}
