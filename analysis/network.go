// Package analysis answers the questions asked across documents of a read model:
// coordination networks, measure alignment, document diffs, indicator comparison and
// assessment, kinds of agency and target scorecards.
package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/mat"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// NetworkScope chooses the measures a coordination network is built from; empty fields
// match everything and the fields combine with AND.
type NetworkScope struct {
	// Document is a document's node ID or plain ID.
	Document string
	// City keeps the documents of one city (with or without 市).
	City string
	// Status keeps the documents of one status (FINAL, DRAFT, NEWS).
	Status policy.Status
	// IncludeImplementers lets IMPLEMENTER bodies take part. They are off by default: a
	// document puts them on every measure (各县（市、区）政府 in 滨州), so they would be
	// adjacent to every agency and take the centre of the network from the bureaus whose
	// division of labour the network is meant to show.
	IncludeImplementers bool
	// Current leaves out the drafts whose final text is loaded (see Model.Current).
	Current bool
}

// Network is the coordination network of agencies over a set of measures: two agencies
// are linked when they share a measure, and the link is as strong as the number of
// measures they share.
type Network struct {
	Measures []*model.Measure
	Nodes    []*NetworkNode
	Edges    []*NetworkEdge
}

// NetworkNode is an agency of a network with its roles and centralities.
type NetworkNode struct {
	Agency *model.Agency
	// Measures are the measures of the scope that name the agency, in document and ordinal order.
	Measures []*model.Measure
	RoleCounts
	// Degree is the number of agencies it shares at least one measure with.
	Degree int
	// WeightedDegree is the sum of the weights of its edges.
	WeightedDegree float64
	// Betweenness is the unweighted betweenness centrality over unordered pairs of
	// agencies, rounded to 9 decimals.
	Betweenness float64
	// Eigenvector is its entry in the leading eigenvector of the weighted adjacency matrix,
	// non-negative, the vector having unit Euclidean length.
	Eigenvector float64
}

// NetworkEdge links two agencies that share measures; Source comes before Target in the
// network's node order.
type NetworkEdge struct {
	Source, Target *NetworkNode
	// Measures are the shared measures, in document and ordinal order.
	Measures []*model.Measure
}

// Weight is the number of measures the two agencies share.
func (e *NetworkEdge) Weight() int { return len(e.Measures) }

// Coordination builds the coordination network of the measures in scope and its
// centralities. Nodes are ordered by number of measures (descending), then name, city and
// ID; edges by weight (descending), then by the order of their nodes.
func Coordination(ctx context.Context, m *model.Model, scope NetworkScope) (*Network, error) {
	measures, err := scopeMeasures(m, scope)
	if err != nil {
		return nil, err
	}
	return NetworkOf(ctx, measures, scope.IncludeImplementers)
}

// NetworkOf builds the coordination network of measures, with IMPLEMENTER bodies if
// implementers is set.
func NetworkOf(ctx context.Context, measures []*model.Measure, implementers bool) (*Network, error) {
	net := &Network{Measures: measures}
	nodes := map[*model.Agency]*NetworkNode{}
	type pair struct{ a, b *model.Agency }
	shared := map[pair][]*model.Measure{}
	for _, mv := range measures {
		var members []*model.Agency
		for _, a := range MeasureAgencies(mv) {
			roles := RolesIn(a, mv, implementers)
			if len(roles) == 0 {
				continue
			}
			n, ok := nodes[a]
			if !ok {
				n = &NetworkNode{Agency: a}
				nodes[a] = n
				net.Nodes = append(net.Nodes, n)
			}
			n.Measures = append(n.Measures, mv)
			n.Add(roles)
			members = append(members, a)
		}
		for i, a := range members {
			for _, b := range members[i+1:] {
				p := pair{a, b}
				if a.NodeID > b.NodeID {
					p = pair{b, a}
				}
				shared[p] = append(shared[p], mv)
			}
		}
	}
	slices.SortStableFunc(net.Nodes, func(x, y *NetworkNode) int {
		return cmp.Or(
			cmp.Compare(len(y.Measures), len(x.Measures)),
			cmp.Compare(x.Agency.Name, y.Agency.Name),
			cmp.Compare(x.Agency.City, y.Agency.City),
			cmp.Compare(x.Agency.NodeID, y.Agency.NodeID),
		)
	})
	index := make(map[*NetworkNode]int, len(net.Nodes))
	for i, n := range net.Nodes {
		index[n] = i
	}
	for p, ms := range shared {
		s, t := nodes[p.a], nodes[p.b]
		if index[s] > index[t] {
			s, t = t, s
		}
		net.Edges = append(net.Edges, &NetworkEdge{Source: s, Target: t, Measures: ms})
	}
	slices.SortFunc(net.Edges, func(x, y *NetworkEdge) int {
		return cmp.Or(
			cmp.Compare(y.Weight(), x.Weight()),
			cmp.Compare(index[x.Source], index[y.Source]),
			cmp.Compare(index[x.Target], index[y.Target]),
		)
	})
	// The centralities are the slow part over a large scope.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := net.centralities(index); err != nil {
		return nil, err
	}
	return net, nil
}

// scopeMeasures lists the measures of the documents in scope, in document and ordinal order.
func scopeMeasures(m *model.Model, scope NetworkScope) ([]*model.Measure, error) {
	docs := m.FindDocuments(model.DocumentFilter{City: scope.City, Status: scope.Status})
	if scope.Current {
		docs = m.CurrentDocuments(docs)
	}
	if scope.Document != "" {
		d := m.Document(scope.Document)
		if d == nil {
			return nil, graph.DocumentNotFound(scope.Document)
		}
		if !slices.Contains(docs, d) {
			return nil, nil
		}
		docs = []*model.Document{d}
	}
	var out []*model.Measure
	for _, d := range docs {
		out = append(out, d.Measures...)
	}
	return out, nil
}

// MeasureAgencies lists the distinct agencies of a measure in printed order.
func MeasureAgencies(mv *model.Measure) []*model.Agency {
	var out []*model.Agency
	for _, r := range mv.Responsibilities {
		out = appendOnce(out, r.Agency)
	}
	return out
}

// RolesIn returns the roles an agency has in a measure, without IMPLEMENTER unless asked.
func RolesIn(a *model.Agency, mv *model.Measure, implementers bool) []policy.Role {
	var out []policy.Role
	for _, r := range a.Roles(mv) {
		if r != policy.RoleImplementer || implementers {
			out = appendOnce(out, r)
		}
	}
	return out
}

// RoleCounts counts the measures where an agency (or a kind of agency) has each role.
type RoleCounts struct {
	Lead, Support, Responsible, Implementer int
}

// add counts one measure in which the roles are held.
func (c *RoleCounts) Add(roles []policy.Role) {
	for _, r := range roles {
		switch r {
		case policy.RoleLead:
			c.Lead++
		case policy.RoleSupport:
			c.Support++
		case policy.RoleResponsible:
			c.Responsible++
		case policy.RoleImplementer:
			c.Implementer++
		}
	}
}

// Roles lists the roles held in at least one measure, in the order of the Role enum.
func (c RoleCounts) Roles() []policy.Role {
	var out []policy.Role
	for _, r := range []struct {
		role policy.Role
		n    int
	}{{policy.RoleLead, c.Lead}, {policy.RoleSupport, c.Support}, {policy.RoleResponsible, c.Responsible}, {policy.RoleImplementer, c.Implementer}} {
		if r.n > 0 {
			out = append(out, r.role)
		}
	}
	return out
}

// centralities fills in degree, weighted degree, betweenness and eigenvector centrality.
//
// Betweenness is unweighted (every shared measure makes two agencies adjacent, at distance
// 1): the edge weight counts shared measures, a strength, whereas shortest-path measures
// read a weight as a distance, and any conversion (1/w, max−w) would be an arbitrary
// choice that changes who brokers between whom. Betweenness therefore answers "who links
// agencies that never work together", and weighted degree and eigenvector centrality
// carry the strength of the ties. gonum counts ordered pairs on an undirected graph, so
// its value is halved to the textbook one.
func (net *Network) centralities(index map[*NetworkNode]int) error {
	g := simple.NewWeightedUndirectedGraph(0, 0)
	for i := range net.Nodes {
		g.AddNode(simple.Node(int64(i)))
	}
	adj := mat.NewSymDense(max(len(net.Nodes), 1), nil)
	for _, e := range net.Edges {
		s, t := index[e.Source], index[e.Target]
		w := float64(e.Weight())
		g.SetWeightedEdge(g.NewWeightedEdge(simple.Node(int64(s)), simple.Node(int64(t)), w))
		adj.SetSym(s, t, w)
		e.Source.Degree++
		e.Target.Degree++
		e.Source.WeightedDegree += w
		e.Target.WeightedDegree += w
	}
	if len(net.Edges) == 0 {
		return nil
	}
	for id, b := range network.Betweenness(g) {
		// gonum adds path counts in map order, so the last bits vary from run to run;
		// rounding keeps answers identical across runs.
		net.Nodes[id].Betweenness = math.Round(b/2*1e9) / 1e9
	}
	vec, err := leadingEigenvector(adj)
	if err != nil {
		return err
	}
	for i, n := range net.Nodes {
		n.Eigenvector = vec[i]
	}
	return nil
}

// leadingEigenvector returns the eigenvector of the largest eigenvalue of a symmetric
// non-negative matrix, with unit length and its sign chosen so that its entries are
// non-negative (Perron–Frobenius; rounding noise below zero is cut to 0).
func leadingEigenvector(a *mat.SymDense) ([]float64, error) {
	var es mat.EigenSym
	if !es.Factorize(a, true) {
		return nil, fmt.Errorf("eigenvector centrality: eigendecomposition of the adjacency matrix failed")
	}
	var vecs mat.Dense
	es.VectorsTo(&vecs)
	n := a.SymmetricDim()
	// Eigenvalues come in ascending order: the leading one is the last column.
	col := mat.Col(nil, n-1, &vecs)
	sum := 0.0
	for _, x := range col {
		sum += x
	}
	sign := 1.0
	if sum < 0 {
		sign = -1
	}
	for i, x := range col {
		col[i] = sign * x
		if col[i] < 0 || math.Abs(col[i]) < 1e-12 {
			col[i] = 0
		}
	}
	return col, nil
}
