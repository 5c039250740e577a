package loader

import (
	"github.com/policykg/policykg/policy"
	"slices"
)

// unifyAliases gives every mention of an agency, and of an institution, in a document the
// same aliases: all the ones its mentions gathered, sorted. An agency or institution is one
// node with a set of aliases (the graph stores them as such); each mention adds the words
// it was printed with, so without this two mentions of the same body would carry different
// lists, and the list's order would depend on which mention came first.
func unifyAliases(d *policy.Document) {
	agencies := map[[2]string][]string{}
	institutions := map[[2]string][]string{}
	for i := range d.Measures {
		m := &d.Measures[i]
		for _, r := range m.Responsibilities {
			k := [2]string{r.Agency.City, r.Agency.Name}
			agencies[k] = append(agencies[k], r.Agency.Aliases...)
		}
		for _, in := range m.Institutions {
			k := [2]string{in.City, in.Name}
			institutions[k] = append(institutions[k], in.Aliases...)
		}
	}
	for k, a := range agencies {
		agencies[k] = sortedSet(a)
	}
	for k, a := range institutions {
		institutions[k] = sortedSet(a)
	}
	for i := range d.Measures {
		m := &d.Measures[i]
		for j := range m.Responsibilities {
			a := &m.Responsibilities[j].Agency
			a.Aliases = slices.Clone(agencies[[2]string{a.City, a.Name}])
		}
		for j := range m.Institutions {
			in := &m.Institutions[j]
			in.Aliases = slices.Clone(institutions[[2]string{in.City, in.Name}])
		}
	}
}

// sortedSet returns the distinct strings of s in order; nil when there are none.
func sortedSet(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}
