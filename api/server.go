// Package api serves the GraphQL schema over HTTP with gin: /graphql by the
// GraphQL-over-HTTP specification, the researcher's workbench at /, GraphiQL at /graphiql,
// the schema at /schema.graphql, /healthz, /readyz, Prometheus metrics at /metrics, uploads
// (POST /documents, DELETE /documents/{id}, POST /preview) and /api/info.
package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/pace"
	"github.com/policykg/policykg/schema"
)

// Config is what the server needs.
type Config struct {
	Schema graphql.Schema
	Source schema.Modeler
	// Exports writes the files of /export/… and /network.svg; without it they answer 501.
	Exports Exporter
	Logger  *slog.Logger
	// Limits protect the endpoint; the zero value applies none, DefaultLimits suits a
	// public one.
	Limits Limits
	// NoIntrospection refuses __schema and __type queries and hides /schema.graphql.
	NoIntrospection bool
	// CORS says which web pages may call the API from a browser.
	CORS CORS
	// CacheSize is how many parsed queries, and how many persisted queries, are kept;
	// 0 means 1000.
	CacheSize int
	// Writer takes documents through POST /documents and DELETE /documents/{id}, which
	// need WriteToken as a bearer token; without both the server is read-only.
	Writer     Writer
	WriteToken string
	// Names are the name tables uploads and previews are read with; nil means the
	// built-in ones.
	Names *loader.Names
	// MaxUploadBytes bounds the body of POST /documents and POST /preview; 0 means no limit.
	MaxUploadBytes int64
	// Pacer has uploads yield the CPU to requests: their parsing, writing and the model
	// build after run on its low-priority threads (pace.Run) and pause between files; nil
	// for none. The store and the Reader take it too (graph.Paced, model.WithPacer).
	Pacer *pace.Pacer
}

// DefaultMaxUploadBytes is serve's limit on an upload's body.
const DefaultMaxUploadBytes = 32 << 20

// Server is the HTTP face of policykg.
type Server struct {
	cfg       Config
	ready     atomic.Bool
	documents *documents
	persisted *persisted
	results   *results
	metrics   *metrics
	cors      gin.HandlerFunc
	sdl       []byte
	workbench *workbench
	// writes orders uploads and deletes, so that each answer says what it did; parsing
	// bounds the uploads parsed at once.
	writes  sync.Mutex
	parsing slots
}

// New returns a server; it answers /readyz with 503 until SetReady is called.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 1000
	}
	if cfg.Names == nil {
		cfg.Names = loader.DefaultNames()
	}
	// querycheck runs graphql-go's specified rules itself; these are the server's own.
	rules := []graphql.ValidationRuleFn{depthRule(cfg.Limits.MaxDepth)}
	if cfg.NoIntrospection {
		rules = append(rules, noIntrospectionRule)
	}
	docs, err := newDocuments(&cfg.Schema, rules, cfg.CacheSize)
	if err != nil {
		return nil, err
	}
	pq, err := newPersisted(cfg.CacheSize)
	if err != nil {
		return nil, err
	}
	m, err := newMetrics()
	if err != nil {
		return nil, err
	}
	results, err := newResults(cfg.CacheSize)
	if err != nil {
		return nil, err
	}
	sdl, err := printSchema(cfg.Schema)
	if err != nil {
		return nil, fmt.Errorf("print the schema: %w", err)
	}
	wb, err := newWorkbench()
	if err != nil {
		return nil, err
	}
	cors, err := corsHandler(cfg.CORS)
	if err != nil {
		return nil, err
	}
	return &Server{cfg: cfg, documents: docs, persisted: pq, results: results, metrics: m, cors: cors, sdl: sdl,
		parsing: make(slots, runtime.GOMAXPROCS(0)), workbench: wb}, nil
}

// SetReady marks the store open and every index built.
func (s *Server) SetReady() { s.ready.Store(true) }

// Handler returns the routes. Gin's mode is the program's to set (gin.SetMode): in its
// debug mode gin prints every route it registers.
func (s *Server) Handler() http.Handler {
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(requestID, s.accessLog, gin.Recovery())
	if s.cors != nil {
		r.Use(s.cors)
	}
	r.Use(compress)
	r.NoMethod(s.methodNotAllowed)
	s.workbench.routes(r)
	r.GET("/graphiql", s.graphiql)
	r.GET("/static/*path", staticAssets())
	r.GET("/graphql", s.graphql)
	r.POST("/graphql", s.graphql)
	r.GET("/schema.graphql", s.schemaSDL)
	r.GET("/vocab", vocabulary)
	r.GET("/metrics", gin.WrapH(s.metrics.handler()))
	s.exportRoutes(r)
	r.POST("/documents", s.postDocuments)
	r.DELETE("/documents/:id", s.deleteDocument)
	r.POST("/preview", s.preview)
	r.GET("/api/info", s.info)
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", func(c *gin.Context) {
		if !s.ready.Load() {
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "starting"})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	})
	return r
}

// methodNotAllowed answers a method a route does not take, in the route's error format.
func (s *Server) methodNotAllowed(c *gin.Context) {
	msg := fmt.Sprintf("%s is not allowed on %s", c.Request.Method, c.Request.URL.Path)
	if c.Request.URL.Path == "/graphql" {
		c.Header("Allow", "GET, POST")
		reject(c, mediaJSON, http.StatusMethodNotAllowed, errcode.MethodNotAllowed, msg+": send GET or POST")
		return
	}
	failHTTP(c, http.StatusMethodNotAllowed, errcode.MethodNotAllowed, msg)
}
