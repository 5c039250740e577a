package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/schema"
)

// executeDirect answers a request by direct execution (direct.go), under the same response
// size limit and timeout as graphql-go's execution, and reports whether it did; when it
// gave up, nothing is sent and graphql-go answers.
func (s *Server) executeDirect(c *gin.Context, media string, m *model.Model, prep *prepared, vars map[string]any, p params) bool {
	ctx := c.Request.Context()
	budgetCtx := ctx
	limit := s.cfg.Limits.MaxResponseBytes
	if limit > 0 {
		var cancel context.CancelFunc
		budgetCtx, cancel = schema.WithResponseBudget(ctx, limit)
		defer cancel()
	}
	execCtx, warnings := schema.WithWarnings(schema.WithModel(budgetCtx, m))
	plan := prep.plans.plan(&s.cfg.Schema, prep.q.Doc, p.OperationName)
	body, out := executeDirect(execCtx, &s.cfg.Schema, plan, vars, limit)
	switch {
	case out == directTooLarge || schema.OverBudget(budgetCtx):
		s.tooLarge(c, media)
		return true
	case timedOut(ctx):
		s.timeout(c, media)
		return true
	case out == directGaveUp:
		return false
	}
	body, err := finishDirect(body, warnings.List(), limit)
	switch {
	case errors.Is(err, errTooLarge):
		s.tooLarge(c, media)
		return true
	case err != nil:
		s.cfg.Logger.Error("graphql: direct execution", "err", err, "request_id", c.GetString(requestIDKey))
		write(c, media, http.StatusOK, response{Errors: []gqlError{newError(errcode.Internal, errcode.InternalMessage)}})
		return true
	}
	s.send(c, media, m.Version, prep.q.Doc, p, body, true)
	return true
}
