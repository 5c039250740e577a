package export

import (
	"encoding/xml"
	"fmt"
	"github.com/policykg/policykg/analysis"
	"github.com/policykg/policykg/model"
	"io"
	"strconv"
	"strings"
)

// XML namespaces of the network formats.
const (
	GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"
	// GEXFNamespace is GEXF 1.2draft's, which Gephi and networkx read (the networkx of
	// Debian's stable release refuses 1.3 with "No <graph> element").
	GEXFNamespace = "http://www.gexf.net/1.2draft"
	xsiNamespace  = "http://www.w3.org/2001/XMLSchema-instance"
)

// attrType is the type of a node or edge attribute, named as GraphML and GEXF name it.
type attrType struct{ graphML, gexf string }

var (
	attrString = attrType{"string", "string"}
	attrInt    = attrType{"int", "integer"}
	attrDouble = attrType{"double", "double"}
)

// netAttr is a column of the node or edge table both network formats carry.
type netAttr[T any] struct {
	name  string
	typ   attrType
	value func(T) string
}

func itoa(n int) string     { return strconv.Itoa(n) }
func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// without drops the attribute called name.
func without[T any](attrs []netAttr[T], name string) []netAttr[T] {
	var out []netAttr[T]
	for _, a := range attrs {
		if a.name != name {
			out = append(out, a)
		}
	}
	return out
}

// nodeAttrs are the node columns.
func nodeAttrs(multiCity bool) []netAttr[*analysis.NetworkNode] {
	return []netAttr[*analysis.NetworkNode]{
		{"label", attrString, func(n *analysis.NetworkNode) string { return displayName(n.Agency, multiCity) }},
		{"name", attrString, func(n *analysis.NetworkNode) string { return n.Agency.Name }},
		{"city", attrString, func(n *analysis.NetworkNode) string { return n.Agency.City }},
		{"kind", attrString, func(n *analysis.NetworkNode) string { return n.Agency.Kind }},
		{"lead", attrInt, func(n *analysis.NetworkNode) string { return itoa(n.Lead) }},
		{"support", attrInt, func(n *analysis.NetworkNode) string { return itoa(n.Support) }},
		{"responsible", attrInt, func(n *analysis.NetworkNode) string { return itoa(n.Responsible) }},
		{"measures", attrInt, func(n *analysis.NetworkNode) string { return itoa(len(n.Measures)) }},
		{"degree", attrInt, func(n *analysis.NetworkNode) string { return itoa(n.Degree) }},
		{"weightedDegree", attrDouble, func(n *analysis.NetworkNode) string { return ftoa(n.WeightedDegree) }},
		{"betweenness", attrDouble, func(n *analysis.NetworkNode) string { return ftoa(n.Betweenness) }},
		{"eigenvector", attrDouble, func(n *analysis.NetworkNode) string { return ftoa(n.Eigenvector) }},
	}
}

// edgeAttrs are the edge columns; the weight is the number of shared measures.
var edgeAttrs = []netAttr[*analysis.NetworkEdge]{
	{"weight", attrDouble, func(e *analysis.NetworkEdge) string { return itoa(e.Weight()) }},
	{"measureIds", attrString, func(e *analysis.NetworkEdge) string {
		return joinMeasures(e, func(m *model.Measure) string { return m.NodeID }, " ")
	}},
	{"measureTitles", attrString, func(e *analysis.NetworkEdge) string {
		return joinMeasures(e, func(m *model.Measure) string { return m.Title }, "；")
	}},
}

func joinMeasures(e *analysis.NetworkEdge, f func(*model.Measure) string, sep string) string {
	parts := make([]string, len(e.Measures))
	for i, m := range e.Measures {
		parts[i] = f(m)
	}
	return strings.Join(parts, sep)
}

// displayName is an agency's name, with its city when the network spans several cities
// (市卫生健康委 of 济宁 and of 滨州 are two nodes).
func displayName(a *model.Agency, multiCity bool) string {
	if multiCity && a.City != "" {
		return a.Name + "（" + a.City + "）"
	}
	return a.Name
}

// multiCity tells whether the network's agencies belong to more than one city.
func multiCity(net *analysis.Network) bool {
	for _, n := range net.Nodes {
		if n.Agency.City != net.Nodes[0].Agency.City {
			return true
		}
	}
	return false
}

type graphMLFile struct {
	XMLName        xml.Name     `xml:"graphml"`
	XMLNS          string       `xml:"xmlns,attr"`
	XSI            string       `xml:"xmlns:xsi,attr"`
	SchemaLocation string       `xml:"xsi:schemaLocation,attr"`
	Desc           string       `xml:"desc,omitempty"`
	Keys           []graphMLKey `xml:"key"`
	Graph          graphMLGraph `xml:"graph"`
}

type graphMLKey struct {
	ID       string `xml:"id,attr"`
	For      string `xml:"for,attr"`
	AttrName string `xml:"attr.name,attr"`
	AttrType string `xml:"attr.type,attr"`
}

type graphMLGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Nodes       []graphMLNode `xml:"node"`
	Edges       []graphMLEdge `xml:"edge"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID     string        `xml:"id,attr"`
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphMLData `xml:"data"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// WriteGraphML writes the network as GraphML: one node per agency (ID its node ID, with
// label, name, city, kind, role counts, measures and centralities), one undirected edge
// per pair of agencies sharing measures, weighted by their number. Gephi, yEd, igraph and
// networkx read it.
func WriteGraphML(w io.Writer, net *analysis.Network, title string) error {
	nattrs := nodeAttrs(multiCity(net))
	f := graphMLFile{
		XMLNS: GraphMLNamespace, XSI: xsiNamespace,
		SchemaLocation: GraphMLNamespace + " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
		Desc:           title,
		Graph:          graphMLGraph{ID: "agencies", EdgeDefault: "undirected"},
	}
	for _, a := range nattrs {
		f.Keys = append(f.Keys, graphMLKey{ID: "n_" + a.name, For: "node", AttrName: a.name, AttrType: a.typ.graphML})
	}
	for _, a := range edgeAttrs {
		f.Keys = append(f.Keys, graphMLKey{ID: "e_" + a.name, For: "edge", AttrName: a.name, AttrType: a.typ.graphML})
	}
	for _, n := range net.Nodes {
		gn := graphMLNode{ID: n.Agency.NodeID}
		for _, a := range nattrs {
			gn.Data = append(gn.Data, graphMLData{Key: "n_" + a.name, Value: a.value(n)})
		}
		f.Graph.Nodes = append(f.Graph.Nodes, gn)
	}
	for i, e := range net.Edges {
		ge := graphMLEdge{ID: "e" + itoa(i), Source: e.Source.Agency.NodeID, Target: e.Target.Agency.NodeID}
		for _, a := range edgeAttrs {
			ge.Data = append(ge.Data, graphMLData{Key: "e_" + a.name, Value: a.value(e)})
		}
		f.Graph.Edges = append(f.Graph.Edges, ge)
	}
	return writeXML(w, f, "graphml")
}

type gexfFile struct {
	XMLName        xml.Name  `xml:"gexf"`
	XMLNS          string    `xml:"xmlns,attr"`
	XSI            string    `xml:"xmlns:xsi,attr"`
	SchemaLocation string    `xml:"xsi:schemaLocation,attr"`
	Version        string    `xml:"version,attr"`
	Meta           gexfMeta  `xml:"meta"`
	Graph          gexfGraph `xml:"graph"`
}

type gexfMeta struct {
	Creator     string `xml:"creator"`
	Description string `xml:"description"`
}

type gexfGraph struct {
	DefaultEdgeType string           `xml:"defaultedgetype,attr"`
	Mode            string           `xml:"mode,attr"`
	Attributes      []gexfAttributes `xml:"attributes"`
	Nodes           []gexfNode       `xml:"nodes>node"`
	Edges           []gexfEdge       `xml:"edges>edge"`
}

type gexfAttributes struct {
	Class string          `xml:"class,attr"`
	Attrs []gexfAttribute `xml:"attribute"`
}

type gexfAttribute struct {
	ID    string `xml:"id,attr"`
	Title string `xml:"title,attr"`
	Type  string `xml:"type,attr"`
}

type gexfNode struct {
	ID     string      `xml:"id,attr"`
	Label  string      `xml:"label,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfEdge struct {
	ID     string      `xml:"id,attr"`
	Source string      `xml:"source,attr"`
	Target string      `xml:"target,attr"`
	Weight string      `xml:"weight,attr"`
	Values []gexfValue `xml:"attvalues>attvalue"`
}

type gexfValue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

// WriteGEXF writes the network as GEXF 1.2draft, Gephi's own format: the same nodes, edges
// and attributes as WriteGraphML, the edge weight in the edge's weight attribute.
func WriteGEXF(w io.Writer, net *analysis.Network, title string) error {
	multi := multiCity(net)
	// GEXF has the label and the weight as attributes of nodes and edges themselves.
	nattrs := without(nodeAttrs(multi), "label")
	eattrs := without(edgeAttrs, "weight")
	f := gexfFile{
		XMLNS: GEXFNamespace, XSI: xsiNamespace,
		SchemaLocation: GEXFNamespace + " http://www.gexf.net/1.2draft/gexf.xsd",
		Version:        "1.2",
		Meta:           gexfMeta{Creator: "policykg", Description: title},
		Graph:          gexfGraph{DefaultEdgeType: "undirected", Mode: "static"},
	}
	nodeClass := gexfAttributes{Class: "node"}
	for _, a := range nattrs {
		nodeClass.Attrs = append(nodeClass.Attrs, gexfAttribute{ID: a.name, Title: a.name, Type: a.typ.gexf})
	}
	edgeClass := gexfAttributes{Class: "edge"}
	for _, a := range eattrs {
		edgeClass.Attrs = append(edgeClass.Attrs, gexfAttribute{ID: a.name, Title: a.name, Type: a.typ.gexf})
	}
	f.Graph.Attributes = []gexfAttributes{nodeClass, edgeClass}
	for _, n := range net.Nodes {
		gn := gexfNode{ID: n.Agency.NodeID, Label: displayName(n.Agency, multi)}
		for _, a := range nattrs {
			gn.Values = append(gn.Values, gexfValue{For: a.name, Value: a.value(n)})
		}
		f.Graph.Nodes = append(f.Graph.Nodes, gn)
	}
	for i, e := range net.Edges {
		ge := gexfEdge{ID: itoa(i), Source: e.Source.Agency.NodeID, Target: e.Target.Agency.NodeID, Weight: itoa(e.Weight())}
		for _, a := range eattrs {
			ge.Values = append(ge.Values, gexfValue{For: a.name, Value: a.value(e)})
		}
		f.Graph.Edges = append(f.Graph.Edges, ge)
	}
	return writeXML(w, f, "gexf")
}

// writeXML writes an XML declaration and v, indented.
func writeXML(w io.Writer, v any, what string) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("export %s: %w", what, err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("export %s: %w", what, err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("export %s: %w", what, err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("export %s: %w", what, err)
	}
	return nil
}
