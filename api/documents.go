package api

import (
	"fmt"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
	lru "github.com/hashicorp/golang-lru/v2"
)

// maxCachedQuery is the longest query text whose document is cached: with
// documentCacheSize entries it bounds the cache's memory whatever clients send.
const maxCachedQuery = 16 << 10

// prepared is a query parsed and checked against the schema and the static rules
// (depth, introspection); the checks that read variables run on each request.
type prepared struct {
	doc *ast.Document
	// parseErrs are syntax errors (doc is nil); errs are validation errors.
	parseErrs, errs []gqlerrors.FormattedError
}

// documents parses and validates queries, remembering the last ones by their text: the
// same few queries make most of a frontend's traffic.
type documents struct {
	schema *graphql.Schema
	rules  []graphql.ValidationRuleFn
	cache  *lru.Cache[string, *prepared]
}

func newDocuments(s *graphql.Schema, rules []graphql.ValidationRuleFn, size int) (*documents, error) {
	cache, err := lru.New[string, *prepared](size)
	if err != nil {
		return nil, fmt.Errorf("document cache: %w", err)
	}
	return &documents{schema: s, rules: rules, cache: cache}, nil
}

// prepare parses and validates query, or returns what it found the last time.
func (d *documents) prepare(query string) *prepared {
	if p, ok := d.cache.Get(query); ok {
		return p
	}
	p := &prepared{}
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(query), Name: "GraphQL request"})})
	if err != nil {
		p.parseErrs = gqlerrors.FormatErrors(err)
	} else {
		p.doc = doc
		p.errs = graphql.ValidateDocument(d.schema, doc, d.rules).Errors
	}
	if len(query) <= maxCachedQuery {
		d.cache.Add(query, p)
	}
	return p
}

// operation returns the operation a request names, or its only one; nil if there is
// none such (execution reports why).
func operation(doc *ast.Document, name string) *ast.OperationDefinition {
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
