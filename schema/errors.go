package schema

import (
	"context"
	"errors"

	"github.com/graphql-go/graphql/gqlerrors"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/querycheck"
)

// Present gives each error of a request its catalogue code in extensions.code and the
// message a person reads: an errcode error's own message, not the chain of context its
// resolver wrapped around it. An error with no code is a fault of the server: internal
// returns what is said of it (the HTTP server logs it and says nothing of its cause).
// Errors past querycheck.MaxErrors are counted, not listed.
func Present(errs []gqlerrors.FormattedError, internal func(gqlerrors.FormattedError) string) []gqlerrors.FormattedError {
	for i, e := range errs {
		code, ok := querycheck.Code(e)
		cause := querycheck.Cause(e)
		var coded *errcode.Error
		switch {
		case !ok:
			code, errs[i].Message = errcode.Internal, internal(e)
		case errors.As(cause, &coded):
			errs[i].Message = coded.Message
		case errors.Is(cause, context.DeadlineExceeded):
			errs[i].Message = errcode.Message(cause)
		}
		ext := map[string]any{}
		for k, v := range e.Extensions {
			ext[k] = v
		}
		ext["code"] = string(code)
		errs[i].Extensions = ext
	}
	return querycheck.Truncate(errs)
}
