package api

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browser is a headless Chromium tab (Debian's chromium, installed by .ci/run) that records
// the URLs it requested and the exceptions its pages threw.
type browser struct {
	ctx        context.Context
	mu         sync.Mutex
	requested  []string
	exceptions []string
}

// newBrowser starts Chromium with a fresh profile; outside CI the test skips when it is
// missing. Every step shares one deadline, generous for a busy machine.
func newBrowser(t *testing.T, width, height int) *browser {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		skipOutsideCI(t, "chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	b := &browser{}
	// The listener runs in the tab's message loop: it only records.
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			b.requested = append(b.requested, e.Request.URL)
		case *runtime.EventExceptionThrown:
			msg := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				msg += " " + e.ExceptionDetails.Exception.Description
			}
			b.exceptions = append(b.exceptions, msg)
		}
	}))
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancel)
	b.ctx = ctx
	return b
}

// do performs actions in the tab.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) error {
	return chromedp.Do(b.ctx, actions...)
}

// eval returns the value of a JavaScript expression in the page.
func eval[T any](b *browser, js string) (T, error) {
	return chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
}

// wait polls a JavaScript expression until it is true; on a timeout it fails t, naming what
// it waited for, where the page was and what it showed.
func (b *browser) wait(t *testing.T, what, js string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		where, _ := eval[string](b, `location.href + ' — ' + (document.querySelector('main') || document.body).innerText.slice(0, 600)`)
		b.mu.Lock()
		defer b.mu.Unlock()
		t.Fatalf("waiting for %s: %v\npage: %s\nexceptions: %v", what, err, where, b.exceptions)
	}
}

// checkOrigin fails t for every request to another origin than base, and every exception.
func (b *browser) checkOrigin(t *testing.T, base string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, u := range b.requested {
		if !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			t.Errorf("the page loaded %s, which is not served by policykg", u)
		}
	}
	if len(b.exceptions) > 0 {
		t.Errorf("the pages threw: %v", b.exceptions)
	}
}

// screenshotDir is where browser tests keep their screenshots: POLICYKG_SCREENSHOTS, or
// api/testdata/screenshots (ignored by git).
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("POLICYKG_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// screenshot saves the viewport as name.png.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(screenshotDir(t), name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}
