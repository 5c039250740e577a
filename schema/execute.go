package schema

import (
	"context"
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/graph"
)

// Modeler gives the model of the store as it is now.
type Modeler interface {
	Model(ctx context.Context) (*graph.Model, error)
}

// Request is one GraphQL request.
type Request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName,omitempty"`
	Variables     map[string]any `json:"variables,omitempty"`
}

// Execute runs a request against the store's current model; warnings (names that matched
// nothing) come in the result's extensions.warnings.
func Execute(ctx context.Context, s graphql.Schema, src Modeler, req Request) (*graphql.Result, error) {
	m, err := src.Model(ctx)
	if err != nil {
		return nil, fmt.Errorf("read graph: %w", err)
	}
	ctx, warnings := WithWarnings(WithModel(ctx, m))
	res := graphql.Do(graphql.Params{
		Schema: s, RequestString: req.Query, VariableValues: req.Variables,
		OperationName: req.OperationName, Context: ctx,
	})
	if list := warnings.List(); len(list) > 0 {
		if res.Extensions == nil {
			res.Extensions = map[string]any{}
		}
		res.Extensions["warnings"] = list
	}
	return res, nil
}
