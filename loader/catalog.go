package loader

import "github.com/policykg/policykg/policy"

// KnownAgency is a body listed in the agency table: its canonical name, kind and aliases as
// written there, {city} standing for the city of the document that names it.
type KnownAgency struct {
	Name    string
	Kind    string
	Aliases []string
	Level   policy.Level
}

// KnownAgencies lists the agency table in file order, extensions first; corpus generators
// read it to write the names researchers actually use.
func (n *Names) KnownAgencies() []KnownAgency {
	out := make([]KnownAgency, 0, len(n.agencies))
	for _, e := range n.agencies {
		out = append(out, KnownAgency{Name: e.name, Kind: e.kind, Aliases: append([]string(nil), e.aliases...), Level: e.level})
	}
	return out
}
