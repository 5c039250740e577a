// Command quads writes the N-Quads that loading a corpus into policykg writes, without a
// store: the benchmark gives the same quads to `cayley load`. It reads the folders the
// way `policykg load` does and writes what graph.Dump writes for them.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
)

func main() {
	out := flag.String("out", "", "file to write the N-Quads to")
	flag.Parse()
	if err := run(context.Background(), *out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "quads:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out string, paths []string) error {
	if out == "" || len(paths) == 0 {
		return errors.New("usage: quads --out FILE PATH")
	}
	docs, err := loader.DefaultNames().LoadPaths(ctx, paths)
	if err != nil {
		return err
	}
	dump := graph.NewDump()
	if err := dump.AddDocuments(docs...); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := dump.WriteNQuads(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
