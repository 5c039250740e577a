// Package querycheck parses GraphQL requests and checks what graphql-go does not, or does
// too slowly, before graphql-go validates and executes them: bracket nesting before its
// recursive parser runs, fragment cycles before its validation (which recurses without
// end on them, graphql-go issue #742), fields sharing a name by the thousand (its
// overlapping-fields rule is quadratic), 32-bit Ints in literals and variables, and
// directives repeated in one place. The HTTP server and `policykg query` both use it, so
// no request reaches graphql-go unchecked.
package querycheck

import (
	"fmt"
	"unicode/utf8"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/location"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"

	"github.com/policykg/policykg/errcode"
)

// MaxErrors is how many errors a request is answered with; the last one says how many
// more were found.
const MaxErrors = 100

// Query is a parsed GraphQL document with what it takes to locate its errors.
type Query struct {
	Doc *ast.Document
	// lineStarts are the byte offsets at which the query's lines start.
	lineStarts []int
}

// Parse parses a query whose brackets nest at most MaxNesting deep. The document keeps
// no reference to its source: graphql-go then locates an error in constant time instead
// of scanning the whole query with a regular expression for each one (which made a
// 60 KB query with 2,000 errors take half a minute); Locate gives the errors their lines
// and columns afterwards. Errors carry errcode codes (see Code).
func Parse(query string) (*Query, []gqlerrors.FormattedError) {
	if errs := CheckText(query); len(errs) > 0 {
		return nil, errs
	}
	src := source.NewSource(&source.Source{Body: []byte(query), Name: "GraphQL request"})
	doc, err := parser.Parse(parser.ParseParams{Source: src, Options: parser.ParseOptions{NoSource: true}})
	if err != nil {
		fe := gqlerrors.FormatError(err)
		fe.Extensions = map[string]any{"code": string(errcode.ParseFailed)}
		return nil, Truncate([]gqlerrors.FormattedError{fe})
	}
	return &Query{Doc: doc, lineStarts: lineStarts(query)}, nil
}

// CheckText checks what can be checked of a query's text before anything reads it (the
// bracket nesting Parse checks too): for callers that read the text otherwise than
// through Parse, such as a lexer.
func CheckText(query string) []gqlerrors.FormattedError {
	if err := checkNesting(query); err != nil {
		return []gqlerrors.FormattedError{*err}
	}
	return nil
}

// lineStarts returns where each line of s starts; \r\n, \n and \r end a line, as the
// GraphQL specification says.
func lineStarts(s string) []int {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		case '\n':
			starts = append(starts, i+1)
		}
	}
	return starts
}

// Locate turns the locations graphql-go gave errs on a sourceless document (line 1,
// column = byte offset + 1) into lines and columns of the query.
func (q *Query) Locate(errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	for i := range errs {
		locs := make([]location.SourceLocation, len(errs[i].Locations))
		for j, l := range errs[i].Locations {
			locs[j] = q.location(l.Column - 1)
		}
		errs[i].Locations = locs
	}
	return errs
}

// location returns the line and column (both from 1) of a byte offset.
func (q *Query) location(offset int) location.SourceLocation {
	lo, hi := 0, len(q.lineStarts)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if q.lineStarts[mid] <= offset {
			lo = mid
		} else {
			hi = mid
		}
	}
	return location.SourceLocation{Line: lo + 1, Column: offset - q.lineStarts[lo] + 1}
}

// Validate checks the document: first the checks graphql-go must not meet unchecked
// (fragment cycles, fields sharing a name), then graphql-go's rules, this package's
// (Rules) and extra. It returns at most MaxErrors errors, located.
func (q *Query) Validate(schema *graphql.Schema, extra ...graphql.ValidationRuleFn) []gqlerrors.FormattedError {
	errs := checkCycles(q.Doc)
	if len(errs) == 0 {
		errs = checkSharedNames(q.Doc)
	}
	if len(errs) == 0 {
		rules := append(append(append([]graphql.ValidationRuleFn{}, graphql.SpecifiedRules...), Rules()...), extra...)
		errs = graphql.ValidateDocument(schema, q.Doc, rules).Errors
	}
	for i := range errs {
		if _, ok := Code(errs[i]); !ok {
			errs[i].Extensions = map[string]any{"code": string(errcode.ValidationFailed)}
		}
	}
	return Truncate(q.Locate(errs))
}

// maxMessage is the longest error message sent, in bytes: graphql-go repeats a value or
// a line of the query in some, and either may be 90 KB long.
const maxMessage = 1000

// Truncate keeps the first MaxErrors-1 errors of a long list and says how many more there
// were, as graphql-js stops its validation at 100 errors; it cuts messages longer than
// maxMessage bytes.
func Truncate(errs []gqlerrors.FormattedError) []gqlerrors.FormattedError {
	for i := range errs {
		if m := errs[i].Message; len(m) > maxMessage {
			cut := maxMessage
			for cut > 0 && !utf8.RuneStart(m[cut]) {
				cut--
			}
			errs[i].Message = m[:cut] + "…"
		}
	}
	if len(errs) <= MaxErrors {
		return errs
	}
	out := append([]gqlerrors.FormattedError{}, errs[:MaxErrors-1]...)
	last := gqlerrors.FormattedError{
		Message:    fmt.Sprintf("%d more errors were found and are not listed", len(errs)-(MaxErrors-1)),
		Extensions: errs[MaxErrors-1].Extensions,
	}
	return append(out, last)
}

// Code returns the catalogue code of an error graphql-go reported: the code of the
// errcode error it carries, or else the code it was given through its extensions.
func Code(e gqlerrors.FormattedError) (errcode.Code, bool) {
	if c, ok := e.Extensions["code"].(string); ok {
		return errcode.Code(c), true
	}
	if err := Cause(e); err != nil {
		if c := errcode.Of(err); c != errcode.Internal {
			return c, true
		}
	}
	return "", false
}

// Cause returns the error a resolver or a rule raised, under graphql-go's wrapping.
func Cause(e gqlerrors.FormattedError) error {
	err := e.OriginalError()
	if ge, ok := err.(*gqlerrors.Error); ok && ge.OriginalError != nil {
		return ge.OriginalError
	}
	return err
}

// located is an error with a code at the given nodes, as graphql-go reports its own.
func located(code errcode.Code, nodes []ast.Node, format string, a ...any) *gqlerrors.Error {
	err := errcode.New(code, format, a...)
	return gqlerrors.NewError(err.Message, nodes, "", nil, []int{}, coded{err})
}

// newError is located, formatted.
func newError(code errcode.Code, nodes []ast.Node, format string, a ...any) gqlerrors.FormattedError {
	return gqlerrors.FormatError(located(code, nodes, format, a...))
}

// coded gives graphql-go the code of an errcode error, for extensions.code.
type coded struct{ err *errcode.Error }

func (c coded) Error() string { return c.err.Message }

// Unwrap returns the errcode error.
func (c coded) Unwrap() error { return c.err }

// Extensions is what graphql-go puts in the error's extensions.
func (c coded) Extensions() map[string]any { return map[string]any{"code": string(c.err.Code)} }
