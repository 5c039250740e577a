package schema

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// institutionMention is one place a measure's text names one of its institutions.
type institutionMention struct {
	institution *model.Institution
	text        string
	span        policy.Span
}

// mentionFields adds the spans a frontend needs to highlight, in a document's text, where a
// measure names its institutions and agencies.
func (b *builder) mentionFields() {
	mention := graphql.NewObject(graphql.ObjectConfig{
		Name:        "InstitutionMention",
		Description: "One place a measure's text names an institution.",
		Fields: graphql.Fields{
			"institution": {Type: nonNull(b.institution), Description: "The institution named.", Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(institutionMention).institution, nil }},
			"text":        {Type: nonNull(graphql.String), Description: "The name as printed there.", Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(institutionMention).text, nil }},
			"span":        {Type: nonNull(spanType), Description: "Where it is printed, in the document's text.", Resolve: func(p graphql.ResolveParams) (any, error) { return spanOf(p.Source.(institutionMention).span), nil }},
		},
	})
	b.extraTypes = append(b.extraTypes, mention)
	b.addFields("Measure", graphql.Fields{
		"institutionMentions": {Type: listOf(mention), Description: "Every place the text names one of the measure's institutions (as printed, or by its name or an alias), in text order.",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return anySlice(institutionMentions(p.Source.(*model.Measure))), nil
			}},
	})
	b.addFields("Responsibility", graphql.Fields{
		"mention": {Type: nonNull(graphql.String), Description: "The agency's name as the measure prints it (市卫健委 for 市卫生健康委).",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return responsibilityMention(p.Source.(model.Responsibility)), nil
			}},
		"spans": {Type: listOf(spanType), Description: "Every place the measure's text prints that name, in the document's text; empty when the unit comes from a note elsewhere (下同, 以下任务均需…).",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				r := p.Source.(model.Responsibility)
				var out []any
				for _, s := range findSpans(r.Measure.Text, r.Measure.Span.Start, []string{responsibilityMention(r)}) {
					out = append(out, spanOf(s))
				}
				return out, nil
			}},
	})
}

// responsibilityMention is the name as printed of the responsibility at r's position, or the
// agency's name when the measure does not print it.
func responsibilityMention(r model.Responsibility) string {
	for _, lr := range r.Measure.Measure.Responsibilities {
		if lr.Position == r.Position && lr.Agency.Name == r.Agency.Name && lr.Mention != "" {
			return lr.Mention
		}
	}
	return r.Agency.Name
}

// institutionMentions finds the measure's institutions in its text: each by the words the
// loader read it from, its canonical name and its aliases, the longest name first where
// two overlap (济宁市第一人民医院 rather than 第一人民医院).
func institutionMentions(m *model.Measure) []institutionMention {
	type name struct {
		text string
		in   *model.Institution
	}
	var names []name
	for i, in := range m.Institutions {
		if i < len(m.Measure.Institutions) && m.Measure.Institutions[i].Mention != "" {
			names = append(names, name{m.Measure.Institutions[i].Mention, in})
		}
		names = append(names, name{in.Name, in})
		for _, a := range in.Aliases {
			names = append(names, name{a, in})
		}
	}
	sort.SliceStable(names, func(i, j int) bool { return len(names[i].text) > len(names[j].text) })
	var out []institutionMention
	taken := make([]bool, utf8.RuneCountInString(m.Text))
	for _, n := range names {
		for _, s := range findSpans(m.Text, m.Span.Start, []string{n.text}) {
			free := true
			for k := s.Start; k < s.End; k++ {
				free = free && !taken[k-m.Span.Start]
			}
			if !free {
				continue
			}
			for k := s.Start; k < s.End; k++ {
				taken[k-m.Span.Start] = true
			}
			out = append(out, institutionMention{institution: n.in, text: n.text, span: s})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].span.Start < out[j].span.Start })
	return out
}

// findSpans returns every place text holds one of words, as rune spans shifted by base.
func findSpans(text string, base int, words []string) []policy.Span {
	var out []policy.Span
	for _, w := range words {
		if w == "" {
			continue
		}
		n := utf8.RuneCountInString(w)
		runes, from := 0, 0
		for {
			k := strings.Index(text[from:], w)
			if k < 0 {
				break
			}
			runes += utf8.RuneCountInString(text[from : from+k])
			out = append(out, policy.Span{Start: base + runes, End: base + runes + n})
			runes += n
			from += k + len(w)
		}
	}
	return out
}
