package loader

import (
	_ "embed"
	"github.com/policykg/policykg/policy"
	"regexp"
	"strings"
)

//go:embed names/places.tsv
var placesTSV string

// places knows the provincial-level divisions and their prefecture-level cities.
type places struct {
	provinces []province
	cityOf    map[string]string // city (济宁) → province (山东省)
}

type province struct {
	name, short string
	cities      []string
}

var placeTable = parsePlaces(placesTSV)

func parsePlaces(data string) places {
	p := places{cityOf: map[string]string{}}
	for _, r := range tsvRows(data) {
		pr := province{name: r[0]}
		if len(r) > 1 {
			pr.short = r[1]
		}
		if len(r) > 2 && r[2] != "" {
			pr.cities = strings.Split(r[2], "|")
		}
		for _, c := range pr.cities {
			p.cityOf[c] = pr.name
		}
		if strings.HasSuffix(pr.name, "市") {
			p.cityOf[strings.TrimSuffix(pr.name, "市")] = pr.name
		}
		p.provinces = append(p.provinces, pr)
	}
	return p
}

// municipality reports whether a jurisdiction is a provincial-level city (北京市).
func municipality(name string) bool {
	for _, pr := range placeTable.provinces {
		if pr.name == name {
			return strings.HasSuffix(name, "市")
		}
	}
	return false
}

// provinceAt returns the province whose name s starts with: 山东省…, or 山东… when the
// word after is not part of a city's name.
func (p places) provinceAt(s string) string {
	for _, pr := range p.provinces {
		if strings.HasPrefix(s, pr.name) {
			return pr.name
		}
	}
	return ""
}

// mostNamedCity is the listed city a text names most, at least twice and more than any
// other: the place of a city's plan that does not print its city's name in its title.
func (p places) mostNamedCity(text string) string {
	counts := map[string]int{}
	for c := range p.cityOf {
		if len([]rune(c)) >= 2 && !strings.ContainsAny(c, "州区盟") {
			counts[c] = strings.Count(text, c)
		}
	}
	return winner(counts)
}

// mostNamedProvince is the province a text names most, by its name and its cities' names.
func (p places) mostNamedProvince(text string) string {
	counts := map[string]int{}
	for _, pr := range p.provinces {
		short := strings.TrimSuffix(strings.TrimSuffix(pr.name, "省"), "市")
		if r := []rune(pr.name); strings.HasSuffix(pr.name, "自治区") {
			// 广西壮族自治区 is 广西, 内蒙古自治区 内蒙古.
			short = string(r[:2])
			if strings.HasPrefix(pr.name, "内蒙古") {
				short = "内蒙古"
			}
		}
		n := strings.Count(text, short)
		for _, c := range pr.cities {
			n += strings.Count(text, c)
		}
		counts[pr.name] = n
	}
	return winner(counts)
}

// winner is the key with the highest count, at least 2 and above every other.
func winner(counts map[string]int) string {
	best, bestN, second := "", 0, 0
	for k, n := range counts {
		switch {
		case n > bestN:
			best, bestN, second = k, n, bestN
		case n == bestN:
			second = n
		case n > second:
			second = n
		}
	}
	if bestN < 2 || bestN == second {
		return ""
	}
	return best
}

var (
	// nationalIssuer starts the name of a national issuer or of a national document's title.
	nationalIssuer = regexp.MustCompile(`^(国务院|中共中央|中央|全国人民代表大会|全国人大|国家[\p{Han}]{1,12}(委员会|委|局|署|办公室|部)|` +
		`(教育|科技|科学技术|工业和信息化|公安|民政|司法|财政|人力资源社会保障|人力资源和社会保障|自然资源|生态环境|住房城乡建设|住房和城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理|外交|国防)部|` +
		`(海关总署|税务总局|国家税务总局|市场监管总局|国家市场监督管理总局|审计署|中国人民银行))`)
	// provinceHead is a province at the start of a name: 临川省.
	provinceHead = regexp.MustCompile(`^([\p{Han}]{2,3}?)(省|自治区)`)
	// cityAt is a city at the start of a name: 济宁市, 延边朝鲜族自治州.
	cityAt = regexp.MustCompile(`^([\p{Han}]{2,4}?)(市|自治州|地区|盟)`)
	// countyAt is a county or district at the start of an issuer's name: 汶上县人民政府.
	countyAt = regexp.MustCompile(`^([\p{Han}]{1,6}?(自治县|县|区|旗|县级市))(人民政府|政府|委员会|办公室|卫生健康局|[\p{Han}]{0,8}(局|委))`)
	// countyTitle is a county or district at the start of a title: 汶上县…实施方案.
	countyTitle = regexp.MustCompile(`^([\p{Han}]{2,4}?(自治县|县|区|旗))`)
	// notPlaces are words ending in 区 or 县 that name no place: 社区, 园区, 县域.
	notPlaces = regexp.MustCompile(`(社区|园区|城区|辖区|地区|山区|牧区|灾区|矿区|校区|院区|景区|街区|片区|小区|专区|试验区|示范区|开发区|保税区|功能区|自贸区|先行区|集聚区|生态区|核心区)$`)
	// levelWords are what a text says of its own place: 全省, 我市, 各县（市、区）.
	levelWords = map[policy.Level]*regexp.Regexp{
		policy.LevelNational:   regexp.MustCompile(`全国|国务院各部委|各省、自治区、直辖市|各省级人民政府|各地区`),
		policy.LevelProvincial: regexp.MustCompile(`全省|我省|本省|各市人民政府|各设区市|省政府|省直`),
		policy.LevelCity:       regexp.MustCompile(`全市|我市|本市|各县[(（]市、区[)）]|各区[(（]市[)）]|各区、市|各县市区|市政府|市直`),
		policy.LevelCounty:     regexp.MustCompile(`全县|我县|本县|全区|我区|本区|各乡镇|各镇[(（]街道[)）]|各乡镇[(（]街道[)）]|县政府|区政府`),
	}
	// bodyLevelPrefix is the level a body's name starts with, as notes print them.
	bodyLevelPrefix = regexp.MustCompile(`[(（、:：,，]\s*(国家|国务院|中央|省|市|县|区)[\p{Han}]{1,12}(委|局|厅|部|办|署|政府)`)
)

// readLevel places the document: its level and jurisdiction from the issuer and the title,
// else from the manifest, else from what its text says of itself (全省, 我市) and the bodies
// its notes name (省…, 市…, …部).
func (n *Names) readLevel(d *policy.Document, t []rune, meta Meta) {
	for _, s := range []string{compact(d.Issuer), compact(d.Title)} {
		if lv, jur, city := placeOf(s); lv != "" {
			d.Level, d.Jurisdiction = lv, jur
			if d.City == "" && city != "" {
				d.City = city
			}
			break
		}
	}
	if d.Level == "" && meta.Level != "" {
		d.Level, d.Jurisdiction = meta.Level, meta.Jurisdiction
	}
	if d.Level == "" {
		text := string(t)
		d.Level = levelFromText(text)
		switch d.Level {
		case policy.LevelNational:
			d.Jurisdiction = "国家"
		case policy.LevelProvincial:
			if d.Jurisdiction == "" && meta.Jurisdiction == "" {
				d.Jurisdiction = placeTable.mostNamedProvince(text)
			}
		case policy.LevelCity, policy.LevelCounty:
			if d.City == "" {
				d.City = placeTable.mostNamedCity(text)
			}
		}
	}
	if d.Jurisdiction == "" {
		d.Jurisdiction = meta.Jurisdiction
	}
	if d.Jurisdiction == "" && d.City != "" {
		switch d.Level {
		case policy.LevelCity, "":
			d.Level, d.Jurisdiction = policy.LevelCity, d.City+"市"
			if pr, ok := placeTable.cityOf[d.City]; ok && municipality(pr) {
				d.Level, d.Jurisdiction = policy.LevelProvincial, pr
			}
		}
	}
}

// placeOf reads the level, jurisdiction and city of an issuer or a title.
func placeOf(s string) (policy.Level, string, string) {
	if s == "" {
		return "", "", ""
	}
	if nationalIssuer.MatchString(s) {
		return policy.LevelNational, "国家", ""
	}
	pr, listed := placeTable.provinceAt(s), true
	if pr == "" {
		// A province the table does not list keeps the name it is printed with.
		pr, listed = provinceHead.FindString(s), false
	}
	if pr != "" {
		rest := strings.TrimPrefix(s, pr)
		if municipality(pr) {
			city := strings.TrimSuffix(pr, "市")
			if m := countyAt.FindStringSubmatch(rest); m != nil && !notPlaces.MatchString(m[1]) {
				return policy.LevelCounty, m[1], city
			}
			return policy.LevelProvincial, pr, city
		}
		if m := cityAt.FindStringSubmatch(rest); m != nil && (!listed || placeTable.cityOf[m[1]] == pr) {
			return policy.LevelCity, m[1] + m[2], m[1]
		}
		return policy.LevelProvincial, pr, ""
	}
	if m := cityAt.FindStringSubmatch(s); m != nil {
		rest := strings.TrimPrefix(s, m[0])
		if c := countyAt.FindStringSubmatch(rest); c != nil && !notPlaces.MatchString(c[1]) {
			return policy.LevelCounty, c[1], m[1]
		}
		if c := countyTitle.FindStringSubmatch(rest); c != nil && !notPlaces.MatchString(c[1]) {
			// 济宁市汶上县推进…方案
			return policy.LevelCounty, c[1], m[1]
		}
		if _, known := placeTable.cityOf[m[1]]; known || m[2] == "市" {
			return policy.LevelCity, m[1] + m[2], m[1]
		}
	}
	if m := countyAt.FindStringSubmatch(s); m != nil && !notPlaces.MatchString(m[1]) {
		return policy.LevelCounty, m[1], ""
	}
	if m := countyTitle.FindStringSubmatch(s); m != nil && !notPlaces.MatchString(m[1]) && strings.ContainsAny(s, "方案计划意见措施办法通知规划") {
		return policy.LevelCounty, m[1], ""
	}
	return "", "", ""
}

// levelFromText guesses the level of a document that does not name its place: the words it
// uses of itself (全省, 我市) and the prefixes of the bodies its notes name, whichever are
// most.
func levelFromText(s string) policy.Level {
	count := map[policy.Level]int{}
	for lv, re := range levelWords {
		count[lv] += len(re.FindAllStringIndex(s, -1))
	}
	for _, m := range bodyLevelPrefix.FindAllStringSubmatch(s, -1) {
		switch m[1] {
		case "国家", "国务院", "中央":
			count[policy.LevelNational] += 2
		case "省":
			count[policy.LevelProvincial] += 2
		case "市":
			count[policy.LevelCity] += 2
		case "县", "区":
			count[policy.LevelCounty] += 2
		}
	}
	best, bestN := policy.Level(""), 0
	for _, lv := range []policy.Level{policy.LevelNational, policy.LevelProvincial, policy.LevelCity, policy.LevelCounty} {
		if count[lv] > bestN {
			best, bestN = lv, count[lv]
		}
	}
	return best
}

// provinceOfDoc is the province a document belongs to, when known.
func provinceOfDoc(d *policy.Document) string {
	switch d.Level {
	case policy.LevelProvincial:
		return d.Jurisdiction
	case policy.LevelNational:
		return ""
	}
	if pr := placeTable.provinceAt(d.Jurisdiction); pr != "" {
		return pr
	}
	return placeTable.cityOf[d.City]
}

var (
	// nationalName is how a national body's name starts or ends when no place comes first.
	nationalStart = regexp.MustCompile(`^(国家|国务院|中央|中共中央|全国|中国|中华)`)
	nationalEnd   = regexp.MustCompile(`^[\p{Han}]{1,9}(部|总局|总署)$`)
	// branchEnd ends the name of a local branch of a national body (人民银行济南分行营管部).
	branchEnd = regexp.MustCompile(`(分局|分行|支行|营管部|中心支行|海关|监管局|调查队)$`)
)

// agencyFor resolves a unit named in a document to its agency: canonical name and aliases,
// the jurisdiction it belongs to, its level, and its city when it is a city's or county's.
func (n *Names) agencyFor(d *policy.Document, mention string) policy.Agency {
	province := provinceOfDoc(d)
	a, listed := n.resolve(mention, d.City, province)
	a.City = ""
	name := a.Name
	local := func(lv policy.Level, jur string) {
		a.Level, a.Jurisdiction = lv, jur
		if d.Level == policy.LevelCity || d.Level == policy.LevelCounty || d.Level == "" || municipality(d.Jurisdiction) {
			a.City = d.City
		}
	}
	cityBody := func() {
		switch {
		case municipality(d.Jurisdiction):
			local(policy.LevelProvincial, d.Jurisdiction)
		case d.Level == policy.LevelNational || d.Level == policy.LevelProvincial:
			a.Level = policy.LevelCity
		case d.City != "":
			local(policy.LevelCity, d.City+"市")
		default:
			local(policy.LevelCity, "")
		}
	}
	group := n.classify(name) == groupBody && !countyAt.MatchString(name) || strings.HasPrefix(name, "各")
	switch {
	case group:
		// A named group of governments belongs to the jurisdiction that names it.
		a.Level, a.Jurisdiction, a.City = groupLevel(name), d.Jurisdiction, d.City
		if listed != "" {
			a.Level = listed
		}
	case listed == policy.LevelNational:
		a.Level, a.Jurisdiction = policy.LevelNational, "国家"
	case listed == policy.LevelProvincial || strings.HasPrefix(name, "省"):
		a.Level, a.Jurisdiction = policy.LevelProvincial, province
		if municipality(province) {
			a.City = d.City
		}
	case listed == policy.LevelCity || strings.HasPrefix(name, "市"):
		cityBody()
	case listed == policy.LevelCounty || strings.HasPrefix(name, "县") || strings.HasPrefix(name, "区") && !strings.HasPrefix(name, "区域"):
		jur := ""
		if d.Level == policy.LevelCounty {
			jur = d.Jurisdiction
		}
		local(policy.LevelCounty, jur)
	case placeTable.provinceAt(name) != "":
		a.Level, a.Jurisdiction = policy.LevelProvincial, placeTable.provinceAt(name)
	case branchEnd.MatchString(name):
		local(d.Level, d.Jurisdiction)
	case nationalStart.MatchString(name) || nationalEnd.MatchString(name):
		a.Level, a.Jurisdiction = policy.LevelNational, "国家"
	default:
		if m := cityAt.FindStringSubmatch(name); m != nil && (m[1] == d.City || placeTable.cityOf[m[1]] != "") {
			a.Level, a.Jurisdiction = policy.LevelCity, m[1]+m[2]
			if m[1] == d.City {
				a.City = d.City
			}
			break
		}
		if m := countyAt.FindStringSubmatch(name); m != nil && !notPlaces.MatchString(m[1]) {
			local(policy.LevelCounty, m[1])
			break
		}
		local(d.Level, d.Jurisdiction)
	}
	return a
}

// groupLevel is the level of the governments a named group stands for.
func groupLevel(name string) policy.Level {
	switch {
	case strings.Contains(name, "省"):
		return policy.LevelProvincial
	case strings.Contains(name, "县") || strings.Contains(name, "区"):
		return policy.LevelCounty
	case strings.Contains(name, "市"):
		return policy.LevelCity
	}
	return ""
}
