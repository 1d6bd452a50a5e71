package polar_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar"
)

const testToken = "polar_oat_test_token"

// recorded is one request a test server received.
type recorded struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// recorder is an httptest server that records requests and answers with
// the handler a test gives it.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, recorded{req.Method, req.URL.EscapedPath(), req.Header.Clone(), body})
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
		h(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// client returns a Client for r with retries off unless opts say otherwise.
func (r *recorder) client(t *testing.T, opts ...polar.Option) *polar.Client {
	t.Helper()
	base := []polar.Option{
		polar.WithBaseURL(r.URL),
		polar.WithAccessToken(testToken),
		polar.WithRetryConfig(polar.RetryConfig{}),
	}
	c, err := polar.NewClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// serveJSON answers with status and body as application/json.
func serveJSON(status int, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}
}

func checkoutJSON(t *testing.T) []byte {
	return spectest.Fixture(t, "checkout.json")
}

// doerFunc is an in-memory polar.HTTPDoer.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// jsonResponse is an in-memory application/json answer to r.
func jsonResponse(r *http.Request, status int, body []byte) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: r}
}
