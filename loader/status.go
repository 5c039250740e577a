package loader

import (
	"github.com/policykg/policykg/policy"
	"regexp"
	"strings"
)

var (
	// futureRe marks a sentence that sets a goal rather than reports one reached: 力争到2025年…,
	// 下一步…将达到….
	futureRe = regexp.MustCompile(`力争|争取|预计|下一步|计划(到|于)|目标(是|为)|将(达到|实现|突破|超过|提高|提升|增加|新增|建成|稳定|保持)`)
	// targetYearRe is the deadline of a target: 到2025年, 至2027年底 (but not 截至2023年底).
	targetYearRe = regexp.MustCompile(`(截)?(到|至)\s*20\d\d\s*年`)
	// ownPartsRe names the parts of a document or of a policy: a count of them (具体措施25项,
	// 三年计划2个, 重点任务18项) tells what a text is made of, not what was achieved.
	ownPartsRe = regexp.MustCompile(`(措施|举措|任务|计划|方案|意见|政策|文件|条款|清单|章|节|部分|方面|条|款)$`)
)

// countUnits are the units a count of parts comes in.
var countUnits = map[string]bool{"项": true, "个": true, "条": true, "款": true, "章": true, "节": true, "部分": true, "方面": true, "件": true, "类": true}

// readReport reads the observations of a news report. A document the byline did not mark
// as news, nor the manifest as anything, is one by its content when it has no measures
// and reports a figure as reached: a page of news is news whatever its byline looks like.
// Figures of goals (力争到2025年…) and counts of the parts of a text or policy (具体措施25项,
// 三年计划2个) are not observations, and do not make a text a report.
func readReport(d *policy.Document, t, orig []rune, meta Meta) {
	switch {
	case d.Status == policy.StatusNews:
	case d.Status == policy.StatusFinal && meta.Status == "" && len(d.Measures) == 0:
		if !reportsFigures(observationsIn(t, orig)) {
			return
		}
		d.Status = policy.StatusNews
	default:
		return
	}
	// A page's <title> is its heading and the site's sections (…持续提升_工作动态_河阳市卫生健康委员会).
	if head := firstLine(orig); head != "" && d.Title != head && strings.HasPrefix(d.Title, head) {
		d.Title = head
	}
	d.Observations = []policy.Observation{}
	for _, o := range observationsIn(t, orig) {
		if !futureRe.MatchString(o.Text) && !countsOwnParts(o) {
			d.Observations = append(d.Observations, o)
		}
	}
}

// firstLine returns the first non-blank line of text, trimmed.
func firstLine(text []rune) string {
	for line := range strings.SplitSeq(string(text), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// reportsFigures reports whether one of obs states a figure reached: not a goal, not a
// count of the text's own parts.
func reportsFigures(obs []policy.Observation) bool {
	for _, o := range obs {
		if !futureRe.MatchString(o.Text) && !setsDeadline(o.Text) && !countsOwnParts(o) {
			return true
		}
	}
	return false
}

// setsDeadline reports whether a sentence gives a year to reach something by.
func setsDeadline(sentence string) bool {
	for _, m := range targetYearRe.FindAllStringSubmatch(sentence, -1) {
		if m[1] == "" {
			return true
		}
	}
	return false
}

// countsOwnParts reports whether o counts parts of a document or a policy.
func countsOwnParts(o policy.Observation) bool {
	return countUnits[o.Unit] && ownPartsRe.MatchString(strings.TrimSpace(o.Indicator))
}
