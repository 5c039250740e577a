package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/policykg/policykg/errcode"
)

// Codes of the HTTP answers of the write endpoints (POST /documents, DELETE
// /documents/{id}) and of the preview, from the catalogue (docs/API.md).
const (
	codeReadOnly        = errcode.ReadOnly
	codeUnauthenticated = errcode.Unauthenticated
	codeNotFound        = errcode.NotFound
	codeBadRequest      = errcode.BadRequest
	codeBadUserInput    = errcode.BadUserInput
	codeUnsupportedType = errcode.UnsupportedMediaType
	codeInternal        = errcode.Internal
)

// apiError is the body of an error answer outside GraphQL (the REST endpoints, exports):
// {"error": {"code", "message", "file", "requestId"}}.
type apiError struct {
	Code    errcode.Code `json:"code"`
	Message string       `json:"message"`
	// File is the uploaded file the error is about, when it is about one.
	File      string `json:"file,omitempty"`
	RequestID string `json:"requestId"`
}

// fail answers a request outside GraphQL with an error, with the request's id.
func fail(c *gin.Context, status int, e apiError) {
	e.RequestID = c.GetString(requestIDKey)
	c.AbortWithStatusJSON(status, gin.H{"error": e})
}

// writable tells whether the server takes documents: it has a store to write and a token
// to check.
func (s *Server) writable() bool { return s.cfg.Writer != nil && s.cfg.WriteToken != "" }

// authorize lets a write through when it carries the write token as a bearer token, and
// answers it otherwise: 403 READ_ONLY when the server has no token (it never takes
// writes), 401 UNAUTHENTICATED when the token is missing or wrong.
func (s *Server) authorize(c *gin.Context) bool {
	if !s.writable() {
		fail(c, http.StatusForbidden, apiError{Code: codeReadOnly,
			Message: "this server is read-only: it takes documents only when started with --write-token TOKEN or with POLICYKG_WRITE_TOKEN set"})
		return false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(c.GetHeader("Authorization")), " ")
	if !strings.EqualFold(scheme, "Bearer") || !sameToken(strings.TrimSpace(token), s.cfg.WriteToken) {
		c.Header("WWW-Authenticate", `Bearer realm="policykg"`)
		fail(c, http.StatusUnauthorized, apiError{Code: codeUnauthenticated,
			Message: "writes need the header Authorization: Bearer TOKEN, with the token the server was started with"})
		return false
	}
	return true
}

// sameToken compares tokens in constant time; hashing them first hides their lengths too.
func sameToken(given, want string) bool {
	g, w := sha256.Sum256([]byte(given)), sha256.Sum256([]byte(want))
	return given != "" && subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
