package polar_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	core "github.com/polar-checkouts/polar-go/polar"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

func TestDefaultRetryConfig(t *testing.T) {
	t.Parallel()
	got := polar.DefaultRetryConfig()
	want := polar.RetryConfig{MaxRetries: 3, InitialInterval: 500 * time.Millisecond, MaxInterval: 60 * time.Second,
		MaxElapsedTime: 5 * time.Minute, Multiplier: 1.5, RetryConnectionErrors: true, StatusCodes: []int{429, 500, 502, 503, 504}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("DefaultRetryConfig() = %+v, want %+v", got, want)
	}
	got.StatusCodes[0] = 999
	if polar.DefaultRetryConfig().StatusCodes[0] != 429 {
		t.Error("DefaultRetryConfig shares its StatusCodes slice between calls")
	}
}

// TestDecide: the one decision after a failed attempt, for payments (a
// confirm) and every other operation.
func TestDecide(t *testing.T) {
	t.Parallel()
	def := polar.DefaultRetryConfig()
	dial := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	reset := &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}
	locked := &polar.APIError{StatusCode: 409, Name: "CheckoutLocked"}
	for _, tc := range []struct {
		name    string
		payment bool
		status  int
		err     error
		want    string
	}{
		{"a reset after sending is retried for an update", false, 0, reset, "retry"},
		{"a reset after sending a confirm: it may have gone through", true, 0, reset, "outcome unknown"},
		{"a refused dial of a confirm is retried: nothing was sent", true, 0, dial, "retry"},
		{"a DNS failure of a confirm is retried", true, 0, &net.DNSError{Err: "no such host", Name: "api.polar.sh"}, "retry"},
		{"a 502 of a confirm: a proxy may answer after Polar acted", true, 502, &polar.APIError{StatusCode: 502}, "outcome unknown"},
		{"a 500 of a confirm", true, 500, &polar.APIError{StatusCode: 500}, "outcome unknown"},
		{"a 502 of an update is retried", false, 502, &polar.APIError{StatusCode: 502}, "retry"},
		{"a 429 of a confirm is retried: Polar did nothing", true, 429, &polar.APIError{StatusCode: 429}, "retry"},
		{"a 409 CheckoutLocked of a confirm is retried", true, 409, locked, "retry"},
		{"a 403 of a confirm is Polar's answer", true, 403, &polar.APIError{StatusCode: 403, Name: "NotOpenCheckout"}, "give up"},
		{"an unreadable 200 of a confirm: the payment went through", true, 200, errors.New("not JSON"), "paid, unreadable"},
		{"an unreadable 200 of an update is an error", false, 200, errors.New("not JSON"), "give up"},
		{"a 200 in another version of a confirm went through", true, 200, fmt.Errorf("x: %w", polar.ErrAPIVersion), "paid, unreadable"},
	} {
		if got := core.Decide(def, tc.payment, tc.status, tc.err); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestRetryable(t *testing.T) {
	t.Parallel()
	def := polar.DefaultRetryConfig()
	noConn := def
	noConn.RetryConnectionErrors = false
	connErr := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	locked := &polar.APIError{StatusCode: 409, Name: "CheckoutLocked", Detail: "Checkout is currently being processed. Please try again."}
	for _, tc := range []struct {
		name   string
		cfg    polar.RetryConfig
		status int
		err    error
		want   bool
	}{
		{"429 is retried", def, 429, errors.New("x"), true},
		{"500 is retried", def, 500, errors.New("x"), true},
		{"502 is retried", def, 502, errors.New("x"), true},
		{"503 is retried", def, 503, errors.New("x"), true},
		{"504 is retried", def, 504, errors.New("x"), true},
		{"501 is not", def, 501, errors.New("x"), false},
		{"400 is not", def, 400, errors.New("x"), false},
		{"404 is not", def, 404, errors.New("x"), false},
		{"422 is not", def, 422, errors.New("x"), false},
		{"a 200 that did not decode is not", def, 200, errors.New("bad json"), false},
		{"connection error when enabled", def, 0, connErr, true},
		{"connection error when disabled", noConn, 0, connErr, false},
		{"attempt timeout is a connection error", def, 0, fmt.Errorf("get: %w", context.DeadlineExceeded), true},
		{"TLS certificate errors are permanent", def, 0, &tlsErr, false},
		{"status list is the config's", polar.RetryConfig{StatusCodes: []int{418}}, 418, errors.New("x"), true},
		{"zero config retries nothing", polar.RetryConfig{}, 503, errors.New("x"), false},
		{"zero config ignores connection errors", polar.RetryConfig{}, 0, connErr, false},
		{"409 CheckoutLocked is retried", def, 409, locked, true},
		{"409 CheckoutLocked is retried with StatusCodes empty", polar.RetryConfig{MaxRetries: 1}, 409, locked, true},
		{"409 CheckoutLocked is retried even when wrapped", def, 409, fmt.Errorf("polar: update: %w", locked), true},
		{"409 CheckoutCustomerDeleted is not", def, 409, &polar.APIError{StatusCode: 409, Name: "CheckoutCustomerDeleted"}, false},
		{"409 without a name is not", def, 409, &polar.APIError{StatusCode: 409}, false},
		{"a CheckoutLocked name on another status is not", def, 423, &polar.APIError{StatusCode: 423, Name: "CheckoutLocked"}, false},
	} {
		if got := core.Retryable(tc.cfg, tc.status, tc.err); got != tc.want {
			t.Errorf("%s: retryable = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 9, 4, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"7", 7 * time.Second},
		{" 7 ", 7 * time.Second},
		{"-5", 0},
		{"1.5", 0},
		{"soon", 0},
		{"99999999999999999999", 24 * time.Hour}, // overflows int64: the cap, never absent
		{"9223372036854775808", 24 * time.Hour},  // MaxInt64 + 1
		{"9223372036854775807", 24 * time.Hour},  // MaxInt64
		{"+99999999999999999999", 24 * time.Hour},
		{" 99999999999999999999999999999999999999 ", 24 * time.Hour},
		{"-99999999999999999999", 0}, // negative, however large
		{"999999999", 24 * time.Hour},
		{"86400", 24 * time.Hour},
		{"86401", 24 * time.Hour},
		{"86399", 86399 * time.Second},
		{"1e30", 0}, // not delay-seconds
		{"Wed, 04 Sep 2024 12:00:30 GMT", 30 * time.Second},
		{"Wednesday, 04-Sep-24 12:01:00 GMT", time.Minute},
		{"Wed Sep  4 12:00:10 2024", 10 * time.Second},
		{"Wed, 04 Sep 2024 11:00:00 GMT", 0}, // in the past
		{"Fri, 04 Sep 2099 12:00:00 GMT", 24 * time.Hour},
	} {
		if got := core.ParseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("ParseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// flaky answers the first n requests with status (and header), then the
// checkout fixture.
func flaky(t *testing.T, n int, status int, header http.Header) (*recorder, *atomic.Int32) {
	var calls atomic.Int32
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if int(calls.Add(1)) <= n {
			for k, v := range header {
				w.Header()[k] = v
			}
			serveJSON(status, []byte(`{"error":"Busy","detail":"try later"}`))(w, r)
			return
		}
		serveJSON(http.StatusOK, checkoutJSON(t))(w, r)
	})
	return srv, &calls
}

// waits records the waits a client asks for instead of sleeping.
type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

func TestRetriesUntilSuccess(t *testing.T) {
	t.Parallel()
	srv, calls := flaky(t, 2, http.StatusServiceUnavailable, nil)
	c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{
		MaxRetries: 3, InitialInterval: 100 * time.Millisecond, MaxInterval: time.Second, Multiplier: 2, StatusCodes: []int{503}}))
	var w waits
	setSleep(c, w.sleep)
	co, err := c.Checkouts.Get(context.Background(), checkoutID)
	if err != nil || co == nil {
		t.Fatalf("Get = %v, %v; want the checkout", co, err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("attempts = %d, want 3", n)
	}
	got := w.all()
	if len(got) != 2 {
		t.Fatalf("waits = %v, want 2", got)
	}
	// ±50% jitter around 100ms, then 200ms.
	for i, base := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond} {
		if got[i] < base/2 || got[i] > base*3/2 {
			t.Errorf("wait %d = %v, want within 50%% of %v", i, got[i], base)
		}
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	t.Parallel()
	srv, calls := flaky(t, 100, http.StatusBadGateway, nil)
	c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 2, StatusCodes: []int{502}}))
	setSleep(c, (&waits{}).sleep)
	_, err := c.Checkouts.Get(context.Background(), checkoutID)
	var apiErr *polar.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || !errors.Is(err, polar.ErrServer) {
		t.Fatalf("err = %v, want the last 502 *APIError", err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("attempts = %d, want 3 (1 + MaxRetries)", n)
	}
}

func TestOnlyConfiguredStatusesAreRetried(t *testing.T) {
	t.Parallel()
	srv, calls := flaky(t, 1, http.StatusServiceUnavailable, nil)
	c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 3, StatusCodes: []int{500}}))
	if _, err := c.Checkouts.Get(context.Background(), checkoutID); !errors.Is(err, polar.ErrServer) {
		t.Errorf("err = %v, want the 503", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("attempts = %d, want 1: 503 is not in StatusCodes", n)
	}
}

func TestMaxElapsedTimeBoundsRetries(t *testing.T) {
	t.Parallel()
	srv, calls := flaky(t, 100, http.StatusServiceUnavailable, nil)
	c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 100, InitialInterval: time.Second,
		Multiplier: 1, MaxElapsedTime: 3500 * time.Millisecond, StatusCodes: []int{503}}))
	// A fake clock that the recorded sleeps advance.
	var mu sync.Mutex
	now := time.Now()
	setNow(c, func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	setSleep(c, func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
		return nil
	})
	_, err := c.Checkouts.Get(context.Background(), checkoutID)
	if !errors.Is(err, polar.ErrServer) {
		t.Fatalf("err = %v, want the 503", err)
	}
	// Waits of 0.5-1.5 s each fit 3.5 s at least twice and at most 7 times.
	if n := calls.Load(); n < 3 || n > 8 {
		t.Errorf("attempts = %d, want 3..8 within 3.5 s of 1 s ±50%% waits", n)
	}
}

func TestRetryAfterSetsTheWait(t *testing.T) {
	t.Parallel()
	clock := time.Date(2024, 9, 4, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		value string
		want  time.Duration
	}{
		{"seconds", "7", 7 * time.Second},
		{"above MaxInterval", "120", 120 * time.Second},
		{"HTTP date", clock.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, calls := flaky(t, 1, http.StatusTooManyRequests, http.Header{"Retry-After": {tc.value}})
			c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 1, InitialInterval: time.Millisecond,
				MaxInterval: time.Minute, StatusCodes: []int{429}}))
			var w waits
			setSleep(c, w.sleep)
			setNow(c, func() time.Time { return clock })
			if _, err := c.Checkouts.Get(context.Background(), checkoutID); err != nil {
				t.Fatal(err)
			}
			got := w.all()
			if calls.Load() != 2 || len(got) != 1 {
				t.Fatalf("attempts = %d, waits = %v; want 2 and 1", calls.Load(), got)
			}
			if got[0] != tc.want {
				t.Errorf("wait = %v, want exactly %v (no jitter on Retry-After)", got[0], tc.want)
			}
		})
	}
}

func TestRetryAfterBeyondTheDeadlineReturnsAtOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		cfg  polar.RetryConfig
	}{
		{"context deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 30*time.Second)
		}, polar.RetryConfig{MaxRetries: 3, StatusCodes: []int{429}}},
		{"MaxElapsedTime", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, polar.RetryConfig{MaxRetries: 3, MaxElapsedTime: 10 * time.Second, StatusCodes: []int{429}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, calls := flaky(t, 10, http.StatusTooManyRequests, http.Header{"Retry-After": {"3600"}})
			c := srv.client(t, polar.WithRetryConfig(tc.cfg))
			var w waits
			setSleep(c, w.sleep)
			ctx, cancel := tc.ctx()
			defer cancel()
			_, err := c.Checkouts.Get(ctx, checkoutID)
			var apiErr *polar.APIError
			if !errors.As(err, &apiErr) || !errors.Is(err, polar.ErrRateLimited) {
				t.Fatalf("err = %v, want a 429 *APIError", err)
			}
			if apiErr.RetryAfter != time.Hour {
				t.Errorf("RetryAfter = %v, want 1h", apiErr.RetryAfter)
			}
			if calls.Load() != 1 || len(w.all()) != 0 {
				t.Errorf("attempts = %d, waits = %v; want 1 attempt and no wait", calls.Load(), w.all())
			}
		})
	}
}

func TestCancellingTheContextEndsTheBackoffWait(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		serveJSON(http.StatusServiceUnavailable, []byte(`{}`))(w, r)
		cancel() // the client is about to wait an hour
	})
	c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 1, InitialInterval: time.Hour, StatusCodes: []int{503}}))
	done := make(chan error, 1)
	go func() {
		_, err := c.Checkouts.Get(ctx, checkoutID)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Get still waiting a minute after the context was cancelled")
	}
}

// TestBodiesAreReplayedByteForByte: every method with a body sends the
// same bytes, with the same Content-Length, on every attempt. (A confirm
// is retried only on what Polar cannot have acted on, so it gets 429s
// where the others get 500s.)
func TestBodiesAreReplayedByteForByte(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		status, body := http.StatusInternalServerError, `{"error":"InternalServerError","detail":"oops"}`
		if o.name == "ClientConfirm" {
			status, body = http.StatusTooManyRequests, `{"error":"TooManyRequests","detail":"slow down"}`
		}
		var calls atomic.Int32
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) <= 2 {
				serveJSON(status, []byte(body))(w, r)
				return
			}
			serveJSON(o.status, o.reply(t))(w, r)
		})
		c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 2, StatusCodes: []int{status}}))
		setSleep(c, (&waits{}).sleep)
		if _, err := o.call(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		reqs := srv.requests()
		if len(reqs) != 3 {
			t.Fatalf("server saw %d requests, want 3", len(reqs))
		}
		for i, r := range reqs {
			if string(r.Body) != o.body || r.ContentLength != int64(len(o.body)) || len(r.TransferEncoding) != 0 {
				t.Errorf("attempt %d: body %q (Content-Length %d, %q), want %q", i+1, r.Body, r.ContentLength, r.TransferEncoding, o.body)
			}
			if o.body != "" && r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("attempt %d: Content-Type %q", i+1, r.Header.Get("Content-Type"))
			}
			if r.Header.Get("Polar-Version") != "2026-10" || r.Header.Get("Authorization") != "Bearer "+testToken {
				t.Errorf("attempt %d: headers %v", i+1, r.Header)
			}
		}
	})
}

// TestCheckoutLockedIsRetried: Polar answers 409 CheckoutLocked while
// another request holds the checkout and says to try again; every method
// retries it whenever retries are on, whatever StatusCodes says, and no
// other 409.
func TestCheckoutLockedIsRetried(t *testing.T) {
	t.Parallel()
	const locked = `{"error":"CheckoutLocked","detail":"Checkout is currently being processed. Please try again."}`
	const deleted = `{"error":"CheckoutCustomerDeleted","detail":"The customer associated with this checkout has been deleted."}`
	for _, tc := range []struct {
		name      string
		body      string
		rc        polar.RetryConfig
		wantCalls int32
		wantOK    bool
	}{
		{"with DefaultRetryConfig", locked, polar.DefaultRetryConfig(), 2, true},
		{"with StatusCodes empty and MaxRetries 1", locked, polar.RetryConfig{MaxRetries: 1}, 2, true},
		{"not with retries off", locked, polar.RetryConfig{}, 1, false},
		{"CheckoutCustomerDeleted is not retried", deleted, polar.DefaultRetryConfig(), 1, false},
		{"any 409 when StatusCodes has 409", deleted, polar.RetryConfig{MaxRetries: 1, StatusCodes: []int{409}}, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOp(t, func(t *testing.T, o op) {
				var calls atomic.Int32
				srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					if calls.Add(1) == 1 {
						serveJSON(http.StatusConflict, []byte(tc.body))(w, r)
						return
					}
					serveJSON(o.status, o.reply(t))(w, r)
				})
				c := srv.client(t, polar.WithRetryConfig(tc.rc))
				setSleep(c, (&waits{}).sleep)
				id, err := o.call(context.Background(), c)
				if n := calls.Load(); n != tc.wantCalls {
					t.Errorf("attempts = %d, want %d", n, tc.wantCalls)
				}
				if tc.wantOK != (err == nil && id == checkoutID) {
					t.Errorf("call = %q, %v; want success %v", id, err, tc.wantOK)
				}
				var ae *polar.APIError
				if !tc.wantOK && (!errors.As(err, &ae) || ae.StatusCode != 409) {
					t.Errorf("err = %v, want the 409", err)
				}
			})
		})
	}
}

func TestConnectionErrorsAreRetriedWhenEnabled(t *testing.T) {
	t.Parallel()
	// A listener that is closed: connection refused.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	for _, enabled := range []bool{true, false} {
		var attempts atomic.Int32
		doer := doerFunc(func(r *http.Request) (*http.Response, error) {
			attempts.Add(1)
			return http.DefaultClient.Do(r)
		})
		c, err := newClient(polar.WithAccessToken(testToken), polar.WithBaseURL("http://"+addr),
			polar.WithHTTPClient(doer),
			polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 2, RetryConnectionErrors: enabled}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Checkouts.Get(context.Background(), checkoutID)
		var opErr *net.OpError
		if !errors.As(err, &opErr) {
			t.Errorf("enabled=%v: err = %v, want a wrapped *net.OpError", enabled, err)
		}
		want := map[bool]int32{true: 3, false: 1}[enabled]
		if n := attempts.Load(); n != want {
			t.Errorf("enabled=%v: attempts = %d, want %d", enabled, n, want)
		}
	}
}

func TestAttemptTimeoutIsRetriedAndWrapsDeadlineExceeded(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := newClient(polar.WithAccessToken(testToken), polar.WithBaseURL(srv.URL),
		polar.WithTimeout(20*time.Millisecond),
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 1, RetryConnectionErrors: true}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Checkouts.Get(context.Background(), checkoutID)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("attempts = %d, want 2 (a timed-out attempt is retried)", n)
	}
}

func TestRetriesReuseTheConnection(t *testing.T) {
	t.Parallel()
	var calls, conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if calls.Add(1) <= 3 {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			// Larger than the 64 KiB read for the error, so only draining
			// the rest lets the connection be reused.
			w.Write([]byte("<html><body>" + strings.Repeat("x", 66<<10) + "</body></html>"))
			return
		}
		serveJSON(http.StatusOK, checkoutJSON(t))(w, r)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c, err := newClient(polar.WithAccessToken(testToken), polar.WithBaseURL(srv.URL),
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 3, StatusCodes: []int{502}}))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if _, err := c.Checkouts.Get(context.Background(), checkoutID); err != nil {
			t.Fatal(err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("opened %d connections, want 1: each error body must be drained and closed", n)
	}
}

var tlsErr = tls.CertificateVerificationError{Err: errors.New("x509: certificate signed by unknown authority")}

func TestPostBodyIsReplayedToADoerThatReadsIt(t *testing.T) {
	t.Parallel()
	var bodies []string
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		r.Body.Close()
		bodies = append(bodies, string(b))
		status, body := http.StatusServiceUnavailable, []byte(`{}`)
		if len(bodies) == 3 {
			status, body = http.StatusCreated, checkoutJSON(t)
		}
		return jsonResponse(r, status, body), nil
	})
	c, err := newClient(polar.WithAccessToken(testToken), polar.WithHTTPClient(doer),
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 2, StatusCodes: []int{503}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Checkouts.Create(context.Background(), seedCreate); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 3 || bodies[0] == "" || bodies[1] != bodies[0] || bodies[2] != bodies[0] {
		t.Errorf("bodies per attempt = %q, want the same non-empty body 3 times", bodies)
	}
}

func TestBackoffWaitsStayWithinMaxInterval(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		cfg   polar.RetryConfig
		limit time.Duration
	}{
		{"jitter does not pass MaxInterval", polar.RetryConfig{InitialInterval: time.Second, MaxInterval: 2 * time.Second, Multiplier: 3}, 2 * time.Second},
		{"InitialInterval above MaxInterval", polar.RetryConfig{InitialInterval: time.Hour, MaxInterval: time.Second}, time.Second},
		{"no MaxInterval: 24h ceiling, no overflow", polar.RetryConfig{InitialInterval: time.Duration(1 << 62), Multiplier: 1e6}, 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := flaky(t, 100, http.StatusServiceUnavailable, nil)
			cfg := tc.cfg
			cfg.MaxRetries, cfg.StatusCodes = 20, []int{503}
			c := srv.client(t, polar.WithRetryConfig(cfg))
			var w waits
			setSleep(c, w.sleep)
			c.Checkouts.Get(context.Background(), checkoutID)
			got := w.all()
			if len(got) != 20 {
				t.Fatalf("waits = %d, want 20", len(got))
			}
			for i, d := range got {
				if d <= 0 || d > tc.limit {
					t.Errorf("wait %d = %v, want within (0, %v]", i, d, tc.limit)
				}
			}
		})
	}
}

func TestARedirectLoopIsNotRetried(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	})
	c := srv.client(t, polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 3, RetryConnectionErrors: true}))
	setSleep(c, (&waits{}).sleep)
	_, err := c.Checkouts.Get(context.Background(), checkoutID)
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Fatalf("err = %v, want the redirect loop", err)
	}
	if n := calls.Load(); n != 10 {
		t.Errorf("server saw %d requests, want 10: one attempt, no retries", n)
	}
}

func TestACheckoutReadWholeIsReturnedEvenIfTheContextEndsThen(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	doer := doerFunc(func(r *http.Request) (*http.Response, error) {
		cancel() // the caller gives up while the answer is on its way
		return jsonResponse(r, http.StatusCreated, checkoutJSON(t)), nil
	})
	c, err := newClient(polar.WithAccessToken(testToken), polar.WithHTTPClient(doer))
	if err != nil {
		t.Fatal(err)
	}
	co, err := c.Checkouts.Create(ctx, seedCreate)
	if err != nil || co == nil || co.ID == "" {
		t.Errorf("Create = %v, %v; want the created checkout, not lose it", co, err)
	}
}
