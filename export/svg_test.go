package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"github.com/policykg/policykg/model"
	"io"
	"strconv"
	"strings"
	"testing"
)

// svgElements walks an SVG file with encoding/xml and collects what the tests look at.
type svgElements struct {
	root       xml.StartElement
	circles    []map[string]string
	lines      []map[string]string
	texts      []string
	lineTitles map[int]string // title of the k-th line
}

func parseSVG(t *testing.T, b []byte) svgElements {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var el svgElements
	el.lineTitles = map[int]string{}
	var stack []string
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			attrs := map[string]string{}
			for _, a := range tk.Attr {
				attrs[a.Name.Local] = a.Value
			}
			switch tk.Name.Local {
			case "svg":
				if len(stack) == 0 {
					el.root = tk.Copy()
				}
			case "circle":
				el.circles = append(el.circles, attrs)
			case "line":
				el.lines = append(el.lines, attrs)
			}
			stack = append(stack, tk.Name.Local)
			text.Reset()
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			switch {
			case tk.Name.Local == "text":
				el.texts = append(el.texts, text.String())
			case tk.Name.Local == "title" && len(stack) > 0 && stack[len(stack)-1] == "line":
				el.lineTitles[len(el.lines)-1] = text.String()
			}
		}
	}
	return el
}

// TestNetworkSVG parses the picture of each seed plan back: one circle per agency, one
// line per pair, lead counts in the labels, the heaviest tie drawn widest.
func TestNetworkSVG(t *testing.T) {
	r := exportSeeded(t)
	labels := map[string]string{
		// 市卫生健康委 leads 24 measures of each 济宁 plan and supports 4; in 滨州 it is one
		// of the units responsible, in all 32 measures.
		"jining-plan-final":     "市卫生健康委 (牵头 24 · 配合 4)",
		"jining-plan-draft":     "市卫生健康委 (牵头 24 · 配合 4)",
		"binzhou-measures-2024": "市卫生健康委 (负责 32)",
	}
	for _, want := range seedNetworks {
		t.Run(want.doc, func(t *testing.T) {
			b := exportBytes(t, r, FormatSVG, want.doc)
			el := parseSVG(t, b)
			if el.root.Name.Space != "http://www.w3.org/2000/svg" {
				t.Errorf("root element %v", el.root.Name)
			}
			font := ""
			for _, a := range el.root.Attr {
				if a.Name.Local == "font-family" {
					font = a.Value
				}
			}
			if !strings.Contains(font, "WenQuanYi Micro Hei") || !strings.Contains(font, "Noto Sans CJK SC") || !strings.HasSuffix(font, "sans-serif") {
				t.Errorf("font-family %q", font)
			}
			if len(el.circles) != want.nodes || len(el.lines) != want.edges {
				t.Errorf("%d circles, %d lines; want %d, %d", len(el.circles), len(el.lines), want.nodes, want.edges)
			}
			found := false
			for _, s := range el.texts {
				found = found || s == labels[want.doc]
			}
			if !found {
				t.Errorf("no label %q among %q", labels[want.doc], el.texts)
			}
			widest, at := 0.0, -1
			for k, l := range el.lines {
				if w, _ := strconv.ParseFloat(l["stroke-width"], 64); w > widest {
					widest, at = w, k
				}
			}
			if title := el.lineTitles[at]; !strings.Contains(title, "市卫生健康委") || !strings.Contains(title, "市财政局") || !strings.Contains(title, "共同承担 11 项措施") {
				t.Errorf("the widest line is %q, want 市卫生健康委 — 市财政局 (11)", title)
			}
			// The agency with the most measures, adjacent to all the others, is the hub.
			hub := el.circles[0]
			if hub["id"] != modelOf(t, r).FindAgencies("市卫生健康委", want.city)[0].NodeID {
				t.Errorf("first circle %v is not 市卫生健康委", hub)
			}
			r2 := parseFloat(hub["r"])
			for _, c := range el.circles[1:] {
				if parseFloat(c["r"]) > r2 {
					t.Errorf("circle %s is larger than the hub's", c["id"])
				}
			}
			if again := exportBytes(t, r, FormatSVG, want.doc); !bytes.Equal(again, b) {
				t.Error("two drawings of the same network differ")
			}
		})
	}
}

// TestNetworkSVGBothCities: the whole graph draws one panel per city, with a title each;
// by default of the final texts only.
func TestNetworkSVGBothCities(t *testing.T) {
	el := parseSVG(t, exportBytes(t, exportSeeded(t), FormatSVG, ""))
	if len(el.circles) != 30 {
		t.Errorf("%d circles, want 30 agencies (17 of 济宁's final plan, 13 of 滨州)", len(el.circles))
	}
	titles := map[string]bool{}
	for _, s := range el.texts {
		titles[s] = true
	}
	if !titles["济宁"] || !titles["滨州"] {
		t.Errorf("no panel titles for 济宁 and 滨州 in %q", el.texts)
	}
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func modelOf(t *testing.T, r Exporter) *model.Model {
	t.Helper()
	m, err := r.Models.Model(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return m
}
