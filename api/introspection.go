package api

import (
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/kinds"
	"github.com/graphql-go/graphql/language/visitor"

	"github.com/policykg/policykg/errcode"
)

// noIntrospectionRule refuses __schema and __type, for a server started with
// --introspection=false; __typename stays, as clients need it to read unions and
// interfaces.
func noIntrospectionRule(ctx *graphql.ValidationContext) *graphql.ValidationRuleInstance {
	return &graphql.ValidationRuleInstance{VisitorOpts: &visitor.VisitorOptions{
		KindFuncMap: map[string]visitor.NamedVisitFuncs{
			kinds.Field: {Kind: func(p visitor.VisitFuncParams) (string, any) {
				if f, ok := p.Node.(*ast.Field); ok && f.Name != nil && (f.Name.Value == "__schema" || f.Name.Value == "__type") {
					reportAt(ctx, f, errcode.IntrospectionDisabled, "introspection is disabled on this server: "+f.Name.Value+" cannot be queried")
				}
				return visitor.ActionNoChange, nil
			}},
		},
	}}
}
