package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql/language/ast"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/schema"
)

const (
	// maxCachedResult is the largest response body kept: larger ones are rare and would
	// crowd out the many small answers a dashboard asks for again and again.
	maxCachedResult = 1 << 20
	// resultCacheBytes bounds the memory of all kept responses.
	resultCacheBytes = 64 << 20
	// maxCachedRequest is the largest request body looked up: queries are small.
	maxCachedRequest = 64 << 10
)

// results keeps whole responses keyed by the store version they were computed at and the
// request as the client sent it (see requestKey). Every load moves the store version,
// so an answer from before a load is never found again: nothing stale is served, and the
// entries of older versions are dropped as soon as a newer version is seen.
type results struct {
	cache   *lru.Cache[string, cachedResult]
	bytes   atomic.Int64
	mu      sync.Mutex // orders purges against additions
	version atomic.Pointer[string]
}

// cachedResult is a response body with the operation label its metrics carry.
type cachedResult struct {
	body  []byte
	label string
}

func newResults(size int) (*results, error) {
	r := &results{}
	cache, err := lru.NewWithEvict(size, func(key string, v cachedResult) {
		r.bytes.Add(-int64(len(key) + len(v.body)))
	})
	if err != nil {
		return nil, fmt.Errorf("result cache: %w", err)
	}
	r.cache = cache
	return r, nil
}

// requestKey identifies a request at a store version by what the client sent: method,
// media type, content type and body (POST) or URL query (GET). Two requests sent alike get
// the same answer from the same store version, so the answer can be found before anything
// is decoded.
func requestKey(version, method, media, contentType string, raw []byte) string {
	var b strings.Builder
	b.Grow(len(version) + len(method) + len(media) + len(contentType) + len(raw) + 4)
	for _, part := range []string{version, method, media, contentType} {
		b.WriteString(part)
		b.WriteByte(0)
	}
	b.Write(raw)
	return b.String()
}

// keyAt reports whether a request key was made at version.
func keyAt(key, version string) bool {
	return len(key) > len(version) && key[len(version)] == 0 && key[:len(version)] == version
}

// resultKeyName is where the gin context carries the request key to the end of execution.
const resultKeyName = "policykg.resultKey"

// get returns the response kept for key, computed at version.
func (r *results) get(version, key string) (cachedResult, bool) {
	r.follow(version)
	return r.cache.Get(key)
}

// put keeps a response computed at version.
func (r *results) put(version, key string, v cachedResult) {
	size := int64(len(key) + len(v.body))
	if len(v.body) > maxCachedResult {
		return
	}
	r.follow(version)
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur := r.version.Load(); cur == nil || *cur != version {
		return // a newer version was seen meanwhile: this answer is already old
	}
	r.cache.Add(key, v)
	r.bytes.Add(size)
	for r.bytes.Load() > resultCacheBytes {
		if _, _, ok := r.cache.RemoveOldest(); !ok {
			break
		}
	}
}

// follow drops every kept response when the store version moves.
func (r *results) follow(version string) {
	if cur := r.version.Load(); cur != nil && *cur == version {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if cur := r.version.Load(); cur == nil || *cur != version {
		r.cache.Purge()
		v := version // a copy, so that version itself does not escape on every call
		r.version.Store(&v)
	}
}

// answerFromCache answers a request from a response kept for the store's current
// version, before the request is decoded; it reports whether it did, and the operation
// label of the answer. Otherwise it leaves the body it read for readBody and notes the
// request's key, for writeResult. Requests that register a persisted query, bodies over
// the size limit and stores that cannot be read take the normal path, which handles them.
func (s *Server) answerFromCache(c *gin.Context, media string) (label string, ok bool) {
	var raw []byte
	switch c.Request.Method {
	case http.MethodGet:
		raw = []byte(c.Request.URL.RawQuery)
	case http.MethodPost:
		limit := s.cfg.Limits.MaxBodyBytes
		if limit <= 0 || limit > maxCachedRequest {
			limit = maxCachedRequest
		}
		if c.Request.ContentLength > limit {
			return "", false
		}
		body, err := readAll(c.Request.Body, c.Request.ContentLength, limit+1)
		if err != nil || int64(len(body)) > limit {
			// The normal path reads the body again, with its own limit and errors.
			c.Request.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), c.Request.Body))
			return "", false
		}
		// The whole body is read: the normal path takes it from here.
		c.Set(bodyKeyName, body)
		raw = body
	default:
		return "", false
	}
	if bytes.Contains(raw, []byte("persistedQuery")) {
		return "", false
	}
	// A miss executes against this same model, so the store is read once per request.
	m, err := s.model(c)
	if err != nil {
		return "", false
	}
	key := requestKey(m.Version, c.Request.Method, media, c.ContentType(), raw)
	c.Set(resultKeyName, key)
	hit, ok := s.results.get(m.Version, key)
	s.metrics.cacheLookup(ok)
	if !ok {
		return "", false
	}
	if c.Request.Method == http.MethodGet {
		c.Header("ETag", etag(m.Version, c.Request.URL.RawQuery, media))
	}
	sendBody(c, http.StatusOK, media, hit.body)
	return hit.label, true
}

// bodyKeyName is where answerFromCache leaves a POST body it read whole.
const bodyKeyName = "policykg.body"

// readAll reads r up to limit bytes, in one buffer when the length is known.
func readAll(r io.Reader, length, limit int64) ([]byte, error) {
	if length < 0 || length >= limit {
		return io.ReadAll(io.LimitReader(r, limit))
	}
	buf := make([]byte, length, length+1)
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf, err
	}
	// A body longer than it said is read on, up to the limit, as io.ReadAll would.
	var one [1]byte
	if n, _ := r.Read(one[:]); n > 0 {
		rest, err := io.ReadAll(io.LimitReader(r, limit-length-1))
		return append(append(buf, one[0]), rest...), err
	}
	return buf, nil
}

// writeResult sends an executed query's response and keeps it, under the store version it
// was computed at, when it has no errors: errors may come from a timeout or a cancelled
// request, which another try would not meet. An answer over the size limit is replaced
// by the error saying so; a GET's answer without errors gets its ETag.
func (s *Server) writeResult(c *gin.Context, media, version string, doc *ast.Document, p params, r response) {
	body, err := encode(withRequestID(c, r), s.cfg.Limits.MaxResponseBytes)
	switch {
	case errors.Is(err, errTooLarge):
		s.tooLarge(c, media)
		return
	case err != nil:
		write(c, media, http.StatusOK, response{Errors: []gqlError{newError(errcode.Internal, errcode.Message(err))}})
		return
	}
	s.send(c, media, version, doc, p, body, len(r.Errors) == 0)
}

// send sends the body of an answer; a clean one (no errors) is kept under the store
// version it was computed at (see writeResult) and, for a GET, gets its ETag.
func (s *Server) send(c *gin.Context, media, version string, doc *ast.Document, p params, body []byte, clean bool) {
	if clean {
		if key := c.GetString(resultKeyName); key != "" && keyAt(key, version) {
			s.results.put(version, key, cachedResult{body: body, label: s.metrics.operationLabel(schema.Operation(doc, p.OperationName))})
		}
		if c.Request.Method == http.MethodGet {
			c.Header("ETag", etag(version, c.Request.URL.RawQuery, media))
		}
	}
	sendBody(c, http.StatusOK, media, body)
}

// etag names the answer to a GET: the same URL query, asked as the same media type of
// the same store version, always gets the same answer. It is weak: gzip changes the bytes.
func etag(version, rawQuery, media string) string {
	sum := sha256.Sum256([]byte(version + "\x00" + media + "\x00" + rawQuery))
	return `W/"` + hex.EncodeToString(sum[:16]) + `"`
}

// notModified answers 304 to a GET whose If-None-Match names the answer it would get
// now; it reports whether it did. The model it reads is the one the request goes on with.
func (s *Server) notModified(c *gin.Context, media string) bool {
	inm := c.GetHeader("If-None-Match")
	if inm == "" {
		return false
	}
	m, err := s.model(c)
	if err != nil {
		return false // the normal path reports it
	}
	tag := etag(m.Version, c.Request.URL.RawQuery, media)
	for _, t := range strings.Split(inm, ",") {
		if t = strings.TrimSpace(t); t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(tag, "W/") {
			c.Header("ETag", tag)
			c.Status(http.StatusNotModified)
			return true
		}
	}
	return false
}
