package schema

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
)

// expected is what a reader of a seed document wrote down (testdata/seeds/*.json), without
// looking at the code.
type expected struct {
	File         string `json:"file"`
	Title        string `json:"title"`
	Issuer       string `json:"issuer"`
	Date         string `json:"date"`
	Status       string `json:"status"`
	Cites        []struct{ Title, DocNumber string }
	Measures     []expMeasure `json:"measures"`
	Targets      []expValue   `json:"targets"`
	Observations []expValue   `json:"observations"`
}

type expMeasure struct {
	Ordinal  int    `json:"ordinal"`
	Number   string `json:"number"`
	Section  string `json:"section"`
	Title    string `json:"title"`
	Agencies []struct {
		Name     string `json:"name"`
		Role     string `json:"role"`
		Position int    `json:"position"`
	} `json:"agencies"`
	Institutions []string                             `json:"institutions"`
	Departments  []struct{ Name, Institution string } `json:"departments"`
}

type expValue struct {
	Measure    int     `json:"measure"`
	Key        string  `json:"key"`
	ValueText  string  `json:"valueText"`
	Value      float64 `json:"value"`
	Unit       string  `json:"unit"`
	Comparator string  `json:"comparator"`
	Year       *int    `json:"year"`
	Stretch    bool    `json:"stretch"`
	Maintain   bool    `json:"maintain"`
	Rank       bool    `json:"rank"`
}

// seedServer loads the seed corpus into a memory store, the path a user takes.
func seedServer(t *testing.T) (graphql.Schema, *model.Reader) {
	t.Helper()
	ctx := context.Background()
	store, err := graph.Open(ctx, "memory")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	docs, err := loader.DefaultNames().LoadPaths(ctx, []string{"../seeds"})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))
}

// run executes a query and decodes its data into out, failing on any GraphQL error.
func run(t *testing.T, s graphql.Schema, r *model.Reader, query string, vars map[string]any, out any) {
	t.Helper()
	res, err := Execute(context.Background(), s, r, Request{Query: query, Variables: vars})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("query errors: %v", res.Errors)
	}
	b, _ := json.Marshal(res.Data)
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
}

const seedQuery = `query($id: ID!) { document(id: $id) {
  title issuer date status cites { title docNumber }
  observations { valueText value unit comparator rank words indicator { name } }
  measures(first: 1000) { totalCount edges { node {
    ordinal number section title
    agencies { role position agency { name aliases } }
    institutions { name aliases }
    departments { name institution { name aliases } }
    targets { valueText value unit comparator year stretch maintain rank words indicator { name } }
  } } } } }`

type gotValue struct {
	ValueText, Unit, Comparator string
	Value                       float64
	Year                        *int
	Stretch, Maintain, Rank     bool
	Words                       string
	Indicator                   struct{ Name string }
}

type gotNamed struct {
	Name    string
	Aliases []string
}

func (n gotNamed) is(name string) bool { return n.Name == name || slices.Contains(n.Aliases, name) }

type gotDoc struct {
	Document struct {
		Title, Issuer, Date, Status string
		Cites                       []struct{ Title, DocNumber string }
		Observations                []gotValue
		Measures                    struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Ordinal                int
					Number, Section, Title string
					Agencies               []struct {
						Role     string
						Position int
						Agency   gotNamed
					}
					Institutions []gotNamed
					Departments  []struct {
						Name        string
						Institution *gotNamed
					}
					Targets []gotValue
				}
			}
		}
	}
}

func sameValue(g gotValue, e expValue) bool {
	gy, ey := 0, 0
	if g.Year != nil {
		gy = *g.Year
	}
	if e.Year != nil {
		ey = *e.Year
	}
	cmp := e.Comparator
	if cmp == "" {
		cmp = "EXACTLY" // observations: the reader gave a comparator only where the text qualifies
	}
	// The key is the reader's words: the text's own (words) or the shared indicator's name.
	named := strings.Contains(g.Indicator.Name, e.Key) || strings.Contains(g.Words, e.Key)
	return named && g.Value == e.Value && g.Rank == e.Rank &&
		(e.Rank || g.Unit == e.Unit) && g.Comparator == cmp && gy == ey && g.Stretch == e.Stretch && g.Maintain == e.Maintain
}

// TestSeeds checks every seed document, through GraphQL, against what a reader found in it:
// every measure with its number, title, agencies, roles and positions; its institutions and
// departments; every target; every observation of the news report.
func TestSeeds(t *testing.T) {
	s, r := seedServer(t)
	files, _ := filepath.Glob("testdata/seeds/*.json")
	if len(files) != 4 {
		t.Fatalf("want the expected values of 4 seeds, found %d", len(files))
	}
	for _, f := range files {
		var e expected
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id := strings.TrimSuffix(e.File, ".txt")
		t.Run(id, func(t *testing.T) {
			var got gotDoc
			run(t, s, r, seedQuery, map[string]any{"id": id}, &got)
			d := got.Document
			if d.Title != e.Title || d.Status != e.Status {
				t.Errorf("title/status %q %s, want %q %s", d.Title, d.Status, e.Title, e.Status)
			}
			if e.Issuer != "" && d.Issuer != e.Issuer || e.Date != "" && d.Date != e.Date {
				t.Errorf("issuer/date %q %q, want %q %q", d.Issuer, d.Date, e.Issuer, e.Date)
			}
			for _, c := range e.Cites {
				found := false
				for _, gc := range d.Cites {
					found = found || strings.Contains(gc.Title, c.Title) && gc.DocNumber == c.DocNumber
				}
				if !found {
					t.Errorf("cited document %q %q not found in %v", c.Title, c.DocNumber, d.Cites)
				}
			}
			ms := d.Measures.Edges
			if d.Measures.TotalCount != len(e.Measures) || len(ms) != len(e.Measures) {
				t.Fatalf("%d measures (%d edges), want %d", d.Measures.TotalCount, len(ms), len(e.Measures))
			}
			for i, em := range e.Measures {
				m := ms[i].Node
				if m.Ordinal != em.Ordinal || m.Number != em.Number || m.Section != em.Section || m.Title != em.Title {
					t.Errorf("measure %d: %d %q %q %q, want %d %q %q %q", i+1, m.Ordinal, m.Number, m.Section, m.Title, em.Ordinal, em.Number, em.Section, em.Title)
				}
				if len(m.Agencies) != len(em.Agencies) {
					t.Errorf("measure %d %s: %d agencies %v, want %v", em.Ordinal, em.Title, len(m.Agencies), m.Agencies, em.Agencies)
				} else {
					for k, ea := range em.Agencies {
						ga := m.Agencies[k]
						if !ga.Agency.is(ea.Name) || ga.Role != ea.Role || ga.Position != ea.Position {
							t.Errorf("measure %d %s agency %d: %s %s %d, want %s %s %d", em.Ordinal, em.Title, k+1, ga.Agency.Name, ga.Role, ga.Position, ea.Name, ea.Role, ea.Position)
						}
					}
				}
				for _, ei := range em.Institutions {
					if !slices.ContainsFunc(m.Institutions, func(n gotNamed) bool { return n.is(ei) }) {
						t.Errorf("measure %d %s: institution %s not found in %v", em.Ordinal, em.Title, ei, m.Institutions)
					}
				}
				for _, ed := range em.Departments {
					if !strings.HasSuffix(ed.Name, "科") {
						continue // 感染性疾病, 妇产…: fields the reader listed, not named departments
					}
					ok := slices.ContainsFunc(m.Departments, func(gd struct {
						Name        string
						Institution *gotNamed
					}) bool {
						if gd.Name != ed.Name {
							return false
						}
						if ed.Institution == "" {
							return gd.Institution == nil
						}
						return gd.Institution != nil && gd.Institution.is(ed.Institution)
					})
					if !ok {
						t.Errorf("measure %d %s: department %s of %q not found in %+v", em.Ordinal, em.Title, ed.Name, ed.Institution, m.Departments)
					}
				}
			}
			for _, et := range e.Targets {
				m := ms[et.Measure-1].Node
				if !slices.ContainsFunc(m.Targets, func(g gotValue) bool { return sameValue(g, et) }) {
					t.Errorf("measure %d %s: target %s %s (%v %s %s year %v stretch %v maintain %v) not found in %+v",
						et.Measure, m.Title, et.Key, et.ValueText, et.Value, et.Unit, et.Comparator, et.Year, et.Stretch, et.Maintain, m.Targets)
				}
			}
			// As many observations as the reader found, so that noise (具体措施25项) fails too.
			if len(d.Observations) != len(e.Observations) {
				t.Errorf("%d observations, want %d", len(d.Observations), len(e.Observations))
			}
			for _, eo := range e.Observations {
				if !slices.ContainsFunc(d.Observations, func(g gotValue) bool { return sameValue(g, eo) }) {
					t.Errorf("observation %s %s not found", eo.Key, eo.ValueText)
				}
			}
		})
	}
}
