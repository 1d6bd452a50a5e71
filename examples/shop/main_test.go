package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// env returns a getenv that knows only vars.
func env(vars map[string]string) func(string) string {
	return func(key string) string { return vars[key] }
}

// runShop starts run and returns the shop's URL (from its "Shop: " line),
// the lines printed before it, and a stop function that ends run and
// returns its exit code.
func runShop(t *testing.T, getenv func(string) string, args ...string) (shopURL string, before []string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, args, pw, &stderr, getenv)
		pw.Close()
	}()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	stopped := false
	stop = func() int {
		if stopped {
			return -1
		}
		stopped = true
		cancel()
		for range lines { // drain until run returns and closes stdout
		}
		select {
		case c := <-code:
			return c
		case <-time.After(10 * time.Second):
			t.Fatal("run did not return within 10s of its context ending")
			return -1
		}
	}
	t.Cleanup(func() { stop() })
	timeout := time.After(10 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("run ended (code %d) before printing its address; printed %q, stderr %q", <-code, before, stderr.String())
			}
			if u, found := strings.CutPrefix(line, "Shop: "); found {
				return strings.TrimSuffix(u, "/"), before, stop
			}
			before = append(before, line)
		case <-timeout:
			t.Fatalf("run printed no address within 10s; printed %q", before)
		}
	}
}

func TestRunDemo(t *testing.T) {
	t.Parallel()
	shopURL, before, stop := runShop(t, env(nil))
	if len(before) != 1 || !strings.Contains(before[0], "No POLAR_ACCESS_TOKEN set: using an in-process polartest server") {
		t.Errorf("printed %q before the address; want the polartest notice", before)
	}
	if !strings.HasPrefix(shopURL, "http://127.0.0.1:") {
		t.Errorf("shop URL %q; want a loopback address", shopURL)
	}
	resp, body := get(t, shopURL+"/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "demo-notice") || !strings.Contains(body, "Pro Plan") {
		t.Errorf("GET / = %d\n%s\nwant the demo notice and the products", resp.StatusCode, body)
	}
	resp, _ = postForm(t, shopURL+"/buy", url.Values{"product": {polartest.RecurringProductID}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "/checkout/") {
		t.Errorf("POST /buy = %d to %q; want 303 to a hosted checkout page", resp.StatusCode, loc)
	}
	if code := stop(); code != 0 {
		t.Errorf("run = %d; want 0 after its context ends", code)
	}
}

// With a token the shop talks to whatever API it is pointed at, here a
// polartest server standing in for Polar.
func TestRunWithToken(t *testing.T) {
	t.Parallel()
	ps := polartest.NewServer()
	t.Cleanup(ps.Close)
	shopURL, before, _ := runShop(t, env(map[string]string{
		"POLAR_ACCESS_TOKEN":   ps.AccessToken,
		"POLAR_WEBHOOK_SECRET": "whsec_test",
	}), "-base-url", ps.URL, "-product", polartest.OneTimeProductID)
	if len(before) != 0 {
		t.Errorf("printed %q before the address; want nothing", before)
	}
	_, body := get(t, shopURL+"/")
	if strings.Contains(body, "demo-notice") || !strings.Contains(body, polartest.OneTimeProductID) {
		t.Errorf("GET / =\n%s\nwant the -product and no demo notice", body)
	}
	resp, _ := postForm(t, shopURL+"/buy", url.Values{"product": {polartest.OneTimeProductID}})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, ps.URL+"/checkout/") {
		t.Errorf("POST /buy = %d to %q; want 303 to %s/checkout/…", resp.StatusCode, loc, ps.URL)
	}
}

func TestRunRefuses(t *testing.T) {
	t.Parallel()
	token := map[string]string{"POLAR_ACCESS_TOKEN": "polar_oat_x"}
	both := map[string]string{"POLAR_ACCESS_TOKEN": "polar_oat_x", "POLAR_WEBHOOK_SECRET": "whsec_x"}
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantStderr string
	}{
		{name: "token without -product", env: both, wantStderr: "-product is required"},
		{name: "token without webhook secret", env: token, args: []string{"-product", "p"}, wantStderr: "POLAR_WEBHOOK_SECRET is required"},
		{name: "-product without token", args: []string{"-product", "p"}, wantStderr: "need POLAR_ACCESS_TOKEN"},
		{name: "bad address", env: both, args: []string{"-addr", "127.0.0.1:99999", "-product", "p"}, wantStderr: "shop: listen tcp"},
		{name: "unknown flag", args: []string{"-nope"}, wantStderr: "flag provided but not defined"},
		{name: "argument", args: []string{"extra"}, wantStderr: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr, env(tt.env))
			if code != 1 || !strings.Contains(stderr.String(), tt.wantStderr) || stdout.Len() != 0 {
				t.Errorf("run = %d, stdout %q, stderr %q; want 1, nothing and %q", code, stdout.String(), stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestBrowserAddr(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"127.0.0.1:8080": "127.0.0.1:8080",
		"0.0.0.0:8080":   "localhost:8080",
		"[::]:8080":      "localhost:8080",
		"[::1]:8080":     "[::1]:8080",
	} {
		if got := browserAddr(in); got != want {
			t.Errorf("browserAddr(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestServerTimeouts: the shop's server never waits forever on a client:
// every timeout is set, and the answer's outlasts the success page's wait
// for a webhook.
func TestServerTimeouts(t *testing.T) {
	t.Parallel()
	srv := newServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout, "ReadTimeout": srv.ReadTimeout,
		"WriteTimeout": srv.WriteTimeout, "IdleTimeout": srv.IdleTimeout,
	} {
		if d <= 0 {
			t.Errorf("%s = %v; want a bound", name, d)
		}
	}
	if srv.WriteTimeout <= 2*time.Second {
		t.Errorf("WriteTimeout %v does not outlast the success page's 2 s wait for a webhook", srv.WriteTimeout)
	}
}
