package polar_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/polar-checkouts/polar-go/gen"
	"github.com/polar-checkouts/polar-go/polar"
)

// The facade builds its requests itself rather than through the generated
// builders, which parse URLs three times per call (see BenchmarkGet).
// TestRequestsMatchGeneratedBuilders pins that the result is the same
// request URL, for odd base URLs and ids alike.
func TestRequestsMatchGeneratedBuilders(t *testing.T) {
	t.Parallel()
	bases := []string{
		string(polar.ServerProduction), string(polar.ServerSandbox),
		"http://127.0.0.1:8080", "http://h/proxy/polar", "http://h/proxy/polar/",
		"http://h/a/../b", "http://h/a/./b/..", "http://h/a%2Fb/c", "https://h/%7Euser/",
		"http://h/a%20b/", "http://h//double//", "http://[::1]:9/x", "HTTP://H/UP/",
	}
	ids := []string{
		"cs_test_123", "../x", "../../v1/other", "a/b", "a?b=c#d", "a b%2F", "...",
		"%2e%2e", ".a", "a.", "~", "a;b,c", "x:y@z", "+&=$!'()*", "ü", "\x00\xff\t", "[::]",
	}
	for _, base := range bases {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		server := strings.TrimSuffix(u.String(), "/") + "/" // as WithBaseURL keeps it
		for _, id := range ids {
			want, err := gen.NewCheckoutsGetRequest(server, id)
			if err != nil {
				t.Fatalf("gen get %q %q: %v", base, id, err)
			}
			got := captureRequest(t, base, func(c *polar.Client) error {
				_, err := c.Checkouts.Get(context.Background(), id)
				return err
			})
			compareRequests(t, "get "+id, got, want)
		}
		want, err := gen.NewCheckoutsCreateRequestWithBody(server, "application/json", nil)
		if err != nil {
			t.Fatalf("gen create %q: %v", base, err)
		}
		got := captureRequest(t, base, func(c *polar.Client) error {
			_, err := c.Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: "https://example.com/ok"})
			return err
		})
		compareRequests(t, "create", got, want)
		if g, w := got.Header.Values("Content-Type"), want.Header.Values("Content-Type"); !slices.Equal(g, w) {
			t.Errorf("create with base %q: Content-Type %q, generated %q", base, g, w)
		}
	}
}

var errCaptured = errors.New("captured")

// captureRequest returns the request call sends through a client for base.
func captureRequest(t *testing.T, base string, call func(*polar.Client) error) *http.Request {
	t.Helper()
	var captured *http.Request
	d := doerFunc(func(req *http.Request) (*http.Response, error) {
		captured = req
		return nil, errCaptured
	})
	c, err := polar.NewClient(polar.WithBaseURL(base), polar.WithAccessToken(testToken),
		polar.WithHTTPClient(d), polar.WithRetryConfig(polar.RetryConfig{}))
	if err != nil {
		t.Fatalf("NewClient(%q): %v", base, err)
	}
	if err := call(c); !errors.Is(err, errCaptured) {
		t.Fatalf("base %q: call returned %v, want the captured request", base, err)
	}
	return captured
}

func compareRequests(t *testing.T, what string, got, want *http.Request) {
	t.Helper()
	if got.Method != want.Method || got.Host != want.Host || *got.URL != *want.URL {
		t.Errorf("%s: request %s %s (host %q, %#v), generated %s %s (host %q, %#v)", what,
			got.Method, got.URL, got.Host, *got.URL, want.Method, want.URL, want.Host, *want.URL)
	}
}
