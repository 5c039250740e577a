package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ServerFileName is the file a running serve leaves in the folder of the embedded store
// it holds, so that policykg load, which cannot open the store while serve has it, can
// hand its files to serve instead. It names the server's address and process, never its
// token.
const ServerFileName = "serve.json"

// ServerFile is what the server file says.
type ServerFile struct {
	// URL is where the server answers, as this machine reaches it (http://127.0.0.1:8080).
	URL string `json:"url"`
	PID int    `json:"pid"`
	// Started is when the server started serving, RFC 3339.
	Started string `json:"started"`
}

// WriteServerFile writes the server file into dir; remove deletes it again unless
// another server has written its own since.
func WriteServerFile(dir, url string) (remove func(), err error) {
	sf := ServerFile{URL: url, PID: os.Getpid(), Started: time.Now().UTC().Format(time.RFC3339)}
	b, err := json.MarshalIndent(sf, "", "  ")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, ServerFileName)
	// Written aside and renamed, so that a load never reads half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return func() {
		if cur, err := ReadServerFile(dir); err == nil && cur.PID == sf.PID && cur.Started == sf.Started {
			os.Remove(path)
		}
	}, nil
}

// ReadServerFile reads the server file of dir.
func ReadServerFile(dir string) (ServerFile, error) {
	var sf ServerFile
	path := filepath.Join(dir, ServerFileName)
	b, err := os.ReadFile(path)
	if err != nil {
		return sf, err
	}
	if err := json.Unmarshal(b, &sf); err != nil {
		return sf, fmt.Errorf("read %s: %w", path, err)
	}
	if sf.URL == "" {
		return sf, fmt.Errorf("%s names no server address", path)
	}
	return sf, nil
}

// Info is the answer of GET /api/info.
type Info struct {
	Writable bool   `json:"writable"`
	Version  string `json:"version"`
}

// RemoteError is an error answer of a policykg server.
type RemoteError struct {
	Status  int
	Code    string
	Message string
	File    string
}

func (e *RemoteError) Error() string {
	if e.File != "" && !strings.Contains(e.Message, e.File) {
		return fmt.Sprintf("%s: %s (%s)", e.File, e.Message, e.Code)
	}
	return fmt.Sprintf("%s (%s)", e.Message, e.Code)
}

// Client talks to a running policykg server's REST endpoints.
type Client struct {
	// URL is the server's base URL (http://127.0.0.1:8080).
	URL string
	// Token is the write token, sent as a bearer token with uploads.
	Token string
	// HTTP is the client used; nil means http.DefaultClient.
	HTTP *http.Client
}

func (c *Client) http() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

// Info asks the server whether it takes documents.
func (c *Client) Info(ctx context.Context) (Info, error) {
	var info Info
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(c.URL, "/")+"/api/info", nil)
	if err != nil {
		return info, err
	}
	err = c.do(req, &info)
	return info, err
}

// UploadFile is a file to upload: the file at Path, or Data when Path is empty, sent
// under Name.
type UploadFile struct {
	Name string
	Path string
	Data []byte
}

// Upload sends files to POST /documents in one request, streaming them from disk.
func (c *Client) Upload(ctx context.Context, files []UploadFile) (*UploadResult, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() { pw.CloseWithError(writeParts(mw, files)) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.URL, "/")+"/documents", pr)
	if err != nil {
		pr.Close()
		return nil, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.Token)
	var res UploadResult
	if err := c.do(req, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// writeParts writes each file as a part named file, then closes the body.
func writeParts(mw *multipart.Writer, files []UploadFile) error {
	for _, f := range files {
		w, err := mw.CreateFormFile("file", f.Name)
		if err != nil {
			return err
		}
		if f.Path == "" {
			if _, err := w.Write(f.Data); err != nil {
				return err
			}
			continue
		}
		if err := copyFile(w, f.Path); err != nil {
			return err
		}
	}
	return mw.Close()
}

func copyFile(w io.Writer, path string) error {
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	if _, err := io.Copy(w, r); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// do sends a request and decodes a 200 answer into out, or the error answer.
func (c *Client) do(req *http.Request, out any) error {
	resp, err := c.http().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("read the answer of %s: %w", req.URL, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error apiError }
		if json.Unmarshal(body, &e) == nil && e.Error.Code != "" {
			return &RemoteError{Status: resp.StatusCode, Code: string(e.Error.Code), Message: e.Error.Message, File: e.Error.File}
		}
		return &RemoteError{Status: resp.StatusCode, Code: http.StatusText(resp.StatusCode), Message: fmt.Sprintf("%s answered %s", req.URL, resp.Status)}
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("the answer of %s is not what policykg serve sends: %w", req.URL, err)
	}
	return nil
}

// IsReadOnly tells whether err is a server's answer that it takes no documents.
func IsReadOnly(err error) bool {
	var re *RemoteError
	return errors.As(err, &re) && re.Code == string(codeReadOnly)
}

// IsUnauthenticated tells whether err is a server's answer that the token is missing or wrong.
func IsUnauthenticated(err error) bool {
	var re *RemoteError
	return errors.As(err, &re) && re.Code == string(codeUnauthenticated)
}
