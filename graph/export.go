package graph

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Format is a file format the graph can be exported in.
type Format string

// Export formats. N-Quads carries the store's quads; GraphML, GEXF and SVG the agency
// network; CSV one row per responsibility.
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

// Export writes the whole graph, or one document when document (a plain or node ID) is
// not "", in a format. N-Quads are read from the store; the other formats from the model
// of the store as it is now. The network formats leave IMPLEMENTER bodies out, as
// Coordination does by default.
func (r *Reader) Export(ctx context.Context, w io.Writer, f Format, document string) error {
	if _, err := ParseFormat(string(f)); err != nil {
		return err
	}
	m, err := r.Model(ctx)
	if err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	title := "policykg：全部文档"
	if document != "" {
		d := m.Document(document)
		if d == nil {
			return fmt.Errorf("export %s: %w", f, DocumentNotFound(document))
		}
		document, title = d.ID, d.Title
	}
	switch f {
	case FormatNQuads:
		return r.store.WriteNQuads(ctx, w, document)
	case FormatCSV:
		return m.WriteCSV(w, document)
	}
	net, err := m.Coordination(NetworkScope{Document: document})
	if err != nil {
		return fmt.Errorf("export %s: %w", f, err)
	}
	switch f {
	case FormatGraphML:
		return net.WriteGraphML(w, title)
	case FormatGEXF:
		return net.WriteGEXF(w, title)
	default:
		return net.WriteSVG(w, title)
	}
}

// csvHeader names the columns of the CSV export.
var csvHeader = []string{"document", "measure_id", "number", "title", "agency", "city", "kind", "role", "position"}

// WriteCSV writes one row per responsibility — every agency of every measure with its
// role, IMPLEMENTER included — of one document, or of all when document is "", in
// document and measure order. The file is plain UTF-8 with a header row.
func (m *Model) WriteCSV(w io.Writer, document string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	measures, err := m.FilterMeasures(MeasureFilter{Document: document})
	if err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	for _, mv := range measures {
		for _, r := range mv.Responsibilities {
			row := []string{
				mv.Document.ID, mv.NodeID, mv.Number, mv.Title,
				r.Agency.Name, r.Agency.City, r.Agency.Kind, string(r.Role), strconv.Itoa(r.Position),
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("export csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}
