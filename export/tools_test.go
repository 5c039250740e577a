package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/schema/seedtruth"
)

// The exports are for other tools: these tests hand them to the tools Debian ships
// (raptor2-utils, python3-rdflib, python3-networkx; .ci/run installs them).

// python is Debian's Python, which has Debian's rdflib and networkx.
const python = "/usr/bin/python3"

// needTool skips a test when a tool is missing, except in CI, where it must be there.
func needTool(t *testing.T, what string, check ...string) {
	t.Helper()
	if err := exec.Command(check[0], check[1:]...).Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (%v): .ci/run installs it", what, err)
		}
		t.Skipf("skipping: %s is missing (%v); apt-get install it to run this test", what, err)
	}
}

// runTool runs a command, failing the test with its output when it fails.
func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeExport(t *testing.T, req Request, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, exportAs(t, exportSeeded(t), req), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNQuadsReadByRapper: raptor's strict N-Quads parser reads every quad of the export.
func TestNQuadsReadByRapper(t *testing.T) {
	needTool(t, "rapper (raptor2-utils)", "rapper", "--version")
	path := writeExport(t, Request{Format: FormatNQuads}, "seeds.nq")
	quads := len(readQuads(t, exportBytes(t, exportSeeded(t), FormatNQuads, "")))
	out := runTool(t, "rapper", "--input", "nquads", "--count", path)
	if !strings.Contains(out, "returned "+strconv.Itoa(quads)+" triples") {
		t.Errorf("rapper: %s, want %d quads read", out, quads)
	}
	vocab := filepath.Join(t.TempDir(), "vocabulary.ttl")
	if err := os.WriteFile(vocab, graph.Vocabulary(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := runTool(t, "rapper", "--input", "turtle", "--count", vocab); !strings.Contains(out, "returned") {
		t.Errorf("rapper on the vocabulary: %s", out)
	}
}

// sparqlYears counts the seed targets due in 2025 and after 2030 with rdflib's SPARQL.
const sparqlYears = `
import sys, rdflib
ds = rdflib.Dataset()
ds.parse(sys.argv[1], format="nquads")
q = """PREFIX pkg: <https://policykg.org/ns#>
SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?t a pkg:Target ; pkg:year ?y . FILTER(%s) } }"""
for f in ("?y = 2025", "?y > 2030", "?y >= 2025 && ?y < 2026"):
    print(f, int(list(ds.query(q % f))[0][0]))
v = rdflib.Graph()
v.parse(sys.argv[2], format="turtle")
print("classes", len(list(v.subjects(rdflib.RDF.type, rdflib.RDFS.Class))))
`

// TestSPARQLOverExport: rdflib reads the export, and a numeric filter on the target years
// counts what a reader of the seed texts counts: 34 targets due 2025 in the final 济宁
// plan, 33 in its draft, 22 in 滨州's — and none after 2030.
func TestSPARQLOverExport(t *testing.T) {
	needTool(t, "rdflib (python3-rdflib)", python, "-c", "import rdflib")
	path := writeExport(t, Request{Format: FormatNQuads}, "seeds.nq")
	vocab := filepath.Join(t.TempDir(), "vocabulary.ttl")
	if err := os.WriteFile(vocab, graph.Vocabulary(), 0o644); err != nil {
		t.Fatal(err)
	}
	due := seedtruth.TargetsDue(t, 2025, seedtruth.Seeds...)
	late := 0
	for y := 2031; y <= 2100; y++ {
		late += seedtruth.TargetsDue(t, y, seedtruth.Seeds...)
	}
	if due != 89 {
		t.Fatalf("the expected values changed: %d targets due 2025", due)
	}
	out := runTool(t, python, "-c", sparqlYears, path, vocab)
	for _, want := range []string{
		"?y = 2025 " + strconv.Itoa(due),
		"?y > 2030 " + strconv.Itoa(late),
		"?y >= 2025 && ?y < 2026 " + strconv.Itoa(due),
		"classes " + strconv.Itoa(len(graph.Classes())),
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("rdflib answered\n%s\nwant a line %q", out, want)
		}
	}
}

// readGEXF reads a GEXF file with networkx and prints its size and one node's attributes.
const readGEXF = `
import sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
print("nodes", g.number_of_nodes(), "edges", g.number_of_edges())
for n, a in g.nodes(data=True):
    if a.get("label") == "市卫生健康委":
        print("wjw lead", a["lead"], "measures", a["measures"])
`

// TestGEXFReadByNetworkx: Debian's networkx (2.8, which refuses GEXF 1.3) reads the GEXF
// export: the final 济宁 plan's 17 agencies and 46 pairs, 市卫生健康委 leading 24 of its 28
// measures.
func TestGEXFReadByNetworkx(t *testing.T) {
	needTool(t, "networkx (python3-networkx)", python, "-c", "import networkx")
	path := writeExport(t, Request{Format: FormatGEXF, Selection: Selection{Document: "jining-plan-final"}}, "final.gexf")
	out := runTool(t, python, "-c", readGEXF, path)
	for _, want := range []string{"nodes 17 edges 46", "wjw lead 24 measures 28"} {
		if !strings.Contains(out, want) {
			t.Errorf("networkx read\n%s\nwant %q", out, want)
		}
	}
}

// readQuads parses N-Quads with Cayley's reader.
func readQuads(t *testing.T, b []byte) []quad.Quad {
	t.Helper()
	r := nquads.NewReader(bytes.NewReader(b), false)
	var out []quad.Quad
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("N-Quads do not parse: %v", err)
		}
		out = append(out, q)
	}
}
