package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/model"
)

// defaultSuggestions is how many suggestions come without first.
const defaultSuggestions = 10

// suggestFields adds suggest(text:, kinds:, first:).
func (b *builder) suggestFields() {
	kind := graphql.NewEnum(graphql.EnumConfig{
		Name:        "SuggestKind",
		Description: "The kinds of names suggest looks through.",
		Values: graphql.EnumValueConfigMap{
			"AGENCY":      {Value: model.SuggestAgency, Description: "Agencies: canonical names and aliases."},
			"INSTITUTION": {Value: model.SuggestInstitution, Description: "Institutions: canonical names and aliases."},
			"INDICATOR":   {Value: model.SuggestIndicator, Description: "Indicators: canonical names and the words documents use."},
			"DOCUMENT":    {Value: model.SuggestDocument, Description: "Documents: titles and IDs."},
		},
	})
	s := func(p graphql.ResolveParams) model.Suggestion { return p.Source.(model.Suggestion) }
	suggestion := graphql.NewObject(graphql.ObjectConfig{
		Name:        "Suggestion",
		Description: "A name like the text asked for.",
		Fields: graphql.Fields{
			"kind":    {Type: nonNull(kind), Description: "What it names.", Resolve: func(p graphql.ResolveParams) (any, error) { return s(p).Kind, nil }},
			"id":      {Type: nonNull(graphql.ID), Description: "The node's ID (node(id:) fetches it).", Resolve: func(p graphql.ResolveParams) (any, error) { return s(p).NodeID, nil }},
			"name":    {Type: nonNull(graphql.String), Description: "Its canonical name (a document's title).", Resolve: func(p graphql.ResolveParams) (any, error) { return s(p).Name, nil }},
			"city":    {Type: graphql.String, Description: "Its city, when it has one.", Resolve: func(p graphql.ResolveParams) (any, error) { return nilIfBlank(s(p).City), nil }},
			"matched": {Type: nonNull(graphql.String), Description: "The name or alias that matched best: use it as the name argument.", Resolve: func(p graphql.ResolveParams) (any, error) { return s(p).Matched, nil }},
			"score":   {Type: nonNull(graphql.Float), Description: "How alike, in (0, 1]: 1 the same name; 0.5 to 1 a name that holds the text or is held in it; 0.25 to 0.5 a name whose characters come in order in the text or the text's in it (an abbreviation); below that, shared character pairs.", Resolve: func(p graphql.ResolveParams) (any, error) { return s(p).Score, nil }},
		},
	})
	b.queryFields["suggest"] = &graphql.Field{
		Type: listOf(suggestion),
		Description: "Names like a text — agencies, institutions, indicators and documents, by canonical name or alias — best first: " +
			"for completing names as one types, and for finding the exact name arguments match (agency: \"医保局\" finds nothing; suggest says 市医保局). " +
			"A name holding the text (医保局 in 市医保局) ranks above one sharing character pairs with it.",
		Args: graphql.FieldConfigArgument{
			"text":  {Type: graphql.NewNonNull(graphql.String), Description: "What was typed."},
			"kinds": {Type: graphql.NewList(graphql.NewNonNull(kind)), Description: "Only these kinds; every kind when left out."},
			"first": {Type: graphql.Int, Description: fmt.Sprintf("At most this many (default %d).", defaultSuggestions)},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			first := defaultSuggestions
			if f, ok := p.Args["first"].(int); ok {
				if f < 0 {
					return nil, errcode.New(errcode.BadUserInput, "first must not be negative, and is %d", f)
				}
				first = f
			}
			if max := b.opts.MaxPageSize; max > 0 && first > max {
				return nil, errcode.New(errcode.BadUserInput, "first: %d is over the largest page of %d", first, max)
			}
			var kinds []model.SuggestKind
			if ks, ok := p.Args["kinds"].([]any); ok {
				for _, k := range ks {
					if sk, ok := k.(model.SuggestKind); ok {
						kinds = append(kinds, sk)
					}
				}
			}
			if first == 0 {
				return []any{}, nil
			}
			return anySlice(modelOf(p).Suggest(argString(p, "text"), kinds, first)), nil
		},
	}
}
