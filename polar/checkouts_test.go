package polar_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

const priceID = "5e4c9a2b-7d1f-4c3e-9b8a-6f2d1e0c9b7a"

func TestCreateSendsPolarsWireFormat(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusCreated, checkoutJSON(t)))
	c := srv.client(t)
	const successURL = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}&plan=pro"

	got, err := c.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: priceID,
		SuccessURL:     successURL,
		CustomerEmail:  polar.String("jane.doe@example.com"),
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got.ID == "" || got.Product.Name != "Pro Plan" {
		t.Errorf("Create returned %+v, want the fixture checkout", got)
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/v1/checkouts/" {
		t.Errorf("request = %s %s, want POST /v1/checkouts/", r.Method, r.Path)
	}
	for key, want := range map[string]string{
		"Authorization": "Bearer " + testToken,
		"Content-Type":  "application/json",
		"Accept":        "application/json",
	} {
		if got := r.Header.Get(key); got != want {
			t.Errorf("header %s = %q, want %q", key, got, want)
		}
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "polar-go/"+polar.Version) {
		t.Errorf("User-Agent = %q, want polar-go/%s...", ua, polar.Version)
	}
	wantBody := `{"customer_email":"jane.doe@example.com","product_price_id":"` + priceID + `","success_url":"` + successURL + `"}`
	if string(r.Body) != wantBody {
		t.Errorf("body on the wire:\n got %s\nwant %s", r.Body, wantBody)
	}
}

func TestCreateRequestMatchesSpec(t *testing.T) {
	t.Parallel()
	for _, email := range []*string{nil, polar.String("jane@example.com")} {
		srv := newRecorder(t, serveJSON(http.StatusCreated, checkoutJSON(t)))
		_, err := srv.client(t).Checkouts.Create(context.Background(), polar.CheckoutCreate{
			ProductPriceID: priceID,
			SuccessURL:     "https://example.com/ok?session_id={CHECKOUT_SESSION_ID}",
			CustomerEmail:  email,
		})
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		r := srv.requests()[0]
		req, _ := http.NewRequest(r.Method, "http://127.0.0.1"+r.Path, strings.NewReader(string(r.Body)))
		req.Header = r.Header
		if err := spectest.ValidateRequest(t, req); err != nil {
			t.Errorf("request does not match openapi.yaml: %v\nbody: %s", err, r.Body)
		}
		if email == nil && strings.Contains(string(r.Body), "customer_email") {
			t.Errorf("unset customer_email was sent: %s", r.Body)
		}
	}
}

func TestGetEscapesTheID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ id, wantPath string }{
		{"cs_test_123", "/v1/checkouts/cs_test_123"},
		{"../x", "/v1/checkouts/..%2Fx"},
		{"../../v1/other", "/v1/checkouts/..%2F..%2Fv1%2Fother"},
		{"a/b", "/v1/checkouts/a%2Fb"},
		{"a?b=c#d", "/v1/checkouts/a%3Fb=c%23d"},
		{"a b%2F", "/v1/checkouts/a%20b%252F"},
		{"...", "/v1/checkouts/..."},
	} {
		srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
		if _, err := srv.client(t).Checkouts.Get(context.Background(), tc.id); err != nil {
			t.Errorf("Get(%q): %v", tc.id, err)
			continue
		}
		if got := srv.requests()[0]; got.Method != http.MethodGet || got.Path != tc.wantPath {
			t.Errorf("Get(%q) asked %s %s, want GET %s", tc.id, got.Method, got.Path, tc.wantPath)
		}
	}
}

func TestGetKeepsABaseURLPathPrefix(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	c := srv.client(t, polar.WithBaseURL(srv.URL+"/proxy/polar"))
	if _, err := c.Checkouts.Get(context.Background(), "cs_1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Path; got != "/proxy/polar/v1/checkouts/cs_1" {
		t.Errorf("path = %s, want /proxy/polar/v1/checkouts/cs_1", got)
	}
}

func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	valid := polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: "https://example.com/ok"}
	for _, tc := range []struct {
		name string
		call func(*polar.Client) (*polar.Checkout, error)
		want []polar.FieldError
	}{
		{"empty id", func(c *polar.Client) (*polar.Checkout, error) { return c.Checkouts.Get(context.Background(), "") },
			[]polar.FieldError{{Loc: []string{"path", "id"}, Msg: "Field required", Type: "missing"}}},
		{"dot id", func(c *polar.Client) (*polar.Checkout, error) { return c.Checkouts.Get(context.Background(), ".") },
			[]polar.FieldError{{Loc: []string{"path", "id"}, Msg: "Value error, . is not a checkout id", Type: "value_error"}}},
		{"dot-dot id", func(c *polar.Client) (*polar.Checkout, error) { return c.Checkouts.Get(context.Background(), "..") },
			[]polar.FieldError{{Loc: []string{"path", "id"}, Msg: "Value error, .. is not a checkout id", Type: "value_error"}}},
		{"no price", func(c *polar.Client) (*polar.Checkout, error) {
			p := valid
			p.ProductPriceID = ""
			return c.Checkouts.Create(context.Background(), p)
		}, []polar.FieldError{{Loc: []string{"body", "product_price_id"}, Msg: "Field required", Type: "missing"}}},
		{"no success url", func(c *polar.Client) (*polar.Checkout, error) {
			p := valid
			p.SuccessURL = ""
			return c.Checkouts.Create(context.Background(), p)
		}, []polar.FieldError{{Loc: []string{"body", "success_url"}, Msg: "Field required", Type: "missing"}}},
		{"empty request lists both fields", func(c *polar.Client) (*polar.Checkout, error) {
			return c.Checkouts.Create(context.Background(), polar.CheckoutCreate{})
		}, []polar.FieldError{
			{Loc: []string{"body", "product_price_id"}, Msg: "Field required", Type: "missing"},
			{Loc: []string{"body", "success_url"}, Msg: "Field required", Type: "missing"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
			got, err := tc.call(srv.client(t))
			var verr *polar.ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("err = %v (%T), want *polar.ValidationError", err, err)
			}
			if got != nil {
				t.Errorf("checkout = %+v, want nil", got)
			}
			if verr.StatusCode != 0 || verr.Body != nil {
				t.Errorf("StatusCode = %d, Body = %q; want 0 and nil (nothing sent)", verr.StatusCode, verr.Body)
			}
			if diff := cmp.Diff(tc.want, verr.Errors); diff != "" {
				t.Errorf("Errors (-want +got):\n%s", diff)
			}
			if n := len(srv.requests()); n != 0 {
				t.Errorf("server saw %d requests, want 0", n)
			}
		})
	}
}

func TestCustomerEmailIsChecked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		email string
		ok    bool
	}{
		{"jane@example.com", true},
		{"jane.doe+shop@mail.example.co.uk", true},
		{"", false},
		{"not-an-email", false},
		{"jane@localhost", false},
		{"Jane <jane@example.com>", true}, // Polar accepts and normalizes this form
		{"jane@example.test", false},      // a special-use domain Polar refuses
		{"jane@example.com.", false},
		{"jane@@example.com", false},
	} {
		srv := newRecorder(t, serveJSON(http.StatusCreated, checkoutJSON(t)))
		_, err := srv.client(t).Checkouts.Create(context.Background(), polar.CheckoutCreate{
			ProductPriceID: priceID, SuccessURL: "https://example.com/ok", CustomerEmail: polar.String(tc.email),
		})
		var verr *polar.ValidationError
		switch {
		case tc.ok && err != nil:
			t.Errorf("email %q refused: %v", tc.email, err)
		case !tc.ok && !errors.As(err, &verr):
			t.Errorf("email %q: err = %v, want *ValidationError", tc.email, err)
		case !tc.ok:
			if f := verr.Errors[0]; !cmp.Equal(f.Loc, []string{"body", "customer_email"}) || f.Type != "value_error" || verr.StatusCode != 0 {
				t.Errorf("email %q: %+v, want loc body.customer_email, type value_error, StatusCode 0", tc.email, verr)
			}
			// The same words as Polar's 422, which polartest answers with.
			pt := polartest.NewServer()
			defer pt.Close()
			wantMsg := polartestEmailMsg(t, pt, tc.email)
			if verr.Errors[0].Msg != wantMsg {
				t.Errorf("email %q: Msg %q, want Polar's %q", tc.email, verr.Errors[0].Msg, wantMsg)
			}
			if len(srv.requests()) != 0 {
				t.Errorf("email %q: request was sent", tc.email)
			}
		}
	}
}

func TestNilContextIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	c := srv.client(t)
	var ctx context.Context // a nil context, as a caller's bug would pass
	if _, err := c.Checkouts.Get(ctx, "cs_1"); err == nil {
		t.Error("Get(nil ctx) returned no error")
	}
	if _, err := c.Checkouts.Create(ctx, polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: "https://x.example"}); err == nil {
		t.Error("Create(nil ctx) returned no error")
	}
}

func TestCheckoutDecodesEveryShape(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	co, err := srv.client(t).Checkouts.Get(context.Background(), "cs_1")
	if err != nil {
		t.Fatal(err)
	}
	if co.URL == nil || !strings.HasPrefix(*co.URL, "https://") {
		t.Errorf("URL = %v, want a URL", co.URL)
	}
	if co.CustomerName != nil {
		t.Errorf("CustomerName = %q, want nil for JSON null", *co.CustomerName)
	}

	// The chosen price: switch on its kind without raw JSON.
	v, err := co.ProductPrice.ValueByDiscriminator()
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := v.(polar.ProductPriceRecurring)
	if !ok {
		t.Fatalf("product_price is %T, want polar.ProductPriceRecurring", v)
	}
	if rec.PriceAmount != 1900 || rec.PriceCurrency != "usd" || rec.RecurringInterval == nil || *rec.RecurringInterval != polar.ProductPriceRecurringIntervalMonth {
		t.Errorf("recurring price = %+v, want 1900 usd monthly", rec)
	}

	kinds := map[string]int{}
	for _, p := range co.Product.Prices {
		v, err := p.ValueByDiscriminator()
		if err != nil {
			t.Fatal(err)
		}
		switch v.(type) {
		case polar.ProductPriceRecurring:
			kinds["recurring"]++
		case polar.ProductPriceOneTime:
			kinds["one_time"]++
		}
	}
	if kinds["recurring"] == 0 || kinds["one_time"] == 0 {
		t.Errorf("price kinds = %v, want both", kinds)
	}

	var articles, custom int
	for _, b := range co.Product.Benefits {
		base, err := b.AsBenefitBase()
		if err != nil {
			t.Fatal(err)
		}
		switch base.Type {
		case polar.BenefitTypeArticles:
			a, err := b.AsBenefitArticles()
			if err != nil || !a.Properties.PaidArticles {
				t.Errorf("articles benefit = %+v, %v; want paid_articles", a, err)
			}
			articles++
		case polar.BenefitTypeCustom:
			custom++
		}
	}
	if articles != 1 || custom != 1 {
		t.Errorf("benefits: %d articles, %d custom; want 1 and 1", articles, custom)
	}
	if len(co.Product.Medias) != 1 || co.Product.Medias[0].Service != polar.ProductMediaFileReadServiceProductMedia {
		t.Errorf("medias = %+v, want one product_media", co.Product.Medias)
	}

	// Re-encoding gives back what the server sent.
	out, err := json.Marshal(co)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	json.Unmarshal(checkoutJSON(t), &want)
	json.Unmarshal(out, &got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("re-encoded checkout differs (-sent +re-encoded):\n%s", diff)
	}
}

func TestCheckoutWithoutURLDecodes(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, spectest.Fixture(t, "checkout_no_url.json")))
	co, err := srv.client(t).Checkouts.Get(context.Background(), "cs_1")
	if err != nil {
		t.Fatal(err)
	}
	if co.URL != nil {
		t.Errorf("URL = %q, want nil", *co.URL)
	}
}

// polartestEmailMsg returns the message Polar's fake gives for a bad
// customer_email, sending the raw JSON so the SDK's own check is bypassed.
func polartestEmailMsg(t *testing.T, pt *polartest.Server, email string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{
		"product_price_id": polartest.RecurringPriceID, "success_url": "https://example.com/ok", "customer_email": email,
	})
	req, _ := http.NewRequest(http.MethodPost, pt.URL+"/v1/checkouts/", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+pt.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		Detail []struct{ Msg string } `json:"detail"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 422 || len(v.Detail) != 1 {
		t.Fatalf("polartest answered %d %+v (%v) for %q, want one 422 field error", resp.StatusCode, v, err, email)
	}
	return v.Detail[0].Msg
}
