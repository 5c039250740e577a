package model

import (
	"testing"

	"github.com/policykg/policykg/policy"
)

func TestPlanKey(t *testing.T) {
	tests := []struct {
		a, cityA, b, cityB string
		same               bool
	}{
		// The seeds' 济宁 draft and final titles.
		{"济宁市关于进一步完善医疗卫生服务体系的实施方案", "济宁", "济宁市进一步完善医疗卫生服务体系的实施方案", "济宁", true},
		{"东岳市改善基层医疗服务行动方案（征求意见稿）", "东岳", "东岳市改善基层医疗服务行动方案", "东岳", true},
		{"关于进一步完善医疗卫生服务体系实施方案(送审稿)", "滨州", "滨州市人民政府办公室关于印发滨州市进一步完善医疗卫生服务体系实施方案的通知", "滨州", true},
		{"东岳市改善基层医疗服务行动方案 （草案）", "东岳", "东岳市改善基层医疗服务行动方案", "东岳", true},
		// Another plan of the same city is not a version of it.
		{"东岳市改善基层医疗服务行动方案", "东岳", "东岳市促进文旅康养融合发展行动方案", "东岳", false},
		{"东岳市2024年卫生健康工作要点", "东岳", "东岳市2025年卫生健康工作要点", "东岳", false},
	}
	for _, tt := range tests {
		if got := planKey(tt.a, tt.cityA) == planKey(tt.b, tt.cityB); got != tt.same {
			t.Errorf("%s ~ %s: %v, want %v (%q, %q)", tt.a, tt.b, got, tt.same, planKey(tt.a, tt.cityA), planKey(tt.b, tt.cityB))
		}
	}
}

func TestSupersededBy(t *testing.T) {
	doc := func(id, title, city, issuer, date string, st policy.Status) *policy.Document {
		return &policy.Document{ID: id, Title: title, City: city, Issuer: issuer, Date: date, Status: st}
	}
	m := Build("test", []*policy.Document{
		doc("dy-draft", "东岳市改善基层医疗服务行动方案（征求意见稿）", "东岳", "", "2024-03-01", policy.StatusDraft),
		doc("dy-final", "东岳市改善基层医疗服务行动方案", "东岳", "", "2024-06-01", policy.StatusFinal),
		// The same title in another city is another plan.
		doc("qc-draft", "青川市改善基层医疗服务行动方案（征求意见稿）", "青川", "", "", policy.StatusDraft),
		doc("xx-final", "东岳市改善基层医疗服务行动方案", "西峡", "", "", policy.StatusFinal),
		// A draft dated after the only final of its title is a new round, not replaced by it.
		doc("dy-care-final", "东岳市医养结合实施方案", "东岳", "", "2021-05-01", policy.StatusFinal),
		doc("dy-care-draft", "东岳市医养结合实施方案（征求意见稿）", "东岳", "", "2024-09-01", policy.StatusDraft),
		// Issuers, when both are known, must agree.
		doc("ws-draft", "东岳市卫生健康委关于做好基层服务的通知（征求意见稿）", "东岳", "东岳市卫生健康委", "", policy.StatusDraft),
		doc("ws-final", "东岳市卫生健康委关于做好基层服务的通知", "东岳", "东岳市医保局", "", policy.StatusFinal),
	}, nil)
	want := map[string]string{"dy-draft": "dy-final"}
	for _, d := range m.Documents {
		got := ""
		if f := m.SupersededBy(d); f != nil {
			got = f.ID
		}
		if got != want[d.ID] {
			t.Errorf("%s superseded by %q, want %q", d.ID, got, want[d.ID])
		}
		if m.Current(d) != (want[d.ID] == "") {
			t.Errorf("%s current %v", d.ID, m.Current(d))
		}
	}
	if got := len(m.CurrentDocuments(m.Documents)); got != len(m.Documents)-1 {
		t.Errorf("%d current documents, want %d", got, len(m.Documents)-1)
	}
}
