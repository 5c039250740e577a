package api

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// ui is the researcher's workbench, built from web/ by `make ui` (esbuild) and committed, so
// that serving it needs no Node. index.html is the single page; the other files carry a
// hash of their content in their name.
//
//go:embed ui/dist
var ui embed.FS

// workbenchPaths are the client-side routes of the workbench: each answers the same page,
// which reads the path and shows its view, so any view's URL can be shared and reloaded.
var workbenchPaths = []string{
	"/", "/documents", "/documents/:id", "/agencies", "/agencies/:id", "/institutions", "/institutions/:id",
	"/indicators", "/indicators/:id", "/network", "/diff", "/search", "/scorecard",
	"/scorecard/:id", "/load",
}

// workbench is the built single-page app.
type workbench struct {
	dist fs.FS
	page []byte
}

func newWorkbench() (*workbench, error) {
	dist, err := fs.Sub(ui, "ui/dist")
	if err != nil {
		return nil, fmt.Errorf("workbench: %w", err)
	}
	page, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		return nil, fmt.Errorf("workbench: the embedded build lacks its page (run make ui): %w", err)
	}
	return &workbench{dist: dist, page: page}, nil
}

// routes serves the workbench page at its paths and its assets under /ui/.
func (w *workbench) routes(r *gin.Engine) {
	for _, p := range workbenchPaths {
		r.GET(p, w.index)
	}
	files := http.FileServer(http.FS(w.dist))
	r.GET("/ui/*path", func(c *gin.Context) {
		name := strings.TrimPrefix(path.Clean(c.Param("path")), "/")
		if name == "index.html" || name == "" {
			w.index(c)
			return
		}
		if st, err := fs.Stat(w.dist, name); err != nil || st.IsDir() {
			c.JSON(http.StatusNotFound, gin.H{"error": gin.H{"code": "NOT_FOUND", "message": "no such file: /ui/" + name}})
			return
		}
		// Asset names change with their content: browsers may keep them for good.
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
		c.Request.URL.Path = "/" + name
		files.ServeHTTP(c.Writer, c.Request)
	})
}

// index answers the single page. It names its assets by content hash, so browsers must ask
// for it again after an upgrade, and never for the assets.
func (w *workbench) index(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", w.page)
}
