package schema

import (
	"encoding/base64"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/errcode"
)

// pageInfoType is the Relay page info, in both directions.
var pageInfoType = graphql.NewObject(graphql.ObjectConfig{
	Name:        "PageInfo",
	Description: "Where a page sits in its list (Relay cursor connections).",
	Fields: graphql.Fields{
		"hasNextPage":     {Type: graphql.NewNonNull(graphql.Boolean), Description: "Whether items follow this page."},
		"hasPreviousPage": {Type: graphql.NewNonNull(graphql.Boolean), Description: "Whether items precede this page."},
		"startCursor":     {Type: graphql.String, Description: "Cursor of the first item of the page."},
		"endCursor":       {Type: graphql.String, Description: "Cursor of the last item of the page."},
	},
})

// pageArgs are the Relay pagination arguments.
var pageArgs = graphql.FieldConfigArgument{
	"first":  {Type: graphql.Int, Description: "Return at most this many items from the start (after `after`)."},
	"after":  {Type: graphql.String, Description: "Return items after this cursor."},
	"last":   {Type: graphql.Int, Description: "Return at most this many items from the end (before `before`)."},
	"before": {Type: graphql.String, Description: "Return items before this cursor."},
}

// withPageArgs adds the pagination arguments to args.
func withPageArgs(args graphql.FieldConfigArgument) graphql.FieldConfigArgument {
	out := graphql.FieldConfigArgument{}
	for k, v := range pageArgs {
		out[k] = v
	}
	for k, v := range args {
		out[k] = v
	}
	return out
}

// connection is a page of a list.
type connection struct {
	total   int
	items   []any
	cursors []string
	hasNext bool
	hasPrev bool
}

func encodeCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte("c:" + id)) }

func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "c:") {
		return "", errcode.New(errcode.BadUserInput, "the cursor %s was not given by this server", errcode.Quote(c))
	}
	return string(b[2:]), nil
}

// paginate cuts a page from items, identified by ids, as the Relay specification says:
// after/before narrow the list, then first takes from its start and last from its end.
func paginate(p graphql.ResolveParams, items []any, ids []string, opts Options) (*connection, error) {
	start, end := 0, len(items)
	find := func(arg string) (int, error) {
		c, _ := p.Args[arg].(string)
		id, err := decodeCursor(c)
		if err != nil {
			return 0, err
		}
		for i, x := range ids {
			if x == id {
				return i, nil
			}
		}
		return 0, errcode.New(errcode.StaleCursor,
			"the %s cursor points at no item of this list: the list has changed since the cursor was given; ask for the first page again", arg)
	}
	if _, ok := p.Args["after"].(string); ok {
		i, err := find("after")
		if err != nil {
			return nil, err
		}
		start = i + 1
	}
	if _, ok := p.Args["before"].(string); ok {
		i, err := find("before")
		if err != nil {
			return nil, err
		}
		end = min(end, i)
	}
	if start > end {
		start = end
	}
	first, hasFirst := p.Args["first"].(int)
	last, hasLast := p.Args["last"].(int)
	for _, a := range []struct {
		arg string
		n   int
	}{{"first", first}, {"last", last}} {
		arg, n := a.arg, a.n
		if n < 0 {
			return nil, errcode.New(errcode.BadUserInput, "%s must not be negative, and is %d", arg, n)
		}
		if opts.MaxPageSize > 0 && n > opts.MaxPageSize {
			return nil, errcode.New(errcode.BadUserInput, "%s: %d is over the largest page of %d", arg, n, opts.MaxPageSize)
		}
	}
	if !hasFirst && !hasLast && opts.DefaultPageSize > 0 {
		first, hasFirst = opts.DefaultPageSize, true
	}
	c := &connection{total: len(items), hasPrev: start > 0, hasNext: end < len(items)}
	if hasFirst && end-start > first {
		end = start + first
		c.hasNext = true
	}
	if hasLast && end-start > last {
		start = end - last
		c.hasPrev = true
	}
	c.items = items[start:end]
	for _, id := range ids[start:end] {
		c.cursors = append(c.cursors, encodeCursor(id))
	}
	return c, nil
}

// connectionType builds the Connection and Edge types of a node type.
func connectionType(name string, node graphql.Output) *graphql.Object {
	return connectionTypeWithEdge(name, name+"Edge", node)
}

// connectionTypeWithEdge is connectionType with the Edge type named otherwise, where
// name+"Edge" is taken by the contract (AgencyEdge is a link of the coordination network).
func connectionTypeWithEdge(name, edgeName string, node graphql.Output) *graphql.Object {
	edge := graphql.NewObject(graphql.ObjectConfig{
		Name:        edgeName,
		Description: "One item of a " + name + " list with its cursor.",
		Fields: graphql.Fields{
			"cursor": {Type: graphql.NewNonNull(graphql.String), Description: "Opaque position of the item, for after/before."},
			"node":   {Type: graphql.NewNonNull(node), Description: "The item."},
		},
	})
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        name + "Connection",
		Description: "A page of " + name + " items (Relay cursor connection).",
		Fields: graphql.Fields{
			"totalCount": {Type: graphql.NewNonNull(graphql.Int), Description: "Number of items in the whole list, all pages.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*connection).total, nil }},
			"edges": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(edge))), Description: "The items of this page.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					c := p.Source.(*connection)
					out := make([]map[string]any, len(c.items))
					for i, it := range c.items {
						out[i] = map[string]any{"cursor": c.cursors[i], "node": it}
					}
					return out, nil
				}},
			"nodes": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(node))), Description: "The items of this page, without cursors.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*connection).items, nil }},
			"pageInfo": {Type: graphql.NewNonNull(pageInfoType), Description: "Where this page sits in the list.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					c := p.Source.(*connection)
					pi := map[string]any{"hasNextPage": c.hasNext, "hasPreviousPage": c.hasPrev}
					if len(c.cursors) > 0 {
						pi["startCursor"] = c.cursors[0]
						pi["endCursor"] = c.cursors[len(c.cursors)-1]
					}
					return pi, nil
				}},
		},
	})
}
