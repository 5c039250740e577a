package querycheck

import (
	"encoding/json"
	"math"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/errcode"
)

// Variables checks the values given to the Int variables of an operation: graphql-go
// turns 1.5 into 1, "5" into 5 and true into 1, where GraphQL accepts whole numbers of
// 32 bits only. Other types are graphql-go's to coerce.
func (q *Query) Variables(op *ast.OperationDefinition, vars map[string]any) []gqlerrors.FormattedError {
	if op == nil {
		return nil
	}
	var errs []gqlerrors.FormattedError
	for _, def := range op.VariableDefinitions {
		if def.Variable == nil || def.Variable.Name == nil {
			continue
		}
		name := def.Variable.Name.Value
		v, ok := vars[name]
		if !ok || !badInt(def.Type, v) {
			continue
		}
		raw, _ := json.Marshal(v) // a value decoded from JSON encodes again
		errs = append(errs, newError(errcode.BadUserInput, []ast.Node{def},
			"Variable \"$%s\" got invalid value %s: an Int is a whole number from -2147483648 to 2147483647", name, errcode.Quote(string(raw))))
	}
	return Truncate(q.Locate(errs))
}

// badInt reports whether v, given for a variable of type t, holds a value that is not a
// 32-bit Int where t wants one.
func badInt(t ast.Type, v any) bool {
	switch t := t.(type) {
	case *ast.NonNull:
		return badInt(t.Type, v)
	case *ast.List:
		if list, ok := v.([]any); ok {
			for _, item := range list {
				if badInt(t.Type, item) {
					return true
				}
			}
			return false
		}
		return badInt(t.Type, v) // a single value stands for a list of one
	case *ast.Named:
		if t.Name == nil || t.Name.Value != "Int" || v == nil {
			return false
		}
		return !isInt32(v)
	}
	return false
}

// isInt32 reports whether a decoded JSON value is a whole number of 32 bits.
func isInt32(v any) bool {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case json.Number:
		i, err := n.Int64()
		return err == nil && i >= math.MinInt32 && i <= math.MaxInt32
	case int:
		return n >= math.MinInt32 && n <= math.MaxInt32
	default:
		return false
	}
	return f == math.Trunc(f) && f >= math.MinInt32 && f <= math.MaxInt32
}
