package corpus

import (
	"sort"
	"strings"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/policy"
)

// city is a prefecture-level city of Shandong, with the slug its files are named by.
type city struct{ name, slug string }

var cities = []city{
	{"济宁", "jining"}, {"滨州", "binzhou"}, {"东营", "dongying"}, {"烟台", "yantai"},
	{"潍坊", "weifang"}, {"临沂", "linyi"}, {"淄博", "zibo"}, {"泰安", "taian"},
	{"德州", "dezhou"}, {"聊城", "liaocheng"}, {"菏泽", "heze"}, {"日照", "rizhao"},
}

// agencyName is a government body: its canonical name and the ways documents print it,
// {city} standing for the document's city.
type agencyName struct {
	canonical string
	mentions  []string
	weight    int
}

// unlisted are bodies the agency table does not list: the loader keeps their names as
// printed, without the city.
var unlisted = []string{
	"市公安局", "市税务局", "市住房城乡建设局", "市自然资源和规划局", "市农业农村局", "市生态环境局",
	"市应急局", "市退役军人事务局", "市妇联", "市总工会", "市司法局", "市交通运输局",
	"市工业和信息化局", "市商务局", "市体育局", "市城市管理局",
}

// implementers are the bodies a document puts on every measure.
var implementers = map[string]bool{"各县（市、区）政府": true, "各市属开发区管委会": true}

// agencyPool builds the bodies measures name from the loader's agency table and the
// unlisted ones. 市卫生健康委 is named most, as it is in health plans.
func agencyPool(names *loader.Names) []agencyName {
	var out []agencyName
	for _, a := range names.KnownAgencies() {
		// City plans name their city's bodies; the table's national and provincial ones stay out.
		if implementers[a.Name] || strings.HasPrefix(a.Name, "各") || a.Level != "" && a.Level != policy.LevelCity {
			continue
		}
		an := agencyName{canonical: a.Name, mentions: []string{a.Name}, weight: 2}
		for _, al := range a.Aliases {
			// Plans print a body by a name that ends like one (市委组织部, not 市委组织部门).
			if strings.ContainsAny(lastRune(al), "局委办厅部府会室联协") {
				an.mentions = append(an.mentions, al)
			}
		}
		if strings.HasPrefix(a.Name, "市") {
			an.mentions = append(an.mentions, "{city}"+a.Name)
		}
		switch a.Name {
		case "市卫生健康委":
			an.weight = 40
		case "市医保局", "市财政局", "市发展改革委", "市人力资源社会保障局":
			an.weight = 8
		}
		out = append(out, an)
	}
	for _, n := range unlisted {
		out = append(out, agencyName{canonical: n, mentions: []string{n, "{city}" + n}, weight: 1})
	}
	return out
}

// measureVerbs and measureObjects make measure titles (优化 + 基层医疗卫生服务网络).
var measureVerbs = []string{"优化", "健全", "完善", "加强", "推进", "提升", "深化", "强化", "扩大", "加快", "规范", "创新"}

var measureObjects = []string{
	"基层医疗卫生服务网络", "家庭医生签约服务", "医保支付方式改革", "公共卫生应急体系", "中医药传承创新",
	"托育服务供给", "医养结合服务", "全民健康信息化建设", "妇幼健康服务", "精神卫生服务",
	"职业健康保护", "卫生人才队伍建设", "药品供应保障", "急诊急救体系", "康复护理服务",
	"健康教育与促进", "老年健康服务", "疾病预防控制体系", "医疗服务价格形成机制", "综合监管制度",
	"县域医共体建设", "分级诊疗制度", "互联网医疗服务", "血液安全保障", "爱国卫生运动",
}

// bodySentences carry no numbers, names or brackets: nothing the loader extracts.
var bodySentences = []string{
	"坚持问题导向和目标导向，统筹推进各项工作。",
	"建立健全工作机制，明确任务分工和时间节点。",
	"加大政策支持力度，完善配套措施。",
	"推动优质资源扩容下沉和区域均衡布局。",
	"加强部门协同，形成工作合力。",
	"鼓励社会力量参与，满足群众多层次需求。",
	"完善考核评价办法，定期通报进展情况。",
	"总结推广典型经验，发挥示范引领作用。",
	"强化信息化支撑，推进数据互联互通。",
	"加强人才培养和引进，提升服务能力和水平。",
	"健全长效投入机制，落实财政保障责任。",
	"优化服务流程，改善群众就医体验。",
	"落实属地管理责任，加强督促指导。",
	"完善激励约束机制，调动各方积极性。",
}

// institutionForms are named institutions of a city, {city} standing for it; the loader
// finds them by their place prefix and suffix.
var institutionForms = []string{
	"{city}市人民医院", "{city}市中医医院", "{city}市妇幼保健院", "{city}市第二人民医院",
	"{city}市第三人民医院", "{city}市中心医院", "{city}市精神卫生中心", "{city}市疾病预防控制中心",
	"{city}市传染病医院", "{city}市急救中心",
}

// institutionSentences name one institution ({inst}).
var institutionSentences = []string{
	"支持{inst}提升疑难重症诊疗能力，发挥区域辐射带动作用。",
	"依托{inst}组建医疗联合体，推动优质资源共享。",
	"推动{inst}加强学科建设，打造高水平服务平台。",
}

// rate is an indicator measured in per cent.
var rates = []string{
	"全人群签约率", "重点人群签约率", "基本医疗保险参保率", "县域内患者就诊率", "电子健康档案建档率",
	"孕产妇系统管理率", "老年人健康管理率", "高血压患者规范管理率", "糖尿病患者规范管理率",
	"适龄儿童疫苗接种率", "居民健康素养水平", "乡镇卫生院中医馆覆盖率", "医疗机构检查检验结果互认率",
}

// counted are things a target counts (建成30个以上县域医疗服务次中心).
var counted = []string{
	"县域医疗服务次中心", "社区医院", "普惠托育机构", "医养结合示范机构", "智慧健康养老示范社区",
	"中医药健康旅游示范基地", "紧密型城市医疗集团",
}

// newsThings are what news reports count as achieved, in 家.
var newsThings = []string{"备案托育机构", "医养结合机构", "社区医院", "互联网医院", "县域医疗服务次中心"}

var reporters = []string{"王晓明", "李静", "张伟", "刘洋", "陈晨", "赵磊", "孙丽", "周涛"}

var planThemes = []string{
	"推进家庭医生签约服务高质量发展", "进一步完善医疗卫生服务体系", "促进婴幼儿照护服务发展",
	"推进医养结合高质量发展", "深化医疗保障制度改革", "加强基层医疗卫生服务体系建设",
	"促进中医药传承创新发展", "提升公共卫生应急能力", "推进健康城市建设", "深化医药卫生体制改革",
}

var newsThemes = []string{"卫生健康事业取得长足发展", "托育服务工作取得新成效", "基层卫生服务能力持续提升", "医养结合工作扎实推进"}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// Cities lists the cities the generator writes documents of, as documents name them (济宁).
func Cities() []string {
	out := make([]string, len(cities))
	for i, c := range cities {
		out[i] = c.name
	}
	return out
}

// Agencies lists the canonical names of the bodies the generator names in measures, with
// {city} standing for the document's city, and those it puts on every measure of a
// document (implementers, role IMPLEMENTER).
func (g *Generator) Agencies() (named, implementing []string) {
	for _, a := range g.agencies {
		named = append(named, a.canonical)
	}
	for name := range implementers {
		implementing = append(implementing, name)
	}
	sort.Strings(implementing)
	return named, implementing
}
