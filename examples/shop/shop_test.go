package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// testShop is a demo shop on a loopback port, backed by its own polartest
// server whose webhooks go to the shop.
type testShop struct {
	URL    string // without a final slash
	secret string
	polar  *polartest.Server
}

// startShop starts a testShop; edit, when not nil, changes its config.
func startShop(t *testing.T, edit func(t *testing.T, ps *polartest.Server, c *config)) *testShop {
	t.Helper()
	ps := polartest.NewServer()
	t.Cleanup(ps.Close)
	ts := httptest.NewUnstartedServer(nil)
	shopURL := "http://" + ts.Listener.Addr().String()
	client, err := polar.NewClient(ps.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{
		client:      client,
		products:    demoProducts,
		baseURL:     shopURL,
		secret:      polartest.NewWebhookSecret(),
		demo:        true,
		webhookWait: 2 * time.Second,
	}
	if edit != nil {
		edit(t, ps, &cfg)
	}
	ts.Config.Handler = newShop(cfg)
	ts.Start()
	t.Cleanup(ts.Close)
	ps.SetWebhook(shopURL+"/webhooks/polar", cfg.secret)
	return &testShop{URL: shopURL, secret: cfg.secret, polar: ps}
}

// noRedirects is a client that returns redirects instead of following them.
var noRedirects = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       10 * time.Second,
}

func do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func postForm(t *testing.T, url string, form url.Values) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}

// newCheckout creates a checkout on the shop's polartest server, as Buy
// would.
func (s *testShop) newCheckout(t *testing.T, productID string) *polar.Checkout {
	t.Helper()
	client, err := polar.NewClient(s.polar.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products:   []string{productID},
		SuccessURL: s.URL + "/success?checkout_id={CHECKOUT_ID}",
		ReturnURL:  s.URL + "/",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIndexListsProducts(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	resp, body := get(t, s.URL+"/")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %q; want 200 text/html", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, p := range demoProducts {
		for _, want := range []string{p.Name, p.Price, `value="` + p.ID + `"`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET / has no %q:\n%s", want, body)
			}
		}
	}
	if n := strings.Count(body, ">Buy</button>"); n != len(demoProducts) {
		t.Errorf("GET / has %d Buy buttons; want %d", n, len(demoProducts))
	}
	if !strings.Contains(body, `id="demo-notice"`) {
		t.Errorf("GET / has no demo notice:\n%s", body)
	}
}

func TestIndexWithTokenHasNoDemoNotice(t *testing.T) {
	t.Parallel()
	s := startShop(t, func(_ *testing.T, _ *polartest.Server, c *config) {
		c.demo = false
		c.products = []product{{ID: polartest.OneTimeProductID, Name: "Product " + polartest.OneTimeProductID}}
	})
	_, body := get(t, s.URL+"/")
	if strings.Contains(body, "demo-notice") || !strings.Contains(body, "price shown at checkout") {
		t.Errorf("GET / =\n%s\nwant no demo notice and a product without a known price", body)
	}
}

func TestUnknownPathIsAPage(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	resp, body := get(t, s.URL+"/nope")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Page not found") {
		t.Errorf("GET /nope = %d\n%s\nwant 404 and the error page", resp.StatusCode, body)
	}
}

// The demo catalogue must say what polartest sells.
func TestDemoProductsMatchPolartest(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	for _, p := range demoProducts {
		c := s.newCheckout(t, p.ID)
		if c.Product == nil || c.Product.Name != p.Name {
			t.Errorf("checkout for %s sells %+v; want %q", p.ID, c.Product, p.Name)
		}
		if amount := formatAmount(c.TotalAmount, c.Currency); !strings.HasPrefix(p.Price, amount) {
			t.Errorf("checkout for %q costs %s; the shop shows %q", p.Name, amount, p.Price)
		}
	}
}

// formatAmount writes cents of a currency as the catalogue does.
func formatAmount(cents int, currency string) string {
	if strings.EqualFold(currency, "usd") {
		return fmt.Sprintf("$%d.%02d", cents/100, cents%100)
	}
	return fmt.Sprintf("%d.%02d %s", cents/100, cents%100, strings.ToUpper(currency))
}

func TestBuyRedirectsToCheckout(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	resp, _ := postForm(t, s.URL+"/buy", url.Values{"product": {polartest.RecurringProductID}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, s.polar.URL+"/checkout/") {
		t.Fatalf("POST /buy = %d, Location %q; want 303 to %s/checkout/…", resp.StatusCode, loc, s.polar.URL)
	}
	var create *polartest.Request
	for _, r := range s.polar.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/v1/checkouts/") {
			create = &r
		}
	}
	if create == nil {
		t.Fatalf("polartest saw no checkout create: %+v", s.polar.Requests())
	}
	var body struct {
		Products   []string `json:"products"`
		SuccessURL string   `json:"success_url"`
		ReturnURL  string   `json:"return_url"`
	}
	if err := json.Unmarshal(create.Body, &body); err != nil {
		t.Fatal(err)
	}
	want := []string{polartest.RecurringProductID}
	if fmt.Sprint(body.Products) != fmt.Sprint(want) ||
		body.SuccessURL != s.URL+"/success?checkout_id={CHECKOUT_ID}" || body.ReturnURL != s.URL+"/" {
		t.Errorf("create body %s; want products %v, the success URL with {CHECKOUT_ID} and the shop as return URL", create.Body, want)
	}
}

func TestBuyFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		edit       func(*testing.T, *polartest.Server, *config)
		product    string
		wantStatus int
		wantBody   string
	}{
		{name: "unknown product is a 400 page", product: "not-sold-here", wantStatus: http.StatusBadRequest, wantBody: "Unknown product"},
		{name: "no product is a 400 page", wantStatus: http.StatusBadRequest, wantBody: "Unknown product"},
		{
			name: "product Polar does not know shows Polar's refusal",
			edit: func(_ *testing.T, _ *polartest.Server, c *config) {
				c.products = []product{{ID: "11111111-2222-4333-8444-555555555555", Name: "Gone"}}
			},
			product:    "11111111-2222-4333-8444-555555555555",
			wantStatus: http.StatusBadGateway, wantBody: "Polar refused the request",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startShop(t, tt.edit)
			resp, body := postForm(t, s.URL+"/buy", url.Values{"product": {tt.product}})
			if resp.StatusCode != tt.wantStatus || !strings.Contains(body, tt.wantBody) {
				t.Errorf("POST /buy = %d\n%s\nwant %d and %q", resp.StatusCode, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestSuccessAfterPaying(t *testing.T) {
	t.Parallel()
	s := startShop(t, nil)
	c := s.newCheckout(t, polartest.OneTimeProductID)
	if err := s.polar.Pay(c.ID); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, s.URL+"/success?checkout_id="+c.ID)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /success = %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{c.ID, ">succeeded<", "Payment confirmed by webhook."} {
		if !strings.Contains(body, want) {
			t.Errorf("success page has no %q:\n%s", want, body)
		}
	}
}

func TestSuccessOpenCheckoutDoesNotWait(t *testing.T) {
	t.Parallel()
	s := startShop(t, func(_ *testing.T, _ *polartest.Server, c *config) { c.webhookWait = time.Minute })
	c := s.newCheckout(t, polartest.OneTimeProductID)
	start := time.Now()
	_, body := get(t, s.URL+"/success?checkout_id="+c.ID)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("success page of an open checkout took %s; want no wait for a webhook", d)
	}
	if !strings.Contains(body, ">open<") || !strings.Contains(body, "has not been paid") {
		t.Errorf("success page =\n%s\nwant status open and not paid", body)
	}
}

func TestSuccessErrors(t *testing.T) {
	t.Parallel()
	const wrongToken = "polar_oat_0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
	tests := []struct {
		name       string
		edit       func(t *testing.T, ps *polartest.Server, c *config)
		query      string
		wantStatus int
		wantBody   string
		secret     string
	}{
		{name: "no checkout_id", query: "", wantStatus: http.StatusBadRequest, wantBody: "needs a checkout_id"},
		{name: "unknown checkout", query: "?checkout_id=6b3f2c1d-0a9e-4f8d-b7c6-5e4d3c2b1a09", wantStatus: http.StatusNotFound, wantBody: "Checkout not found"},
		{name: "malformed checkout id", query: "?checkout_id=%3Cscript%3Ealert(1)%3C%2Fscript%3E", wantStatus: http.StatusNotFound, wantBody: "Checkout not found"},
		{
			name: "refused token",
			edit: func(t *testing.T, ps *polartest.Server, c *config) {
				client, err := polar.NewClient(polar.WithAccessToken(wrongToken), polar.WithBaseURL(ps.URL))
				if err != nil {
					t.Fatal(err)
				}
				c.client = client
			},
			query:      "?checkout_id=6b3f2c1d-0a9e-4f8d-b7c6-5e4d3c2b1a09",
			wantStatus: http.StatusBadGateway, wantBody: "refused the shop", secret: wrongToken,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startShop(t, tt.edit)
			resp, body := get(t, s.URL+"/success"+tt.query)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(body, tt.wantBody) {
				t.Errorf("GET /success%s = %d\n%s\nwant %d and %q", tt.query, resp.StatusCode, body, tt.wantStatus, tt.wantBody)
			}
			for _, leak := range []string{s.polar.AccessToken, tt.secret, "goroutine ", "<script>"} {
				if leak != "" && strings.Contains(body, leak) {
					t.Errorf("error page shows %q:\n%s", leak, body)
				}
			}
		})
	}
}

// orderOf is the order Polar makes when checkout c is paid, as the
// order.* webhooks carry it (the keys the shop reads, and a few more).
func orderOf(c *polar.Checkout) map[string]any {
	return map[string]any{
		"id": "5d1c2a3e-7f9b-4c1d-8e2f-3a4b5c6d7e8f", "status": "paid", "paid": true,
		"checkout_id": c.ID, "product_id": c.ProductID, "currency": c.Currency,
		"subtotal_amount": c.Amount, "net_amount": c.NetAmount, "total_amount": c.TotalAmount,
		"billing_reason": "purchase", "created_at": time.Now().UTC().Format(time.RFC3339),
	}
}

// delivery is a webhook delivery of event type typ whose data is data,
// in API version version ("" for none), signed with secret at ts.
func delivery(t *testing.T, url, secret, typ, version string, data any, ts time.Time) *http.Request {
	t.Helper()
	envelope := map[string]any{"type": typ, "timestamp": ts.UTC().Format(time.RFC3339Nano), "data": data}
	if version != "" {
		envelope["api_version"] = version
	}
	body, err := json.Marshal(envelope)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	id := "msg_" + rand.Text()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Webhook-Id", id)
	req.Header.Set("Webhook-Timestamp", fmt.Sprint(ts.Unix()))
	req.Header.Set("Webhook-Signature", webhook.Sign(secret, id, ts, body))
	if version != "" {
		req.Header.Set("Webhook-Api-Version", version)
	}
	return req
}

// TestWebhookEndpoint: the shop fulfils on order.paid, as Polar
// recommends, and on nothing else; deliveries it cannot trust or read are
// refused, and nothing is recorded from them.
func TestWebhookEndpoint(t *testing.T) {
	t.Parallel()
	now := time.Now()
	tests := []struct {
		name          string
		secret        string // "" signs with the shop's secret
		typ           string
		version       string
		checkout      bool // the data is the checkout (succeeded), not its order
		at            time.Time
		edit          func(*http.Request)
		wantCode      int
		wantConfirmed bool
	}{
		{name: "a signed order.paid confirms the payment", typ: webhook.EventOrderPaid, version: polar.APIVersion, at: now, wantCode: http.StatusAccepted, wantConfirmed: true},
		{name: "an order.paid without a version is read as the package's", typ: webhook.EventOrderPaid, at: now, wantCode: http.StatusAccepted, wantConfirmed: true},
		{name: "order.created is acknowledged, not a payment", typ: webhook.EventOrderCreated, version: polar.APIVersion, at: now, wantCode: http.StatusAccepted},
		{name: "a succeeded checkout.updated is acknowledged, not fulfilled on", typ: webhook.EventCheckoutUpdated, checkout: true, version: polar.APIVersion, at: now, wantCode: http.StatusAccepted},
		{name: "an order.paid of another API version fails, so Polar delivers it again", typ: webhook.EventOrderPaid, version: "2027-01", at: now, wantCode: http.StatusInternalServerError},
		{name: "another secret's signature is refused", secret: polartest.NewWebhookSecret(), typ: webhook.EventOrderPaid, at: now, wantCode: http.StatusForbidden},
		{
			name: "a body changed after signing is refused", typ: webhook.EventOrderCreated, at: now, wantCode: http.StatusForbidden,
			edit: func(r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				b = bytes.Replace(b, []byte(`"type":"order.created"`), []byte(`"type":"order.paid"`), 1)
				r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
			},
		},
		{name: "a stale timestamp is refused", typ: webhook.EventOrderPaid, at: now.Add(-time.Hour), wantCode: http.StatusForbidden},
		{name: "no signature is refused", typ: webhook.EventOrderPaid, at: now, wantCode: http.StatusForbidden, edit: func(r *http.Request) { r.Header.Del("Webhook-Signature") }},
		{name: "GET is not allowed", typ: webhook.EventOrderPaid, at: now, wantCode: http.StatusMethodNotAllowed, edit: func(r *http.Request) { r.Method = http.MethodGet }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := startShop(t, nil)
			c := s.newCheckout(t, polartest.OneTimeProductID)
			secret := tt.secret
			if secret == "" {
				secret = s.secret
			}
			var data any = orderOf(c)
			if tt.checkout {
				c.Status = polar.CheckoutStatusSucceeded
				data = c
			}
			req := delivery(t, s.URL+"/webhooks/polar", secret, tt.typ, tt.version, data, tt.at)
			if tt.edit != nil {
				tt.edit(req)
			}
			resp, body := do(t, req)
			if resp.StatusCode != tt.wantCode {
				t.Errorf("delivery answered %d %q; want %d", resp.StatusCode, body, tt.wantCode)
			}
			if strings.Contains(body, s.secret) {
				t.Errorf("answer %q shows the secret", body)
			}
			// The checkout is still open at polartest: only the webhook
			// can have confirmed it.
			_, page := get(t, s.URL+"/success?checkout_id="+c.ID)
			if got := strings.Contains(page, "Payment confirmed by webhook."); got != tt.wantConfirmed {
				t.Errorf("success page confirmed = %v; want %v:\n%s", got, tt.wantConfirmed, page)
			}
		})
	}
}

func TestPaymentsWait(t *testing.T) {
	t.Parallel()
	t.Run("recorded while waiting", func(t *testing.T) {
		t.Parallel()
		p := newPayments()
		go func() {
			p.record("other")
			p.record("c1")
		}()
		if !p.wait(context.Background(), "c1", time.Minute) {
			t.Error("wait = false; want true once c1 is recorded")
		}
	})
	t.Run("recorded before", func(t *testing.T) {
		t.Parallel()
		p := newPayments()
		p.record("c1")
		p.record("c1")
		if !p.wait(context.Background(), "c1", 0) || !p.has("c1") || p.has("c2") {
			t.Error("want c1 paid at once, c2 not")
		}
	})
	t.Run("not recorded in time", func(t *testing.T) {
		t.Parallel()
		if newPayments().wait(context.Background(), "c1", time.Millisecond) {
			t.Error("wait = true; want false")
		}
	})
	t.Run("context ends", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if newPayments().wait(ctx, "c1", time.Minute) {
			t.Error("wait = true; want false")
		}
	})
}
