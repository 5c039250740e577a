package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	"github.com/go-sql-driver/mysql"
	"github.com/lib/pq"
)

// A store URL with several hosts (mysql://user:pass@h1:p1,h2:p2,h3:p3/db, and the same
// for postgres://) names a cluster holding one graph: a MariaDB Galera cluster, where every
// node takes reads and writes, or a PostgreSQL primary with hot standbys, where reads go to
// any host and writes to the primary. The store works on one live host at a time; when that
// host fails it moves to the next live one and runs the failed operation again there, once
// per host at most. Hosts are tried in the order the URL gives them.

// cluster is a Cayley QuadStore over the hosts of a cluster URL.
type cluster struct {
	backend string
	hosts   []string // host:port, for messages
	addrs   []string // the backend address of each host
	// primaryWrites sends writes to the one host that accepts them (PostgreSQL).
	primaryWrites bool

	mu     sync.Mutex // serialises moves and guards stores
	stores []cgraph.QuadStore
	reads  atomic.Pointer[member]
	writes atomic.Pointer[member]
}

// member is one host of the cluster with its open quad store.
type member struct {
	i  int
	qs cgraph.QuadStore
}

// multiHost reports whether a store URL names several hosts.
func multiHost(raw string) bool {
	if !strings.HasPrefix(raw, "mysql://") && !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return false
	}
	_, hosts, _, err := splitHosts(raw)
	return err == nil && len(hosts) > 1
}

// splitHosts cuts scheme://[userinfo@]h1,h2,…/rest into its prefix, hosts and rest: the
// standard URL parser takes neither several hosts nor several bracketed IPv6 hosts.
func splitHosts(raw string) (prefix string, hosts []string, rest string, err error) {
	i := strings.Index(raw, "://")
	if i < 0 {
		return "", nil, "", fmt.Errorf("store %q is not a URL", redact(raw))
	}
	auth := raw[i+3:]
	end := strings.IndexAny(auth, "/?")
	if end < 0 {
		end = len(auth)
	}
	prefix, rest = raw[:i+3], auth[end:]
	auth = auth[:end]
	if at := strings.LastIndex(auth, "@"); at >= 0 {
		prefix += auth[:at+1]
		auth = auth[at+1:]
	}
	for _, h := range strings.Split(auth, ",") {
		if h == "" {
			return "", nil, "", fmt.Errorf("store %q: empty host in the host list", redact(raw))
		}
		hosts = append(hosts, h)
	}
	return prefix, hosts, rest, nil
}

// newCluster parses a cluster URL into one backend address per host.
func newCluster(raw string) (*cluster, error) {
	prefix, hosts, rest, err := splitHosts(raw)
	if err != nil {
		return nil, err
	}
	c := &cluster{hosts: hosts, stores: make([]cgraph.QuadStore, len(hosts))}
	for _, h := range hosts {
		one := prefix + h + rest
		backend, addr, err := parseURL(one)
		if err != nil {
			return nil, err
		}
		switch backend {
		case "postgres":
			addr, err = withParam(addr, "connect_timeout", "5")
			if err != nil {
				return nil, err
			}
			c.primaryWrites = true
		case "mysql":
		default:
			return nil, fmt.Errorf("store %s: several hosts work with mysql:// and postgres:// only", redact(raw))
		}
		c.backend = backend
		c.addrs = append(c.addrs, addr)
	}
	return c, nil
}

// withParam adds a query parameter to a URL unless it is there already.
func withParam(raw, key, value string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("store %s: %w", redact(raw), err)
	}
	q := u.Query()
	if q.Get(key) == "" {
		q.Set(key, value)
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// openCluster opens a store on the first live host of a cluster URL.
func openCluster(ctx context.Context, raw string) (*Store, error) {
	c, err := newCluster(raw)
	if err != nil {
		return nil, err
	}
	if _, err := c.move(ctx, nil, false); err != nil {
		c.Close()
		return nil, fmt.Errorf("open store %s: %w", redact(raw), err)
	}
	return &Store{url: raw, qs: c, cluster: c}, nil
}

// Host is the host:port the store reads from now, or "" for a store of one host.
func (s *Store) Host() string {
	if s.cluster == nil {
		return ""
	}
	if m := s.cluster.reads.Load(); m != nil {
		return s.cluster.hosts[m.i]
	}
	return ""
}

// read runs a read against the store. On a cluster, when the host it ran on fails, the
// store moves to the next live host and runs it again there.
func (s *Store) read(ctx context.Context, op func(qs cgraph.QuadStore) error) error {
	if s.cluster == nil {
		if s.unshared != nil {
			s.unshared.RLock()
			defer s.unshared.RUnlock()
		}
		return op(s.qs)
	}
	return s.cluster.run(ctx, false, op)
}

// slot is where the host for reads or for writes is kept.
func (c *cluster) slot(write bool) *atomic.Pointer[member] {
	if write && c.primaryWrites {
		return &c.writes
	}
	return &c.reads
}

// run runs op on the current host, moving on and running it again while hosts fail: at
// most once per host.
func (c *cluster) run(ctx context.Context, write bool, op func(qs cgraph.QuadStore) error) error {
	m := c.slot(write).Load()
	if m == nil {
		var err error
		if m, err = c.move(ctx, nil, write); err != nil {
			return err
		}
	}
	for tries := 1; ; tries++ {
		err := op(m.qs)
		if err == nil || ctx.Err() != nil || !hostFailed(err) || tries >= len(c.hosts) {
			return err
		}
		next, merr := c.move(ctx, m, write)
		if merr != nil {
			return fmt.Errorf("%w (%w)", err, merr)
		}
		slog.Warn("store host failed; retrying on the next", "failed", c.hosts[m.i], "next", c.hosts[next.i], "err", err.Error())
		m = next
	}
}

// move leaves the host from (nil: none yet) for the next live one. Concurrent callers that
// saw the same host fail move once: the others take the host the first one found.
func (c *cluster) move(ctx context.Context, from *member, write bool) (*member, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	slot := c.slot(write)
	if now := slot.Load(); now != from && now != nil {
		return now, nil
	}
	start := 0
	if from != nil {
		start = from.i + 1
	}
	var errs []error
	for k := range len(c.hosts) {
		i := (start + k) % len(c.hosts)
		qs, err := c.open(ctx, i)
		if err == nil && write && c.primaryWrites {
			err = isPrimary(ctx, c.addrs[i])
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.hosts[i], err))
			continue
		}
		m := &member{i: i, qs: qs}
		slot.Store(m)
		return m, nil
	}
	what := "live host"
	if write && c.primaryWrites {
		what = "primary"
	}
	return nil, fmt.Errorf("no %s among %s: %w", what, strings.Join(c.hosts, ","), errors.Join(errs...))
}

// open returns the quad store of host i, connecting the first time. A store once opened is
// kept: the database/sql pool under it reconnects by itself when its host is back.
func (c *cluster) open(ctx context.Context, i int) (cgraph.QuadStore, error) {
	if qs := c.stores[i]; qs != nil {
		return qs, nil
	}
	qs, err := openBackend(ctx, c.backend, c.addrs[i])
	if err != nil {
		return nil, err
	}
	c.stores[i] = qs
	return qs, nil
}

// isPrimary fails unless the PostgreSQL server at addr accepts writes.
func isPrimary(ctx context.Context, addr string) error {
	db, err := sql.Open("postgres", addr)
	if err != nil {
		return err
	}
	defer db.Close()
	var standby bool
	if err := db.QueryRowContext(ctx, "SELECT pg_is_in_recovery()").Scan(&standby); err != nil {
		return err
	}
	if standby {
		return errors.New("a hot standby: read-only")
	}
	return nil
}

// hostFailed tells a failed host (connection lost or refused, server going down, a Galera
// node outside the primary component, a PostgreSQL standby asked to write) from an error
// that another host would give as well.
func hostFailed(err error) bool {
	for _, target := range []error{driver.ErrBadConn, mysql.ErrInvalidConn, io.EOF, io.ErrUnexpectedEOF,
		syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED, syscall.EPIPE, syscall.EHOSTUNREACH, syscall.ENETUNREACH} {
		if errors.Is(err, target) {
			return true
		}
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1047, // WSREP has not yet prepared node for application use
			1053, // server shutdown in progress
			1927: // connection was killed
			return true
		}
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch {
		case pe.Code.Class() == "08", // connection exception
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutting down, starting up
			pe.Code == "25006": // read-only transaction: a standby
			return true
		}
	}
	// Cayley's SQL iterator flattens the driver's error into its message ("sql query
	// failed: %v"), so the same failures are recognised by their words too.
	msg := err.Error()
	for _, sign := range hostFailureWords {
		if strings.Contains(msg, sign) {
			return true
		}
	}
	return false
}

// hostFailureWords are what the errors hostFailed recognises by type say.
var hostFailureWords = []string{
	"connection refused", "connection reset by peer", "broken pipe", "i/o timeout",
	"no route to host", "network is unreachable", "driver: bad connection", "invalid connection",
	"unexpected EOF", "failed: EOF",
	"Error 1047 ", "Error 1053 ", "Error 1927 ",
	"the database system is shutting down", "the database system is starting up",
	"terminating connection due to administrator command", "in a read-only transaction",
}

// ApplyDeltas writes on the write host, as apply does, for Cayley's interface (which has
// no context); policykg's own writes call apply.
func (c *cluster) ApplyDeltas(in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	return c.apply(context.Background(), in, opts)
}

// apply writes on the write host. When that host fails during the write, the transaction
// may or may not have been committed; the store's new version, which every policykg write
// carries, tells which on the next host, and only a write that did not happen is applied
// again.
func (c *cluster) apply(ctx context.Context, in []cgraph.Delta, opts cgraph.IgnoreOpts) error {
	first := true
	return c.run(ctx, true, func(qs cgraph.QuadStore) error {
		if !first {
			if done, err := applied(ctx, qs, in); err != nil || done {
				return err
			}
		}
		first = false
		return qs.ApplyDeltas(in, opts)
	})
}

// applied reports whether the store version a transaction adds is in qs already.
func applied(ctx context.Context, qs cgraph.QuadStore, in []cgraph.Delta) (bool, error) {
	for _, d := range in {
		if d.Action != cgraph.Add || d.Quad.Subject != storeNode || d.Quad.Predicate != PredVersion {
			continue
		}
		have, err := quadsIn(ctx, qs, quad.Subject, storeNode)
		if err != nil {
			return false, err
		}
		for _, q := range have {
			if q == d.Quad {
				return true, nil
			}
		}
		return false, nil
	}
	return false, nil
}

// current is the quad store reads go to now.
func (c *cluster) current() cgraph.QuadStore { return c.reads.Load().qs }

// The rest of cgraph.QuadStore goes to the current host as it is.

func (c *cluster) ValueOf(v quad.Value) (cgraph.Ref, error) { return c.current().ValueOf(v) }
func (c *cluster) NameOf(r cgraph.Ref) (quad.Value, error)  { return c.current().NameOf(r) }
func (c *cluster) Quad(r cgraph.Ref) (quad.Quad, error)     { return c.current().Quad(r) }
func (c *cluster) QuadIterator(d quad.Direction, r cgraph.Ref) iterator.Shape {
	return c.current().QuadIterator(d, r)
}
func (c *cluster) QuadIteratorSize(ctx context.Context, d quad.Direction, r cgraph.Ref) (refs.Size, error) {
	return c.current().QuadIteratorSize(ctx, d, r)
}
func (c *cluster) QuadDirection(r cgraph.Ref, d quad.Direction) (cgraph.Ref, error) {
	return c.current().QuadDirection(r, d)
}
func (c *cluster) Stats(ctx context.Context, exact bool) (cgraph.Stats, error) {
	return c.current().Stats(ctx, exact)
}
func (c *cluster) NewQuadWriter() (quad.WriteCloser, error) { return c.current().NewQuadWriter() }
func (c *cluster) NodesAllIterator() iterator.Shape         { return c.current().NodesAllIterator() }
func (c *cluster) QuadsAllIterator() iterator.Shape         { return c.current().QuadsAllIterator() }

// Close closes every host's store.
func (c *cluster) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for i, qs := range c.stores {
		if qs != nil {
			errs = append(errs, qs.Close())
			c.stores[i] = nil
		}
	}
	return errors.Join(errs...)
}
