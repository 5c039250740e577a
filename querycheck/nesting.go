package querycheck

import (
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/location"

	"github.com/policykg/policykg/errcode"
)

// MaxNesting is how deep braces, brackets and parentheses may nest in a query. graphql-go
// parses and validates recursively, and its validation takes time that grows with the
// cube of the nesting (1,000 levels: 3 s, 3,000: 25 s); the standard introspection query
// nests 13 deep.
const MaxNesting = 100

// checkNesting scans the query's brackets, skipping strings, block strings and comments,
// and reports where they first nest deeper than MaxNesting.
func checkNesting(q string) *gqlerrors.FormattedError {
	depth := 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; c {
		case '#':
			for i < len(q) && q[i] != '\n' && q[i] != '\r' {
				i++
			}
		case '"':
			i = skipString(q, i)
		case '{', '[', '(':
			depth++
			if depth > MaxNesting {
				starts := lineStarts(q[:i])
				line := len(starts)
				e := gqlerrors.FormattedError{
					Message:    "the query nests braces, brackets or parentheses more than 100 deep",
					Locations:  []location.SourceLocation{{Line: line, Column: i - starts[line-1] + 1}},
					Extensions: map[string]any{"code": string(errcode.TooDeep)},
				}
				return &e
			}
		case '}', ']', ')':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// skipString returns the offset of the last byte of the string or block string that
// starts at i; an unterminated one runs to the end (the parser reports it).
func skipString(q string, i int) int {
	if len(q) >= i+3 && q[i:i+3] == `"""` {
		for j := i + 3; j < len(q); j++ {
			switch {
			case q[j] == '\\' && len(q) >= j+4 && q[j+1:j+4] == `"""`:
				j += 3
			case len(q) >= j+3 && q[j:j+3] == `"""`:
				return j + 2
			}
		}
		return len(q)
	}
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			j++
		case '"', '\n', '\r':
			return j
		}
	}
	return len(q)
}
