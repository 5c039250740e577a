package api

import (
	"embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed graphiql.html
var graphiqlHTML []byte

// assets are GraphiQL and React, vendored from npm (static/README.md), so that GraphiQL
// works with no internet access.
//
//go:embed static/*.js static/*.css static/LICENSE.*
var assets embed.FS

// graphiql serves the GraphiQL page, which talks to /graphql.
func (s *Server) graphiql(c *gin.Context) {
	c.Data(http.StatusOK, "text/html; charset=utf-8", graphiqlHTML)
}

// staticAssets serves the vendored files under /static/. The page asks for them with
// their version in the URL, so browsers may keep them for a week.
func staticAssets() gin.HandlerFunc {
	files := http.FileServer(http.FS(assets))
	return func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=604800")
		files.ServeHTTP(c.Writer, c.Request)
	}
}
