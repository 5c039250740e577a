package querycheck

import (
	"strconv"
	"strings"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/errcode"
)

// fragments maps a document's fragment definitions by name.
func fragments(doc *ast.Document) map[string]*ast.FragmentDefinition {
	out := map[string]*ast.FragmentDefinition{}
	for _, def := range doc.Definitions {
		if f, ok := def.(*ast.FragmentDefinition); ok && f.Name != nil {
			if _, dup := out[f.Name.Value]; !dup {
				out[f.Name.Value] = f
			}
		}
	}
	return out
}

// spreadsIn returns the fragment spreads anywhere in a selection set: in it, in its
// inline fragments and in the selections of its fields.
func spreadsIn(set *ast.SelectionSet, out []*ast.FragmentSpread) []*ast.FragmentSpread {
	if set == nil {
		return out
	}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.FragmentSpread:
			out = append(out, s)
		case *ast.InlineFragment:
			out = spreadsIn(s.SelectionSet, out)
		case *ast.Field:
			out = spreadsIn(s.SelectionSet, out)
		}
	}
	return out
}

// checkCycles reports fragments that spread themselves, directly or through others
// (the specification's rule "Fragment spreads must not form cycles"), by a depth-first
// search that visits each fragment once, as graphql-js does.
func checkCycles(doc *ast.Document) []gqlerrors.FormattedError {
	frags := fragments(doc)
	var errs []gqlerrors.FormattedError
	visited := map[string]bool{}
	onPath := map[string]int{} // fragment name → its index in path
	var path []*ast.FragmentSpread
	var visit func(f *ast.FragmentDefinition)
	visit = func(f *ast.FragmentDefinition) {
		name := f.Name.Value
		visited[name] = true
		onPath[name] = len(path)
		for _, s := range spreadsIn(f.SelectionSet, nil) {
			if s.Name == nil {
				continue
			}
			target := s.Name.Value
			if at, ok := onPath[target]; ok {
				errs = append(errs, cycleError(target, append(path[at:len(path):len(path)], s)))
				continue
			}
			next, ok := frags[target]
			if !ok || visited[target] {
				continue
			}
			path = append(path, s)
			visit(next)
			path = path[:len(path)-1]
		}
		delete(onPath, name)
	}
	for _, def := range doc.Definitions {
		if f, ok := def.(*ast.FragmentDefinition); ok && f.Name != nil && !visited[f.Name.Value] && frags[f.Name.Value] == f {
			visit(f)
		}
	}
	return errs
}

// cycleError says which fragment spreads itself and through which others; cycle is the
// path of spreads from the fragment back to itself.
func cycleError(name string, cycle []*ast.FragmentSpread) gqlerrors.FormattedError {
	nodes := make([]ast.Node, len(cycle))
	var via []string
	for i, s := range cycle {
		nodes[i] = s
		if i < len(cycle)-1 {
			via = append(via, strconv.Quote(s.Name.Value))
		}
	}
	if len(via) == 0 {
		return newError(errcode.ValidationFailed, nodes, "Cannot spread fragment %q within itself.", name)
	}
	return newError(errcode.ValidationFailed, nodes, "Cannot spread fragment %q within itself via %s.", name, strings.Join(via, ", "))
}
