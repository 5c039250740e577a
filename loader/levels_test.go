package loader

import (
	"fmt"
	"github.com/policykg/policykg/policy"
	"strings"
	"testing"
)

// The fixtures below are plans of invented places (东岳市, 西岭县, 临川省, 南溪市) and an
// invented State Council opinion, each in notations the seed documents do not use: levels
// of government, task-division tables, annexes of duties, articles, 一是…二是…, several
// notes in one item, declarations of the first-is-lead rule in a heading. The expectations
// are read off the fixture texts.

// wantUnit is one measure of a fixture: its number, title, section path, responsibilities,
// generic bodies and deadline.
type wantUnit struct {
	number, title string
	path          []string
	resp          []wantResp
	generic       []string
	deadline      string
}

type placeCase struct {
	name, file         string
	level              policy.Level
	jurisdiction, city string
	measures           []wantUnit
}

func placeCases() []placeCase {
	const (
		lead = policy.RoleLead
		supp = policy.RoleSupport
		resp = policy.RoleResponsible
	)
	tasks := "东岳市基层卫生能力提升重点任务分工表"
	dashes := "东岳市优化法治化营商环境2025年重点任务分工表"
	return []placeCase{
		{
			// A task-division table in an HTML page: a heading row over its rows, a 完成时限
			// spanning two rows, a generic tail after 等.
			name: "task-division table (HTML)", file: "task-table.html",
			level: policy.LevelCity, jurisdiction: "东岳市", city: "东岳",
			measures: []wantUnit{
				{"1", "推进乡镇卫生院标准化建设", []string{tasks, "一、强化基层服务网络"},
					[]wantResp{{"市卫生健康委", lead, 1}, {"市发展改革委", supp, 2}, {"市财政局", supp, 3}}, nil, "2025年底前"},
				{"2", "加强村卫生室规范化管理", []string{tasks, "一、强化基层服务网络"},
					[]wantResp{{"市卫生健康委", lead, 1}, {"各县（市、区）政府", supp, 2}}, nil, "2025年底前"},
				{"3", "落实基层医疗卫生机构财政补助政策", []string{tasks, "二、完善保障机制"},
					[]wantResp{{"市财政局", lead, 1}, {"市卫生健康委", supp, 2}}, []string{"有关部门"}, "2024年12月"},
				{"4", "完善乡村医生养老保障", []string{tasks, "二、完善保障机制"},
					[]wantResp{{"市人力资源社会保障局", lead, 1}, {"市医保局", lead, 2}, {"市财政局", supp, 3}}, nil, "持续推进"},
			},
		},
		{
			// A table in a DOCX file with one 责任单位 column, a 完成时间 merged over two rows
			// (vMerge) and a footnote row declaring the first unit the lead.
			name: "task-division table (DOCX)", file: "task-table.docx",
			level: policy.LevelProvincial, jurisdiction: "临川省",
			measures: []wantUnit{
				{"1", "健全医共体管理体制", nil, []wantResp{{"省卫生健康委", lead, 1}, {"省委编办", supp, 2}}, nil, "2024年6月底前"},
				{"2", "完善医保支付政策", nil, []wantResp{{"省医保局", lead, 1}, {"省财政厅", supp, 2}}, nil, "2024年6月底前"},
				{"3", "加强人才队伍建设", nil, []wantResp{{"省人力资源社会保障厅", lead, 1}, {"省卫生健康委", supp, 2}, {"省教育厅", supp, 3}}, nil, "2025年底前"},
			},
		},
		{
			// A county plan: 牵头单位/责任单位 with the towns as a group and a 完成时限 in the
			// note, 【责任单位】 before its list, A牵头，B参与, a note after the last of two
			// numbered items, 由A牵头，B配合 in the running text.
			name: "county plan", file: "county-yigongti.txt",
			level: policy.LevelCounty, jurisdiction: "西岭县",
			measures: []wantUnit{
				{"（一）", "健全医共体管理体制", []string{"二、重点任务"},
					[]wantResp{{"县卫生健康局", lead, 1}, {"县委编办", supp, 2}, {"县财政局", supp, 3}, {"各镇（街道）", supp, 4}}, nil, "2024年6月底前"},
				{"（二）", "推进医保打包支付", []string{"二、重点任务"}, []wantResp{{"县医保局", resp, 1}, {"县卫生健康局", resp, 2}}, nil, ""},
				{"（三）", "统一医共体内药品耗材管理", []string{"二、重点任务"},
					[]wantResp{{"县卫生健康局", lead, 1}, {"县医保局", supp, 2}, {"县市场监管局", supp, 3}}, nil, ""},
				{"1.", "落实编制周转池制度，盘活用好县域内编制资源", []string{"二、重点任务", "（四）加强人才队伍建设"}, nil, nil, ""},
				{"2.", "推行县聘镇用、镇聘村用，引导人才向基层流动", []string{"二、重点任务", "（四）加强人才队伍建设"},
					[]wantResp{{"县委组织部", lead, 1}, {"县人力资源社会保障局", lead, 2}, {"县卫生健康局", supp, 3}}, nil, ""},
				{"（一）", "加强组织领导", []string{"三、保障措施"}, []wantResp{{"县卫生健康局", lead, 1}, {"县财政局", supp, 2}}, nil, ""},
			},
		},
		{
			// A State Council opinion: 排在第一位的为牵头单位，下同; A、B等有关部门及各地区; a
			// generic first unit (no one named leads); two notes in one item, each with its
			// own roles; a customs office and a state company.
			name: "national opinion", file: "national-opinion.txt",
			level: policy.LevelNational, jurisdiction: "国家",
			measures: []wantUnit{
				{"（一）", "建设县级养老服务指导中心", []string{"一、健全服务网络"},
					[]wantResp{{"民政部", lead, 1}, {"国家发展改革委", supp, 2}, {"财政部", supp, 3}}, nil, ""},
				{"（二）", "发展乡镇区域养老服务中心", []string{"一、健全服务网络"},
					[]wantResp{{"民政部", lead, 1}, {"国家卫生健康委", supp, 2}, {"各地区", supp, 3}}, []string{"有关部门"}, ""},
				{"（三）", "完善村级互助养老服务", []string{"一、健全服务网络"},
					[]wantResp{{"各省级人民政府", resp, 1}}, []string{"有关部门和单位"}, ""},
				{"（四）", "推进医养结合", []string{"二、提升服务能力"},
					[]wantResp{{"国家卫生健康委", lead, 1}, {"国家医保局", supp, 2}, {"国家医保局", lead, 3}, {"财政部", supp, 4}, {"人力资源社会保障部", supp, 5}}, nil, ""},
				{"（五）", "加强人才培养", []string{"二、提升服务能力"},
					[]wantResp{{"教育部", lead, 1}, {"人力资源社会保障部", supp, 2}, {"民政部", supp, 3}, {"各省级人民政府", supp, 4}}, nil, ""},
				{"（六）", "强化交通和通信保障", []string{"二、提升服务能力"},
					[]wantResp{{"交通运输部", lead, 1}, {"工业和信息化部", supp, 2}, {"中国国家铁路集团有限公司", supp, 3}, {"北河海关", supp, 4}}, nil, ""},
			},
		},
		{
			// A provincial 办法 in chapters and articles: the articles of 总则 and 附则 frame the
			// text; in 职责分工 an article starts with the body it is about, or assigns in its
			// running text.
			name: "provincial articles", file: "provincial-articles.txt",
			level: policy.LevelProvincial, jurisdiction: "临川省",
			measures: []wantUnit{
				{"第三条", "省卫生健康委负责全省基层医疗卫生机构的统筹规划和监督管理", []string{"第二章职责分工"},
					[]wantResp{{"省卫生健康委", resp, 1}}, nil, ""},
				{"第四条", "基层医疗卫生机构标准化建设由省卫生健康委牵头，省发展改革委、省财政厅配合，所需资金纳入年度预算", []string{"第二章职责分工"},
					[]wantResp{{"省卫生健康委", lead, 1}, {"省发展改革委", supp, 2}, {"省财政厅", supp, 3}}, nil, ""},
				{"第五条", "乡村医生养老保障由省人力资源社会保障厅负责，具体办法另行制定", []string{"第二章职责分工"},
					[]wantResp{{"省人力资源社会保障厅", resp, 1}}, nil, ""},
			},
		},
		{
			// 一是…二是… inside an item with one note stay one measure, as do the points of an
			// item (重点做好以下工作：1.…；2.…) under the one note after the last; 一是…二是…
			// are items of their own where nothing else numbers them; two notes in one item;
			// 1﹒ numbering.
			name: "一是…二是… and several notes in one item", file: "yishi-several-notes.txt",
			level: policy.LevelCity, jurisdiction: "南溪市", city: "南溪",
			measures: []wantUnit{
				{"（一）", "完善公立医院管理体制", []string{"一、深化体制机制改革"}, []wantResp{{"市卫生健康委", lead, 1}, {"市财政局", supp, 2}}, nil, ""},
				{"（二）", "改革薪酬分配制度", []string{"一、深化体制机制改革"}, []wantResp{{"市人力资源社会保障局", resp, 1}, {"市卫生健康委", resp, 2}}, nil, ""},
				{"（三）", "推进分级诊疗", []string{"一、深化体制机制改革"}, []wantResp{{"市卫生健康委", lead, 1}, {"市医保局", supp, 2}}, nil, ""},
				{"1﹒", "加强重点专科建设", []string{"二、提升医疗服务能力"}, []wantResp{{"市卫生健康委", resp, 1}}, nil, ""},
				{"2﹒", "推进智慧医院建设", []string{"二、提升医疗服务能力"}, []wantResp{{"市大数据局", resp, 1}, {"市卫生健康委", resp, 2}}, nil, ""},
				{"一是", "加大财政投入力度，落实政府投入责任", []string{"三、强化改革保障"}, []wantResp{{"市财政局", resp, 1}}, nil, ""},
				{"二是", "加强宣传引导，营造良好氛围", []string{"三、强化改革保障"}, []wantResp{{"市委宣传部", resp, 1}, {"市卫生健康委", resp, 2}}, nil, ""},
			},
		},
		{
			// Articles with notes and no chapters; the closing articles (负责解释, 自…起施行,
			// 有效期, 以本措施为准) are no units of work, whoever they name.
			name: "articles with closing clauses", file: "articles-closing.txt",
			level: policy.LevelProvincial, jurisdiction: "临川省",
			measures: []wantUnit{
				{"第一条", "保障民营企业公平参与招标投标", nil,
					[]wantResp{{"省发展改革委", lead, 1}, {"省财政厅", supp, 2}, {"省公共资源交易中心", supp, 3}}, nil, ""},
				{"第二条", "加大民营企业信贷支持", nil, []wantResp{{"省地方金融管理局", lead, 1}, {"省财政厅", supp, 2}}, nil, ""},
				{"第三条", "降低企业用地成本", nil, []wantResp{{"省自然资源厅", resp, 1}}, nil, ""},
				{"第四条", "支持民营企业创新", nil, []wantResp{{"省科技厅", resp, 1}, {"省工业和信息化厅", resp, 2}}, nil, ""},
				{"第五条", "规范涉企执法检查", nil, []wantResp{{"省司法厅", lead, 1}}, []string{"省直各有关执法部门"}, ""},
				{"第六条", "强化督促落实", nil, []wantResp{{"各设区市人民政府", resp, 1}}, nil, ""},
			},
		},
		{
			// 一是…二是… each closed by its own note are measures of their own that keep the
			// item's number (（一）一是) and its heading in the path; the title stops before the
			// note. 一、目标任务 (no items), （四） naming only 各有关部门和单位, and 三、强化组织保障's
			// items with no note or a generic one are no measures.
			name: "一是…二是… each with its own note", file: "yishi-per-note.txt",
			level: policy.LevelCity, jurisdiction: "青川市", city: "青川",
			measures: []wantUnit{
				{"（一）一是", "加快国家物流枢纽建设，推动枢纽设施互联互通", []string{"二、重点任务", "（一）完善物流枢纽网络"},
					[]wantResp{{"市发展改革委", lead, 1}, {"市交通运输局", supp, 2}, {"市商务局", supp, 3}}, nil, ""},
				{"（一）二是", "布局建设一批县域物流集散中心", []string{"二、重点任务", "（一）完善物流枢纽网络"},
					[]wantResp{{"市交通运输局", resp, 1}}, nil, ""},
				{"（一）三是", "编制城市物流专项规划，预留物流用地空间", []string{"二、重点任务", "（一）完善物流枢纽网络"},
					[]wantResp{{"市自然资源和规划局", resp, 1}, {"各县（市、区）政府", resp, 2}}, nil, ""},
				{"（二）一是", "推进铁路专用线进园区，提高大宗货物铁路运输比例", []string{"二、重点任务", "（二）发展多式联运"},
					[]wantResp{{"市交通运输局", lead, 1}, {"市发展改革委", supp, 2}}, nil, ""},
				{"（二）二是", "推广多式联运“一单制”，推动运单互认", []string{"二、重点任务", "（二）发展多式联运"},
					[]wantResp{{"市交通运输局", resp, 1}, {"市商务局", resp, 2}}, nil, ""},
				{"（三）", "发展农村物流", []string{"二、重点任务"},
					[]wantResp{{"市邮政管理局", resp, 1}, {"市交通运输局", resp, 2}, {"市商务局", resp, 3}}, nil, ""},
				{"（一）", "加强统筹调度", []string{"三、强化组织保障"}, []wantResp{{"市发展改革委", resp, 1}}, nil, ""},
			},
		},
		{
			// A task table under 二、重点任务 (a heading over the table, no measure itself):
			// cells holding —, /, 无 name no one; 市直各行政执法部门 and 各行政执法部门 are
			// generic bodies. 三、保障措施's items name no one and are no measures.
			name: "task table with empty cells and classes of bodies", file: "task-table-dashes.html",
			level: policy.LevelCity, jurisdiction: "东岳市", city: "东岳",
			measures: []wantUnit{
				{"1", "全面推行轻微违法行为免罚清单，动态调整清单事项", []string{dashes, "一、规范执法监管"},
					[]wantResp{{"市司法局", lead, 1}}, []string{"市直各行政执法部门"}, "2025年6月底"},
				{"2", "推行跨部门联合检查，减少对企业的重复检查", []string{dashes, "一、规范执法监管"},
					[]wantResp{{"市司法局", lead, 1}, {"市市场监管局", lead, 2}}, nil, "2025年12月底"},
				{"3", "规范涉企行政检查备案，公开检查事项清单", []string{dashes, "一、规范执法监管"},
					[]wantResp{{"市司法局", lead, 1}, {"各县（市、区）政府", supp, 2}}, []string{"各行政执法部门"}, "2025年9月底"},
				{"4", "开通涉企案件立案审判绿色通道", []string{dashes, "二、强化司法保障"},
					[]wantResp{{"市中级人民法院", lead, 1}}, nil, "2025年6月底"},
				{"5", "开展拖欠企业账款专项清理", []string{dashes, "二、强化司法保障"},
					[]wantResp{{"市工业和信息化局", lead, 1}}, nil, "2025年12月底"},
				{"6", "推行水电气联合报装，压缩报装时间", []string{dashes, "三、优化要素服务"},
					[]wantResp{{"市住房城乡建设局", lead, 1}}, nil, "2025年9月底"},
				{"7", "清理规范涉企收费项目", []string{dashes, "三、优化要素服务"},
					[]wantResp{{"市发展改革委", lead, 1}}, nil, "2025年12月底"},
			},
		},
		{
			// 附件 部门职责分工: a line per body after the plan's own items.
			name: "annex of duties", file: "duties-annex.txt",
			level: policy.LevelProvincial, jurisdiction: "临川省",
			measures: []wantUnit{
				{"（一）", "完善康复医疗服务体系", []string{"二、重点任务"}, []wantResp{{"省卫生健康委", resp, 1}}, nil, ""},
				{"（二）", "加强康复医疗人才培养", []string{"二、重点任务"}, []wantResp{{"省教育厅", resp, 1}, {"省卫生健康委", resp, 2}}, nil, ""},
				{"", "省卫生健康委负责统筹推进康复医疗服务体系建设，制定康复医疗机构设置标准", []string{"部门职责分工"}, []wantResp{{"省卫生健康委", resp, 1}}, nil, ""},
				{"", "省发展改革委负责将康复医疗服务体系建设纳入经济社会发展规划", []string{"部门职责分工"}, []wantResp{{"省发展改革委", resp, 1}}, nil, ""},
				{"", "省财政厅、省医保局负责落实康复医疗服务的投入和支付政策", []string{"部门职责分工"}, []wantResp{{"省财政厅", resp, 1}, {"省医保局", resp, 2}}, nil, ""},
				{"", "各设区市人民政府负责本地区康复医疗服务工作的组织实施", []string{"部门职责分工"}, []wantResp{{"各设区市人民政府", resp, 1}}, nil, ""},
			},
		},
		{
			// 列第一位的为牵头单位 declared in a section's heading holds for that section only; a
			// heading's own note (三、保障措施（市财政局牵头）) is the note of the items under it
			// that have none.
			name: "declaration in a heading", file: "heading-rule.txt",
			level: policy.LevelCity, jurisdiction: "东岳市", city: "东岳",
			measures: []wantUnit{
				{"（一）", "建设体育公园", []string{"二、重点任务（各项任务中列第一位的为牵头单位）"},
					[]wantResp{{"市体育局", lead, 1}, {"市自然资源和规划局", supp, 2}, {"市住房城乡建设局", supp, 3}}, nil, ""},
				{"（二）", "推进学校体育场地开放", []string{"二、重点任务（各项任务中列第一位的为牵头单位）"},
					[]wantResp{{"市教育局", lead, 1}, {"市体育局", supp, 2}}, nil, ""},
				{"（三）", "健全健身服务网络", []string{"二、重点任务（各项任务中列第一位的为牵头单位）"},
					[]wantResp{{"市体育局", resp, 1}}, []string{"相关部门"}, ""},
				{"（一）", "加大资金投入", []string{"三、保障措施（市财政局牵头）"}, []wantResp{{"市财政局", lead, 1}}, nil, ""},
				{"（二）", "强化用地保障", []string{"三、保障措施（市财政局牵头）"}, []wantResp{{"市自然资源和规划局", resp, 1}}, nil, ""},
			},
		},
	}
}

func TestParsePlacesAndNotations(t *testing.T) {
	for _, tc := range placeCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := loadNotation(t, tc.file)
			if d.Level != tc.level || d.Jurisdiction != tc.jurisdiction || d.City != tc.city {
				t.Errorf("level, jurisdiction, city = %s, %q, %q; want %s, %q, %q", d.Level, d.Jurisdiction, d.City, tc.level, tc.jurisdiction, tc.city)
			}
			if len(d.Measures) != len(tc.measures) {
				var got []string
				for _, m := range d.Measures {
					got = append(got, m.Number+m.Title)
				}
				t.Fatalf("%d measures %q, want %d", len(d.Measures), got, len(tc.measures))
			}
			for i, want := range tc.measures {
				m := d.Measures[i]
				t.Run(fmt.Sprintf("M%d", i+1), func(t *testing.T) {
					if m.Number != want.number || m.Title != want.title {
						t.Errorf("number, title = %q, %q; want %q, %q", m.Number, m.Title, want.number, want.title)
					}
					if strings.Join(m.SectionPath, " / ") != strings.Join(want.path, " / ") {
						t.Errorf("section path %q, want %q", m.SectionPath, want.path)
					}
					checkResponsibilities(t, m, want.resp, tc.city)
					if strings.Join(m.GenericBodies, " ") != strings.Join(want.generic, " ") {
						t.Errorf("generic bodies %q, want %q", m.GenericBodies, want.generic)
					}
					if m.Deadline != want.deadline {
						t.Errorf("deadline %q, want %q", m.Deadline, want.deadline)
					}
				})
			}
		})
	}
}

// TestAgencyLevels checks the level and jurisdiction of agencies of each level, as named in
// the fixtures: a national body is national in any document, a provincial body belongs to
// the document's province, a city's to the city, a group of governments to the
// jurisdiction that names it, a customs office to the document's place.
func TestAgencyLevels(t *testing.T) {
	for _, tc := range []struct {
		file, name   string
		level        policy.Level
		jurisdiction string
		city         string
	}{
		{"national-opinion.txt", "财政部", policy.LevelNational, "国家", ""},
		{"national-opinion.txt", "各省级人民政府", policy.LevelProvincial, "国家", ""},
		{"national-opinion.txt", "中国国家铁路集团有限公司", policy.LevelNational, "国家", ""},
		{"national-opinion.txt", "北河海关", policy.LevelNational, "国家", ""},
		{"task-table.docx", "省卫生健康委", policy.LevelProvincial, "临川省", ""},
		{"county-yigongti.txt", "县卫生健康局", policy.LevelCounty, "西岭县", ""},
		{"county-yigongti.txt", "各镇（街道）", "", "西岭县", ""},
		{"heading-rule.txt", "市体育局", policy.LevelCity, "东岳市", "东岳"},
		{"task-table.html", "各县（市、区）政府", policy.LevelCounty, "东岳市", "东岳"},
	} {
		t.Run(tc.file+" "+tc.name, func(t *testing.T) {
			d := loadNotation(t, tc.file)
			var found *policy.Agency
			for _, m := range d.Measures {
				for _, r := range m.Responsibilities {
					if r.Agency.Name == tc.name {
						found = &r.Agency
					}
				}
			}
			if found == nil {
				t.Fatalf("no agency %s", tc.name)
			}
			if found.Level != tc.level || found.Jurisdiction != tc.jurisdiction || found.City != tc.city {
				t.Errorf("level, jurisdiction, city = %s, %q, %q; want %s, %q, %q", found.Level, found.Jurisdiction, found.City, tc.level, tc.jurisdiction, tc.city)
			}
		})
	}
}

// TestPlaceOf reads the level, jurisdiction and city of issuers and titles of each level.
func TestPlaceOf(t *testing.T) {
	for _, tc := range []struct {
		s                  string
		level              policy.Level
		jurisdiction, city string
	}{
		{"国务院办公厅", policy.LevelNational, "国家", ""},
		{"国务院关于做好当前和今后一个时期促进就业工作的若干意见", policy.LevelNational, "国家", ""},
		{"财政部关于加强基层医疗卫生机构资金管理的通知", policy.LevelNational, "国家", ""},
		{"山东省人民政府办公厅", policy.LevelProvincial, "山东省", ""},
		{"临川省基层医疗卫生机构管理办法", policy.LevelProvincial, "临川省", ""},
		{"北京市卫生健康委员会关于推进社区医院建设的通知", policy.LevelProvincial, "北京市", "北京"},
		{"山东省济南市全民健身实施计划", policy.LevelCity, "济南市", "济南"},
		{"济宁市进一步完善医疗卫生服务体系的实施方案", policy.LevelCity, "济宁市", "济宁"},
		{"济宁市汶上县推进紧密型县域医共体建设实施方案", policy.LevelCounty, "汶上县", "济宁"},
		{"西岭县人民政府办公室", policy.LevelCounty, "西岭县", ""},
		{"济宁市社区卫生服务能力提升方案", policy.LevelCity, "济宁市", "济宁"},
		{"关于加快“科创济南”建设全面提升科技创新能力的若干政策措施", "", "", ""},
	} {
		lv, jur, city := placeOf(compact(tc.s))
		if lv != tc.level || jur != tc.jurisdiction || city != tc.city {
			t.Errorf("placeOf(%s) = %s, %q, %q; want %s, %q, %q", tc.s, lv, jur, city, tc.level, tc.jurisdiction, tc.city)
		}
	}
}
