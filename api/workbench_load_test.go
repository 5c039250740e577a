package api

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/policykg/policykg/loader"
	"github.com/policykg/policykg/model"
)

// TestWorkbenchLoadInChromium drops an invented plan of 东岳 on the load page: the preview
// shows its two measures with 市卫生健康委 leading and its 70% target, storing nothing; a
// wrong token is refused; the right one loads it, and measures(agency:, city:) finds it.
func TestWorkbenchLoadInChromium(t *testing.T) {
	store := seedStore(t, "memory")
	reader := model.NewReader(store, model.WithIndicatorNames(loader.DefaultNames().IndicatorName))
	h := newServer(t, reader, func(c *Config) {
		c.Writer = store
		c.WriteToken = "s3cret-token"
	}).Handler()
	srv := httptest.NewServer(h)
	defer srv.Close()
	count := func() int {
		t.Helper()
		res := decode(t, postJSON(h, map[string]any{"query": `{ measures(agency: "市卫生健康委", city: "东岳") { totalCount } }`}))
		var got struct{ Measures struct{ TotalCount int } }
		if err := json.Unmarshal(res.Data, &got); err != nil {
			t.Fatal(err)
		}
		return got.Measures.TotalCount
	}
	file, err := filepath.Abs(filepath.Join("testdata", "workbench", "dongyue-plan.txt"))
	if err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, 1400, 1000)
	if err := b.do(chromedp.Navigate(srv.URL+"/load"), chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{file})); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the preview", `document.querySelectorAll('.preview tbody tr').length === 2`)
	rows, _ := eval[[]string](b, `[...document.querySelectorAll('.preview tbody tr')].map(r => [...r.cells].map(c =>
		c.querySelector('li') ? [...c.querySelectorAll('li')].map(l => l.innerText.trim()).join(' ') : c.innerText.trim()).filter(Boolean).join(' '))`)
	want := []string{"（一） 扩大家庭医生签约覆盖面 市卫生健康委 lead 市医保局 support 全人群签约率 70%以上 (2025)", "（二） 建设远程医疗中心 市卫生健康委 lead 市财政局 support 东岳市人民医院"}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("preview rows\n%q\nwant\n%q", rows, want)
	}
	if n := count(); n != 0 {
		t.Fatalf("the preview stored %d measures", n)
	}
	b.screenshot(t, "load-preview")

	if err := b.do(chromedp.SendKeys(chromedp.CSS(`#token`), "wrong"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the refusal", `!!document.querySelector('main .error') && document.querySelector('main .error').innerText.includes('UNAUTHENTICATED')`)
	if n := count(); n != 0 {
		t.Fatalf("a wrong token stored %d measures", n)
	}
	if err := b.do(chromedp.SendKeys(chromedp.CSS(`#token`), strings.Repeat(kb.Backspace, len("wrong"))+"s3cret-token"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	b.wait(t, "the load", `[...document.querySelectorAll('main h2')].some(h => h.innerText === 'Loaded')`)
	loaded, _ := eval[string](b, `[...document.querySelectorAll('.table-block')].pop().innerText`)
	if !strings.Contains(loaded, "东岳市深化家庭医生签约服务实施方案") || !strings.Contains(loaded, "added") {
		t.Errorf("the load's answer: %q", loaded)
	}
	if n := count(); n != 2 {
		t.Errorf("measures(agency: 市卫生健康委, city: 东岳) = %d after the load, want 2", n)
	}
	b.screenshot(t, "load-done")
	b.checkOrigin(t, srv.URL)
}
