package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

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
// (Apollo, urql, graphql-request, GraphiQL) do send, and Authorization for uploads (a
// bearer token a page sends on purpose; browsers never add it on their own).
var corsAllowedHeaders = strings.Join([]string{
	"Accept", "Authorization", "Content-Type", "X-Request-Id", "Apollo-Require-Preflight",
	"Apollographql-Client-Name", "Apollographql-Client-Version",
}, ", ")

// cors answers preflights and adds the CORS headers to GET and POST answers.
func cors(cfg CORS) gin.HandlerFunc {
	any := slices.Contains(cfg.Origins, "*")
	return func(c *gin.Context) {
		origin := c.GetHeader("Origin")
		if origin == "" || len(cfg.Origins) == 0 {
			c.Next()
			return
		}
		h := c.Writer.Header()
		h.Add("Vary", "Origin")
		allowed := any || slices.Contains(cfg.Origins, origin)
		if allowed {
			if any {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
			}
			h.Set("Access-Control-Expose-Headers", requestIDHeader)
		}
		if c.Request.Method != http.MethodOptions || c.GetHeader("Access-Control-Request-Method") == "" {
			c.Next()
			return
		}
		// A preflight: answered here, whatever the route.
		if allowed {
			h.Set("Access-Control-Allow-Methods", "GET, POST, DELETE")
			h.Set("Access-Control-Allow-Headers", corsAllowedHeaders)
			if cfg.MaxAge > 0 {
				h.Set("Access-Control-Max-Age", strconv.Itoa(cfg.MaxAge))
			}
		}
		c.AbortWithStatus(http.StatusNoContent)
	}
}
