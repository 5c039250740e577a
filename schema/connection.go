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
	total int
	items []any
	// ids are the page's node IDs; a cursor is made from its ID when it is asked for.
	ids     []string
	hasNext bool
	hasPrev bool
}

func (c *connection) cursor(i int) string { return encodeCursor(c.ids[i]) }

// edge is the i-th item of a connection's page.
type edge struct {
	c *connection
	i int
}

func encodeCursor(id string) string { return base64.RawURLEncoding.EncodeToString([]byte("c:" + id)) }

func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "c:") {
		return "", errcode.New(errcode.BadUserInput, "the cursor %s was not given by this server", errcode.Quote(c))
	}
	return string(b[2:]), nil
}

// paginate cuts a page from items, identified by ids.
func paginate(p graphql.ResolveParams, items []any, ids []string, opts Options) (*connection, error) {
	return paginateFunc(p, len(items), func(i int) string { return ids[i] }, func(i int) any { return items[i] }, opts)
}

// paginateList cuts a page from items, identified by id: only the page's items are
// copied, so a page of a long list costs the page.
func paginateList[T any](p graphql.ResolveParams, items []T, id func(T) string, opts Options) (*connection, error) {
	return paginateFunc(p, len(items), func(i int) string { return id(items[i]) }, func(i int) any { return items[i] }, opts)
}

// paginateFunc cuts a page from a list of n items as the Relay specification says:
// after/before narrow the list, then first takes from its start and last from its end.
func paginateFunc(p graphql.ResolveParams, n int, idAt func(int) string, itemAt func(int) any, opts Options) (*connection, error) {
	start, end := 0, n
	find := func(arg string) (int, error) {
		c, _ := p.Args[arg].(string)
		id, err := decodeCursor(c)
		if err != nil {
			return 0, err
		}
		for i := range n {
			if idAt(i) == id {
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
	c := &connection{total: n, hasPrev: start > 0, hasNext: end < n}
	if hasFirst && end-start > first {
		end = start + first
		c.hasNext = true
	}
	if hasLast && end-start > last {
		start = end - last
		c.hasPrev = true
	}
	c.items = make([]any, end-start)
	c.ids = make([]string, end-start)
	for i := start; i < end; i++ {
		c.items[i-start] = itemAt(i)
		c.ids[i-start] = idAt(i)
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
	edgeType := graphql.NewObject(graphql.ObjectConfig{
		Name:        edgeName,
		Description: "One item of a " + name + " list with its cursor.",
		Fields: graphql.Fields{
			"cursor": {Type: graphql.NewNonNull(graphql.String), Description: "Opaque position of the item, for after/before.",
				Resolve: func(p graphql.ResolveParams) (any, error) { e := p.Source.(*edge); return e.c.cursor(e.i), nil }},
			"node": {Type: graphql.NewNonNull(node), Description: "The item.",
				Resolve: func(p graphql.ResolveParams) (any, error) { e := p.Source.(*edge); return e.c.items[e.i], nil }},
		},
	})
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        name + "Connection",
		Description: "A page of " + name + " items (Relay cursor connection).",
		Fields: graphql.Fields{
			"totalCount": {Type: graphql.NewNonNull(graphql.Int), Description: "Number of items in the whole list, all pages.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*connection).total, nil }},
			"edges": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(edgeType))), Description: "The items of this page.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					c := p.Source.(*connection)
					edges := make([]edge, len(c.items))
					out := make([]*edge, len(c.items))
					for i := range edges {
						edges[i] = edge{c: c, i: i}
						out[i] = &edges[i]
					}
					return out, nil
				}},
			"nodes": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(node))), Description: "The items of this page, without cursors.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(*connection).items, nil }},
			"pageInfo": {Type: graphql.NewNonNull(pageInfoType), Description: "Where this page sits in the list.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					c := p.Source.(*connection)
					pi := map[string]any{"hasNextPage": c.hasNext, "hasPreviousPage": c.hasPrev}
					if len(c.ids) > 0 {
						pi["startCursor"] = c.cursor(0)
						pi["endCursor"] = c.cursor(len(c.ids) - 1)
					}
					return pi, nil
				}},
		},
	})
}
