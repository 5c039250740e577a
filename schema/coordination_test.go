package schema

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"slices"
	"testing"
)

// coordinationExpected is what a reader counted in the seed texts (testdata/coordination).
type coordinationExpected struct {
	Shared []struct {
		Document, City, Status, A, B string
		Measures                     []int
		Weight                       int
	}
	Nodes []struct {
		Document                                string
		IncludeImplementers                     bool
		Agency                                  string
		Lead, Support, Responsible, Implementer int
		Measures, Degree                        int
		WeightedDegree                          float64
	}
	Betweenness []struct {
		Document            string
		IncludeImplementers bool
		Top, Zero           []string
		Values              map[string]float64
	}
}

const coordinationQuery = `query($document: ID, $city: String, $status: DocumentStatus, $impl: Boolean) {
  coordination(document: $document, city: $city, status: $status, includeImplementers: $impl) {
    nodes { agency { name } lead support responsible implementer measures degree weightedDegree betweenness eigenvector }
    edges { source { name } target { name } weight measures { ordinal } } } }`

type gotNetwork struct {
	Coordination struct {
		Nodes []struct {
			Agency                                   struct{ Name string }
			Lead, Support, Responsible, Implementer  int
			Measures, Degree                         int
			WeightedDegree, Betweenness, Eigenvector float64
		}
		Edges []struct {
			Source, Target struct{ Name string }
			Weight         int
			Measures       []struct{ Ordinal int }
		}
	}
}

func loadCoordinationExpected(t *testing.T) coordinationExpected {
	t.Helper()
	b, err := os.ReadFile("testdata/coordination/seeds.json")
	if err != nil {
		t.Fatal(err)
	}
	var exp coordinationExpected
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	return exp
}

func networkVars(document, city, status string, impl bool) map[string]any {
	v := map[string]any{"impl": impl}
	for k, s := range map[string]string{"document": document, "city": city, "status": status} {
		if s != "" {
			v[k] = s
		}
	}
	return v
}

func TestCoordinationSharedMeasures(t *testing.T) {
	s, r := seedServer(t)
	for _, tt := range loadCoordinationExpected(t).Shared {
		t.Run(tt.Document+tt.City+tt.Status+"/"+tt.A+"+"+tt.B, func(t *testing.T) {
			var got gotNetwork
			run(t, s, r, coordinationQuery, networkVars(tt.Document, tt.City, tt.Status, false), &got)
			want := tt.Weight
			if want == 0 {
				want = len(tt.Measures)
			}
			for _, e := range got.Coordination.Edges {
				if !(e.Source.Name == tt.A && e.Target.Name == tt.B || e.Source.Name == tt.B && e.Target.Name == tt.A) {
					continue
				}
				if e.Weight != want || len(e.Measures) != want {
					t.Errorf("weight %d with %d measures, want %d", e.Weight, len(e.Measures), want)
				}
				if tt.Measures != nil {
					var ords []int
					for _, m := range e.Measures {
						ords = append(ords, m.Ordinal)
					}
					if !slices.Equal(ords, tt.Measures) {
						t.Errorf("shared measures %v, want %v", ords, tt.Measures)
					}
				}
				return
			}
			t.Fatalf("no edge between %s and %s", tt.A, tt.B)
		})
	}
}

func TestCoordinationNodes(t *testing.T) {
	s, r := seedServer(t)
	for _, tt := range loadCoordinationExpected(t).Nodes {
		t.Run(tt.Document+"/"+tt.Agency, func(t *testing.T) {
			var got gotNetwork
			run(t, s, r, coordinationQuery, networkVars(tt.Document, "", "", tt.IncludeImplementers), &got)
			for _, n := range got.Coordination.Nodes {
				if n.Agency.Name != tt.Agency {
					continue
				}
				if n.Lead != tt.Lead || n.Support != tt.Support || n.Responsible != tt.Responsible || n.Implementer != tt.Implementer {
					t.Errorf("lead/support/responsible/implementer %d/%d/%d/%d, want %d/%d/%d/%d",
						n.Lead, n.Support, n.Responsible, n.Implementer, tt.Lead, tt.Support, tt.Responsible, tt.Implementer)
				}
				if n.Measures != tt.Measures || n.Degree != tt.Degree || n.WeightedDegree != tt.WeightedDegree {
					t.Errorf("measures %d degree %d weightedDegree %g, want %d %d %g", n.Measures, n.Degree, n.WeightedDegree, tt.Measures, tt.Degree, tt.WeightedDegree)
				}
				return
			}
			t.Fatalf("no node %s", tt.Agency)
		})
	}
}

func TestCoordinationCentrality(t *testing.T) {
	s, r := seedServer(t)
	for _, tt := range loadCoordinationExpected(t).Betweenness {
		name := tt.Document
		if tt.IncludeImplementers {
			name += "/implementers"
		}
		t.Run(name, func(t *testing.T) {
			var got gotNetwork
			run(t, s, r, coordinationQuery, networkVars(tt.Document, "", "", tt.IncludeImplementers), &got)
			nodes := got.Coordination.Nodes
			best, sumSquares := 0.0, 0.0
			by := map[string]float64{}
			for _, n := range nodes {
				best = math.Max(best, n.Betweenness)
				by[n.Agency.Name] = n.Betweenness
				sumSquares += n.Eigenvector * n.Eigenvector
				if n.Eigenvector < 0 {
					t.Errorf("%s: negative eigenvector centrality %g", n.Agency.Name, n.Eigenvector)
				}
			}
			var top []string
			for _, n := range nodes {
				if math.Abs(n.Betweenness-best) < 1e-9 {
					top = append(top, n.Agency.Name)
				}
			}
			slices.Sort(top)
			want := slices.Sorted(slices.Values(tt.Top))
			if !slices.Equal(top, want) {
				t.Errorf("highest betweenness %v, want %v", top, want)
			}
			if math.Abs(sumSquares-1) > 1e-9 {
				t.Errorf("eigenvector centralities have squared length %g, want 1", sumSquares)
			}
			for _, a := range tt.Zero {
				if b, ok := by[a]; !ok || math.Abs(b) > 1e-9 {
					t.Errorf("%s: betweenness %g (present %v), want 0", a, b, ok)
				}
			}
			for a, v := range tt.Values {
				if math.Abs(by[a]-v) > 1e-9 {
					t.Errorf("%s: betweenness %g, want %g", a, by[a], v)
				}
			}
			// The agency on most measures is also the most central by eigenvector here.
			if len(tt.Top) == 1 && nodes[0].Agency.Name != tt.Top[0] {
				t.Errorf("first node %s, want %s", nodes[0].Agency.Name, tt.Top[0])
			}
		})
	}
}

// TestCoordinationOrder checks that nodes come by measures, most first, and edges by
// weight, heaviest first, the same on every run.
func TestCoordinationOrder(t *testing.T) {
	s, r := seedServer(t)
	var first gotNetwork
	run(t, s, r, coordinationQuery, networkVars("jining-plan-final", "", "", false), &first)
	for i := 1; i < len(first.Coordination.Nodes); i++ {
		if first.Coordination.Nodes[i-1].Measures < first.Coordination.Nodes[i].Measures {
			t.Errorf("node %d has fewer measures than node %d", i-1, i)
		}
	}
	for i := 1; i < len(first.Coordination.Edges); i++ {
		if first.Coordination.Edges[i-1].Weight < first.Coordination.Edges[i].Weight {
			t.Errorf("edge %d is lighter than edge %d", i-1, i)
		}
	}
	for range 3 {
		var again gotNetwork
		run(t, s, r, coordinationQuery, networkVars("jining-plan-final", "", "", false), &again)
		a, _ := json.Marshal(first)
		b, _ := json.Marshal(again)
		if string(a) != string(b) {
			t.Fatal("the network changed between two runs")
		}
	}
}

func TestCoordinationUnknownDocument(t *testing.T) {
	s, r := seedServer(t)
	res, err := Execute(context.Background(), s, r, Request{Query: `{ coordination(document: "nothing") { nodes { degree } } }`})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) == 0 {
		t.Fatal("no error for an unknown document")
	}
}
