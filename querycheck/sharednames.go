package querycheck

import (
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policykg/policykg/errcode"
)

// MaxSharedName is how many fields of one selection set, its fragments included, may
// share a response name. graphql-go's overlapping-fields rule compares every pair of
// them: 9,000 __typename take it 1.7 s, 300 aliases a: of differing arguments 90 s (with
// an error for each of the 44,850 pairs).
const MaxSharedName = 50

// checkSharedNames reports the first selection set in which more than MaxSharedName
// fields share a response name. Fragments spread in a set count with every field they
// select at its level, each distinct spread once, as graphql-go merges them.
func checkSharedNames(doc *ast.Document) []gqlerrors.FormattedError {
	c := &nameCounter{frags: fragments(doc), memo: map[string]map[string]int{}}
	for _, def := range doc.Definitions {
		var set *ast.SelectionSet
		switch d := def.(type) {
		case *ast.OperationDefinition:
			set = d.SelectionSet
		case *ast.FragmentDefinition:
			set = d.SelectionSet
		}
		if err := c.check(set); err != nil {
			return []gqlerrors.FormattedError{*err}
		}
	}
	return nil
}

// nameCounter counts response names per selection set, remembering each fragment's.
type nameCounter struct {
	frags map[string]*ast.FragmentDefinition
	memo  map[string]map[string]int
}

// check checks set and every selection set nested in it.
func (c *nameCounter) check(set *ast.SelectionSet) *gqlerrors.FormattedError {
	if set == nil {
		return nil
	}
	counts := c.level(set)
	for name, n := range counts {
		if n > MaxSharedName {
			e := newError(errcode.TooComplex, []ast.Node{set},
				"the query selects %d fields named %q in one selection set (fragments included); at most %d may share a name there",
				n, name, MaxSharedName)
			return &e
		}
	}
	return c.nested(set)
}

// nested checks the selection sets of the fields of set and of its inline fragments.
func (c *nameCounter) nested(set *ast.SelectionSet) *gqlerrors.FormattedError {
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if err := c.check(s.SelectionSet); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if s.SelectionSet != nil {
				if err := c.nested(s.SelectionSet); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// level counts the response names selected at the level of set: its fields, those of
// its inline fragments and those of the fragments it spreads, each fragment once.
// Counts stop just above MaxSharedName, so that they cannot overflow.
func (c *nameCounter) level(set *ast.SelectionSet) map[string]int {
	counts := map[string]int{}
	spread := map[string]bool{}
	c.collect(set, counts, spread)
	for name := range spread {
		for k, n := range c.fragment(name) {
			counts[k] = min(counts[k]+n, MaxSharedName+1)
		}
	}
	return counts
}

func (c *nameCounter) collect(set *ast.SelectionSet, counts map[string]int, spread map[string]bool) {
	if set == nil {
		return
	}
	for _, sel := range set.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			name := s.Name.Value
			if s.Alias != nil {
				name = s.Alias.Value
			}
			counts[name] = min(counts[name]+1, MaxSharedName+1)
		case *ast.InlineFragment:
			c.collect(s.SelectionSet, counts, spread)
		case *ast.FragmentSpread:
			if s.Name != nil {
				spread[s.Name.Value] = true
			}
		}
	}
}

// fragment returns the counts of a fragment's level; checkCycles has refused cycles.
func (c *nameCounter) fragment(name string) map[string]int {
	if m, ok := c.memo[name]; ok {
		return m
	}
	f, ok := c.frags[name]
	if !ok {
		return nil
	}
	c.memo[name] = nil // a cycle missed by checkCycles would stop here
	m := c.level(f.SelectionSet)
	c.memo[name] = m
	return m
}
