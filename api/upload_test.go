package api

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// The upload fixtures are invented: a plan of 青峰 whose measures （一） to （三） name 市医保局
// (it leads （一） and （二）), and a notice of the same city with no numbered item, which is
// not a plan.
const (
	planFile  = "testdata/upload/qingfeng-plan.txt"
	notesFile = "testdata/upload/qingfeng-notes.txt"
	// planMeasures and planWithBureau are counted by reading the plan.
	planMeasures   = 4
	planWithBureau = 3
	testToken      = "test-write-token"
)

// part is a file of a multipart upload.
type part struct {
	field, name string
	data        []byte
}

func fileParts(t *testing.T, paths ...string) []part {
	t.Helper()
	var out []part
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, part{"file", filepath.Base(p), b})
	}
	return out
}

// multipartBody writes parts as a multipart/form-data body.
func multipartBody(t *testing.T, parts []part) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		w, err := mw.CreateFormFile(p.field, p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(p.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), mw.FormDataContentType()
}

// upload sends parts to POST target with headers.
func upload(t *testing.T, h http.Handler, target string, parts []part, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	body, ct := multipartBody(t, parts)
	return call(h, http.MethodPost, target, body, append([]string{"Content-Type: " + ct}, headers...)...)
}

// writableServer is a server over an empty store of url that takes documents with token
// ("" for a read-only server); edit changes its configuration further.
func writableServer(t *testing.T, url, token string, edit func(*Config)) (http.Handler, *model.Reader) {
	t.Helper()
	store, err := graph.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	r := model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))
	s := newServer(t, r, func(c *Config) {
		c.Writer, c.WriteToken, c.MaxUploadBytes = store, token, DefaultMaxUploadBytes
		if edit != nil {
			edit(c)
		}
	})
	return s.Handler(), r
}

// bureauMeasures asks the question the issue checks loading with: the measures of 市医保局
// in 青峰.
func bureauMeasures(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := postJSON(h, map[string]any{"query": `{ measures(agency: "市医保局", city: "青峰") { totalCount } }`})
	var out struct {
		Data struct{ Measures struct{ TotalCount int } }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	return out.Data.Measures.TotalCount
}

// restError decodes an error answer of the REST endpoints.
func restError(t *testing.T, rec *httptest.ResponseRecorder) apiError {
	t.Helper()
	var out struct{ Error apiError }
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Error.Code == "" {
		t.Fatalf("not an error answer (%v): %s", err, rec.Body)
	}
	return out.Error
}

func storeVersion(t *testing.T, r *model.Reader) string {
	t.Helper()
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m.Version
}

func TestUploadReadOnly(t *testing.T) {
	h, r := writableServer(t, "memory", "", nil)
	before := storeVersion(t, r)
	for _, rec := range []*httptest.ResponseRecorder{
		upload(t, h, "/documents", fileParts(t, planFile), "Authorization: Bearer "+testToken),
		call(h, http.MethodDelete, "/documents/qingfeng-plan", "", "Authorization: Bearer "+testToken),
	} {
		if rec.Code != http.StatusForbidden || restError(t, rec).Code != "READ_ONLY" {
			t.Errorf("%d %s, want 403 READ_ONLY", rec.Code, rec.Body)
		}
	}
	if storeVersion(t, r) != before || bureauMeasures(t, h) != 0 {
		t.Error("a read-only server wrote")
	}
	var info Info
	json.Unmarshal(call(h, http.MethodGet, "/api/info", "").Body.Bytes(), &info)
	if info.Writable {
		t.Error("/api/info says a server without a token is writable")
	}
}

func TestUploadNeedsTheToken(t *testing.T) {
	h, r := writableServer(t, "memory", testToken, nil)
	before := storeVersion(t, r)
	for _, headers := range [][]string{
		nil,
		{"Authorization: Bearer wrong-token"},
		{"Authorization: Bearer " + testToken + "x"},
		{"Authorization: Basic " + testToken},
		{"Authorization: Bearer"},
	} {
		rec := upload(t, h, "/documents", fileParts(t, planFile), headers...)
		if rec.Code != http.StatusUnauthorized || restError(t, rec).Code != "UNAUTHENTICATED" || rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%v: %d %s, want 401 UNAUTHENTICATED", headers, rec.Code, rec.Body)
		}
	}
	if rec := call(h, http.MethodDelete, "/documents/qingfeng-plan", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("DELETE without a token: %d", rec.Code)
	}
	if storeVersion(t, r) != before || bureauMeasures(t, h) != 0 {
		t.Error("a request without the token wrote")
	}
}

// TestUploadAnswerableAtOnce loads the 青峰 plan through HTTP, asks for it at once, loads it
// again unchanged and changed, and deletes it, on memory and on the embedded store.
func TestUploadAnswerableAtOnce(t *testing.T) {
	for _, url := range []string{"memory", "bolt:" + filepath.Join(t.TempDir(), "db")} {
		t.Run(strings.SplitN(url, ":", 2)[0], func(t *testing.T) {
			h, _ := writableServer(t, url, testToken, nil)
			auth := "Authorization: Bearer " + testToken
			loaded := func(parts []part) LoadedDocument {
				t.Helper()
				rec := upload(t, h, "/documents", parts, auth)
				var res UploadResult
				if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil || len(res.Loaded) != 1 {
					t.Fatalf("%d %s", rec.Code, rec.Body)
				}
				return res.Loaded[0]
			}
			want := LoadedDocument{ID: "qingfeng-plan", Title: "青峰市深化医疗保障制度改革实施方案", Source: "qingfeng-plan.txt", Measures: planMeasures, Status: StatusAdded}
			if got := loaded(fileParts(t, planFile)); got != want {
				t.Errorf("loaded %+v, want %+v", got, want)
			}
			if got := bureauMeasures(t, h); got != planWithBureau {
				t.Errorf("measures of 市医保局 in 青峰 right after the upload: %d, want %d", got, planWithBureau)
			}
			want.Status = StatusUnchanged
			if got := loaded(fileParts(t, planFile)); got != want {
				t.Errorf("loaded again: %+v, want %+v", got, want)
			}
			// The same file with its fourth measure dropped replaces the first load.
			text, _ := os.ReadFile(planFile)
			cut := strings.Index(string(text), "（四）")
			want.Status, want.Measures = StatusReplaced, planMeasures-1
			if got := loaded([]part{{"file", "qingfeng-plan.txt", text[:cut]}}); got != want {
				t.Errorf("loaded changed: %+v, want %+v", got, want)
			}

			search := func() int {
				rec := postJSON(h, map[string]any{"query": `{ search(text: "青峰紫苏膏") { totalCount } }`})
				var out struct {
					Data struct{ Search struct{ TotalCount int } }
				}
				json.Unmarshal(rec.Body.Bytes(), &out)
				return out.Data.Search.TotalCount
			}
			loaded(fileParts(t, planFile))
			if search() == 0 {
				t.Fatal("the uploaded plan's 青峰紫苏膏 is not found by search")
			}
			rec := call(h, http.MethodDelete, "/documents/qingfeng-plan", "", auth)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"deleted":"qingfeng-plan"`) {
				t.Fatalf("DELETE: %d %s", rec.Code, rec.Body)
			}
			if got := bureauMeasures(t, h); got != 0 {
				t.Errorf("measures of 市医保局 in 青峰 after the delete: %d", got)
			}
			if got := search(); got != 0 {
				t.Errorf("search still finds the deleted plan %d times", got)
			}
			rec = call(h, http.MethodDelete, "/documents/doc:qingfeng-plan", "", auth)
			if rec.Code != http.StatusNotFound || restError(t, rec).Code != "NOT_FOUND" {
				t.Errorf("DELETE of a deleted document: %d %s, want 404 NOT_FOUND", rec.Code, rec.Body)
			}
		})
	}
}

func TestUploadRefusesBadFiles(t *testing.T) {
	h, r := writableServer(t, "memory", testToken, func(c *Config) { c.MaxUploadBytes = 4 << 10 })
	plan := fileParts(t, planFile)
	big := part{"file", "big.txt", bytes.Repeat([]byte("一"), 2<<10)}
	tests := []struct {
		name   string
		parts  []part
		status int
		code   errcode.Code
		file   string // the file the error names
		says   string // words of the message
	}{
		{"not a plan among plans", append(plan, fileParts(t, notesFile)...), 422, "BAD_USER_INPUT", "qingfeng-notes.txt", "no measures found"},
		{"binary", append(plan, part{"file", "scan.txt", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 1, 2, 3}}), 422, "BAD_USER_INPUT", "scan.txt", "binary"},
		{"empty", append(plan, part{"file", "empty.txt", nil}), 422, "BAD_USER_INPUT", "empty.txt", "empty"},
		{"bad manifest", append(plan, part{"file", "manifest.json", []byte("{")}), 422, "BAD_USER_INPUT", "manifest.json", "not a manifest"},
		{"twice", append(plan, plan...), 422, "BAD_USER_INPUT", "qingfeng-plan.txt", "twice"},
		{"too large", append(plan, big), 413, "PAYLOAD_TOO_LARGE", "", "--max-upload-bytes"},
		{"other field", []part{{"document", "qingfeng-plan.txt", plan[0].data}}, 400, "BAD_REQUEST", "", "part named file"},
		{"nothing", nil, 400, "BAD_REQUEST", "", "no file"},
	}
	before := storeVersion(t, r)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := upload(t, h, "/documents", tt.parts, "Authorization: Bearer "+testToken)
			if rec.Code != tt.status {
				t.Fatalf("%d %s, want %d", rec.Code, rec.Body, tt.status)
			}
			e := restError(t, rec)
			if e.Code != tt.code || e.File != tt.file || !strings.Contains(e.Message, tt.says) {
				t.Errorf("error %+v, want %s naming %q and saying %q", e, tt.code, tt.file, tt.says)
			}
			if tt.file != "" && !strings.Contains(e.Message, tt.file) {
				t.Errorf("the message %q does not name %s", e.Message, tt.file)
			}
			if storeVersion(t, r) != before || bureauMeasures(t, h) != 0 {
				t.Error("a refused upload wrote")
			}
		})
	}
	rec := call(h, http.MethodPost, "/documents", `{"file": "x"}`, "Content-Type: application/json", "Authorization: Bearer "+testToken)
	if rec.Code != http.StatusUnsupportedMediaType {
		t.Errorf("a JSON body: %d %s, want 415", rec.Code, rec.Body)
	}
}

// TestUploadWithManifest sends a manifest with the plan, as policykg load does for a
// folder: the plan takes the ID, date and status the manifest gives.
func TestUploadWithManifest(t *testing.T) {
	h, r := writableServer(t, "memory", testToken, nil)
	man := `{"documents": [{"file": "qingfeng-plan.txt", "id": "qf-medical-insurance", "date": "2024-05-06", "status": "DRAFT"}]}`
	rec := upload(t, h, "/documents", append(fileParts(t, planFile), part{"file", "manifest.json", []byte(man)}), "Authorization: Bearer "+testToken)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"id":"qf-medical-insurance"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	m, err := r.Model(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	d := m.Document("qf-medical-insurance")
	if d == nil || d.Date != "2024-05-06" || d.Status != policy.StatusDraft {
		t.Errorf("the manifest was not applied: %+v", d)
	}
}

// TestPreview checks that /preview answers the document as policykg extract prints it
// (the loader's JSON), needs no token and stores nothing.
func TestPreview(t *testing.T) {
	h, r := writableServer(t, "memory", "", nil)
	before := storeVersion(t, r)
	rec := upload(t, h, "/preview", fileParts(t, planFile))
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var got struct{ Document json.RawMessage }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	d, err := loader.DefaultNames().LoadFile(context.Background(), planFile)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.Encode(d)
	if !bytes.Equal(bytes.TrimSpace(got.Document), bytes.TrimSpace(want.Bytes())) {
		t.Errorf("the preview differs from extract's JSON:\n%s\nwant\n%s", got.Document, want.Bytes())
	}
	var doc policy.Document
	json.Unmarshal(got.Document, &doc)
	if len(doc.Measures) != planMeasures || doc.Measures[0].Responsibilities[0].Agency.Name != "市医保局" || doc.Measures[0].Responsibilities[0].Role != policy.RoleLead {
		t.Errorf("preview: %d measures, first led by %+v", len(doc.Measures), doc.Measures[0].Responsibilities)
	}
	if storeVersion(t, r) != before {
		t.Error("a preview wrote to the store")
	}
	for _, tt := range []struct {
		parts []part
		file  string
	}{
		{fileParts(t, notesFile), "qingfeng-notes.txt"},
		{append(fileParts(t, planFile), fileParts(t, notesFile)...), ""},
	} {
		rec := upload(t, h, "/preview", tt.parts)
		if rec.Code == http.StatusOK || restError(t, rec).File != tt.file {
			t.Errorf("preview of %d files: %d %s", len(tt.parts), rec.Code, rec.Body)
		}
	}
}

func TestInfoWritable(t *testing.T) {
	h, r := writableServer(t, "memory", testToken, nil)
	var info Info
	rec := call(h, http.MethodGet, "/api/info", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &info); err != nil || !info.Writable || info.Version != storeVersion(t, r) {
		t.Errorf("/api/info: %s (store version %q)", rec.Body, storeVersion(t, r))
	}
	before := info.Version
	upload(t, h, "/documents", fileParts(t, planFile), "Authorization: Bearer "+testToken)
	json.Unmarshal(call(h, http.MethodGet, "/api/info", "").Body.Bytes(), &info)
	if info.Version == before {
		t.Error("the version did not move with an upload")
	}
}

// TestWarningsOverHTTP checks that a name that matches nothing is answered with
// extensions.warnings, the same from the result cache.
func TestWarningsOverHTTP(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	q := map[string]any{"query": `{ measures(agency: "医保局", city: "济宁") { totalCount } }`}
	for i := range 2 {
		rec := postJSON(h, q)
		var out struct {
			Extensions struct {
				Warnings []struct {
					Code, Message string
					Suggestions   []struct{ Name, City string }
				}
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatal(err)
		}
		w := out.Extensions.Warnings
		if len(w) != 1 || w[0].Code != "UNKNOWN_NAME" || !strings.Contains(w[0].Message, "市医保局") {
			t.Errorf("request %d: %s", i+1, rec.Body)
		}
	}
	rec := postJSON(h, map[string]any{"query": `{ measures(agency: "市医保局", city: "济宁") { totalCount } }`})
	if strings.Contains(rec.Body.String(), "extensions") {
		t.Errorf("a known name got %s", rec.Body)
	}
}

// TestClient runs the client policykg load hands files over with against a real listener.
func TestClient(t *testing.T) {
	h, _ := writableServer(t, "memory", testToken, nil)
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx := context.Background()
	files := []UploadFile{{Name: "qingfeng-plan.txt", Path: planFile}}

	info, err := (&Client{URL: srv.URL}).Info(ctx)
	if err != nil || !info.Writable {
		t.Fatalf("info %+v, %v", info, err)
	}
	if _, err := (&Client{URL: srv.URL, Token: "wrong"}).Upload(ctx, files); !IsUnauthenticated(err) {
		t.Errorf("a wrong token: %v", err)
	}
	bad := append(files, UploadFile{Name: "qingfeng-notes.txt", Path: notesFile})
	_, err = (&Client{URL: srv.URL, Token: testToken}).Upload(ctx, bad)
	if err == nil || !strings.Contains(err.Error(), "qingfeng-notes.txt") {
		t.Errorf("a bad file: %v", err)
	}
	res, err := (&Client{URL: srv.URL, Token: testToken}).Upload(ctx, files)
	if err != nil || len(res.Loaded) != 1 || res.Loaded[0].Measures != planMeasures {
		t.Fatalf("upload: %+v, %v", res, err)
	}

	ro, _ := writableServer(t, "memory", "", nil)
	roSrv := httptest.NewServer(ro)
	defer roSrv.Close()
	if _, err := (&Client{URL: roSrv.URL, Token: testToken}).Upload(ctx, files); !IsReadOnly(err) {
		t.Errorf("a read-only server: %v", err)
	}
}

// TestUploadNQuads moves the 青峰 plan from one server to another as an N-Quads export, as
// policykg load reads .nq files, and refuses a broken export with nothing written.
func TestUploadNQuads(t *testing.T) {
	auth := "Authorization: Bearer " + testToken
	from, _ := writableServer(t, "memory", testToken, nil)
	if rec := upload(t, from, "/documents", fileParts(t, planFile), auth); rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rec := call(from, http.MethodGet, "/export/nquads?document=qingfeng-plan", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("export: %d %s", rec.Code, rec.Body)
	}
	nq := rec.Body.Bytes()

	to, r := writableServer(t, "memory", testToken, nil)
	before := storeVersion(t, r)
	broken := part{"file", "broken.nq", bytes.ReplaceAll(nq, []byte("<"+graph.IDBase+"doc:qingfeng-plan> ."), []byte("<elsewhere> ."))}
	rec = upload(t, to, "/documents", []part{{"file", "qingfeng.nq", nq}, broken}, auth)
	if rec.Code != http.StatusUnprocessableEntity || restError(t, rec).File != "broken.nq" || !strings.Contains(restError(t, rec).Message, "not labelled with a document") {
		t.Errorf("a broken export: %d %s, want 422 naming broken.nq and its unlabelled quads", rec.Code, rec.Body)
	}
	if storeVersion(t, r) != before {
		t.Error("a refused export wrote")
	}
	rec = upload(t, to, "/documents", []part{{"file", "qingfeng.nq", nq}}, auth)
	var res UploadResult
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &res) != nil {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	want := []LoadedDocument{{ID: "qingfeng-plan", Title: "青峰市深化医疗保障制度改革实施方案", Source: "qingfeng-plan.txt", Measures: planMeasures, Status: StatusAdded}}
	if len(res.Loaded) != 1 || res.Loaded[0] != want[0] {
		t.Errorf("loaded %+v, want %+v", res.Loaded, want)
	}
	if got := bureauMeasures(t, to); got != planWithBureau {
		t.Errorf("measures of 市医保局 in 青峰 from the export: %d, want %d", got, planWithBureau)
	}
}
