// Package export writes what a selection of documents says as files for other tools:
// N-Quads, CSV tables, GraphML, GEXF and an SVG picture of the coordination network.
package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/policykg/policykg/analysis"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// Format is a file format the graph can be exported in.
type Format string

// Export formats. N-Quads carries the store's quads; GraphML, GEXF and SVG the agency
// network; CSV one of the tables of CSVTables.
const (
	FormatNQuads  Format = "nquads"
	FormatGraphML Format = "graphml"
	FormatGEXF    Format = "gexf"
	FormatCSV     Format = "csv"
	FormatSVG     Format = "svg"
)

// Formats lists every export format.
var Formats = []Format{FormatNQuads, FormatGraphML, FormatGEXF, FormatCSV, FormatSVG}

// ErrUnknownFormat is returned for a format name that is not one of Formats.
var ErrUnknownFormat = errors.New("unknown export format")

// ErrBadRequest marks an export request that cannot be met as asked: an unknown status or
// table, or an option the format does not take.
var ErrBadRequest = errors.New("bad export request")

// ParseFormat returns the format a name stands for.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats {
		if string(f) == strings.ToLower(name) {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("%w %q: use one of %s", ErrUnknownFormat, name, strings.Join(names, ", "))
}

// ContentType is the media type of files in the format.
func (f Format) ContentType() string {
	switch f {
	case FormatNQuads:
		return "application/n-quads; charset=utf-8"
	case FormatGraphML:
		return "application/graphml+xml; charset=utf-8"
	case FormatGEXF:
		return "application/gexf+xml; charset=utf-8"
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatSVG:
		return "image/svg+xml; charset=utf-8"
	}
	return "application/octet-stream"
}

// Extension is the file name extension of the format, with its dot.
func (f Format) Extension() string {
	if f == FormatNQuads {
		return ".nq"
	}
	return "." + string(f)
}

// network tells whether the format draws the agency network.
func (f Format) network() bool { return f == FormatGraphML || f == FormatGEXF || f == FormatSVG }

// Selection chooses the documents an export covers; the fields combine with AND and an
// empty field matches every document.
type Selection struct {
	// Document is one document, by its plain or node ID.
	Document string
	// City keeps the documents of one city (with or without 市).
	City string
	// Jurisdiction keeps the documents of one jurisdiction (国家, 山东省, 济宁市, a county;
	// with or without the word for its level).
	Jurisdiction string
	// Statuses keeps the documents of these statuses.
	Statuses []policy.Status
}

// ParseStatuses reads a comma-separated list of document statuses (FINAL, DRAFT, NEWS, in
// any case).
func ParseStatuses(list string) ([]policy.Status, error) {
	var out []policy.Status
	for _, s := range strings.Split(list, ",") {
		st := policy.Status(strings.ToUpper(strings.TrimSpace(s)))
		switch st {
		case policy.StatusFinal, policy.StatusDraft, policy.StatusNews:
			out = appendOnce(out, st)
		default:
			return nil, fmt.Errorf("%w: status %q: use FINAL, DRAFT or NEWS, or several separated by commas", ErrBadRequest, s)
		}
	}
	return out, nil
}

// Request says what to export and how.
type Request struct {
	Format Format
	Selection
	// Table is the CSV table (CSVTables); "" is responsibilities.
	Table CSVTable
	// BOM starts a CSV file with a byte order mark, which Excel on Windows needs to read
	// UTF-8.
	BOM bool
}

// check refuses options the format does not take.
func (req Request) check() error {
	if _, err := ParseFormat(string(req.Format)); err != nil {
		return err
	}
	if req.Format != FormatCSV && (req.Table != "" || req.BOM) {
		return fmt.Errorf("%w: table and bom apply to the csv format only", ErrBadRequest)
	}
	if req.Table != "" {
		if _, err := ParseCSVTable(string(req.Table)); err != nil {
			return err
		}
	}
	return nil
}

// aggregate tells whether the export adds documents up (a network, the agencies table): a
// draft and its final text would then count twice, so unless a document or statuses are
// named such an export covers final texts only.
func (req Request) aggregate() bool {
	return req.Format.network() || req.Format == FormatCSV && req.Table == CSVAgencies
}

// Models gives the current read model (a model.Reader does).
type Models interface {
	Model(ctx context.Context) (*model.Model, error)
}

// Exporter writes exports of a store and of the models read from it.
type Exporter struct {
	Store  *graph.Store
	Models Models
}

// Export writes the documents a request selects in its format. N-Quads are read from the
// store; the other formats from the current model. The network formats leave IMPLEMENTER
// bodies out, as Coordination does by default.
func (x Exporter) Export(ctx context.Context, w io.Writer, req Request) error {
	if err := req.check(); err != nil {
		return err
	}
	m, err := x.Models.Model(ctx)
	if err != nil {
		return fmt.Errorf("export %s: %w", req.Format, err)
	}
	if req.aggregate() && req.Document == "" && len(req.Statuses) == 0 {
		req.Statuses = []policy.Status{policy.StatusFinal}
	}
	docs, err := Select(m, req.Selection)
	if err != nil {
		return fmt.Errorf("export %s: %w", req.Format, err)
	}
	switch req.Format {
	case FormatNQuads:
		var ids []string
		if req.Selection.Document != "" || req.City != "" || req.Jurisdiction != "" || len(req.Statuses) > 0 {
			ids = make([]string, len(docs))
			for i, d := range docs {
				ids[i] = d.ID
			}
		}
		return x.Store.WriteNQuads(ctx, w, ids)
	case FormatCSV:
		return writeCSV(ctx, w, docs, req.Table, req.BOM)
	}
	var measures []*model.Measure
	for _, d := range docs {
		measures = append(measures, d.Measures...)
	}
	net, err := analysis.NetworkOf(ctx, measures, false)
	if err != nil {
		return fmt.Errorf("export %s: %w", req.Format, err)
	}
	title := selectionTitle(m, req.Selection)
	switch req.Format {
	case FormatGraphML:
		return WriteGraphML(w, net, title)
	case FormatGEXF:
		return WriteGEXF(w, net, title)
	default:
		return WriteSVG(w, net, title)
	}
}

// Select lists the documents a selection covers, in ID order; a named document that is
// not in the graph is ErrNotFound.
func Select(m *model.Model, sel Selection) ([]*model.Document, error) {
	var docs []*model.Document
	if sel.Document != "" {
		d := m.Document(sel.Document)
		if d == nil {
			return nil, graph.DocumentNotFound(sel.Document)
		}
		docs = []*model.Document{d}
	} else {
		docs = m.Documents
	}
	var out []*model.Document
	for _, d := range docs {
		if (sel.City == "" || model.SameCity(d.City, sel.City)) && (sel.Jurisdiction == "" || model.SameJurisdiction(d.Jurisdiction, sel.Jurisdiction)) &&
			(len(sel.Statuses) == 0 || slices.Contains(sel.Statuses, d.Status)) {
			out = append(out, d)
		}
	}
	return out, nil
}

// selectionTitle names what a network export shows: its document's title, or the graph
// and the filters applied.
func selectionTitle(m *model.Model, sel Selection) string {
	if sel.Document != "" {
		return m.Document(sel.Document).Title
	}
	parts := []string{"policykg：全部文档"}
	for _, p := range []string{sel.Jurisdiction, sel.City} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, s := range sel.Statuses {
		parts = append(parts, string(s))
	}
	return strings.Join(parts, " · ")
}
