package loader

import (
	"bufio"
	_ "embed"
	"strings"
)

//go:embed names/agencies.tsv
var agenciesTSV string

// agencyEntry is one line of names/agencies.tsv.
type agencyEntry struct {
	name, kind string
	aliases    []string
}

// Names resolves the names of agencies and institutions to canonical nodes, with aliases.
type Names struct {
	agencies     []agencyEntry
	institutions []institutionEntry
	departments  []string
	indicators   *IndicatorTable
}

// DefaultNames returns the name tables shipped in loader/names.
func DefaultNames() *Names {
	n := &Names{}
	n.agencies = parseAgencies(agenciesTSV)
	n.institutions = parseInstitutions(institutionsTSV)
	n.departments = parseLines(departmentsTXT)
	n.indicators = defaultIndicators
	return n
}

// tsvRows yields the tab-separated fields of the non-comment lines of a data file.
func tsvRows(data string) [][]string {
	var rows [][]string
	sc := bufio.NewScanner(strings.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

func parseLines(data string) []string {
	var out []string
	for _, r := range tsvRows(data) {
		out = append(out, r[0])
	}
	return out
}

func parseAgencies(data string) []agencyEntry {
	var out []agencyEntry
	for _, r := range tsvRows(data) {
		e := agencyEntry{name: r[0]}
		if len(r) > 1 {
			e.kind = r[1]
		}
		if len(r) > 2 && r[2] != "" {
			e.aliases = strings.Split(r[2], "|")
		}
		out = append(out, e)
	}
	return out
}

// Agency returns the agency a name printed in a document of city refers to.
func (n *Names) Agency(mention, city string) Agency {
	mention = fullWidthParens(compact(mention))
	sub := func(s string) string { return strings.ReplaceAll(s, "{city}", city) }
	// A body written with its city's name (济宁市财政局) is the city's 市财政局.
	local := mention
	if city != "" && strings.HasPrefix(mention, city+"市") {
		local = strings.TrimPrefix(mention, city)
	}
	for _, e := range n.agencies {
		names := append([]string{e.name}, e.aliases...)
		for _, a := range names {
			if sub(a) == mention || sub(a) == local {
				return n.agency(sub(e.name), e.kind, city, e.aliases, mention)
			}
		}
	}
	return n.agency(local, kindOf(local, city), city, nil, mention)
}

func (n *Names) agency(name, kind, city string, aliases []string, mention string) Agency {
	a := Agency{Name: name, City: city, Kind: kind}
	seen := map[string]bool{name: true}
	add := func(s string) {
		s = strings.ReplaceAll(s, "{city}", city)
		if s != "" && !seen[s] {
			seen[s] = true
			a.Aliases = append(a.Aliases, s)
		}
	}
	for _, s := range aliases {
		add(s)
	}
	if city != "" && strings.HasPrefix(name, "市") {
		add(city + name)
	}
	add(mention)
	return a
}

// kindOf is the kind of an unlisted body: its name without the city it belongs to.
func kindOf(name, city string) string {
	k := strings.TrimPrefix(name, city+"市")
	k = strings.TrimPrefix(k, city)
	k = strings.TrimPrefix(k, "市")
	k = strings.TrimPrefix(k, "各")
	return k
}
