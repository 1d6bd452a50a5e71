package polar

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Version is the version of this SDK. It is part of the default User-Agent.
const Version = "0.3.0"

// Server names one of Polar's environments. Pass it to WithServer.
type Server string

const (
	// ServerProduction is Polar's production API, the default.
	ServerProduction Server = "https://api.polar.sh"
	// ServerSandbox is Polar's sandbox API, with its own accounts and tokens.
	ServerSandbox Server = "https://sandbox-api.polar.sh"
)

// HTTPDoer sends an HTTP request and returns its response. An *http.Client
// fits. Pass one to WithHTTPClient.
type HTTPDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// Conn is the version-agnostic core of a client: the access token, the
// server, the HTTP client, retries, timeouts, logging and the one request
// path that every operation takes. Each version package (polar/v2026_10,
// polar/v2027_01, ...) builds its Client on one Conn with the version it
// speaks; programs use those Clients and never need a Conn of their own.
// A Conn is safe for concurrent use.
type Conn struct {
	cfg *config
}

// NewConn returns a Conn that sends apiVersion as Polar-Version and is
// configured by opts. Without WithAccessToken it reads the token from the
// POLAR_ACCESS_TOKEN environment variable; without WithServer or
// WithBaseURL it talks to ServerProduction; without WithRetryConfig it
// retries as DefaultRetryConfig says.
//
// NewConn returns an error when apiVersion is not of the form YYYY-MM, when
// an option is invalid, or when no access token is given either way.
func NewConn(apiVersion string, opts ...Option) (*Conn, error) {
	if !validAPIVersion(apiVersion) {
		return nil, fmt.Errorf("polar: API version %q is not of the form YYYY-MM", apiVersion)
	}
	cfg := &config{
		apiVersion: apiVersion,
		baseURL:    string(ServerProduction) + "/",
		retry:      DefaultRetryConfig(),
		timeout:    DefaultTimeout,
		userAgent:  defaultUserAgent(),
		now:        time.Now,
		sleep:      sleepContext,
		bufs:       &sync.Pool{},
	}
	if err := cfg.apply(opts); err != nil {
		return nil, err
	}
	if cfg.token == "" {
		cfg.token = os.Getenv("POLAR_ACCESS_TOKEN")
		if cfg.token == "" {
			return nil, errors.New("polar: no access token: pass polar.WithAccessToken or set POLAR_ACCESS_TOKEN")
		}
		if err := checkHeaderValue(cfg.token); err != nil {
			return nil, fmt.Errorf("polar: POLAR_ACCESS_TOKEN: %w", err)
		}
	}
	if cfg.doer == nil {
		cfg.doer = newHTTPClient()
	}
	cfg.finish()
	return &Conn{cfg: cfg}, nil
}

// validAPIVersion reports whether v is of the form of Polar's versions,
// YYYY-MM.
func validAPIVersion(v string) bool {
	if len(v) != 7 || v[4] != '-' {
		return false
	}
	for i, r := range v {
		if i != 4 && (r < '0' || r > '9') {
			return false
		}
	}
	return v[5:] >= "01" && v[5:] <= "12"
}

// APIVersion returns the Polar-Version c sends, "" for the zero Conn.
func (c *Conn) APIVersion() string {
	if c == nil || c.cfg == nil {
		return ""
	}
	return c.cfg.apiVersion
}

// CloseIdleConnections closes the idle connections of c's HTTP client (the
// SDK's own, or one given with WithHTTPClient that has a
// CloseIdleConnections method, as *http.Client has). Call it when a program
// is done with a client it made for a short task, so that its connections
// do not linger until the server closes them; a long-lived, shared client
// never needs it. Calls in flight are not affected, and c stays usable.
func (c *Conn) CloseIdleConnections() {
	if c == nil || c.cfg == nil {
		return
	}
	if d, ok := c.cfg.doer.(interface{ CloseIdleConnections() }); ok {
		d.CloseIdleConnections()
	}
}

// DefaultTimeout bounds each attempt of a call unless WithTimeout says
// otherwise. The context bounds the whole call, retries included.
const DefaultTimeout = 60 * time.Second

func defaultUserAgent() string {
	return "polar-go/" + Version + " (" + runtime.Version() + ")"
}

// newHTTPClient returns the HTTP client a Client uses unless WithHTTPClient
// gives one: its own transport, tuned to keep enough idle connections for
// many goroutines calling one host (Go's default keeps 2), with HTTP/2 on
// for TLS, and a redirect policy that never leaves the configured origin
// (checkRedirect).
//
// Plain-HTTP connections are also capped at maxPlainConnsPerHost per host.
// Go's transport hands a request whichever connection frees first, even
// while a dial it started for that request is under way; that dial still
// completes and joins the idle pool. So a burst of 64 goroutines opens 64
// connections plus those late dials, the more the slower dialing is (64 to
// 78 on an idle 2-core machine under the race detector, up to 89 under
// load). Plain HTTP is HTTP/1.1, mostly a local proxy or a test server,
// where a call that finds all 80 connections busy gets one back at once.
// TLS connections, Polar's own, are not capped: HTTP/2 carries concurrent
// calls on one connection anyway, net/http's MaxConnsPerHost accounting for
// HTTP/2 has a history of hangs and panics (golang.org/issue/34941,
// golang.org/issue/61474), and over HTTP/1.1 with real latency a cap would
// make goroutines queue.
func newHTTPClient() *http.Client {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		// The program replaced it (instrumentation, HTTP mocks): use its
		// RoundTripper as is rather than panic.
		return &http.Client{Transport: http.DefaultTransport, CheckRedirect: checkRedirect}
	}
	t := base.Clone()
	t.MaxIdleConns = 256
	t.MaxIdleConnsPerHost = 256
	t.ForceAttemptHTTP2 = true
	plain := t.Clone()
	plain.MaxConnsPerHost = maxPlainConnsPerHost
	return &http.Client{Transport: byScheme{plain: plain, tls: t}, CheckRedirect: checkRedirect}
}

// maxPlainConnsPerHost caps a Client's plain-HTTP connections to one host;
// see newHTTPClient.
const maxPlainConnsPerHost = 80

// byScheme sends plain-HTTP requests through one transport and the others
// (HTTPS) through another.
type byScheme struct {
	plain, tls *http.Transport
}

// RoundTrip sends req through the transport for its scheme.
func (b byScheme) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == "http" {
		return b.plain.RoundTrip(req)
	}
	return b.tls.RoundTrip(req)
}

// CloseIdleConnections closes both transports' idle connections, for
// http.Client.CloseIdleConnections.
func (b byScheme) CloseIdleConnections() {
	b.plain.CloseIdleConnections()
	b.tls.CloseIdleConnections()
}

// errTooManyRedirects ends a redirect loop; retrying would loop again.
var errTooManyRedirects = errors.New("polar: stopped after 10 redirects")

// checkRedirect follows up to 10 redirects within the origin (scheme and
// host:port) of the call's request and refuses any other: nothing the
// caller configured (the token, Polar-Organization, WithHeader's headers,
// the body) may leave the configured server. Go's own policy would follow
// it, and keep the token for a subdomain or another port of the same host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errTooManyRedirects
	}
	if first := via[0].URL; !sameOrigin(req.URL, first) {
		return &redirectError{target: origin(req.URL)}
	}
	return nil
}

// redirectError refuses a redirect that leaves the configured origin.
type redirectError struct {
	target string // scheme://host:port
}

func (e *redirectError) Error() string {
	return "redirect to " + e.target + " not followed: polar-go follows redirects only within the configured server (scheme, host and port)"
}

// sameOrigin reports whether a and b have the same scheme, host and port
// (a default port written out or left out is the same port).
func sameOrigin(a, b *url.URL) bool {
	return origin(a) == origin(b)
}

// origin returns u's scheme://host:port, in lower case, with the scheme's
// default port when u has none.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// Format prints a Conn without its configuration, so that no fmt verb,
// %s and %#v included, shows the access token.
func (Conn) Format(f fmt.State, _ rune) { fmt.Fprint(f, "polar.Conn{...}") }
