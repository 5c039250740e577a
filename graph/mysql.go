package graph

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/cayleygraph/cayley/graph/sql/mysql" // MariaDB and Galera
	"github.com/go-sql-driver/mysql"
)

// mysqlDialTimeout bounds how long connecting to a MariaDB host may take, so a host that
// does not answer costs seconds before the next one is tried, not a TCP time-out.
const mysqlDialTimeout = 5 * time.Second

// mysqlDSN turns a mysql:// URL naming one host into the DSN of go-sql-driver/mysql
// (user:pass@tcp(host:port)/db?params). Query parameters pass through: the driver's own
// (tls, readTimeout, …) and session variables. Unless the URL says otherwise, sessions set
// wsrep_sync_wait=1: on a Galera node a read then waits for every write the cluster has
// committed, so a document loaded through one node is seen at once through another.
// MariaDB without Galera accepts the variable and ignores it.
func mysqlDSN(u *url.URL) (string, error) {
	db := strings.TrimPrefix(u.EscapedPath(), "/")
	if db == "" || u.Host == "" {
		return "", fmt.Errorf("store %s: name a host and a database, as in mysql://user:pass@host:3306/policykg", redact(u.String()))
	}
	host := u.Host
	if u.Port() == "" {
		host += ":3306"
	}
	cfg, err := mysql.ParseDSN("tcp(" + host + ")/" + db + "?" + u.RawQuery)
	if err != nil {
		return "", fmt.Errorf("store %s: %w", redact(u.String()), err)
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	if cfg.Timeout == 0 {
		cfg.Timeout = mysqlDialTimeout
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	if _, ok := cfg.Params["wsrep_sync_wait"]; !ok {
		cfg.Params["wsrep_sync_wait"] = "1"
	}
	return cfg.FormatDSN(), nil
}

// initMySQL creates Cayley's tables in a MariaDB database unless they exist (Cayley's own
// check logs an error for tables made before), then checks and adapts them. Cayley declares
// node values TEXT, which MariaDB caps at 65,535 bytes: a document's text and its packed
// record are single values and outgrow that (a 30,000-character plan is about 90 KB in
// UTF-8), so the column becomes LONGTEXT. Chinese text needs the tables in utf8mb4.
// Cayley's unique index on triples goes too: see below.
func initMySQL(ctx context.Context, dsn string) error {
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var tables int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('nodes', 'quads')`).Scan(&tables)
	if err != nil {
		return fmt.Errorf("look for the tables: %w", err)
	}
	if tables < 2 {
		if err := initStore("mysql", dsn); err != nil {
			return err
		}
	}
	var typ, charset sql.NullString
	err = db.QueryRowContext(ctx, `SELECT DATA_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'nodes' AND COLUMN_NAME = 'value_string'`).Scan(&typ, &charset)
	if err != nil {
		return fmt.Errorf("read the schema of table nodes: %w", err)
	}
	if charset.String != "utf8mb4" {
		return fmt.Errorf("table nodes stores text as %q, which cannot hold every Chinese character: drop tables quads and nodes and create the database with CHARACTER SET utf8mb4", charset.String)
	}
	if typ.String != "longtext" {
		if _, err := db.ExecContext(ctx, `ALTER TABLE nodes MODIFY value_string LONGTEXT`); err != nil {
			return fmt.Errorf("widen nodes.value_string to LONGTEXT: %w", err)
		}
	}
	// Without partial indexes, Cayley makes (subject, predicate, object) unique whatever the
	// label, so the second document describing a shared node (an agency, an indicator) would
	// have its quads dropped as duplicates. Quads stay unique per label through spol_unique.
	var spo int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.STATISTICS
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'quads' AND INDEX_NAME = 'spo_unique'`).Scan(&spo)
	if err != nil {
		return fmt.Errorf("read the indexes of table quads: %w", err)
	}
	if spo > 0 {
		if _, err := db.ExecContext(ctx, `DROP INDEX spo_unique ON quads`); err != nil {
			return fmt.Errorf("let quads of several documents share a triple: %w", err)
		}
	}
	return nil
}
