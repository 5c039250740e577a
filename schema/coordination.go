package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/analysis"
	"github.com/policykg/policykg/policy"
)

// coordinationFields adds coordination(document:, city:): the network of agencies that
// share measures, with their roles and centralities.
func (b *builder) coordinationFields() {
	node := graphql.NewObject(graphql.ObjectConfig{
		Name:        "AgencyNode",
		Description: "An agency in a coordination network: its roles and its centralities.",
		Fields: graphql.Fields{
			"agency": {Type: nonNull(b.agency), Description: "The agency.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Agency, nil }},
			"lead": {Type: nonNull(graphql.Int), Description: "Measures it leads.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Lead, nil }},
			"support": {Type: nonNull(graphql.Int), Description: "Measures it supports.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Support, nil }},
			"responsible": {Type: nonNull(graphql.Int), Description: "Measures it shares responsibility for, no lead declared.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Responsible, nil }},
			"implementer": {Type: nonNull(graphql.Int), Description: "Measures it implements (0 unless includeImplementers).",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Implementer, nil }},
			"measures": {Type: nonNull(graphql.Int), Description: "Measures of the network that name it, in any role counted.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return len(p.Source.(*analysis.NetworkNode).Measures), nil }},
			"measureList": {Type: listOf(b.measure), Description: "Those measures, in document and ordinal order.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.NetworkNode).Measures), nil
				}},
			"degree": {Type: nonNull(graphql.Int), Description: "Number of agencies it shares at least one measure with.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Degree, nil }},
			"weightedDegree": {Type: nonNull(graphql.Float), Description: "Sum of its edge weights: measure-partnerships.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return p.Source.(*analysis.NetworkNode).WeightedDegree, nil
				}},
			"betweenness": {Type: nonNull(graphql.Float), Description: "Unweighted betweenness centrality over unordered pairs: how often it lies on the shortest links between agencies that share no measure.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Betweenness, nil }},
			"eigenvector": {Type: nonNull(graphql.Float), Description: "Entry in the leading eigenvector of the weighted adjacency matrix (unit length, non-negative).",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkNode).Eigenvector, nil }},
		},
	})
	edge := graphql.NewObject(graphql.ObjectConfig{
		Name:        "AgencyEdge",
		Description: "Two agencies that share measures.",
		Fields: graphql.Fields{
			"source": {Type: nonNull(b.agency), Description: "The agency that comes first in the network's node order.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkEdge).Source.Agency, nil }},
			"target": {Type: nonNull(b.agency), Description: "The other agency.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkEdge).Target.Agency, nil }},
			"weight": {Type: nonNull(graphql.Int), Description: "Number of measures they share.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.NetworkEdge).Weight(), nil }},
			"measures": {Type: listOf(b.measure), Description: "The shared measures, in document and ordinal order.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.NetworkEdge).Measures), nil
				}},
		},
	})
	network := graphql.NewObject(graphql.ObjectConfig{
		Name:        "CoordinationNetwork",
		Description: "Agencies linked by the measures they share.",
		Fields: graphql.Fields{
			"nodes": {Type: listOf(node), Description: "Agencies, by number of measures (most first), then name.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(p.Source.(*analysis.Network).Nodes), nil }},
			"edges": {Type: listOf(edge), Description: "Links, by weight (heaviest first), then node order.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(p.Source.(*analysis.Network).Edges), nil }},
			"measureCount": {Type: nonNull(graphql.Int), Description: "Number of measures the network is built from.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return len(p.Source.(*analysis.Network).Measures), nil }},
		},
	})
	b.queryFields["coordination"] = &graphql.Field{
		Type: nonNull(network),
		Description: "Who works with whom: the agencies of the measures in scope, linked by the measures they share, " +
			"with lead/support counts and degree, weighted degree, betweenness and eigenvector centrality.",
		Args: graphql.FieldConfigArgument{
			"document": {Type: graphql.ID, Description: "Only this document's measures."},
			"city":     {Type: graphql.String, Description: "Only documents of this city (drafts included unless status says)."},
			"status":   {Type: b.status, Description: "Only documents of this status."},
			"includeImplementers": {Type: graphql.Boolean, DefaultValue: false,
				Description: "Let IMPLEMENTER bodies (各县（市、区）政府) take part; they sit on every measure and would dominate the network."},
			"current": currentArg(),
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			st, _ := p.Args["status"].(policy.Status)
			incl, _ := p.Args["includeImplementers"].(bool)
			net, err := analysis.Coordination(p.Context, modelOf(p), analysis.NetworkScope{
				Document: argString(p, "document"), City: argString(p, "city"), Status: st, IncludeImplementers: incl,
				Current: wantCurrent(p),
			})
			if err != nil {
				return nil, fmt.Errorf("coordination: %w", err)
			}
			return net, nil
		},
	}
}
