package loader

import (
	"regexp"
	"strings"
	"unicode"
)

// markerStyle is one way of printing a number: 一、 （一） 1. （1） ①.
type markerStyle int

const (
	styleHanComma    markerStyle = iota + 1 // 一、
	styleHanParen                           // (一)
	styleDigitDot                           // 1.  1、
	styleDigitParen                         // (1)
	styleCircled                            // ①
	styleChapter                            // 第一章
	styleSection                            // 第一节
	styleArticle                            // 第一条
	styleHanShi                             // 一是
	styleDigitRParen                        // 1）
)

// marker is a numbering mark found in the text.
type marker struct {
	style markerStyle
	n     int
	start int // rune offset of the mark
	end   int // rune offset just after the mark
}

// node is a numbered unit of the document: a section, a sub-section or an item.
type node struct {
	marker
	level    int
	parent   *node
	children []*node
	bodyEnd  int // end of the unit's own text (before the next mark)
}

var hanDigits = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

// hanNumber parses a Chinese numeral up to 999 (一 … 十 … 九十九 … 一百零五).
func hanNumber(rs []rune) (int, bool) {
	if len(rs) == 0 || len(rs) > 6 {
		return 0, false
	}
	n, cur := 0, 0
	for _, r := range rs {
		switch r {
		case '百':
			if cur == 0 {
				cur = 1
			}
			n += cur * 100
			cur = 0
			continue
		case '零', '〇':
			continue
		}
		d, ok := hanDigits[r]
		if !ok {
			return 0, false
		}
		if d == 10 {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		cur = d
	}
	return n + cur, true
}

// isHanNumeral reports whether r can be part of a Chinese numeral.
func isHanNumeral(r rune) bool { return hanDigits[r] != 0 || r == '百' || r == '零' || r == '〇' }

// ordinalMark reads 第一章, 第二节, 第十二条 at t[i]: its style and number.
func ordinalMark(t []rune, i int) (marker, bool) {
	j := i + 1
	for j < len(t) && j-i <= 7 && (isHanNumeral(t[j]) || t[j] >= '0' && t[j] <= '9') {
		j++
	}
	if j == i+1 || j >= len(t) {
		return marker{}, false
	}
	n, ok := hanNumber(t[i+1 : j])
	if !ok {
		if n, ok = digits(t[i+1 : j]); !ok {
			return marker{}, false
		}
	}
	var st markerStyle
	switch t[j] {
	case '章':
		st = styleChapter
	case '节':
		st = styleSection
	case '条':
		st = styleArticle
	default:
		return marker{}, false
	}
	// 第一条 starts an article only when words follow, not 第一条规定 of another text.
	return marker{st, n, i, j + 1}, true
}

// scanMarkers finds every candidate numbering mark in the normalised text.
func scanMarkers(t []rune) []marker {
	var ms []marker
	for i := 0; i < len(t); i++ {
		r := t[i]
		switch {
		case r == '(' || r == '〔':
			j := i + 1
			for j < len(t) && j-i <= 4 && (hanDigits[t[j]] != 0 || unicode.IsDigit(t[j])) {
				j++
			}
			if j < len(t) && j > i+1 && t[j] == ')' {
				if n, ok := hanNumber(t[i+1 : j]); ok {
					ms = append(ms, marker{styleHanParen, n, i, j + 1})
				} else if n, ok := digits(t[i+1 : j]); ok {
					ms = append(ms, marker{styleDigitParen, n, i, j + 1})
				}
			}
		case r == '第':
			if m, ok := ordinalMark(t, i); ok && boundary(t, i) {
				ms = append(ms, m)
				i = m.end - 1
			}
		case hanDigits[r] != 0:
			j := i
			for j < len(t) && j-i < 3 && hanDigits[t[j]] != 0 {
				j++
			}
			if j < len(t) && t[j] == '、' {
				if n, ok := hanNumber(t[i:j]); ok {
					ms = append(ms, marker{styleHanComma, n, i, j + 1})
				}
			} else if j < len(t) && t[j] == '是' && (i == 0 || !isHan(t[i-1])) {
				// 一是…二是…: the parts of an item, or items of their own where nothing
				// else numbers them.
				if n, ok := hanNumber(t[i:j]); ok && (j+1 >= len(t) || t[j+1] != '否') {
					ms = append(ms, marker{styleHanShi, n, i, j + 1})
				}
			}
			i = j - 1
		case r >= '0' && r <= '9':
			j := i
			for j < len(t) && t[j] >= '0' && t[j] <= '9' {
				j++
			}
			if i > 0 && (t[i-1] >= '0' && t[i-1] <= '9' || t[i-1] == '.') {
				i = j - 1
				continue
			}
			if j < len(t) && (t[j] == '.' || t[j] == '、') && j-i <= 3 && (j+1 >= len(t) || !unicode.IsDigit(t[j+1]) && t[j+1] != '%') {
				n, _ := digits(t[i:j])
				ms = append(ms, marker{styleDigitDot, n, i, j + 1})
			} else if j < len(t) && t[j] == ')' && j-i <= 2 && (i == 0 || t[i-1] != '(') && boundary(t, i) {
				n, _ := digits(t[i:j])
				ms = append(ms, marker{styleDigitRParen, n, i, j + 1})
			}
			i = j - 1
		case r >= '①' && r <= '⑳':
			ms = append(ms, marker{styleCircled, int(r-'①') + 1, i, i + 1})
		case r >= '⑴' && r <= '⒇':
			ms = append(ms, marker{styleDigitParen, int(r-'⑴') + 1, i, i + 1})
		}
	}
	return ms
}

func digits(rs []rune) (int, bool) {
	n := 0
	for _, r := range rs {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, len(rs) > 0
}

// boundary reports whether a mark at offset i starts a new unit by what precedes it: the
// start of the text or a line, the end of a sentence or of a bracketed note.
func boundary(t []rune, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch t[j] {
		case ' ', '\t':
			continue
		case '\n', '。', ')', '〕', ';', ']', '】', '”', '!', '?', '！', '？':
			return true
		}
		return false
	}
	return true
}

// lineHead reports whether offset i starts a line, spaces aside.
func lineHead(t []rune, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch t[j] {
		case ' ', '\t':
			continue
		case '\n':
			return true
		}
		return false
	}
	return true
}

// buildTree keeps the marks that number the document's units and arranges them as a tree.
// A mark is kept when its number follows the previous one of its style (or restarts at 1)
// and it stands at a boundary, or right after a heading (a short run of text with no 。).
func buildTree(t []rune, ms []marker) []*node {
	levelOf := map[markerStyle]int{}
	// Numbering may restart at 1 under each parent or run on across parents (1. … 28.).
	last := map[markerStyle]int{}
	var roots, all []*node
	var prev *node
	for _, m := range ms {
		// A mark at the start of a line is an item even where the text numbers it twice
		// or skips a number (（五）…（五）…, （二）…（四）…), as printed texts do.
		if m.n != 1 && m.n != last[m.style]+1 && !(lineHead(t, m.start) && last[m.style] > 0 && m.n >= last[m.style] && m.n <= last[m.style]+2) {
			continue
		}
		if !boundary(t, m.start) {
			if prev == nil || m.start-prev.end > 40 || strings.ContainsRune(string(t[prev.end:m.start]), '。') ||
				strings.ContainsAny(string(t[prev.end:m.start]), "\n") {
				continue
			}
		}
		if _, ok := levelOf[m.style]; !ok {
			levelOf[m.style] = len(levelOf) + 1
			// Chapters, sections and articles enclose whatever else numbers a text, and
			// 一是…二是… is always the innermost.
			if l, fixed := fixedLevels[m.style]; fixed {
				levelOf[m.style] = l
			}
		}
		nd := &node{marker: m, level: levelOf[m.style]}
		last[m.style] = m.n
		// Attach under the nearest open node of a shallower level.
		for p := prev; p != nil; p = p.parent {
			if p.level < nd.level {
				nd.parent = p
				break
			}
		}
		if nd.parent == nil {
			roots = append(roots, nd)
		} else {
			nd.parent.children = append(nd.parent.children, nd)
		}
		all = append(all, nd)
		prev = nd
	}
	for i, nd := range all {
		nd.bodyEnd = len(t)
		if i+1 < len(all) {
			nd.bodyEnd = all[i+1].start
		}
	}
	return roots
}

// fixedLevels are the levels of the styles whose place does not depend on the order they
// first appear in.
var fixedLevels = map[markerStyle]int{styleChapter: -3, styleSection: -2, styleArticle: -1, styleHanShi: 100}

// framing names the sections that frame a plan rather than assign work.
var framing = []string{"总体要求", "指导思想", "基本原则", "主要目标", "工作目标", "发展目标", "组织实施", "保障措施", "组织保障", "工作要求", "实施步骤",
	"总体目标", "总体思路", "工作原则", "有关要求", "重要意义", "适用范围", "实施范围", "总则", "附则"}

// framingEnd is how the title of a framing section ends when words come before it:
// 强化组织保障, 加强组织领导, 完善保障措施, 目标任务.
var framingEnd = regexp.MustCompile(`(组织保障|组织领导|组织实施|保障措施|工作保障|实施保障|目标|目标任务|目标要求)$`)

func isFraming(title string) bool {
	for _, f := range framing {
		if strings.HasPrefix(title, f) {
			return true
		}
	}
	return framingEnd.MatchString(strings.TrimRight(title, " 。:"))
}

// headingTitle is the title of a section: its first line or sentence, or a framing keyword
// when the heading runs straight into its text (总体要求深入贯彻…).
func headingTitle(t []rune, nd *node) string {
	end := nd.bodyEnd
	if len(nd.children) > 0 {
		end = nd.children[0].start
	}
	s := string(t[nd.end:end])
	for _, f := range framing {
		if strings.HasPrefix(s, f) {
			return f
		}
	}
	if i := strings.IndexAny(s, "。\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.TrimRight(s, " ,;:"))
}
