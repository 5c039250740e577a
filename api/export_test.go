package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/policykg/policykg/export"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/schema/seedtruth"
)

// countElements parses XML with encoding/xml and counts elements by local name.
func countElements(t *testing.T, b []byte) map[string]int {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	n := map[string]int{}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return n
		}
		if err != nil {
			t.Fatalf("not XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			n[se.Name.Space+" "+se.Name.Local]++
		}
	}
}

// TestExportRoutes fetches each export of the seeds and parses it back. Figures counted by
// hand from the seed texts: the final 济宁 plan names 17 agencies that form 46 pairs, 滨州's
// 32 measures name 85 bureaus and 64 IMPLEMENTER bodies.
func TestExportRoutes(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	const gml, gexf, svg = export.GraphMLNamespace, export.GEXFNamespace, "http://www.w3.org/2000/svg"
	tests := []struct {
		target, contentType, file string
		check                     func(t *testing.T, b []byte)
	}{
		{"/export/graphml?document=jining-plan-final", "application/graphml+xml", "policykg-jining-plan-final.graphml", func(t *testing.T, b []byte) {
			if n := countElements(t, b); n[gml+" node"] != 17 || n[gml+" edge"] != 46 || n[gml+" key"] == 0 {
				t.Errorf("GraphML elements %v", n)
			}
		}},
		{"/export/gexf", "application/gexf+xml", "policykg.gexf", func(t *testing.T, b []byte) {
			// Both cities' final texts: 17 agencies of 济宁's final plan, 13 of 滨州.
			if n := countElements(t, b); n[gexf+" node"] != 30 {
				t.Errorf("GEXF elements %v", n)
			}
		}},
		{"/export/gexf?status=FINAL,DRAFT", "application/gexf+xml", "policykg.gexf", func(t *testing.T, b []byte) {
			// And the draft's: 20 agencies of 济宁's two plans.
			if n := countElements(t, b); n[gexf+" node"] != 33 {
				t.Errorf("GEXF elements %v", n)
			}
		}},
		{"/export/CSV?document=binzhou-measures-2024", "text/csv", "policykg-binzhou-measures-2024.csv", func(t *testing.T, b []byte) {
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) != 1+85+64 {
				t.Errorf("CSV: err %v, %d rows", err, len(rows))
			}
		}},
		{"/export/nquads?document=doc:jining-health-news", "application/n-quads", "policykg-jining-health-news.nq", func(t *testing.T, b []byte) {
			r := nquads.NewReader(bytes.NewReader(b), false)
			n := 0
			for {
				q, err := r.ReadQuad()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("N-Quads: %v", err)
				}
				if q.Label != quad.IRI("https://policykg.org/id/doc:jining-health-news") {
					t.Fatalf("quad of another document: %s", q.NQuad())
				}
				n++
			}
			if n == 0 {
				t.Error("no quads")
			}
		}},
		{"/network.svg?document=jining-plan-final", "image/svg+xml", "", func(t *testing.T, b []byte) {
			if n := countElements(t, b); n[svg+" circle"] != 17 || n[svg+" line"] != 46 {
				t.Errorf("SVG elements %v", n)
			}
			if !bytes.Contains(b, []byte("市卫生健康委 (牵头 24 · 配合 4)")) {
				t.Error("the label of 市卫生健康委 does not show its lead count")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := call(h, http.MethodGet, tt.target, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tt.contentType)
			}
			cd := rec.Header().Get("Content-Disposition")
			if tt.file == "" && cd != "" || tt.file != "" && cd != `attachment; filename="`+tt.file+`"` {
				t.Errorf("Content-Disposition %q, want file %q", cd, tt.file)
			}
			tt.check(t, rec.Body.Bytes())
		})
	}
}

// modelOnly is a graph source that cannot export.
type modelOnly struct{ r *model.Reader }

func (m modelOnly) Model(ctx context.Context) (*model.Model, error) { return m.r.Model(ctx) }

func TestExportRouteErrors(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	tests := []struct {
		target string
		status int
		want   string
	}{
		{"/export/xlsx", http.StatusNotFound, `"code":"NOT_FOUND","message":"no export format \"xlsx\"`},
		{"/export/csv?document=nope", http.StatusNotFound, `"code":"NOT_FOUND","message":"no document \"nope\" is loaded"`},
		{"/network.svg?document=nope", http.StatusNotFound, `no document \"nope\"`},
		// What is not understood is refused, never ignored.
		{"/export/csv?doc=jining-plan-final", http.StatusBadRequest, `"code":"BAD_REQUEST","message":"unknown parameter \"doc\"`},
		{"/export/graphml?bom=true", http.StatusBadRequest, `unknown parameter \"bom\"`},
		{"/network.svg?table=targets", http.StatusBadRequest, `unknown parameter \"table\"`},
		{"/export/csv?document=a&document=b", http.StatusBadRequest, `parameter \"document\" is given 2 times`},
		{"/export/csv?status=CURRENT", http.StatusBadRequest, `parameter \"status\"`},
		{"/export/csv?bom=maybe", http.StatusBadRequest, `parameter \"bom\" is \"maybe\"`},
		{"/export/csv?table=sheets", http.StatusBadRequest, `parameter \"table\"`},
	}
	for _, tt := range tests {
		rec := call(h, http.MethodGet, tt.target, "")
		if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.want) {
			t.Errorf("%s: %d %s, want %d saying %s", tt.target, rec.Code, rec.Body.String(), tt.status, tt.want)
		}
	}
	plain := newServer(t, modelOnly{sharedSeeds(t)}, nil).Handler()
	if rec := call(plain, http.MethodGet, "/export/csv", ""); rec.Code != http.StatusNotImplemented {
		t.Errorf("a source that cannot export: %d", rec.Code)
	}
}

// TestExportSelection: the CSV tables and filters over HTTP, counted against what a reader
// wrote down from the seed texts.
func TestExportSelection(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	finalTargets, _ := seedtruth.Values(t, "jining-plan-final")
	_, observed := seedtruth.Values(t, "jining-health-news")
	tests := []struct {
		target string
		rows   int
		first  string // the header's first column
	}{
		{"/export/csv?document=jining-plan-final&table=targets", len(finalTargets), "document"},
		{"/export/csv?table=observations", len(observed), "document"},
		// 滨州's 149 responsibilities (85 bureaus, 64 IMPLEMENTER rows); the draft's 81.
		{"/export/csv?city=滨州", 149, "document"},
		{"/export/csv?status=DRAFT", 81, "document"},
		{"/export/csv?status=final&city=济宁", 78, "document"},
		// The jurisdiction as the loader reads it from the title, with or without 市.
		{"/export/csv?jurisdiction=滨州市", 149, "document"},
		{"/export/csv?jurisdiction=济宁&status=final,draft&table=measures", 28 + 28, "document"},
		{"/export/csv?jurisdiction=山东省", 0, "document"},
		{"/export/csv?document=jining-plan-final&table=measures", 28, "document"},
		// 济宁's 17 agencies of the final plan and 滨州's 15 (13 bureaus and the two
		// IMPLEMENTER bodies): final texts only, unless asked.
		{"/export/csv?table=agencies", 17 + 15, "agency_id"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := call(h, http.MethodGet, tt.target, "")
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
			}
			if bytes.HasPrefix(rec.Body.Bytes(), []byte("\ufeff")) {
				t.Error("a byte order mark without bom=true")
			}
			rows, err := csv.NewReader(bytes.NewReader(rec.Body.Bytes())).ReadAll()
			if err != nil || len(rows) != 1+tt.rows || rows[0][0] != tt.first {
				t.Errorf("err %v, %d rows (want %d), header %v", err, len(rows)-1, tt.rows, rows[0])
			}
		})
	}
	rec := call(h, http.MethodGet, "/export/csv?bom=true&document=jining-health-news&table=observations", "")
	if body := rec.Body.Bytes(); rec.Code != http.StatusOK || !bytes.HasPrefix(body, []byte("\ufeffdocument,")) {
		t.Errorf("bom=true: %d, starts %q", rec.Code, body[:min(len(body), 16)])
	}
	rec = call(h, http.MethodGet, "/vocab", "")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/turtle") ||
		!strings.Contains(rec.Body.String(), "pkg:Measure a rdfs:Class") {
		t.Errorf("/vocab: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
