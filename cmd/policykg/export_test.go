package main

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policykg/policykg/schema/seedtruth"
)

// roundTripQueries must be answered alike by the store the seeds were loaded into and by
// a new store loaded from its N-Quads export.
var roundTripQueries = []struct {
	name, query, want string
}{
	// 市医保局 is named in 18 measures of the two 济宁 plans.
	{"measures of 市医保局", `{ measures(agency: "市医保局", city: "济宁") { totalCount } }`, `"totalCount": 18`},
	{"document titles", `{ documents { id title status } }`, "滨州市人民政府办公室关于印发滨州市进一步完善医疗卫生服务体系若干措施的通知"},
	// 五(四) of the final plan: 全人群签约率达到65%以上.
	{"a target's value", `{ measures(document: "jining-plan-final", text: "全人群签约率") { edges { node { targets { indicator { name } value comparator year } } } } }`, `"value": 65`},
	// The questions of the README, and everything a document holds.
	{"leads of 市医保局", `{ measures(agency: "市医保局", city: "济宁", role: LEAD, first: 10) { totalCount edges { cursor node { number title document { title status } } } pageInfo { hasNextPage endCursor } } }`, `"totalCount"`},
	{"what 西苑医院济宁医院 delivers", `{ institutions(name: "西苑医院济宁医院") { id name aliases measures { title targets { indicator { name } valueText year } } } }`, "西苑医院济宁医院"},
	{"what the news reported", `{ documents(status: NEWS) { title observations { id indicator { name aliases } valueText value unit text } } }`, "650家"},
	{"全人群签约率 compared", `{ compareIndicator(name: "全人群签约率") { indicator { name aliases } targets { valueText value unit comparator year maintain stretch words document { city status } } observations { valueText value document { title } } assessments { target { document { id } } observation { valueText } sameCity met gap } } }`, `"value": 65`},
	{"draft to final", `{ diffDocuments(from: "jining-plan-draft", to: "jining-plan-final") { changes { from { number title } to { number title } titleChanged agenciesAdded { agency { name } role } agenciesRemoved { agency { name } role } targetChanges { kind indicator { name } from { valueText } to { valueText } } } onlyInFrom { title } onlyInTo { title } } }`, "titleChanged"},
	{"coordination", `{ coordination(document: "jining-plan-final") { nodes { agency { id name aliases kind city } lead support measures degree weightedDegree betweenness eigenvector } edges { source { name } target { name } weight measures { number title } } } }`, "市卫生健康委"},
	{"alignment", `{ alignMeasures(a: "binzhou-measures-2024", b: "jining-plan-final") { pairs { a { id } b { id } score shared } onlyInA { id } onlyInB { id } } }`, "measure:binzhou-measures-2024:"},
	{"kinds compared", `{ compareKinds(a: "binzhou-measures-2024", b: "jining-plan-final") { onlyInA onlyInB kinds { kind a { measures share roles } b { measures share roles lead support } } } }`, "卫生健康委"},
	{"search", `{ search(text: "安宁疗护", first: 5) { totalCount edges { node { kind score node { id } document { title } text span { start end } highlights { field fragments terms } } } } }`, "安宁"},
	{"every document whole", `{ documents { id title city level jurisdiction issuer docNumber date status source text cites { docNumber title }
		warnings { code message span { start end } }
		measures(first: 100) { totalCount edges { node { id ordinal number title text sectionPath genericBodies deadline
			notes { text span { start end } agencies { role position agency { id } } }
			agencies { role position agency { id name city level jurisdiction kind aliases } }
			institutions { id name city aliases } departments { id name institution { name } }
			targets { id text value valueText unit comparator year indicator { id name aliases } } } } } } }`, "jining-plan-final"},
}

// TestExportNQuadsRoundTrip exports the seeds with the command line, loads the file into a
// new store and asks both stores the same GraphQL questions.
func TestExportNQuadsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	original := "bolt:" + filepath.Join(dir, "original.db")
	if _, stderr, err := runCLI(t, "load", "--store", original, "../../seeds"); err != nil {
		t.Fatalf("load: %v\n%s", err, stderr)
	}
	nq := filepath.Join(dir, "seeds.nq")
	if _, stderr, err := runCLI(t, "export", "--store", original, "--format", "nquads", "--out", nq); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	copied := "bolt:" + filepath.Join(dir, "copy.db")
	if _, stderr, err := runCLI(t, "load", "--store", copied, nq); err != nil {
		t.Fatalf("load %s: %v\n%s", nq, err, stderr)
	}
	for _, q := range roundTripQueries {
		t.Run(q.name, func(t *testing.T) {
			before, _, err := runCLI(t, "query", "--store", original, q.query)
			if err != nil {
				t.Fatal(err)
			}
			after, _, err := runCLI(t, "query", "--store", copied, q.query)
			if err != nil {
				t.Fatal(err)
			}
			if before != after {
				t.Errorf("answers differ:\nbefore %s\nafter  %s", before, after)
			}
			if !strings.Contains(after, q.want) {
				t.Errorf("answer lacks %s:\n%s", q.want, after)
			}
		})
	}
}

// TestExportFormats writes each format of one document to a file and reads it back.
func TestExportFormats(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args  []string
		out   string
		check func(t *testing.T, b []byte)
	}{
		{[]string{"--format", "graphml"}, "final.graphml", func(t *testing.T, b []byte) {
			var g struct {
				Nodes []struct{} `xml:"graph>node"`
				Edges []struct{} `xml:"graph>edge"`
			}
			if err := xml.Unmarshal(b, &g); err != nil || len(g.Nodes) != 17 || len(g.Edges) != 46 {
				t.Errorf("GraphML: err %v, %d nodes, %d edges; want 17 agencies, 46 pairs", err, len(g.Nodes), len(g.Edges))
			}
		}},
		// The format comes from the extension when --format is not given.
		{nil, "final.gexf", func(t *testing.T, b []byte) {
			var g struct {
				Nodes []struct{} `xml:"graph>nodes>node"`
			}
			if err := xml.Unmarshal(b, &g); err != nil || len(g.Nodes) != 17 {
				t.Errorf("GEXF: err %v, %d nodes", err, len(g.Nodes))
			}
		}},
		{[]string{"--format", "csv"}, "final.csv", func(t *testing.T, b []byte) {
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) != 1+78 {
				t.Errorf("CSV: err %v, %d rows; want a header and 78 responsibilities", err, len(rows))
			}
		}},
		{[]string{"--format", "svg"}, "final.svg", func(t *testing.T, b []byte) {
			if n := bytes.Count(b, []byte("<circle ")); n != 17 || !bytes.Contains(b, []byte("市卫生健康委 (牵头 24 · 配合 4)")) {
				t.Errorf("SVG: %d circles", n)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.out, func(t *testing.T) {
			out := filepath.Join(dir, tt.out)
			args := append([]string{"export", "--store", "memory", "--load", "../../seeds", "--document", "jining-plan-final", "--out", out}, tt.args...)
			if _, stderr, err := runCLI(t, args...); err != nil {
				t.Fatalf("export: %v\n%s", err, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, b)
		})
	}
}

func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no format", []string{"export", "--store", "memory"}, "needs --format"},
		{"unknown format", []string{"export", "--store", "memory", "--format", "xlsx"}, `unknown export format "xlsx"`},
		{"unknown document", []string{"export", "--store", "memory", "--load", "../../seeds", "--format", "csv", "--document", "nope", "--out", filepath.Join(dir, "nope.csv")}, `"nope"`},
		{"unknown status", []string{"export", "--store", "memory", "--format", "csv", "--status", "CURRENT"}, `status "CURRENT"`},
		{"a table of a network", []string{"export", "--store", "memory", "--load", "../../seeds", "--format", "gexf", "--table", "targets"}, "csv format only"},
		{"unknown table", []string{"export", "--store", "memory", "--load", "../../seeds", "--format", "csv", "--table", "sheets"}, `table "sheets"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, c.args...)
			if err == nil || exitCode(err) == 0 || !strings.Contains(err.Error()+stderr, c.want) {
				t.Errorf("err %v, want one saying %s", err, c.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "nope.csv")); !os.IsNotExist(err) {
		t.Errorf("a failed export left a file: %v", err)
	}
	// A broken N-Quads file loads nothing and is named.
	bad := filepath.Join(dir, "bad.nq")
	os.WriteFile(bad, []byte("<a:x> <pkg:name> \"y\" .\n"), 0o644)
	if _, _, err := runCLI(t, "load", "--store", "memory", bad); err == nil || !strings.Contains(err.Error(), "bad.nq") {
		t.Errorf("loading a bad .nq: %v", err)
	}
}

// TestExportSelects: the command line's filters and CSV options answer as the HTTP ones,
// counted against what a reader wrote down from the seed texts.
func TestExportSelects(t *testing.T) {
	draftTargets, _ := seedtruth.Values(t, "jining-plan-draft")
	tests := []struct {
		args []string
		rows int
		bom  bool
	}{
		{[]string{"--status", "DRAFT", "--table", "targets", "--bom"}, len(draftTargets), true},
		// 滨州's 149 responsibilities: 85 bureaus and 64 IMPLEMENTER rows.
		{[]string{"--city", "滨州"}, 149, false},
		{[]string{"--city", "济宁", "--status", "final,draft", "--table", "measures"}, 28 + 28, false},
		{[]string{"--jurisdiction", "滨州市"}, 149, false},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append([]string{"export", "--store", "memory", "--load", "../../seeds", "--format", "csv"}, tt.args...)
			out, stderr, err := runCLI(t, args...)
			if err != nil {
				t.Fatalf("export: %v\n%s", err, stderr)
			}
			if strings.HasPrefix(out, "\ufeff") != tt.bom {
				t.Errorf("byte order mark: %v, want %v", strings.HasPrefix(out, "\ufeff"), tt.bom)
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
			if err != nil || len(rows) != 1+tt.rows {
				t.Errorf("err %v, %d rows, want %d", err, len(rows)-1, tt.rows)
			}
		})
	}
}
