package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/graphql-go/graphql"
)

// schemaSDL serves the schema in the GraphQL schema definition language, for tools that
// generate client code; hidden, like introspection, when introspection is off.
func (s *Server) schemaSDL(c *gin.Context) {
	if s.cfg.NoIntrospection {
		c.String(http.StatusNotFound, "introspection is disabled on this server\n")
		return
	}
	c.Data(http.StatusOK, "text/plain; charset=utf-8", s.sdl)
}

// builtinScalars and builtinDirectives are part of every GraphQL schema: SDL leaves them out.
var (
	builtinScalars    = map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}
	builtinDirectives = map[string]bool{"include": true, "skip": true, "deprecated": true, "specifiedBy": true}
)

// printSchema writes a schema in SDL: custom directives, then every type by name, with
// fields, arguments and enum values in name order (graphql-go keeps no other order).
// graphql-go has no schema printer of its own.
func printSchema(s graphql.Schema) ([]byte, error) {
	p := &sdlPrinter{}
	if q := s.QueryType(); q != nil && q.Name() != "Query" || s.MutationType() != nil || s.SubscriptionType() != nil {
		p.rootTypes(s)
	}
	for _, d := range s.Directives() {
		if !builtinDirectives[d.Name] {
			p.directive(d)
		}
	}
	names := make([]string, 0, len(s.TypeMap()))
	for name := range s.TypeMap() {
		if !strings.HasPrefix(name, "__") && !builtinScalars[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		if err := p.namedType(s.TypeMap()[name]); err != nil {
			return nil, err
		}
	}
	return bytes.TrimRight(p.buf.Bytes(), "\n"), p.err
}

type sdlPrinter struct {
	buf bytes.Buffer
	err error
}

func (p *sdlPrinter) printf(format string, a ...any) { fmt.Fprintf(&p.buf, format, a...) }

func (p *sdlPrinter) rootTypes(s graphql.Schema) {
	p.printf("schema {\n")
	if q := s.QueryType(); q != nil {
		p.printf("  query: %s\n", q.Name())
	}
	if m := s.MutationType(); m != nil {
		p.printf("  mutation: %s\n", m.Name())
	}
	if sub := s.SubscriptionType(); sub != nil {
		p.printf("  subscription: %s\n", sub.Name())
	}
	p.printf("}\n\n")
}

func (p *sdlPrinter) directive(d *graphql.Directive) {
	p.description(d.Description, "")
	p.printf("directive @%s%s on %s\n\n", d.Name, p.args(d.Args, ""), strings.Join(d.Locations, " | "))
}

func (p *sdlPrinter) namedType(t graphql.Type) error {
	p.description(t.Description(), "")
	switch t := t.(type) {
	case *graphql.Scalar:
		p.printf("scalar %s\n\n", t.Name())
	case *graphql.Object:
		p.printf("type %s", t.Name())
		if ifs := t.Interfaces(); len(ifs) > 0 {
			names := make([]string, len(ifs))
			for i, in := range ifs {
				names[i] = in.Name()
			}
			p.printf(" implements %s", strings.Join(names, " & "))
		}
		p.fields(t.Fields())
	case *graphql.Interface:
		p.printf("interface %s", t.Name())
		p.fields(t.Fields())
	case *graphql.Union:
		names := make([]string, len(t.Types()))
		for i, o := range t.Types() {
			names[i] = o.Name()
		}
		p.printf("union %s = %s\n\n", t.Name(), strings.Join(names, " | "))
	case *graphql.Enum:
		p.printf("enum %s {\n", t.Name())
		values := append([]*graphql.EnumValueDefinition{}, t.Values()...)
		sort.Slice(values, func(i, j int) bool { return values[i].Name < values[j].Name })
		for _, v := range values {
			p.description(v.Description, "  ")
			p.printf("  %s%s\n", v.Name, deprecated(v.DeprecationReason))
		}
		p.printf("}\n\n")
	case *graphql.InputObject:
		p.printf("input %s {\n", t.Name())
		fields := t.Fields()
		for _, name := range sortedKeys(fields) {
			f := fields[name]
			p.description(f.Description(), "  ")
			p.printf("  %s: %s%s\n", name, f.Type, p.defaultValue(f.DefaultValue, f.Type))
		}
		p.printf("}\n\n")
	default:
		return fmt.Errorf("type %s: %T cannot be printed", t.Name(), t)
	}
	return nil
}

func (p *sdlPrinter) fields(fields graphql.FieldDefinitionMap) {
	p.printf(" {\n")
	for _, name := range sortedKeys(fields) {
		f := fields[name]
		p.description(f.Description, "  ")
		p.printf("  %s%s: %s%s\n", name, p.args(f.Args, "  "), f.Type, deprecated(f.DeprecationReason))
	}
	p.printf("}\n\n")
}

// args prints an argument list: on one line when no argument has a description,
// one argument a line with its description otherwise.
func (p *sdlPrinter) args(args []*graphql.Argument, indent string) string {
	if len(args) == 0 {
		return ""
	}
	sorted := append([]*graphql.Argument{}, args...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name() < sorted[j].Name() })
	described := false
	for _, a := range sorted {
		described = described || a.Description() != ""
	}
	parts := make([]string, len(sorted))
	for i, a := range sorted {
		parts[i] = a.Name() + ": " + a.Type.String() + p.defaultValue(a.DefaultValue, a.Type)
	}
	if !described {
		return "(" + strings.Join(parts, ", ") + ")"
	}
	var b strings.Builder
	b.WriteString("(\n")
	for i, a := range sorted {
		b.WriteString(descriptionText(a.Description(), indent+"  "))
		b.WriteString(indent + "  " + parts[i] + "\n")
	}
	b.WriteString(indent + ")")
	return b.String()
}

// defaultValue prints " = value" for a default, "" for none.
func (p *sdlPrinter) defaultValue(v any, t graphql.Input) string {
	if v == nil {
		return ""
	}
	s, err := literal(v, t)
	if err != nil {
		p.err = err
		return ""
	}
	return " = " + s
}

// literal writes a Go value as a GraphQL literal of type t.
func literal(v any, t graphql.Input) (string, error) {
	switch t := t.(type) {
	case *graphql.NonNull:
		return literal(v, t.OfType)
	case *graphql.List:
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice {
			return literal(v, t.OfType)
		}
		parts := make([]string, rv.Len())
		for i := range parts {
			s, err := literal(rv.Index(i).Interface(), t.OfType)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	case *graphql.Enum:
		for _, ev := range t.Values() {
			if reflect.DeepEqual(ev.Value, v) {
				return ev.Name, nil
			}
		}
		return "", fmt.Errorf("default value %v is no value of enum %s", v, t.Name())
	case *graphql.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return "", fmt.Errorf("default value %v of input %s is not a map", v, t.Name())
		}
		fields := t.Fields()
		var parts []string
		for _, k := range sortedKeys(m) {
			f, ok := fields[k]
			if !ok {
				return "", fmt.Errorf("default value of input %s has no field %s", t.Name(), k)
			}
			s, err := literal(m[k], f.Type)
			if err != nil {
				return "", err
			}
			parts = append(parts, k+": "+s)
		}
		return "{" + strings.Join(parts, ", ") + "}", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("default value %v: %w", v, err)
	}
	return string(b), nil
}

func (p *sdlPrinter) description(d, indent string) { p.buf.WriteString(descriptionText(d, indent)) }

// descriptionText is a description as an SDL string: a block string where it holds a
// line break or a quote, a plain one otherwise.
func descriptionText(d, indent string) string {
	if d == "" {
		return ""
	}
	if !strings.ContainsAny(d, "\n\"\\") {
		return indent + `"` + d + `"` + "\n"
	}
	d = strings.ReplaceAll(d, `"""`, `\"""`)
	lines := strings.Split(d, "\n")
	for i, l := range lines {
		lines[i] = indent + l
	}
	return indent + `"""` + "\n" + strings.Join(lines, "\n") + "\n" + indent + `"""` + "\n"
}

func deprecated(reason string) string {
	switch reason {
	case "":
		return ""
	case graphql.DefaultDeprecationReason:
		return " @deprecated"
	}
	b, _ := json.Marshal(reason) // a string always marshals
	return " @deprecated(reason: " + string(b) + ")"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
