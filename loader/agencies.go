package loader

import (
	"bufio"
	_ "embed"
	"github.com/policykg/policykg/policy"
	"strings"
)

//go:embed names/agencies.tsv
var agenciesTSV string

// agencyEntry is one line of names/agencies.tsv.
type agencyEntry struct {
	name, kind string
	aliases    []string
	level      policy.Level
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
		if len(r) > 3 {
			e.level = policy.Level(strings.TrimSpace(r[3]))
		}
		out = append(out, e)
	}
	return out
}

// Agency returns the agency a name printed in a document of city refers to.
func (n *Names) Agency(mention, city string) policy.Agency {
	a, _ := n.resolve(mention, city, "")
	return a
}

// resolve finds a name in the agency table, {city} and {province} standing for the
// document's city and province, and returns the agency with its canonical name and aliases,
// and the level the table gives it ("" for a name it does not list).
func (n *Names) resolve(mention, city, province string) (policy.Agency, policy.Level) {
	mention = fullWidthParens(compact(mention))
	sub := func(s string) string {
		s = strings.ReplaceAll(s, "{city}", city)
		return strings.ReplaceAll(s, "{province}", province)
	}
	// A body written with its place's name (济宁市财政局, 山东省财政厅) is the place's 市财政局
	// or 省财政厅.
	local := mention
	if city != "" && strings.HasPrefix(mention, city+"市") {
		local = strings.TrimPrefix(mention, city)
	} else if province != "" && strings.HasPrefix(mention, province) && strings.HasSuffix(province, "省") {
		local = "省" + strings.TrimPrefix(mention, province)
	}
	for _, e := range n.agencies {
		if (strings.Contains(e.name, "{city}") || hasPlaceholder(e.aliases, "{city}")) && city == "" ||
			(strings.Contains(e.name, "{province}") || hasPlaceholder(e.aliases, "{province}")) && province == "" {
			// Without the place the pattern would match a bare suffix.
			if e.name != mention && e.name != local {
				continue
			}
		}
		names := append([]string{e.name}, e.aliases...)
		for _, a := range names {
			if sub(a) == mention || sub(a) == local {
				return n.agency(sub(e.name), e.kind, city, province, e.aliases, mention), e.level
			}
		}
	}
	return n.agency(local, kindOf(local, city, province), city, province, nil, mention), ""
}

func hasPlaceholder(list []string, ph string) bool {
	for _, s := range list {
		if strings.Contains(s, ph) {
			return true
		}
	}
	return false
}

func (n *Names) agency(name, kind, city, province string, aliases []string, mention string) policy.Agency {
	a := policy.Agency{Name: name, City: city, Kind: kind}
	seen := map[string]bool{name: true}
	add := func(s string) {
		if (strings.Contains(s, "{city}") && city == "") || (strings.Contains(s, "{province}") && province == "") {
			return
		}
		s = strings.ReplaceAll(s, "{city}", city)
		s = strings.ReplaceAll(s, "{province}", province)
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
	if province != "" && strings.HasPrefix(name, "省") && strings.HasSuffix(province, "省") {
		add(strings.TrimSuffix(province, "省") + name)
	}
	add(mention)
	return a
}

// kindOf is the kind of an unlisted body: its name without the place it belongs to.
func kindOf(name, city, province string) string {
	k := name
	if city != "" {
		k = strings.TrimPrefix(k, city+"市")
		k = strings.TrimPrefix(k, city)
	}
	if province != "" {
		k = strings.TrimPrefix(k, province)
	}
	for _, p := range []string{"国家", "省", "市", "县", "各"} {
		if strings.HasPrefix(k, p) && len([]rune(k)) > len([]rune(p))+1 {
			k = strings.TrimPrefix(k, p)
			break
		}
	}
	return k
}
