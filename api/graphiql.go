package api

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed graphiql.html
var graphiqlHTML []byte

// graphiql serves the GraphiQL page, which talks to /graphql.
func (s *Server) graphiql(c *gin.Context) {
	c.Data(http.StatusOK, "text/html; charset=utf-8", graphiqlHTML)
}
