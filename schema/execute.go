package schema

import (
	"context"
	"fmt"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/querycheck"
)

// Modeler gives the model of the store as it is now.
type Modeler interface {
	Model(ctx context.Context) (*model.Model, error)
}

// Request is one GraphQL request.
type Request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
}

// Execute runs a request against the store's current model, after the checks of
// querycheck and graphql-go's validation; errors carry their catalogue codes, and an
// internal error its own message (the command line's user is the operator). Warnings
// (names that matched nothing) come in the result's extensions.warnings.
func Execute(ctx context.Context, s graphql.Schema, src Modeler, req Request) (*graphql.Result, error) {
	keep := func(e gqlerrors.FormattedError) string { return e.Message }
	q, errs := querycheck.Parse(req.Query)
	if len(errs) == 0 {
		errs = q.Validate(&s)
	}
	if len(errs) == 0 {
		errs = q.Variables(Operation(q.Doc, req.OperationName), req.Variables)
	}
	if len(errs) > 0 {
		return &graphql.Result{Errors: Present(errs, keep)}, nil
	}
	m, err := src.Model(ctx)
	if err != nil {
		return nil, fmt.Errorf("read graph: %w", err)
	}
	ctx, warnings := WithWarnings(WithModel(ctx, m))
	res := graphql.Execute(graphql.ExecuteParams{
		Schema: s, AST: q.Doc, OperationName: req.OperationName, Args: req.Variables, Context: ctx,
	})
	res.Errors = Present(q.Locate(res.Errors), keep)
	if list := warnings.List(); len(list) > 0 {
		if res.Extensions == nil {
			res.Extensions = map[string]any{}
		}
		res.Extensions["warnings"] = list
	}
	return res, nil
}

// Operation returns the operation a request names, or its only one; nil if there is
// none such (execution reports why).
func Operation(doc *ast.Document, name string) *ast.OperationDefinition {
	var found *ast.OperationDefinition
	for _, def := range doc.Definitions {
		op, ok := def.(*ast.OperationDefinition)
		if !ok {
			continue
		}
		if name == "" {
			if found != nil {
				return nil
			}
			found = op
		} else if op.Name != nil && op.Name.Value == name {
			return op
		}
	}
	return found
}
