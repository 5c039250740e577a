package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
)

// info answers GET /api/info: whether the server takes documents, and the store's
// version (it changes with every load or delete).
func (s *Server) info(c *gin.Context) {
	m, err := s.cfg.Source.Model(c.Request.Context())
	if err != nil {
		s.cfg.Logger.Error("info: read the store", "err", err, "request_id", c.GetString(requestIDKey))
		fail(c, http.StatusServiceUnavailable, apiError{Code: errcode.StoreUnavailable, Message: "the graph store could not be read"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"writable": s.writable(), "version": m.Version})
}
