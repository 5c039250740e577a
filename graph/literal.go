package graph

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
)

// XSD datatypes of the graph's literals, as full IRIs: RDF tools (rapper, rdflib, SPARQL
// engines) know them only so.
const (
	xsdNS                = "http://www.w3.org/2001/XMLSchema#"
	XSDString   quad.IRI = xsdNS + "string"
	XSDInteger  quad.IRI = xsdNS + "integer"
	XSDDecimal  quad.IRI = xsdNS + "decimal"
	XSDDouble   quad.IRI = xsdNS + "double"
	XSDBoolean  quad.IRI = xsdNS + "boolean"
	XSDDate     quad.IRI = xsdNS + "date"
	XSDDateTime quad.IRI = xsdNS + "dateTime"
)

// Literals are stored in the form Cayley's N-Quads reader gives them, so that a store
// written by policykg and one `cayley load` wrote from policykg's export hold the same
// values: integers and booleans as Cayley's native values (the reader turns
// "2025"^^xsd:integer into one), decimals and dates as typed strings (it leaves those
// alone). canonicalLiteral turns them back into full-IRI typed strings on the way out.

func intLit(n int) quad.Value    { return quad.Int(n) }
func boolLit(b bool) quad.Value  { return quad.Bool(b) }
func strLit(s string) quad.Value { return quad.String(s) }

// decimalLit writes a number as xsd:decimal, in the shortest digits that read back as the
// same float64 (63.28, 0.55, 2000).
func decimalLit(x float64) quad.Value {
	return quad.TypedString{Value: quad.String(strconv.FormatFloat(x, 'f', -1, 64)), Type: XSDDecimal}
}

// dateLit writes a date as xsd:date when it is one (YYYY-MM-DD), else as the text it is.
func dateLit(s string) quad.Value {
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return quad.TypedString{Value: quad.String(s), Type: XSDDate}
	}
	return quad.String(s)
}

// canonicalLiteral is the form a value is exported in: Cayley's native values as typed
// strings with full XSD IRIs ("2025"^^<http://www.w3.org/2001/XMLSchema#integer>,
// "true"^^<…#boolean>), short xsd: type prefixes made full; other values unchanged.
func canonicalLiteral(v quad.Value) quad.Value {
	switch x := v.(type) {
	case quad.Int:
		return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(x), 10)), Type: XSDInteger}
	case quad.Bool:
		return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(x))), Type: XSDBoolean}
	case quad.Float:
		return quad.TypedString{Value: quad.String(strconv.FormatFloat(float64(x), 'g', -1, 64)), Type: XSDDouble}
	case quad.Time:
		return quad.TypedString{Value: quad.String(time.Time(x).UTC().Format(time.RFC3339)), Type: XSDDateTime}
	case quad.TypedString:
		if x.Type == XSDString {
			return x.Value
		}
		return quad.TypedString{Value: x.Value, Type: x.Type.Full()}
	}
	return v
}

// canonicalQuad is q with its object in canonical form.
func canonicalQuad(q quad.Quad) quad.Quad {
	q.Object = canonicalLiteral(q.Object)
	return q
}

// The readers below accept every form a literal may take in a store: policykg's own, what
// Cayley's N-Quads reader makes of an edited export (typed strings of any XSD numeric or
// boolean type, or native values), and plain strings holding the lexical form.

// typed returns the lexical form and the full datatype IRI of a literal ("" for a plain
// string).
func typed(v quad.Value) (lex string, dt quad.IRI, ok bool) {
	switch x := canonicalLiteral(v).(type) {
	case quad.String:
		return string(x), "", true
	case quad.TypedString:
		return string(x.Value), x.Type, true
	case quad.LangString:
		return string(x.Value), "", true
	}
	return "", "", false
}

// asString reads a string literal.
func asString(v quad.Value) (string, bool) {
	lex, dt, ok := typed(v)
	return lex, ok && (dt == "" || dt == XSDString || dt == XSDDate)
}

// asInt reads an integer literal of any XSD integer type.
func asInt(v quad.Value) (int, bool) {
	lex, _, ok := typed(v)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(lex))
	return n, err == nil
}

// asFloat reads a number: xsd:decimal, xsd:double, xsd:float or an integer.
func asFloat(v quad.Value) (float64, bool) {
	lex, _, ok := typed(v)
	if !ok {
		return 0, false
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(lex), 64)
	return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
}

// asBool reads an xsd:boolean ("true", "false", "1", "0").
func asBool(v quad.Value) (bool, bool) {
	lex, _, ok := typed(v)
	if !ok {
		return false, false
	}
	switch strings.TrimSpace(lex) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}
