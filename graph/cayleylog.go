package graph

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"regexp"

	"github.com/cayleygraph/cayley/clog"
)

// Cayley logs through its own clog package, by default to stderr and with the database
// address as given, password included ("Couldn't open database at postgres://u:secret@…").
// Every error it logs is also returned to policykg, which reports it in context, so a
// program hands clog a CayleyLogger (clog.SetLogger(graph.CayleyLogger(log))), which
// writes Cayley's lines at debug level with passwords masked.

// CayleyLogger returns a clog.Logger writing to log at debug level (errors that end the
// process at error level), passwords masked.
func CayleyLogger(log *slog.Logger) clog.Logger { return &cayleyLog{log: log} }

// urlPassword and dsnPassword find the password of a URL (scheme://user:pass@) and of a
// go-sql-driver DSN (user:pass@tcp(…)).
var (
	urlPassword = regexp.MustCompile(`(://[^:/@\s]*:)[^@\s]*@`)
	dsnPassword = regexp.MustCompile(`((?:^|\s)[^:/@\s]+:)[^@\s]*(@(?:tcp|unix)\()`)
)

// maskPasswords hides every password in a log line.
func maskPasswords(s string) string {
	s = urlPassword.ReplaceAllString(s, "${1}***@")
	return dsnPassword.ReplaceAllString(s, "${1}***${2}")
}

// cayleyLog is a clog.Logger writing to slog.
type cayleyLog struct {
	log *slog.Logger
	v   int
}

func (l *cayleyLog) write(level slog.Level, format string, args ...any) {
	if !l.log.Enabled(context.Background(), level) {
		return
	}
	l.log.Log(context.Background(), level, maskPasswords(fmt.Sprintf(format, args...)), "from", "cayley")
}

func (l *cayleyLog) Infof(format string, args ...any)    { l.write(slog.LevelDebug, format, args...) }
func (l *cayleyLog) Warningf(format string, args ...any) { l.write(slog.LevelDebug, format, args...) }
func (l *cayleyLog) Errorf(format string, args ...any)   { l.write(slog.LevelDebug, format, args...) }

// Fatalf keeps clog's meaning: log, then end the process.
func (l *cayleyLog) Fatalf(format string, args ...any) {
	l.write(slog.LevelError, format, args...)
	os.Exit(1)
}

func (l *cayleyLog) V(level int) bool { return level <= l.v }
func (l *cayleyLog) SetV(level int)   { l.v = level }
