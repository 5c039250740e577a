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
	// plans are the document's operations planned for direct execution.
	plans plans
}

// documents parses and validates queries, remembering the last ones by their text (the
// same few queries make most of a frontend's traffic) and, for queries with literal
// arguments, by their shape (see lift.go): a researcher's questions differ in their
// literals, not in their shape.
type documents struct {
	schema *graphql.Schema
	rules  []graphql.ValidationRuleFn
	cache  *lru.Cache[string, *prepared]
	// shapes holds documents with their literal arguments lifted into variables, by the
	// shape of the query (shapeOf).
	shapes *lru.Cache[string, *shaped]
}

func newDocuments(s *graphql.Schema, rules []graphql.ValidationRuleFn, size int) (*documents, error) {
	cache, err := lru.New[string, *prepared](size)
	if err != nil {
		return nil, fmt.Errorf("document cache: %w", err)
	}
	shapes, err := lru.New[string, *shaped](size)
	if err != nil {
		return nil, fmt.Errorf("document cache: %w", err)
	}
	return &documents{schema: s, rules: rules, cache: cache, shapes: shapes}, nil
}

// prepare parses and validates query, or returns what it found the last time for the same
// text or for a text of the same shape. lifted holds the literals of query that the
// document returned takes as variables; nil when the document is query's own. querycheck
// reads the text before anything else does, the lexer of shapeOf included.
func (d *documents) prepare(query string) (p *prepared, lifted map[string]any) {
	if p, ok := d.cache.Get(query); ok {
		return p, nil
	}
	if errs := querycheck.CheckText(query); len(errs) > 0 {
		return d.keep(query, &prepared{parseErrs: errs}), nil
	}
	key, lits := shapeOf(query)
	if len(key) > maxCachedQuery {
		key = ""
	}
	if key != "" {
		if sh, ok := d.shapes.Get(key); ok {
			if vars, ok := sh.bind(lits); ok {
				return sh.prep, vars
			}
		}
	}
	p = d.parse(query)
	if p.q == nil || len(p.errs) > 0 || key == "" {
		return d.keep(query, p), nil
	}
	hs := holes(d.schema, p.q.Doc)
	lifted = make(map[string]any, len(hs))
	if len(hs) == 0 || !values(hs, lifted) {
		return d.keep(query, p), nil
	}
	// The request's own document is valid: the shared one is made from a copy of it, and
	// validated too (a lifted literal may meet a rule that compares arguments).
	tq, errs := querycheck.Parse(query)
	if len(errs) > 0 {
		return d.keep(query, p), nil
	}
	ths := holes(d.schema, tq.Doc)
	lift(tq.Doc, ths)
	t := &prepared{q: tq, errs: tq.Validate(d.schema, d.rules...)}
	sh, ok := newShaped(t, lits, ths)
	if len(t.errs) > 0 || !ok {
		return d.keep(query, p), nil
	}
	d.shapes.Add(key, sh)
	return t, lifted
}

// literal prepares query's own document, its literals as written: for a request whose
// lifted document met an error, so that the error speaks of the request's own text.
func (d *documents) literal(query string) *prepared {
	if p, ok := d.cache.Get(query); ok {
		return p
	}
	return d.keep(query, d.parse(query))
}

// parse parses and checks query through querycheck, then validates it.
func (d *documents) parse(query string) *prepared {
	p := &prepared{}
	if p.q, p.parseErrs = querycheck.Parse(query); p.q != nil {
		p.errs = p.q.Validate(d.schema, d.rules...)
	}
	return p
}

// keep remembers p for query, unless query is too long to keep.
func (d *documents) keep(query string, p *prepared) *prepared {
	if len(query) <= maxCachedQuery {
		d.cache.Add(query, p)
	}
	return p
}
