package querycheck

import (
	"math"
	"strconv"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/kinds"
	"github.com/graphql-go/graphql/language/visitor"

	"github.com/policykg/policykg/errcode"
)

// Rules are the validation rules this package adds to graphql-go's.
func Rules() []graphql.ValidationRuleFn {
	return []graphql.ValidationRuleFn{IntRangeRule, UniqueDirectivesRule}
}

// report adds an error with a code to a validation.
func report(ctx *graphql.ValidationContext, code errcode.Code, node ast.Node, format string, a ...any) {
	ctx.ReportError(located(code, []ast.Node{node}, format, a...))
}

// IntRangeRule refuses Int literals outside 32 bits, which graphql-go accepts
// (year: 99999999999): GraphQL's Int is a signed 32-bit integer.
func IntRangeRule(ctx *graphql.ValidationContext) *graphql.ValidationRuleInstance {
	return &graphql.ValidationRuleInstance{VisitorOpts: &visitor.VisitorOptions{
		KindFuncMap: map[string]visitor.NamedVisitFuncs{
			kinds.IntValue: {Kind: func(p visitor.VisitFuncParams) (string, any) {
				v, ok := p.Node.(*ast.IntValue)
				if !ok || !isInt(ctx.InputType()) {
					return visitor.ActionNoChange, nil
				}
				if n, err := strconv.ParseInt(v.Value, 10, 64); err != nil || n < math.MinInt32 || n > math.MaxInt32 {
					report(ctx, errcode.BadUserInput, v, "%s is not an Int: GraphQL's Int holds whole numbers from -2147483648 to 2147483647", errcode.Quote(v.Value))
				}
				return visitor.ActionNoChange, nil
			}},
		},
	}}
}

// isInt reports whether an input type is Int, non-null or not.
func isInt(t graphql.Input) bool {
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	return t == graphql.Int
}

// UniqueDirectivesRule refuses a directive repeated in one place ({ a @skip(if: $x)
// @skip(if: $y) }), as the specification's rule "Directives Are Unique per Location" does
// for directives that are not repeatable (none of the schema's is).
func UniqueDirectivesRule(ctx *graphql.ValidationContext) *graphql.ValidationRuleInstance {
	check := func(p visitor.VisitFuncParams) (string, any) {
		var dirs []*ast.Directive
		switch n := p.Node.(type) {
		case *ast.Field:
			dirs = n.Directives
		case *ast.FragmentSpread:
			dirs = n.Directives
		case *ast.InlineFragment:
			dirs = n.Directives
		case *ast.OperationDefinition:
			dirs = n.Directives
		case *ast.FragmentDefinition:
			dirs = n.Directives
		}
		seen := map[string]bool{}
		for _, d := range dirs {
			if d.Name == nil {
				continue
			}
			if seen[d.Name.Value] {
				report(ctx, errcode.ValidationFailed, d, "The directive @%s can only be used once at this location.", d.Name.Value)
				break
			}
			seen[d.Name.Value] = true
		}
		return visitor.ActionNoChange, nil
	}
	funcs := map[string]visitor.NamedVisitFuncs{}
	for _, k := range []string{kinds.Field, kinds.FragmentSpread, kinds.InlineFragment, kinds.OperationDefinition, kinds.FragmentDefinition} {
		funcs[k] = visitor.NamedVisitFuncs{Kind: check}
	}
	return &graphql.ValidationRuleInstance{VisitorOpts: &visitor.VisitorOptions{KindFuncMap: funcs}}
}
