// Package api serves the GraphQL schema over HTTP with gin: /graphql, GraphiQL at /,
// /healthz and /readyz.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/schema"
)

// Config is what the server needs.
type Config struct {
	Schema graphql.Schema
	Source schema.Modeler
	Logger *slog.Logger
}

// Server is the HTTP face of policykg.
type Server struct {
	cfg   Config
	ready atomic.Bool
}

// New returns a server; it answers /readyz with 503 until SetReady is called.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Server{cfg: cfg}
}

// SetReady marks the store open and every index built.
func (s *Server) SetReady() { s.ready.Store(true) }

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	r.GET("/", s.graphiql)
	r.GET("/graphql", s.graphql)
	r.POST("/graphql", s.graphql)
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

// graphql answers a GraphQL request sent as GET parameters or a POST body.
func (s *Server) graphql(c *gin.Context) {
	var req schema.Request
	switch c.Request.Method {
	case http.MethodGet:
		req.Query = c.Query("query")
		req.OperationName = c.Query("operationName")
		if v := c.Query("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
				s.fail(c, http.StatusBadRequest, "variables is not a JSON object: "+err.Error())
				return
			}
		}
	default:
		ct := c.ContentType()
		body, err := c.GetRawData()
		if err != nil {
			s.fail(c, http.StatusBadRequest, "cannot read the request body")
			return
		}
		if ct == "application/graphql" {
			req.Query = string(body)
		} else if err := json.Unmarshal(body, &req); err != nil {
			s.fail(c, http.StatusBadRequest, "the body is not a GraphQL request in JSON: "+err.Error())
			return
		}
	}
	if strings.TrimSpace(req.Query) == "" {
		s.fail(c, http.StatusBadRequest, "no query given")
		return
	}
	res, err := schema.Execute(c.Request.Context(), s.cfg.Schema, s.cfg.Source, req)
	if err != nil {
		s.cfg.Logger.Error("graphql", "err", err)
		status := http.StatusInternalServerError
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			status = http.StatusServiceUnavailable
		}
		s.fail(c, status, "the graph store could not be read")
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) fail(c *gin.Context, status int, msg string) {
	c.JSON(status, gin.H{"errors": []gin.H{{"message": msg}}})
}
