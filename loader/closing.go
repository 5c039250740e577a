package loader

import (
	"regexp"
	"strings"
)

// closingRes are the sentences that close a plan rather than assign work: who interprets
// it (本措施由省发展改革委负责解释), when it takes effect (本办法自印发之日起施行), how long it
// holds (有效期至2027年12月31日), and what it replaces (以本措施为准, 同时废止).
var closingRes = []*regexp.Regexp{
	regexp.MustCompile(`^本[\p{Han}]{1,12}(由.*负责解释|由.*解释|的?解释权归.*)$`),
	regexp.MustCompile(`^本[\p{Han}]{1,12}自.*起(施行|实施|执行|生效)`),
	regexp.MustCompile(`^(本[\p{Han}]{1,12})?有效期`),
	regexp.MustCompile(`以本[\p{Han}]{1,12}为准$|(同时|一并)?(废止|停止执行)$`),
}

// closingClause reports whether text, the words of a numbered item, holds nothing but
// closing sentences: such an item (第十九条 本措施由…负责解释) is no unit of work. A sentence
// is closing when one of its clauses is.
func closingClause(text string) bool {
	// What follows the last full stop (主动公开, the issuer, the date) is page furniture.
	if i := strings.LastIndex(text, "。"); i >= 0 {
		text = text[:i]
	}
	seen := false
	for _, s := range splitTop(string(normalize([]rune(text))), "。") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		closing := false
		for _, part := range splitTop(s, ",;") {
			part = strings.TrimSpace(part)
			for _, re := range closingRes {
				if re.MatchString(part) {
					closing = true
				}
			}
		}
		if !closing {
			return false
		}
		seen = true
	}
	return seen
}
