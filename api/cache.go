package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql/language/ast"
	lru "github.com/hashicorp/golang-lru/v2"
)

const (
	// maxCachedResult is the largest response body kept: larger ones are rare and would
	// crowd out the many small answers a dashboard asks for again and again.
	maxCachedResult = 1 << 20
	// resultCacheBytes bounds the memory of all kept responses.
	resultCacheBytes = 64 << 20
)

// results keeps whole responses keyed by the store version they were computed at and the
// request (media type, operation, query, variables). Every load moves the store version,
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

// resultKey identifies a request at a store version. Variables are encoded as JSON, whose
// object keys encoding/json sorts, so equal variables give equal keys.
func resultKey(version, media string, p params) (string, bool) {
	vars := ""
	if len(p.Variables) > 0 {
		b, err := json.Marshal(p.Variables)
		if err != nil {
			return "", false
		}
		vars = string(b)
	}
	return strings.Join([]string{version, media, p.OperationName, p.Query, vars}, "\x00"), true
}

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
		r.version.Store(&version)
	}
}

// answerFromCache answers a request from a response kept for the store's current version;
// it reports whether it did. A store that cannot be read is left to the normal path,
// which reports it.
func (s *Server) answerFromCache(c *gin.Context, media string, p params, label *string) bool {
	m, err := s.cfg.Source.Model(c.Request.Context())
	if err != nil {
		return false
	}
	key, ok := resultKey(m.Version, media, p)
	if !ok {
		return false
	}
	hit, ok := s.results.get(m.Version, key)
	if !ok {
		return false
	}
	*label = hit.label
	c.Data(http.StatusOK, media+"; charset=utf-8", hit.body)
	return true
}

// writeResult sends an executed query's response and keeps it when it has no errors:
// errors may come from a timeout or a cancelled request, which another try would not
// meet.
func (s *Server) writeResult(c *gin.Context, media, version string, doc *ast.Document, p params, r response) {
	body, status := encode(r, http.StatusOK)
	if len(r.Errors) == 0 && status == http.StatusOK {
		if key, ok := resultKey(version, media, p); ok {
			s.results.put(version, key, cachedResult{body: body, label: s.metrics.operationLabel(operation(doc, p.OperationName))})
		}
	}
	c.Data(status, media+"; charset=utf-8", body)
}
