// Package errcode is policykg's catalogue of error causes: one error type that carries a
// code from the catalogue and a message written for a person. Packages raise it where
// they find the fault; only the edge (api/, the command line) turns it into an HTTP
// status or a GraphQL error, and an error without a code is an internal one, logged and
// never shown. docs/API.md lists every code.
package errcode

import (
	"context"
	"errors"
	"fmt"
)

// Code names the cause of an error; it is what clients switch on (extensions.code).
type Code string

// The catalogue. Names follow Apollo Server's where it has one, so that clients that
// know those recognise them.
const (
	// BadRequest: the HTTP request is not a well-formed GraphQL-over-HTTP request.
	BadRequest Code = "BAD_REQUEST"
	// BadUserInput: an argument or a variable has a value the field cannot take.
	BadUserInput Code = "BAD_USER_INPUT"
	// NotFound: an ID names nothing that is loaded.
	NotFound Code = "NOT_FOUND"
	// StaleCursor: a well-formed cursor points at no item of the list any more.
	StaleCursor Code = "STALE_CURSOR"
	// ParseFailed: the query is not GraphQL.
	ParseFailed Code = "GRAPHQL_PARSE_FAILED"
	// ValidationFailed: the query does not fit the schema or the GraphQL rules.
	ValidationFailed Code = "GRAPHQL_VALIDATION_FAILED"
	// TooDeep: fields, or brackets of any kind, nest deeper than allowed.
	TooDeep Code = "QUERY_TOO_DEEP"
	// TooComplex: the query's estimated cost is over the limit.
	TooComplex Code = "QUERY_TOO_COMPLEX"
	// IntrospectionDisabled: the server refuses __schema and __type.
	IntrospectionDisabled Code = "INTROSPECTION_DISABLED"
	// PersistedQueryNotFound: the hash of an automatic persisted query is not known.
	PersistedQueryNotFound Code = "PERSISTED_QUERY_NOT_FOUND"
	// BatchNotSupported: the body is a JSON array of requests.
	BatchNotSupported Code = "BATCH_NOT_SUPPORTED"
	// UnsupportedMediaType: an upload is of a type the loader cannot read.
	UnsupportedMediaType Code = "UNSUPPORTED_MEDIA_TYPE"
	// NotAcceptable: the Accept header allows no media type the server sends.
	NotAcceptable Code = "NOT_ACCEPTABLE"
	// MethodNotAllowed: the HTTP method cannot be used here (a mutation over GET).
	MethodNotAllowed Code = "METHOD_NOT_ALLOWED"
	// PayloadTooLarge: the request body or URL query is over the limit.
	PayloadTooLarge Code = "PAYLOAD_TOO_LARGE"
	// ResponseTooLarge: the answer would be over the limit.
	ResponseTooLarge Code = "RESPONSE_TOO_LARGE"
	// Timeout: the request ran longer than the limit and was stopped.
	Timeout Code = "TIMEOUT"
	// StoreUnavailable: the graph store could not be read.
	StoreUnavailable Code = "STORE_UNAVAILABLE"
	// ReadOnly: the server takes no writes (no write token is configured).
	ReadOnly Code = "READ_ONLY"
	// Unauthenticated: a write came without the right bearer token.
	Unauthenticated Code = "UNAUTHENTICATED"
	// Internal: a fault of the server; the message says no more, the log has the cause.
	Internal Code = "INTERNAL_SERVER_ERROR"
)

// Error is an error with a code and a message for a person. Err, the cause, is for the
// log and errors.Is; it is never shown to a client.
type Error struct {
	Code    Code
	Message string
	Err     error
}

// Error returns the message: it is written to be read as it is.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a formatted message.
func New(code Code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// Wrap returns an error with a code and a message that keeps err as its cause.
func Wrap(err error, code Code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...), Err: err}
}

// Of returns the code of err: the code of the first *Error in its chain, Timeout for a
// context that ran out of time, Internal for any other error, "" for nil.
func Of(err error) Code {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	}
	return Internal
}

// Message returns what a client may read of err: the message of its *Error, a fixed
// sentence for a timeout, and nothing of an internal error's text.
func Message(err error) string {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Message
	case errors.Is(err, context.DeadlineExceeded):
		return "the request ran out of time and was stopped"
	}
	return InternalMessage
}

// InternalMessage is all a client is told of an internal error.
const InternalMessage = "internal error: the server failed to answer; the log has the cause under this request's id"

// maxQuoted is how many characters of a client's value an error message repeats.
const maxQuoted = 64

// Quote quotes a value a client sent for an error message, cut to its first 64
// characters, so that a 90 KB argument does not come back 90 KB long.
func Quote(s string) string {
	r := []rune(s)
	if len(r) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q", string(r[:maxQuoted])+"…")
}
