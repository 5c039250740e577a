package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policykg/policykg/schema/seedtruth"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestGraphiQLInChromium loads GraphiQL in headless Chromium (Debian's chromium,
// installed by .ci/run), runs its default query and reads the answer in the result pane.
// Every file the page loads must come from policykg itself: no CDN, no internet.
func TestGraphiQLInChromium(t *testing.T) {
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		skipOutsideCI(t, "chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
	}
	want := seedtruth.MeasuresWith(t, "市医保局", seedtruth.JiningPlans...)
	srv := httptest.NewServer(newServer(t, sharedSeeds(t), nil).Handler())
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	var mu sync.Mutex
	var requested, exceptions []string
	// The listener runs in the tab's message loop: it only records.
	ctx, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requested = append(requested, e.Request.URL)
		case *runtime.EventExceptionThrown:
			exceptions = append(exceptions, e.ExceptionDetails.Text)
		}
	}))
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	// GraphiQL's editors are CodeMirror 5 instances: read the whole result from it, not
	// only the lines it has drawn.
	const result = `(() => { const cm = document.querySelector('.result-window .CodeMirror');
		return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : ''; })()`
	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/graphiql"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-execute-button")),
		chromedp.Click(chromedp.CSS(".graphiql-execute-button")),
	)
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](result+`.includes('"totalCount"')`, chromedp.WithPollingInterval(100*time.Millisecond)))
	}
	var answer string
	if err == nil {
		answer, err = chromedp.Run(ctx, chromedp.Evaluate[string](result))
	}
	if err != nil {
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("GraphiQL did not answer: %v (exceptions: %v)", err, exceptions)
	}
	if wantText := fmt.Sprintf(`"totalCount": %d`, want); !strings.Contains(answer, wantText) {
		t.Errorf("the result pane lacks %s:\n%.500s", wantText, answer)
	}
	if !strings.Contains(answer, "市医保局") {
		t.Errorf("the result pane lacks the agency's name:\n%.500s", answer)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, u := range requested {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page loaded %s, which is not served by policykg", u)
		}
	}
	if len(exceptions) > 0 {
		t.Errorf("the page threw: %v", exceptions)
	}
	if !containsPrefix(requested, srv.URL+"/static/graphiql.min.js") || !containsPrefix(requested, srv.URL+"/graphql") {
		t.Errorf("the page did not load GraphiQL and query /graphql: %v", requested)
	}
}

func containsPrefix(list []string, prefix string) bool {
	for _, s := range list {
		if strings.HasPrefix(s, prefix) {
			return true
		}
	}
	return false
}

// TestStaticAssets serves the vendored files with their licence and a cache lifetime.
func TestStaticAssets(t *testing.T) {
	h := newServer(t, sharedSeeds(t), nil).Handler()
	for _, f := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js", "LICENSE.graphiql"} {
		rec := call(h, http.MethodGet, "/static/"+f, "")
		if rec.Code != http.StatusOK || rec.Body.Len() < 500 || rec.Header().Get("Cache-Control") == "" {
			t.Errorf("/static/%s: status %d, %d bytes, Cache-Control %q", f, rec.Code, rec.Body.Len(), rec.Header().Get("Cache-Control"))
		}
	}
	page := call(h, http.MethodGet, "/graphiql", "").Body.String()
	if strings.Contains(page, "https://") || !strings.Contains(page, "/static/graphiql.min.js") {
		t.Errorf("the GraphiQL page must load its assets from /static/ only:\n%s", page)
	}
}
