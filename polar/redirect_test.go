package polar_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	core "github.com/polar-checkouts/polar-go/polar"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// originServer is an httptest server that counts the connections it
// accepts and records the requests it handles.
type originServer struct {
	*httptest.Server
	conns atomic.Int64
	mu    sync.Mutex
	reqs  []recorded
}

func newOriginServer(t *testing.T, tls bool, h func(w http.ResponseWriter, r *http.Request, n int)) *originServer {
	t.Helper()
	s := &originServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, ContentLength: r.ContentLength})
		n := len(s.reqs)
		s.mu.Unlock()
		echoVersion(w, r)
		h(w, r, n)
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	if tls {
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

func (s *originServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// redirectOpts is everything a caller configures that must not leave the
// configured origin: the token, Polar-Organization and a WithHeader
// header (the body is the op's).
func redirectOpts() []polar.Option {
	return []polar.Option{
		polar.WithAccessToken(testToken),
		polar.WithOrganization(orgID),
		polar.WithHeader("X-Shop-Key", "shop-secret"),
		polar.WithRetryConfig(polar.DefaultRetryConfig()),
	}
}

// TestARedirectToAnotherOriginIsNotFollowed: a redirect to another port,
// another host name or another scheme is refused, for every method and
// every redirect status. The call fails at once (no retry) with an error
// naming the target, and the target never sees a connection, so nothing
// the caller configured reaches it.
func TestARedirectToAnotherOriginIsNotFollowed(t *testing.T) {
	t.Parallel()
	statuses := []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect}
	for _, target := range []struct {
		name string
		tls  bool
		// location returns where the first server sends the call, given
		// the target server and the first server's address.
		location func(target *originServer, first net.Addr) string
	}{
		{"another port", false, func(o *originServer, _ net.Addr) string { return o.URL }},
		{"another host name, same port", false, func(_ *originServer, first net.Addr) string {
			return "http://localhost:" + port(first)
		}},
		{"https on another port", true, func(o *originServer, _ net.Addr) string { return o.URL }},
		{"https on the same host and port", false, func(_ *originServer, first net.Addr) string {
			return "https://" + first.String()
		}},
	} {
		for _, status := range statuses {
			t.Run(target.name+"/"+itoa(status), func(t *testing.T) {
				t.Parallel()
				forEachOp(t, func(t *testing.T, o op) {
					other := newOriginServer(t, target.tls, func(w http.ResponseWriter, r *http.Request, _ int) {
						faultWrite(w, o.status, "application/json", string(o.reply(t)))
					})
					var loc string
					first := newOriginServer(t, false, func(w http.ResponseWriter, r *http.Request, _ int) {
						http.Redirect(w, r, loc+r.URL.RequestURI(), status)
					})
					loc = target.location(other, first.Listener.Addr())
					c, err := newClient(append(redirectOpts(), polar.WithBaseURL(first.URL))...)
					if err != nil {
						t.Fatal(err)
					}
					setSleep(c, (&waits{}).sleep)

					id, err := o.call(context.Background(), c)
					if id != "" || err == nil {
						t.Fatalf("call = %q, %v; want the redirect refused", id, err)
					}
					u, _ := url.Parse(loc)
					if msg := err.Error(); !strings.Contains(msg, "redirect to "+u.Scheme+"://"+u.Host+" not followed") {
						t.Errorf("message %q, want it to name the target %s://%s", msg, u.Scheme, u.Host)
					}
					var ae *polar.APIError
					if errors.As(err, &ae) {
						t.Errorf("err = %v is an APIError", err)
					}
					if n := len(first.requests()); n != 1 {
						t.Errorf("the configured server saw %d requests, want 1: a refused redirect is not retried", n)
					}
					if n, c := len(other.requests()), other.conns.Load(); n != 0 || c != 0 {
						t.Errorf("the redirect target saw %d requests on %d connections, want none", n, c)
					}
					if target.name == "https on the same host and port" && first.conns.Load() != 1 {
						t.Errorf("the configured server saw %d connections, want 1", first.conns.Load())
					}
				})
			})
		}
	}
}

// TestASameOriginRedirectIsFollowed: a 307 or 308 within the configured
// server is followed with the same method, the same body and every header
// the caller configured; so are 301 and 302 for the reads.
func TestASameOriginRedirectIsFollowed(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(itoa(status), func(t *testing.T) {
			t.Parallel()
			forEachOp(t, func(t *testing.T, o op) {
				if status < 307 && o.method != http.MethodGet {
					t.Skip("301 and 302 turn a POST or PATCH into a GET, as browsers do")
				}
				var srv *originServer
				srv = newOriginServer(t, false, func(w http.ResponseWriter, r *http.Request, n int) {
					if n == 1 {
						// An absolute Location with the default form of
						// the same origin.
						http.Redirect(w, r, srv.URL+"/moved"+r.URL.RequestURI(), status)
						return
					}
					faultWrite(w, o.status, "application/json", string(o.reply(t)))
				})
				c, err := newClient(append(redirectOpts(), polar.WithBaseURL(srv.URL))...)
				if err != nil {
					t.Fatal(err)
				}
				if id, err := o.call(context.Background(), c); err != nil || id != checkoutID {
					t.Fatalf("call = %q, %v; want checkout %s", id, err, checkoutID)
				}
				reqs := srv.requests()
				if len(reqs) != 2 {
					t.Fatalf("server saw %d requests, want 2", len(reqs))
				}
				got := reqs[1]
				if got.Method != o.method || got.Path != "/moved"+o.path || string(got.Body) != o.body || got.ContentLength != int64(len(o.body)) {
					t.Errorf("redirected request %s %s, body %q (%d); want %s /moved%s, body %q",
						got.Method, got.Path, got.Body, got.ContentLength, o.method, o.path, o.body)
				}
				for k, want := range map[string]string{"Authorization": "Bearer " + testToken, "Polar-Organization": orgID,
					"X-Shop-Key": "shop-secret", "Polar-Version": polar.APIVersion} {
					if v := got.Header.Get(k); v != want {
						t.Errorf("redirected request %s = %q, want %q", k, v, want)
					}
				}
			})
		})
	}
}

// TestRedirectOrigins is the origin comparison of the redirect policy.
func TestRedirectOrigins(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"https://api.polar.sh/v1/x", "https://api.polar.sh/v1/y?z=1", true},
		{"https://api.polar.sh", "https://api.polar.sh:443", true},
		{"http://127.0.0.1", "http://127.0.0.1:80", true},
		{"https://API.Polar.sh", "https://api.polar.sh", true},
		{"HTTPS://api.polar.sh", "https://api.polar.sh", true},
		{"http://[::1]:8080", "http://[::1]:8080/a", true},
		{"https://api.polar.sh", "http://api.polar.sh", false},
		{"http://api.polar.sh", "http://api.polar.sh:443", false},
		{"https://api.polar.sh", "https://api.polar.sh:8443", false},
		{"https://polar.sh", "https://api.polar.sh", false},
		{"https://api.polar.sh", "https://api.polar.sh.evil.example", false},
		{"http://127.0.0.1:8080", "http://localhost:8080", false},
		{"http://[::1]:8080", "http://[::2]:8080", false},
	} {
		a, _ := url.Parse(tc.a)
		b, _ := url.Parse(tc.b)
		if got := core.SameOrigin(a, b); got != tc.same {
			t.Errorf("SameOrigin(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func port(a net.Addr) string {
	_, p, _ := net.SplitHostPort(a.String())
	return p
}
