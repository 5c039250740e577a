package schema

import (
	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
)

// currentDescription says what the current argument does, wherever it is offered.
const currentDescription = "true: only current versions — a draft whose final text is loaded (see Document.supersededBy) is left out. " +
	"false (the default): every loaded version, drafts and finals alike."

// currentArg is the argument that asks for current versions only.
func currentArg() *graphql.ArgumentConfig {
	return &graphql.ArgumentConfig{Type: graphql.Boolean, DefaultValue: false, Description: currentDescription}
}

// withCurrent adds the current argument to args.
func withCurrent(args graphql.FieldConfigArgument) graphql.FieldConfigArgument {
	out := graphql.FieldConfigArgument{"current": currentArg()}
	for k, v := range args {
		out[k] = v
	}
	return out
}

// wantCurrent tells whether a field was asked for current versions only.
func wantCurrent(p graphql.ResolveParams) bool {
	c, _ := p.Args["current"].(bool)
	return c
}

// currentMeasures keeps the measures of current documents when the field asks for it.
func currentMeasures(p graphql.ResolveParams, ms []*model.Measure) []*model.Measure {
	if !wantCurrent(p) {
		return ms
	}
	return modelOf(p).CurrentMeasures(ms)
}

// versionFields adds Document.supersededBy and Document.current.
func (b *builder) versionFields() {
	doc := func(s any) *model.Document { return s.(*model.Document) }
	b.addFields("Document", graphql.Fields{
		"supersededBy": {Type: b.document,
			Description: "The final text that replaces this draft, when it is loaded: a FINAL document of the same issuer " +
				"(or city) whose title is this one's without the draft's marks (征求意见稿, 送审稿, 草案) and wording " +
				"versions change (关于, 的, 印发…的通知). Null for finals, news and drafts whose final is not loaded.",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				if f := modelOf(p).SupersededBy(doc(p.Source)); f != nil {
					return f, nil
				}
				return nil, nil
			}},
		"current": {Type: nonNull(graphql.Boolean),
			Description: "False for a draft whose final text is loaded (supersededBy is set), true otherwise.",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return modelOf(p).Current(doc(p.Source)), nil
			}},
	})
}
