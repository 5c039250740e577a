package api

import (
	"fmt"
	"slices"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

// CORS says which web pages may call the API from a browser. Requests never carry
// credentials (cookies, HTTP authentication): the API is public and has none to check.
type CORS struct {
	// Origins are the allowed origins (https://example.org), or "*" for any; none turns
	// CORS off, so that browsers allow same-origin calls only.
	Origins []string
	// MaxAge is how many seconds a browser may keep a preflight's answer.
	MaxAge int
}

// DefaultCORS lets any page call the API.
func DefaultCORS() CORS { return CORS{Origins: []string{"*"}, MaxAge: 600} }

// corsAllowedHeaders are the request headers a page may send: what GraphQL clients
// (Apollo, urql, graphql-request, GraphiQL) send, the bearer token of writes, and what
// tracing SDKs add to every fetch (W3C Trace Context and Baggage, Sentry), without which
// a page that traces its calls cannot make them at all.
var corsAllowedHeaders = []string{
	"Accept", "Content-Type", "Authorization", "X-Request-Id", "If-None-Match",
	"Apollo-Require-Preflight", "Apollographql-Client-Name", "Apollographql-Client-Version",
	"Traceparent", "Tracestate", "Baggage", "Sentry-Trace",
}

// corsHandler returns gin-contrib/cors set up from cfg, or nil when CORS is off. It
// answers preflights itself, whatever the route, and refuses pages of other origins
// with 403.
func corsHandler(cfg CORS) (gin.HandlerFunc, error) {
	if len(cfg.Origins) == 0 {
		return nil, nil
	}
	c := cors.Config{
		AllowMethods:  []string{"GET", "POST", "DELETE"},
		AllowHeaders:  corsAllowedHeaders,
		ExposeHeaders: []string{requestIDHeader, "ETag"},
		MaxAge:        time.Duration(cfg.MaxAge) * time.Second,
	}
	if slices.Contains(cfg.Origins, "*") {
		c.AllowAllOrigins = true
	} else {
		c.AllowOrigins = cfg.Origins
	}
	// cors.New panics on a configuration it refuses (an origin without http:// or
	// https://): check it first and say which.
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("CORS origins %v: %w", cfg.Origins, err)
	}
	return cors.New(c), nil
}
