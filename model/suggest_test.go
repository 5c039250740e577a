package model

import (
	"testing"

	"github.com/policykg/policykg/policy"
)

func TestLikeness(t *testing.T) {
	tests := []struct {
		q, name string
		want    float64
	}{
		{"市医保局", "市医保局", 1},
		{"医保局", "市医保局", 0.875},       // held in it: 0.5 + 0.5 × 3/4
		{"济宁市医保局", "市医保局", 5.0 / 6},  // holds it: 0.5 + 0.5 × 4/6
		{"市卫健委", "市卫生健康委", 0.4167},   // in order: 0.25 + 0.25 × 4/6
		{"卫生委健康", "市卫生健康委", 2.0 / 9}, // 卫生 and 健康 shared of 4 + 5 pairs: Dice 4/9, halved
		{"西苑医院", "戴庄医院", 0},          // only 医院 in common: Dice 0.33
	}
	for _, tt := range tests {
		q, n := newFoldedName(tt.q, foldName(tt.q)), newFoldedName(tt.name, foldName(tt.name))
		got := likeness(&q, &n)
		if diff := got - tt.want; diff > 0.001 || diff < -0.001 {
			t.Errorf("likeness(%s, %s) = %.4f, want %.4f", tt.q, tt.name, got, tt.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	m := Build("test", []*policy.Document{{ID: "dy-plan", Title: "东岳市改善基层医疗服务行动方案", City: "东岳", Status: policy.StatusFinal,
		Measures: []policy.Measure{{Ordinal: 1, Number: "（一）", Title: "做实签约服务",
			Responsibilities: []policy.Responsibility{
				{Agency: policy.Agency{Name: "市医保局", City: "东岳", Aliases: []string{"市医疗保障局"}}, Role: policy.RoleLead, Position: 1},
				{Agency: policy.Agency{Name: "市卫生健康委", City: "东岳"}, Role: policy.RoleSupport, Position: 2},
			},
			Institutions: []policy.Institution{{Name: "东岳市人民医院", City: "东岳", Aliases: []string{"市人民医院"}}},
			Targets:      []policy.Target{{Indicator: "全人群签约率", Words: "全人群家庭医生签约率"}},
		}}}}, nil)
	type hit struct {
		kind    SuggestKind
		name    string
		matched string
	}
	tests := []struct {
		text  string
		kinds []SuggestKind
		want  []hit
	}{
		{"医保局", nil, []hit{{SuggestAgency, "市医保局", "市医保局"}}},
		{"医疗保障", nil, []hit{{SuggestAgency, "市医保局", "市医疗保障局"}}},
		{"人民医院", []SuggestKind{SuggestInstitution}, []hit{{SuggestInstitution, "东岳市人民医院", "市人民医院"}}},
		{"家庭医生签约", nil, []hit{{SuggestIndicator, "全人群签约率", "全人群家庭医生签约率"}}},
		{"基层医疗服务", []SuggestKind{SuggestDocument}, []hit{{SuggestDocument, "东岳市改善基层医疗服务行动方案", "东岳市改善基层医疗服务行动方案"}}},
		{"ＤＹ-ＰＬＡＮ", nil, []hit{{SuggestDocument, "东岳市改善基层医疗服务行动方案", "dy-plan"}}},
		{"市", []SuggestKind{SuggestAgency}, []hit{{SuggestAgency, "市医保局", "市医保局"}, {SuggestAgency, "市卫生健康委", "市卫生健康委"}}},
		{"财政局", nil, nil},
	}
	for _, tt := range tests {
		got := m.Suggest(tt.text, tt.kinds, 10)
		var hits []hit
		for _, s := range got {
			hits = append(hits, hit{s.Kind, s.Name, s.Matched})
		}
		if len(hits) != len(tt.want) {
			t.Errorf("Suggest(%s) = %v, want %v", tt.text, hits, tt.want)
			continue
		}
		for i := range hits {
			if hits[i] != tt.want[i] {
				t.Errorf("Suggest(%s)[%d] = %v, want %v", tt.text, i, hits[i], tt.want[i])
			}
		}
	}
	if got := m.Suggest("市", []SuggestKind{SuggestAgency}, 1); len(got) != 1 {
		t.Errorf("first 1 gave %d suggestions", len(got))
	}
}
