package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/errcode"
	"github.com/policykg/policykg/graph"
	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

func argString(p graphql.ResolveParams, name string) string {
	s, _ := p.Args[name].(string)
	return s
}

// loadedDocument returns the document an ID argument names, or a NOT_FOUND error: an ID
// that names nothing is an error wherever it is given (docs/API.md, "Not found").
func loadedDocument(p graphql.ResolveParams, arg string) (*model.Document, error) {
	id := argString(p, arg)
	if d := modelOf(p).Document(id); d != nil {
		return d, nil
	}
	return nil, graph.DocumentNotFound(id)
}

// documentExists checks an optional document ID argument.
func documentExists(p graphql.ResolveParams, arg string) error {
	if _, given := p.Args[arg].(string); !given {
		return nil
	}
	_, err := loadedDocument(p, arg)
	return err
}

func (b *builder) query() {
	measureArgs := graphql.FieldConfigArgument{
		"agency":      {Type: graphql.String, Description: "An agency's canonical name or alias (市医保局)."},
		"city":        {Type: graphql.String, Description: "City of the document (济宁)."},
		"role":        {Type: b.role, Description: "The agency's role; without agency, any agency's."},
		"document":    {Type: graphql.ID, Description: "A document's ID."},
		"institution": {Type: graphql.String, Description: "An institution's canonical name or alias."},
		"text":        {Type: graphql.String, Description: "Words the title or text must hold, found through the full-text index as search finds them (every word, each as written)."},
	}
	for k, v := range b.refineArgs() {
		measureArgs[k] = v
	}
	measureArgs = withCurrent(measureArgs)
	findMeasures := func(p graphql.ResolveParams) ([]*model.Measure, error) {
		role, _ := p.Args["role"].(policy.Role)
		status, _ := p.Args["status"].(policy.Status)
		year, _ := p.Args["year"].(int)
		ms, err := modelOf(p).FilterMeasures(p.Context, model.MeasureFilter{
			Agency: argString(p, "agency"), City: argString(p, "city"), Role: role,
			Document: argString(p, "document"), Institution: argString(p, "institution"), Text: argString(p, "text"),
			Status: status, Indicator: argString(p, "indicator"), Year: year, Jurisdiction: argString(p, "jurisdiction"),
		})
		return currentMeasures(p, ms), err
	}
	b.placeArgs(measureArgs, false)
	docArgs := b.placeArgs(graphql.FieldConfigArgument{
		"city":   {Type: graphql.String, Description: "Only documents of this city."},
		"status": {Type: b.status, Description: "Only documents of this status."},
	}, true)
	docArgs = withCurrent(docArgs)
	findDocs := func(p graphql.ResolveParams) []*model.Document {
		st, _ := p.Args["status"].(policy.Status)
		lv, _ := p.Args["level"].(policy.Level)
		m := modelOf(p)
		ds := m.FindDocuments(model.DocumentFilter{City: argString(p, "city"), Status: st, Jurisdiction: argString(p, "jurisdiction"), Level: lv})
		if wantCurrent(p) {
			ds = m.CurrentDocuments(ds)
		}
		return ds
	}
	nameCity := graphql.FieldConfigArgument{
		"name": {Type: graphql.String, Description: "Canonical name or alias, matched exactly."},
		"city": {Type: graphql.String, Description: "Only this city."},
	}
	b.queryFields = graphql.Fields{
		"node": {Type: b.node, Description: "Any node by its ID.",
			Args: graphql.FieldConfigArgument{"id": {Type: graphql.NewNonNull(graphql.ID), Description: "The node's ID."}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				if n := modelOf(p).Node(argString(p, "id")); n != nil {
					return n, nil
				}
				return nil, errcode.New(errcode.NotFound, "nothing loaded has the ID %s", errcode.Quote(argString(p, "id")))
			}},
		"documents": {Type: listOf(b.document), Description: "Documents, optionally of one city or status.", Args: docArgs,
			Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(findDocs(p)), nil }},
		"documentsConnection": {Type: nonNull(b.documentConn), Description: "Documents, paginated.", Args: withPageArgs(docArgs),
			Resolve: func(p graphql.ResolveParams) (any, error) {
				ds := findDocs(p)
				ids := make([]string, len(ds))
				for i, d := range ds {
					ids[i] = d.NodeID
				}
				return paginate(p, anySlice(ds), ids, b.opts)
			}},
		"document": {Type: b.document, Description: "A document by ID.",
			Args: graphql.FieldConfigArgument{"id": {Type: graphql.NewNonNull(graphql.ID), Description: "The document's ID (doc:… or the plain ID)."}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return loadedDocument(p, "id")
			}},
		"measures": {Type: nonNull(b.measureConn), Description: "Measures matching every argument given: which tasks involve a bureau, in which it leads.",
			Args: withPageArgs(measureArgs),
			Resolve: func(p graphql.ResolveParams) (any, error) {
				if err := documentExists(p, "document"); err != nil {
					return nil, err
				}
				ms, err := findMeasures(p)
				if err != nil {
					return nil, fmt.Errorf("measures: %w", err)
				}
				return b.measurePage(p, ms)
			}},
		"agencies": {Type: listOf(b.agency), Description: "Agencies by name or alias and city.", Args: nameCity,
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return anySlice(modelOf(p).FindAgencies(argString(p, "name"), argString(p, "city"))), nil
			}},
		"agenciesConnection": {Type: nonNull(b.agencyConn), Description: "Agencies, paginated.", Args: withPageArgs(nameCity),
			Resolve: func(p graphql.ResolveParams) (any, error) {
				as := modelOf(p).FindAgencies(argString(p, "name"), argString(p, "city"))
				ids := make([]string, len(as))
				for i, a := range as {
					ids[i] = a.NodeID
				}
				return paginate(p, anySlice(as), ids, b.opts)
			}},
		"institutions": {Type: listOf(b.institution), Description: "Institutions by name or alias and city.", Args: nameCity,
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return anySlice(modelOf(p).FindInstitutions(argString(p, "name"), argString(p, "city"))), nil
			}},
		"institutionsConnection": {Type: nonNull(b.institutionConn), Description: "Institutions, paginated.", Args: withPageArgs(nameCity),
			Resolve: func(p graphql.ResolveParams) (any, error) {
				is := modelOf(p).FindInstitutions(argString(p, "name"), argString(p, "city"))
				ids := make([]string, len(is))
				for i, in := range is {
					ids[i] = in.NodeID
				}
				return paginate(p, anySlice(is), ids, b.opts)
			}},
		"indicators": {Type: listOf(b.indicator), Description: "Indicators by name.",
			Args: graphql.FieldConfigArgument{"name": {Type: graphql.String, Description: "Name, matched exactly."}},
			Resolve: func(p graphql.ResolveParams) (any, error) {
				return anySlice(modelOf(p).FindIndicators(argString(p, "name"))), nil
			}},
	}
}
