package api

import (
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// minGzipSize is the smallest body worth compressing: below it gzip's header and the
// CPU cost outweigh the bytes saved.
const minGzipSize = 1024

var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

// compress gzips answers for clients that accept it, once a body reaches minGzipSize.
func compress(c *gin.Context) {
	if c.Request.Method == http.MethodHead || !acceptsGzip(c.GetHeader("Accept-Encoding")) {
		c.Next()
		return
	}
	c.Writer.Header().Add("Vary", "Accept-Encoding")
	w := &gzipWriter{ResponseWriter: c.Writer}
	c.Writer = w
	defer w.finish()
	c.Next()
}

// acceptsGzip reads an Accept-Encoding header; gzip;q=0 refuses it.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err == nil && q > 0
		}
		return true
	}
	return false
}

// gzipWriter holds the first minGzipSize bytes back to decide whether to compress.
type gzipWriter struct {
	gin.ResponseWriter
	buf   []byte
	gz    *gzip.Writer
	plain bool
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	switch {
	case w.gz != nil:
		return w.gz.Write(b)
	case w.plain:
		return w.ResponseWriter.Write(b)
	}
	w.buf = append(w.buf, b...)
	if len(w.buf) >= minGzipSize {
		if err := w.start(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// WriteString keeps gin's string writes on the compressing path.
func (w *gzipWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

// start sends the headers and the held bytes, compressed unless the handler already
// encoded the body or the status has none.
func (w *gzipWriter) start() error {
	h := w.Header()
	status := w.Status()
	if h.Get("Content-Encoding") != "" || status == http.StatusNoContent || status == http.StatusNotModified {
		w.plain = true
	} else {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		w.gz = gzipWriters.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	buf := w.buf
	w.buf = nil
	_, err := w.Write(buf)
	return err
}

// WriteHeaderNow sends the headers at once: the body, if any, goes uncompressed.
func (w *gzipWriter) WriteHeaderNow() {
	if w.gz == nil && !w.plain {
		w.plain = true
		buf := w.buf
		w.buf = nil
		w.ResponseWriter.WriteHeaderNow()
		if len(buf) > 0 {
			_, _ = w.ResponseWriter.Write(buf) // a failed write means the client left.
		}
		return
	}
	w.ResponseWriter.WriteHeaderNow()
}

// Flush sends what is held back, compressed if it will be.
func (w *gzipWriter) Flush() {
	if w.gz == nil && !w.plain && len(w.buf) > 0 {
		if err := w.start(); err != nil {
			return
		}
	}
	if w.gz != nil {
		_ = w.gz.Flush() // a failed write means the client left.
	}
	w.ResponseWriter.Flush()
}

// finish flushes a body that stayed under minGzipSize as it is, or closes the gzip stream.
func (w *gzipWriter) finish() {
	if w.gz == nil {
		if len(w.buf) > 0 {
			w.plain = true
			// The client may be gone; there is no one left to tell.
			_, _ = w.ResponseWriter.Write(w.buf)
		}
		return
	}
	_ = w.gz.Close() // as above: a write error here means the client left.
	w.gz.Reset(nil)
	gzipWriters.Put(w.gz)
}
