package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/model"
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

	// The body's media type follows Accept: caches must keep one answer per Accept.
	c.Writer.Header().Add("Vary", "Accept")
	media, ok := negotiate(c.GetHeader("Accept"))
	if !ok {
		reject(c, mediaJSON, http.StatusNotAcceptable, errcode.NotAcceptable,
			"the Accept header allows neither application/graphql-response+json nor application/json")
		return
	}
	if c.Request.Method == http.MethodGet {
		// Answers change only when the store does: clients keep them and ask again with
		// If-None-Match, which costs a version check (see etag).
		c.Header("Cache-Control", "no-cache")
		if s.notModified(c, media) {
			return
		}
	}
	if label, ok := s.answerFromCache(c, media); ok {
		opLabel = label
		return
	}
	p, herr := s.readParams(c)
	if herr != nil {
		reject(c, media, herr.status, herr.code, herr.msg)
		return
	}
	query, pq, herr := s.persisted.resolve(p)
	if herr != nil {
		if herr.code == errcode.PersistedQueryNotFound {
			// Apollo clients retry with the full query on this answer; a 200 that no cache
			// keeps is what they expect (Apollo Server does the same).
			c.Header("Cache-Control", "private, no-cache, must-revalidate")
		}
		reject(c, media, herr.status, herr.code, herr.msg)
		return
	}
	if query == "" {
		reject(c, media, http.StatusBadRequest, errcode.BadRequest, "no query given: send the parameter query (or a persisted query's hash)")
		return
	}
	prep, lifted := s.documents.prepare(query)
	vars := p.Variables
	if lifted != nil {
		for k, v := range p.Variables {
			if _, taken := lifted[k]; !taken {
				lifted[k] = v
			}
		}
		vars = lifted
	}
	op, failed := s.check(c, media, prep, p, vars)
	if failed != nil && lifted != nil {
		// The shared document of the query's shape is refused with these values: the
		// request takes the path of its own text, whose errors name what it wrote.
		prep, vars, lifted = s.documents.literal(query), p.Variables, nil
		op, failed = s.check(c, media, prep, p, vars)
	}
	opLabel = s.metrics.operationLabel(op)
	if failed != nil {
		failed()
		return
	}
	s.persisted.store(pq, query)
	s.execute(c, media, prep, vars, p, query, lifted != nil)
}

// check runs the checks of a prepared request before execution, with the variables it
// runs with; it returns the operation to run and, when a check fails, what answers the
// request.
func (s *Server) check(c *gin.Context, media string, prep *prepared, p params, vars map[string]any) (*ast.OperationDefinition, func()) {
	if prep.q == nil {
		return nil, func() { requestFailed(c, media, fromFormatted(prep.parseErrs, errcode.ParseFailed)) }
	}
	op := schema.Operation(prep.q.Doc, p.OperationName)
	if c.Request.Method == http.MethodGet && op != nil && op.Operation == ast.OperationTypeMutation {
		return op, func() {
			c.Header("Allow", http.MethodPost)
			reject(c, media, http.StatusMethodNotAllowed, errcode.MethodNotAllowed, "mutations are not allowed over GET: send them by POST")
		}
	}
	if len(prep.errs) > 0 {
		return op, func() { requestFailed(c, media, fromFormatted(prep.errs, errcode.ValidationFailed)) }
	}
	if op == nil {
		return nil, func() {
			requestFailed(c, media, []gqlError{newError(errcode.BadRequest, noOperation(prep.q.Doc, p.OperationName))})
		}
	}
	if !s.hasRoot(op.Operation) {
		// graphql-go validates a mutation against a schema without mutations and fails
		// only when it executes it; say so as the validation error it is.
		return op, func() {
			requestFailed(c, media, []gqlError{newError(errcode.ValidationFailed,
				fmt.Sprintf("the schema has no %s type: policykg answers queries only", op.Operation))})
		}
	}
	if max := s.cfg.Limits.MaxComplexity; max > 0 {
		if err := complexityError(&s.cfg.Schema, prep.q.Doc, max, s.cfg.Limits.DefaultPageSize, p.OperationName, vars); err != nil {
			return op, func() {
				requestFailed(c, media, fromFormatted(prep.q.Locate([]gqlerrors.FormattedError{*err}), errcode.TooComplex))
			}
		}
	}
	if errs := prep.q.Variables(op, vars); len(errs) > 0 {
		return op, func() { requestFailed(c, media, fromFormatted(errs, errcode.BadUserInput)) }
	}
	return op, nil
}

// noOperation says why a document gives no operation to run.
func noOperation(doc *ast.Document, name string) string {
	if name != "" {
		return fmt.Sprintf("the query has no operation named %s", errcode.Quote(name))
	}
	for _, def := range doc.Definitions {
		if _, ok := def.(*ast.OperationDefinition); ok {
			return "the query has several operations: name the one to run in operationName"
		}
	}
	return "the query has no operation to run, only fragments"
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

// execute runs a valid document with its variables against the store's current model,
// within the per-query timeout the request's context carries and the response size limit.
// Direct execution answers when it can (direct.go), graphql-go otherwise. When the
// document is the one shared by the request's shape (shared) and graphql-go meets an
// error, the request runs again as it was written, so that errors name its own text and
// values exactly as they would have without the sharing.
func (s *Server) execute(c *gin.Context, media string, prep *prepared, vars map[string]any, p params, query string, shared bool) {
	ctx := c.Request.Context()
	m, err := s.model(c)
	if err != nil {
		if timedOut(ctx) {
			s.timeout(c, media)
			return
		}
		s.cfg.Logger.Error("graphql: read the store", "err", err, "request_id", c.GetString(requestIDKey))
		reject(c, media, http.StatusServiceUnavailable, errcode.StoreUnavailable, "the graph store could not be read")
		return
	}
	if s.executeDirect(c, media, m, prep, vars, p) {
		return
	}
	res, over, warnings := s.run(ctx, m, prep.q.Doc, p.OperationName, vars)
	if shared && (res.Data == nil || len(res.Errors) > 0) && !over && !timedOut(ctx) {
		own := s.documents.literal(query)
		if own.q == nil || len(own.errs) > 0 {
			// A valid text of the same shape made the shared document: this is a bug.
			requestFailed(c, media, fromFormatted(append(own.parseErrs, own.errs...), errcode.Internal))
			return
		}
		prep = own
		res, over, warnings = s.run(ctx, m, prep.q.Doc, p.OperationName, p.Variables)
	}
	switch {
	case over:
		s.tooLarge(c, media)
		return
	case timedOut(ctx):
		s.timeout(c, media)
		return
	case res.Data == nil:
		// Execution did not start: graphql-go could not coerce the variables.
		requestFailed(c, media, fromFormatted(prep.q.Locate(res.Errors), errcode.BadUserInput))
		return
	}
	errs := schema.Present(prep.q.Locate(res.Errors), s.internal(c))
	r := response{Data: res.Data, Errors: fromFormatted(errs, errcode.Internal)}
	if len(warnings) > 0 {
		r.Extensions = map[string]any{"warnings": warnings}
	}
	s.writeResult(c, media, m.Version, prep.q.Doc, p, r)
}

// run executes a document with graphql-go, within a response budget of its own (over
// reports whether the answer outgrew it) and with warnings of its own.
func (s *Server) run(ctx context.Context, m *model.Model, doc *ast.Document, opName string, vars map[string]any) (res *graphql.Result, over bool, warnings []schema.Warning) {
	if limit := s.cfg.Limits.MaxResponseBytes; limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = schema.WithResponseBudget(ctx, limit)
		defer cancel()
	}
	execCtx, w := schema.WithWarnings(schema.WithModel(ctx, m))
	res = graphql.Execute(graphql.ExecuteParams{
		Schema: s.cfg.Schema, AST: doc, OperationName: opName, Args: vars, Context: execCtx,
	})
	return res, schema.OverBudget(ctx), w.List()
}

// internal logs an error that has no code, a fault of the server, under the request's
// ID, and returns what the client is told of it: nothing of its cause.
func (s *Server) internal(c *gin.Context) func(gqlerrors.FormattedError) string {
	return func(e gqlerrors.FormattedError) string {
		s.cfg.Logger.Error("graphql: internal error", "err", e.Message, "path", e.Path, "request_id", c.GetString(requestIDKey))
		return errcode.InternalMessage
	}
}

func timedOut(ctx context.Context) bool { return errors.Is(ctx.Err(), context.DeadlineExceeded) }

// timeout answers a query that ran out of time: 200 with the error for
// application/json, 503 for application/graphql-response+json, which has no data to give.
func (s *Server) timeout(c *gin.Context, media string) {
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		status = http.StatusServiceUnavailable
	}
	write(c, media, status, response{Errors: []gqlError{newError(errcode.Timeout,
		fmt.Sprintf("the query ran longer than the limit of %s and was stopped", s.cfg.Limits.Timeout))}})
}

// tooLarge answers a query whose answer would be over the size limit, with no part of it.
func (s *Server) tooLarge(c *gin.Context, media string) {
	requestFailed(c, media, []gqlError{newError(errcode.ResponseTooLarge, fmt.Sprintf(
		"the answer would be over the limit of %d bytes: ask for fewer items (first/last), fewer fields or no long texts", s.cfg.Limits.MaxResponseBytes))})
}

// modelKeyName is where the request's model waits once the result cache has read it.
const modelKeyName = "policykg.model"

// model returns the model this request reads: the one already read for it, or the
// store's current one, which it then keeps, so that a request reads the store once.
func (s *Server) model(c *gin.Context) (*model.Model, error) {
	if m, ok := c.Get(modelKeyName); ok {
		return m.(*model.Model), nil
	}
	m, err := s.cfg.Source.Model(c.Request.Context())
	if err != nil {
		return nil, err
	}
	c.Set(modelKeyName, m)
	return m, nil
}
