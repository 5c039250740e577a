package analysis

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// toyDocument is a document whose measures name the given agencies (RESPONSIBLE), plus an
// IMPLEMENTER body on every measure when implementer is not "".
func toyDocument(id string, implementer string, measures ...[]string) *policy.Document {
	d := &policy.Document{ID: id, City: "甲", Status: policy.StatusFinal}
	for i, names := range measures {
		lm := policy.Measure{Ordinal: i + 1, Title: "措施"}
		for k, n := range names {
			lm.Responsibilities = append(lm.Responsibilities, policy.Responsibility{
				Agency: policy.Agency{Name: n, City: "甲", Kind: n}, Role: policy.RoleResponsible, Position: k + 1})
		}
		if implementer != "" {
			lm.Responsibilities = append(lm.Responsibilities, policy.Responsibility{
				Agency: policy.Agency{Name: implementer, City: "甲", Kind: implementer}, Role: policy.RoleImplementer, Position: len(names) + 1})
		}
		d.Measures = append(d.Measures, lm)
	}
	return d
}

type wantNode struct {
	degree                           int
	weighted, betweenness, eigenvect float64
}

// TestCoordinationTextbook checks the centralities on small graphs whose values are known
// in closed form.
func TestCoordinationTextbook(t *testing.T) {
	r2 := math.Sqrt2
	tests := []struct {
		name         string
		doc          *policy.Document
		implementers bool
		want         map[string]wantNode
		edges        int
	}{
		{
			// Path A–B–C: B lies on the one shortest path between A and C; the leading
			// eigenvector of [[0,1,0],[1,0,1],[0,1,0]] is (1/2, 1/√2, 1/2).
			name:  "path",
			doc:   toyDocument("path", "", []string{"A", "B"}, []string{"B", "C"}),
			edges: 2,
			want: map[string]wantNode{
				"A": {1, 1, 0, 0.5}, "B": {2, 2, 1, 1 / r2}, "C": {1, 1, 0, 0.5},
			},
		},
		{
			// Star with centre H and leaves X, Y, Z: H is on the 3 leaf-to-leaf paths;
			// eigenvector (1/√2 for H, 1/√6 for each leaf).
			name:  "star",
			doc:   toyDocument("star", "", []string{"H", "X"}, []string{"H", "Y"}, []string{"H", "Z"}),
			edges: 3,
			want: map[string]wantNode{
				"H": {3, 3, 3, 1 / r2}, "X": {1, 1, 0, 1 / math.Sqrt(6)},
			},
		},
		{
			// Weighted pair plus a leaf: A–B twice, B–C once. Adjacency [[0,2,0],[2,0,1],[0,1,0]]
			// has leading eigenvalue √5 and eigenvector (2, √5, 1)/√10.
			name:  "weighted",
			doc:   toyDocument("weighted", "", []string{"A", "B"}, []string{"A", "B"}, []string{"B", "C"}),
			edges: 2,
			want: map[string]wantNode{
				"A": {1, 2, 0, 2 / math.Sqrt(10)}, "B": {2, 3, 1, math.Sqrt(5) / math.Sqrt(10)}, "C": {1, 1, 0, 1 / math.Sqrt(10)},
			},
		},
		{
			// The path again with an implementer on both measures, left out by default.
			name:  "implementer excluded",
			doc:   toyDocument("impl", "I", []string{"A", "B"}, []string{"B", "C"}),
			edges: 2,
			want: map[string]wantNode{
				"A": {1, 1, 0, 0.5}, "B": {2, 2, 1, 1 / r2},
			},
		},
		{
			// Included, I is adjacent to all: B and I share the brokerage of A–C (½ each).
			name:         "implementer included",
			doc:          toyDocument("impl", "I", []string{"A", "B"}, []string{"B", "C"}),
			implementers: true,
			edges:        5,
			want: map[string]wantNode{
				"B": {3, 4, 0.5, -1}, "I": {3, 4, 0.5, -1}, "A": {2, 2, 0, -1},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := model.Build("v", []*policy.Document{tt.doc}, nil)
			net, err := Coordination(context.Background(), m, NetworkScope{Document: tt.doc.ID, IncludeImplementers: tt.implementers})
			if err != nil {
				t.Fatal(err)
			}
			if len(net.Edges) != tt.edges {
				t.Errorf("%d edges, want %d", len(net.Edges), tt.edges)
			}
			got := map[string]*NetworkNode{}
			for _, n := range net.Nodes {
				got[n.Agency.Name] = n
			}
			for name, w := range tt.want {
				n := got[name]
				if n == nil {
					t.Fatalf("no node %s", name)
				}
				if n.Degree != w.degree || !near(n.WeightedDegree, w.weighted) || !near(n.Betweenness, w.betweenness) {
					t.Errorf("%s: degree %d weighted %g betweenness %g, want %d %g %g", name, n.Degree, n.WeightedDegree, n.Betweenness, w.degree, w.weighted, w.betweenness)
				}
				if w.eigenvect >= 0 && !near(n.Eigenvector, w.eigenvect) {
					t.Errorf("%s: eigenvector %g, want %g", name, n.Eigenvector, w.eigenvect)
				}
			}
		})
	}
}

func TestCoordinationUnknownDocument(t *testing.T) {
	m := model.Build("v", nil, nil)
	if _, err := Coordination(context.Background(), m, NetworkScope{Document: "nothing"}); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
