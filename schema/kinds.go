package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/analysis"
)

// kindFields adds compareKinds(a:, b:): two documents' divisions of labour side by side,
// by kind of agency, so that one city's 卫生健康委 meets another's.
func (b *builder) kindFields() {
	use := graphql.NewObject(graphql.ObjectConfig{
		Name:        "KindUse",
		Description: "How one kind of agency takes part in one document.",
		Fields: graphql.Fields{
			"agencies": {Type: listOf(b.agency), Description: "The agencies of the kind the document names (usually one).",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.KindUse).Agencies), nil
				}},
			"measures": {Type: nonNull(graphql.Int), Description: "Number of the document's measures that name the kind.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return len(p.Source.(*analysis.KindUse).Measures), nil }},
			"measureList": {Type: listOf(b.measure), Description: "Those measures, in ordinal order.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.KindUse).Measures), nil
				}},
			"share": {Type: nonNull(graphql.Float), Description: "measures over the document's number of measures, so plans of different lengths compare.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindUse).Share, nil }},
			"roles": {Type: listOf(b.role), Description: "The roles it holds in at least one measure.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(p.Source.(*analysis.KindUse).Roles()), nil }},
			"lead": {Type: nonNull(graphql.Int), Description: "Measures it leads.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindUse).Lead, nil }},
			"support": {Type: nonNull(graphql.Int), Description: "Measures it supports.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindUse).Support, nil }},
			"responsible": {Type: nonNull(graphql.Int), Description: "Measures it is responsible for with no lead declared.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindUse).Responsible, nil }},
			"implementer": {Type: nonNull(graphql.Int), Description: "Measures it implements (各县（市、区）政府).",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindUse).Implementer, nil }},
		},
	})
	row := graphql.NewObject(graphql.ObjectConfig{
		Name:        "KindRow",
		Description: "One kind of agency in both documents; a or b is null where the document does not name it.",
		Fields: graphql.Fields{
			"kind": {Type: nonNull(graphql.String), Description: "The kind (卫生健康委); an agency with no kind stands for itself by name.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindRow).Kind, nil }},
			"a": {Type: use, Description: "Its part in document a.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return nilUse(p.Source.(*analysis.KindRow).A), nil }},
			"b": {Type: use, Description: "Its part in document b.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return nilUse(p.Source.(*analysis.KindRow).B), nil }},
		},
	})
	comparison := graphql.NewObject(graphql.ObjectConfig{
		Name:        "KindComparison",
		Description: "Two documents' divisions of labour, kind of agency by kind.",
		Fields: graphql.Fields{
			"a": {Type: nonNull(b.document), Description: "The first document.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindComparison).A, nil }},
			"b": {Type: nonNull(b.document), Description: "The second document.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindComparison).B, nil }},
			"kinds": {Type: listOf(row), Description: "Every kind named in either document, by measures in both together (most first), then kind.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.KindComparison).Kinds), nil
				}},
			"onlyInA": {Type: listOf(graphql.String), Description: "Kinds document a names and b does not.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindComparison).OnlyInA, nil }},
			"onlyInB": {Type: listOf(graphql.String), Description: "Kinds document b names and a does not.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.KindComparison).OnlyInB, nil }},
		},
	})
	b.queryFields["compareKinds"] = &graphql.Field{
		Type: nonNull(comparison),
		Description: "Compare the roles of agencies of the same kind in two documents (济宁's and 滨州's plans for the same provincial policy): " +
			"for each kind, in how many measures and in which roles it appears in each, and which kinds only one names.",
		Args: graphql.FieldConfigArgument{
			"a": {Type: graphql.NewNonNull(graphql.ID), Description: "A document's ID (doc:… or the plain ID)."},
			"b": {Type: graphql.NewNonNull(graphql.ID), Description: "The other document's ID."},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			c, err := analysis.CompareKinds(modelOf(p), argString(p, "a"), argString(p, "b"))
			if err != nil {
				return nil, fmt.Errorf("compareKinds: %w", err)
			}
			return c, nil
		},
	}
}

// nilUse keeps an absent side null rather than a typed nil pointer.
func nilUse(u *analysis.KindUse) any {
	if u == nil {
		return nil
	}
	return u
}
