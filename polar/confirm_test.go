package polar_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// A confirm starts a payment. These tests drive ClientConfirm over real
// HTTP with DefaultRetryConfig (waits recorded, not slept) and check that
// it is retried only when Polar cannot have acted on it.

// confirmServer is a checkout that a confirm pays once: the first confirm
// that arrives moves it to confirmed, and every later one gets Polar's 403
// NotOpenCheckout. answer (when not nil) may answer the nth confirm (from
// 1) itself and report true; otherwise the server answers as Polar does.
type confirmServer struct {
	*httptest.Server
	confirms atomic.Int32
	mu       sync.Mutex
	status   string // "open", then "confirmed"
}

func newConfirmServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, n int) bool) *confirmServer {
	t.Helper()
	s := &confirmServer{status: "open"}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echoVersion(w, r)
		io.Copy(io.Discard, r.Body) // the request has reached "Polar" whole
		if r.Method == http.MethodGet {
			s.mu.Lock()
			body := strings.Replace(string(publicJSON(t)), `"status":"open"`, `"status":"`+s.status+`"`, 1)
			s.mu.Unlock()
			faultWrite(w, 200, "application/json", body)
			return
		}
		n := int(s.confirms.Add(1))
		if answer != nil && answer(w, r, n) {
			return
		}
		s.mu.Lock()
		was := s.status
		s.status = "confirmed"
		s.mu.Unlock()
		if was != "open" {
			faultWrite(w, 403, "application/json", `{"error":"NotOpenCheckout","detail":"Checkout `+checkoutID+` is not open: `+was+`"}`)
			return
		}
		faultWrite(w, 200, "application/json", string(confirmedJSON(t)))
	}))
	t.Cleanup(s.Close)
	return s
}

// payThenReset acts on the confirm (the checkout is confirmed) and then answers
// nothing: the connection is reset, the answer lost.
func (s *confirmServer) payThenReset(t *testing.T, w http.ResponseWriter) {
	s.mu.Lock()
	s.status = "confirmed"
	s.mu.Unlock()
	resetConn(t, w)
}

// resetConn resets the request's connection (RST, not FIN) before any
// answer.
func resetConn(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// confirmClient returns a client of base with DefaultRetryConfig whose
// waits are recorded in w, not slept.
func confirmClient(t *testing.T, base string, w *waits, opts ...polar.Option) *polar.Client {
	t.Helper()
	c, err := newClient(append([]polar.Option{polar.WithBaseURL(base), polar.WithAccessToken(testToken),
		polar.WithRetryConfig(polar.DefaultRetryConfig())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	setSleep(c, w.sleep)
	return c
}

func confirm(c *polar.Client) (*polar.CheckoutPublicConfirmed, error) {
	return c.Checkouts.ClientConfirm(context.Background(), clientSecret,
		polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1Abc")})
}

// checkUnknownOutcome checks the error of a confirm that may have gone
// through.
func checkUnknownOutcome(t *testing.T, co *polar.CheckoutPublicConfirmed, err error) {
	t.Helper()
	if co != nil || !errors.Is(err, polar.ErrUnknownOutcome) {
		t.Fatalf("ClientConfirm = %v, %v; want nil and an error matching ErrUnknownOutcome", co, err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "polar: confirm checkout: the payment may have gone through; read the checkout (ClientGet) before trying again: ") {
		t.Errorf("message %q, want it to say the payment may have gone through and to read the checkout first", msg)
	}
}

// TestConfirmResetAfterTheRequestIsNotRetried: the server read the whole
// confirm and reset the connection. Polar may have charged: one request,
// ErrUnknownOutcome.
func TestConfirmResetAfterTheRequestIsNotRetried(t *testing.T) {
	t.Parallel()
	srv := newConfirmServer(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		resetConn(t, w)
		return true
	})
	var w waits
	co, err := confirm(confirmClient(t, srv.URL, &w))
	checkUnknownOutcome(t, co, err)
	var ae *polar.APIError
	if errors.As(err, &ae) {
		t.Errorf("err = %v is an APIError; no answer came", err)
	}
	if n := srv.confirms.Load(); n != 1 {
		t.Errorf("server saw %d confirms, want 1", n)
	}
	if len(w.all()) != 0 {
		t.Errorf("waited %v before a retry that must not happen", w.all())
	}
}

// TestConfirm502IsNotRetried: a 502 may come from a proxy after Polar
// charged. One request, ErrUnknownOutcome, and still the 5xx.
func TestConfirm502IsNotRetried(t *testing.T) {
	t.Parallel()
	srv := newConfirmServer(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		faultWrite(w, 502, "text/html", "<html><body>502 Bad Gateway</body></html>")
		return true
	})
	var w waits
	co, err := confirm(confirmClient(t, srv.URL, &w))
	checkUnknownOutcome(t, co, err)
	var ae *polar.APIError
	if !errors.Is(err, polar.ErrServer) || !errors.As(err, &ae) || ae.StatusCode != 502 {
		t.Errorf("err = %v, want it to match ErrServer and be the 502's *APIError", err)
	}
	if n := srv.confirms.Load(); n != 1 {
		t.Errorf("server saw %d confirms, want 1", n)
	}
}

// TestConfirmWhoseAnswerIsLostIsNeverResent: the first confirm went
// through on the server but its answer was lost. A retry would be answered
// 403 NotOpenCheckout and hide the payment; the caller must get
// ErrUnknownOutcome instead, and the checkout, read as the error says,
// shows the payment.
func TestConfirmWhoseAnswerIsLostIsNeverResent(t *testing.T) {
	t.Parallel()
	var srv *confirmServer
	srv = newConfirmServer(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
		if n == 1 {
			srv.payThenReset(t, w)
			return true
		}
		return false
	})
	var w waits
	c := confirmClient(t, srv.URL, &w)
	co, err := confirm(c)
	checkUnknownOutcome(t, co, err)
	if errors.Is(err, polar.ErrForbidden) {
		t.Errorf("err = %v: a 403 NotOpenCheckout produced by the SDK's own retry", err)
	}
	if n := srv.confirms.Load(); n != 1 {
		t.Errorf("server saw %d confirms, want 1: the confirm was sent again", n)
	}
	got, err := c.Checkouts.ClientGet(context.Background(), clientSecret)
	if err != nil || got.Status != polar.CheckoutStatusConfirmed {
		t.Fatalf("ClientGet = %v, %v; want the confirmed checkout", got, err)
	}
}

// TestConfirmIsRetriedWhenPolarCannotHaveActed: 429 and 409 CheckoutLocked
// are answers before any work; the confirm is retried and succeeds.
func TestConfirmIsRetriedWhenPolarCannotHaveActed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		status     int
		header     string
	}{
		{"429 then 200", `{"error":"TooManyRequests","detail":"slow down"}`, 429, "3"},
		{"409 CheckoutLocked then 200", `{"error":"CheckoutLocked","detail":"Checkout is currently being processed. Please try again."}`, 409, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newConfirmServer(t, func(w http.ResponseWriter, r *http.Request, n int) bool {
				if n > 1 {
					return false
				}
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				faultWrite(w, tc.status, "application/json", tc.body)
				return true
			})
			var w waits
			co, err := confirm(confirmClient(t, srv.URL, &w))
			if err != nil || co == nil || co.ID != checkoutID {
				t.Fatalf("ClientConfirm = %v, %v; want the confirmed checkout", co, err)
			}
			if n := srv.confirms.Load(); n != 2 {
				t.Errorf("server saw %d confirms, want 2", n)
			}
			if got := w.all(); len(got) != 1 || tc.header != "" && got[0] != 3*time.Second {
				t.Errorf("waits = %v, want one (3s for Retry-After: 3)", got)
			}
		})
	}
}

// TestConfirmIsRetriedWhenNoConnectionWasMade: a refused dial cannot have
// reached Polar, so RetryConnectionErrors retries it; a dialer refuses
// twice (a real refusal, from a closed port), then reaches the server.
func TestConfirmIsRetriedWhenNoConnectionWasMade(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	for _, tc := range []struct {
		name    string
		refuse  int32 // dials refused before the server is reached
		wantOK  bool
		confirm int32
	}{
		{"refused twice, then connected", 2, true, 1},
		{"refused on every attempt", 99, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newConfirmServer(t, nil)
			var dials atomic.Int32
			var d net.Dialer
			tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				if dials.Add(1) <= tc.refuse {
					return d.DialContext(ctx, network, closed)
				}
				return d.DialContext(ctx, network, srv.Listener.Addr().String())
			}}
			t.Cleanup(tr.CloseIdleConnections)
			var w waits
			co, err := confirm(confirmClient(t, srv.URL, &w, polar.WithHTTPClient(&http.Client{Transport: tr})))
			if tc.wantOK {
				if err != nil || co == nil {
					t.Fatalf("ClientConfirm = %v, %v; want the confirmed checkout", co, err)
				}
			} else {
				if err == nil || !errors.Is(err, syscall.ECONNREFUSED) {
					t.Fatalf("err = %v, want the refused dial", err)
				}
				if errors.Is(err, polar.ErrUnknownOutcome) {
					t.Errorf("err = %v matches ErrUnknownOutcome: no connection was made", err)
				}
			}
			wantDials := min(tc.refuse+1, 4) // DefaultRetryConfig: 3 retries
			if n := dials.Load(); n != wantDials {
				t.Errorf("dialed %d times, want %d", n, wantDials)
			}
			if n := srv.confirms.Load(); n != tc.confirm {
				t.Errorf("server saw %d confirms, want %d", n, tc.confirm)
			}
		})
	}
}

// TestConfirmWithAnUnreadable2xxSaysThePaymentWentThrough: a 2xx to a
// confirm means Polar took the payment, even when the answer cannot be
// read; the error says so, and the confirm is not sent again.
func TestConfirmWithAnUnreadable2xxSaysThePaymentWentThrough(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]http.HandlerFunc{
		"not JSON": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Polar-Version", r.Header.Get("Polar-Version"))
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>ok</html>"))
		},
		"another API version": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Polar-Version", "2031-04")
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{}`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				answer(w, r)
			}))
			t.Cleanup(srv.Close)
			c, err := newClient(polar.WithBaseURL(srv.URL), polar.WithAccessToken(testToken))
			if err != nil {
				t.Fatal(err)
			}
			co, err := c.Checkouts.ClientConfirm(context.Background(), clientSecret, polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1")})
			if co != nil || err == nil || !strings.Contains(err.Error(), "the payment went through") || errors.Is(err, polar.ErrUnknownOutcome) {
				t.Errorf("ClientConfirm = %v, %v; want an error saying the payment went through", co, err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("%d confirms sent, want 1", n)
			}
		})
	}
}
