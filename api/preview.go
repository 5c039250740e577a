package api

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

// preview answers POST /preview: the one file sent is read as policykg extract reads it
// and answered as {"document": …}, the JSON extract prints, warnings included. Nothing is
// stored, and no token is needed.
func (s *Server) preview(c *gin.Context) {
	ctx := c.Request.Context()
	files, uerr := s.readFiles(c)
	if uerr != nil {
		fail(c, uerr.status, uerr.apiError)
		return
	}
	if len(files) != 1 {
		fail(c, http.StatusBadRequest, apiError{Code: codeBadRequest, Message: "a preview reads one file: send one part named file"})
		return
	}
	f := files[0]
	if isNQuads(f.name) || f.name == loader.ManifestName {
		fail(c, http.StatusUnprocessableEntity, apiError{Code: codeBadUserInput, File: f.name,
			Message: f.name + " is not a policy document: a preview reads texts, HTML pages and DOCX files"})
		return
	}
	release, err := s.parsing.acquire(ctx)
	if err != nil {
		return
	}
	d, err := s.cfg.Names.LoadBytes(ctx, f.name, f.data, loader.Meta{})
	release()
	if err != nil {
		fail(c, http.StatusUnprocessableEntity, apiError{Code: codeBadUserInput, File: f.name, Message: err.Error()})
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]*policy.Document{"document": d}); err != nil {
		s.cfg.Logger.Error("preview: encode", "err", err, "request_id", c.GetString(requestIDKey))
		fail(c, http.StatusInternalServerError, apiError{Code: codeInternal, Message: "the document could not be encoded"})
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", buf.Bytes())
}
