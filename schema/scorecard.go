package schema

import (
	"errors"
	"fmt"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/analysis"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// scorecardFields adds scorecard(document:) and Observation.date.
func (b *builder) scorecardFields() {
	state := graphql.NewEnum(graphql.EnumConfig{
		Name:        "TargetState",
		Description: "Where a target stands today.",
		Values: graphql.EnumValueConfigMap{
			"MET":          {Value: analysis.StateMet, Description: "An observation reaches the target: on or after its deadline, or already before it."},
			"MISSED":       {Value: analysis.StateMissed, Description: "An observation made on or after the deadline falls short."},
			"NOT_DUE":      {Value: analysis.StateNotDue, Description: "The deadline is still ahead (or the target has none) and no observation reaches it yet."},
			"NOT_REPORTED": {Value: analysis.StateNotReported, Description: "The deadline has passed and no observation decides the target."},
		},
	})
	entry := graphql.NewObject(graphql.ObjectConfig{
		Name:        "ScorecardEntry",
		Description: "A target of a plan with its state as of today and the observation behind it.",
		Fields: graphql.Fields{
			"target": {Type: nonNull(b.target), Description: "The target.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.ScorecardEntry).Target, nil }},
			"state": {Type: nonNull(state), Description: "MET, MISSED, NOT_DUE or NOT_REPORTED.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(analysis.ScorecardEntry).State, nil }},
			"deadline": {Type: graphql.String, Description: "The last day to reach it, YYYY-MM-DD: the end of the target's year (到2025年 → 2025-12-31). Null for a target without a year.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					return nilIfBlank(p.Source.(analysis.ScorecardEntry).Deadline.String()), nil
				}},
			"observation": {Type: b.observation,
				Description: "The observation that decides the state; else the latest one of the target's indicator in the same jurisdiction " +
					"(progress that decides nothing); null when no report has one. Its date and span say when and where it was reported.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					if o := p.Source.(analysis.ScorecardEntry).Observation; o != nil {
						return o, nil
					}
					return nil, nil
				}},
			"met": {Type: graphql.Boolean, Description: "Whether the observation reaches the target (compareIndicator's assessment); null when there is none or they cannot be compared.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					if a := p.Source.(analysis.ScorecardEntry).Assessment; a != nil && a.Met != nil {
						return *a.Met, nil
					}
					return nil, nil
				}},
			"gap": {Type: graphql.Float, Description: "Observed minus target value, in the target's unit (63.28% against 65%以上: -1.72).",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					if a := p.Source.(analysis.ScorecardEntry).Assessment; a != nil && a.Gap != nil {
						return *a.Gap, nil
					}
					return nil, nil
				}},
		},
	})
	now := b.opts.Now
	if now == nil {
		now = time.Now
	}
	b.queryFields["scorecard"] = &graphql.Field{
		Type: listOf(entry),
		Description: "Every target of a plan, in the plan's order, with its deadline and its state as of today: MET, MISSED, NOT_DUE or NOT_REPORTED. " +
			"Targets are set against the observations of their indicator reported for the same jurisdiction; a report's date is its own, " +
			"else the latest date its text speaks of (Observation.date).",
		Args: graphql.FieldConfigArgument{"document": {Type: graphql.NewNonNull(graphql.ID), Description: "The plan's ID."}},
		Resolve: func(p graphql.ResolveParams) (any, error) {
			entries, err := analysis.Scorecard(modelOf(p), argString(p, "document"), now())
			if errors.Is(err, graph.ErrNotFound) {
				return nil, graph.DocumentNotFound(argString(p, "document"))
			}
			if err != nil {
				return nil, fmt.Errorf("scorecard: %w", err)
			}
			return anySlice(entries), nil
		},
	}
	b.addFields("Observation", graphql.Fields{
		"date": {Type: graphql.String,
			Description: "The date of the report: its own date when it has one, else the latest date its text speaks of " +
				"(YYYY-MM-DD, YYYY-MM or YYYY, as precise as the text). Years the text looks ahead to (到2025年) are not counted.",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return nilIfBlank(modelOf(p).ReportDate(p.Source.(*model.Observation).Document).String()), nil
			}},
	})
}

// nilIfBlank is nil for "", else s.
func nilIfBlank(s string) any {
	if s == "" {
		return nil
	}
	return s
}
