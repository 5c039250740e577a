package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
)

// isNQuads tells whether a file is an N-Quads export (.nq, .nquads), which load imports
// as quads instead of reading it as a policy document.
func isNQuads(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".nq" || ext == ".nquads"
}

// hasNQuads tells whether paths name or hold an N-Quads file. A path that cannot be read
// answers false: the ordinary load then reports it.
func hasNQuads(paths []string) bool {
	files, err := loader.Files(paths)
	return err == nil && slices.ContainsFunc(files, isNQuads)
}

// loadWithQuads loads files and folders some of which are N-Quads exports: the policy
// documents are parsed, the N-Quads read and checked, all before anything is written, and
// then everything is written in one transaction — a bad file leaves the store as it was.
func loadWithQuads(ctx context.Context, store *graph.Store, paths []string, names *loader.Names, log *slog.Logger) error {
	start := time.Now()
	files, err := loader.Files(paths)
	if err != nil {
		return err
	}
	var quadFiles, docFiles []string
	for _, f := range files {
		if isNQuads(f) {
			quadFiles = append(quadFiles, f)
		} else {
			docFiles = append(docFiles, f)
		}
	}
	dump := graph.NewDump()
	if len(docFiles) > 0 {
		docs, err := names.LoadPaths(ctx, docFiles)
		if err != nil {
			return err
		}
		if err := dump.AddDocuments(docs...); err != nil {
			return err
		}
	}
	for _, p := range quadFiles {
		if err := readQuadFile(dump, p); err != nil {
			return err
		}
	}
	if err := store.Import(ctx, dump); err != nil {
		return err
	}
	log.Info("loaded", "documents", len(dump.Documents()), "nquadsFiles", len(quadFiles), "store", store.URL(), "took", time.Since(start).Round(time.Millisecond).String())
	return nil
}

func readQuadFile(dump *graph.Dump, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	defer f.Close()
	return dump.ReadNQuads(f, path)
}
