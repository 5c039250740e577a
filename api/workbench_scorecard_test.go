package api

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestWorkbenchScorecardAndSuggest opens the scorecard of the 济宁 plan and finds 市医保局 by
// typing 医保局 (a near miss that matches no name exactly) in the header's box.
func TestWorkbenchScorecardAndSuggest(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	if !schemaHasArg(t, h, "Query", "scorecard", "document") || !schemaHasArg(t, h, "Query", "suggest", "text") {
		skipOutsideCI(t, "the schema has no scorecard(document:) or suggest(text:) yet")
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	b := newBrowser(t, 1400, 1000)
	if err := b.do(chromedp.Navigate(srv.URL + "/scorecard/jining-plan-final")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the scorecard", `document.querySelectorAll('main tbody tr').length > 10`)
	rows, err := eval[[][]string](b, `[...document.querySelectorAll('main tbody tr')].map(r => [...r.cells].map(c => c.innerText.trim()))`)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		// Indicator, Target, Deadline, State, Observed, Reported, Evidence, Measure
		if r[0] == "全人群签约率" && r[1] == "65%以上" {
			found = true
			if !strings.HasPrefix(r[2], "2025") || r[3] != "not reported" || r[4] != "63.28%" || r[5] != "2023-07" {
				t.Errorf("全人群签约率: %q, want deadline 2025, not reported, 63.28%% observed", r)
			}
		}
		if strings.HasPrefix(r[2], "2025") && r[3] == "not due" {
			t.Errorf("a target of 2025 is not due: %q", r)
		}
	}
	if !found {
		t.Errorf("no row for 全人群签约率 65%%以上: %q", rows)
	}
	b.screenshot(t, "scorecard")

	if err := b.do(chromedp.SendKeys(chromedp.CSS(`#find`), "医保局")); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the suggestions", `[...document.querySelectorAll('#find-list [role=option]')].some(o => o.innerText.includes('市医保局'))`)
	b.screenshot(t, "suggest")
	if err := b.do(chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "市医保局's page", `document.querySelector('main h1') && document.querySelector('main h1').innerText === '市医保局'`)
	b.checkOrigin(t, srv.URL)
}
