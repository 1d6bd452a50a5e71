package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
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
Checkout: (cs_test_\w+)
URL:      https://sandbox\.polar\.sh/checkout/cs_test_\w+
Product:  Pro Plan
Price:    \$19\.00 / month
$`)
	if !want.MatchString(stdout) {
		t.Errorf("stdout =\n%s\nwant it to match\n%s", stdout, want)
	}
}

func TestRunWithToken(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	code, stdout, stderr := runCommand(t, env(s.AccessToken),
		"-base-url", s.URL, "-price", polartest.OneTimePriceID, "-success-url", "https://shop.example.com/thanks")
	if code != 0 || stderr != "" {
		t.Fatalf("run = %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if strings.Contains(stdout, "polartest") || !strings.Contains(stdout, "Product:  Pro Plan\nPrice:    $19.00\n") {
		t.Errorf("stdout =\n%s\nwant the one-time price and no polartest notice", stdout)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || !bytes.Contains(reqs[0].Body, []byte(`"success_url":"https://shop.example.com/thanks"`)) {
		t.Errorf("server saw %d requests, first body %s; want create with -success-url, then get", len(reqs), reqs[0].Body)
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
			args:  []string{"-base-url", s.URL, "-price", "not-a-uuid", "-success-url", "example.com/thanks"},
			wantStderr: []string{
				"checkout: Polar refused the request:\n",
				"  body.product_price_id: Input should be a valid UUID, invalid character: ",
				"  body.success_url: Input should be a valid URL, relative URL without a base\n",
			},
		},
		{
			name:       "unknown price",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL, "-price", "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"},
			wantStderr: []string{"  body.product_price_id: Price does not exist.\n"},
		},
		{
			name:       "refused before sending",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL, "-price", polartest.RecurringPriceID, "-success-url", ""},
			wantStderr: []string{"checkout: invalid request, not sent:\n", "  body.success_url: "},
		},
		{
			name:       "wrong token",
			token:      "polar_oat_wrong",
			args:       []string{"-base-url", s.URL, "-price", polartest.RecurringPriceID},
			wantStderr: []string{"401", "Check POLAR_ACCESS_TOKEN; a sandbox token needs -sandbox.\n"},
		},
		{
			name:       "token without -price",
			token:      s.AccessToken,
			args:       []string{"-base-url", s.URL},
			wantStderr: []string{"checkout: -price is required with POLAR_ACCESS_TOKEN"},
		},
		{
			name:       "bad base URL",
			token:      s.AccessToken,
			args:       []string{"-base-url", "not a url", "-price", polartest.RecurringPriceID},
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
	month, year := polar.ProductPriceRecurringIntervalMonth, polar.ProductPriceRecurringIntervalYear
	recurring := func(cents int, currency string, interval *polar.ProductPriceRecurringInterval) polar.ProductPrice {
		var p polar.ProductPrice
		if err := p.FromProductPriceRecurring(polar.ProductPriceRecurring{PriceAmount: cents, PriceCurrency: currency, RecurringInterval: interval}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	oneTime := func(cents int, currency string) polar.ProductPrice {
		var p polar.ProductPrice
		if err := p.FromProductPriceOneTime(polar.ProductPriceOneTime{PriceAmount: cents, PriceCurrency: currency}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name  string
		price polar.ProductPrice
		want  string
	}{
		{"monthly usd", recurring(1900, "usd", &month), "$19.00 / month"},
		{"yearly usd", recurring(19000, "usd", &year), "$190.00 / year"},
		{"recurring without interval", recurring(1900, "usd", nil), "$19.00"},
		{"one-time usd", oneTime(1900, "usd"), "$19.00"},
		{"cents are padded", oneTime(1905, "usd"), "$19.05"},
		{"less than a dollar", oneTime(5, "usd"), "$0.05"},
		{"free", oneTime(0, "usd"), "$0.00"},
		{"upper-case USD", oneTime(1900, "USD"), "$19.00"},
		{"other currency", oneTime(1900, "eur"), "19.00 EUR"},
		{"other currency, monthly", recurring(250000, "gbp", &month), "2500.00 GBP / month"},
		{"negative", oneTime(-1900, "usd"), "-$19.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := formatPrice(tt.price)
			if err != nil || got != tt.want {
				t.Errorf("formatPrice = %q, %v; want %q", got, err, tt.want)
			}
		})
	}

	var unknown polar.ProductPrice
	if err := unknown.UnmarshalJSON([]byte(`{"type":"tiered","price_amount":1}`)); err != nil {
		t.Fatal(err)
	}
	if got, err := formatPrice(unknown); err == nil {
		t.Errorf("formatPrice(tiered) = %q, want an error", got)
	}
}
