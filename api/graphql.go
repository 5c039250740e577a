package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/schema"
)

// operationKey is where the handler leaves the operation's name for the access log.
const operationKey = "graphql.operation"

// graphql answers a GraphQL request as the GraphQL-over-HTTP specification says: GET
// (queries only) and POST, application/json or application/graphql-response+json.
func (s *Server) graphql(c *gin.Context) {
	start := time.Now()
	opLabel := "none"
	defer func() {
		c.Set(operationKey, opLabel)
		s.metrics.observe(opLabel, c.Writer.Status(), time.Since(start))
	}()

	// The per-query timeout covers the whole request, the store's version check included.
	ctx := c.Request.Context()
	if t := s.cfg.Limits.Timeout; t > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, t)
		defer cancel()
	}
	c.Request = c.Request.WithContext(ctx)

	media, ok := negotiate(c.GetHeader("Accept"))
	if !ok {
		reject(c, mediaJSON, http.StatusNotAcceptable, codeNotAcceptable,
			"the Accept header allows neither application/graphql-response+json nor application/json")
		return
	}
	if s.answerFromCache(c, media, &opLabel) {
		return
	}
	p, herr := s.readParams(c)
	if herr != nil {
		reject(c, media, herr.status, herr.code, herr.msg)
		return
	}
	query, pq, herr := s.persisted.resolve(p)
	if herr != nil {
		if herr.code == codePersistedNotFound {
			// Apollo clients retry with the full query on this answer; a 200 that no cache
			// keeps is what they expect (Apollo Server does the same).
			c.Header("Cache-Control", "private, no-cache, must-revalidate")
		}
		reject(c, media, herr.status, herr.code, herr.msg)
		return
	}
	if query == "" {
		reject(c, media, http.StatusBadRequest, codeBadRequest, "no query given: send the parameter query (or a persisted query's hash)")
		return
	}
	prep := s.documents.prepare(query)
	if prep.doc == nil {
		requestFailed(c, media, fromFormatted(prep.parseErrs, codeParseFailed))
		return
	}
	op := operation(prep.doc, p.OperationName)
	opLabel = s.metrics.operationLabel(op)
	if c.Request.Method == http.MethodGet && op != nil && op.Operation == ast.OperationTypeMutation {
		c.Header("Allow", http.MethodPost)
		reject(c, media, http.StatusMethodNotAllowed, codeMethodNotAllowed, "mutations are not allowed over GET: send them by POST")
		return
	}
	if len(prep.errs) > 0 {
		requestFailed(c, media, fromFormatted(prep.errs, codeValidationFailed))
		return
	}
	if op != nil && !s.hasRoot(op.Operation) {
		// graphql-go validates a mutation against a schema without mutations and fails
		// only when it executes it; say so as the validation error it is.
		requestFailed(c, media, []gqlError{newError(codeValidationFailed,
			fmt.Sprintf("the schema has no %s type: policykg answers queries only", op.Operation))})
		return
	}
	if max := s.cfg.Limits.MaxComplexity; max > 0 {
		rule := complexityRule(max, s.cfg.Limits.DefaultPageSize, p.OperationName, p.Variables)
		if errs := graphql.ValidateDocument(&s.cfg.Schema, prep.doc, []graphql.ValidationRuleFn{rule}).Errors; len(errs) > 0 {
			requestFailed(c, media, fromFormatted(errs, codeTooComplex))
			return
		}
	}
	s.persisted.store(pq, query)
	s.execute(c, media, prep.doc, p)
}

// hasRoot reports whether the schema has a root type for an operation type.
func (s *Server) hasRoot(operation string) bool {
	switch operation {
	case ast.OperationTypeMutation:
		return s.cfg.Schema.MutationType() != nil
	case ast.OperationTypeSubscription:
		return s.cfg.Schema.SubscriptionType() != nil
	}
	return true
}

// execute runs a valid document against the store's current model, within the
// per-query timeout the request's context carries.
func (s *Server) execute(c *gin.Context, media string, doc *ast.Document, p params) {
	ctx := c.Request.Context()
	m, err := s.model(c)
	if err != nil {
		if timedOut(ctx) {
			s.timeout(c, media)
			return
		}
		s.cfg.Logger.Error("graphql: read the store", "err", err, "request_id", c.GetString(requestIDKey))
		reject(c, media, http.StatusServiceUnavailable, codeStoreUnavailable, "the graph store could not be read")
		return
	}
	execCtx, warnings := schema.WithWarnings(schema.WithModel(ctx, m))
	res := graphql.Execute(graphql.ExecuteParams{
		Schema: s.cfg.Schema, AST: doc, OperationName: p.OperationName, Args: p.Variables,
		Context: execCtx,
	})
	if timedOut(ctx) {
		s.timeout(c, media)
		return
	}
	if res.Data == nil {
		// Execution did not start: the variables or the operation name were wrong.
		requestFailed(c, media, fromFormatted(res.Errors, codeBadRequest))
		return
	}
	r := response{Data: res.Data, Errors: fromFormatted(res.Errors, "")}
	if list := warnings.List(); len(list) > 0 {
		r.Extensions = map[string]any{"warnings": list}
	}
	s.writeResult(c, media, m.Version, doc, p, r)
}

func timedOut(ctx context.Context) bool { return errors.Is(ctx.Err(), context.DeadlineExceeded) }

// timeout answers a query that ran out of time: 200 with the error for
// application/json, 503 for application/graphql-response+json, which has no data to give.
func (s *Server) timeout(c *gin.Context, media string) {
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		status = http.StatusServiceUnavailable
	}
	write(c, media, status, response{Errors: []gqlError{newError(codeTimeout,
		fmt.Sprintf("the query ran longer than the limit of %s and was stopped", s.cfg.Limits.Timeout))}})
}

// modelKeyName is where the request's model waits once the result cache has read it.
const modelKeyName = "policykg.model"

// model returns the model this request reads: the one the result cache already read, or
// the store's current one.
func (s *Server) model(c *gin.Context) (*graph.Model, error) {
	if m, ok := c.Get(modelKeyName); ok {
		return m.(*graph.Model), nil
	}
	return s.cfg.Source.Model(c.Request.Context())
}
