package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/policykg/policykg/export"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
)

// exportCmd writes the graph, or one document, in a file format.
func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "export --format F [--document ID] [--city C] [--jurisdiction J] [--status S] [--table T] [--bom] [--store URL] [--load PATH]... [--out FILE]", stderr)
	format := fs.String("format", "", "nquads, graphml, gexf, csv or svg (default: from the --out file's extension)")
	document := fs.String("document", "", "export one document, by ID, instead of the whole graph")
	city := fs.String("city", "", "export the documents of one city")
	jurisdiction := fs.String("jurisdiction", "", "export the documents of one jurisdiction: 国家, a province (山东省), a city (济宁市) or a county")
	status := fs.String("status", "", "export the documents of these statuses: FINAL, DRAFT, NEWS, or several separated by commas (networks and the agencies table: FINAL unless a document or statuses are given)")
	table := fs.String("table", "", "csv: the table to write, responsibilities (default), measures, agencies, targets or observations")
	bom := fs.Bool("bom", false, "csv: start the file with a UTF-8 byte order mark, for Excel on Windows")
	url := fs.String("store", graph.DefaultURL, "graph store: bolt:PATH, memory or postgres://…")
	out := fs.String("out", "", "file to write (default: standard output)")
	var load paths
	fs.Var(&load, "load", "file or folder to load before exporting (repeatable)")
	namesDir := namesFlag(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("export takes no arguments, got %q", pos)
	}
	f, err := exportFormat(*format, *out)
	if err != nil {
		fs.Usage()
		return err
	}
	req := export.Request{Format: f, Selection: export.Selection{Document: *document, City: *city, Jurisdiction: *jurisdiction}, Table: export.CSVTable(*table), BOM: *bom}
	if *status != "" {
		if req.Statuses, err = export.ParseStatuses(*status); err != nil {
			return err
		}
	}
	names, err := nameTables(*namesDir)
	if err != nil {
		return err
	}
	store, err := openAndLoad(ctx, *url, load, names, slog.New(slog.NewTextHandler(stderr, nil)), graph.ReadMostly())
	if err != nil {
		return err
	}
	defer store.Close()
	reader := model.NewReader(store, model.WithLogger(warnings(stderr)), model.WithIndicatorNames(names.IndicatorName))
	defer reader.Close()
	ex := export.Exporter{Store: store, Models: reader}
	if *out == "" {
		return ex.Export(ctx, stdout, req)
	}
	return writeFileAtomically(*out, func(w io.Writer) error { return ex.Export(ctx, w, req) })
}

// exportFormat is the format --format names, or else the one the --out file's extension says.
func exportFormat(name, out string) (export.Format, error) {
	if name != "" {
		return export.ParseFormat(name)
	}
	ext := strings.ToLower(filepath.Ext(out))
	if isNQuads(out) {
		return export.FormatNQuads, nil
	}
	for _, f := range export.Formats {
		if ext != "" && f.Extension() == ext {
			return f, nil
		}
	}
	return "", errors.New("export needs --format nquads, graphml, gexf, csv or svg")
}

// writeFileAtomically writes a file through a temporary one renamed into place, so that
// a failed export leaves no half-written file behind.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
