package corpus

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/policykg/policykg/policy"
)

// writer builds one document's text and truth.
type writer struct {
	r    *rand.Rand
	g    *Generator
	city city
	half bool // half-width punctuation, as pasted from web pages
	b    strings.Builder
}

func (w *writer) pick(list []string) string { return list[w.r.IntN(len(list))] }

func (w *writer) chance(percent int) bool { return w.r.IntN(100) < percent }

func (w *writer) sub(s string) string { return strings.ReplaceAll(s, "{city}", w.city.name) }

// halfWidth turns the full-width punctuation the generator writes into ASCII.
var halfWidth = strings.NewReplacer("（", "(", "）", ")", "，", ",", "：", ":", "；", ";")

// p prints text in the document's punctuation.
func (w *writer) p(s string) string {
	if w.half {
		return halfWidth.Replace(s)
	}
	return s
}

func (w *writer) write(s string) { w.b.WriteString(w.p(s)) }

var hanNumerals = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func han(n int) string {
	if n <= 10 {
		return hanNumerals[n]
	}
	if n < 20 {
		return "十" + hanNumerals[n-10]
	}
	s := hanNumerals[n/10] + "十"
	if n%10 != 0 {
		s += hanNumerals[n%10]
	}
	return s
}

// layout is how a plan numbers its measures.
type layout int

const (
	layoutSections layout = iota // 二、重点任务 （一）measure
	layoutItems                  // 二、 （一）heading 1.measure
	layoutMixed                  // （一）heading 1.measure （二）heading （1）measure
	layoutOneLine                // layoutItems on one line, half-width, as pasted from a web page
)

// plan writes an implementation plan (final or draft).
func (w *writer) plan(k int, status policy.Status) (string, DocTruth) {
	lay := layout(w.r.IntN(4))
	if status == policy.StatusDraft && lay == layoutOneLine {
		lay = layoutItems
	}
	w.half = lay == layoutOneLine
	kinds := []string{"实施方案", "若干措施", "行动方案", "工作方案"}
	kind := w.pick(kinds)
	theme := w.pick(planThemes)
	planTitle := w.city.name + "市" + theme + kind
	date := fmt.Sprintf("%d-%02d-%02d", 2022+w.r.IntN(4), 1+w.r.IntN(12), 1+w.r.IntN(28))
	dateHan := hanDate(date)
	issuer := w.city.name + "市人民政府办公室"
	dt := DocTruth{City: w.city.name, Status: status, Measures: []MeasureTruth{}, Observations: []ObservationTruth{}}
	kindSlug := "plan"
	if status == policy.StatusDraft {
		kindSlug = "draft"
	}
	dt.ID = fmt.Sprintf("%s-%s-%05d", w.city.slug, kindSlug, k)
	dt.File = dt.ID + ".txt"

	var intro strings.Builder
	intro.WriteString("为贯彻落实《" + w.pick(upstream) + "》精神，推动卫生健康事业高质量发展，结合我市实际，制定本" + strings.TrimPrefix(strings.TrimPrefix(kind, "实施"), "若干") + "。")
	switch {
	case lay == layoutOneLine:
		// A notice printed on one line: the notice is the title, the plan follows it.
		dt.Title = issuer + "关于印发" + planTitle + "的通知"
		dt.Issuer, dt.Date = issuer, date
		w.write(dt.Title + "\n")
		w.write("各县（市、区）人民政府，市政府各部门：现将《" + planTitle + "》印发给你们，请认真贯彻执行。" + issuer + dateHan + "（此件公开发布）" + planTitle + intro.String())
	case kind == "实施方案" && w.chance(30):
		// A title broken over two lines, the second spaced out.
		dt.Title = w.city.name + "市" + theme + "的实施方案"
		w.write(w.city.name + "市" + theme + "的\n实 施 方 案\n")
	default:
		dt.Title = planTitle
		w.write(planTitle + "\n")
	}
	if status == policy.StatusDraft {
		w.write("（征求意见稿）\n")
	}
	if lay != layoutOneLine {
		w.write("\n" + intro.String() + "\n")
	}
	nl := "\n"
	if w.half {
		nl = ""
	}
	notations := []string{notationLeadFirst, notationListed, notationDuty, notationLines, notationLeadSupport}
	if w.half {
		notations = notations[:3]
		notations = append(notations, notationLeadSupport)
	}
	rs := &roleState{notation: w.pick(notations)}
	dt.Notation = rs.notation
	if rs.notation == notationDuty && w.chance(70) {
		rs.implementers = true
	}

	sec := 1
	w.write(han(sec) + "、总体要求" + nl)
	if lay == layoutSections || !w.chance(50) {
		w.write("坚持以人民健康为中心，坚持基本医疗卫生事业公益属性，推动卫生健康事业高质量发展。" + nl)
	} else {
		w.write("（一）指导思想。坚持以人民健康为中心，推动优质医疗资源扩容下沉和区域均衡布局。" + nl)
		w.write("（二）工作目标。到2025年，" + w.pick(rates) + "达到" + strconv.Itoa(60+w.r.IntN(35)) + "%以上。" + nl)
	}
	measures := 6 + w.r.IntN(11)
	taskSections := 1 + w.r.IntN(3)
	// Items are numbered 1. 2. or （1）（2）, running on across headings or restarting.
	dotted, bracketed := 0, 0
	for s := 0; s < taskSections; s++ {
		sec++
		n := measures / taskSections
		if s == taskSections-1 {
			n = measures - n*(taskSections-1)
		}
		heading := "重点任务"
		if taskSections > 1 {
			heading = w.pick(measureVerbs) + w.pick(measureObjects)
		}
		w.write(han(sec) + "、" + heading + nl)
		switch lay {
		case layoutSections:
			for i := 1; i <= n; i++ {
				w.measure(&dt, rs, "（"+han(i)+"）", nl)
			}
		default:
			groups := 1 + w.r.IntN(2)
			if n < 2 {
				groups = 1
			}
			restart := w.chance(50)
			for gi := 1; gi <= groups; gi++ {
				w.write("（" + han(gi) + "）" + w.pick(measureVerbs) + w.pick(measureObjects) + nl)
				m := n / groups
				if gi == groups {
					m = n - m*(groups-1)
				}
				if restart {
					dotted, bracketed = 0, 0
				}
				for i := 0; i < m; i++ {
					var num string
					switch {
					case lay == layoutMixed && gi%2 == 0:
						bracketed++
						num = "（" + strconv.Itoa(bracketed) + "）"
					case w.chance(20) && !w.half:
						dotted++
						num = strconv.Itoa(dotted) + "．"
					default:
						dotted++
						num = strconv.Itoa(dotted) + "."
					}
					w.measure(&dt, rs, num, nl)
				}
			}
		}
	}
	sec++
	w.write(han(sec) + "、" + w.pick([]string{"组织实施", "保障措施"}) + nl)
	w.write("（一）加强组织领导。各县（市、区）要高度重视，明确责任分工，细化工作措施。" + nl)
	w.write("（二）强化督促检查。建立工作台账，定期调度工作进展，确保各项任务落到实处。" + nl)
	if lay != layoutOneLine && w.chance(70) {
		dt.Issuer, dt.Date = "", date
		w.write("\n" + issuer + "\n" + dateHan + "\n")
	}
	return w.b.String(), dt
}

// hanDate writes 2024-03-15 as 2024年3月15日.
func hanDate(iso string) string {
	y, _ := strconv.Atoi(iso[:4])
	m, _ := strconv.Atoi(iso[5:7])
	d, _ := strconv.Atoi(iso[8:10])
	return fmt.Sprintf("%d年%d月%d日", y, m, d)
}

var upstream = []string{
	"关于进一步完善医疗卫生服务体系的意见", "关于推进家庭医生签约服务高质量发展的指导意见",
	"关于促进中医药传承创新发展的意见", "关于深化医疗保障制度改革的意见", "健康中国行动",
}

// measure writes one measure numbered num and records its truth.
func (w *writer) measure(dt *DocTruth, rs *roleState, num, nl string) {
	mt := MeasureTruth{Number: w.p(num), Institutions: []string{}, Targets: []TargetTruth{}}
	title := w.pick(measureVerbs) + w.pick(measureObjects)
	mt.Title = title
	text := title + "。" + w.pick(bodySentences)
	if w.chance(50) {
		text += w.pick(bodySentences)
	}
	if w.chance(25) {
		inst := w.sub(w.pick(institutionForms))
		text += strings.ReplaceAll(w.pick(institutionSentences), "{inst}", inst)
		mt.Institutions = append(mt.Institutions, inst)
	}
	if w.chance(40) {
		s, ts := w.targets()
		text += s
		mt.Targets = ts
	}
	clause, roles := w.clause(rs, len(dt.Measures))
	mt.Responsibilities = roles
	w.write(num + text + clause + nl)
	dt.Measures = append(dt.Measures, mt)
}

// targets writes a sentence of one or two targets.
func (w *writer) targets() (string, []TargetTruth) {
	year := []int{2025, 2025, 2026, 2027, 2030}[w.r.IntN(5)]
	pct := func() (string, float64) {
		v := float64(60 + w.r.IntN(39))
		if w.chance(20) {
			v += 0.5
		}
		return strconv.FormatFloat(v, 'f', -1, 64), v
	}
	rate := w.pick(rates)
	vs, v := pct()
	t := TargetTruth{Indicator: rate, Value: v, Unit: "%", Year: year}
	switch w.r.IntN(7) {
	case 0:
		t.Comparator = policy.AtLeast
		return fmt.Sprintf("到%d年，%s达到%s%%以上。", year, rate, vs), []TargetTruth{t}
	case 1:
		t.Comparator = policy.Exactly
		return fmt.Sprintf("到%d年，%s达到%s%%。", year, rate, vs), []TargetTruth{t}
	case 2:
		t.Comparator = policy.AtLeast
		return fmt.Sprintf("到%d年，%s稳定在%s%%以上。", year, rate, vs), []TargetTruth{t}
	case 3:
		other := w.pick(rates)
		for other == rate {
			other = w.pick(rates)
		}
		vs2, v2 := pct()
		t.Comparator = policy.AtLeast
		t2 := TargetTruth{Indicator: other, Value: v2, Unit: "%", Year: year, Comparator: policy.AtLeast}
		return fmt.Sprintf("到%d年，%s达到%s%%以上，%s达到%s%%以上。", year, rate, vs, other, vs2), []TargetTruth{t, t2}
	case 4:
		thing := w.pick(counted)
		n := 3 + w.r.IntN(40)
		return fmt.Sprintf("到%d年，建成%d个以上%s。", year, n, thing),
			[]TargetTruth{{Indicator: thing, Value: float64(n), Unit: "个", Year: year, Comparator: policy.AtLeast}}
	case 5:
		t.Comparator = policy.About
		return fmt.Sprintf("%d年底前，%s达到%s%%左右。", year, rate, vs), []TargetTruth{t}
	default:
		t.Comparator = policy.Exactly
		return fmt.Sprintf("到%d年，%s力争达到%s%%。", year, rate, vs), []TargetTruth{t}
	}
}

// news writes a news report of achievements.
func (w *writer) news(k int) (string, DocTruth) {
	dt := DocTruth{
		ID: fmt.Sprintf("%s-news-%05d", w.city.slug, k), City: w.city.name, Status: policy.StatusNews,
		Notation: "news", Measures: []MeasureTruth{}, Observations: []ObservationTruth{},
	}
	dt.File = dt.ID + ".txt"
	dt.Title = w.city.name + "市" + w.pick(newsThemes)
	w.write(dt.Title + "\n\n记者 " + w.pick(reporters) + "\n\n")
	w.write("近年来，" + w.city.name + "市高度重视卫生健康工作，坚持以人民健康为中心，卫生健康事业取得长足发展。\n\n")
	paragraphs := 2 + w.r.IntN(3)
	used := map[string]bool{}
	for i := 0; i < paragraphs; i++ {
		w.write(w.pick(measureObjects) + "取得新成效\n\n")
		switch w.r.IntN(3) {
		case 0:
			thing := w.pick(newsThings)
			if used[thing] {
				continue
			}
			used[thing] = true
			n := 20 + w.r.IntN(900)
			w.write(fmt.Sprintf("目前全市%s达到%d家。", thing, n))
			dt.Observations = append(dt.Observations, ObservationTruth{Indicator: thing, Value: float64(n), Unit: "家"})
		default:
			rate := w.pick(rates)
			if used[rate] {
				continue
			}
			used[rate] = true
			v := float64(60 + w.r.IntN(39))
			w.write(fmt.Sprintf("全市%s达到%d%%。", rate, int(v)))
			dt.Observations = append(dt.Observations, ObservationTruth{Indicator: rate, Value: v, Unit: "%"})
		}
		w.write(w.pick(bodySentences) + "\n\n")
	}
	return w.b.String(), dt
}
