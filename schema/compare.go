package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/analysis"
	"github.com/policykg/policykg/model"
)

// wordsField resolves the indicator's name as a target's or observation's text writes it;
// records loaded before words were kept fall back to the canonical name.
func wordsField(get func(any) (words, name string)) *graphql.Field {
	return &graphql.Field{Type: nonNull(graphql.String), Description: "The indicator's name as this text writes it.",
		Resolve: func(p graphql.ResolveParams) (any, error) {
			w, n := get(p.Source)
			if w == "" {
				return n, nil
			}
			return w, nil
		}}
}

// Target change kinds.
const (
	changeAdded   = "ADDED"
	changeRemoved = "REMOVED"
	changeChanged = "CHANGED"
)

// compareFields adds compareIndicator(name:) and diffDocuments(from:, to:): targets of one
// indicator across documents against what was achieved, and what changed between two
// versions of a plan.
func (b *builder) compareFields() {
	assessment := graphql.NewObject(graphql.ObjectConfig{
		Name:        "TargetAssessment",
		Description: "Whether an observation meets a target.",
		Fields: graphql.Fields{
			"target": {Type: nonNull(b.target), Description: "The target.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.Assessment).Target, nil }},
			"observation": {Type: nonNull(b.observation), Description: "The value reported as achieved.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.Assessment).Observation, nil }},
			"sameCity": {Type: nonNull(graphql.Boolean), Description: "The observation is of the target's city; met compares the values either way.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.Assessment).SameCity, nil }},
			"met": {Type: graphql.Boolean, Description: "The observed value reaches the target (以上: at least; 以下/以内, ranks, 降至: at most; 左右: within 5%); null when they cannot be compared.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					if m := p.Source.(analysis.Assessment).Met; m != nil {
						return *m, nil
					}
					return nil, nil
				}},
			"gap": {Type: graphql.Float, Description: "Observed minus target value, in the target's unit; null when they cannot be compared.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return floatOrNil(p.Source.(analysis.Assessment).Gap), nil
				}},
		},
	})
	comparison := graphql.NewObject(graphql.ObjectConfig{
		Name:        "IndicatorComparison",
		Description: "Every target for one indicator across documents and cities, every value reported as achieved, and each target assessed against each observation.",
		Fields: graphql.Fields{
			"indicator": {Type: nonNull(b.indicator), Description: "The indicator.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return p.Source.(*analysis.IndicatorComparison).Indicator, nil
				}},
			"targets": {Type: listOf(b.target), Description: "Its targets in every document (document, city and status through Target.document).",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.IndicatorComparison).Targets), nil
				}},
			"observations": {Type: listOf(b.observation), Description: "Values reported as achieved.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.IndicatorComparison).Observations), nil
				}},
			"assessments": {Type: listOf(assessment), Description: "Each target against each observation, in target order.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.IndicatorComparison).Assessments), nil
				}},
		},
	})
	changeKind := graphql.NewEnum(graphql.EnumConfig{
		Name:        "TargetChangeKind",
		Description: "Whether a target was added, removed or changed.",
		Values: graphql.EnumValueConfigMap{
			changeAdded:   {Value: changeAdded, Description: "Only the new version has it."},
			changeRemoved: {Value: changeRemoved, Description: "Only the old version has it."},
			changeChanged: {Value: changeChanged, Description: "Both have it, with another value, unit, comparator, year or marker."},
		},
	})
	targetChange := graphql.NewObject(graphql.ObjectConfig{
		Name:        "TargetChange",
		Description: "A target added (from is null), removed (to is null) or changed between two versions of a measure.",
		Fields: graphql.Fields{
			"indicator": {Type: nonNull(b.indicator), Description: "The new target's indicator, or the old one's when it was removed.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.TargetChange).Indicator, nil }},
			"from": {Type: b.target, Description: "The target in the old version.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return targetOrNil(p.Source.(analysis.TargetChange).From), nil
				}},
			"to": {Type: b.target, Description: "The target in the new version.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return targetOrNil(p.Source.(analysis.TargetChange).To), nil
				}},
			"kind": {Type: nonNull(changeKind), Description: "ADDED, REMOVED or CHANGED.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					switch c := p.Source.(analysis.TargetChange); {
					case c.From == nil:
						return changeAdded, nil
					case c.To == nil:
						return changeRemoved, nil
					}
					return changeChanged, nil
				}},
		},
	})
	measureChange := graphql.NewObject(graphql.ObjectConfig{
		Name:        "MeasureChange",
		Description: "A measure and its counterpart in the other version, and what changed between them.",
		Fields: graphql.Fields{
			"from": {Type: nonNull(b.measure), Description: "The measure in the old version.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.MeasureChange).From, nil }},
			"to": {Type: nonNull(b.measure), Description: "The measure in the new version.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.MeasureChange).To, nil }},
			"score": {Type: nonNull(graphql.Float), Description: "How alike their words are, 0–1 (the pairing's confidence).",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.MeasureChange).Score, nil }},
			"titleChanged": {Type: nonNull(graphql.Boolean), Description: "The title was reworded.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.MeasureChange).TitleChanged, nil }},
			"textChanged": {Type: nonNull(graphql.Boolean), Description: "The text was reworded.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.MeasureChange).TextChanged, nil }},
			"agenciesAdded": {Type: listOf(b.responsibility), Description: "Agencies in the new version with a role they did not have in the old one.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(analysis.MeasureChange).AgenciesAdded), nil
				}},
			"agenciesRemoved": {Type: listOf(b.responsibility), Description: "Agencies in the old version with a role they no longer have.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(analysis.MeasureChange).AgenciesRemoved), nil
				}},
			"targetChanges": {Type: listOf(targetChange), Description: "Targets added, removed or changed.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(analysis.MeasureChange).TargetChanges), nil
				}},
		},
	})
	documentDiff := graphql.NewObject(graphql.ObjectConfig{
		Name:        "DocumentDiff",
		Description: "What changed from one version of a plan to another.",
		Fields: graphql.Fields{
			"from": {Type: nonNull(b.document), Description: "The old version.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.DocumentDiff).From, nil }},
			"to": {Type: nonNull(b.document), Description: "The new version.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*analysis.DocumentDiff).To, nil }},
			"changes": {Type: listOf(measureChange), Description: "Measures paired across the versions that differ in any way, in the old version's order.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.DocumentDiff).Changes), nil
				}},
			"onlyInFrom": {Type: listOf(b.measure), Description: "Measures of the old version with no counterpart: dropped.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.DocumentDiff).OnlyInFrom), nil
				}},
			"onlyInTo": {Type: listOf(b.measure), Description: "Measures of the new version with no counterpart: added.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return anySlice(p.Source.(*analysis.DocumentDiff).OnlyInTo), nil
				}},
		},
	})
	b.queryFields["compareIndicator"] = &graphql.Field{
		Type:        comparison,
		Description: "Every target for an indicator across documents and cities, side by side with what was reported as achieved; null when no indicator has the name.",
		Args: graphql.FieldConfigArgument{
			"name": {Type: graphql.NewNonNull(graphql.String), Description: "Canonical name, alias, or any wording the indicator table maps onto it (全人群家庭医生签约率)."},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			if c := analysis.CompareIndicator(modelOf(p), argString(p, "name")); c != nil {
				return c, nil
			}
			return nil, nil
		},
	}
	b.queryFields["diffDocuments"] = &graphql.Field{
		Type:        nonNull(documentDiff),
		Description: "What changed between two versions of a plan: measures paired by their words (not their numbers), with title, agency and target changes.",
		Args: graphql.FieldConfigArgument{
			"from": {Type: graphql.NewNonNull(graphql.ID), Description: "The old version's document ID (a draft)."},
			"to":   {Type: graphql.NewNonNull(graphql.ID), Description: "The new version's document ID (the final text)."},
		},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			d, err := analysis.DiffDocuments(modelOf(p), argString(p, "from"), argString(p, "to"))
			if err != nil {
				return nil, fmt.Errorf("diffDocuments: %w", err)
			}
			return d, nil
		},
	}
	b.extraTypes = append(b.extraTypes, comparison, documentDiff)
}

func targetOrNil(t *model.Target) any {
	if t == nil {
		return nil
	}
	return t
}
