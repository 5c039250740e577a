// Package schema is the GraphQL schema of policykg and its resolvers, over model.Model.
package schema

import (
	"context"
	"fmt"
	"time"

	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// Options shape the schema's behaviour; the zero value applies no limits.
type Options struct {
	// MaxPageSize refuses first/last above it; 0 means no limit.
	MaxPageSize int
	// DefaultPageSize is the page size when neither first nor last is given; 0 means all.
	DefaultPageSize int
	// Now is the clock the scorecard reads today's date from; nil means time.Now.
	Now func() time.Time
}

type modelKey struct{}

// WithModel returns a context whose queries read m.
func WithModel(ctx context.Context, m *model.Model) context.Context {
	return context.WithValue(ctx, modelKey{}, m)
}

func modelOf(p graphql.ResolveParams) *model.Model {
	m, _ := p.Context.Value(modelKey{}).(*model.Model)
	return m
}

// builder holds the types while the schema is built, so resolvers can refer to them.
type builder struct {
	opts                                                               Options
	node                                                               *graphql.Interface
	document, measure, responsibility, agency, institution             *graphql.Object
	department, target, indicator, observation, cited                  *graphql.Object
	measureConn, documentConn, agencyConn, institutionConn, targetConn *graphql.Object
	role, status, comparator                                           *graphql.Enum
	places                                                             placeTypes
	queryFields                                                        graphql.Fields
	extraTypes                                                         []graphql.Type
	// typeFields are fields that capabilities add to the core types, by type name; the
	// types' field thunks take them in (see fieldsOf).
	typeFields map[string]graphql.Fields
}

// New builds the GraphQL schema.
func New(opts Options) (graphql.Schema, error) {
	b := &builder{opts: opts, typeFields: map[string]graphql.Fields{}}
	b.enums()
	b.types()
	b.query()
	// Each capability adds its Query fields in a file of its own.
	for _, extend := range b.extensions() {
		extend()
	}
	b.checkNameArgs()
	nullableRoots(b.queryFields)
	s, err := graphql.NewSchema(graphql.SchemaConfig{
		Query: graphql.NewObject(graphql.ObjectConfig{Name: "Query", Description: "Questions over the policy graph.", Fields: b.queryFields}),
		Types: append([]graphql.Type{b.document, b.measure, b.agency, b.institution, b.department, b.target, b.indicator, b.observation}, b.extraTypes...),
	})
	if err != nil {
		return s, fmt.Errorf("build schema: %w", err)
	}
	honourContext(s)
	return s, nil
}

func (b *builder) enums() {
	b.role = graphql.NewEnum(graphql.EnumConfig{
		Name:        "Role",
		Description: "The part an agency plays in a measure.",
		Values: graphql.EnumValueConfigMap{
			"LEAD":        {Value: policy.RoleLead, Description: "Declared lead: 排第一位为牵头单位, 牵头单位：A, A牵头."},
			"SUPPORT":     {Value: policy.RoleSupport, Description: "Another unit of a measure that declares a lead (配合单位)."},
			"RESPONSIBLE": {Value: policy.RoleResponsible, Description: "Listed with no lead declared (A、B按职责分工负责)."},
			"IMPLEMENTER": {Value: policy.RoleImplementer, Description: "A body the document puts on every measure (以下任务均需…负责落实)."},
		},
	})
	b.status = graphql.NewEnum(graphql.EnumConfig{
		Name:        "DocumentStatus",
		Description: "Whether a document is a final text, a draft or a news report.",
		Values: graphql.EnumValueConfigMap{
			"FINAL": {Value: policy.StatusFinal, Description: "An issued text."},
			"DRAFT": {Value: policy.StatusDraft, Description: "A draft for comments (征求意见稿)."},
			"NEWS":  {Value: policy.StatusNews, Description: "A news report of achievements."},
		},
	})
	b.comparator = graphql.NewEnum(graphql.EnumConfig{
		Name:        "Comparator",
		Description: "How a target value is to be read.",
		Values: graphql.EnumValueConfigMap{
			"AT_LEAST": {Value: policy.AtLeast, Description: "以上, 不低于, 不少于, 至少."},
			"AT_MOST":  {Value: policy.AtMost, Description: "以内, 不超过, 以下."},
			"ABOUT":    {Value: policy.About, Description: "左右, 约."},
			"EXACTLY":  {Value: policy.Exactly, Description: "The value as stated."},
		},
	})
}

func nonNull(t graphql.Output) graphql.Output { return graphql.NewNonNull(t) }

// nullableRoots makes every field of Query nullable. GraphQL nulls the nearest nullable
// field above an error: under a non-null root field that is data itself, so one bad
// argument (first: 1000, a document ID that names nothing, a stale cursor, even deep in a
// nested connection) would cost the whole answer. With nullable roots it costs its own
// root field and nothing else (docs/API.md, "Errors").
func nullableRoots(fields graphql.Fields) {
	for _, f := range fields {
		if nn, ok := f.Type.(*graphql.NonNull); ok {
			f.Type = nn.OfType
		}
	}
}

func listOf(t graphql.Output) graphql.Output {
	return graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(t)))
}

// str resolves a string field of a source value, returning nil for "".
func str(get func(any) string) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (any, error) {
		if s := get(p.Source); s != "" {
			return s, nil
		}
		return nil, nil
	}
}

func idField(get func(any) string) *graphql.Field {
	return &graphql.Field{Type: nonNull(graphql.ID), Description: "Stable ID: survives reloads and restarts.",
		Resolve: func(p graphql.ResolveParams) (any, error) { return get(p.Source), nil }}
}

func (b *builder) types() {
	b.node = graphql.NewInterface(graphql.InterfaceConfig{
		Name:        "Node",
		Description: "Anything with a stable ID, fetchable with node(id:).",
		Fields:      graphql.Fields{"id": {Type: nonNull(graphql.ID), Description: "Stable ID."}},
		ResolveType: func(p graphql.ResolveTypeParams) *graphql.Object {
			switch p.Value.(type) {
			case *model.Document:
				return b.document
			case *model.Measure:
				return b.measure
			case *model.Agency:
				return b.agency
			case *model.Institution:
				return b.institution
			case *model.Department:
				return b.department
			case *model.Target:
				return b.target
			case *model.Indicator:
				return b.indicator
			case *model.Observation:
				return b.observation
			}
			return nil
		},
	})
	b.cited = graphql.NewObject(graphql.ObjectConfig{
		Name: "CitedDocument", Description: "An upstream policy the document cites (《title》 with its 文号).",
		Fields: graphql.Fields{
			"docNumber": {Type: graphql.String, Description: "文号, e.g. 鲁政办字〔2023〕202号.", Resolve: str(func(s any) string { return s.(policy.Citation).DocNumber })},
			"title":     {Type: graphql.String, Description: "Title as cited.", Resolve: str(func(s any) string { return s.(policy.Citation).Title })},
		},
	})
	b.span()
	b.placeTypes()
	b.documentType()
	b.measureType()
	b.agencyType()
	b.institutionType()
	b.valueTypes()
}

// extensions lists the builders of Query fields beyond the core contract, one per file.
func (b *builder) extensions() []func() {
	return []func(){b.coordinationFields, b.compareFields, b.kindFields, b.alignFields, b.filterFields, b.searchFields,
		b.versionFields, b.scorecardFields, b.suggestFields, b.mentionFields, b.placeFields}
}

// addFields adds fields to a core type (Document, Observation …) from a capability's file.
func (b *builder) addFields(typeName string, fields graphql.Fields) {
	if b.typeFields[typeName] == nil {
		b.typeFields[typeName] = graphql.Fields{}
	}
	for k, v := range fields {
		b.typeFields[typeName][k] = v
	}
}

// fieldsOf is a core type's fields with those capabilities added.
func (b *builder) fieldsOf(typeName string, fields graphql.Fields) graphql.Fields {
	for k, v := range b.typeFields[typeName] {
		fields[k] = v
	}
	return fields
}
