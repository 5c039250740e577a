package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/analysis"
)

// alignFields adds alignMeasures(a:, b:, minScore:): the measures of two documents that
// address the same thing, paired one to one.
func (b *builder) alignFields() {
	pair := graphql.NewObject(graphql.ObjectConfig{
		Name:        "MeasurePair",
		Description: "A measure of document a and its counterpart in document b.",
		Fields: graphql.Fields{
			"a": {Type: nonNull(b.measure), Description: "The measure of document a.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.MeasurePair).A, nil }},
			"b": {Type: nonNull(b.measure), Description: "The measure of document b.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.MeasurePair).B, nil }},
			"score": {Type: nonNull(graphql.Float), Description: "Cosine similarity of their character-bigram tf-idf vectors, in [0,1].",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.MeasurePair).Score, nil }},
			"shared": {Type: listOf(graphql.String), Description: "The most informative strings both texts contain, most informative first.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.MeasurePair).Shared, nil }},
		},
	})
	alignment := graphql.NewObject(graphql.ObjectConfig{
		Name:        "MeasureAlignment",
		Description: "The measures of two documents paired by what they address.",
		Fields: graphql.Fields{
			"pairs": {Type: listOf(pair), Description: "Pairs in the order of document a's measures.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(p.Source.(*analysis.Alignment).Pairs), nil }},
			"onlyInA": {Type: listOf(b.measure), Description: "Measures of a with no counterpart in b: what a does that b does not.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.Alignment).OnlyInA), nil
				}},
			"onlyInB": {Type: listOf(b.measure), Description: "Measures of b with no counterpart in a.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.Alignment).OnlyInB), nil
				}},
		},
	})
	b.queryFields["alignMeasures"] = &graphql.Field{
		Type: nonNull(alignment),
		Description: "Pair the measures of two documents that address the same thing (滨州's 健全家庭医生制度 and 济宁's 着力提升群众健康管理水平): " +
			"character-bigram tf-idf cosine over each measure's text without its responsibility note, paired one to one by descending score.",
		Args: graphql.FieldConfigArgument{
			"a": {Type: graphql.NewNonNull(graphql.ID), Description: "A document's ID (doc:… or the plain ID)."},
			"b": {Type: graphql.NewNonNull(graphql.ID), Description: "The other document's ID."},
			"minScore": {Type: graphql.Float, DefaultValue: analysis.DefaultMinScore,
				Description: "Lowest score that pairs two measures, in [0,1]; the default was measured on the seed plans."},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			minScore, ok := p.Args["minScore"].(float64)
			if !ok { // minScore: null
				minScore = analysis.DefaultMinScore
			}
			al, err := analysis.AlignMeasures(modelOf(p), argString(p, "a"), argString(p, "b"), minScore)
			if err != nil {
				return nil, fmt.Errorf("alignMeasures: %w", err)
			}
			return al, nil
		},
	}
}
