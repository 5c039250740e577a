package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// exportSeedReader is an exporter of a memory store holding the four seed documents, shared
// by the export tests (they only read).
var exportSeedReader = sync.OnceValues(func() (Exporter, error) {
	ctx := context.Background()
	s, err := graph.Open(ctx, "memory")
	if err != nil {
		return Exporter{}, err
	}
	docs, err := exportSeedDocs(ctx)
	if err != nil {
		return Exporter{}, err
	}
	if err := s.Put(ctx, docs...); err != nil {
		return Exporter{}, err
	}
	return Exporter{Store: s, Models: model.NewReader(s, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))}, nil
})

func exportSeeded(t *testing.T) Exporter {
	t.Helper()
	r, err := exportSeedReader()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func exportBytes(t *testing.T, r Exporter, f Format, doc string) []byte {
	t.Helper()
	return exportAs(t, r, Request{Format: f, Selection: Selection{Document: doc}})
}

func exportAs(t *testing.T, r Exporter, req Request) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Export(context.Background(), &buf, req); err != nil {
		t.Fatalf("export %+v: %v", req, err)
	}
	return buf.Bytes()
}

// networkFigures are counted by hand from the responsibility lists of a seed plan, every
// unit of a measure except IMPLEMENTER bodies.
type networkFigures struct {
	doc, city string
	nodes     int // distinct agencies
	edges     int // pairs of agencies that share at least one measure
	// wjwCzj is the number of measures naming both 市卫生健康委 and 市财政局.
	wjwCzj int
	// wjw are 市卫生健康委's measures and roles.
	wjwMeasures, wjwLead, wjwSupport, wjwResponsible int
}

var seedNetworks = []networkFigures{
	// Final 济宁 plan: 28 measures, all naming 市卫生健康委, first (so leading, 排第一位为牵头
	// 单位) except 四(四) 市科技局, 七(一) 市财政局, 七(二) 市医保局 and 七(三) 人社局. 17 units:
	// 卫生健康委 残联 发展改革委 财政局 医保局 文化和旅游局 编办 人社局 民政局 行政审批服务局 组织部
	// 科技局 科协 大数据局 宣传部 市场监管局 金融监管分局. 市财政局 is in 二(一)(二)(五) 三(二)
	// 四(三)(四) 五(四) 六(一)(二) 七(一)(二): 11 measures, every one with 市卫生健康委.
	{doc: "jining-plan-final", city: "济宁", nodes: 17, edges: 46, wjwCzj: 11, wjwMeasures: 28, wjwLead: 24, wjwSupport: 4},
	// The draft adds 市教育局 (4 measures) and 市地方金融监管局, names 市大数据中心 for
	// 市大数据局, and has 市委组织部 in 2 measures: 18 units, 55 pairs; 财政局 still 11.
	{doc: "jining-plan-draft", city: "济宁", nodes: 18, edges: 55, wjwCzj: 11, wjwMeasures: 28, wjwLead: 24, wjwSupport: 4},
	// 滨州: 32 measures, no lead declared anywhere (A、B按职责分工负责): 13 bureaus plus the
	// two IMPLEMENTER bodies on every measure, which the network leaves out.
	{doc: "binzhou-measures-2024", city: "滨州", nodes: 13, edges: 47, wjwCzj: 11, wjwMeasures: 32, wjwResponsible: 32},
}

type graphMLDoc struct {
	XMLName xml.Name `xml:"http://graphml.graphdrawing.org/xmlns graphml"`
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string        `xml:"id,attr"`
			Data []graphMLData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string        `xml:"source,attr"`
			Target string        `xml:"target,attr"`
			Data   []graphMLData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type gexfDoc struct {
	XMLName xml.Name `xml:"http://www.gexf.net/1.2draft gexf"`
	Version string   `xml:"version,attr"`
	Graph   struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Attributes      []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID   string `xml:"id,attr"`
				Type string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID     string      `xml:"id,attr"`
			Label  string      `xml:"label,attr"`
			Values []gexfValue `xml:"attvalues>attvalue"`
		} `xml:"nodes>node"`
		Edges []struct {
			Source string `xml:"source,attr"`
			Target string `xml:"target,attr"`
			Weight string `xml:"weight,attr"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

// parsedNetwork is what a GraphML or GEXF file says, read back with encoding/xml.
type parsedNetwork struct {
	nodes map[string]map[string]string // by node ID: attribute name → value
	names map[string]string            // node ID by agency name
	edges map[[2]string]string         // weight by pair of node IDs, in file order
}

func (p parsedNetwork) weight(a, b string) string {
	ia, ib := p.names[a], p.names[b]
	if w, ok := p.edges[[2]string{ia, ib}]; ok {
		return w
	}
	return p.edges[[2]string{ib, ia}]
}

func parseGraphML(t *testing.T, b []byte) parsedNetwork {
	t.Helper()
	var g graphMLDoc
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("GraphML does not parse: %v", err)
	}
	if g.Graph.EdgeDefault != "undirected" {
		t.Errorf("edgedefault %q", g.Graph.EdgeDefault)
	}
	keys := map[string]string{}
	for _, k := range g.Keys {
		if k.Name == "" || k.Type == "" || (k.For != "node" && k.For != "edge") {
			t.Errorf("key %+v lacks a name, type or domain", k)
		}
		keys[k.ID] = k.Name
	}
	p := parsedNetwork{nodes: map[string]map[string]string{}, names: map[string]string{}, edges: map[[2]string]string{}}
	for _, n := range g.Graph.Nodes {
		attrs := map[string]string{}
		for _, d := range n.Data {
			name, ok := keys[d.Key]
			if !ok {
				t.Fatalf("node %s: data key %q is not declared", n.ID, d.Key)
			}
			attrs[name] = d.Value
		}
		p.nodes[n.ID] = attrs
		p.names[attrs["name"]] = n.ID
	}
	for _, e := range g.Graph.Edges {
		for _, d := range e.Data {
			if _, ok := keys[d.Key]; !ok {
				t.Fatalf("edge data key %q is not declared", d.Key)
			}
			if keys[d.Key] == "weight" {
				p.edges[[2]string{e.Source, e.Target}] = d.Value
			}
		}
	}
	return p
}

func parseGEXF(t *testing.T, b []byte) parsedNetwork {
	t.Helper()
	var g gexfDoc
	if err := xml.Unmarshal(b, &g); err != nil {
		t.Fatalf("GEXF does not parse: %v", err)
	}
	if g.Version != "1.2" || g.Graph.DefaultEdgeType != "undirected" {
		t.Errorf("version %q, defaultedgetype %q", g.Version, g.Graph.DefaultEdgeType)
	}
	declared := map[string]bool{}
	for _, a := range g.Graph.Attributes {
		for _, at := range a.Attrs {
			declared[a.Class+"/"+at.ID] = at.Type != ""
		}
	}
	p := parsedNetwork{nodes: map[string]map[string]string{}, names: map[string]string{}, edges: map[[2]string]string{}}
	for _, n := range g.Graph.Nodes {
		attrs := map[string]string{"label": n.Label}
		for _, v := range n.Values {
			if !declared["node/"+v.For] {
				t.Fatalf("node %s: attribute %q is not declared with a type", n.ID, v.For)
			}
			attrs[v.For] = v.Value
		}
		p.nodes[n.ID] = attrs
		p.names[attrs["name"]] = n.ID
	}
	for _, e := range g.Graph.Edges {
		p.edges[[2]string{e.Source, e.Target}] = e.Weight
	}
	return p
}

// TestExportNetworkXML parses the GraphML and GEXF exports of each seed plan back and
// compares them with the figures counted by hand.
func TestExportNetworkXML(t *testing.T) {
	r := exportSeeded(t)
	parsers := map[Format]func(*testing.T, []byte) parsedNetwork{FormatGraphML: parseGraphML, FormatGEXF: parseGEXF}
	for _, want := range seedNetworks {
		for f, parse := range parsers {
			t.Run(want.doc+"/"+string(f), func(t *testing.T) {
				p := parse(t, exportBytes(t, r, f, want.doc))
				if len(p.nodes) != want.nodes || len(p.edges) != want.edges {
					t.Errorf("%d nodes, %d edges; want %d, %d", len(p.nodes), len(p.edges), want.nodes, want.edges)
				}
				if w := p.weight("市卫生健康委", "市财政局"); w != strconv.Itoa(want.wjwCzj) {
					t.Errorf("市卫生健康委–市财政局 weight %q, want %d", w, want.wjwCzj)
				}
				wjw := p.nodes[p.names["市卫生健康委"]]
				for attr, n := range map[string]int{"measures": want.wjwMeasures, "lead": want.wjwLead, "support": want.wjwSupport, "responsible": want.wjwResponsible, "degree": want.nodes - 1} {
					if wjw[attr] != strconv.Itoa(n) {
						t.Errorf("市卫生健康委 %s = %q, want %d", attr, wjw[attr], n)
					}
				}
				if wjw["label"] != "市卫生健康委" || wjw["kind"] != "卫生健康委" || wjw["city"] == "" {
					t.Errorf("市卫生健康委 label %q kind %q city %q", wjw["label"], wjw["kind"], wjw["city"])
				}
			})
		}
	}
}

// TestExportNetworkWholeGraph: without a document the network spans both cities, labels
// tell the two 市卫生健康委 apart, and a draft is counted only when asked for: the final
// plan and its draft would otherwise add up.
func TestExportNetworkWholeGraph(t *testing.T) {
	r := exportSeeded(t)
	tests := []struct {
		name string
		req  Request
		// 济宁's agencies, and 市卫生健康委（济宁）'s lead count.
		jining, lead int
	}{
		// The final plan: 17 agencies; 市卫生健康委 leads 24 of its 28 measures.
		{"final texts by default", Request{Format: FormatGraphML}, 17, 24},
		// Plus 市教育局, 市地方金融监管局 and 市大数据中心 of the draft (市文旅局 is
		// 市文化和旅游局, 国家金融监督管理总局济宁分局 is named in both), and the draft's 24 leads.
		{"drafts when asked", Request{Format: FormatGraphML, Selection: Selection{Statuses: []policy.Status{policy.StatusFinal, policy.StatusDraft}}}, 20, 48},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parseGraphML(t, exportAs(t, r, tt.req))
			cities := map[string]int{}
			labels := map[string]bool{}
			for _, n := range p.nodes {
				cities[n["city"]]++
				labels[n["label"]] = true
			}
			if cities["济宁"] != tt.jining || cities["滨州"] != 13 || len(cities) != 2 {
				t.Errorf("agencies by city %v, want 济宁 %d, 滨州 13", cities, tt.jining)
			}
			if !labels["市卫生健康委（济宁）"] || !labels["市卫生健康委（滨州）"] {
				t.Errorf("labels do not name the city: %v", labels)
			}
			for _, n := range p.nodes {
				if n["label"] == "市卫生健康委（济宁）" && n["lead"] != strconv.Itoa(tt.lead) {
					t.Errorf("市卫生健康委（济宁） leads %s measures, want %d", n["lead"], tt.lead)
				}
			}
		})
	}
}

// TestExportCSV reads the CSV back: one row per responsibility, IMPLEMENTER included.
func TestExportCSV(t *testing.T) {
	r := exportSeeded(t)
	tests := []struct {
		doc   string
		rows  int
		roles map[string]int
	}{
		// 78 units named over the 28 measures of the final plan, the first of each leading.
		{"jining-plan-final", 78, map[string]int{"LEAD": 28, "SUPPORT": 50}},
		{"jining-plan-draft", 81, map[string]int{"LEAD": 28, "SUPPORT": 53}},
		// 85 bureaus over 32 measures, plus 各县（市、区）政府 and 各市属开发区管委会 on each.
		{"binzhou-measures-2024", 149, map[string]int{"RESPONSIBLE": 85, "IMPLEMENTER": 64}},
		{"", 78 + 81 + 149, map[string]int{"LEAD": 56, "SUPPORT": 103, "RESPONSIBLE": 85, "IMPLEMENTER": 64}},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			rows, err := csv.NewReader(bytes.NewReader(exportBytes(t, r, FormatCSV, tt.doc))).ReadAll()
			if err != nil {
				t.Fatalf("CSV does not parse: %v", err)
			}
			if strings.Join(rows[0], ",") != "document,measure_id,number,title,agency,city,kind,role,position" {
				t.Fatalf("header %v", rows[0])
			}
			rows = rows[1:]
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			roles := map[string]int{}
			for _, row := range rows {
				roles[row[7]]++
			}
			for role, n := range tt.roles {
				if roles[role] != n {
					t.Errorf("%s: %d rows, want %d", role, roles[role], n)
				}
			}
		})
	}
	// 七(二) of the final plan: 市医保局、市卫生健康委、市财政局、济宁金融监管分局等 — the
	// fourth unit under its full name, supporting.
	rows, _ := csv.NewReader(bytes.NewReader(exportBytes(t, r, FormatCSV, "jining-plan-final"))).ReadAll()
	want := "jining-plan-final,measure:jining-plan-final:26,（二）,进一步健全服务购买机制,国家金融监督管理总局济宁分局,济宁,金融监管分局,SUPPORT,4"
	found := false
	for _, row := range rows {
		found = found || strings.Join(row, ",") == want
	}
	if !found {
		t.Errorf("no row %s", want)
	}
}

func TestExportErrors(t *testing.T) {
	r := exportSeeded(t)
	var buf bytes.Buffer
	if err := r.Export(context.Background(), &buf, Request{Format: FormatCSV, Selection: Selection{Document: "no-such-plan"}}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown document: %v, want ErrNotFound", err)
	}
	if err := r.Export(context.Background(), &buf, Request{Format: Format("xlsx")}); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("unknown format: %v, want ErrUnknownFormat", err)
	}
	for _, req := range []Request{
		{Format: FormatGraphML, Table: CSVTargets},
		{Format: FormatNQuads, BOM: true},
		{Format: FormatCSV, Table: "sheets"},
	} {
		if err := r.Export(context.Background(), &buf, req); !errors.Is(err, ErrBadRequest) {
			t.Errorf("%+v: %v, want ErrBadRequest", req, err)
		}
	}
	if _, err := ParseStatuses("FINAL,final,draft"); err != nil {
		t.Errorf("statuses are case-insensitive: %v", err)
	}
	if _, err := ParseStatuses("FINAL,CURRENT"); !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), "CURRENT") {
		t.Errorf("an unknown status: %v", err)
	}
	if _, err := ParseFormat("GraphML"); err != nil {
		t.Errorf("format names are case-insensitive: %v", err)
	}
}

func exportSeedDocs(ctx context.Context) ([]*policy.Document, error) {
	return loader.DefaultNames().LoadPaths(ctx, []string{"../seeds"})
}
