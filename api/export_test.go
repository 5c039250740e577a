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

	"github.com/policykg/policykg/graph"
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
	const gml, gexf, svg = graph.GraphMLNamespace, graph.GEXFNamespace, "http://www.w3.org/2000/svg"
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
			// Both cities: 20 agencies of 济宁's two plans, 13 of 滨州.
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
				if q.Label != quad.IRI("doc:jining-health-news") {
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
type modelOnly struct{ r *graph.Reader }

func (m modelOnly) Model(ctx context.Context) (*graph.Model, error) { return m.r.Model(ctx) }

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
