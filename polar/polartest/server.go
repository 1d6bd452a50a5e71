package polartest

import (
	"bytes"
	"context"
	"crypto/subtle"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
)

const (
	// maxBodySize is Polar's request body limit (10 MiB).
	maxBodySize = 10 << 20
	// challenge is the WWW-Authenticate value of a 401 without a token.
	challenge = `Bearer realm="polar"`
	// maxRecordedBody is how much of each request body Requests keeps.
	maxRecordedBody = 64 << 10
	// maxRecorded is how many requests Requests keeps at most: the last.
	maxRecorded = 10000
	// maxRecordedBytes bounds the bodies Requests keeps, in all.
	maxRecordedBytes = 64 << 20
	// invalidTokenDescription is authlib's text for a token it refuses.
	invalidTokenDescription = "The access token provided is expired, revoked, malformed, or invalid for other reasons."
)

// Server is a fake Polar API, hosted checkout page and webhook sender
// listening on a loopback address. Create it with NewServer and stop it
// with Close. It is safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, http://127.0.0.1:port, with no
	// trailing slash. The API lives under URL+"/v1/", the hosted checkout
	// pages under URL+"/checkout/".
	URL string

	// AccessToken is the only bearer token the server accepts: an
	// organization access token ("polar_oat_" and 43 letters and digits),
	// random for each server.
	AccessToken string

	srv   *httptest.Server
	clock Clock
	cat   *catalogue
	hooks *deliverer

	mu        sync.Mutex
	requests  []Request // the last requests, oldest first, within the bounds
	reqBytes  int       // bytes of the bodies in requests
	faults    []fault
	checkouts map[string]*record // by id
	bySecret  map[string]*record // by client secret
	seq       int
}

// Request is a request as the server received it.
type Request struct {
	// Method is the HTTP method, such as "POST".
	Method string
	// Path is the escaped path as sent, such as "/v1/checkouts/..%2Fx".
	Path string
	// RawQuery is the query string as sent, without the "?".
	RawQuery string
	// Header holds the request headers, Authorization included.
	Header http.Header
	// Body holds the first 64 KiB of the request body (the server reads
	// up to 10 MiB); it is empty for a GET.
	Body []byte
}

// Option configures a Server made by NewServer.
type Option func(*config)

// config is what the options set.
type config struct {
	clock       Clock
	oneTimeName string
}

// WithClock makes the server read time from c instead of the real clock:
// creation and expiry times, when a checkout counts as expired, webhook
// timestamps and the waits between webhook retries. A nil c is ignored.
func WithClock(c Clock) Option {
	return func(cfg *config) {
		if c != nil {
			cfg.clock = c
		}
	}
}

// fault is a failure queued by FailNext.
type fault struct {
	remaining int
	status    int
	header    http.Header
}

// rawBodyKey is the context key under which the request body travels to
// the handlers.
type rawBodyKey struct{}

// NewServer starts and returns a fake Polar server seeded with the
// catalogue described by the package's constants. The caller must call
// Close when done. Like httptest.NewServer, it panics if it cannot listen
// on a loopback address.
func NewServer(opts ...Option) *Server {
	cfg := config{clock: realClock{}}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		AccessToken: "polar_oat_" + randomAlphanumeric(43),
		clock:       cfg.clock,
		cat:         seed(cfg.oneTimeName),
		checkouts:   map[string]*record{},
		bySecret:    map[string]*record{},
	}
	s.hooks = newDeliverer(cfg.clock)

	h := &handler{s: s}
	api := gen.NewStrictHandlerWithOptions(h, nil, gen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  h.bodyError,
		ResponseErrorHandlerFunc: internalError,
	})
	mux := http.NewServeMux()
	// Paths and methods outside the operations get Starlette's answers.
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeDetail(w, http.StatusNotFound, "Not Found") })
	for _, p := range []string{"/v1/checkouts/{$}", "/v1/checkouts/{id}", "/v1/checkouts/client/{secret}", "/v1/checkouts/client/{secret}/confirm"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) {
			writeDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
		})
	}
	routes := gen.HandlerWithOptions(api, gen.StdHTTPServerOptions{
		BaseRouter:       mux,
		Middlewares:      []gen.MiddlewareFunc{exactBody, s.requireToken},
		ErrorHandlerFunc: paramError,
	})
	apiChain := versioned(s.injectFaults(limitBody(s.refuseBadToken(rawJSON(routes)))))

	top := http.NewServeMux()
	top.Handle("/", apiChain)
	s.pageRoutes(top)
	s.srv = httptest.NewServer(s.record(top))
	s.URL = s.srv.URL
	s.hooks.start()
	return s
}

// Close stops webhook deliveries (an attempt under way is abandoned), shuts
// the server down and blocks until every request on it has completed.
func (s *Server) Close() {
	s.hooks.stop()
	s.srv.Close()
}

// FailNext makes the server answer the next n API requests (not the
// hosted pages), whatever their path and before any other check, with
// status and the body Polar sends with it: 401 Unauthorized, 403
// NotPermitted, 404 ResourceNotFound, 409 CheckoutLocked, 410
// ExpiredCheckoutError and 422 RequestValidationError as JSON, 429 with an
// empty body, 500 as Starlette's plain-text "Internal Server Error", and
// other statuses as {"error": name, "detail": text}. header is added to
// each (for example Retry-After). Calls queue up: the failures of an
// earlier call are used first. A status outside 200–599 is sent as 500;
// n < 1 does nothing.
func (s *Server) FailNext(n int, status int, header http.Header) {
	if n < 1 {
		return
	}
	if status < 200 || status > 599 {
		status = http.StatusInternalServerError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, fault{remaining: n, status: status, header: header.Clone()})
}

// Requests returns a copy of the requests the server has received, in
// the order it received them, including those answered by FailNext, those
// refused before routing and those of the hosted pages. The record is
// bounded, so that a long test or a flood of requests cannot exhaust
// memory: it keeps the last 10 000 requests, each body cut to its first
// 64 KiB, and at most 64 MiB of bodies in all; the oldest requests are
// forgotten first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, 0, len(s.requests))
	for _, r := range s.requests {
		out = append(out, Request{Method: r.Method, Path: r.Path, RawQuery: r.RawQuery, Header: r.Header.Clone(), Body: bytes.Clone(r.Body)})
	}
	return out
}

// remember adds r to the record, forgetting the oldest requests beyond its
// bounds. The caller holds s.mu.
func (s *Server) remember(r Request) {
	s.requests = append(s.requests, r)
	s.reqBytes += len(r.Body)
	for len(s.requests) > maxRecorded || s.reqBytes > maxRecordedBytes {
		s.reqBytes -= len(s.requests[0].Body)
		s.requests[0] = Request{} // let the body go before append reallocates
		s.requests = s.requests[1:]
	}
}

// record saves every request, then hands on a request whose body can be
// read again and travels in the context too.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxBodySize+1))
		s.mu.Lock()
		s.remember(Request{
			Method:   r.Method,
			Path:     r.URL.EscapedPath(),
			RawQuery: r.URL.RawQuery,
			Header:   r.Header.Clone(),
			Body:     bytes.Clone(body[:min(len(body), maxRecordedBody)]),
		})
		s.mu.Unlock()
		r = r.WithContext(context.WithValue(r.Context(), rawBodyKey{}, body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// versioned picks the request's API version as Polar's outermost
// middleware does (versions facts §1): a missing or empty Polar-Version
// header means the Current version, 2026-10; a version the server speaks
// (2026-10, 2027-01) is served; anything else, malformed ("2026-1"),
// unknown ("2099-01") or one this module does not speak (2026-04, which
// Polar still serves as Deprecated until January 2027, and every removed
// version), gets a bare 404 {"detail":"Not Found"} without the
// Polar-Version echo. Every other response echoes the version used and
// carries Cache-Control: private, no-store.
func versioned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := r.Header.Get("Polar-Version")
		if v == "" {
			v = currentVersion
		}
		c, ok := codecs[v]
		if !ok {
			writeDetail(w, http.StatusNotFound, "Not Found")
			return
		}
		w.Header().Set("Polar-Version", v)
		w.Header().Set("Cache-Control", "private, no-store")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), versionKey{}, c)))
	})
}

// injectFaults answers with the next failure queued by FailNext, if any.
func (s *Server) injectFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := s.nextFault()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		for k, vs := range f.header {
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		writeFault(w, f.status)
	})
}

// nextFault takes one failure off the FailNext queue.
func (s *Server) nextFault() (fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return fault{}, false
	}
	f := s.faults[0]
	if s.faults[0].remaining--; s.faults[0].remaining == 0 {
		s.faults = s.faults[1:]
	}
	return f, true
}

// limitBody refuses, before authentication as Polar does, a POST, PUT or
// PATCH without Content-Length (411) or with more than 10 MiB (413).
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
		default:
			next.ServeHTTP(w, r)
			return
		}
		if _, ok := r.Header["Content-Length"]; !ok || r.ContentLength < 0 {
			writeNamed(w, http.StatusLengthRequired, "LengthRequired", "A Content-Length header is required.")
			return
		}
		if r.ContentLength > maxBodySize {
			writeNamed(w, http.StatusRequestEntityTooLarge, "RequestBodyTooLarge", "Request body exceeded the maximum allowed size of 10485760 bytes.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bearer returns the token of an "Authorization: Bearer <token>" header,
// and whether there is one (an ASCII token after the Bearer scheme).
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	for i := 0; i < len(token); i++ {
		if token[i] >= 0x80 {
			return "", false
		}
	}
	return token, true
}

// refuseBadToken answers 401 invalid_token, on every path and before
// routing as Polar's middleware does, when a bearer token other than
// AccessToken is sent.
func (s *Server) refuseBadToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r)
		if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(s.AccessToken)) == 1 {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="polar", error="invalid_token", error_description="`+invalidTokenDescription+`"`)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Pragma", "no-cache")
		var body gen.AuthenticationError
		_ = body.FromTokenError(gen.TokenError{Error: "invalid_token", ErrorDescription: invalidTokenDescription})
		writeJSON(w, http.StatusUnauthorized, body)
	})
}

// requireToken refuses, as Polar does, a request to a token operation
// (all but the client ones) that carries no bearer token; a bad token has
// already been refused by refuseBadToken. It looks at the route the
// request was matched to, not at its path: /v1/checkouts/client%2Fx is the
// get route of the checkout "client/x", which needs a token.
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Pattern, " /v1/checkouts/client/{client_secret}") {
			next.ServeHTTP(w, r)
			return
		}
		if _, ok := bearer(r); ok {
			next.ServeHTTP(w, r)
			return
		}
		var body gen.AuthenticationError
		_ = body.FromUnauthorized(gen.Unauthorized{Error: gen.UnauthorizedErrorUnauthorized, Detail: "Unauthorized"})
		w.Header().Set("WWW-Authenticate", challenge)
		writeJSON(w, http.StatusUnauthorized, body)
	})
}
