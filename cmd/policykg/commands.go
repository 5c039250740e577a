package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/policykg/policykg/api"
	"github.com/policykg/policykg/export"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/pace"
	"github.com/policykg/policykg/schema"
)

// paths is a repeatable --load flag.
type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(v string) error { *p = append(*p, v); return nil }

// newFlags returns a flag set that prints its help to stderr and returns errors.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: policykg %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, allowing them after positional arguments too (query --store memory Q).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// nameTables returns the loader's name tables, extended from dir when one is given.
func nameTables(dir string) (*loader.Names, error) {
	n := loader.DefaultNames()
	if dir != "" {
		if err := n.ExtendFrom(dir); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// namesFlag adds --names to a command.
func namesFlag(fs *flag.FlagSet) *string {
	return fs.String("names", "", "folder with agencies.tsv, institutions.tsv, departments.txt or indicators.tsv extending the built-in name tables")
}

// warnings is the log of a one-off command: what went wrong, on stderr, and nothing else.
func warnings(stderr io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// openAndLoad opens the store and loads paths into it.
func openAndLoad(ctx context.Context, url string, load []string, names *loader.Names, log *slog.Logger, opts ...graph.OpenOption) (*graph.Store, error) {
	store, err := graph.Open(ctx, url, opts...)
	if err != nil {
		return nil, err
	}
	if len(load) > 0 {
		if err := loadInto(ctx, store, load, names, log); err != nil {
			store.Close()
			return nil, err
		}
	}
	return store, nil
}

// loadInto parses every file first and writes them in one transaction, so a bad file
// leaves the store as it was.
func loadInto(ctx context.Context, store *graph.Store, load []string, names *loader.Names, log *slog.Logger) error {
	if hasNQuads(load) {
		return loadWithQuads(ctx, store, load, names, log)
	}
	start := time.Now()
	docs, err := names.LoadPaths(ctx, load)
	if err != nil {
		return err
	}
	if err := store.Put(ctx, docs...); err != nil {
		return err
	}
	measures := 0
	for _, d := range docs {
		measures += len(d.Measures)
	}
	log.Info("loaded", "documents", len(docs), "measures", measures, "store", store.URL(), "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "serve [--store URL] [--addr :8080] [--load PATH]...", stderr)
	url := fs.String("store", graph.DefaultURL, "graph store: bolt:PATH, memory, postgres://… or mysql://… (several hosts: h1:p1,h2:p2)")
	addr := fs.String("addr", ":8080", "address to listen on")
	var load paths
	fs.Var(&load, "load", "file or folder to load before serving (repeatable)")
	namesDir := namesFlag(fs)
	sf := addServerFlags(fs)
	memLimit := memoryLimitFlag(fs)
	share := backgroundShareFlag(fs)
	slice := schedSliceFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("serve takes no arguments, got %q (did you mean --load %s?)", pos, pos[0])
	}
	if err := sf.check(); err != nil {
		return err
	}
	if *memLimit < 0 {
		return fmt.Errorf("--memory-limit-mib must not be negative (0 means no limit), got %d", *memLimit)
	}
	if *slice < 0 {
		return fmt.Errorf("--sched-slice must not be negative (0 leaves the kernel's default), got %v", *slice)
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	applyMemoryLimit(*memLimit, log)
	applySchedSlice(*slice, log)
	// Uploads and the builds after them yield to requests once the server answers them;
	// the loads before (--load, the first build) run at full speed.
	var serving atomic.Bool
	pacer, err := pace.New(*share, backgroundOptions(serving.Load)...)
	if err != nil {
		return fmt.Errorf("--background-share: %w", err)
	}
	log.Info("background work", "share_of_a_core", *share, "gomaxprocs", runtime.GOMAXPROCS(0), "gomaxprocs_while_busy", runtime.GOMAXPROCS(0)+backgroundProcs)
	names, err := nameTables(*namesDir)
	if err != nil {
		return err
	}
	store, err := openAndLoad(ctx, *url, load, names, log, graph.ReadMostly(), graph.Paced(pacer))
	if err != nil {
		return err
	}
	defer store.Close()
	sch, err := schema.New(sf.schemaOptions())
	if err != nil {
		return err
	}
	// A rebuild leaves the previous model and what it read as garbage: hand the memory
	// back to the system then rather than keep it until the heap grows again.
	reader := model.NewReader(store, model.WithLogger(log), model.WithIndicatorNames(names.IndicatorName), model.AfterBuild(debug.FreeOSMemory), model.WithPacer(pacer))
	defer reader.Close()
	if _, err := reader.Model(ctx); err != nil {
		return err
	}
	cfg := sf.apiConfig(sch, reader, log)
	cfg.Exports = export.Exporter{Store: store, Models: reader}
	cfg.Writer, cfg.Names, cfg.Pacer = store, names, pacer
	srv, err := api.New(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	// A load of the same embedded store finds the server here and hands it the files.
	if dir := graph.Folder(*url); dir != "" {
		remove, err := api.WriteServerFile(dir, "http://"+reachableAddr(ln.Addr()))
		if err != nil {
			log.Warn("policykg load will not find this server", "err", err)
		} else {
			defer remove()
		}
	}
	// A client gets 30 s to send a request (bodies are small: --max-body-bytes), so slow
	// senders cannot hold connections open for ever.
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	srv.SetReady()
	serving.Store(true)
	log.Info("serving", "addr", ln.Addr().String(), "workbench", "http://"+displayAddr(ln.Addr())+"/", "graphiql", "http://"+displayAddr(ln.Addr())+"/graphiql", "store", store.URL(), "writable", cfg.WriteToken != "")
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return hs.Shutdown(shutdownCtx)
}

// reachableAddr is the address a process on this machine reaches a listener at: the
// loopback address when it listens on every interface.
func reachableAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return a.String()
	}
	ip := tcp.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), strconv.Itoa(tcp.Port))
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	return s
}

func load(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("load", "load [--store URL] [--token TOKEN] PATH...", stderr)
	url := fs.String("store", graph.DefaultURL, "graph store: bolt:PATH, memory, postgres://… or mysql://… (several hosts: h1:p1,h2:p2)")
	token := fs.String("token", "", "write token of a policykg serve that holds the store, to hand it the files (default: $"+writeTokenEnv+")")
	namesDir := namesFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return errors.New("load needs at least one file or folder")
	}
	names, err := nameTables(*namesDir)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	store, err := openAndLoad(ctx, *url, pos, names, log)
	if errors.Is(err, graph.ErrInUse) {
		if *token == "" {
			*token = strings.TrimSpace(os.Getenv(writeTokenEnv))
		}
		return handOff(ctx, handoff{url: *url, paths: pos, token: *token, names: *namesDir, args: args, busy: err}, log)
	}
	if err != nil {
		return err
	}
	return store.Close()
}

func extract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", "extract [--names DIR] PATH", stderr)
	namesDir := namesFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("extract needs exactly one file")
	}
	names, err := nameTables(*namesDir)
	if err != nil {
		return err
	}
	d, err := names.LoadFile(ctx, pos[0])
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(d)
}

func query(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("query", "query [--store URL] [--load PATH]... QUERY", stderr)
	url := fs.String("store", graph.DefaultURL, "graph store: bolt:PATH, memory, postgres://… or mysql://… (several hosts: h1:p1,h2:p2)")
	vars := fs.String("variables", "", "variables of the query as a JSON object")
	var load paths
	fs.Var(&load, "load", "file or folder to load before the query (repeatable)")
	namesDir := namesFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("query needs exactly one GraphQL query")
	}
	req := schema.Request{Query: pos[0]}
	if *vars != "" {
		if err := json.Unmarshal([]byte(*vars), &req.Variables); err != nil {
			return fmt.Errorf("--variables is not a JSON object: %w", err)
		}
	}
	names, err := nameTables(*namesDir)
	if err != nil {
		return err
	}
	store, err := openAndLoad(ctx, *url, load, names, slog.New(slog.NewTextHandler(io.Discard, nil)), graph.ReadMostly())
	if err != nil {
		return err
	}
	defer store.Close()
	sch, err := schema.New(schema.Options{})
	if err != nil {
		return err
	}
	reader := model.NewReader(store, model.WithLogger(warnings(stderr)), model.WithIndicatorNames(names.IndicatorName))
	defer reader.Close()
	res, err := schema.Execute(ctx, sch, reader, req)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("the query has errors: %s", res.Errors[0].Message)
	}
	return nil
}
