package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/location"
)

// Error codes in extensions.code of the errors this server adds; the names follow
// Apollo Server's where one exists, so that clients that know those recognise them.
const (
	codeBadRequest        = "BAD_REQUEST"
	codeParseFailed       = "GRAPHQL_PARSE_FAILED"
	codeValidationFailed  = "GRAPHQL_VALIDATION_FAILED"
	codeTooDeep           = "QUERY_TOO_DEEP"
	codeTooComplex        = "QUERY_TOO_COMPLEX"
	codeIntrospectionOff  = "INTROSPECTION_DISABLED"
	codeTimeout           = "TIMEOUT"
	codeStoreUnavailable  = "STORE_UNAVAILABLE"
	codeBodyTooLarge      = "PAYLOAD_TOO_LARGE"
	codeNotAcceptable     = "NOT_ACCEPTABLE"
	codeMethodNotAllowed  = "METHOD_NOT_ALLOWED"
	codeBatchNotSupported = "BATCH_NOT_SUPPORTED"
	codePersistedNotFound = "PERSISTED_QUERY_NOT_FOUND"
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

// codedError is an error that carries its extensions.code through graphql-go's
// error formatting (gqlerrors.ExtendedError).
type codedError struct {
	msg, code string
}

func (e codedError) Error() string { return e.msg }

// Extensions gives the error's code to the GraphQL response.
func (e codedError) Extensions() map[string]any { return map[string]any{"code": e.code} }

// newError is one error with a code.
func newError(code, msg string) gqlError {
	return gqlError{Message: msg, Extensions: map[string]any{"code": code}}
}

// fromFormatted converts graphql-go's errors, giving those without a code the one given.
func fromFormatted(errs []gqlerrors.FormattedError, code string) []gqlError {
	out := make([]gqlError, len(errs))
	for i, e := range errs {
		ext := e.Extensions
		if ext == nil && code != "" {
			ext = map[string]any{"code": code}
		}
		out[i] = gqlError{Message: e.Message, Locations: e.Locations, Path: e.Path, Extensions: ext}
	}
	return out
}

// write sends a GraphQL response as the negotiated media type.
func write(c *gin.Context, media string, status int, r response) {
	body, status := encode(r, status)
	c.Data(status, media+"; charset=utf-8", body)
}

// encode writes a response as JSON, with the status to send it with.
func encode(r response, status int) ([]byte, int) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		// Results hold strings, numbers, lists and maps only: this is a bug, not input.
		buf.Reset()
		msg, _ := json.Marshal("the response could not be encoded: " + err.Error())
		buf.WriteString(`{"errors":[{"message":` + string(msg) + `}]}`)
		status = http.StatusInternalServerError
	}
	return buf.Bytes(), status
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
func reject(c *gin.Context, media string, status int, code, msg string) {
	write(c, media, status, response{Errors: []gqlError{newError(code, msg)}})
}
