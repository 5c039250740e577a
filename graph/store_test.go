package graph_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	_ "github.com/lib/pq"

	"github.com/policykg/policykg/policy"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// backends returns the stores the suite runs against: memory and bolt always, PostgreSQL
// when POLICYKG_TEST_POSTGRES names a server, MariaDB when POLICYKG_TEST_MYSQL does (always
// in CI).
func backends(t *testing.T) map[string]func(t *testing.T) string {
	b := map[string]func(t *testing.T) string{
		"memory": func(t *testing.T) string { return "memory" },
		"bolt": func(t *testing.T) string {
			return "bolt:" + filepath.Join(t.TempDir(), "test.db")
		},
	}
	pg := os.Getenv("POLICYKG_TEST_POSTGRES")
	switch {
	case pg != "":
		b["postgres"] = func(t *testing.T) string { return freshPostgres(t, pg) }
	case os.Getenv("CI") == "true":
		t.Fatal("CI=true but POLICYKG_TEST_POSTGRES is not set: the PostgreSQL suite must run in CI")
	default:
		t.Log("skipping PostgreSQL: set POLICYKG_TEST_POSTGRES=postgres://… to run the suite against a server")
	}
	addMySQL(t, b)
	return b
}

// freshPostgres creates an empty database for one test and drops it afterwards.
func freshPostgres(t *testing.T, base string) string {
	t.Helper()
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "policykg_t_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	u := strings.Replace(base, "/policykg_test", "/"+name, 1)
	t.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	return u
}

// The seeds, a store opened for a test and a generated corpus, as the tests inside the
// package have them.
var (
	loadSeeds  = LoadSeeds
	open       = OpenStore
	corpusDocs = CorpusDocs
)

func seedByID(docs []*policy.Document, id string) *policy.Document {
	for _, d := range docs {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// TestStore runs the store suite against every backend.
func TestStore(t *testing.T) {
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("LoadAndRead", func(t *testing.T) { testLoadAndRead(t, url(t)) })
			t.Run("ReloadReplacesOnlyItsDocument", func(t *testing.T) { testReload(t, url(t)) })
			t.Run("SameFileTwiceChangesNothing", func(t *testing.T) { testIdempotent(t, url(t)) })
			t.Run("CancelledLoadLeavesStore", func(t *testing.T) { testCancelled(t, url(t)) })
		})
	}
}

func testLoadAndRead(t *testing.T, url string) {
	ctx := context.Background()
	s := open(t, url)
	if err := s.Put(ctx, loadSeeds(t)...); err != nil {
		t.Fatal(err)
	}
	m, err := model.NewReader(s).Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, d := range m.Documents {
		counts[d.ID] = len(d.Measures)
	}
	want := map[string]int{"jining-plan-final": 28, "jining-plan-draft": 28, "binzhou-measures-2024": 32, "jining-health-news": 0}
	for id, n := range want {
		if counts[id] != n {
			t.Errorf("%s: %d measures, want %d", id, counts[id], n)
		}
	}
	// 市卫生健康委 of 济宁 and of 滨州 are two agencies of one kind.
	as := m.FindAgencies("市卫生健康委", "")
	if len(as) != 2 || as[0].Kind != "卫生健康委" || as[1].Kind != "卫生健康委" || as[0].City == as[1].City {
		t.Errorf("市卫生健康委: got %d agencies %+v, want one per city of kind 卫生健康委", len(as), as)
	}
	// 市文旅局 (draft) and 市文化和旅游局 (final) are one 济宁 agency.
	short, long := m.FindAgencies("市文旅局", "济宁"), m.FindAgencies("市文化和旅游局", "济宁")
	if len(short) != 1 || len(long) != 1 || short[0] != long[0] || len(short[0].Measures) != 2 {
		t.Errorf("市文旅局 = 市文化和旅游局: got %v and %v", short, long)
	}
	// The quads say it too: a path from the measure to its agencies.
	involved, err := s.QuadsOf(ctx, quad.Subject, NodeIRI(MeasureID("jining-plan-final", 1)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, q := range involved {
		if q.Predicate == PredInvolves {
			n++
		}
	}
	if n != 4 {
		t.Errorf("measure 1 of the final plan involves %d agencies in the quads, want 4 (市卫生健康委、市残联、市发展改革委、市财政局)", n)
	}
}

func testReload(t *testing.T, url string) {
	ctx := context.Background()
	s := open(t, url)
	docs := loadSeeds(t)
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	r := model.NewReader(s)
	before, _ := r.Model(ctx)
	idsBefore := map[string]bool{}
	for _, mv := range before.Measures {
		idsBefore[mv.NodeID] = true
	}
	// A new version of the final plan without its last measure (数字健康) and without 市大数据局.
	final := *seedByID(docs, "jining-plan-final")
	final.Measures = final.Measures[:len(final.Measures)-1]
	for i := range final.Measures {
		m := &final.Measures[i]
		var keep []policy.Responsibility
		var gone []int
		for _, r := range m.Responsibilities {
			if r.Agency.Name != "市大数据局" {
				keep = append(keep, r)
			} else {
				gone = append(gone, r.Position)
			}
		}
		m.Responsibilities = keep
		m.Notes = slices.Clone(m.Notes)
		for k := range m.Notes {
			m.Notes[k].Positions = slices.DeleteFunc(slices.Clone(m.Notes[k].Positions), func(p int) bool { return slices.Contains(gone, p) })
		}
	}
	if err := s.Put(ctx, &final); err != nil {
		t.Fatal(err)
	}
	after, err := r.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version == before.Version {
		t.Fatal("version did not change after a load")
	}
	if got := len(after.Document("jining-plan-final").Measures); got != 27 {
		t.Errorf("reloaded final plan has %d measures, want 27", got)
	}
	if after.Node(MeasureID("jining-plan-final", 28)) != nil {
		t.Error("the removed measure is still there")
	}
	// 市大数据局 appeared only in the final plan (the draft names 市大数据中心): gone.
	if got := after.FindAgencies("市大数据局", "济宁"); len(got) != 0 {
		t.Errorf("市大数据局 survived the reload: %v", got)
	}
	// Everything else kept its ID.
	for _, mv := range after.Measures {
		if !idsBefore[mv.NodeID] {
			t.Errorf("measure %s is new after a reload", mv.NodeID)
		}
	}
	// The other documents are untouched: the draft still has its 28 measures and agencies.
	if got := len(after.Document("jining-plan-draft").Measures); got != 28 {
		t.Errorf("draft has %d measures after reloading the final, want 28", got)
	}
	if got := after.FindAgencies("市大数据中心", "济宁"); len(got) != 1 {
		t.Errorf("市大数据中心 of the draft: %v", got)
	}
	// The quads left for the final plan are exactly those of its new version.
	want := DocumentQuads(&final)
	got, err := s.LabelQuads(ctx, DocumentIRI("jining-plan-final"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("final plan has %d quads after reload, want %d", len(got), len(want))
	}
}

func testIdempotent(t *testing.T, url string) {
	ctx := context.Background()
	s := open(t, url)
	docs := loadSeeds(t)
	if err := s.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	v1, _ := s.Version(ctx)
	again := loadSeeds(t)
	if err := s.Put(ctx, again...); err != nil {
		t.Fatal(err)
	}
	v2, _ := s.Version(ctx)
	if v1 == "" || v1 != v2 {
		t.Errorf("loading the same files twice changed the store: version %q → %q", v1, v2)
	}
}

func testCancelled(t *testing.T, url string) {
	s := open(t, url)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Put(ctx, loadSeeds(t)...); err == nil {
		t.Fatal("a cancelled load succeeded")
	}
	m, err := model.NewReader(s).Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Documents) != 0 {
		t.Errorf("a cancelled load left %d documents", len(m.Documents))
	}
}

// TestIDsSurviveRestart reopens a bolt store and finds the same nodes under the same IDs.
func TestIDsSurviveRestart(t *testing.T) {
	ctx := context.Background()
	url := "bolt:" + filepath.Join(t.TempDir(), "restart.db")
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, loadSeeds(t)...); err != nil {
		t.Fatal(err)
	}
	m1, _ := model.NewReader(s).Model(ctx)
	s.Close()
	s2 := open(t, url)
	m2, err := model.NewReader(s2).Model(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(m1.Measures) != len(m2.Measures) || len(m2.Measures) != 88 {
		t.Fatalf("measures before/after restart: %d/%d, want 88", len(m1.Measures), len(m2.Measures))
	}
	for i := range m1.Measures {
		if m1.Measures[i].NodeID != m2.Measures[i].NodeID || m1.Measures[i].Title != m2.Measures[i].Title {
			t.Errorf("measure %d: %s %q became %s %q", i, m1.Measures[i].NodeID, m1.Measures[i].Title, m2.Measures[i].NodeID, m2.Measures[i].Title)
		}
	}
}

// TestOldFormatRefused: a store with documents typed the old way is refused, not read as
// empty.
func TestOldFormatRefused(t *testing.T) {
	ctx := context.Background()
	url := "bolt:" + filepath.Join(t.TempDir(), "old.db")
	s := open(t, url)
	old := quad.Quad{Subject: quad.IRI("doc:x"), Predicate: PredType, Object: quad.IRI("pkg:Document"), Label: quad.IRI("doc:x")}
	if err := s.CayleyStore().ApplyDeltas([]cgraph.Delta{{Quad: old, Action: cgraph.Add}}, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, url); !errors.Is(err, ErrOldFormat) {
		t.Errorf("opening a store of the old format: %v, want ErrOldFormat", err)
	}
}
