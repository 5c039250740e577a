package schema

import (
	"strings"

	"github.com/graphql-go/graphql"
)

// honourContext makes every field that returns objects or lists check the request's
// context before it resolves. graphql-go returns from Execute when the context ends but
// keeps running the resolvers it has scheduled; with this check each of them returns at
// once, so a timed-out query stops walking the model instead of finishing unseen. Fields
// of text charge what they resolve to the request's response budget, if it has one
// (WithResponseBudget).
func honourContext(s graphql.Schema) {
	for name, t := range s.TypeMap() {
		obj, ok := t.(*graphql.Object)
		if !ok || strings.HasPrefix(name, "__") {
			continue
		}
		for _, f := range obj.Fields() {
			next := f.Resolve
			if next == nil {
				next = graphql.DefaultResolveFn
			}
			if isText(f.Type) {
				f.Resolve = func(p graphql.ResolveParams) (any, error) {
					v, err := next(p)
					charge(p.Context, v)
					return v, err
				}
				continue
			}
			if isLeaf(f.Type) {
				continue
			}
			f.Resolve = func(p graphql.ResolveParams) (any, error) {
				if p.Context != nil {
					if err := p.Context.Err(); err != nil {
						return nil, err
					}
				}
				return next(p)
			}
		}
	}
}

// isLeaf reports whether t is a scalar or an enum, wrapped or not.
func isLeaf(t graphql.Type) bool {
	switch t := t.(type) {
	case *graphql.NonNull:
		return isLeaf(t.OfType)
	case *graphql.Scalar, *graphql.Enum:
		return true
	}
	return false
}
