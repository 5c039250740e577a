package graph_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	mrand "math/rand/v2"
	"os"
	"strings"
	"testing"

	. "github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// addMySQL adds MariaDB to the suite when POLICYKG_TEST_MYSQL names a server (in CI, node 1
// of `make cluster`). The cluster itself, over all its hosts, is tested in galera_test.go.
func addMySQL(t *testing.T, b map[string]func(t *testing.T) string) {
	base := os.Getenv("POLICYKG_TEST_MYSQL")
	switch {
	case base != "":
		b["mysql"] = func(t *testing.T) string { return freshMySQL(t, base) }
	case os.Getenv("CI") == "true":
		t.Fatal("CI=true but POLICYKG_TEST_MYSQL is not set: the MariaDB suite must run in CI (make cluster starts the servers)")
	default:
		t.Log("skipping MariaDB: set POLICYKG_TEST_MYSQL=mysql://… (`scripts/cluster.sh url 1` after `make cluster`) to run the suite against a server")
	}
}

// freshMySQL creates an empty utf8mb4 database for one test on the server or cluster base
// names, and drops it afterwards; it returns base pointing at that database.
func freshMySQL(t *testing.T, base string) string {
	t.Helper()
	db := mysqlAdmin(t, base)
	b := make([]byte, 6)
	rand.Read(b)
	name := "policykg_t_" + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		db.Exec("DROP DATABASE IF EXISTS " + name)
		db.Close()
	})
	return withDatabase(t, base, name)
}

// mysqlAdmin connects to the first host of a mysql:// URL.
func mysqlAdmin(t *testing.T, base string) *sql.DB {
	t.Helper()
	prefix, hosts, rest, err := SplitHosts(base)
	if err != nil {
		t.Fatal(err)
	}
	_, dsn, err := ParseURL(prefix + hosts[0] + rest)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// withDatabase returns a mysql:// URL naming database name instead of its own.
func withDatabase(t *testing.T, base, name string) string {
	t.Helper()
	prefix, hosts, rest, err := SplitHosts(base)
	if err != nil {
		t.Fatal(err)
	}
	query := ""
	if i := strings.Index(rest, "?"); i >= 0 {
		query = rest[i:]
	}
	return prefix + strings.Join(hosts, ",") + "/" + name + query
}

// TestMySQLURL checks how mysql:// URLs become go-sql-driver DSNs.
func TestMySQLURL(t *testing.T) {
	tests := []struct {
		url, dsn, err string
	}{
		{"mysql://policykg:secret@127.0.0.1:3311/policykg",
			"policykg:secret@tcp(127.0.0.1:3311)/policykg?timeout=5s&wsrep_sync_wait=1", ""},
		{"mysql://u:p%40ss@db.example:3306/kg?tls=skip-verify&wsrep_sync_wait=0",
			"u:p@ss@tcp(db.example:3306)/kg?timeout=5s&tls=skip-verify&wsrep_sync_wait=0", ""},
		{"mysql://u@db.example/kg?timeout=2s", "u@tcp(db.example:3306)/kg?timeout=2s&wsrep_sync_wait=1", ""},
		{"mysql://u:p@db.example:3306/", "", "name a host and a database"},
		{"mysql://u:p@db.example/kg?timeout=soon", "", "invalid duration"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			backend, dsn, err := ParseURL(tt.url)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %q, %v; want an error with %q", dsn, err, tt.err)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error shows the password: %v", err)
				}
				return
			}
			if err != nil || backend != "mysql" || dsn != tt.dsn {
				t.Errorf("got %s %q, %v; want mysql %q", backend, dsn, err, tt.dsn)
			}
		})
	}
}

// TestLargeLiterals stores a document whose text is larger than MariaDB's TEXT (65,535
// bytes) and reads it back unchanged, on every backend.
func TestLargeLiterals(t *testing.T) {
	for name, url := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t, url(t))
			big := *seedByID(loadSeeds(t), "jining-plan-final")
			big.ID = "jining-plan-final-annexed"
			r := mrand.New(mrand.NewPCG(7, 7))
			var annex strings.Builder
			for range 40000 {
				annex.WriteRune(rune(0x4E00 + r.IntN(0x51A5)))
			}
			big.Text += "\n附件\n" + annex.String()
			if len(big.Text) <= 65535 {
				t.Fatalf("text %d bytes: it must pass 65,535", len(big.Text))
			}
			if err := s.Put(ctx, &big); err != nil {
				t.Fatal(err)
			}
			got, err := s.StringValue(ctx, DocumentIRI(big.ID), PredText)
			if err != nil {
				t.Fatal(err)
			}
			if got != big.Text {
				t.Errorf("text: read back %d bytes, stored %d", len(got), len(big.Text))
			}
			m, err := model.NewReader(s).Model(ctx)
			if err != nil {
				t.Fatal(err)
			}
			d := m.Document(big.ID)
			if d == nil || d.Text != big.Text || len(d.Measures) != 28 {
				t.Errorf("model of the large document: %v", d)
			}
		})
	}
}
