package graph_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/policykg/policykg/policy"

	"github.com/policykg/policykg/export"
	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// sameDocument reports where two documents differ, field by field as JSON shows them.
func sameDocument(t *testing.T, want, got *policy.Document) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	w, _ := json.MarshalIndent(want, "", " ")
	g, _ := json.MarshalIndent(got, "", " ")
	wl, gl := strings.Split(string(w), "\n"), strings.Split(string(g), "\n")
	for i := range min(len(wl), len(gl)) {
		if wl[i] != gl[i] {
			t.Errorf("%s differs at line %d of its JSON: want %s, got %s", want.ID, i+1, wl[i], gl[i])
			return
		}
	}
	t.Errorf("%s differs: %d lines of JSON, want %d", want.ID, len(gl), len(wl))
}

// TestDocumentRoundTrip writes every seed document and a generated corpus (every notation
// the loader reads) as quads and reads them back, from memory and from each store: every
// field of every part comes back as it was.
func TestDocumentRoundTrip(t *testing.T) {
	docs := append(loadSeeds(t), corpusDocs(t, 5, 40)...)
	for _, d := range docs {
		got, err := DecodeDocument(DocGraphOf(DocumentIRI(d.ID), DocumentQuads(d)))
		if err != nil {
			t.Fatal(err)
		}
		sameDocument(t, d, got)
	}
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url(t))
			if err := s.Put(ctx, docs...); err != nil {
				t.Fatal(err)
			}
			r := NewDocReader(s)
			for _, d := range docs {
				g, err := r.Read(ctx, DocumentIRI(d.ID))
				if err != nil {
					t.Fatal(err)
				}
				got, err := DecodeDocument(g)
				if err != nil {
					t.Fatal(err)
				}
				sameDocument(t, d, got)
			}
		})
	}
}

// TestLiteralsAreStandard checks the literals a seed document is written with: integers,
// decimals, booleans and dates with their full XSD datatype IRIs in the export, and the
// export's lexical forms ("true", not "True").
func TestLiteralsAreStandard(t *testing.T) {
	out := string(exportBytes(t, exportSeeded(t), export.FormatNQuads, "jining-plan-final"))
	for _, want := range []string{
		`"2025"^^<http://www.w3.org/2001/XMLSchema#integer>`,
		// 全人群签约率达到65%以上
		`"65"^^<http://www.w3.org/2001/XMLSchema#decimal>`,
		// 床医比 1：0.55 is in 滨州's; the final 济宁 plan's 千人口床位 targets have decimals
		`"^^<http://www.w3.org/2001/XMLSchema#decimal>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the export has no %s", want)
		}
	}
	for _, bad := range []string{"<xsd:", `"True"`, `"False"`, "pkg:", "<doc:"} {
		if strings.Contains(out, bad) {
			t.Errorf("the export holds %s", bad)
		}
	}
	binzhou := string(exportBytes(t, exportSeeded(t), export.FormatNQuads, "binzhou-measures-2024"))
	// 发布日期：2024-11-21 (manifest), and 力争 targets are stretch targets.
	for _, want := range []string{
		`"2024-11-21"^^<http://www.w3.org/2001/XMLSchema#date>`,
		`<https://policykg.org/ns#stretch> "true"^^<http://www.w3.org/2001/XMLSchema#boolean>`,
		`"0.55"^^<http://www.w3.org/2001/XMLSchema#decimal>`,
	} {
		if !strings.Contains(binzhou, want) {
			t.Errorf("滨州's export has no %s", want)
		}
	}
}

// TestForeignStoreServed loads the seeds' export as `cayley load` does — every quad as
// Cayley's N-Quads reader gives it, no version, no content hashes — and finds the store
// answering as the original does.
func TestForeignStoreServed(t *testing.T) {
	src := exportSeeded(t)
	whole := exportBytes(t, src, export.FormatNQuads, "")
	before := askSeeds(t, src.Models)
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			dst := open(t, url(t))
			var deltas []cgraph.Delta
			for _, q := range readQuads(t, whole) {
				deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
			}
			if err := dst.CayleyStore().ApplyDeltas(deltas, cgraph.IgnoreOpts{}); err != nil {
				t.Fatal(err)
			}
			r := model.NewReader(dst)
			if after := askSeeds(t, r); !sameAnswers(before, after) {
				t.Errorf("answers before %+v, after %+v", before, after)
			}
			// It exports the same file, and a policykg load of that file over it changes
			// nothing but the bookkeeping.
			if again := exportBytes(t, exporterOf(r), export.FormatNQuads, ""); string(again) != string(whole) {
				t.Errorf("the store exports %d bytes, the original %d", len(again), len(whole))
			}
		})
	}
}

// TestEditedExportServed edits an export as a researcher would — a measure retitled, a
// target's year moved, a unit taken off a measure — loads it, and finds the edits in the
// answers. Measure 11 of the final plan sets its targets 到2025年 (力争设立1所市级公立老年病医院,
// the first of them).
func TestEditedExportServed(t *testing.T) {
	ctx := context.Background()
	src := exportSeeded(t)
	orig := string(exportBytes(t, src, export.FormatNQuads, "jining-plan-final"))
	m1 := "<" + string(NodeIRI(MeasureID("jining-plan-final", 1))) + ">"
	resp := "<" + string(NodeIRI(ResponsibilityID("jining-plan-final", 1, 2))) + ">"
	target := "<" + string(NodeIRI(TargetID("jining-plan-final", 11, 1))) + ">"
	var lines []string
	var oldTitle string
	for _, l := range strings.SplitAfter(orig, "\n") {
		switch {
		case strings.HasPrefix(l, m1+" <"+string(PredTitle)+"> "):
			oldTitle = l
			l = m1 + " <" + string(PredTitle) + "> \"改过的标题\" <" + string(DocumentIRI("jining-plan-final")) + "> .\n"
		case strings.HasPrefix(l, resp+" "):
			continue // the second unit of measure 1 is no longer named
		case strings.HasPrefix(l, target+" <"+string(PredYear)+"> "):
			l = strings.Replace(l, `"2025"`, `"2027"`, 1)
		}
		lines = append(lines, l)
	}
	if oldTitle == "" {
		t.Fatal("the export has no title of measure 1")
	}
	s := open(t, "bolt:"+t.TempDir()+"/edited.db")
	docs, err := exportSeedDocs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	importInto(t, s, []byte(strings.Join(lines, "")))
	m, err := model.NewReader(s).Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mv, _ := m.Node(MeasureID("jining-plan-final", 1)).(*model.Measure)
	if mv == nil || mv.Title != "改过的标题" {
		t.Fatalf("measure 1 after the edit: %+v", mv)
	}
	// 推进…: 市卫生健康委、市残联、市发展改革委、市财政局 — without the second, three.
	if len(mv.Responsibilities) != 3 || mv.Responsibilities[1].Position != 3 {
		t.Errorf("measure 1 names %d units after the edit, want 3", len(mv.Responsibilities))
	}
	if tg, _ := m.Node(TargetID("jining-plan-final", 11, 1)).(*model.Target); tg == nil || tg.Year != 2027 {
		t.Errorf("the target of measure 11 after the edit: %+v", tg)
	}
	if got := m.Document("jining-plan-draft"); got == nil || len(got.Measures) != 28 {
		t.Error("the edit of the final plan touched the draft")
	}
}

// TestContentHashIgnoresOrder: the hash of a document's quads is the same in any order,
// and differs when one literal changes.
func TestContentHashIgnoresOrder(t *testing.T) {
	d := seedByID(loadSeeds(t), "jining-health-news")
	qs := DocumentQuads(d)
	rev := make([]quad.Quad, len(qs))
	for i, q := range qs {
		rev[len(qs)-1-i] = q
	}
	if ContentHash(qs) != ContentHash(rev) {
		t.Error("the order of the quads changed the hash")
	}
	rev[0].Object = quad.String("другое")
	if ContentHash(qs) == ContentHash(rev) {
		t.Error("a changed literal kept the hash")
	}
}
