package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
)

// params are the GraphQL-over-HTTP request parameters.
type params struct {
	Query         string
	OperationName string
	Variables     map[string]any
	Extensions    map[string]any
}

// httpError is a request that is not a well-formed GraphQL-over-HTTP request.
type httpError struct {
	status int
	code   errcode.Code
	msg    string
}

func badRequest(format string, a ...any) *httpError {
	return &httpError{http.StatusBadRequest, errcode.BadRequest, fmt.Sprintf(format, a...)}
}

// readParams reads the parameters of a GET (URL query) or POST (JSON body) request.
func (s *Server) readParams(c *gin.Context) (params, *httpError) {
	if c.Request.Method == http.MethodGet {
		return s.readQueryString(c)
	}
	return s.readBody(c)
}

func (s *Server) readQueryString(c *gin.Context) (params, *httpError) {
	var p params
	if limit := s.cfg.Limits.MaxBodyBytes; limit > 0 && int64(len(c.Request.URL.RawQuery)) > limit {
		return p, &httpError{http.StatusRequestURITooLong, errcode.PayloadTooLarge,
			fmt.Sprintf("the URL query is over the limit of %d bytes: send the query by POST or as a persisted query", limit)}
	}
	q := c.Request.URL.Query()
	p.Query = q.Get("query")
	p.OperationName = q.Get("operationName")
	for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
		if v := q.Get(name); v != "" {
			if err := decodeObject(json.RawMessage(v), dst); err != nil {
				return p, badRequest("%s is not a JSON object: %v", name, err)
			}
		}
	}
	return p, nil
}

func (s *Server) readBody(c *gin.Context) (params, *httpError) {
	var p params
	ct := c.GetHeader("Content-Type")
	mt, mtParams, err := mime.ParseMediaType(ct)
	switch {
	case ct == "" || err == nil && mt == "text/plain":
		return p, badRequest("a POST needs the header Content-Type: application/json")
	case err != nil:
		return p, badRequest("Content-Type %q cannot be read: %v", ct, err)
	case mt != mediaJSON && mt != "application/graphql":
		return p, &httpError{http.StatusUnsupportedMediaType, errcode.BadRequest,
			fmt.Sprintf("Content-Type %s is not supported: send application/json", mt)}
	case mtParams["charset"] != "" && !strings.EqualFold(mtParams["charset"], "utf-8"):
		return p, &httpError{http.StatusUnsupportedMediaType, errcode.BadRequest,
			fmt.Sprintf("charset %s is not supported: send utf-8", mtParams["charset"])}
	}
	raw, err := s.body(c)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return p, &httpError{http.StatusRequestEntityTooLarge, errcode.PayloadTooLarge,
				fmt.Sprintf("the request body is over the limit of %d bytes", tooLarge.Limit)}
		}
		return p, badRequest("the request body could not be read: %v", err)
	}
	if mt == "application/graphql" {
		p.Query = string(raw)
		return p, nil
	}
	if herr := decodeParams(raw, &p); herr != nil {
		return p, herr
	}
	return p, nil
}

// body is the request body: the one answerFromCache read, or else read within the limit.
func (s *Server) body(c *gin.Context) ([]byte, error) {
	if b, ok := c.Get(bodyKeyName); ok {
		return b.([]byte), nil
	}
	body := io.Reader(c.Request.Body)
	if limit := s.cfg.Limits.MaxBodyBytes; limit > 0 {
		body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	return io.ReadAll(body)
}

// decodeParams fills p from a JSON body, checking the type of every parameter the
// specification names.
func decodeParams(raw []byte, p *params) *httpError {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 {
		return badRequest("the request body is empty: send {\"query\": \"…\"}")
	}
	if trimmed[0] == '[' {
		return &httpError{http.StatusBadRequest, errcode.BatchNotSupported,
			"batched queries (a JSON array) are not supported: send one operation per request"}
	}
	// One pass over the body: the parameters are read from its generic decoding, which
	// keeps the keys exact, as the specification's names are.
	var fields map[string]any
	if err := json.Unmarshal(trimmed, &fields); err != nil {
		return badRequest("the body is not a JSON object: %v", err)
	}
	for name, dst := range map[string]*string{"query": &p.Query, "operationName": &p.OperationName} {
		if v, ok := fields[name]; ok && v != nil {
			s, isString := v.(string)
			if !isString {
				return badRequest("%s must be a string", name)
			}
			*dst = s
		}
	}
	for name, dst := range map[string]*map[string]any{"variables": &p.Variables, "extensions": &p.Extensions} {
		if v, ok := fields[name]; ok && v != nil {
			obj, isObject := v.(map[string]any)
			if !isObject {
				return badRequest("%s must be a JSON object: not an object", name)
			}
			*dst = obj
		}
	}
	return nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// decodeObject decodes a JSON object or null into dst.
func decodeObject(v json.RawMessage, dst *map[string]any) error {
	if isNull(v) {
		return nil
	}
	if t := bytes.TrimSpace(v); len(t) == 0 || t[0] != '{' {
		return errors.New("not an object")
	}
	return json.Unmarshal(v, dst)
}
