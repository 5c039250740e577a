// Package mix makes the benchmark's mix of distinct questions, "measures involving AGENCY
// in CITY [with ROLE]: the count and the first 5, 10 or 20 titles", as the requests of
// each server: GraphQL with literal arguments (as a researcher types them), one GraphQL
// text with variables (as a frontend sends it) and Gizmo for Cayley's own server, which
// starts from the agency's node and follows its edges.
package mix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

// Question is "measures involving Agency in City, with Role if one is given: the count and
// the first First titles, in document and measure order".
type Question struct {
	// Agency and City are as the question types them: a canonical name or an alias, a
	// city with or without 市.
	Agency string      `json:"agency"`
	City   string      `json:"city"`
	Role   policy.Role `json:"role,omitempty"`
	First  int         `json:"first"`
	// Node is the agency's node (see AgencyNode), where the Cayley peer starts.
	Node string `json:"node"`
}

// AgencyNode is the node of an agency of a city by its canonical name: agencies are
// scoped to their jurisdiction, which for a city's own bodies is the city with 市.
func AgencyNode(city, canonical string) string {
	return graph.AgencyID(strings.TrimSuffix(city, "市")+"市", canonical)
}

// NewQuestion is the question of an agency by its canonical name.
func NewQuestion(canonical, city string, role policy.Role, first int) Question {
	return Question{Agency: canonical, City: city, Role: role, First: first, Node: AgencyNode(city, canonical)}
}

// pageSizes are the page sizes the questions ask for.
var pageSizes = []int{5, 10, 20}

// Questions returns n distinct questions over the agencies and cities the corpus generator
// writes, drawn with seed from every combination of a name the agency goes by, the city
// with or without 市, a role or none and a page size. The questions are the same whatever
// the size of the corpus, so that answers at 10 and at 10,000 documents compare.
func Questions(names *loader.Names, seed uint64, n int) ([]Question, error) {
	all := universe(names)
	if n > len(all) {
		return nil, fmt.Errorf("mix: %d questions asked, only %d distinct ones exist", n, len(all))
	}
	r := rand.New(rand.NewPCG(seed, 0x6d6978))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all[:n], nil
}

// universe lists every question, in a fixed order.
func universe(names *loader.Names) []Question {
	aliases := map[string][]string{}
	for _, a := range names.KnownAgencies() {
		aliases[a.Name] = a.Aliases
	}
	named, implementing := corpus.New(1, names).Agencies()
	var out []Question
	for _, city := range corpus.Cities() {
		sub := func(s string) string { return strings.ReplaceAll(s, "{city}", city) }
		add := func(canonical string, roles []policy.Role) {
			name := sub(canonical)
			forms := []string{name}
			for _, a := range aliases[canonical] {
				forms = append(forms, sub(a))
			}
			if strings.HasPrefix(name, "市") {
				forms = append(forms, city+name)
			}
			slices.Sort(forms)
			forms = slices.Compact(forms)
			for _, form := range forms {
				for _, cityForm := range []string{city, city + "市"} {
					for _, role := range roles {
						for _, first := range pageSizes {
							out = append(out, Question{Agency: form, City: cityForm, Role: role, First: first, Node: AgencyNode(city, name)})
						}
					}
				}
			}
		}
		for _, a := range named {
			add(a, []policy.Role{"", policy.RoleLead, policy.RoleSupport, policy.RoleResponsible})
		}
		for _, a := range implementing {
			add(a, []policy.Role{"", policy.RoleImplementer})
		}
	}
	return out
}

// selection is what every question asks of the measures it finds.
const selection = `{ totalCount edges { node { title } } }`

// VariablesQuery is the one query text of the variables mix; Variables gives its values.
const VariablesQuery = `query Measures($agency: String!, $city: String, $role: Role, $first: Int) { measures(agency: $agency, city: $city, role: $role, first: $first) ` + selection + ` }`

// Literal is the question in GraphQL with its arguments written in.
func (q Question) Literal() string {
	role := ""
	if q.Role != "" {
		role = ", role: " + string(q.Role)
	}
	return fmt.Sprintf(`{ measures(agency: %s, city: %s%s, first: %d) %s }`, quote(q.Agency), quote(q.City), role, q.First, selection)
}

// Variables are the values of VariablesQuery's variables for the question.
func (q Question) Variables() map[string]any {
	v := map[string]any{"agency": q.Agency, "city": q.City, "role": nil, "first": q.First}
	if q.Role != "" {
		v["role"] = string(q.Role)
	}
	return v
}

// LiteralBody is the JSON body of a POST /graphql asking the question with literals.
func (q Question) LiteralBody() string {
	return encode(map[string]any{"query": q.Literal()})
}

// VariablesBody is the JSON body of a POST /graphql asking the question as a frontend
// does: the one query text, its operation name and the question's variables.
func (q Question) VariablesBody() string {
	return encode(map[string]any{"query": VariablesQuery, "operationName": "Measures", "variables": q.Variables()})
}

// Gizmo is the question for Cayley's own server, on one line. It starts from the agency's
// node and follows the edges a Cayley user would (graph/vocab.go's IRIs): involves from
// measure to agency, or with a role the responsibility nodes (agency, role, measure).
// Cayley returns nodes in an order of its own, so the peer sorts the measures' IRIs (…
// measure:DOC:ORDINAL) by document and ordinal, policykg's order, and looks up the titles of
// the first First only; the count is the number of IRIs.
func (q Question) Gizmo() string {
	iri := func(v quad.IRI) string { return quote(v.String()) }
	start := fmt.Sprintf(`g.V(%s)`, iri(graph.NodeIRI(q.Node)))
	path := start + `.In(` + iri(graph.PredInvolves) + `)`
	if q.Role != "" {
		path = start + `.In(` + iri(graph.PredAgency) + `).Has(` + iri(graph.PredRole) + `, ` + quote(string(q.Role)) + `).Out(` + iri(graph.PredMeasure) + `).Unique()`
	}
	return `var ids = ` + path + `.ToArray(); ` +
		`var key = function(s) { var i = s.lastIndexOf(":"); return [s.slice(0, i), parseInt(s.slice(i + 1), 10)]; }; ` +
		`ids.sort(function(a, b) { var x = key(a), y = key(b); return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]; }); ` +
		fmt.Sprintf(`var page = ids.slice(0, %d); var titles = {}; `, q.First) +
		`if (page.length > 0) { g.V.apply(g, page).Tag("m").Out(` + iri(graph.PredTitle) + `).TagArray().forEach(function(r) { titles[r.m] = r.id; }); } ` +
		`g.Emit({totalCount: ids.length, titles: page.map(function(m) { return titles[m]; })});`
}

// Answer is what a server answered: the count and the titles of the page.
type Answer struct {
	TotalCount int      `json:"totalCount"`
	Titles     []string `json:"titles"`
}

// Equal reports whether two answers are the same.
func (a Answer) Equal(b Answer) bool {
	return a.TotalCount == b.TotalCount && slices.Equal(a.Titles, b.Titles)
}

// ReadGraphQL reads policykg's answer to a question; a response with errors is an error.
func ReadGraphQL(body []byte) (Answer, error) {
	var r struct {
		Data *struct {
			Measures struct {
				TotalCount int
				Edges      []struct{ Node struct{ Title string } }
			}
		}
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return Answer{}, fmt.Errorf("mix: read a GraphQL answer: %w", err)
	}
	if len(r.Errors) > 0 || r.Data == nil {
		return Answer{}, fmt.Errorf("mix: GraphQL answered errors: %.300s", body)
	}
	a := Answer{TotalCount: r.Data.Measures.TotalCount, Titles: []string{}}
	for _, e := range r.Data.Measures.Edges {
		a.Titles = append(a.Titles, e.Node.Title)
	}
	return a, nil
}

// ReadGizmo reads Cayley's answer to a question's Gizmo.
func ReadGizmo(body []byte) (Answer, error) {
	var r struct {
		Result []Answer
		Error  string
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return Answer{}, fmt.Errorf("mix: read a Gizmo answer: %w", err)
	}
	if r.Error != "" || len(r.Result) != 1 {
		return Answer{}, fmt.Errorf("mix: Gizmo answered %.300s", body)
	}
	a := r.Result[0]
	if a.Titles == nil {
		a.Titles = []string{}
	}
	return a, nil
}

func quote(s string) string { return strings.TrimSuffix(encode(s), "\n") }

// encode writes JSON without escaping <, > and &, which GraphQL and JavaScript read as
// they are.
func encode(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("mix: encode %v: %v", v, err)) // strings and numbers only
	}
	return strings.TrimSuffix(b.String(), "\n")
}
