package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/policykg/policykg/errcode"
)

// persisted holds automatic persisted queries (Apollo's APQ): a client sends the
// SHA-256 of a query in extensions.persistedQuery.sha256Hash; the first time the server
// answers PersistedQueryNotFound, the client sends hash and query, and from then on the
// hash alone does.
type persisted struct {
	queries *lru.Cache[string, string]
}

func newPersisted(size int) (*persisted, error) {
	queries, err := lru.New[string, string](size)
	if err != nil {
		return nil, fmt.Errorf("persisted query cache: %w", err)
	}
	return &persisted{queries: queries}, nil
}

// persistedQuery is what a request asks of the persisted queries.
type persistedQuery struct {
	hash string
	// register is true when the request brings the query for its hash.
	register bool
}

// resolve returns the query a request runs: its own, or the one its hash names. pq is
// nil when the request does not use persisted queries.
func (ps *persisted) resolve(p params) (query string, pq *persistedQuery, herr *httpError) {
	ext, ok := p.Extensions["persistedQuery"]
	if !ok || ext == nil {
		return p.Query, nil, nil
	}
	m, ok := ext.(map[string]any)
	if !ok {
		return "", nil, badRequest("extensions.persistedQuery must be an object with version and sha256Hash")
	}
	if v, _ := m["version"].(float64); v != 1 {
		return "", nil, badRequest("extensions.persistedQuery.version must be 1")
	}
	hash, _ := m["sha256Hash"].(string)
	hash = strings.ToLower(hash)
	if len(hash) != sha256.Size*2 {
		return "", nil, badRequest("extensions.persistedQuery.sha256Hash must be the 64 hex digits of a SHA-256")
	}
	if p.Query == "" {
		q, ok := ps.queries.Get(hash)
		if !ok {
			return "", nil, &httpError{http.StatusOK, errcode.PersistedQueryNotFound, "PersistedQueryNotFound"}
		}
		return q, &persistedQuery{hash: hash}, nil
	}
	sum := sha256.Sum256([]byte(p.Query))
	if hex.EncodeToString(sum[:]) != hash {
		return "", nil, badRequest("provided sha does not match query")
	}
	return p.Query, &persistedQuery{hash: hash, register: true}, nil
}

// store remembers a query under its hash once it has proved valid.
func (ps *persisted) store(pq *persistedQuery, query string) {
	if pq != nil && pq.register {
		ps.queries.Add(pq.hash, query)
	}
}
