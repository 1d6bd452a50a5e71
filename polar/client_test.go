package polar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

func TestNewClientNeedsAToken(t *testing.T) {
	t.Setenv("POLAR_ACCESS_TOKEN", "")
	c, err := newClient()
	if err == nil || c != nil {
		t.Fatalf("NewClient() = %v, %v; want nil and an error", c, err)
	}
	if !strings.Contains(err.Error(), "POLAR_ACCESS_TOKEN") {
		t.Errorf("error %q does not say how to give a token", err)
	}
}

func TestNewClientReadsTheTokenFromTheEnvironment(t *testing.T) {
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	t.Setenv("POLAR_ACCESS_TOKEN", "env_token")
	c, err := newClient(polar.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Checkouts.Get(context.Background(), checkoutID); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Header.Get("Authorization"); got != "Bearer env_token" {
		t.Errorf("Authorization = %q, want the env token", got)
	}

	// An explicit token wins over the environment.
	c, err = newClient(polar.WithBaseURL(srv.URL), polar.WithAccessToken("explicit"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Checkouts.Get(context.Background(), checkoutID); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[1].Header.Get("Authorization"); got != "Bearer explicit" {
		t.Errorf("Authorization = %q, want Bearer explicit", got)
	}
}

func TestInvalidOptionsAreErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opt  polar.Option
	}{
		{"nil option", nil},
		{"empty token", polar.WithAccessToken("")},
		{"token with newline", polar.WithAccessToken("tok\r\nX-Evil: 1")},
		{"unknown server", polar.WithServer("https://evil.example")},
		{"relative base URL", polar.WithBaseURL("/v1")},
		{"base URL without scheme", polar.WithBaseURL("api.polar.sh")},
		{"ftp base URL", polar.WithBaseURL("ftp://api.polar.sh")},
		{"base URL without host", polar.WithBaseURL("https://")},
		{"base URL with credentials", polar.WithBaseURL("https://user:pass@api.polar.sh")},
		{"base URL with query", polar.WithBaseURL("https://api.polar.sh/?x=1")},
		{"unparsable base URL", polar.WithBaseURL("https://api.polar.sh/%zz")},
		{"nil doer", polar.WithHTTPClient(nil)},
		{"nil *http.Client", polar.WithHTTPClient((*http.Client)(nil))},
		{"negative retries", polar.WithRetryConfig(polar.RetryConfig{MaxRetries: -1})},
		{"negative interval", polar.WithRetryConfig(polar.RetryConfig{InitialInterval: -time.Second})},
		{"shrinking multiplier", polar.WithRetryConfig(polar.RetryConfig{Multiplier: 0.5})},
		{"status code 42", polar.WithRetryConfig(polar.RetryConfig{StatusCodes: []int{42}})},
		{"negative timeout", polar.WithTimeout(-time.Second)},
		{"empty user agent", polar.WithUserAgent("")},
		{"user agent with newline", polar.WithUserAgent("a\nb")},
		{"header name with space", polar.WithHeader("X Bad", "v")},
		{"empty header name", polar.WithHeader("", "v")},
		{"header value with CRLF", polar.WithHeader("X-Trace", "a\r\nb")},
		{"Authorization header", polar.WithHeader("authorization", "Bearer x")},
		{"Content-Type header", polar.WithHeader("Content-Type", "text/plain")},
		{"Polar-Version header", polar.WithHeader("polar-version", "2026-04")},
		{"Polar-Organization header", polar.WithHeader("Polar-Organization", orgID)},
		{"Content-Length header", polar.WithHeader("Content-Length", "0")},
		{"Host header", polar.WithHeader("Host", "evil.example")},
		{"User-Agent header", polar.WithHeader("User-Agent", "x")},
		{"organization that is no UUID", polar.WithOrganization("acme")},
		{"organization UUID v1", polar.WithOrganization("6ba7b810-9dad-11d1-80b4-00c04fd430c8")},
		{"empty organization", polar.WithOrganization("")},
		{"nil logger", polar.WithLogger(nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := newClient(polar.WithAccessToken(testToken), tc.opt)
			if err == nil || c != nil {
				t.Fatalf("NewClient = %v, %v; want nil and an error", c, err)
			}
			if !strings.HasPrefix(err.Error(), "polar: ") {
				t.Errorf("error %q does not start with polar:", err)
			}

			// The same option given to one call fails that call, before sending.
			srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
			co, err := srv.client(t).Checkouts.Get(context.Background(), checkoutID, tc.opt)
			if err == nil || co != nil {
				t.Errorf("Get with the option = %v, %v; want nil and an error", co, err)
			}
			if n := len(srv.requests()); n != 0 {
				t.Errorf("server saw %d requests, want 0", n)
			}
		})
	}
}

func TestValidOptionsAreAccepted(t *testing.T) {
	t.Parallel()
	for _, opt := range []polar.Option{
		polar.WithServer(polar.ServerProduction),
		polar.WithServer(polar.ServerSandbox),
		polar.WithBaseURL("http://127.0.0.1:8080"),
		polar.WithBaseURL("https://proxy.example.com/polar/"),
		polar.WithHTTPClient(&http.Client{}),
		polar.WithRetryConfig(polar.RetryConfig{}),
		polar.WithRetryConfig(polar.DefaultRetryConfig()),
		polar.WithTimeout(0),
		polar.WithUserAgent("my-shop/1.0"),
		polar.WithHeader("X-Request-ID", "abc"),
		polar.WithLogger(slog.New(slog.DiscardHandler)),
		polar.WithOrganization(orgID),
		polar.WithOrganization(strings.ToUpper(orgID)),
	} {
		if _, err := newClient(polar.WithAccessToken(testToken), opt); err != nil {
			t.Errorf("NewClient: %v", err)
		}
	}
}

func TestPerCallOptionsApplyToThatCallOnly(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	other := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	c := srv.client(t, polar.WithHeader("X-Shop", "client"), polar.WithUserAgent("shop/1"))
	ctx := context.Background()

	calls := []struct {
		opts        []polar.Option
		server      *recorder
		auth, shop  string
		ua, traceID string
	}{
		{nil, srv, "Bearer " + testToken, "client", "shop/1", ""},
		{[]polar.Option{polar.WithAccessToken("call_token"), polar.WithHeader("X-Shop", "call"),
			polar.WithHeader("X-Trace", "t1"), polar.WithUserAgent("shop/2")}, srv, "Bearer call_token", "call", "shop/2", "t1"},
		{[]polar.Option{polar.WithBaseURL(other.URL)}, other, "Bearer " + testToken, "client", "shop/1", ""},
		{nil, srv, "Bearer " + testToken, "client", "shop/1", ""}, // back to the client's settings
	}
	for i, call := range calls {
		before := len(call.server.requests())
		if _, err := c.Checkouts.Get(ctx, checkoutID, call.opts...); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		reqs := call.server.requests()
		if len(reqs) != before+1 {
			t.Fatalf("call %d went to the wrong server", i)
		}
		h := reqs[len(reqs)-1].Header
		if h.Get("Authorization") != call.auth || h.Get("X-Shop") != call.shop || h.Get("User-Agent") != call.ua || h.Get("X-Trace") != call.traceID {
			t.Errorf("call %d headers: Authorization=%q X-Shop=%q User-Agent=%q X-Trace=%q; want %q %q %q %q",
				i, h.Get("Authorization"), h.Get("X-Shop"), h.Get("User-Agent"), h.Get("X-Trace"), call.auth, call.shop, call.ua, call.traceID)
		}
	}
}

func TestPerCallRetryConfigOverridesTheClients(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusServiceUnavailable, []byte(`{"error":"Unavailable","detail":"busy"}`)))
	c := srv.client(t) // retries off
	_, err := c.Checkouts.Get(context.Background(), checkoutID,
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 2, StatusCodes: []int{503}}))
	if err == nil {
		t.Fatal("want an error")
	}
	if n := len(srv.requests()); n != 3 {
		t.Errorf("with a per-call retry config the server saw %d requests, want 3", n)
	}
	c.Checkouts.Get(context.Background(), checkoutID)
	if n := len(srv.requests()); n != 4 {
		t.Errorf("the next call made %d requests, want 1 (client config: no retries)", n-3)
	}
}

func TestLoggerRecordsEachAttempt(t *testing.T) {
	t.Parallel()
	var n int
	var mu sync.Mutex
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		first := n == 1
		mu.Unlock()
		if first {
			serveJSON(http.StatusServiceUnavailable, []byte(`{}`))(w, r)
			return
		}
		serveJSON(http.StatusOK, checkoutJSON(t))(w, r)
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := srv.client(t, polar.WithLogger(logger),
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 1, InitialInterval: time.Millisecond, StatusCodes: []int{503}}))
	if _, err := c.Checkouts.Get(context.Background(), checkoutID); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("logged %d lines, want 2 (one per attempt):\n%s", len(lines), buf.String())
	}
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["level"] != "DEBUG" || rec["method"] != "GET" || rec["path"] != "/v1/checkouts/"+checkoutID ||
			rec["attempt"] != float64(i+1) || rec["duration"] == nil || rec["next_wait"] == nil {
			t.Errorf("log line %d = %s; want level, method, path, status, attempt, duration, next_wait", i, line)
		}
		wantStatus := []float64{503, 200}[i]
		if rec["status"] != wantStatus {
			t.Errorf("log line %d status = %v, want %v", i, rec["status"], wantStatus)
		}
	}
	if strings.Contains(buf.String(), testToken) {
		t.Error("the log contains the token")
	}
	var first map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	if first["next_wait"] == float64(0) {
		t.Error("first attempt logged no next wait before the retry")
	}
}

func TestOneClientServesManyGoroutines(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	c := srv.client(t)
	var wg sync.WaitGroup
	errs := make(chan error, 32*10)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				opts := []polar.Option{}
				if i%2 == 0 {
					opts = append(opts, polar.WithHeader("X-Goroutine", "y"))
				}
				if _, err := c.Checkouts.Get(context.Background(), checkoutID, opts...); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(srv.requests()); n != 320 {
		t.Errorf("server saw %d requests, want 320", n)
	}
}

// TestWithOrganization: Polar-Organization goes with every method, only
// when the option is given, in the lower case Polar answers with.
func TestWithOrganization(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, serveJSON(o.status, o.reply(t)))
		if _, err := o.call(context.Background(), srv.client(t, polar.WithOrganization(strings.ToUpper(orgID)))); err != nil {
			t.Fatal(err)
		}
		c := srv.client(t)
		if _, err := o.call(context.Background(), c, polar.WithOrganization(orgID)); err != nil {
			t.Fatal(err)
		}
		if _, err := o.call(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		reqs := srv.requests()
		for i, want := range []string{orgID, orgID, ""} {
			if got := strings.Join(reqs[i].Header.Values("Polar-Organization"), ","); got != want {
				t.Errorf("call %d: Polar-Organization = %q, want %q", i, got, want)
			}
		}
	})
}

// TestWithHeaderCannotOverrideTheSDKsHeaders: refused at NewClient and per
// call, so Polar-Version and the token stay what the SDK sends.
func TestWithHeaderAddsAHeaderToEveryMethod(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, serveJSON(o.status, o.reply(t)))
		if _, err := o.call(context.Background(), srv.client(t, polar.WithHeader("X-Request-ID", "r1"), polar.WithHeader("x-request-id", "r2"))); err != nil {
			t.Fatal(err)
		}
		h := srv.requests()[0].Header
		if got := h.Values("X-Request-Id"); len(got) != 1 || got[0] != "r2" {
			t.Errorf("X-Request-ID = %q, want the later r2", got)
		}
		if h.Get("Polar-Version") != polar.APIVersion || h.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("SDK headers changed: %v", h)
		}
	})
}
