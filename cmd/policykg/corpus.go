package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/policykg/policykg/bench/corpus"
)

// corpusCmd writes a synthetic corpus for benchmarks and scale tests.
func corpusCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("corpus", "corpus --n N [--seed S] --out DIR", stderr)
	n := fs.Int("n", 100, "number of documents to write")
	seed := fs.Uint64("seed", 1, "seed: the same seed writes the same corpus")
	out := fs.String("out", "", "folder to write the documents, manifest.json and "+corpus.TruthName+" (the ground truth) into")
	namesDir := namesFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("corpus takes no arguments, got %q", pos)
	}
	if *out == "" {
		fs.Usage()
		return errors.New("corpus needs --out DIR")
	}
	if *n < 1 {
		return fmt.Errorf("--n must be at least 1, got %d", *n)
	}
	names, err := nameTables(*namesDir)
	if err != nil {
		return err
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
