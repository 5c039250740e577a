package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
)

// exporter writes the graph, or one document, in a file format; graph.Reader is one.
type exporter interface {
	Export(ctx context.Context, w io.Writer, f graph.Format, document string) error
}

// exportRoutes registers the file exports: GET /export/{format}?document=ID for
// N-Quads, GraphML, GEXF, CSV and SVG, and GET /network.svg?document=ID, the picture of
// the agency network shown in the browser.
func (s *Server) exportRoutes(r gin.IRoutes) {
	r.GET("/export/:format", func(c *gin.Context) {
		f, err := graph.ParseFormat(c.Param("format"))
		if err != nil {
			failHTTP(c, http.StatusNotFound, errcode.NotFound, fmt.Sprintf("no export format %s: use nquads, graphml, gexf, csv or svg", errcode.Quote(c.Param("format"))))
			return
		}
		s.sendExport(c, f, true)
	})
	r.GET("/network.svg", func(c *gin.Context) { s.sendExport(c, graph.FormatSVG, false) })
}

// sendExport answers with the export of the graph or of the document the query names.
// The file is built in memory before anything is sent, so that a failure still gets an
// error status rather than a truncated file.
func (s *Server) sendExport(c *gin.Context, f graph.Format, attachment bool) {
	ex, ok := s.cfg.Source.(exporter)
	if !ok {
		failHTTP(c, http.StatusNotImplemented, errcode.Internal, "this server's graph source cannot export files")
		return
	}
	doc := c.Query("document")
	var buf bytes.Buffer
	err := ex.Export(c.Request.Context(), &buf, f, doc)
	switch {
	case errcode.Of(err) == errcode.NotFound:
		failHTTP(c, http.StatusNotFound, errcode.NotFound, errcode.Message(err))
		return
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		failHTTP(c, http.StatusServiceUnavailable, errcode.Timeout, "the export took too long and was stopped")
		return
	case err != nil:
		s.cfg.Logger.Error("export", "format", f, "document", doc, "err", err, "request_id", c.GetString(requestIDKey))
		failHTTP(c, http.StatusInternalServerError, errcode.Internal, errcode.InternalMessage)
		return
	}
	if attachment {
		name := "policykg"
		if doc != "" {
			name += "-" + sanitizeFileName(strings.TrimPrefix(doc, "doc:"))
		}
		c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s%s"`, name, f.Extension()))
	}
	c.Data(http.StatusOK, f.ContentType(), buf.Bytes())
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
