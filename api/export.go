package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/export"
	"github.com/policykg/policykg/graph"
)

// Exporter writes the documents an export request selects; export.Exporter is one.
type Exporter interface {
	Export(ctx context.Context, w io.Writer, req export.Request) error
}

// The query parameters of the exports: the selection (document, city, jurisdiction,
// status) on every one, and the CSV options on /export/csv.
var (
	selectionParams = []string{"document", "city", "jurisdiction", "status"}
	csvParams       = []string{"table", "bom"}
)

// exportRoutes registers the file exports: GET /export/{format}?document=ID&city=&jurisdiction=&status=
// (and table= and bom= for CSV) for N-Quads, GraphML, GEXF, CSV and SVG, and GET
// /network.svg with the same selection, the picture of the agency network shown in the
// browser.
func (s *Server) exportRoutes(r gin.IRoutes) {
	r.GET("/export/:format", func(c *gin.Context) {
		f, err := export.ParseFormat(c.Param("format"))
		if err != nil {
			failHTTP(c, http.StatusNotFound, errcode.NotFound, fmt.Sprintf("no export format %s: use nquads, graphml, gexf, csv or svg", errcode.Quote(c.Param("format"))))
			return
		}
		s.sendExport(c, f, true)
	})
	r.GET("/network.svg", func(c *gin.Context) { s.sendExport(c, export.FormatSVG, false) })
}

// exportRequest reads an export's query parameters, refusing any it does not know, any
// given twice and any value it cannot use, with a message naming the parameter.
func exportRequest(c *gin.Context, f export.Format) (export.Request, error) {
	req := export.Request{Format: f}
	allowed := selectionParams
	if f == export.FormatCSV {
		allowed = append(slices.Clone(selectionParams), csvParams...)
	}
	q := c.Request.URL.Query()
	for _, name := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(allowed, name) {
			return req, fmt.Errorf("unknown parameter %q: this export takes %s", name, strings.Join(allowed, ", "))
		}
		if len(q[name]) > 1 {
			return req, fmt.Errorf("parameter %q is given %d times: give it once", name, len(q[name]))
		}
	}
	req.Document, req.City, req.Jurisdiction = q.Get("document"), q.Get("city"), q.Get("jurisdiction")
	var err error
	if st := q.Get("status"); st != "" {
		if req.Statuses, err = export.ParseStatuses(st); err != nil {
			return req, fmt.Errorf("parameter \"status\": %w", err)
		}
	}
	if t := q.Get("table"); t != "" {
		if req.Table, err = export.ParseCSVTable(t); err != nil {
			return req, fmt.Errorf("parameter \"table\": %w", err)
		}
	}
	if b := q.Get("bom"); b != "" {
		if req.BOM, err = strconv.ParseBool(b); err != nil {
			return req, fmt.Errorf("parameter \"bom\" is %q: use true or false", b)
		}
	}
	return req, nil
}

// sendExport answers with the export the query asks for. The file is built in memory
// before anything is sent, so that a failure still gets an error status rather than a
// truncated file.
func (s *Server) sendExport(c *gin.Context, f export.Format, attachment bool) {
	ex := s.cfg.Exports
	if ex == nil {
		failHTTP(c, http.StatusNotImplemented, errcode.Internal, "this server's graph source cannot export files")
		return
	}
	req, err := exportRequest(c, f)
	if err != nil {
		failHTTP(c, http.StatusBadRequest, errcode.BadRequest, err.Error())
		return
	}
	var buf bytes.Buffer
	err = ex.Export(c.Request.Context(), &buf, req)
	switch {
	case errcode.Of(err) == errcode.NotFound:
		failHTTP(c, http.StatusNotFound, errcode.NotFound, errcode.Message(err))
		return
	case errors.Is(err, export.ErrBadRequest):
		failHTTP(c, http.StatusBadRequest, errcode.BadRequest, err.Error())
		return
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		failHTTP(c, http.StatusServiceUnavailable, errcode.Timeout, "the export took too long and was stopped")
		return
	case err != nil:
		s.cfg.Logger.Error("export", "format", f, "document", req.Document, "err", err, "request_id", c.GetString(requestIDKey))
		failHTTP(c, http.StatusInternalServerError, errcode.Internal, errcode.InternalMessage)
		return
	}
	if attachment {
		name := "policykg"
		if req.Document != "" {
			name += "-" + sanitizeFileName(strings.TrimPrefix(req.Document, "doc:"))
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s%s"`, name, f.Extension()))
	}
	c.Data(http.StatusOK, f.ContentType(), buf.Bytes())
}

// vocabulary answers the graph's vocabulary (classes and predicates, what each means) as
// Turtle, the file the N-Quads export's IRIs are described in.
func vocabulary(c *gin.Context) {
	c.Data(http.StatusOK, "text/turtle; charset=utf-8", graph.Vocabulary())
}

// sanitizeFileName keeps the characters of a document ID that are safe in a file name
// and a header, replacing any other byte with "-" (IDs are usually ASCII slugs).
func sanitizeFileName(id string) string {
	b := []byte(id)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			b[i] = '-'
		}
	}
	return string(b)
}
