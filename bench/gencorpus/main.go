// Command gencorpus writes a synthetic corpus for benchmarks and scale tests (see package
// bench/corpus): `make corpus` and bench/run.sh run it. It lives beside the benchmark,
// not in the policykg command, so that the product does not carry the generator.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/policykg/policykg/bench/corpus"
	"github.com/policykg/policykg/loader"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

// run is main without the process around it, for tests.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gencorpus --n N [--seed S] [--names DIR] --out DIR\n\nFlags:\n")
		fs.PrintDefaults()
	}
	n := fs.Int("n", 100, "number of documents to write")
	seed := fs.Uint64("seed", 1, "seed: the same seed writes the same corpus")
	out := fs.String("out", "", "folder to write the documents, manifest.json and "+corpus.TruthName+" (the ground truth) into")
	namesDir := fs.String("names", "", "folder with agencies.tsv, institutions.tsv, departments.txt or indicators.tsv extending the built-in name tables")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gencorpus takes no arguments, got %q", fs.Args())
	}
	if *out == "" {
		fs.Usage()
		return errors.New("gencorpus needs --out DIR")
	}
	if *n < 1 {
		return fmt.Errorf("--n must be at least 1, got %d", *n)
	}
	names := loader.DefaultNames()
	if *namesDir != "" {
		if err := names.ExtendFrom(*namesDir); err != nil {
			return err
		}
	}
	truth, err := corpus.New(*seed, names).Write(ctx, *out, *n)
	if err != nil {
		return err
	}
	measures := 0
	for _, d := range truth.Documents {
		measures += len(d.Measures)
	}
	fmt.Fprintf(stdout, "wrote %d documents (%d measures) to %s, seed %d\n", len(truth.Documents), measures, *out, *seed)
	return nil
}
