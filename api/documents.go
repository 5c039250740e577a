package api

import (
	"fmt"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/policykg/policykg/querycheck"
)

// maxCachedQuery is the longest query text whose document is cached: with
// documentCacheSize entries it bounds the cache's memory whatever clients send.
const maxCachedQuery = 16 << 10

// prepared is a query parsed and checked against the schema and the static rules
// (querycheck's, depth, introspection); the checks that read variables run on each request.
type prepared struct {
	q *querycheck.Query
	// parseErrs are syntax errors (q is nil); errs are validation errors.
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
	if p.q, p.parseErrs = querycheck.Parse(query); p.q != nil {
		p.errs = p.q.Validate(d.schema, d.rules...)
	}
	if len(query) <= maxCachedQuery {
		d.cache.Add(query, p)
	}
	return p
}
