package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/policykg/policykg/schema/seedtruth"
)

// TestWorkbenchRoutes serves the workbench's page at every view's path, its hashed assets
// for good, and GraphiQL at /graphiql.
func TestWorkbenchRoutes(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	page := ""
	for _, p := range []string{"/", "/documents", "/documents/jining-plan-final", "/agencies/agency:abc", "/network", "/indicators/ind:1", "/diff", "/search", "/scorecard/jining-plan-final", "/load", "/institutions/inst:1"} {
		rec := call(h, http.MethodGet, p, "")
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("GET %s: %d %s", p, rec.Code, rec.Header().Get("Content-Type"))
			continue
		}
		if page == "" {
			page = rec.Body.String()
		} else if rec.Body.String() != page {
			t.Errorf("GET %s answers another page than /", p)
		}
	}
	assets := regexp.MustCompile(`/ui/[A-Za-z0-9._-]+\.(js|css)`).FindAllString(page, -1)
	if len(assets) < 2 || strings.Contains(page, "https://") {
		t.Fatalf("the page must load its script and style from /ui/ only:\n%s", page)
	}
	for _, a := range assets {
		rec := call(h, http.MethodGet, a, "")
		if rec.Code != http.StatusOK || rec.Body.Len() < 1000 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("GET %s: %d, %d bytes, Cache-Control %q", a, rec.Code, rec.Body.Len(), rec.Header().Get("Cache-Control"))
		}
	}
	if rec := call(h, http.MethodGet, "/ui/nothing.js", ""); rec.Code != http.StatusNotFound {
		t.Errorf("GET /ui/nothing.js: %d, want 404", rec.Code)
	}
	if g := call(h, http.MethodGet, "/graphiql", "").Body.String(); !strings.Contains(g, "graphiql.min.js") {
		t.Errorf("/graphiql does not serve GraphiQL:\n%.300s", g)
	}
}

// schemaHasArg says whether the server's schema gives type.field the argument arg.
func schemaHasArg(t *testing.T, h http.Handler, typ, field, arg string) bool {
	t.Helper()
	res := decode(t, postJSON(h, map[string]any{"query": fmt.Sprintf(`{ __type(name: %q) { fields { name args { name } } } }`, typ)}))
	var got struct {
		Type struct {
			Fields []struct {
				Name string
				Args []struct{ Name string }
			}
		} `json:"__type"`
	}
	if err := json.Unmarshal(res.Data, &got); err != nil {
		t.Fatal(err)
	}
	for _, f := range got.Type.Fields {
		for _, a := range f.Args {
			if f.Name == field && a.Name == arg {
				return true
			}
		}
	}
	return false
}

// TestWorkbenchInChromium walks a researcher's paths through the workbench in headless
// Chromium over the seeds: the 济宁 plan with its measures and agencies, an agency's page
// by keyboard and back, the network, an indicator, draft → final, search. Screenshots are
// kept (see screenshotDir) to be looked at.
func TestWorkbenchInChromium(t *testing.T) {
	srv := httptest.NewServer(newServer(t, sharedSeeds(t), nil).Handler())
	defer srv.Close()
	b := newBrowser(t, 1400, 1000)
	h1 := func(want string) string {
		return fmt.Sprintf(`(() => { const h = document.querySelector('main h1'); return !!h && h.innerText.trim() === %q; })()`, want)
	}
	visit := func(path string) {
		t.Helper()
		if err := b.do(chromedp.Navigate(srv.URL + path)); err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
	}

	// The first page: interactive once the documents table shows its rows. serve builds its
	// read model before it is ready; one query does the same here, so that the figure is the
	// page's own.
	if res := decode(t, postJSON(srv.Config.Handler, map[string]any{"query": "{ documents { id } }"})); len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	visit("/")
	b.wait(t, "the documents table", `performance.getEntriesByName('workbench-ready').length > 0`)
	ready, err := eval[float64](b, `performance.getEntriesByName('workbench-ready')[0].startTime`)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first page interactive %.0f ms after navigation", ready)
	rows, _ := eval[string](b, `document.querySelector('main table').innerText`)
	for _, title := range []string{"济宁市进一步完善医疗卫生服务体系的实施方案", "滨州市人民政府办公室关于印发滨州市进一步完善医疗卫生服务体系若干措施的通知", "济宁市卫生健康事业取得长足发展"} {
		if !strings.Contains(rows, title) {
			t.Errorf("the documents table lacks %s:\n%s", title, rows)
		}
	}
	b.screenshot(t, "documents")

	// The 济宁 plan: every measure in the table, 市卫生健康委 leading （一）, the institutions
	// and targets marked in the text.
	measures := seedtruth.Measures(t, "jining-plan-final")
	visit("/documents/jining-plan-final")
	b.wait(t, "the plan's title", h1("济宁市进一步完善医疗卫生服务体系的实施方案"))
	b.wait(t, "the measures table", fmt.Sprintf(`document.querySelectorAll('.measures-pane table tbody tr').length === %d`, len(measures)))
	table, _ := eval[string](b, `document.querySelector('.measures-pane table').innerText`)
	for _, m := range measures {
		if !strings.Contains(table, m.Title) {
			t.Errorf("the measures table lacks %s %s", m.Number, m.Title)
		}
	}
	first, _ := eval[string](b, `document.querySelector('.measures-pane table tbody tr').innerText`)
	for _, a := range measures[0].Agencies {
		want := a.Name + " " + strings.ToLower(a.Role)
		if !strings.Contains(strings.Join(strings.Fields(first), " "), want) {
			t.Errorf("measure （一） does not show %q: %q", want, first)
		}
	}
	marked, _ := eval[[]string](b, `[...document.querySelectorAll('.doctext .hl-inst')].map(e => e.innerText)`)
	if !strings.Contains(strings.Join(marked, "|"), "市康复医院") {
		t.Errorf("市康复医院 is not marked as an institution in the text: %v", marked)
	}
	targets, _ := eval[[]string](b, `[...document.querySelectorAll('.doctext .hl-target')].map(e => e.innerText)`)
	if !strings.Contains(strings.Join(targets, "|"), "65%以上") {
		t.Errorf("65%%以上 (全人群签约率) is not marked as a target: %v", targets)
	}
	b.screenshot(t, "document")

	// By keyboard: focus 市卫生健康委 of （一） and press Enter; the agency's page lists its
	// measures of the current plans; Back returns to the plan.
	if err := b.do(chromedp.Focus(chromedp.CSS(`.measures-pane tbody tr:first-child a[href^="/agencies/"]`)), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the agency's page", h1("市卫生健康委"))
	docs := seedtruth.JiningPlans
	if schemaHasArg(t, srv.Config.Handler, "Agency", "measures", "current") {
		docs = []string{"jining-plan-final"}
	}
	want := seedtruth.MeasuresWith(t, "市卫生健康委", docs...)
	b.wait(t, fmt.Sprintf("showing 20 of %d", want), fmt.Sprintf(`document.querySelector('main .count') && document.querySelector('main .count').innerText === 'showing %d of %d'`, min(want, 50), want))
	b.screenshot(t, "agency")

	// Every version: the drafts' measures too, 50 a page; Load more reads the rest. The CSV
	// holds the whole list, UTF-8 with a byte-order mark.
	all := seedtruth.MeasuresWith(t, "市卫生健康委", seedtruth.JiningPlans...)
	if err := b.do(chromedp.Click(chromedp.CSS(`header .toggle input`))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "every version", fmt.Sprintf(`document.querySelector('main .count').innerText === 'showing %d of %d'`, min(all, 50), all))
	if all > 50 {
		if err := b.do(chromedp.Click(chromedp.CSS(`main button.more`))); err != nil {
			t.Fatal(err)
		}
		b.wait(t, "the next page", fmt.Sprintf(`document.querySelector('main .count').innerText === 'showing %d of %d'`, all, all))
	}
	csv, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](`new Promise(done => {
		const create = URL.createObjectURL;
		URL.createObjectURL = blob => { blob.arrayBuffer().then(buf => done([...new Uint8Array(buf)])); return create(blob); };
		document.querySelector('main button.csv').click();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	text := make([]byte, len(csv))
	for i, c := range csv {
		text[i] = byte(c)
	}
	if !strings.HasPrefix(string(text), "\uFEFFDocument,Status,Date,No.,Measure,Role\r\n") {
		t.Errorf("the CSV does not open with a BOM and the headings: %.80q", text)
	}
	if lines := strings.Count(string(text), "\r\n"); lines != all+1 || !strings.Contains(string(text), "济宁市关于进一步完善医疗卫生服务体系的实施方案,DRAFT") {
		t.Errorf("the CSV has %d lines, want %d with the draft's measures:\n%.300s", lines, all+1, text)
	}
	if err := b.do(chromedp.Click(chromedp.CSS(`header .toggle input`))); err != nil {
		t.Fatal(err)
	}
	if err := b.do(chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the plan again after Back", h1("济宁市进一步完善医疗卫生服务体系的实施方案"))

	// The network of 济宁: drawn by Cytoscape, 市卫生健康委 first in the centrality table.
	visit("/network?city=济宁")
	b.wait(t, "the network drawn", `document.querySelectorAll('.graph canvas').length > 0 && document.querySelectorAll('.side tbody tr').length > 5`)
	top, _ := eval[string](b, `document.querySelector('.side tbody tr td').innerText`)
	if !strings.Contains(top, "市卫生健康委") {
		t.Errorf("the most central agency of 济宁 is %q, want 市卫生健康委", top)
	}
	if err := b.do(chromedp.Click(chromedp.CSS(`.side tbody tr:first-child button`))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the agency selected", `document.querySelector('.side tbody tr.selected') !== null`)
	b.screenshot(t, "network")

	// 全人群签约率: the 2025 targets of 济宁 and 滨州 and the 63.28% the news reported, charted.
	visit("/indicators")
	b.wait(t, "the indicators table", `[...document.querySelectorAll('main a')].some(a => a.innerText === '全人群签约率')`)
	if err := b.do(chromedp.Click(chromedp.Search(`//main//a[text()="全人群签约率"]`))); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the indicator's page", h1("全人群签约率"))
	b.wait(t, "the chart", `document.querySelectorAll('figure.chart .point.target').length > 0`)
	page, _ := eval[string](b, `document.querySelector('main').innerText`)
	for _, s := range []string{"65%以上", "60%以上", "63.28%", "滨州", "济宁"} {
		if !strings.Contains(page, s) {
			t.Errorf("the indicator's page lacks %s", s)
		}
	}
	b.screenshot(t, "indicator")

	// Draft → final: in （一） the final text says 重点 where the draft said 优先, and adds
	// 筹建市康复医院.
	visit("/diff")
	b.wait(t, "the diff", `document.querySelectorAll('.diff-pair').length > 0`)
	removed, _ := eval[string](b, `[...document.querySelector('.diff-pair .from').querySelectorAll('del')].map(e => e.innerText).join('|')`)
	added, _ := eval[string](b, `[...document.querySelector('.diff-pair .to').querySelectorAll('ins')].map(e => e.innerText).join('|')`)
	if !strings.Contains(removed, "优先") || !strings.Contains(added, "重点") || !strings.Contains(added, "市康复医院") {
		t.Errorf("measure （一）: removed %q, added %q; want 优先 removed, 重点 and 市康复医院 added", removed, added)
	}
	b.screenshot(t, "diff")

	// Search: type 安宁疗护, press Enter; every passage marks the words found.
	visit("/search")
	if err := b.do(chromedp.SendKeys(chromedp.CSS(`#q`), "安宁疗护"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "search hits", `document.querySelectorAll('main tbody tr').length > 0`)
	marks, _ := eval[[]string](b, `[...document.querySelectorAll('main tbody mark')].map(e => e.innerText)`)
	if len(marks) == 0 {
		t.Error("no passage marks 安宁疗护")
	}
	for _, m := range marks {
		if !strings.Contains("安宁疗护", m) {
			t.Errorf("a passage marks %q, which is not a word searched", m)
		}
	}
	if loc, _ := eval[string](b, `location.pathname + location.search`); !strings.Contains(loc, "q=") {
		t.Errorf("the search is not in the URL: %s", loc)
	}
	b.screenshot(t, "search")

	// The header by keyboard: Tab from the top goes skip link, brand, then the views in order;
	// Enter on Network opens it.
	visit("/documents")
	b.wait(t, "the documents view", h1("Documents"))
	var order []string
	for range 5 {
		if err := b.do(chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		s, _ := eval[string](b, `document.activeElement.innerText.trim()`)
		order = append(order, s)
	}
	if got := strings.Join(order, ","); got != "Skip to content,policykg,Documents,Agencies,Institutions" {
		t.Errorf("focus order %s", got)
	}
	if err := b.do(chromedp.Focus(chromedp.Search(`//nav//a[text()="Network"]`)), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the network by keyboard", h1("Coordination network"))
	b.checkOrigin(t, srv.URL)
}
