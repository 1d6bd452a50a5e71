package main

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// env returns a getenv that knows only POLAR_ACCESS_TOKEN.
func env(token string) func(string) string {
	return func(key string) string {
		if key == "POLAR_ACCESS_TOKEN" {
			return token
		}
		return ""
	}
}

func runCommand(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut, getenv)
	return code, out.String(), errOut.String()
}

func newServer(t *testing.T) *polartest.Server {
	t.Helper()
	s := polartest.NewServer()
	t.Cleanup(s.Close)
	return s
}

func TestRunWithoutToken(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runCommand(t, env(""))
	if code != 0 || stderr != "" {
		t.Fatalf("run = %d, stderr %q; want 0 and nothing", code, stderr)
	}
	want := regexp.MustCompile(`^No POLAR_ACCESS_TOKEN set: using an in-process polartest server\.
Checkout: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}
Status:   open
URL:      http://127\.0\.0\.1:\d+/checkout/polar_c_[A-Za-z0-9]{43}
Product:  Pro Plan
Price:    \$19\.00 / month
Amount:   \$19\.00
$`)
	if !want.MatchString(stdout) {
		t.Errorf("stdout =\n%s\nwant it to match\n%s", stdout, want)
	}
}

func TestRunWithToken(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	code, stdout, stderr := runCommand(t, env(s.AccessToken),
		"-base-url", s.URL, "-product", polartest.OneTimeProductID, "-success-url", "https://shop.example.com/thanks?id={CHECKOUT_ID}&a=1")
	if code != 0 || stderr != "" {
		t.Fatalf("run = %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if strings.Contains(stdout, "polartest") || !strings.Contains(stdout, "Status:   open\n") {
		t.Errorf("stdout =\n%s\nwant an open checkout and no polartest notice", stdout)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || !bytes.Contains(reqs[0].Body, []byte(`"products":["`+polartest.OneTimeProductID+`"]`)) ||
		!bytes.Contains(reqs[0].Body, []byte(`"success_url":"https://shop.example.com/thanks?id={CHECKOUT_ID}&a=1"`)) {
		t.Errorf("server saw %d requests, first body %s; want create with -product and -success-url as written, then get", len(reqs), reqs[0].Body)
	}
}

// The seed's call, a checkout for one product price with a success URL,
// still works.
func TestRunWithPrice(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	code, stdout, stderr := runCommand(t, env(s.AccessToken), "-base-url", s.URL, "-price", polartest.RecurringPriceID)
	if code != 0 || stderr != "" {
		t.Fatalf("run = %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if !strings.Contains(stdout, "Price:    $19.00 / month\n") {
		t.Errorf("stdout =\n%s\nwant the recurring price", stdout)
	}
	if reqs := s.Requests(); len(reqs) == 0 || !bytes.Contains(reqs[0].Body, []byte(`"product_price_id":"`+polartest.RecurringPriceID+`"`)) {
		t.Errorf("create body = %s, want product_price_id", reqs[0].Body)
	}
}

func TestRunFailures(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	tests := []struct {
		name       string
		token      string
		args       []string
		wantStderr []string
	}{
		{
			name:  "422 lists every field error",
			token: s.AccessToken,
			args:  []string{"-base-url", s.URL, "-product", "not-a-uuid", "-success-url", "example.com/thanks"},
			wantStderr: []string{
				"checkout: invalid request, not sent:\n",
				"  body.products.0: Input should be a valid UUID, invalid character: ",
				"  body.success_url: Input should be a valid URL, relative URL without a base\n",
			},
		},
		{
			name:       "unknown product",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL, "-product", "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"},
			wantStderr: []string{"checkout: Polar refused the request:\n", "  body.products.0: Product does not exist.\n"},
		},
		{
			name:       "unknown price",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL, "-price", "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"},
			wantStderr: []string{"  body.product_price_id: Price does not exist.\n"},
		},
		{
			name:       "both forms",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL, "-product", polartest.RecurringProductID, "-price", polartest.RecurringPriceID},
			wantStderr: []string{"checkout: pass -product or -price, not both"},
		},
		{
			name:       "wrong token",
			token:      "polar_oat_wrong",
			args:       []string{"-base-url", s.URL, "-product", polartest.RecurringProductID},
			wantStderr: []string{"401", "Check POLAR_ACCESS_TOKEN; a sandbox token needs -sandbox.\n"},
		},
		{
			name:       "token without -product",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL},
			wantStderr: []string{"checkout: -product is required with POLAR_ACCESS_TOKEN"},
		},
		{
			name:       "bad base URL",
			token:      s.AccessToken,
			args:       []string{"-base-url", "not a url", "-product", polartest.RecurringProductID},
			wantStderr: []string{"checkout: polar: WithBaseURL"},
		},
		{
			name:       "unknown flag",
			args:       []string{"-nope"},
			wantStderr: []string{"flag provided but not defined: -nope"},
		},
		{
			name:       "stray argument",
			args:       []string{"extra"},
			wantStderr: []string{`checkout: unexpected argument "extra"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := runCommand(t, env(tt.token), tt.args...)
			if code != 1 {
				t.Errorf("run = %d, want 1", code)
			}
			if strings.Contains(stdout, "Checkout:") {
				t.Errorf("stdout = %q, want no checkout", stdout)
			}
			for _, want := range tt.wantStderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr =\n%s\nwant it to contain %q", stderr, want)
				}
			}
			if tt.token != "" && strings.Contains(stderr, tt.token) {
				t.Errorf("stderr shows the access token:\n%s", stderr)
			}
		})
	}
}

func TestFormatPrice(t *testing.T) {
	t.Parallel()
	month, year := polar.RecurringIntervalMonth, polar.RecurringIntervalYear
	recurring := func(interval *polar.RecurringInterval) *polar.CheckoutProduct {
		return &polar.CheckoutProduct{RecurringInterval: interval}
	}
	price := func(js string) polar.CheckoutProductPrice {
		var p polar.CheckoutProductPrice
		if err := p.UnmarshalJSON([]byte(js)); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fixed := func(cents int, currency string) polar.CheckoutProductPrice {
		return price(`{"amount_type":"fixed","price_amount":` + strconv.Itoa(cents) + `,"price_currency":"` + currency + `"}`)
	}
	tests := []struct {
		name    string
		product *polar.CheckoutProduct
		price   polar.CheckoutProductPrice
		want    string
	}{
		{"monthly usd", recurring(&month), fixed(1900, "usd"), "$19.00 / month"},
		{"yearly usd", recurring(&year), fixed(19000, "usd"), "$190.00 / year"},
		{"one-time usd", recurring(nil), fixed(1900, "usd"), "$19.00"},
		{"cents are padded", recurring(nil), fixed(1905, "usd"), "$19.05"},
		{"less than a dollar", recurring(nil), fixed(5, "usd"), "$0.05"},
		{"free", recurring(nil), fixed(0, "usd"), "$0.00"},
		{"upper-case USD", recurring(nil), fixed(1900, "USD"), "$19.00"},
		{"other currency", recurring(nil), fixed(1900, "eur"), "19.00 EUR"},
		{"other currency, monthly", recurring(&month), fixed(250000, "gbp"), "2500.00 GBP / month"},
		{"negative", recurring(nil), fixed(-1900, "usd"), "-$19.00"},
		{"pay what you want", recurring(nil), price(`{"amount_type":"custom"}`), "pay what you want"},
		{"legacy recurring carries its interval", recurring(nil),
			price(`{"amount_type":"fixed","legacy":true,"type":"recurring","recurring_interval":"year","price_amount":1000,"price_currency":"usd"}`), "$10.00 / year"},
		{"unknown kind", recurring(nil), price(`{"amount_type":"tiered"}`), "a kind of price this program does not know (tiered)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := formatPrice(tt.product, tt.price)
			if err != nil || got != tt.want {
				t.Errorf("formatPrice = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if got, err := formatPrice(recurring(nil), price(`[]`)); err == nil {
		t.Errorf("formatPrice([]) = %q, want an error", got)
	}
}
