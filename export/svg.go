package export

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"github.com/policykg/policykg/analysis"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// SVGFontFamily lists fonts with Chinese glyphs, the one Debian installs first.
const SVGFontFamily = `"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif`

// Drawing constants, in pixels.
const (
	svgFontSize   = 14.0
	svgMargin     = 24.0
	svgHeader     = 64.0
	svgLabelGap   = 6.0
	svgMinRadius  = 240.0
	svgNodeSpread = 46.0 // arc length given to each node on the circle
)

// svgPalette colours the cities of a network (ColorBrewer Dark2).
var svgPalette = []string{"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"}

type svgFile struct {
	XMLName    xml.Name  `xml:"svg"`
	XMLNS      string    `xml:"xmlns,attr"`
	Width      string    `xml:"width,attr"`
	Height     string    `xml:"height,attr"`
	ViewBox    string    `xml:"viewBox,attr"`
	FontFamily string    `xml:"font-family,attr"`
	FontSize   string    `xml:"font-size,attr"`
	Title      string    `xml:"title"`
	Background svgRect   `xml:"rect"`
	Header     []svgText `xml:"text"`
	Groups     []svgGroup
}

type svgRect struct {
	Width  string `xml:"width,attr"`
	Height string `xml:"height,attr"`
	Fill   string `xml:"fill,attr"`
}

type svgGroup struct {
	XMLName xml.Name    `xml:"g"`
	Class   string      `xml:"class,attr"`
	Lines   []svgLine   `xml:"line"`
	Circles []svgCircle `xml:"circle"`
	Texts   []svgText   `xml:"text"`
}

type svgLine struct {
	X1          string `xml:"x1,attr"`
	Y1          string `xml:"y1,attr"`
	X2          string `xml:"x2,attr"`
	Y2          string `xml:"y2,attr"`
	Stroke      string `xml:"stroke,attr"`
	StrokeWidth string `xml:"stroke-width,attr"`
	Opacity     string `xml:"stroke-opacity,attr"`
	Title       string `xml:"title"`
}

type svgCircle struct {
	ID          string `xml:"id,attr"`
	CX          string `xml:"cx,attr"`
	CY          string `xml:"cy,attr"`
	R           string `xml:"r,attr"`
	Fill        string `xml:"fill,attr"`
	Stroke      string `xml:"stroke,attr"`
	StrokeWidth string `xml:"stroke-width,attr"`
	Title       string `xml:"title"`
}

type svgText struct {
	X          string `xml:"x,attr"`
	Y          string `xml:"y,attr"`
	Anchor     string `xml:"text-anchor,attr,omitempty"`
	Baseline   string `xml:"dominant-baseline,attr,omitempty"`
	Transform  string `xml:"transform,attr,omitempty"`
	FontSize   string `xml:"font-size,attr,omitempty"`
	FontWeight string `xml:"font-weight,attr,omitempty"`
	Fill       string `xml:"fill,attr,omitempty"`
	Stroke     string `xml:"stroke,attr,omitempty"`
	StrokeW    string `xml:"stroke-width,attr,omitempty"`
	PaintOrder string `xml:"paint-order,attr,omitempty"`
	Text       string `xml:",chardata"`
}

// px formats a coordinate.
func px(x float64) string { return fmt.Sprintf("%.1f", x) }

// textWidth estimates the width of a line of text: a Chinese character is one em wide,
// Latin letters, digits and spaces about half that.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if utf8.RuneLen(r) > 1 {
			w += size
		} else {
			w += 0.55 * size
		}
	}
	return w
}

// svgLabel is what a node's label says: its name and the roles it has, lead first
// (市卫生健康委 (牵头 24 · 配合 4)).
func svgLabel(n *analysis.NetworkNode, multiCity bool) string {
	var parts []string
	for _, c := range []struct {
		word  string
		count int
	}{{"牵头", n.Lead}, {"配合", n.Support}, {"负责", n.Responsible}, {"落实", n.Implementer}} {
		if c.count > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c.word, c.count))
		}
	}
	name := displayName(n.Agency, multiCity)
	if len(parts) == 0 {
		return name
	}
	return name + " (" + strings.Join(parts, " · ") + ")"
}

// svgPanel is the drawing of one city's agencies: the hub — the agency with the most
// measures, when it works with at least half of the others — at the centre, the others
// on a circle around it, most measures first clockwise from the top. Hub-and-ring keeps
// the hub's ties as spokes whose widths can be compared, instead of a fan of chords.
type svgPanel struct {
	city           string
	hub            *analysis.NetworkNode
	ring           []*analysis.NetworkNode
	radius, labelW float64
	cx, cy, half   float64
}

// svgLayout places the nodes: one panel per city, side by side, in order of their largest
// agency. It depends on nothing but the network, so a graph always gives the same picture.
func svgLayout(net *analysis.Network, multi bool, labels map[*analysis.NetworkNode]string, maxNodeR float64) ([]*svgPanel, map[*analysis.NetworkNode][2]float64, map[*analysis.NetworkNode]float64) {
	var panels []*svgPanel
	byCity := map[string]*svgPanel{}
	for _, n := range net.Nodes { // most measures first
		p, ok := byCity[n.Agency.City]
		if !ok {
			p = &svgPanel{city: n.Agency.City, hub: n}
			byCity[n.Agency.City] = p
			panels = append(panels, p)
			continue
		}
		p.ring = append(p.ring, n)
	}
	for _, p := range panels {
		// Adjacent to fewer than half of the others, the first agency is no hub: it joins the ring.
		if 2*p.hub.Degree < len(p.ring) {
			p.ring = append([]*analysis.NetworkNode{p.hub}, p.ring...)
			p.hub = nil
		}
		p.radius = math.Max(svgMinRadius, float64(len(p.ring))*svgNodeSpread/(2*math.Pi))
		for _, n := range p.ring {
			p.labelW = math.Max(p.labelW, textWidth(labels[n], svgFontSize))
		}
		p.half = p.radius + maxNodeR + svgLabelGap + p.labelW + svgMargin
	}
	pos := map[*analysis.NetworkNode][2]float64{}
	angle := map[*analysis.NetworkNode]float64{}
	x := 0.0
	top := svgHeader
	if multi {
		top += 2 * svgFontSize
	}
	for _, p := range panels {
		p.cx, p.cy = x+p.half, top+p.half
		x += 2 * p.half
		if p.hub != nil {
			pos[p.hub] = [2]float64{p.cx, p.cy}
		}
		for i, n := range p.ring {
			a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(len(p.ring))
			angle[n] = a
			pos[n] = [2]float64{p.cx + p.radius*math.Cos(a), p.cy + p.radius*math.Sin(a)}
		}
	}
	return panels, pos, angle
}

// covers tells whether a point lies on or next to a node, where a number would hide it.
func covers(net *analysis.Network, pos map[*analysis.NetworkNode][2]float64, p [2]float64, nodeR func(*analysis.NetworkNode) float64) bool {
	for _, n := range net.Nodes {
		c := pos[n]
		if math.Hypot(p[0]-c[0], p[1]-c[1]) < nodeR(n)+svgFontSize {
			return true
		}
	}
	return false
}

// WriteSVG draws the network as an SVG picture (see svgPanel for the layout): node area
// proportional to the number of measures, edge width to the number of shared measures,
// labels with the role counts (市卫生健康委 (牵头 24 · 配合 4)), the heavier ties with
// their number, and tooltips with the figures.
func WriteSVG(w io.Writer, net *analysis.Network, title string) error {
	multi := multiCity(net)
	maxMeasures, maxWeight := 1, 1
	for _, nd := range net.Nodes {
		maxMeasures = max(maxMeasures, len(nd.Measures))
	}
	for _, e := range net.Edges {
		maxWeight = max(maxWeight, e.Weight())
	}
	// Each city has a panel of its own, titled with its name: labels need no city.
	labels := make(map[*analysis.NetworkNode]string, len(net.Nodes))
	for _, nd := range net.Nodes {
		labels[nd] = svgLabel(nd, false)
	}
	const maxNodeR = 26.0
	// Node radii grow with the square root of the measures: area ∝ measures.
	nodeR := func(nd *analysis.NetworkNode) float64 {
		return 4 + (maxNodeR-4)*math.Sqrt(float64(len(nd.Measures))/float64(maxMeasures))
	}
	panels, pos, angle := svgLayout(net, multi, labels, maxNodeR)
	width, height := 2*svgMargin+textWidth(title, 20), svgHeader
	for _, p := range panels {
		width = math.Max(width, p.cx+p.half)
		height = math.Max(height, p.cy+p.half)
	}
	cityColour := map[string]string{}
	for _, p := range panels {
		cityColour[p.city] = svgPalette[len(cityColour)%len(svgPalette)]
	}

	f := svgFile{
		XMLNS: "http://www.w3.org/2000/svg", Width: px(width), Height: px(height),
		ViewBox:    fmt.Sprintf("0 0 %s %s", px(width), px(height)),
		FontFamily: SVGFontFamily, FontSize: px(svgFontSize),
		Title:      title + " — 部门协同网络",
		Background: svgRect{Width: "100%", Height: "100%", Fill: "#ffffff"},
		Header: []svgText{
			{X: px(svgMargin), Y: px(svgMargin + 8), FontSize: "20", FontWeight: "bold", Fill: "#222", Text: title},
			{X: px(svgMargin), Y: px(svgMargin + 34), Fill: "#555", Text: fmt.Sprintf(
				"%d 个部门，%d 对协同关系。圆点大小：参与的措施数；连线粗细：共同承担的措施数；括号内为角色及其措施数。",
				len(net.Nodes), len(net.Edges))},
		},
	}
	if multi {
		for _, p := range panels {
			f.Header = append(f.Header, svgText{X: px(p.cx), Y: px(svgHeader + svgFontSize), Anchor: "middle",
				FontSize: "18", FontWeight: "bold", Fill: cityColour[p.city], Text: p.city})
		}
	}

	// Light edges first, so that the heavy ones are drawn on top.
	edges := slices.Clone(net.Edges)
	slices.SortStableFunc(edges, func(a, b *analysis.NetworkEdge) int { return cmp.Compare(a.Weight(), b.Weight()) })
	edgeGroup := svgGroup{Class: "edges"}
	weightGroup := svgGroup{Class: "weights"}
	for _, e := range edges {
		s, t := pos[e.Source], pos[e.Target]
		frac := float64(e.Weight()-1) / math.Max(float64(maxWeight-1), 1)
		edgeGroup.Lines = append(edgeGroup.Lines, svgLine{
			X1: px(s[0]), Y1: px(s[1]), X2: px(t[0]), Y2: px(t[1]),
			Stroke: "#4a6fa5", StrokeWidth: px(1 + 9*frac), Opacity: px(0.3 + 0.45*frac),
			Title: fmt.Sprintf("%s — %s：共同承担 %d 项措施", displayName(e.Source.Agency, multi), displayName(e.Target.Agency, multi), e.Weight()),
		})
		mid := [2]float64{(s[0] + t[0]) / 2, (s[1] + t[1]) / 2}
		if e.Weight() >= 3 && !covers(net, pos, mid, nodeR) {
			weightGroup.Texts = append(weightGroup.Texts, svgText{
				X: px(mid[0]), Y: px(mid[1]), Anchor: "middle", Baseline: "central",
				FontSize: "12", Fill: "#1f3b63", Stroke: "#ffffff", StrokeW: "3", PaintOrder: "stroke", Text: itoa(e.Weight()),
			})
		}
	}

	nodeGroup := svgGroup{Class: "agencies"}
	labelGroup := svgGroup{Class: "labels"}
	for _, p := range panels {
		nodes := p.ring
		if p.hub != nil {
			nodes = append([]*analysis.NetworkNode{p.hub}, nodes...)
		}
		for _, nd := range nodes {
			c, r := pos[nd], nodeR(nd)
			nodeGroup.Circles = append(nodeGroup.Circles, svgCircle{
				ID: nd.Agency.NodeID, CX: px(c[0]), CY: px(c[1]), R: px(r),
				Fill: cityColour[nd.Agency.City], Stroke: "#ffffff", StrokeWidth: "1.5",
				Title: fmt.Sprintf("%s：%d 项措施（牵头 %d，配合 %d，负责 %d），与 %d 个部门协同",
					displayName(nd.Agency, multi), len(nd.Measures), nd.Lead, nd.Support, nd.Responsible, nd.Degree),
			})
			if nd == p.hub {
				labelGroup.Texts = append(labelGroup.Texts, svgText{
					X: px(c[0]), Y: px(c[1] + r + svgLabelGap + svgFontSize/2), Anchor: "middle", Baseline: "central",
					FontWeight: "bold", Fill: "#222", Stroke: "#ffffff", StrokeW: "4", PaintOrder: "stroke", Text: labels[nd],
				})
				continue
			}
			// Ring labels run outward along the radius; on the left half they are turned
			// round so that none reads upside down.
			a, d := angle[nd], p.radius+r+svgLabelGap
			x, y := p.cx+d*math.Cos(a), p.cy+d*math.Sin(a)
			deg, anchor := a*180/math.Pi, "start"
			if math.Cos(a) < -1e-9 {
				deg, anchor = deg+180, "end"
			}
			labelGroup.Texts = append(labelGroup.Texts, svgText{
				X: px(x), Y: px(y), Anchor: anchor, Baseline: "central",
				Transform: fmt.Sprintf("rotate(%s %s %s)", px(deg), px(x), px(y)), Fill: "#222", Text: labels[nd],
			})
		}
	}
	f.Groups = []svgGroup{edgeGroup, nodeGroup, weightGroup, labelGroup}
	return writeXML(w, f, "svg")
}
