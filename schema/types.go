package schema

import (
	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

var spanType *graphql.Object

// span defines the text span type that lets a frontend highlight where an answer came from.
func (b *builder) span() {
	spanType = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Span",
		Description: "Character offsets into the document's text: [start, end).",
		Fields: graphql.Fields{
			"start": {Type: nonNull(graphql.Int), Description: "Offset of the first character."},
			"end":   {Type: nonNull(graphql.Int), Description: "Offset just after the last character."},
		},
	})
}

func spanOf(s policy.Span) map[string]any { return map[string]any{"start": s.Start, "end": s.End} }

func anySlice[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func measureID(m *model.Measure) string { return m.NodeID }

func (b *builder) measurePage(p graphql.ResolveParams, ms []*model.Measure) (any, error) {
	return paginateList(p, ms, measureID, b.opts)
}

func (b *builder) documentType() {
	b.document = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Document",
		Description: "A policy document: a plan, a draft or a news report.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			doc := func(s any) *model.Document { return s.(*model.Document) }
			return b.fieldsOf("Document", graphql.Fields{
				"id":        idField(func(s any) string { return doc(s).NodeID }),
				"title":     {Type: nonNull(graphql.String), Description: "Title as printed.", Resolve: func(p graphql.ResolveParams) (any, error) { return doc(p.Source).Title, nil }},
				"city":      {Type: graphql.String, Description: "City the document belongs to (济宁).", Resolve: str(func(s any) string { return doc(s).City })},
				"issuer":    {Type: graphql.String, Description: "Issuing body.", Resolve: str(func(s any) string { return doc(s).Issuer })},
				"docNumber": {Type: graphql.String, Description: "The document's own 文号.", Resolve: str(func(s any) string { return doc(s).DocNumber })},
				"date":      {Type: graphql.String, Description: "Date of issue, YYYY-MM-DD, when known.", Resolve: str(func(s any) string { return doc(s).Date })},
				"status":    {Type: nonNull(b.status), Description: "FINAL, DRAFT or NEWS.", Resolve: func(p graphql.ResolveParams) (any, error) { return doc(p.Source).Status, nil }},
				"source":    {Type: nonNull(graphql.String), Description: "File name as loaded.", Resolve: func(p graphql.ResolveParams) (any, error) { return doc(p.Source).Source, nil }},
				"format":    {Type: nonNull(graphql.String), Description: "text, html or docx.", Resolve: func(p graphql.ResolveParams) (any, error) { return doc(p.Source).Format, nil }},
				"text":      {Type: nonNull(graphql.String), Description: "The full text; spans are offsets into it.", Resolve: func(p graphql.ResolveParams) (any, error) { return doc(p.Source).Text, nil }},
				"cites":     {Type: listOf(b.cited), Description: "Upstream documents the text cites.", Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(doc(p.Source).Cites), nil }},
				"measures": {Type: nonNull(b.measureConn), Description: "The document's measures in order.", Args: pageArgs,
					Resolve: func(p graphql.ResolveParams) (any, error) { return b.measurePage(p, doc(p.Source).Measures) }},
				"observations": {Type: listOf(b.observation), Description: "Achieved values the document reports.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(doc(p.Source).Observations), nil }},
			})
		}),
	})
}

func (b *builder) measureType() {
	b.responsibility = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Responsibility",
		Description: "An agency's role in a measure, at its position in the printed list.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			r := func(s any) model.Responsibility { return s.(model.Responsibility) }
			return b.fieldsOf("Responsibility", graphql.Fields{
				"agency":   {Type: nonNull(b.agency), Description: "The agency.", Resolve: func(p graphql.ResolveParams) (any, error) { return r(p.Source).Agency, nil }},
				"role":     {Type: nonNull(b.role), Description: "LEAD, SUPPORT, RESPONSIBLE or IMPLEMENTER.", Resolve: func(p graphql.ResolveParams) (any, error) { return r(p.Source).Role, nil }},
				"position": {Type: nonNull(graphql.Int), Description: "1-based place in the measure's list.", Resolve: func(p graphql.ResolveParams) (any, error) { return r(p.Source).Position, nil }},
				"measure":  {Type: nonNull(b.measure), Description: "The measure.", Resolve: func(p graphql.ResolveParams) (any, error) { return r(p.Source).Measure, nil }},
			})
		}),
	})
	b.measure = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Measure",
		Description: "A numbered unit of work of a document.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			m := func(s any) *model.Measure { return s.(*model.Measure) }
			return b.fieldsOf("Measure", graphql.Fields{
				"id":       idField(func(s any) string { return m(s).NodeID }),
				"document": {Type: nonNull(b.document), Description: "The document it belongs to.", Resolve: func(p graphql.ResolveParams) (any, error) { return m(p.Source).Document, nil }},
				"ordinal":  {Type: nonNull(graphql.Int), Description: "1-based position among the document's measures.", Resolve: func(p graphql.ResolveParams) (any, error) { return m(p.Source).Ordinal, nil }},
				"number":   {Type: nonNull(graphql.String), Description: "The number as printed: （一）, 1., (一); a part 一是 of an item with a note of its own carries the item's number: （一）一是.", Resolve: func(p graphql.ResolveParams) (any, error) { return m(p.Source).Number, nil }},
				"section":  {Type: graphql.String, Description: "The top-level section it sits in (二).", Resolve: str(func(s any) string { return m(s).Section })},
				"title":    {Type: nonNull(graphql.String), Description: "The words before the first 。.", Resolve: func(p graphql.ResolveParams) (any, error) { return m(p.Source).Title, nil }},
				"text":     {Type: nonNull(graphql.String), Description: "The full text, responsibility note included.", Resolve: func(p graphql.ResolveParams) (any, error) { return m(p.Source).Text, nil }},
				"span":     {Type: nonNull(spanType), Description: "Where the text sits in the document's text.", Resolve: func(p graphql.ResolveParams) (any, error) { return spanOf(m(p.Source).Span), nil }},
				"agencies": {Type: listOf(b.responsibility), Description: "The agencies named, in printed order, optionally of one role.",
					Args: graphql.FieldConfigArgument{"role": {Type: b.role, Description: "Only this role."}},
					Resolve: func(p graphql.ResolveParams) (any, error) {
						role, _ := p.Args["role"].(policy.Role)
						var out []any
						for _, r := range m(p.Source).Responsibilities {
							if role == "" || r.Role == role {
								out = append(out, r)
							}
						}
						return out, nil
					}},
				"institutions": {Type: listOf(b.institution), Description: "Institutions named in the text.", Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(m(p.Source).Institutions), nil }},
				"departments":  {Type: listOf(b.department), Description: "Clinical departments named in the text.", Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(m(p.Source).Departments), nil }},
				"targets":      {Type: listOf(b.target), Description: "The measure's targets.", Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(m(p.Source).Targets), nil }},
				"targetsConnection": {Type: nonNull(b.targetConn), Description: "The measure's targets, paginated.", Args: pageArgs,
					Resolve: func(p graphql.ResolveParams) (any, error) {
						ts := m(p.Source).Targets
						ids := make([]string, len(ts))
						for i, t := range ts {
							ids[i] = t.NodeID
						}
						return paginate(p, anySlice(ts), ids, b.opts)
					}},
			})
		}),
	})
}

func (b *builder) agencyType() {
	b.agency = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Agency",
		Description: "A government body, scoped to its jurisdiction (国家, a province, a city or a county): national 财政部 is one node, each city's 市卫生健康委 another.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			a := func(s any) *model.Agency { return s.(*model.Agency) }
			return b.fieldsOf("Agency", graphql.Fields{
				"id":      idField(func(s any) string { return a(s).NodeID }),
				"name":    {Type: nonNull(graphql.String), Description: "Canonical name (市卫生健康委).", Resolve: func(p graphql.ResolveParams) (any, error) { return a(p.Source).Name, nil }},
				"city":    {Type: graphql.String, Description: "The city it belongs to, for a body of a city or a county.", Resolve: str(func(s any) string { return a(s).City })},
				"kind":    {Type: graphql.String, Description: "What it is, the same across cities (卫生健康委).", Resolve: str(func(s any) string { return a(s).Kind })},
				"aliases": {Type: listOf(graphql.String), Description: "Other names it goes by.", Resolve: func(p graphql.ResolveParams) (any, error) { return a(p.Source).Aliases, nil }},
				"measures": {Type: nonNull(b.measureConn), Description: "Measures that name it, optionally in one role.",
					Args: withPageArgs(withCurrent(graphql.FieldConfigArgument{"role": {Type: b.role, Description: "Only measures where it has this role."}})),
					Resolve: func(p graphql.ResolveParams) (any, error) {
						ag := a(p.Source)
						role, _ := p.Args["role"].(policy.Role)
						var ms []*model.Measure
						for _, mv := range ag.Measures {
							if role == "" || hasRole(ag.Roles(mv), role) {
								ms = append(ms, mv)
							}
						}
						return b.measurePage(p, currentMeasures(p, ms))
					}},
			})
		}),
	})
}

func hasRole(rs []policy.Role, r policy.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func (b *builder) institutionType() {
	b.institution = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Institution",
		Description: "A hospital, centre, institute or school, scoped to its city.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			in := func(s any) *model.Institution { return s.(*model.Institution) }
			return graphql.Fields{
				"id":      idField(func(s any) string { return in(s).NodeID }),
				"name":    {Type: nonNull(graphql.String), Description: "Canonical name.", Resolve: func(p graphql.ResolveParams) (any, error) { return in(p.Source).Name, nil }},
				"city":    {Type: graphql.String, Description: "The city it belongs to, for a body of a city or a county.", Resolve: str(func(s any) string { return in(s).City })},
				"aliases": {Type: listOf(graphql.String), Description: "Other names it goes by.", Resolve: func(p graphql.ResolveParams) (any, error) { return in(p.Source).Aliases, nil }},
				"partOf": {Type: b.institution, Description: "The institution a campus or centre belongs to.", Resolve: func(p graphql.ResolveParams) (any, error) {
					if par := in(p.Source).Parent; par != nil {
						return par, nil
					}
					return nil, nil
				}},
				"measures": {Type: listOf(b.measure), Description: "Measures that name it.", Args: withCurrent(nil),
					Resolve: func(p graphql.ResolveParams) (any, error) {
						return anySlice(currentMeasures(p, in(p.Source).Measures)), nil
					}},
			}
		}),
	})
	b.department = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Department",
		Description: "A clinical department or specialty, of an institution where the text says.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			d := func(s any) *model.Department { return s.(*model.Department) }
			return graphql.Fields{
				"id":   idField(func(s any) string { return d(s).NodeID }),
				"name": {Type: nonNull(graphql.String), Description: "Name (骨科).", Resolve: func(p graphql.ResolveParams) (any, error) { return d(p.Source).Name, nil }},
				"institution": {Type: b.institution, Description: "Whose department it is, when the text says.", Resolve: func(p graphql.ResolveParams) (any, error) {
					if in := d(p.Source).Institution; in != nil {
						return in, nil
					}
					return nil, nil
				}},
				"measures": {Type: listOf(b.measure), Description: "Measures that name it.", Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(d(p.Source).Measures), nil }},
			}
		}),
	})
}

func (b *builder) valueTypes() {
	b.indicator = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Indicator",
		Description: "What targets and observations measure; one node across documents.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			in := func(s any) *model.Indicator { return s.(*model.Indicator) }
			return graphql.Fields{
				"id":      idField(func(s any) string { return in(s).NodeID }),
				"name":    {Type: nonNull(graphql.String), Description: "Canonical name, shared by every document that means the same indicator.", Resolve: func(p graphql.ResolveParams) (any, error) { return in(p.Source).Name, nil }},
				"aliases": {Type: listOf(graphql.String), Description: "The other words documents use for it.", Resolve: func(p graphql.ResolveParams) (any, error) { return in(p.Source).Aliases, nil }},
				"targets": {Type: listOf(b.target), Description: "Targets set for it.", Args: withCurrent(nil),
					Resolve: func(p graphql.ResolveParams) (any, error) {
						ts := in(p.Source).Targets
						if wantCurrent(p) {
							ts = modelOf(p).CurrentTargets(ts)
						}
						return anySlice(ts), nil
					}},
				"observations": {Type: listOf(b.observation), Description: "Values reported as achieved.", Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(in(p.Source).Observations), nil }},
			}
		}),
	})
	b.target = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Target",
		Description: "A commitment of a measure: an indicator with a value, by a year.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			t := func(s any) *model.Target { return s.(*model.Target) }
			return graphql.Fields{
				"id":         idField(func(s any) string { return t(s).NodeID }),
				"measure":    {Type: nonNull(b.measure), Description: "The measure that sets it.", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Measure, nil }},
				"document":   {Type: nonNull(b.document), Description: "The document that sets it.", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Measure.Document, nil }},
				"indicator":  {Type: nonNull(b.indicator), Description: "What it measures.", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Indicator, nil }},
				"text":       {Type: nonNull(graphql.String), Description: "The sentence it comes from.", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Text, nil }},
				"words":      wordsField(func(s any) (string, string) { return t(s).Words, t(s).Indicator.Name }),
				"value":      {Type: graphql.Float, Description: "The number (65 for 65%, 0.55 for 1：0.55).", Resolve: func(p graphql.ResolveParams) (any, error) { return floatOrNil(t(p.Source).Value), nil }},
				"valueText":  {Type: graphql.String, Description: "The value as printed.", Resolve: str(func(s any) string { return t(s).ValueText })},
				"unit":       {Type: graphql.String, Description: "%, 个, 家, 人次 …", Resolve: str(func(s any) string { return t(s).Unit })},
				"comparator": {Type: b.comparator, Description: "How the value is to be read.", Resolve: func(p graphql.ResolveParams) (any, error) { return nilIfEmpty(t(p.Source).Comparator), nil }},
				"year":       {Type: graphql.Int, Description: "Year to reach it by.", Resolve: func(p graphql.ResolveParams) (any, error) { return intOrNil(t(p.Source).Year), nil }},
				"stretch":    {Type: nonNull(graphql.Boolean), Description: "A stretch goal (力争).", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Stretch, nil }},
				"maintain":   {Type: nonNull(graphql.Boolean), Description: "A level to keep (保持在).", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Maintain, nil }},
				"rank":       {Type: nonNull(graphql.Boolean), Description: "A rank (全省前3位), not a count.", Resolve: func(p graphql.ResolveParams) (any, error) { return t(p.Source).Rank, nil }},
				"span":       {Type: nonNull(spanType), Description: "Where the value sits in the document's text.", Resolve: func(p graphql.ResolveParams) (any, error) { return spanOf(t(p.Source).Span), nil }},
			}
		}),
	})
	b.observation = graphql.NewObject(graphql.ObjectConfig{
		Name:        "Observation",
		Description: "A value a document reports as achieved.",
		Interfaces:  []*graphql.Interface{b.node},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			o := func(s any) *model.Observation { return s.(*model.Observation) }
			return b.fieldsOf("Observation", graphql.Fields{
				"id":         idField(func(s any) string { return o(s).NodeID }),
				"indicator":  {Type: nonNull(b.indicator), Description: "What it measures.", Resolve: func(p graphql.ResolveParams) (any, error) { return o(p.Source).Indicator, nil }},
				"document":   {Type: nonNull(b.document), Description: "The report.", Resolve: func(p graphql.ResolveParams) (any, error) { return o(p.Source).Document, nil }},
				"value":      {Type: graphql.Float, Description: "The number.", Resolve: func(p graphql.ResolveParams) (any, error) { return floatOrNil(o(p.Source).Value), nil }},
				"valueText":  {Type: graphql.String, Description: "The value as printed.", Resolve: str(func(s any) string { return o(s).ValueText })},
				"unit":       {Type: graphql.String, Description: "Unit.", Resolve: str(func(s any) string { return o(s).Unit })},
				"comparator": {Type: b.comparator, Description: "How the value is to be read (约 → ABOUT).", Resolve: func(p graphql.ResolveParams) (any, error) { return nilIfEmpty(o(p.Source).Comparator), nil }},
				"rank":       {Type: nonNull(graphql.Boolean), Description: "A rank (居全省第1).", Resolve: func(p graphql.ResolveParams) (any, error) { return o(p.Source).Rank, nil }},
				"text":       {Type: nonNull(graphql.String), Description: "The sentence it comes from.", Resolve: func(p graphql.ResolveParams) (any, error) { return o(p.Source).Text, nil }},
				"words":      wordsField(func(s any) (string, string) { return o(s).Words, o(s).Indicator.Name }),
				"span":       {Type: nonNull(spanType), Description: "Where the value sits in the document's text.", Resolve: func(p graphql.ResolveParams) (any, error) { return spanOf(o(p.Source).Span), nil }},
			})
		}),
	})
	b.measureConn = connectionType("Measure", b.measure)
	b.documentConn = connectionType("Document", b.document)
	b.agencyConn = connectionTypeWithEdge("Agency", "AgencyConnectionEdge", b.agency)
	b.institutionConn = connectionType("Institution", b.institution)
	b.targetConn = connectionType("Target", b.target)
}

func floatOrNil(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func intOrNil(v int) any {
	if v == 0 {
		return nil
	}
	return v
}

func nilIfEmpty(c policy.Comparator) any {
	if c == "" {
		return nil
	}
	return c
}
