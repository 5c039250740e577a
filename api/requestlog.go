package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	// requestIDHeader carries a request's ID in and out.
	requestIDHeader = "X-Request-Id"
	// requestIDKey is where the ID is kept in the gin context.
	requestIDKey = "request_id"
	// maxRequestIDLength bounds an ID a client sends, since it goes into every log line.
	maxRequestIDLength = 128
)

// requestID gives every request an ID: the client's X-Request-Id when it sends a
// usable one (so a trace spans a proxy and policykg), a random one otherwise; the
// response carries it back.
func requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if !usableRequestID(id) {
		b := make([]byte, 16)
		_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+).
		id = hex.EncodeToString(b)
	}
	c.Set(requestIDKey, id)
	c.Header(requestIDHeader, id)
	c.Next()
}

// usableRequestID accepts IDs of visible ASCII characters only, so that they cannot
// forge log lines or headers.
func usableRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= ' ' || id[i] > '~' {
			return false
		}
	}
	return true
}

// accessLog writes one structured log line per request.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	attrs := []slog.Attr{
		slog.String("request_id", c.GetString(requestIDKey)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("took", time.Since(start)),
		slog.String("remote", c.Request.RemoteAddr),
	}
	if op := c.GetString(operationKey); op != "" {
		attrs = append(attrs, slog.String("operation", op))
	}
	s.cfg.Logger.LogAttrs(c.Request.Context(), slog.LevelInfo, "request", attrs...)
}
