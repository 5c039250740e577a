package schema

import (
	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
)

// refineArgs are the measures(...) filters beyond the contract's: they narrow by the
// document's status and by the measure's targets.
func (b *builder) refineArgs() graphql.FieldConfigArgument {
	return graphql.FieldConfigArgument{
		"status":    {Type: b.status, Description: "Only measures of documents of this status (FINAL, DRAFT, NEWS)."},
		"indicator": {Type: graphql.String, Description: "Only measures with a target on this indicator (canonical name or alias: 全人群签约率)."},
		"year":      {Type: graphql.Int, Description: "Only measures with a target due this year; with indicator, the same target must match both."},
	}
}

// filterFields adds the paginated, filtered list of targets.
func (b *builder) filterFields() {
	args := graphql.FieldConfigArgument{
		"indicator": {Type: graphql.String, Description: "Only targets on this indicator (canonical name or alias: 全人群签约率)."},
		"year":      {Type: graphql.Int, Description: "Only targets due this year."},
		"document":  {Type: graphql.ID, Description: "Only targets of this document (its ID)."},
		"city":      {Type: graphql.String, Description: "Only targets of documents of this city (济宁)."},
	}
	b.queryFields["targetsConnection"] = &graphql.Field{
		Type:        nonNull(b.targetConn),
		Description: "Targets matching every argument given, in document, measure and target order, paginated.",
		Args:        withPageArgs(withCurrent(args)),
		Resolve: func(p graphql.ResolveParams) (any, error) {
			if err := documentExists(p, "document"); err != nil {
				return nil, err
			}
			year, _ := p.Args["year"].(int)
			ts := modelOf(p).FindTargets(model.TargetFilter{
				Indicator: argString(p, "indicator"), Year: year,
				Document: argString(p, "document"), City: argString(p, "city"),
			})
			if wantCurrent(p) {
				ts = modelOf(p).CurrentTargets(ts)
			}
			ids := make([]string, len(ts))
			for i, t := range ts {
				ids[i] = t.NodeID
			}
			return paginate(p, anySlice(ts), ids, b.opts)
		},
	}
}
