package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"go.uber.org/goleak"

	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// TestMain runs the tests, closes the browser if one was started, and then
// fails the run when any goroutine outlives the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	closeBrowser()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// stepTimeout bounds each browser step: a navigation, a click and what it
// waits for.
const stepTimeout = 15 * time.Second

// browser is one headless Chromium for the whole package; each test opens
// its own tab in it.
var browser struct {
	once   sync.Once
	path   string // empty when no Chromium was found
	ctx    context.Context
	cancel context.CancelFunc
	dir    string // the browser's fresh user data directory
	err    error
}

// chromePath finds Chromium: $CHROME_PATH, else chromium, chromium-browser
// or google-chrome on PATH.
func chromePath() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %w", p, err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome on PATH and no CHROME_PATH")
}

func startBrowser() {
	path, err := chromePath()
	if err != nil {
		browser.err = err
		return
	}
	browser.path = path
	if browser.dir, browser.err = os.MkdirTemp("", "shop-chromium-"); browser.err != nil {
		return
	}
	// The flags this machine's Chromium needs: as root, no sandbox; no
	// network but loopback, so nothing in the background that phones home.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(browser.dir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(900, 700),
		chromedp.WSURLReadTimeout(20*time.Second),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	browser.ctx = ctx
	browser.cancel = func() {
		cancel()
		allocCancel()
	}
	// The first Do starts the browser, which then lives as long as ctx:
	// no timeout here (WSURLReadTimeout bounds the start).
	browser.err = chromedp.Do(ctx)
}

func closeBrowser() {
	if browser.cancel != nil {
		browser.cancel()
	}
	if browser.dir != "" {
		os.RemoveAll(browser.dir)
	}
}

// newTab opens a tab for t in the package's browser. It skips t when there is
// no Chromium, unless POLAR_REQUIRE_BROWSER=1, and then fails it. When t
// fails, the tab's page is saved as a screenshot under testdata/failures.
func newTab(t *testing.T) context.Context {
	t.Helper()
	browser.once.Do(startBrowser)
	switch {
	case browser.path == "" && os.Getenv("POLAR_REQUIRE_BROWSER") == "1":
		t.Fatalf("POLAR_REQUIRE_BROWSER=1 but no browser: %v (install Debian's chromium)", browser.err)
	case browser.path == "":
		t.Skipf("skipping the browser test: %v (install Debian's chromium, or set CHROME_PATH)", browser.err)
	case browser.err != nil:
		t.Fatalf("starting %s: %v", browser.path, browser.err)
	}
	// The whole test gets at most a minute; each step gets stepTimeout.
	parent, cancelParent := context.WithTimeout(browser.ctx, time.Minute)
	tab, cancel := chromedp.NewContext(parent)
	t.Cleanup(cancelParent)
	t.Cleanup(cancel)
	if err := chromedp.Do(tab); err != nil { // opens the tab
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(func() { // runs before the tab is closed
		if t.Failed() {
			saveScreenshot(t, tab)
		}
	})
	return tab
}

// saveScreenshot saves the tab's page as testdata/failures/<test>.png, where
// CI keeps it as an artifact.
func saveScreenshot(t *testing.T, tab context.Context) {
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	url := location(tab)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Logf("no screenshot of %s: %v", url, err)
		return
	}
	name := regexp.MustCompile(`[^A-Za-z0-9_-]+`).ReplaceAllString(t.Name(), "_") + ".png"
	path, err := filepath.Abs(filepath.Join("testdata", "failures", name))
	if err == nil {
		err = os.MkdirAll(filepath.Dir(path), 0o755)
	}
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		t.Logf("saving the screenshot of %s: %v", url, err)
		return
	}
	t.Logf("screenshot of %s saved to %s", url, path)
}

// step runs actions in the tab within stepTimeout and fails t with what
// when they fail.
func step(t *testing.T, tab context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s (on %s): %v", what, location(tab), err)
	}
}

// location returns the tab's URL, or what kept it from being read.
func location(tab context.Context) string {
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return fmt.Sprintf("unknown page: %v", err)
	}
	return url
}

// text returns the visible text of the element sel selects.
func text(t *testing.T, tab context.Context, sel string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return s
}

// Selectors of what the test clicks and reads. The hosted page belongs to
// polartest, so its elements are found by what a customer sees.
const payButton = `//button[normalize-space()="Pay"] | //input[@type="submit" and @value="Pay"]`

// buyButton selects the Buy button of the product with the given name.
func buyButton(name string) string {
	return fmt.Sprintf(`//li[span[@class="name" and normalize-space()=%q]]//button[normalize-space()="Buy"]`, name)
}

func TestBrowserBuyAndPay(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	tab := newTab(t)

	step(t, tab, "opening the shop", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.Search(buyButton("Pro Plan"))))
	step(t, tab, "clicking Buy", chromedp.Click(chromedp.Search(buyButton("Pro Plan"))), chromedp.WaitVisible(chromedp.Search(payButton)))
	if url := location(tab); !strings.HasPrefix(url, s.polar.URL+"/checkout/") {
		t.Fatalf("after Buy the browser is at %s; want the hosted page %s/checkout/…", url, s.polar.URL)
	}
	page := text(t, tab, "body")
	for _, want := range []string{"Pro Plan", "$19.00 / month", "$19.00"} {
		if !strings.Contains(page, want) {
			t.Errorf("hosted page shows no %q:\n%s", want, page)
		}
	}

	step(t, tab, "clicking Pay", chromedp.Click(chromedp.Search(payButton)), chromedp.WaitVisible(chromedp.CSS("#webhook")))
	url := location(tab)
	if !strings.HasPrefix(url, s.URL+"/success?checkout_id=") {
		t.Fatalf("after Pay the browser is at %s; want the shop's success page", url)
	}
	id := strings.TrimPrefix(url, s.URL+"/success?checkout_id=")
	if got := text(t, tab, "#checkout-id"); got != id {
		t.Errorf("success page shows checkout %q; want %q from its URL", got, id)
	}
	if got := text(t, tab, "#checkout-status"); got != "succeeded" {
		t.Errorf("success page shows status %q; want succeeded", got)
	}
	// The page waits (up to webhookWait) for the webhook server-side, so
	// the first load is the one to check.
	if got := text(t, tab, "#webhook"); got != "Payment confirmed by webhook." {
		t.Errorf("success page says %q; want the webhook's confirmation", got)
	}
	if got := text(t, tab, "#demo-notice"); !strings.Contains(got, "polartest") {
		t.Errorf("demo notice = %q; want it to name polartest", got)
	}
}

func TestBrowserExpiredCheckout(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	tab := newTab(t)
	c := s.newCheckout(t, polartest.OneTimeProductID)
	if err := s.polar.Expire(c.ID); err != nil {
		t.Fatal(err)
	}
	step(t, tab, "opening the expired checkout", chromedp.Navigate(c.URL), chromedp.WaitReady(chromedp.CSS("body")))
	if page := text(t, tab, "body"); !strings.Contains(strings.ToLower(page), "expired") {
		t.Errorf("hosted page of an expired checkout does not say so:\n%s", page)
	}
	ctx, cancel := context.WithTimeout(tab, stepTimeout)
	defer cancel()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.Search(payButton), chromedp.AtLeast(0)))
	if err != nil || len(nodes) != 0 {
		t.Errorf("hosted page of an expired checkout has %d Pay buttons (%v); want none", len(nodes), err)
	}
}

func TestBrowserBackToShop(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	tab := newTab(t)
	back := fmt.Sprintf(`a[href=%q]`, s.URL+"/")

	step(t, tab, "opening the shop", chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(chromedp.Search(buyButton("Lifetime License"))))
	step(t, tab, "clicking Buy", chromedp.Click(chromedp.Search(buyButton("Lifetime License"))), chromedp.WaitVisible(chromedp.Search(payButton)))
	step(t, tab, "finding the back link", chromedp.WaitVisible(chromedp.CSS(back)))
	step(t, tab, "clicking the back link", chromedp.Click(chromedp.CSS(back)), chromedp.WaitVisible(chromedp.Search(buyButton("Pro Plan"))))
	if url := location(tab); url != s.URL+"/" {
		t.Errorf("the back link led to %s; want the shop %s/", url, s.URL)
	}
}
