package schema

import (
	"github.com/graphql-go/graphql"

	"github.com/policykg/policykg/model"
	"github.com/policykg/policykg/policy"
)

// placeTypes are the types that place documents and agencies in the levels of government
// and say what the loader read and could not read: Level, LoadWarning, ResponsibilityNote.
type placeTypes struct {
	level   *graphql.Enum
	warning *graphql.Object
	note    *graphql.Object
}

// noteView is a responsibility note with the measure it belongs to.
type noteView struct {
	note    policy.Note
	measure *model.Measure
}

func (b *builder) placeTypes() {
	b.places.level = graphql.NewEnum(graphql.EnumConfig{
		Name:        "Level",
		Description: "A level of government.",
		Values: graphql.EnumValueConfigMap{
			"NATIONAL":   {Value: policy.LevelNational, Description: "The State Council and its ministries (国务院, 财政部, 国家卫生健康委)."},
			"PROVINCIAL": {Value: policy.LevelProvincial, Description: "A province, autonomous region or municipality (山东省, 北京市)."},
			"CITY":       {Value: policy.LevelCity, Description: "A prefecture-level city (济宁市)."},
			"COUNTY":     {Value: policy.LevelCounty, Description: "A county, district or county-level city (汶上县)."},
		},
	})
	b.places.warning = graphql.NewObject(graphql.ObjectConfig{
		Name:        "LoadWarning",
		Description: "Something the loader saw in a document but could not read, so that a gap is never silent.",
		Fields: graphql.Fields{
			"code": {Type: nonNull(graphql.String), Description: "What kind of gap: NO_UNITS (a unit of work that names no one), UNREAD_NOTE (a bracket that reads like a list of units but was not understood), UNKNOWN_LABEL (a role label not known yet), GENERIC_ONLY (an item whose only note names generic bodies, not read as a measure).",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(policy.Warning).Code, nil }},
			"message": {Type: nonNull(graphql.String), Description: "The gap in words, naming the item.",
				Resolve: func(p graphql.ResolveParams) (any, error) { return p.Source.(policy.Warning).Message, nil }},
			"span": {Type: spanType, Description: "Where in the document's text, when the gap has a place.",
				Resolve: func(p graphql.ResolveParams) (any, error) {
					if sp := p.Source.(policy.Warning).Span; sp != nil {
						return spanOf(*sp), nil
					}
					return nil, nil
				}},
		},
	})
	b.places.note = graphql.NewObject(graphql.ObjectConfig{
		Name:        "ResponsibilityNote",
		Description: "One responsibility note of a measure as printed (（牵头单位：A；配合单位：B）, a task table's unit cells, 由A牵头 in the text), with the units it names.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			nv := func(s any) noteView { return s.(noteView) }
			return graphql.Fields{
				"text": {Type: nonNull(graphql.String), Description: "The note as printed.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return nv(p.Source).note.Text, nil }},
				"span": {Type: nonNull(spanType), Description: "Where the note is in the document's text.",
					Resolve: func(p graphql.ResolveParams) (any, error) { return spanOf(nv(p.Source).note.Span), nil }},
				"agencies": {Type: listOf(b.responsibility), Description: "The responsibilities the note gives, in printed order; generic bodies are not among them.",
					Resolve: func(p graphql.ResolveParams) (any, error) {
						v := nv(p.Source)
						var out []any
						for _, pos := range v.note.Positions {
							for _, r := range v.measure.Responsibilities {
								if r.Position == pos {
									out = append(out, r)
								}
							}
						}
						return out, nil
					}},
			}
		}),
	})
}

// placeFields adds the fields that place documents and agencies in the levels of
// government, and those that say what the loader read of a measure and could not read.
func (b *builder) placeFields() {
	b.documentPlaceFields()
	b.measurePlaceFields()
	b.agencyPlaceFields()
}

// documentPlaceFields are the Document fields that place it and report what was not read.
func (b *builder) documentPlaceFields() {
	doc := func(s any) *model.Document { return s.(*model.Document) }
	b.addFields("Document", graphql.Fields{
		"level": {Type: b.places.level, Description: "Level of government, read from the issuer and the title (or the manifest, or the text's own words).",
			Resolve: func(p graphql.ResolveParams) (any, error) { return levelOrNil(doc(p.Source).Level), nil }},
		"jurisdiction": {Type: graphql.String, Description: "国家, a province (山东省), a city (济宁市) or a county; set for national and provincial documents too, which have no city.",
			Resolve: str(func(s any) string { return doc(s).Jurisdiction })},
		"warnings": {Type: listOf(b.places.warning), Description: "What the loader could not read: items that name no one, notes it did not understand.",
			Resolve: func(p graphql.ResolveParams) (any, error) { return anySlice(doc(p.Source).Warnings), nil }},
	})
}

// measurePlaceFields are the Measure fields of its place in the document and its notes.
func (b *builder) measurePlaceFields() {
	m := func(s any) *model.Measure { return s.(*model.Measure) }
	b.addFields("Measure", graphql.Fields{
		"sectionPath": {Type: listOf(graphql.String), Description: "The headings above the measure, outermost first (二、重点任务, （三）…), so that two （二） are told apart.",
			Resolve: func(p graphql.ResolveParams) (any, error) { return nonNilStrings(m(p.Source).SectionPath), nil }},
		"notes": {Type: listOf(b.places.note), Description: "Each responsibility note of the measure with its span and the units it names.",
			Resolve: func(p graphql.ResolveParams) (any, error) {
				mv := m(p.Source)
				out := make([]any, len(mv.Notes))
				for i, n := range mv.Notes {
					out[i] = noteView{n, mv}
				}
				return out, nil
			}},
		"genericBodies": {Type: listOf(graphql.String), Description: "Bodies a note names without naming anyone (相关部门, 各有关单位): kept as text, not agencies.",
			Resolve: func(p graphql.ResolveParams) (any, error) { return nonNilStrings(m(p.Source).GenericBodies), nil }},
		"deadline": {Type: graphql.String, Description: "完成时限 of a task-division table row, as printed.",
			Resolve: str(func(s any) string { return m(s).Deadline })},
	})
}

// agencyPlaceFields are the Agency fields that place it.
func (b *builder) agencyPlaceFields() {
	a := func(s any) *model.Agency { return s.(*model.Agency) }
	b.addFields("Agency", graphql.Fields{
		"level": {Type: b.places.level, Description: "Level of government it belongs to (财政部 NATIONAL, 省卫生健康委 PROVINCIAL, 市卫生健康委 CITY).",
			Resolve: func(p graphql.ResolveParams) (any, error) { return levelOrNil(a(p.Source).Level), nil }},
		"jurisdiction": {Type: graphql.String, Description: "The jurisdiction it belongs to (国家, 山东省, 济宁市); one node per jurisdiction and name.",
			Resolve: str(func(s any) string { return a(s).Jurisdiction })},
	})
}

// placeArgs are the arguments that narrow documents by jurisdiction and level.
func (b *builder) placeArgs(args graphql.FieldConfigArgument, withLevel bool) graphql.FieldConfigArgument {
	args["jurisdiction"] = &graphql.ArgumentConfig{Type: graphql.String, Description: "Only documents of this jurisdiction (国家, 山东省, 济宁市; with or without 省/市)."}
	if withLevel {
		args["level"] = &graphql.ArgumentConfig{Type: b.places.level, Description: "Only documents of this level of government."}
	}
	return args
}

func levelOrNil(l policy.Level) any {
	if l == "" {
		return nil
	}
	return l
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
