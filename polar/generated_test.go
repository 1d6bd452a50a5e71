package polar_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestRequestsMatchGeneratedBuilders pins that every method sends the
// request the generated builders (gen.NewCheckouts*Request) make: the same
// method, URL (path, escaping and query), Content-Type and, for a body, the
// same JSON but for HTML escaping, for odd base URLs and path parameters
// alike.
func TestRequestsMatchGeneratedBuilders(t *testing.T) {
	t.Parallel()
	bases := []string{
		string(polar.ServerProduction), string(polar.ServerSandbox),
		"http://127.0.0.1:8080", "http://h/proxy/polar", "http://h/proxy/polar/",
		"http://h/a/../b", "http://h/a/./b/..", "http://h/a%2Fb/c", "https://h/%7Euser/",
		"http://h/a%20b/", "http://h//double//", "http://[::1]:9/x", "HTTP://H/UP/",
	}
	ids := []string{checkoutID, strings.ToUpper(checkoutID)}
	secrets := []string{
		clientSecret, "../x", "../../v1/other", "a/b", "a?b=c#d", "a b%2F", "...",
		"%2e%2e", ".a", "a.", "~", "a;b,c", "x:y@z", "+&=$!'()*", "ü", "\x00\xff\t", "[::]", "x/confirm",
	}
	list := polar.CheckoutListParams{
		OrganizationID: []string{orgID}, ProductID: []string{productID, product2ID}, CustomerID: []string{customerID},
		ExternalCustomerID: []string{"a b", "c&d=e", "ü"}, Status: []polar.CheckoutStatus{polar.CheckoutStatusOpen, polar.CheckoutStatusExpired},
		Query: "jane+x@example.com", Page: 2, Limit: 500,
		Sorting: []polar.CheckoutSortProperty{polar.CheckoutSortPropertyMinusExpiresAt, polar.CheckoutSortPropertyStatus},
	}
	genList := &gen.CheckoutsListParams{
		OrganizationID: list.OrganizationID, ProductID: list.ProductID, CustomerID: list.CustomerID,
		ExternalCustomerID: list.ExternalCustomerID, Status: list.Status, Query: &list.Query, Page: &list.Page,
		Limit: &list.Limit, Sorting: list.Sorting,
	}
	create := polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: seedSuccessURL + "&a=<b>", CustomerEmail: "jane@example.com"}
	update := polar.CheckoutUpdate{SuccessURL: polar.Set(updateURL), Metadata: polar.Set(map[string]any{"k": "<v>"})}
	pub := polar.CheckoutUpdatePublic{DiscountCode: polar.Set("A&B"), CustomerName: polar.Set("Jane")}
	confirm := polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1"), CustomerEmail: polar.Set("jane@example.com")}

	for _, base := range bases {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		server := strings.TrimSuffix(u.String(), "/") + "/" // as WithBaseURL keeps it
		check := func(what string, call func(*polar.Client) error, want *http.Request, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("gen %s %q: %v", what, base, err)
			}
			got := captureRequest(t, base, call)
			compareRequests(t, what+" with base "+base, got, want)
		}
		for _, id := range ids {
			want, err := gen.NewCheckoutsGetRequest(server, id)
			check("get "+id, func(c *polar.Client) error { _, err := c.Checkouts.Get(context.Background(), id); return err }, want, err)
			want, err = gen.NewCheckoutsUpdateRequest(server, id, update)
			check("update "+id, func(c *polar.Client) error {
				_, err := c.Checkouts.Update(context.Background(), id, update)
				return err
			}, want, err)
		}
		for _, s := range secrets {
			want, err := gen.NewCheckoutsClientGetRequest(server, s)
			check("client get "+s, func(c *polar.Client) error { _, err := c.Checkouts.ClientGet(context.Background(), s); return err }, want, err)
			want, err = gen.NewCheckoutsClientUpdateRequest(server, s, pub)
			check("client update "+s, func(c *polar.Client) error {
				_, err := c.Checkouts.ClientUpdate(context.Background(), s, pub)
				return err
			}, want, err)
			want, err = gen.NewCheckoutsClientConfirmRequest(server, s, confirm)
			check("client confirm "+s, func(c *polar.Client) error {
				_, err := c.Checkouts.ClientConfirm(context.Background(), s, confirm)
				return err
			}, want, err)
		}
		want, err := gen.NewCheckoutsCreateRequest(server, create)
		check("create", func(c *polar.Client) error { _, err := c.Checkouts.Create(context.Background(), create); return err }, want, err)
		want, err = gen.NewCheckoutsListRequest(server, genList)
		check("list", func(c *polar.Client) error { _, err := c.Checkouts.List(context.Background(), list); return err }, want, err)
		want, err = gen.NewCheckoutsListRequest(server, &gen.CheckoutsListParams{})
		check("list without params", func(c *polar.Client) error {
			_, err := c.Checkouts.List(context.Background(), polar.CheckoutListParams{})
			return err
		}, want, err)
		page, limit := 1, 100
		want, err = gen.NewCheckoutsListRequest(server, &gen.CheckoutsListParams{Page: &page, Limit: &limit})
		check("all", func(c *polar.Client) error {
			for _, err := range c.Checkouts.All(context.Background(), polar.CheckoutListParams{}) {
				return err
			}
			return nil
		}, want, err)
	}
}

var errCaptured = errors.New("captured")

// captureRequest returns the request call sends through a client for base,
// its body read.
func captureRequest(t *testing.T, base string, call func(*polar.Client) error) *http.Request {
	t.Helper()
	var captured *http.Request
	d := doerFunc(func(req *http.Request) (*http.Response, error) {
		captured = req
		if req.Body != nil {
			b, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(b))
		}
		return nil, errCaptured
	})
	c, err := newClient(polar.WithBaseURL(base), polar.WithAccessToken(testToken),
		polar.WithHTTPClient(d), polar.WithRetryConfig(polar.RetryConfig{}))
	if err != nil {
		t.Fatalf("NewClient(%q): %v", base, err)
	}
	if err := call(c); !errors.Is(err, errCaptured) {
		t.Fatalf("base %q: call returned %v, want the captured request", base, err)
	}
	return captured
}

// compareRequests compares what the facade sent with what the generated
// builder makes. The bodies differ only where json.Marshal escapes HTML.
func compareRequests(t *testing.T, what string, got, want *http.Request) {
	t.Helper()
	if got.Method != want.Method || got.Host != want.Host || *got.URL != *want.URL {
		t.Errorf("%s: request %s %s (host %q, %#v), generated %s %s (host %q, %#v)", what,
			got.Method, got.URL, got.Host, *got.URL, want.Method, want.URL, want.Host, *want.URL)
	}
	if g, w := got.Header.Values("Content-Type"), want.Header.Values("Content-Type"); !slices.Equal(g, w) {
		t.Errorf("%s: Content-Type %q, generated %q", what, g, w)
	}
	if got.ContentLength != want.ContentLength && want.Body == nil {
		t.Errorf("%s: Content-Length %d, generated %d", what, got.ContentLength, want.ContentLength)
	}
	if (got.Body == nil) != (want.Body == nil) {
		t.Fatalf("%s: body %v, generated %v", what, got.Body != nil, want.Body != nil)
	}
	if want.Body == nil {
		return
	}
	g, _ := io.ReadAll(got.Body)
	w, _ := io.ReadAll(want.Body)
	unescape := strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">")
	if string(g) != unescape.Replace(string(w)) {
		t.Errorf("%s: body\n got %s\n gen %s", what, g, w)
	}
	if got.ContentLength != int64(len(g)) {
		t.Errorf("%s: Content-Length %d for a body of %d bytes", what, got.ContentLength, len(g))
	}
}
