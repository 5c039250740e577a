// Command policykg loads Chinese policy documents into a knowledge graph and answers
// GraphQL over it. All wiring lives here; no inner package reads flags or globals.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/cayleygraph/cayley/clog"
	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/graph"
)

const usage = `policykg — a knowledge graph of Chinese policy documents, answered over GraphQL.

Usage:
  policykg serve   [--store URL] [--addr :8080] [--load PATH]... [--write-token T]
                                                                     GraphQL at /graphql, the workbench at /, GraphiQL at /graphiql;
                                                                     uploads with the token
  policykg load    [--store URL] [--token T] PATH...                 load files or folders (documents, .nq exports) into the store,
                                                                     or through the serve that holds it
  policykg extract PATH                                              print the parsed document as JSON, no store
  policykg query   [--store URL] [--load PATH]... QUERY              run one GraphQL query, print the JSON response
  policykg export  --format F [--document ID] [--store URL] [--load PATH]... [--out FILE]
                                                                     the graph or one document as nquads, graphml, gexf, csv or svg

Stores (--store): bolt:PATH (default bolt:data/policykg.db), memory, postgres://user:pass@host:port/db.
The write token may also come from the environment: POLICYKG_WRITE_TOKEN.
Run 'policykg COMMAND --help' for the flags of a command.
`

func main() {
	// The process-wide settings, here and nowhere else: Cayley's log lines (which name
	// database addresses, passwords included) go to slog, masked, at debug level; gin
	// registers routes without printing them.
	clog.SetLogger(graph.CayleyLogger(slog.Default()))
	gin.SetMode(gin.ReleaseMode)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errHelp) {
			fmt.Fprintln(os.Stderr, "policykg:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errHelp reports that help was printed on request.
var errHelp = errors.New("help")

func exitCode(err error) int {
	if errors.Is(err, errHelp) {
		return 0
	}
	return 1
}

// run dispatches a command line; it is main without the process around it, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "load":
		return load(ctx, rest, stdout, stderr)
	case "extract":
		return extract(ctx, rest, stdout, stderr)
	case "query":
		return query(ctx, rest, stdout, stderr)
	case "export":
		return exportCmd(ctx, rest, stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return errHelp
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
