package graph_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policykg/policykg/export"
	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

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

// importInto reads N-Quads into a dump and imports it.
func importInto(t *testing.T, s *Store, b []byte) {
	t.Helper()
	d := NewDump()
	if err := d.ReadNQuads(bytes.NewReader(b), "export.nq"); err != nil {
		t.Fatal(err)
	}
	if err := s.Import(context.Background(), d); err != nil {
		t.Fatal(err)
	}
}

// answers are the questions the round trip must answer alike before and after.
type answers struct {
	titles        []string
	ybjMeasures   int
	signingValues []float64
	measures      int
}

func askSeeds(t *testing.T, r export.Models) answers {
	t.Helper()
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var a answers
	for _, d := range m.Documents {
		a.titles = append(a.titles, d.Title)
	}
	ybj, err := m.FilterMeasures(context.Background(), model.MeasureFilter{Agency: "市医保局", City: "济宁"})
	if err != nil {
		t.Fatal(err)
	}
	a.ybjMeasures = len(ybj)
	for _, in := range m.FindIndicators("全人群签约率") {
		for _, tg := range in.Targets {
			if tg.Value != nil {
				a.signingValues = append(a.signingValues, *tg.Value)
			}
		}
	}
	a.measures = len(m.Measures)
	return a
}

func sameAnswers(a, b answers) bool {
	return strings.Join(a.titles, "|") == strings.Join(b.titles, "|") && a.ybjMeasures == b.ybjMeasures &&
		a.measures == b.measures && len(a.signingValues) == len(b.signingValues) &&
		func() bool {
			for i := range a.signingValues {
				if a.signingValues[i] != b.signingValues[i] {
					return false
				}
			}
			return true
		}()
}

// TestNQuadsRoundTrip exports the seeds as N-Quads, imports them into a new store of each
// backend, and checks that the new store answers alike and exports the same file.
func TestNQuadsRoundTrip(t *testing.T) {
	src := exportSeeded(t)
	whole := exportBytes(t, src, export.FormatNQuads, "")
	labels := map[quad.Value]int{}
	for _, q := range readQuads(t, whole) {
		labels[q.Label]++
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if iri, ok := v.(quad.IRI); ok && !strings.HasPrefix(string(iri), "http://") && !strings.HasPrefix(string(iri), "https://") {
				t.Fatalf("IRI %s in %s is not an http(s) IRI", iri, q.NQuad())
			}
		}
	}
	if len(labels) != 4 || labels[DocumentIRI("jining-health-news")] == 0 {
		t.Fatalf("labels %v, want the 4 seed documents", labels)
	}
	before := askSeeds(t, src.Models)
	// 18 measures name 市医保局 in the two 济宁 plans; 全人群签约率 is 65 in the final plan
	// (全人群签约率达到65%以上) and also targeted by the draft and 滨州.
	if before.ybjMeasures != 18 || len(before.signingValues) < 2 || before.signingValues[0] == 0 {
		t.Fatalf("seed answers %+v", before)
	}
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dst := open(t, url(t))
			importInto(t, dst, whole)
			r := model.NewReader(dst)
			if after := askSeeds(t, r); !sameAnswers(before, after) {
				t.Errorf("answers before %+v, after %+v", before, after)
			}
			if again := exportBytes(t, exporterOf(r), export.FormatNQuads, ""); !bytes.Equal(again, whole) {
				t.Errorf("the imported store exports %d bytes, the original %d", len(again), len(whole))
			}
			v1, _ := dst.Version(context.Background())
			importInto(t, dst, whole)
			if v2, _ := dst.Version(context.Background()); v1 == "" || v1 != v2 {
				t.Errorf("importing the same file twice changed the store: version %q → %q", v1, v2)
			}
		})
	}
}

// TestNQuadsOneDocument: a document's export holds only its quads, and on its own gives
// the same agency network.
func TestNQuadsOneDocument(t *testing.T) {
	src := exportSeeded(t)
	one := exportBytes(t, src, export.FormatNQuads, "doc:binzhou-measures-2024")
	for _, q := range readQuads(t, one) {
		if q.Label != DocumentIRI("binzhou-measures-2024") {
			t.Fatalf("quad of another document: %s", q.NQuad())
		}
	}
	dst := open(t, "memory")
	importInto(t, dst, one)
	r := model.NewReader(dst)
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Documents) != 1 || len(m.Documents[0].Measures) != 32 {
		t.Fatalf("imported %d documents", len(m.Documents))
	}
	if a, b := exportBytes(t, src, export.FormatGraphML, "binzhou-measures-2024"), exportBytes(t, exporterOf(r), export.FormatGraphML, "binzhou-measures-2024"); !bytes.Equal(a, b) {
		t.Error("the network of the imported document differs from the original's")
	}
}

// TestImportReplacesDocument: importing a document replaces its earlier version and
// leaves the other documents alone.
func TestImportReplacesDocument(t *testing.T) {
	ctx := context.Background()
	docs, err := exportSeedDocs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	shorter := *seedByID(docs, "jining-plan-final")
	shorter.Measures = shorter.Measures[:27]
	other := open(t, "memory")
	if err := other.Put(ctx, &shorter); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := other.WriteNQuads(ctx, &buf, nil); err != nil {
		t.Fatal(err)
	}
	s := open(t, "bolt:"+t.TempDir()+"/kg.db")
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	importInto(t, s, buf.Bytes())
	m, err := model.NewReader(s).Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m.Document("jining-plan-final").Measures); n != 27 {
		t.Errorf("final plan has %d measures after the import, want 27", n)
	}
	if n := len(m.Document("jining-plan-draft").Measures); n != 28 || len(m.Documents) != 4 {
		t.Errorf("the import touched other documents: draft %d measures, %d documents", n, len(m.Documents))
	}
	got, err := s.LabelQuads(ctx, DocumentIRI("jining-plan-final"))
	if err != nil {
		t.Fatal(err)
	}
	if want := DocumentQuads(&shorter); len(got) != len(want) {
		t.Errorf("final plan has %d quads after the import, want %d", len(got), len(want))
	}
}

// TestReadNQuadsRefuses: input that would not read back as documents is refused whole,
// naming the file and what is wrong.
func TestReadNQuadsRefuses(t *testing.T) {
	good := string(exportBytes(t, exportSeeded(t), export.FormatNQuads, "jining-health-news"))
	doc := "<" + string(DocumentIRI("x")) + ">"
	typed := doc + " <" + RDFType + "> <" + string(KindDocument) + "> " + doc + " .\n"
	measure := "<" + string(NodeIRI(MeasureID("x", 1))) + ">"
	agency := "<" + string(NodeIRI(AgencyID("济宁", "市医保局"))) + ">"
	resp := "<" + string(NodeIRI(ResponsibilityID("x", 1, 1))) + ">"
	ns := func(local string) string { return "<" + Namespace + local + ">" }
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", "no document quads"},
		{"syntax", "<a> <b> \"c\n", "quad 1"},
		{"unlabelled", good + "<https://policykg.org/id/x> " + ns("name") + " \"y\" .\n", "not labelled with a document"},
		{"foreign label", "<https://policykg.org/id/x> " + ns("name") + " \"y\" <http://example.org/g> .\n", "not labelled with a document"},
		{"older vocabulary", "<doc:x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <pkg:Document> <doc:x> .\n", "older policykg"},
		{"no type", doc + " " + ns("title") + " \"t\" " + doc + " .\n", "no <" + string(KindDocument) + "> type"},
		{"not an integer", typed + measure + " <" + RDFType + "> " + ns("Measure") + " " + doc + " .\n" +
			measure + " " + ns("document") + " " + doc + " " + doc + " .\n" +
			measure + " " + ns("ordinal") + " \"first\" " + doc + " .\n", "ordinal> is not an integer"},
		{"agency without a name", typed + measure + " <" + RDFType + "> " + ns("Measure") + " " + doc + " .\n" +
			measure + " " + ns("document") + " " + doc + " " + doc + " .\n" +
			resp + " <" + RDFType + "> " + ns("Responsibility") + " " + doc + " .\n" +
			resp + " " + ns("document") + " " + doc + " " + doc + " .\n" +
			resp + " " + ns("measure") + " " + measure + " " + doc + " .\n" +
			resp + " " + ns("agency") + " " + agency + " " + doc + " .\n", "an agency without a <" + Namespace + "name>"},
		{"two titles", typed + doc + " " + ns("title") + " \"a\" " + doc + " .\n" + doc + " " + ns("title") + " \"b\" " + doc + " .\n", "2 values of <" + Namespace + "title>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDump()
			err := d.ReadNQuads(strings.NewReader(tt.input), "bad.nq")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bad.nq") {
				t.Fatalf("err %v, want one naming bad.nq and saying %q", err, tt.want)
			}
			if len(d.Documents()) != 0 {
				t.Errorf("a refused file added %v", d.Documents())
			}
		})
	}
	d := NewDump()
	if err := d.ReadNQuads(strings.NewReader(good), "a.nq"); err != nil {
		t.Fatal(err)
	}
	if err := d.ReadNQuads(strings.NewReader(good), "b.nq"); err == nil || !strings.Contains(err.Error(), "a.nq and b.nq") {
		t.Errorf("the same document in two files: %v", err)
	}
}
