//go:build template

package polar_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// wire is a server that records each request body and answers with the
// fixture checkout, echoing Polar-Version as Polar does.
type wire struct {
	mu     sync.Mutex
	bodies []string
}

func newWire(t *testing.T) (*wire, *polar.Client) {
	t.Helper()
	w := &wire{}
	fixture := checkoutJSON(t)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.bodies = append(w.bodies, string(b))
		w.mu.Unlock()
		rw.Header().Set("Polar-Version", r.Header.Get("Polar-Version"))
		rw.Header().Set("Content-Type", "application/json")
		_, _ = rw.Write(fixture)
	}))
	t.Cleanup(srv.Close)
	c, err := polar.NewClient(polar.WithBaseURL(srv.URL), polar.WithAccessToken("polar_oat_wire"))
	if err != nil {
		t.Fatal(err)
	}
	return w, c
}

func (w *wire) sent() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.bodies...)
}

const (
	wireID     = "e4b478fa-cd25-4253-9f1f-8a41e6370ede"
	wireSecret = "polar_c_Qm8Zt2Lx5Rk9Wv3Np7Hs1Jd6Fb4Gc0Ya2Te8Uo5Ii"
	wireUUID   = "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"
)

// TestClearingFieldsOnTheWire: what a caller writes in an update is what
// goes on the wire, byte for byte: a field left out is absent, Null is
// null, Set of an empty value is that value.
func TestClearingFieldsOnTheWire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		call func(c *polar.Client) error
		want string
	}{
		{"nothing set sends an empty object", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{})
			return err
		}, `{}`},
		{"remove the discount", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{DiscountID: polar.Null[string]()})
			return err
		}, `{"discount_id":null}`},
		{"set a discount", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{DiscountID: polar.Set(wireUUID)})
			return err
		}, `{"discount_id":"` + wireUUID + `"}`},
		{"empty the metadata", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{Metadata: polar.Set(map[string]any{})})
			return err
		}, `{"metadata":{}}`},
		{"clear the customer metadata", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{CustomerMetadata: polar.Null[map[string]any]()})
			return err
		}, `{"customer_metadata":null}`},
		{"clear several kinds at once", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{
				CustomerName: polar.Null[string](), Seats: polar.Null[int](), AllowTrial: polar.Null[bool](),
				CustomerBillingAddress: polar.Null[polar.AddressInput](), TrialInterval: polar.Null[polar.TrialInterval](),
				SuccessURL: polar.Set("https://shop.example.com/ok?a=1&b=<2>"),
			})
			return err
		}, `{"allow_trial":null,"customer_billing_address":null,"customer_name":null,"seats":null,"success_url":"https://shop.example.com/ok?a=1&b=<2>","trial_interval":null}`},
		{"a customer clears their name on the checkout page", func(c *polar.Client) error {
			_, err := c.Checkouts.ClientUpdate(ctx, wireSecret, polar.CheckoutUpdatePublic{CustomerName: polar.Null[string](), DiscountCode: polar.Null[string]()})
			return err
		}, `{"customer_name":null,"discount_code":null}`},
		{"a confirm that clears the discount code", func(c *polar.Client) error {
			_, err := c.Checkouts.ClientConfirm(ctx, wireSecret, polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1"), DiscountCode: polar.Null[string]()})
			return err
		}, `{"confirmation_token_id":"ctoken_1","discount_code":null}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, c := newWire(t)
			if err := tc.call(c); err != nil {
				t.Fatal(err)
			}
			if got := w.sent(); len(got) != 1 || got[0] != tc.want {
				t.Errorf("sent %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRefusedBeforeSending: what Polar would refuse is refused locally,
// and nothing is sent.
func TestRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name string
		call func(c *polar.Client) error
		loc  string
	}{
		{"a null metadata (Polar wants an object)", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{Metadata: polar.Null[map[string]any]()})
			return err
		}, "body.metadata: Input should be a valid dictionary"},
		{"a discount id that is no UUID", func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, wireID, polar.CheckoutUpdate{DiscountID: polar.Set("nope")})
			return err
		}, "body.discount_id"},
		{"a zero ad-hoc price", func(c *polar.Client) error {
			_, err := c.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{wireUUID},
				Prices: map[string][]polar.ProductPriceCreate{wireUUID: {{}}}})
			return err
		}, "body.prices." + wireUUID + ".0: Input should be a valid dictionary or object"},
		{"an empty list of ad-hoc prices", func(c *polar.Client) error {
			_, err := c.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{wireUUID},
				Prices: map[string][]polar.ProductPriceCreate{wireUUID: {}}})
			return err
		}, "body.prices." + wireUUID + ": List should have at least 1 item"},
		{"ad-hoc prices for a product id that is no UUID", func(c *polar.Client) error {
			_, err := c.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{wireUUID},
				Prices: map[string][]polar.ProductPriceCreate{"p1": {polar.FixedPrice(polar.ProductPriceFixedCreate{PriceAmount: 100})}}})
			return err
		}, "body.prices.p1.[key]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			w, c := newWire(t)
			err := tc.call(c)
			var verr *polar.ValidationError
			if !errors.As(err, &verr) || verr.StatusCode != 0 {
				t.Fatalf("error %v, want a *ValidationError before sending", err)
			}
			found := false
			for _, f := range verr.Errors {
				found = found || len(f.String()) >= len(tc.loc) && f.String()[:len(tc.loc)] == tc.loc
			}
			if !found {
				t.Errorf("problems %v do not start with %q", verr.Errors, tc.loc)
			}
			if got := w.sent(); len(got) != 0 {
				t.Errorf("sent %q", got)
			}
		})
	}
}

// TestAFreeAdHocPriceIsNotRefused: Polar still accepts the removed "free"
// kind (as a fixed price of 0), so the local check must not refuse it.
func TestAFreeAdHocPriceIsNotRefused(t *testing.T) {
	t.Parallel()
	w, c := newWire(t)
	var free polar.ProductPriceCreate
	if err := free.UnmarshalJSON([]byte(`{"amount_type":"free"}`)); err != nil {
		t.Fatal(err)
	}
	_, err := c.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products: []string{wireUUID},
		Prices:   map[string][]polar.ProductPriceCreate{wireUUID: {free}},
	})
	if err != nil {
		t.Fatalf("Create with a free price: %v", err)
	}
	if got := w.sent(); len(got) != 1 {
		t.Errorf("sent %q, want one request", got)
	}
}

// TestAdHocPricesOnTheWire: each constructor sends its kind with its
// amount_type, in the version's own shape.
func TestAdHocPricesOnTheWire(t *testing.T) {
	t.Parallel()
	w, c := newWire(t)
	tiers := polar.TiersInput{Type: "volume", Tiers: []polar.TierInput{{UnitAmount: "50"}}}
	prices := []polar.ProductPriceCreate{
		polar.FixedPrice(polar.ProductPriceFixedCreate{PriceAmount: 2500}),
		polar.MeteredUnitPrice(polar.ProductPriceMeteredUnitCreate{MeterID: wireUUID, UnitAmount: "0.5"}),
		polar.MeteredTiersPrice(polar.ProductPriceMeteredTiersCreate{MeterID: wireUUID, Tiers: tiers}),
	}
	_, err := c.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products: []string{wireUUID},
		Prices:   map[string][]polar.ProductPriceCreate{wireUUID: prices},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"prices":{"` + wireUUID + `":[{"amount_type":"fixed","price_amount":2500},` +
		`{"amount_type":"metered_unit","meter_id":"` + wireUUID + `","unit_amount":"0.5"},` +
		`{"amount_type":"metered_tiers","meter_id":"` + wireUUID + `","tiers":{"tiers":[{"unit_amount":"50"}],"type":"volume"}}]},` +
		`"products":["` + wireUUID + `"]}`
	if got := w.sent(); len(got) != 1 || got[0] != want {
		t.Errorf("sent\n%s\nwant\n%s", got, want)
	}
}
