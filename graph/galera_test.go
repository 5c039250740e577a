package graph_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/policykg/policykg/schema/seedtruth"

	"github.com/go-sql-driver/mysql"

	"github.com/policykg/policykg/api"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
	"github.com/policykg/policykg/schema"
)

// The Galera tests need the 3-node cluster of `make cluster` (scripts/cluster.sh): the
// fail-over test kills one of its nodes and starts it again with that script.

// question is "which tasks involve 市医保局 in 济宁", with the first titles.
const question = `{ measures(agency: "市医保局", city: "济宁", first: 20) { totalCount edges { node { title } } } }`

// galeraHosts returns the cluster URL from POLICYKG_TEST_GALERA cut into its parts, or
// skips the test outside CI when it is not set.
func galeraHosts(t *testing.T) (prefix string, hosts []string, query string) {
	t.Helper()
	raw := os.Getenv("POLICYKG_TEST_GALERA")
	if raw == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but POLICYKG_TEST_GALERA is not set: the Galera tests must run in CI (make cluster starts the cluster)")
		}
		t.Skip("skipping: no Galera cluster; run `make cluster` and set POLICYKG_TEST_GALERA=$(scripts/cluster.sh url)")
	}
	i := strings.Index(raw, "://")
	at := strings.LastIndex(raw, "@")
	slash := strings.Index(raw[at+1:], "/")
	if i < 0 || at < 0 || slash < 0 {
		t.Fatalf("POLICYKG_TEST_GALERA=%q is not mysql://user:pass@h1:p1,h2:p2,h3:p3/db", raw)
	}
	prefix, rest := raw[:at+1], raw[at+1+slash:]
	hosts = strings.Split(raw[at+1:at+1+slash], ",")
	if len(hosts) < 3 {
		t.Fatalf("POLICYKG_TEST_GALERA names %d hosts; the tests need a cluster of 3", len(hosts))
	}
	if q := strings.Index(rest, "?"); q >= 0 {
		query = rest[q:]
	}
	return prefix, hosts, query
}

// galeraDatabase creates an empty database on the cluster for one test and drops it
// afterwards; it returns a URL maker: the URL of the database over the given hosts.
func galeraDatabase(t *testing.T) (url func(hosts ...string) string, hosts []string) {
	t.Helper()
	prefix, hosts, query := galeraHosts(t)
	b := make([]byte, 6)
	rand.Read(b)
	name := "policykg_t_" + hex.EncodeToString(b)
	url = func(hs ...string) string { return prefix + strings.Join(hs, ",") + "/" + name + query }
	db := nodeDB(t, prefix+hosts[0]+"/"+query)
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		// The node that took the CREATE may be the one a test killed: drop through any.
		for _, h := range hosts {
			db := nodeDB(t, prefix+h+"/"+query)
			_, err := db.Exec("DROP DATABASE IF EXISTS " + name)
			db.Close()
			if err == nil {
				return
			}
		}
	})
	return url, hosts
}

// nodeDB connects to the one node a mysql:// URL names; the caller closes it.
func nodeDB(t *testing.T, url string) *sql.DB {
	t.Helper()
	u := strings.TrimPrefix(url, "mysql://")
	at := strings.LastIndex(u, "@")
	slash := strings.Index(u[at+1:], "/")
	cfg, err := mysql.ParseDSN("tcp(" + u[at+1:at+1+slash] + ")" + u[at+1+slash:])
	if err != nil {
		t.Fatal(err)
	}
	cfg.User, cfg.Passwd, _ = strings.Cut(u[:at], ":")
	cfg.Timeout = 5 * time.Second
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func openStore(t *testing.T, url string) *graph.Store {
	t.Helper()
	s, err := graph.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func seeds(t *testing.T) []*policy.Document {
	t.Helper()
	docs, err := loader.DefaultNames().LoadPaths(context.Background(), []string{"../seeds"})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// serve starts a policykg server over a store, as `policykg serve` does.
func serve(t *testing.T, s *graph.Store) *httptest.Server {
	t.Helper()
	sch, err := schema.New(schema.Options{MaxPageSize: 100, DefaultPageSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := api.New(api.Config{Schema: sch, Source: model.NewReader(s), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetReady()
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs
}

// answer is the part of the response to question the tests read.
type answer struct {
	Data struct {
		Measures struct {
			TotalCount int
			Edges      []struct{ Node struct{ Title string } }
		}
	}
	Errors []struct{ Message string }
}

// ask posts question and returns the raw body and the decoded answer.
func ask(client *http.Client, base string) ([]byte, answer, error) {
	var a answer
	body, _ := json.Marshal(map[string]string{"query": question})
	resp, err := client.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, a, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, a, err
	}
	if resp.StatusCode != http.StatusOK {
		return raw, a, fmt.Errorf("status %d: %s", resp.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return raw, a, err
	}
	if len(a.Errors) > 0 {
		return raw, a, fmt.Errorf("errors: %s", raw)
	}
	return raw, a, nil
}

// withoutAgency returns a copy of a document in which no measure names agency; the notes
// keep pointing at the responsibilities they gave, renumbered.
func withoutAgency(d *policy.Document, agency string) *policy.Document {
	c := *d
	c.Measures = append([]policy.Measure(nil), d.Measures...)
	for i := range c.Measures {
		m := &c.Measures[i]
		var keep []policy.Responsibility
		moved := map[int]int{}
		for k, r := range m.Responsibilities {
			if r.Agency.Name != agency {
				keep = append(keep, r)
				moved[k+1] = len(keep)
				keep[len(keep)-1].Position = len(keep)
			}
		}
		m.Responsibilities = keep
		notes := make([]policy.Note, len(m.Notes))
		for k, n := range m.Notes {
			notes[k] = n
			notes[k].Positions = nil
			for _, pos := range n.Positions {
				if to, ok := moved[pos]; ok {
					notes[k].Positions = append(notes[k].Positions, to)
				}
			}
		}
		m.Notes = notes
	}
	return &c
}

// askUntil asks the question until the server answers want measures: its model follows a
// load through a background refresher. It gives up after two minutes and returns the
// last answer, so a caller reports a timeout, not a wrong count.
func askUntil(client *http.Client, base string, want int) (int, error) {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		_, a, err := ask(client, base)
		got := a.Data.Measures.TotalCount
		if err == nil && got == want {
			return got, nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("still %d measures after two minutes", got)
			}
			return got, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestGaleraLoadOnOneNodeServeOnAnother loads through one node and asks a server that
// reads from another: the answer follows once the server's refresher has read the load.
func TestGaleraLoadOnOneNodeServeOnAnother(t *testing.T) {
	url, hosts := galeraDatabase(t)
	all := seedtruth.MeasuresWith(t, "市医保局", "jining-plan-final", "jining-plan-draft")
	inFinal := seedtruth.MeasuresWith(t, "市医保局", "jining-plan-final")
	if all != 18 || inFinal == 0 {
		t.Fatalf("the expected values changed: 市医保局 in %d measures, %d of the final plan", all, inFinal)
	}
	reader := serve(t, openStore(t, url(hosts[1])))
	client := &http.Client{Timeout: time.Minute}
	docs := seeds(t)
	var final *policy.Document
	for _, d := range docs {
		if d.ID == "jining-plan-final" {
			final = d
		}
	}
	steps := []struct {
		name    string
		through string
		load    []*policy.Document
		want    int
	}{
		{"nothing loaded yet", "", nil, 0},
		{"seeds loaded through node 1", hosts[0], docs, all},
		{"final plan without 市医保局 loaded through node 3", hosts[2], []*policy.Document{withoutAgency(final, "市医保局")}, all - inFinal},
		{"final plan loaded again through node 1", hosts[0], []*policy.Document{final}, all},
	}
	for _, st := range steps {
		if st.load != nil {
			if err := openStore(t, url(st.through)).Put(context.Background(), st.load...); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		if got, err := askUntil(client, reader.URL, st.want); err != nil {
			t.Errorf("%s: the server on node 2 answers %d measures, want %d: %v", st.name, got, st.want, err)
		}
	}
}

// phase counts the requests of one stage of the fail-over test.
type phase struct {
	name     string
	ok, fail atomic.Int64
}

// TestGaleraNodeKilledUnderLoad kills (SIGKILL) the node a server reads from while
// several clients keep asking it the same question: no request may fail and every answer
// must be the one given before the kill. The node is started again afterwards.
func TestGaleraNodeKilledUnderLoad(t *testing.T) {
	url, hosts := galeraDatabase(t)
	want := seedtruth.MeasuresWith(t, "市医保局", "jining-plan-final", "jining-plan-draft")
	store := openStore(t, url(hosts...))
	if err := store.Put(context.Background(), seeds(t)...); err != nil {
		t.Fatal(err)
	}
	victim := store.Host()
	prefix, _, query := galeraHosts(t)
	node := nodeDB(t, prefix+victim+"/"+query)
	defer node.Close()
	var size int
	var pidFile string
	if err := node.QueryRow("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'wsrep_cluster_size'").Scan(&size); err != nil || size < 3 {
		t.Fatalf("the cluster has %d synced nodes (%v); `make cluster` starts 3", size, err)
	}
	if err := node.QueryRow("SELECT @@pid_file").Scan(&pidFile); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restartCluster(t) })

	srv := serve(t, store)
	client := &http.Client{Timeout: 2 * time.Minute}
	reference, a, err := ask(client, srv.URL)
	if err != nil || a.Data.Measures.TotalCount != want || len(a.Data.Measures.Edges) != 18 {
		t.Fatalf("before the kill: %d measures, %d titles (%v); want %d", a.Data.Measures.TotalCount, len(a.Data.Measures.Edges), err, want)
	}

	before, during, after := &phase{name: "before the kill"}, &phase{name: "node down, store not moved yet"}, &phase{name: "after the move"}
	var current atomic.Pointer[phase]
	current.Store(before)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var firstErr atomic.Value
	const clients = 4
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				p := current.Load()
				raw, _, err := ask(client, srv.URL)
				if err == nil && !bytes.Equal(raw, reference) {
					err = fmt.Errorf("answer changed: %s", raw)
				}
				if err != nil {
					p.fail.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				p.ok.Add(1)
			}
		}()
	}
	// waitFor polls cond; the bound only keeps a broken cluster from hanging the run.
	waitFor := func(what string, cond func() bool) {
		for range 1200 {
			if cond() {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		t.Fatalf("gave up waiting until %s", what)
	}
	waitFor("200 requests before the kill", func() bool { return before.ok.Load()+before.fail.Load() >= 200 })
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	current.Store(during)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill node %s (pid %d): %v", victim, pid, err)
	}
	waitFor("the store left the killed node", func() bool { return store.Host() != victim })
	current.Store(after)
	waitFor("200 requests after the move", func() bool { return after.ok.Load()+after.fail.Load() >= 200 })
	close(stop)
	wg.Wait()

	for _, p := range []*phase{before, during, after} {
		t.Logf("%s: %d answered, %d failed", p.name, p.ok.Load(), p.fail.Load())
		if p.fail.Load() != 0 {
			t.Errorf("%s: %d failed requests, first: %v", p.name, p.fail.Load(), firstErr.Load())
		}
	}
	t.Logf("killed %s (pid %d); the store moved to %s", victim, pid, store.Host())

	// A load after the kill goes through a surviving node and is seen.
	var final *policy.Document
	for _, d := range seeds(t) {
		if d.ID == "jining-plan-final" {
			final = d
		}
	}
	if err := store.Put(context.Background(), withoutAgency(final, "市医保局")); err != nil {
		t.Fatalf("load after the kill: %v", err)
	}
	wantNow := want - seedtruth.MeasuresWith(t, "市医保局", "jining-plan-final")
	if got, err := askUntil(client, srv.URL, wantNow); err != nil {
		t.Errorf("after a load on the surviving nodes: %d measures, want %d: %v", got, wantNow, err)
	}
}

// restartCluster starts the nodes that are down and waits until all are synced, so the
// tests after this one find the cluster whole.
func restartCluster(t *testing.T) {
	out, err := exec.Command("bash", "../scripts/cluster.sh", "start").CombinedOutput()
	if err != nil {
		t.Errorf("restart the killed node: %v\n%s", err, out)
	}
}
