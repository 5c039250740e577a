package graph

import "github.com/policykg/policykg/policy"

// everyField is an invented county document with every field of policy.Document and of its
// parts set, in the shapes the loader gives them: notes that give responsibilities out of
// their order, a warning with a span and one without, a measure under two headings.
func everyField() *policy.Document {
	value := func(v float64) *float64 { return &v }
	bureau := policy.Agency{Name: "青川县卫生健康局", City: "临川市", Level: policy.LevelCounty, Jurisdiction: "青川县",
		Kind: "卫生健康", Aliases: []string{"县卫健局", "青川县卫健局"}}
	finance := policy.Agency{Name: "青川县财政局", City: "临川市", Level: policy.LevelCounty, Jurisdiction: "青川县", Kind: "财政"}
	ministry := policy.Agency{Name: "国家卫生健康委", Level: policy.LevelNational, Jurisdiction: "国家", Kind: "卫生健康"}
	return &policy.Document{
		ID: "qingchuan-plan", Source: "testdata/qingchuan-plan.docx", Format: "docx", Encoding: "utf-8",
		Title: "青川县基层卫生能力提升实施方案", City: "临川市", Level: policy.LevelCounty, Jurisdiction: "青川县",
		Issuer: "青川县人民政府办公室", DocNumber: "青政办发〔2026〕3号", Date: "2026-03-01", Status: policy.StatusFinal,
		Cites: []policy.Citation{{Title: "临川市卫生事业发展规划", DocNumber: "临政发〔2025〕9号"}, {Title: "健康中国行动"}},
		Sections: []policy.Section{
			{Number: "二、", Title: "重点任务", Level: 1, Span: policy.Span{Start: 40, End: 46}},
			{Number: "（一）", Title: "基层能力", Level: 2, Span: policy.Span{Start: 47, End: 54}},
		},
		Measures: []policy.Measure{{
			Ordinal: 1, Number: "1.", Section: "（一）基层能力", SectionPath: []string{"二、重点任务", "（一）基层能力"},
			Title: "建设县域医共体", Text: "建设县域医共体，乡镇卫生院达标率达到90%。（县财政局牵头，县卫健局、国家卫生健康委、相关部门配合）",
			Span: policy.Span{Start: 55, End: 120},
			Responsibilities: []policy.Responsibility{
				{Agency: bureau, Mention: "县卫健局", Role: policy.RoleLead, Position: 1},
				{Agency: finance, Mention: "县财政局", Role: policy.RoleSupport, Position: 2},
				{Agency: ministry, Mention: "国家卫生健康委", Role: policy.RoleResponsible, Position: 3},
			},
			Notes: []policy.Note{
				{Text: "（县财政局牵头，县卫健局配合）", Span: policy.Span{Start: 80, End: 95}, Positions: []int{2, 1}},
				{Text: "（国家卫生健康委、相关部门负责）", Span: policy.Span{Start: 96, End: 112}, Positions: []int{3}},
			},
			GenericBodies: []string{"相关部门", "各有关单位"},
			Deadline:      "2026年12月底前",
			Institutions: []policy.Institution{
				{Name: "青川县人民医院", City: "临川市", Aliases: []string{"县医院"}, Parent: "青川县医共体", Mention: "县医院"},
			},
			Departments: []policy.Department{{Name: "全科", Institution: "青川县人民医院"}},
			Targets: []policy.Target{{
				Indicator: "乡镇卫生院达标率", Words: "卫生院达标率", Text: "乡镇卫生院达标率达到90%", Value: value(90), ValueText: "90",
				Unit: "%", Comparator: policy.AtLeast, Year: 2026, Stretch: true, Maintain: true, Rank: true, Span: policy.Span{Start: 70, End: 84},
			}},
		}},
		Observations: []policy.Observation{{
			Indicator: "乡镇卫生院达标率", Words: "达标率", Text: "达标率为82.5%", Value: value(82.5), ValueText: "82.5",
			Unit: "%", Comparator: policy.About, Rank: true, Span: policy.Span{Start: 20, End: 30},
		}},
		Warnings: []policy.Warning{
			{Code: "NO_UNITS", Message: "2.: 无责任单位", Span: &policy.Span{Start: 121, End: 130}},
			{Code: "UNKNOWN_NOTATION", Message: "附件格式未识别"},
		},
		Text: "青川县基层卫生能力提升实施方案……",
	}
}
