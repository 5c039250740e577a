package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/search"
)

// searchFields adds full-text search over measures, targets, institutions and the
// paragraphs of news reports: Query.search.
func (b *builder) searchFields() {
	kind := graphql.NewEnum(graphql.EnumConfig{
		Name:        "SearchHitKind",
		Description: "What a search hit is.",
		Values: graphql.EnumValueConfigMap{
			"MEASURE":     {Value: search.KindMeasure, Description: "A measure, found in its title or text."},
			"TARGET":      {Value: search.KindTarget, Description: "A target, found in its sentence or its indicator's name."},
			"INSTITUTION": {Value: search.KindInstitution, Description: "An institution, found in its name or aliases."},
			"PARAGRAPH":   {Value: search.KindParagraph, Description: "A paragraph of a news report."},
		},
	})
	highlight := graphql.NewObject(graphql.ObjectConfig{
		Name:        "SearchHighlight",
		Description: "Where a search found its words in one field of a hit.",
		Fields: graphql.Fields{
			"field": {Type: nonNull(graphql.String), Description: "The field: title, text, name, aliases or indicator.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(search.Highlight).Field, nil }},
			"fragments": {Type: listOf(graphql.String), Description: "The best passages of the field as HTML: the text escaped, the words found in <mark>…</mark>, … where the field was cut.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(search.Highlight).Fragments, nil }},
			"terms": {Type: listOf(graphql.String), Description: "The words found, as written in the field, each once.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(search.Highlight).Terms, nil }},
		},
	})
	hit := graphql.NewObject(graphql.ObjectConfig{
		Name:        "SearchHit",
		Description: "One thing a full-text search found, with the passages that matched.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			h := func(s any) *model.SearchHit { return s.(*model.SearchHit) }
			return graphql.Fields{
				"kind": {Type: nonNull(kind), Description: "MEASURE, TARGET, INSTITUTION or PARAGRAPH.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return h(p.Source).Kind, nil }},
				"score": {Type: nonNull(graphql.Float), Description: "Relevance (BM25); higher is better. Comparable within one answer only.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return h(p.Source).Score, nil }},
				"node": {Type: nonNull(b.node), Description: "The Measure, Target or Institution found; for a PARAGRAPH, its Document.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return h(p.Source).Node, nil }},
				"document": {Type: b.document, Description: "The document the hit lies in; null for an institution.",
					Resolve: func(p graphql.ResolveParams) (any, error) {
						if d := h(p.Source).Document(); d != nil {
							return d, nil
						}
						return nil, nil
					}},
				"paragraph": {Type: graphql.Int, Description: "For a PARAGRAPH, its 1-based position in the document (a heading counts with the paragraph it opens).",
					Resolve: func(p graphql.ResolveParams) (any, error) {
						if para := h(p.Source).Paragraph; para != nil {
							return para.Ordinal, nil
						}
						return nil, nil
					}},
				"text": {Type: nonNull(graphql.String), Description: "The text found: a measure's text, a target's sentence, the paragraph, or an institution's name.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return h(p.Source).Text(), nil }},
				"span": {Type: spanType, Description: "Where the text lies in the document's text; null for an institution.",
					Resolve: func(p graphql.ResolveParams) (any, error) {
						if s, ok := h(p.Source).Span(); ok {
							return spanOf(s), nil
						}
						return nil, nil
					}},
				"highlights": {Type: listOf(highlight), Description: "One entry per field the words were found in.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(h(p.Source).Highlights), nil }},
			}
		}),
	})
	conn := connectionType("SearchHit", hit)
	b.queryFields["search"] = &graphql.Field{
		Type: nonNull(conn),
		Description: "Full-text search over measure titles and texts, targets, institutions and news paragraphs, best hit first. " +
			"Words are separated by spaces and must all be found; each word is matched as written (安宁疗护 finds 安宁疗护, " +
			"not 安宁 and 疗护 apart); a one-character word (医) is searched character by character.",
		Args: withPageArgs(graphql.FieldConfigArgument{
			"text":  {Type: graphql.NewNonNull(graphql.String), Description: "The words to find (at most 16 words, 200 characters)."},
			"kinds": {Type: graphql.NewList(graphql.NewNonNull(kind)), Description: "Only hits of these kinds; all kinds when absent."},
		}),
		Resolve: func(p graphql.ResolveParams) (any, error) {
			text := argString(p, "text")
			var kinds []search.Kind
			if list, ok := p.Args["kinds"].([]any); ok {
				for _, k := range list {
					if sk, ok := k.(search.Kind); ok {
						kinds = append(kinds, sk)
					}
				}
			}
			m := modelOf(p)
			hits, err := m.Search(p.Context, text, kinds...)
			if err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			ids := make([]string, len(hits))
			for i, h := range hits {
				ids[i] = h.ID
			}
			c, err := paginate(p, anySlice(hits), ids, b.opts)
			if err != nil {
				return nil, err
			}
			page := make([]*model.SearchHit, len(c.items))
			for i, it := range c.items {
				page[i] = it.(*model.SearchHit)
			}
			if err := m.Highlight(p.Context, text, page); err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			return c, nil
		},
	}
}
