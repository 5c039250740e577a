package schema

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// loadExpected reads what a reader wrote down for one seed document.
func loadExpected(t *testing.T, id string) expected {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "seeds", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var e expected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return e
}

// page is a connection page as the tests read it.
type page struct {
	TotalCount int
	Edges      []struct {
		Cursor string
		Node   struct {
			ID      string
			Ordinal int
		}
	}
	PageInfo struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
}

func (p page) ids() []string {
	out := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		out[i] = e.Node.ID
	}
	return out
}

// measureIDs are the IDs the expected measures of a document must have, in order.
func expectedMeasureIDs(t *testing.T, doc string) []string {
	t.Helper()
	var out []string
	for _, m := range loadExpected(t, doc).Measures {
		out = append(out, fmt.Sprintf("measure:%s:%d", doc, m.Ordinal))
	}
	return out
}

// TestPaginationBothDirections walks the 济宁 plan's measures in pages of 10 forward
// (first/after) and back (last/before), through the document's connection and through
// measures(document:), and checks every page against the reader's list of measures.
func TestPaginationBothDirections(t *testing.T) {
	s, r := seedServer(t)
	want := expectedMeasureIDs(t, "jining-plan-final")
	if len(want) != 28 {
		t.Fatalf("the expected values changed: %d measures in the 济宁 plan", len(want))
	}
	const size = 10
	queries := map[string]string{
		"Document.measures": `query($first: Int, $after: String, $last: Int, $before: String) {
			document(id: "jining-plan-final") { measures(first: $first, after: $after, last: $last, before: $before) {
				totalCount edges { cursor node { id ordinal } }
				pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
		"Query.measures": `query($first: Int, $after: String, $last: Int, $before: String) {
			measures(document: "jining-plan-final", first: $first, after: $after, last: $last, before: $before) {
				totalCount edges { cursor node { id ordinal } }
				pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			fetch := func(vars map[string]any) page {
				var out struct {
					Document struct{ Measures page }
					Measures page
				}
				run(t, s, r, q, vars, &out)
				if name == "Document.measures" {
					return out.Document.Measures
				}
				return out.Measures
			}
			// Forward: [0,10) [10,20) [20,28).
			var after any
			for start := 0; start < len(want); start += size {
				end := min(start+size, len(want))
				p := fetch(map[string]any{"first": size, "after": after})
				if got := p.ids(); !slices.Equal(got, want[start:end]) {
					t.Fatalf("forward page at %d: %v, want %v", start, got, want[start:end])
				}
				if p.TotalCount != len(want) || p.PageInfo.HasNextPage != (end < len(want)) || p.PageInfo.HasPreviousPage != (start > 0) {
					t.Errorf("forward page at %d: totalCount %d, hasNext %v, hasPrevious %v", start, p.TotalCount, p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage)
				}
				if p.PageInfo.EndCursor == nil || *p.PageInfo.EndCursor != p.Edges[len(p.Edges)-1].Cursor {
					t.Fatalf("forward page at %d: endCursor is not the last edge's cursor", start)
				}
				after = *p.PageInfo.EndCursor
			}
			// Backward: [18,28) [8,18) [0,8).
			var before any
			for end := len(want); end > 0; end -= size {
				start := max(end-size, 0)
				p := fetch(map[string]any{"last": size, "before": before})
				if got := p.ids(); !slices.Equal(got, want[start:end]) {
					t.Fatalf("backward page ending at %d: %v, want %v", end, got, want[start:end])
				}
				if p.PageInfo.HasPreviousPage != (start > 0) || p.PageInfo.HasNextPage != (end < len(want)) {
					t.Errorf("backward page ending at %d: hasPrevious %v, hasNext %v", end, p.PageInfo.HasPreviousPage, p.PageInfo.HasNextPage)
				}
				if p.PageInfo.StartCursor == nil || *p.PageInfo.StartCursor != p.Edges[0].Cursor {
					t.Fatalf("backward page ending at %d: startCursor is not the first edge's cursor", end)
				}
				before = *p.PageInfo.StartCursor
			}
		})
	}
}

// TestPaginationWindow takes a window between two cursors, from either end.
func TestPaginationWindow(t *testing.T) {
	s, r := seedServer(t)
	want := expectedMeasureIDs(t, "jining-plan-final")
	q := `query($first: Int, $after: String, $last: Int, $before: String) {
		measures(document: "jining-plan-final", first: $first, after: $after, last: $last, before: $before) {
			edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }`
	var all struct{ Measures page }
	run(t, s, r, q, map[string]any{"first": 100}, &all)
	cursor := func(i int) string { return all.Measures.Edges[i].Cursor }
	tests := []struct {
		name                 string
		vars                 map[string]any
		from, to             int
		hasNext, hasPrevious bool
	}{
		{"after 4, before 12, first 3", map[string]any{"after": cursor(4), "before": cursor(12), "first": 3}, 5, 8, true, true},
		{"after 4, before 12, last 3", map[string]any{"after": cursor(4), "before": cursor(12), "last": 3}, 9, 12, true, true},
		{"after 4, before 12, all", map[string]any{"after": cursor(4), "before": cursor(12)}, 5, 12, true, true},
		{"last 5 of everything", map[string]any{"last": 5}, 23, 28, false, true},
		{"after the last", map[string]any{"after": cursor(27), "first": 5}, 28, 28, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct{ Measures page }
			run(t, s, r, q, tt.vars, &out)
			if got := out.Measures.ids(); !slices.Equal(got, want[tt.from:tt.to]) {
				t.Errorf("got %v, want %v", got, want[tt.from:tt.to])
			}
			if pi := out.Measures.PageInfo; pi.HasNextPage != tt.hasNext || pi.HasPreviousPage != tt.hasPrevious {
				t.Errorf("hasNext %v hasPrevious %v, want %v %v", pi.HasNextPage, pi.HasPreviousPage, tt.hasNext, tt.hasPrevious)
			}
		})
	}
}

// TestTargetsConnectionPages pages through the targets of the 济宁 plan forward and back.
func TestTargetsConnectionPages(t *testing.T) {
	s, r := seedServer(t)
	e := loadExpected(t, "jining-plan-final")
	q := `query($first: Int, $after: String, $last: Int, $before: String) {
		targetsConnection(document: "jining-plan-final", first: $first, after: $after, last: $last, before: $before) {
			totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`
	var all struct{ TargetsConnection page }
	run(t, s, r, q, map[string]any{"first": 100}, &all)
	if all.TargetsConnection.TotalCount != len(e.Targets) {
		t.Fatalf("totalCount %d, want the reader's %d targets", all.TargetsConnection.TotalCount, len(e.Targets))
	}
	want := all.TargetsConnection.ids()
	var forward, backward []string
	var after, before any
	for {
		var p struct{ TargetsConnection page }
		run(t, s, r, q, map[string]any{"first": 7, "after": after}, &p)
		forward = append(forward, p.TargetsConnection.ids()...)
		if !p.TargetsConnection.PageInfo.HasNextPage {
			break
		}
		after = *p.TargetsConnection.PageInfo.EndCursor
	}
	for {
		var p struct{ TargetsConnection page }
		run(t, s, r, q, map[string]any{"last": 7, "before": before}, &p)
		backward = append(p.TargetsConnection.ids(), backward...)
		if !p.TargetsConnection.PageInfo.HasPreviousPage {
			break
		}
		before = *p.TargetsConnection.PageInfo.StartCursor
	}
	if !slices.Equal(forward, want) || !slices.Equal(backward, want) {
		t.Errorf("pages of 7 do not add up to the list:\nforward  %v\nbackward %v\nwant     %v", forward, backward, want)
	}
}

// TestEveryConnectionPagesBothWays pages every connection of the schema in pages of 3,
// forward and backward, and checks that the pages add up to the whole list in order.
func TestEveryConnectionPagesBothWays(t *testing.T) {
	s, r := seedServer(t)
	const pageArgs = `first: $first, after: $after, last: $last, before: $before`
	const conn = `{ totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }`
	tests := []struct {
		name, query string
		path        []string // from data to the connection
		total       int      // the reader's count, 0 when unknown
	}{
		{"documentsConnection", `documentsConnection(` + pageArgs + `)` + conn, []string{"documentsConnection"}, len(seedDocs)},
		{"agenciesConnection", `agenciesConnection(city: "济宁", ` + pageArgs + `)` + conn, []string{"agenciesConnection"}, 0},
		{"institutionsConnection", `institutionsConnection(` + pageArgs + `)` + conn, []string{"institutionsConnection"}, 0},
		{"targetsConnection", `targetsConnection(city: "滨州", ` + pageArgs + `)` + conn, []string{"targetsConnection"}, len(loadExpected(t, "binzhou-measures-2024").Targets)},
		{"Agency.measures", `agencies(name: "市医保局", city: "济宁") { measures(` + pageArgs + `)` + conn + ` }`, []string{"agencies", "0", "measures"},
			len(expectedMeasures(t, []string{"jining-plan-draft", "jining-plan-final"}, namesAgency("市医保局")))},
		{"Measure.targetsConnection", `node(id: "measure:binzhou-measures-2024:5") { ... on Measure { targetsConnection(` + pageArgs + `)` + conn + ` } }`, []string{"node", "targetsConnection"}, targetsOf(t, "binzhou-measures-2024", 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := `query($first: Int, $after: String, $last: Int, $before: String) { ` + tt.query + ` }`
			fetch := func(vars map[string]any) page {
				var data any
				run(t, s, r, q, vars, &data)
				for _, k := range tt.path {
					switch d := data.(type) {
					case map[string]any:
						data = d[k]
					case []any:
						data = d[0]
					}
				}
				b, _ := json.Marshal(data)
				var p page
				if err := json.Unmarshal(b, &p); err != nil {
					t.Fatal(err)
				}
				return p
			}
			all := fetch(map[string]any{"first": 100})
			want := all.ids()
			if len(want) < 4 || all.TotalCount != len(want) || tt.total > 0 && len(want) != tt.total {
				t.Fatalf("%d items, totalCount %d, want %d (and at least 4 to page)", len(want), all.TotalCount, tt.total)
			}
			var forward, backward []string
			var after, before any
			for {
				p := fetch(map[string]any{"first": 3, "after": after})
				forward = append(forward, p.ids()...)
				if !p.PageInfo.HasNextPage {
					break
				}
				after = *p.PageInfo.EndCursor
			}
			for {
				p := fetch(map[string]any{"last": 3, "before": before})
				backward = append(p.ids(), backward...)
				if !p.PageInfo.HasPreviousPage {
					break
				}
				before = *p.PageInfo.StartCursor
			}
			if !slices.Equal(forward, want) || !slices.Equal(backward, want) {
				t.Errorf("pages of 3 do not add up to the list:\nforward  %v\nbackward %v\nwant     %v", forward, backward, want)
			}
		})
	}
}

// targetsOf counts the targets the reader found in one measure.
func targetsOf(t *testing.T, doc string, ordinal int) int {
	n := 0
	for _, tg := range loadExpected(t, doc).Targets {
		if tg.Measure == ordinal {
			n++
		}
	}
	return n
}
