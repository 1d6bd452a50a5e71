// Package polartest provides a fake Polar Checkouts API for tests: an
// in-process HTTP server, used like httptest.Server, that answers the way
// Polar does (status codes, JSON bodies, FastAPI-style 422 errors, 401 with
// a WWW-Authenticate challenge, 404 for an unknown checkout) and keeps the
// checkouts it creates in memory.
//
//	s := polartest.NewServer()
//	t.Cleanup(s.Close)
//	client := s.Client()
//	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
//		ProductPriceID: polartest.RecurringPriceID,
//		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
//	})
//
// The server is seeded with one product, "Pro Plan", and its two prices,
// OneTimePriceID and RecurringPriceID. FailNext makes it answer the next
// requests with an error status (for retry tests); Requests returns what
// it received.
package polartest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"

	"github.com/polar-checkouts/polar-go/gen"
	"github.com/polar-checkouts/polar-go/polar"
)

const (
	// maxBodySize caps the request bodies the server reads and records.
	maxBodySize = 1 << 20
	// checkoutURLBase is where a created checkout's url points.
	checkoutURLBase = "https://sandbox.polar.sh/checkout/"
	// challenge is the WWW-Authenticate value Polar sends with a 401.
	challenge = `Bearer realm="polar"`
)

// Server is a fake Polar API listening on a loopback address. Create it
// with NewServer and stop it with Close. It is safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, http://127.0.0.1:port, with no
	// trailing slash.
	URL string

	// AccessToken is the only bearer token the server accepts. It is
	// random for each server.
	AccessToken string

	srv     *httptest.Server
	product gen.Product
	prices  map[string]gen.ProductPrice

	mu        sync.Mutex
	requests  []Request
	faults    []fault
	checkouts map[string]gen.Checkout
}

// Request is a request as the server received it.
type Request struct {
	// Method is the HTTP method, such as "POST".
	Method string
	// Path is the escaped path as sent, such as "/v1/checkouts/..%2Fx".
	Path string
	// Header holds the request headers, Authorization included.
	Header http.Header
	// Body holds the request body; it is empty for a GET.
	Body []byte
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

// NewServer starts and returns a fake Polar server seeded with the "Pro
// Plan" product and its two prices. The caller must call Close when done.
// Like httptest.NewServer, it panics if it cannot listen on a loopback
// address.
func NewServer() *Server {
	product, prices, err := seed()
	if err != nil {
		panic("polartest: build the seeded product: " + err.Error())
	}
	s := &Server{
		AccessToken: "polar_oat_test_" + randomHex(16),
		product:     product,
		prices:      prices,
		checkouts:   make(map[string]gen.Checkout),
	}
	h := &handler{s: s}
	api := gen.NewStrictHandlerWithOptions(h, nil, gen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  h.bodyError,
		ResponseErrorHandlerFunc: h.internalError,
	})
	mux := http.NewServeMux()
	// Off-spec paths and methods get FastAPI's answers, before any auth.
	mux.HandleFunc("/", routeNotFound)
	mux.HandleFunc("/v1/checkouts/{$}", methodNotAllowed(http.MethodPost))
	mux.HandleFunc("/v1/checkouts/{id}", methodNotAllowed(http.MethodGet))
	routes := gen.HandlerWithOptions(api, gen.StdHTTPServerOptions{
		BaseRouter:       mux,
		Middlewares:      []gen.MiddlewareFunc{s.authenticate},
		ErrorHandlerFunc: h.paramError,
	})
	s.srv = httptest.NewServer(s.record(s.injectFaults(routes)))
	s.URL = s.srv.URL
	return s
}

// Close shuts the server down and blocks until all outstanding requests
// on it have completed.
func (s *Server) Close() {
	s.srv.Close()
}

// Client returns a polar.Client that talks to s: WithBaseURL(s.URL) and
// WithAccessToken(s.AccessToken), followed by opts, which win. It never
// fails or panics: when opts are invalid it returns a client whose every
// call fails, without retrying, with the error polar.NewClient gave.
func (s *Server) Client(opts ...polar.Option) *polar.Client {
	base := []polar.Option{polar.WithBaseURL(s.URL), polar.WithAccessToken(s.AccessToken)}
	c, err := polar.NewClient(slices.Concat(base, opts)...)
	if err == nil {
		return c
	}
	c, _ = polar.NewClient(slices.Concat(base, []polar.Option{
		polar.WithHTTPClient(failingDoer{err: fmt.Errorf("polartest: Client: %w", err)}),
		polar.WithRetryConfig(polar.RetryConfig{}),
	})...)
	return c
}

// failingDoer is the HTTPDoer of a Client built from invalid options.
type failingDoer struct {
	err error
}

// Do closes the request body and returns d.err.
func (d failingDoer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return nil, d.err
}

// FailNext makes the server answer the next n requests, on any path and
// before checking the token, with status, Polar's JSON error body
// ({"error": name, "detail": message}, the name chosen from the status,
// such as TooManyRequests for 429) and header (for example Retry-After).
// Calls queue up: the failures of an earlier call are used first. A status
// outside 200–599 is sent as 500; n < 1 does nothing.
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

// Requests returns a copy of every request the server has received, in
// the order it received them, including those answered by FailNext or
// refused for a bad token.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = Request{Method: r.Method, Path: r.Path, Header: r.Header.Clone(), Body: bytes.Clone(r.Body)}
	}
	return out
}

// record saves every request, then hands on a request whose body can be
// read again and travels in the context too.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodySize))
		s.mu.Lock()
		s.requests = append(s.requests, Request{
			Method: r.Method,
			Path:   r.URL.EscapedPath(),
			Header: r.Header.Clone(),
			Body:   bytes.Clone(body),
		})
		s.mu.Unlock()
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, r, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "Request body too large")
			}
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), rawBodyKey{}, body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
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
		name, detail := errorName(f.status)
		writeError(w, r, f.status, name, detail)
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

// authenticate refuses, as Polar does, a request to an operation without
// "Authorization: Bearer <AccessToken>".
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
		if strings.EqualFold(scheme, "Bearer") && subtle.ConstantTimeCompare([]byte(token), []byte(s.AccessToken)) == 1 {
			next.ServeHTTP(w, r)
			return
		}
		wwwAuthenticate := challenge
		resp := gen.UnauthorizedJSONResponse{
			Body:    gen.Error{Error: "Unauthorized", Detail: "Unauthorized"},
			Headers: gen.UnauthorizedResponseHeaders{WWWAuthenticate: &wwwAuthenticate},
		}
		if r.Method == http.MethodPost {
			_ = gen.CheckoutsCreate401JSONResponse{UnauthorizedJSONResponse: resp}.VisitCheckoutsCreateResponse(w)
			return
		}
		_ = gen.CheckoutsGet401JSONResponse{UnauthorizedJSONResponse: resp}.VisitCheckoutsGetResponse(w)
	})
}

// handler implements the generated strict server interface: a change to
// an operation in openapi.yaml breaks this package's build.
type handler struct {
	s *Server
}

var _ gen.StrictServerInterface = (*handler)(nil)

// CheckoutsCreate answers POST /v1/checkouts/. It checks the raw body,
// not request.Body: encoding/json cannot tell a missing key from an empty
// string and matches keys case-insensitively, where Polar does neither.
func (h *handler) CheckoutsCreate(ctx context.Context, _ gen.CheckoutsCreateRequestObject) (gen.CheckoutsCreateResponseObject, error) {
	body, _ := ctx.Value(rawBodyKey{}).([]byte)
	in, problems := parseCheckoutCreate(body)
	if len(problems) > 0 {
		return validationFailed(problems), nil
	}
	price, ok := h.s.prices[in.ProductPriceID]
	if !ok {
		return validationFailed([]gen.ValidationError{
			problem("value_error", "Price does not exist.", "body", "product_price_id"),
		}), nil
	}
	id := "cs_test_" + randomAlphanumeric(58)
	url := checkoutURLBase + id
	checkout := gen.Checkout{
		ID:            id,
		URL:           &url,
		CustomerEmail: in.CustomerEmail,
		CustomerName:  nil,
		Product:       h.s.product,
		ProductPrice:  price,
	}
	h.s.mu.Lock()
	h.s.checkouts[id] = checkout
	h.s.mu.Unlock()
	return gen.CheckoutsCreate201JSONResponse(checkout), nil
}

// CheckoutsGet answers GET /v1/checkouts/{id}.
func (h *handler) CheckoutsGet(_ context.Context, request gen.CheckoutsGetRequestObject) (gen.CheckoutsGetResponseObject, error) {
	h.s.mu.Lock()
	checkout, ok := h.s.checkouts[request.ID]
	h.s.mu.Unlock()
	if !ok {
		return gen.CheckoutsGet404JSONResponse{Error: "ResourceNotFound", Detail: "Not found"}, nil
	}
	return gen.CheckoutsGet200JSONResponse(checkout), nil
}

// validationFailed returns a 422 for create listing problems.
func validationFailed(problems []gen.ValidationError) gen.CheckoutsCreate422JSONResponse {
	return gen.CheckoutsCreate422JSONResponse{
		ValidationFailedJSONResponse: gen.ValidationFailedJSONResponse{Detail: &problems},
	}
}

// bodyError answers when the generated layer cannot decode a request
// body (only create has one): not JSON, or a value of the wrong type. The
// raw body is checked again so the 422 lists every problem.
func (h *handler) bodyError(w http.ResponseWriter, r *http.Request, _ error) {
	body, _ := r.Context().Value(rawBodyKey{}).([]byte)
	_, problems := parseCheckoutCreate(body)
	if len(problems) == 0 {
		problems = []gen.ValidationError{problem("json_invalid", "JSON decode error", "body", 0)}
	}
	_ = validationFailed(problems).VisitCheckoutsCreateResponse(w)
}

// paramError answers when the generated layer cannot bind a path
// parameter.
func (h *handler) paramError(w http.ResponseWriter, _ *http.Request, err error) {
	name := "id"
	var pe *gen.InvalidParamFormatError
	if errors.As(err, &pe) {
		name = pe.ParamName
	}
	problems := []gen.ValidationError{problem("string_type", "Input should be a valid string", "path", name)}
	_ = gen.CheckoutsGet422JSONResponse{
		ValidationFailedJSONResponse: gen.ValidationFailedJSONResponse{Detail: &problems},
	}.VisitCheckoutsGetResponse(w)
}

// internalError answers when a response cannot be written as declared.
func (h *handler) internalError(w http.ResponseWriter, r *http.Request, _ error) {
	writeError(w, r, http.StatusInternalServerError, "InternalServerError", "Internal Server Error")
}

// writeError writes Polar's error body with status, as the operation's
// default response declares it (both operations declare the same one).
func writeError(w http.ResponseWriter, r *http.Request, status int, name, detail string) {
	body := gen.Error{Error: name, Detail: detail}
	if r.Method == http.MethodPost {
		_ = gen.CheckoutsCreatedefaultJSONResponse{Body: body, StatusCode: status}.VisitCheckoutsCreateResponse(w)
		return
	}
	_ = gen.CheckoutsGetdefaultJSONResponse{Body: body, StatusCode: status}.VisitCheckoutsGetResponse(w)
}

// errorName returns the error name and detail Polar sends with status.
func errorName(status int) (name, detail string) {
	switch status {
	case http.StatusBadRequest:
		return "BadRequest", "Bad request"
	case http.StatusUnauthorized:
		return "Unauthorized", "Unauthorized"
	case http.StatusForbidden:
		return "NotPermitted", "Not permitted"
	case http.StatusNotFound:
		return "ResourceNotFound", "Not found"
	case http.StatusConflict:
		return "ResourceAlreadyExists", "Resource already exists"
	case http.StatusGone:
		return "ResourceUnavailable", "Resource unavailable"
	case http.StatusTooManyRequests:
		return "TooManyRequests", "Rate limit exceeded, please retry later"
	case http.StatusInternalServerError:
		return "InternalServerError", "Internal Server Error"
	}
	text := http.StatusText(status)
	if text == "" {
		return "Error", "Error"
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, " ", ""), "-", ""), text
}

// routeNotFound is FastAPI's answer for a path no operation has.
func routeNotFound(w http.ResponseWriter, _ *http.Request) {
	writeDetail(w, http.StatusNotFound, "Not Found")
}

// methodNotAllowed is FastAPI's answer for a known path with another
// method.
func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", allow)
		writeDetail(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

// writeDetail writes Starlette's {"detail": ...} body, which Polar sends
// for paths and methods outside its operations.
func writeDetail(w http.ResponseWriter, status int, detail string) {
	body, _ := json.Marshal(map[string]string{"detail": detail})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// randomHex returns n random bytes, hex-encoded.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// randomAlphanumeric returns n random letters and digits, the alphabet of
// Stripe's checkout session IDs.
func randomAlphanumeric(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
