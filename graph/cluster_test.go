package graph

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	"github.com/go-sql-driver/mysql"
	"github.com/lib/pq"
)

// TestClusterURL checks which URLs name a cluster and the address of each host.
func TestClusterURL(t *testing.T) {
	tests := []struct {
		url   string
		multi bool
		addrs []string
		err   string
	}{
		{url: "mysql://u:p@127.0.0.1:3311,127.0.0.1:3312,127.0.0.1:3313/kg", multi: true, addrs: []string{
			"u:p@tcp(127.0.0.1:3311)/kg?timeout=5s&wsrep_sync_wait=1",
			"u:p@tcp(127.0.0.1:3312)/kg?timeout=5s&wsrep_sync_wait=1",
			"u:p@tcp(127.0.0.1:3313)/kg?timeout=5s&wsrep_sync_wait=1",
		}},
		{url: "mysql://u:p@[::1]:3311,[::1]:3312/kg?tls=true", multi: true, addrs: []string{
			"u:p@tcp([::1]:3311)/kg?timeout=5s&tls=true&wsrep_sync_wait=1",
			"u:p@tcp([::1]:3312)/kg?timeout=5s&tls=true&wsrep_sync_wait=1",
		}},
		{url: "postgres://u:p@primary:5432,standby:5433/kg?sslmode=disable", multi: true, addrs: []string{
			"postgres://u:p@primary:5432/kg?connect_timeout=5&sslmode=disable",
			"postgres://u:p@standby:5433/kg?connect_timeout=5&sslmode=disable",
		}},
		{url: "mysql://u:p@127.0.0.1:3311/kg"},
		{url: "postgres://u:p@127.0.0.1/kg"},
		{url: "bolt:data/a,b.db"},
		{url: "mysql://u:p@h1,,h3/kg", err: "empty host"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			if got := multiHost(tt.url); got != tt.multi {
				t.Errorf("multiHost = %v, want %v", got, tt.multi)
			}
			if !tt.multi && tt.err == "" {
				return
			}
			c, err := newCluster(tt.url)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.addrs, tt.addrs) {
				t.Errorf("addresses:\n got %q\nwant %q", c.addrs, tt.addrs)
			}
			if c.primaryWrites != strings.HasPrefix(tt.url, "postgres") {
				t.Errorf("primaryWrites = %v", c.primaryWrites)
			}
		})
	}
}

// TestHostFailed tells the errors of a failed host from errors any host would give.
func TestHostFailed(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"bad connection", fmt.Errorf("read: %w", driver.ErrBadConn), true},
		{"MariaDB connection lost mid-query", mysql.ErrInvalidConn, true},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true},
		{"connection reset", fmt.Errorf("query: %w", syscall.ECONNRESET), true},
		{"server closed the connection", fmt.Errorf("error executing value lookup: %w", io.ErrUnexpectedEOF), true},
		{"Galera node not in the primary component", &mysql.MySQLError{Number: 1047, Message: "WSREP has not yet prepared node for application use"}, true},
		{"PostgreSQL shutting down", &pq.Error{Code: "57P01"}, true},
		{"PostgreSQL connection failure", &pq.Error{Code: "08006"}, true},
		{"write on a hot standby", &pq.Error{Code: "25006"}, true},
		{"refused, flattened by Cayley", errors.New("sql query failed: dial tcp 127.0.0.1:3311: connect: connection refused\nquery: SELECT subject_hash FROM quads"), true},
		{"lost mid-query, flattened by Cayley", errors.New("sql query failed: invalid connection\nquery: SELECT subject_hash FROM quads"), true},
		{"PostgreSQL gone, flattened by Cayley", errors.New("sql query failed: EOF\nquery: SELECT subject_hash FROM quads"), true},
		{"Galera node not ready, flattened by Cayley", errors.New("sql query failed: Error 1047 (08S01): WSREP has not yet prepared node for application use\nquery: SELECT 1"), true},
		{"syntax error, flattened by Cayley", errors.New("sql query failed: Error 1064 (42000): You have an error in your SQL syntax\nquery: SELECT"), false},
		{"duplicate key", &mysql.MySQLError{Number: 1062}, false},
		{"syntax error", &pq.Error{Code: "42601"}, false},
		{"cancelled", context.Canceled, false},
		{"other", errors.New("decode record: unexpected character"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hostFailed(tt.err); got != tt.want {
				t.Errorf("hostFailed(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestMaskPasswords checks that Cayley's log lines never show a password.
func TestMaskPasswords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Couldn't open database at postgres://postgres:s3cr#t@127.0.0.1:1/db?sslmode=disable: dial",
			"Couldn't open database at postgres://postgres:***@127.0.0.1:1/db?sslmode=disable: dial"},
		{"Couldn't open database at policykg:pa:ss@tcp(127.0.0.1:3311)/kg?timeout=5s: refused",
			"Couldn't open database at policykg:***@tcp(127.0.0.1:3311)/kg?timeout=5s: refused"},
		{"Cannot create nodes table: Error 1050 (42S01): Table 'nodes' already exists",
			"Cannot create nodes table: Error 1050 (42S01): Table 'nodes' already exists"},
	}
	for _, tt := range tests {
		if got := maskPasswords(tt.in); got != tt.want {
			t.Errorf("maskPasswords(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// flakyHost is one host of a cluster whose hosts share one memstore, as Galera nodes share
// their data; it fails as a host that went away does.
type flakyHost struct {
	cgraph.QuadStore
	readsFail  bool
	writesFail bool
	commits    bool // a failing write is committed before the connection is lost
	writes     int  // ApplyDeltas calls that reached the data
}

func (h *flakyHost) ValueOf(v quad.Value) (cgraph.Ref, error) {
	if h.readsFail {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return h.QuadStore.ValueOf(v)
}

func (h *flakyHost) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	if h.writesFail && !h.commits {
		return syscall.ECONNRESET
	}
	h.writes++
	if err := h.QuadStore.ApplyDeltas(in, opts); err != nil || !h.writesFail {
		return err
	}
	return mysql.ErrInvalidConn
}

// FlakyCluster is a store on a two-host MariaDB cluster over one memory store whose first
// host fails as a test tells it to (TestClusterMoves).
type FlakyCluster struct {
	Store         *Store
	first, second *flakyHost
	c             *cluster
}

// NewFlakyCluster opens the cluster on its first host; commits tells whether that host
// commits a failing write before it loses its connection.
func NewFlakyCluster(ctx context.Context, commits bool) (*FlakyCluster, error) {
	data := memstore.New()
	first, second := &flakyHost{QuadStore: data, commits: commits}, &flakyHost{QuadStore: data}
	c := &cluster{backend: "mysql", hosts: []string{"node1:3306", "node2:3306"}, addrs: []string{"", ""},
		stores: []cgraph.QuadStore{first, second}}
	if _, err := c.move(ctx, nil, false); err != nil {
		return nil, err
	}
	s := &Store{url: "mysql://u:p@node1:3306,node2:3306/kg", qs: c, cluster: c}
	return &FlakyCluster{Store: s, first: first, second: second, c: c}, nil
}

// FailFirstReads makes the first host refuse reads.
func (f *FlakyCluster) FailFirstReads() { f.first.readsFail = true }

// BackOnFirst sends reads to the first host again, which now reads but loses its
// connection on writing.
func (f *FlakyCluster) BackOnFirst() {
	f.first.readsFail, f.first.writesFail, f.first.writes = false, true, 0
	f.c.reads.Store(&member{i: 0, qs: f.first})
}

// SecondWrites counts the writes that reached the data through the second host.
func (f *FlakyCluster) SecondWrites() int { return f.second.writes }
