package loader

import (
	"fmt"
	"github.com/policykg/policykg/policy"
	"regexp"
	"strings"
)

var (
	docNumberRe = regexp.MustCompile(`[\p{Han}]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号`)
	citeRe      = regexp.MustCompile(`《([^》]+)》(\s*[(（]([^)）]*号)[)）])?`)
	dateRe      = regexp.MustCompile(`(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	numDateRe   = regexp.MustCompile(`(20\d\d|19\d\d)([-/.])(\d{1,2})([-/.])(\d{1,2})`)
	issuerRe    = regexp.MustCompile(`(发布部门|发文机关|发文单位|制发机关)\s*[:：]\s*([^\n]+)`)
	pubDateRe   = regexp.MustCompile(`(发布时间|发布日期|成文日期|印发日期)\s*[:：]\s*([^\n]+)`)
	cityRe      = regexp.MustCompile(`^([\p{Han}]{2,4}?)市`)
	titleWords  = regexp.MustCompile(`(方案|通知|意见|措施|办法|规划|计划|决定|细则|规定|纲要|报告|安排|要点|清单|分工表)`)
	newsByline  = regexp.MustCompile(`(^|\n)\s*(记者|本报讯|通讯员)`)
	draftLine   = regexp.MustCompile(`^[(（](征求意见稿|送审稿|试行|草案)[)）]$`)
	redHead     = regexp.MustCompile(`^[\p{Han}（）()]+文件$`)
	signedDate  = regexp.MustCompile(`(人民政府|办公室|办公厅|委员会|局)\s*\n?\s*((20|19)\d\d年\d{1,2}月\d{1,2}日)`)
	cityOnly    = regexp.MustCompile(`^[\p{Han}]{2,3}市$`)
	followOn    = regexp.MustCompile(`^(率先|在全省|在全国|并|且)`)
	issuerHead  = regexp.MustCompile(`^([\p{Han}]+?(人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|委|国务院|部|署))关于`)

	// annexLabel is the label above an annex printed on its own (附件, 附件2:), not its title.
	annexLabel = regexp.MustCompile(`^附件\d*[:：]?$`)
)

// readMeta fills the document's metadata from the text, then from the manifest entry.
func (n *Names) readMeta(d *policy.Document, t []rune, htmlTitle string, meta Meta) {
	text := string(t)
	head := text
	if len([]rune(head)) > 1500 {
		head = string(t[:1500])
	}
	d.Title = titleOf(text)
	if d.Title == "" {
		d.Title = strings.TrimSpace(htmlTitle)
	}
	if m := issuerRe.FindStringSubmatch(head); m != nil {
		d.Issuer = strings.TrimSpace(m[2])
	} else if m := issuerHead.FindStringSubmatch(d.Title); m != nil {
		d.Issuer = m[1]
	}
	if m := pubDateRe.FindStringSubmatch(head); m != nil {
		d.Date = isoDate(m[2])
	}
	if d.Date == "" {
		d.Date = signatureDate(text)
	}
	// The document's own number stands alone near the top, not inside a citation.
	for _, line := range strings.Split(head, "\n") {
		line = strings.TrimSpace(line)
		if m := docNumberRe.FindString(line); m != "" && len([]rune(line)) <= len([]rune(m))+2 {
			d.DocNumber = m
			break
		}
	}
	switch {
	case strings.Contains(head, "征求意见稿") || strings.Contains(head, "送审稿"):
		d.Status = policy.StatusDraft
	case newsByline.MatchString(head):
		d.Status = policy.StatusNews
	}
	d.Cites = citesIn(text, d.Title)
	// The manifest fills what the text lacks.
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&d.Title, meta.Title)
	fill(&d.Issuer, meta.Issuer)
	fill(&d.Date, meta.Date)
	fill(&d.DocNumber, meta.DocNumber)
	if d.Status == "" {
		d.Status = meta.Status
	}
	if d.Status == "" {
		d.Status = policy.StatusFinal
	}
	for _, s := range []string{d.Title, d.Issuer} {
		if m := cityRe.FindStringSubmatch(s); m != nil && d.City == "" {
			d.City = m[1]
		}
	}
	if meta.City != "" && d.City == "" {
		d.City = strings.TrimSuffix(meta.City, "市")
	}
	if d.Title == "" {
		d.Title = d.Source
	}
}

// titleOf joins the opening lines that make up a title (济宁市…的 / 实 施 方 案), and drops a
// draft marker (（征求意见稿）) that status records instead.
func titleOf(text string) string {
	var parts []string
	for _, line := range strings.Split(text, "\n") {
		// A table's header row (序号	重点任务	牵头单位 …) follows its title, never continues it.
		if strings.Contains(line, "\t") {
			break
		}
		line = compact(line)
		if line == "" {
			if len(parts) > 0 {
				break
			}
			continue
		}
		if strings.ContainsAny(line, "。:：|") || len([]rune(line)) > 80 || strings.HasPrefix(line, "记者") {
			break
		}
		// The red head of an official document (云泽市人民政府办公室文件) and its number stand
		// above the title.
		if len(parts) == 0 && (redHead.MatchString(line) || docNumberRe.FindString(line) == line || annexLabel.MatchString(line)) {
			continue
		}
		if draftLine.MatchString(line) {
			if strings.Contains(line, "试行") {
				parts = append(parts, line)
			}
			break
		}
		parts = append(parts, line)
		if titleWords.MatchString(line) && !strings.HasSuffix(line, "的") && !strings.HasSuffix(line, "关于") {
			break
		}
	}
	title := strings.Join(parts, "")
	if !titleWords.MatchString(title) {
		return ""
	}
	return title
}

// isoDate turns 2024年11月21日, or 2024-11-21 as web pages print it, into 2024-11-21.
func isoDate(s string) string {
	if m := dateRe.FindStringSubmatch(s); m != nil {
		return fmt.Sprintf("%s-%02d-%02d", m[1], atoi(m[2]), atoi(m[3]))
	}
	if m := numDateRe.FindStringSubmatch(s); m != nil && m[2] == m[4] && atoi(m[3]) >= 1 && atoi(m[3]) <= 12 && atoi(m[5]) >= 1 && atoi(m[5]) <= 31 {
		return fmt.Sprintf("%s-%02d-%02d", m[1], atoi(m[3]), atoi(m[5]))
	}
	return ""
}

// signatureDate finds the date under the issuer's name (滨州市人民政府办公室2024年11月21日).
func signatureDate(text string) string {
	if m := signedDate.FindStringSubmatch(text); m != nil {
		return isoDate(m[2])
	}
	return ""
}

// citesIn lists the documents cited as 《title》, with the 文号 printed after them.
func citesIn(text, ownTitle string) []policy.Citation {
	out := []policy.Citation{}
	seen := map[string]bool{}
	for _, m := range citeRe.FindAllStringSubmatch(text, -1) {
		title := strings.TrimSpace(m[1])
		if title == "" || seen[title] || compact(title) == compact(ownTitle) {
			continue
		}
		seen[title] = true
		out = append(out, policy.Citation{Title: title, DocNumber: strings.TrimSpace(m[3])})
	}
	return out
}

// observationsIn reads the achieved figures of a news report.
func observationsIn(t, orig []rune) []policy.Observation {
	out := []policy.Observation{}
	for _, se := range sentences(t) {
		sent := t[se[0]:se[1]]
		var names []string // indicators observed so far in the sentence
		text := ""         // the sentence as printed, made once for all its figures
		add := func(name string, f figure, off int) {
			v := f.value
			if text == "" {
				text = strings.TrimSpace(string(orig[se[0]:se[1]]))
			}
			out = append(out, policy.Observation{
				Indicator: name, Text: text, Value: &v,
				ValueText: string(orig[off+f.start : off+f.end]), Unit: f.unit, Comparator: f.cmp, Rank: f.rank,
				Span: policy.Span{Start: off + f.start, End: off + f.end},
			})
		}
		for _, cs := range clauseRanges(sent) {
			cl := sent[cs[0]:cs[1]]
			off := se[0] + cs[0]
			figs := figuresIn(cl)
			prevEnd := 0
			for k, f := range figs {
				pre := strings.TrimSpace(string(cl[prevEnd:f.start]))
				var post string
				if k+1 == len(figs) {
					post = string(cl[f.end:])
				} else {
					post = string(cl[f.end:figs[k+1].start])
				}
				prevEnd = f.end
				if f.rank {
					// 数量均居全省第一: the rank holds for each figure before it.
					targets := names
					if !strings.Contains(pre, "均") && len(names) > 0 {
						targets = names[len(names)-1:]
					}
					for _, n := range targets {
						add(n+"排名", f, off)
					}
					continue
				}
				name, _ := indicatorBefore(strings.TrimSuffix(pre, "居"))
				name = strings.TrimSuffix(name, "累计")
				switch {
				case name == "" || countVerbs.MatchString(name) || strings.HasSuffix(name, "等") ||
					cityOnly.MatchString(name) || strings.HasSuffix(name, "、") || strings.HasSuffix(name, "和") || strings.HasSuffix(name, "连续"):
					name = trimLead(indicatorAfter(post))
				case followOn.MatchString(name) && len(names) > 0:
					name = names[len(names)-1]
				}
				if name == "" {
					continue
				}
				names = append(names, name)
				add(name, f, off)
			}
		}
	}
	return out
}
