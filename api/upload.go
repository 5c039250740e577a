package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// Writer is the store that uploads are written into.
type Writer interface {
	// Put writes documents in one transaction, each replacing its earlier version.
	Put(ctx context.Context, docs ...*policy.Document) error
	// Import writes a dump (documents and N-Quads exports) in one transaction.
	Import(ctx context.Context, d *graph.Dump) error
	// Delete removes a document and everything only it said.
	Delete(ctx context.Context, id string) error
}

// Statuses of a document in the answer to an upload.
const (
	StatusAdded     = "added"
	StatusReplaced  = "replaced"
	StatusUnchanged = "unchanged"
)

// LoadedDocument is a document an upload wrote, as the answer lists it.
type LoadedDocument struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Source   string `json:"source"`
	Measures int    `json:"measures"`
	// Status is added, replaced (an earlier version was stored) or unchanged (stored as
	// it is: nothing written).
	Status string `json:"status"`
}

// UploadResult is the answer to POST /documents.
type UploadResult struct {
	Loaded []LoadedDocument `json:"loaded"`
}

// uploaded is a file of a multipart upload.
type uploaded struct {
	name string
	data []byte
}

// uploadError is an upload refused, with the HTTP status to refuse it with.
type uploadError struct {
	status int
	apiError
}

func badUpload(file, format string, a ...any) *uploadError {
	return &uploadError{http.StatusUnprocessableEntity, apiError{Code: codeBadUserInput, Message: fmt.Sprintf(format, a...), File: file}}
}

// readFiles reads the files of a multipart/form-data request, field file, holding the
// whole body to MaxUploadBytes. Other fields are refused, so that a mistyped field name
// is not taken for an upload of nothing.
func (s *Server) readFiles(c *gin.Context) ([]uploaded, *uploadError) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, &uploadError{http.StatusUnsupportedMediaType, apiError{Code: codeUnsupportedType,
			Message: "send the files as multipart/form-data, each in a part named file (curl -F file=@plan.txt)"}}
	}
	limit := s.cfg.MaxUploadBytes
	tooLarge := &uploadError{http.StatusRequestEntityTooLarge, apiError{Code: errcode.PayloadTooLarge,
		Message: fmt.Sprintf("the upload is over the limit of %d bytes (serve --max-upload-bytes): send fewer or smaller files at a time", limit)}}
	if limit > 0 {
		if c.Request.ContentLength > limit {
			return nil, tooLarge
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, &uploadError{http.StatusBadRequest, apiError{Code: codeBadRequest, Message: fmt.Sprintf("the multipart body cannot be read: %v", err)}}
	}
	var files []uploaded
	seen := map[string]bool{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, partError(err, tooLarge)
		}
		if part.FormName() != "file" {
			return nil, &uploadError{http.StatusBadRequest, apiError{Code: codeBadRequest,
				Message: fmt.Sprintf("the part %q is not a file: send each file in a part named file", part.FormName())}}
		}
		name := filepath.Base(part.FileName())
		if name == "" || name == "." || name == string(filepath.Separator) {
			return nil, &uploadError{http.StatusBadRequest, apiError{Code: codeBadRequest,
				Message: "a part named file has no file name: give each file its name (curl -F file=@plan.txt does)"}}
		}
		if seen[name] {
			return nil, badUpload(name, "%s is sent twice: send each file once", name)
		}
		seen[name] = true
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, partError(err, tooLarge)
		}
		files = append(files, uploaded{name: name, data: data})
	}
	if len(files) == 0 {
		return nil, &uploadError{http.StatusBadRequest, apiError{Code: codeBadRequest,
			Message: "no file was sent: send each file in a part named file (curl -F file=@plan.txt)"}}
	}
	return files, nil
}

// partError says why a part could not be read: the size limit, or a broken body.
func partError(err error, tooLarge *uploadError) *uploadError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLarge
	}
	return &uploadError{http.StatusBadRequest, apiError{Code: codeBadRequest, Message: fmt.Sprintf("the multipart body cannot be read: %v", err)}}
}

// isNQuads tells whether a file is an N-Quads export (policykg export --format nquads).
func isNQuads(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".nq" || ext == ".nquads"
}

// parsedUpload is what an upload holds, read and checked, not yet written.
type parsedUpload struct {
	docs []*policy.Document
	// dump holds the documents of N-Quads files; nil when there are none.
	dump *graph.Dump
}

// ids lists the documents of the upload in the order they came.
func (u *parsedUpload) ids() []string {
	if u.dump != nil {
		return u.dump.Documents()
	}
	out := make([]string, len(u.docs))
	for i, d := range u.docs {
		out[i] = d.ID
	}
	return out
}

// cancelledUpload is the answer to an upload whose request ended while its files were read.
func cancelledUpload() *uploadError {
	return &uploadError{http.StatusServiceUnavailable, apiError{Code: errcode.Timeout, Message: "the upload was cancelled before it was read"}}
}

// parseUpload reads every file of an upload as policykg load reads a folder: a file named
// manifest.json gives the metadata of the others, .nq files are N-Quads exports, the rest
// policy documents. The first file that cannot be read refuses the whole upload.
func (s *Server) parseUpload(ctx context.Context, files []uploaded) (*parsedUpload, *uploadError) {
	var man loader.Manifest
	for _, f := range files {
		if strings.EqualFold(f.name, loader.ManifestName) {
			if err := json.Unmarshal(f.data, &man); err != nil {
				return nil, badUpload(f.name, "%s is not a manifest: %v", f.name, err)
			}
		}
	}
	u := &parsedUpload{}
	byID := map[string]string{}
	var quadFiles []uploaded
	task := s.cfg.Pacer.Task()
	for _, f := range files {
		if err := task.Pause(ctx); err != nil {
			return nil, cancelledUpload()
		}
		switch {
		case strings.EqualFold(f.name, loader.ManifestName):
			continue
		case isNQuads(f.name):
			quadFiles = append(quadFiles, f)
			continue
		}
		d, err := s.cfg.Names.LoadBytes(ctx, f.name, f.data, man.Lookup(f.name))
		if err != nil {
			if ctx.Err() != nil {
				return nil, cancelledUpload()
			}
			return nil, badUpload(f.name, "%v", err)
		}
		if prev, ok := byID[d.ID]; ok {
			return nil, badUpload(f.name, "%s and %s both load as document %q: rename one or give it an id in %s", prev, f.name, d.ID, loader.ManifestName)
		}
		byID[d.ID] = f.name
		u.docs = append(u.docs, d)
	}
	if len(quadFiles) > 0 {
		u.dump = graph.NewDump()
		if err := u.dump.AddDocuments(u.docs...); err != nil {
			return nil, badUpload("", "%v", err)
		}
		for _, f := range quadFiles {
			if err := u.dump.ReadNQuads(bytes.NewReader(f.data), f.name); err != nil {
				return nil, badUpload(f.name, "%v", err)
			}
		}
	}
	if len(u.ids()) == 0 {
		return nil, badUpload(loader.ManifestName, "the upload holds a manifest and no document")
	}
	return u, nil
}

// postDocuments answers POST /documents: the files are read and checked, then written in
// one transaction — all of them or, when one cannot be read, none — and the answer lists
// the documents with what became of each. The read model follows before the answer goes
// out, so the next request finds them.
func (s *Server) postDocuments(c *gin.Context) {
	if !s.authorize(c) {
		return
	}
	ctx := c.Request.Context()
	files, uerr := s.readFiles(c)
	if uerr != nil {
		fail(c, uerr.status, uerr.apiError)
		return
	}
	release, err := s.parsing.acquire(ctx)
	if err != nil {
		return
	}
	defer s.cfg.Pacer.Hold()()
	var up *parsedUpload
	s.cfg.Pacer.Run(func() { up, uerr = s.parseUpload(ctx, files) })
	release()
	if uerr != nil {
		fail(c, uerr.status, uerr.apiError)
		return
	}
	s.writes.Lock()
	defer s.writes.Unlock()
	before, err := s.cfg.Source.Model(ctx)
	if err != nil {
		s.storeFailed(c, "read the store before an upload", err, msgNothingWritten)
		return
	}
	s.cfg.Pacer.Run(func() {
		if up.dump != nil {
			err = s.cfg.Writer.Import(ctx, up.dump)
		} else {
			err = s.cfg.Writer.Put(ctx, up.docs...)
		}
	})
	if err != nil {
		s.storeFailed(c, "write an upload", err, msgNothingWritten)
		return
	}
	var after *model.Model
	s.cfg.Pacer.Run(func() { after, err = s.modelAfterWrite(ctx) })
	if err != nil {
		s.storeFailed(c, "read the store after an upload", err, msgWrittenNotRead)
		return
	}
	res := UploadResult{Loaded: []LoadedDocument{}}
	for _, id := range up.ids() {
		d := after.Document(id)
		if d == nil {
			s.storeFailed(c, "read an uploaded document back", fmt.Errorf("document %s is not in the store after its upload", id), msgWrittenNotRead)
			return
		}
		res.Loaded = append(res.Loaded, LoadedDocument{ID: id, Title: d.Title, Source: d.Source, Measures: len(d.Measures), Status: loadStatus(before.Document(id), d)})
	}
	s.cfg.Logger.Info("documents uploaded", "documents", up.ids(), "request_id", c.GetString(requestIDKey))
	c.JSON(http.StatusOK, res)
}

// refresher is a source that builds the model of the store as it is now, rather than
// answering with the current one while a newer one is built; model.Reader is one.
type refresher interface {
	Refresh(ctx context.Context) (*model.Model, error)
}

// modelAfterWrite is the model with the request's own write in it: the writer waits for
// the model of its write, the other requests go on with the current one meanwhile.
func (s *Server) modelAfterWrite(ctx context.Context) (*model.Model, error) {
	if r, ok := s.cfg.Source.(refresher); ok {
		return r.Refresh(ctx)
	}
	return s.cfg.Source.Model(ctx)
}

// loadStatus says what an upload did to a document: added when it was not stored,
// unchanged when the store reads it back as it was, replaced otherwise.
func loadStatus(before, after *model.Document) string {
	switch {
	case before == nil:
		return StatusAdded
	case before.Document == after.Document || reflect.DeepEqual(before.Document, after.Document):
		return StatusUnchanged
	}
	return StatusReplaced
}

// deleteDocument answers DELETE /documents/{id}: the document's quads, and with them its
// search entries, go in one transaction.
func (s *Server) deleteDocument(c *gin.Context) {
	if !s.authorize(c) {
		return
	}
	ctx := c.Request.Context()
	id := strings.TrimPrefix(c.Param("id"), "doc:")
	s.writes.Lock()
	defer s.writes.Unlock()
	err := s.cfg.Writer.Delete(ctx, id)
	if errors.Is(err, graph.ErrNotFound) {
		fail(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: fmt.Sprintf("no document has the ID %q", id)})
		return
	}
	if err != nil {
		s.storeFailed(c, "delete a document", err, "the graph store did not take the delete: nothing was deleted")
		return
	}
	if _, err := s.modelAfterWrite(ctx); err != nil {
		s.storeFailed(c, "read the store after a delete", err, "the document was deleted, but the graph store could not be read back")
		return
	}
	s.cfg.Logger.Info("document deleted", "document", id, "request_id", c.GetString(requestIDKey))
	c.JSON(http.StatusOK, gin.H{"deleted": id})
}

// Messages of a write the store did not take, or took and could not read back.
const (
	msgNothingWritten = "the graph store did not take the upload: nothing was written"
	msgWrittenNotRead = "the documents were written, but the graph store could not be read back: query them to see"
)

// storeFailed answers a write the store did not take (or took and could not read back)
// with msg, logging the store's error: store errors are not for clients.
func (s *Server) storeFailed(c *gin.Context, what string, err error, msg string) {
	s.cfg.Logger.Error("documents: "+what, "err", err, "request_id", c.GetString(requestIDKey))
	fail(c, http.StatusServiceUnavailable, apiError{Code: errcode.StoreUnavailable, Message: msg})
}
