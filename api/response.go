package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/location"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/querycheck"
)

// gqlError is one entry of a response's errors list.
type gqlError struct {
	Message    string                    `json:"message"`
	Locations  []location.SourceLocation `json:"locations,omitempty"`
	Path       []any                     `json:"path,omitempty"`
	Extensions map[string]any            `json:"extensions,omitempty"`
}

// response is a GraphQL response; Data is left out when the request failed before
// execution, as the GraphQL-over-HTTP specification asks.
type response struct {
	Data   any        `json:"data,omitempty"`
	Errors []gqlError `json:"errors,omitempty"`
	// Extensions carries warnings (extensions.warnings): names that matched nothing.
	Extensions map[string]any `json:"extensions,omitempty"`
}

// newError is one error with a code.
func newError(code errcode.Code, msg string) gqlError {
	return gqlError{Message: msg, Extensions: map[string]any{"code": string(code)}}
}

// fromFormatted converts graphql-go's errors, each with its catalogue code, or the one
// given when it has none.
func fromFormatted(errs []gqlerrors.FormattedError, fallback errcode.Code) []gqlError {
	out := make([]gqlError, len(errs))
	for i, e := range errs {
		code, ok := querycheck.Code(e)
		if !ok {
			code = fallback
		}
		ext := map[string]any{}
		for k, v := range e.Extensions {
			ext[k] = v
		}
		ext["code"] = string(code)
		out[i] = gqlError{Message: e.Message, Locations: e.Locations, Path: e.Path, Extensions: ext}
	}
	return out
}

// withRequestID gives every error the request's ID in extensions.requestId, the key to
// the server's log line of the request.
func withRequestID(c *gin.Context, r response) response {
	id := c.GetString(requestIDKey)
	for i := range r.Errors {
		if r.Errors[i].Extensions == nil {
			r.Errors[i].Extensions = map[string]any{}
		}
		r.Errors[i].Extensions["requestId"] = id
	}
	return r
}

// write sends a GraphQL response as the negotiated media type.
func write(c *gin.Context, media string, status int, r response) {
	body, err := encode(withRequestID(c, r), 0)
	if err != nil {
		// Results hold strings, numbers, lists and maps only: this is a bug, not input.
		_ = c.Error(err) // kept on the context for the log; it returns err itself
		body, _ = encode(withRequestID(c, response{Errors: []gqlError{newError(errcode.Internal, errcode.Message(err))}}), 0)
		status = http.StatusInternalServerError
	}
	sendBody(c, status, media, body)
}

// contentTypes are the Content-Type headers of the media types, made once: a header
// value the server sets is only read after.
var contentTypes = map[string][]string{
	mediaJSON:            {mediaJSON + "; charset=utf-8"},
	mediaGraphQLResponse: {mediaGraphQLResponse + "; charset=utf-8"},
}

// sendBody sends a response body of a media type, as gin's Data does.
func sendBody(c *gin.Context, status int, media string, body []byte) {
	ct, ok := contentTypes[media]
	if !ok {
		ct = []string{media + "; charset=utf-8"}
	}
	c.Writer.Header()["Content-Type"] = ct
	c.Status(status)
	_, _ = c.Writer.Write(body) // a failed write means the client left
}

// errTooLarge is the error of an answer that would be over the size limit.
var errTooLarge = errors.New("the answer is over the size limit")

// encode writes a response as JSON: an answer over limit bytes (0: no limit) gives
// errTooLarge. encoding/json builds the whole text before it writes it, so it is the
// execution's response budget (schema.WithResponseBudget) that keeps a huge answer from
// being built; this is the exact check.
func encode(r response, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&cappedWriter{buf: &buf, limit: limit})
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cappedWriter writes into buf up to limit bytes (0: no limit).
type cappedWriter struct {
	buf   *bytes.Buffer
	limit int64
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.limit > 0 && int64(w.buf.Len()+len(p)) > w.limit {
		return 0, errTooLarge
	}
	return w.buf.Write(p)
}

// requestFailed answers a request that failed before execution: with
// application/graphql-response+json the status says so (400 or the one given), with
// application/json it is 200, as the GraphQL-over-HTTP specification says for each.
func requestFailed(c *gin.Context, media string, errs []gqlError) {
	status := http.StatusOK
	if media == mediaGraphQLResponse {
		status = http.StatusBadRequest
	}
	write(c, media, status, response{Errors: errs})
}

// reject answers a request that is not a well-formed GraphQL-over-HTTP request with an
// HTTP error status, whatever the media type.
func reject(c *gin.Context, media string, status int, code errcode.Code, msg string) {
	write(c, media, status, response{Errors: []gqlError{newError(code, msg)}})
}

// failHTTP answers with an error outside GraphQL (exports, unknown methods).
func failHTTP(c *gin.Context, status int, code errcode.Code, msg string) {
	fail(c, status, apiError{Code: code, Message: msg})
}
