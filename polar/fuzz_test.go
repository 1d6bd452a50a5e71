package polar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	core "github.com/polar-checkouts/polar-go/polar"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// The fuzz targets below run their seed corpora (testdata/fuzz/<name>/) as
// ordinary tests; `make fuzz` runs each for FUZZTIME. Responses come from an
// in-memory HTTPDoer, so an input costs microseconds, not a round trip.

// FuzzErrorBody feeds any status 400-599, Retry-After value and body to the
// error path. The call must not panic and must return an *APIError or a
// *ValidationError (never both) with that status, a body of at most 64 KiB,
// a Retry-After wait within [0, 24h], the access token nowhere, and the
// response body closed.
func FuzzErrorBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, code uint16, retryAfter string, body []byte) {
		status := 400 + int(code)%200
		resp := &fuzzResponse{status: status, ctype: "application/json", body: body}
		resp.header = http.Header{"Retry-After": {retryAfter}}
		c := fuzzClient(t, resp)

		out, err := c.Checkouts.Get(context.Background(), checkoutID)
		if out != nil || err == nil {
			t.Fatalf("Get = %v, %v; want nil and an error", out, err)
		}
		if !resp.closed() {
			t.Error("response body left open")
		}
		msg := err.Error()
		if want := "polar: " + strconv.Itoa(status); !strings.HasPrefix(msg, want) {
			t.Errorf("err = %q, want it to start with %q", msg, want)
		}
		if strings.Contains(msg, fuzzToken) {
			t.Errorf("err = %q shows the token", msg)
		}

		var ae *polar.APIError
		var ve *polar.ValidationError
		isAPI, isValidation := errors.As(err, &ae), errors.As(err, &ve)
		switch {
		case isAPI == isValidation:
			t.Fatalf("err = %#v: want exactly one of *APIError and *ValidationError", err)
		case isValidation:
			if status != http.StatusUnprocessableEntity || ve.StatusCode != status {
				t.Errorf("ValidationError for status %d has StatusCode %d", status, ve.StatusCode)
			}
			fuzzCheckBody(t, ve.Body)
		case isAPI:
			if ae.StatusCode != status {
				t.Errorf("APIError.StatusCode = %d, want %d", ae.StatusCode, status)
			}
			if ae.RetryAfter < 0 || ae.RetryAfter > 24*time.Hour {
				t.Errorf("RetryAfter = %v for %q, want within [0, 24h]", ae.RetryAfter, retryAfter)
			}
			if got, want := errors.Is(err, polar.ErrServer), status >= 500; got != want {
				t.Errorf("errors.Is(err, ErrServer) = %v for status %d", got, status)
			}
			fuzzCheckBody(t, ae.Body)
			if strings.Contains(fmt.Sprint(ae.Header), fuzzToken) {
				t.Errorf("Header %v shows the token", ae.Header)
			}
		}
	})
}

func fuzzCheckBody(t *testing.T, b []byte) {
	t.Helper()
	if len(b) > 64<<10 {
		t.Errorf("len(Body) = %d, want at most 64 KiB", len(b))
	}
	if bytes.Contains(b, []byte(fuzzToken)) {
		t.Errorf("Body shows the token")
	}
}

// FuzzRetryAfter checks Retry-After parsing: never negative, never above
// 24h, delay-seconds exact, and an HTTP date offset seconds from now read as
// exactly that many seconds.
func FuzzRetryAfter(f *testing.F) {
	now := time.Date(2024, 9, 4, 12, 34, 56, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string, offset int64) {
		d := core.ParseRetryAfter(v, now)
		if d < 0 || d > 24*time.Hour {
			t.Fatalf("ParseRetryAfter(%q) = %v, want within [0, 24h]", v, d)
		}
		if s := strings.TrimSpace(v); s != "" && len(s) <= 18 && strings.Trim(s, "0123456789") == "" {
			n, _ := strconv.ParseInt(s, 10, 64)
			if want := time.Duration(min(n, 86400)) * time.Second; d != want {
				t.Errorf("ParseRetryAfter(%q) = %v, want %v", v, d, want)
			}
		}

		// The same offset as delay-seconds and as a date.
		want := time.Duration(min(max(offset, 0), 86400)) * time.Second
		if got := core.ParseRetryAfter(strconv.FormatInt(offset, 10), now); got != want {
			t.Errorf("ParseRetryAfter(%d) = %v, want %v", offset, got, want)
		}
		if offset > -1<<33 && offset < 1<<33 { // dates within about 270 years
			date := now.Add(time.Duration(offset) * time.Second).Format(http.TimeFormat)
			if got := core.ParseRetryAfter(date, now); got != want {
				t.Errorf("ParseRetryAfter(%q) = %v, want %v", date, got, want)
			}
		}
	})
}

// FuzzCheckoutDecode feeds any body as a 200 application/json answer to Get:
// either a Checkout with an id and a client secret comes back and no error,
// or an error and no Checkout; never both nil, never a panic. Whatever
// prices, discount and custom fields it has, the union Value functions
// never panic on them.
func FuzzCheckoutDecode(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		resp := &fuzzResponse{status: 200, ctype: "application/json", body: body}
		c := fuzzClient(t, resp)
		out, err := c.Checkouts.Get(context.Background(), checkoutID)
		switch {
		case err == nil && out == nil:
			t.Fatal("Get returned neither a checkout nor an error")
		case err != nil && out != nil:
			t.Fatalf("Get returned both %+v and %v", out, err)
		case err == nil && (out.ID == "" || out.ClientSecret == ""):
			t.Fatalf("Get accepted a checkout without an id or client secret: %+v", out)
		case err != nil:
			const prefix = "polar: get checkout: unexpected response 200 OK (application/json): "
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("err = %q, want it to start with %q", err, prefix)
			}
		}
		if !resp.closed() {
			t.Error("response body left open")
		}
		if out != nil {
			fuzzUnions(t, out)
		}
	})
}

// fuzzUnions calls every union Value function on what c holds.
func fuzzUnions(t *testing.T, c *polar.Checkout) {
	var prices []polar.CheckoutProductPrice
	if c.ProductPrice != nil {
		prices = append(prices, *c.ProductPrice)
	}
	for _, ps := range c.Prices {
		prices = append(prices, ps...)
	}
	for _, p := range c.Products {
		prices = append(prices, p.Prices...)
	}
	for _, p := range prices {
		fuzzValue(t, "PriceValue", func() (any, error) { return polar.PriceValue(p) })
	}
	if c.Discount != nil {
		fuzzValue(t, "DiscountValue", func() (any, error) { return polar.DiscountValue(*c.Discount) })
	}
	if c.AttachedCustomFields != nil {
		for _, f := range *c.AttachedCustomFields {
			fuzzValue(t, "CustomFieldValue", func() (any, error) { return polar.CustomFieldValue(f.CustomField) })
		}
	}
}

// fuzzValue checks that a Value function returns exactly one of a value
// and an error.
func fuzzValue(t *testing.T, name string, f func() (any, error)) {
	t.Helper()
	v, err := f()
	if (v == nil) == (err == nil) {
		t.Errorf("%s = %#v, %v; want exactly one of a value and an error", name, v, err)
	}
	if u, ok := v.(polar.Unknown); ok && !json.Valid(u.JSON) {
		t.Errorf("%s: Unknown.JSON %q is not JSON", name, u.JSON)
	}
}

// FuzzUnionValues feeds any JSON to the three union types: decoding it and
// calling PriceValue, DiscountValue and CustomFieldValue never panics and
// gives a value or an error, never both or neither; a known kind is never
// Unknown.
func FuzzUnionValues(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		var p polar.CheckoutProductPrice
		if json.Unmarshal(raw, &p) == nil {
			fuzzValue(t, "PriceValue", func() (any, error) { return polar.PriceValue(p) })
		}
		var d polar.CheckoutDiscount
		if json.Unmarshal(raw, &d) == nil {
			fuzzValue(t, "DiscountValue", func() (any, error) { return polar.DiscountValue(d) })
		}
		var c polar.CustomField
		if json.Unmarshal(raw, &c) == nil {
			v, err := polar.CustomFieldValue(c)
			if (v == nil) == (err == nil) {
				t.Errorf("CustomFieldValue = %#v, %v", v, err)
			}
			if u, ok := v.(polar.Unknown); ok {
				switch u.Kind {
				case "text", "number", "date", "checkbox", "select":
					t.Errorf("CustomFieldValue: known kind %q came out Unknown", u.Kind)
				}
			}
		}
	})
}

const fuzzToken = "polar_oat_SECRET-9f8e7d6c"

// fuzzClient returns a Client without retries whose every request is
// answered by resp.
func fuzzClient(t *testing.T, resp *fuzzResponse) *polar.Client {
	t.Helper()
	c, err := newClient(
		polar.WithAccessToken(fuzzToken),
		polar.WithBaseURL("https://api.polar.invalid"),
		polar.WithHTTPClient(resp),
		polar.WithRetryConfig(polar.RetryConfig{}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fuzzResponse is an HTTPDoer that answers with one in-memory response and
// notes whether its body was closed.
type fuzzResponse struct {
	status int
	ctype  string
	header http.Header
	body   []byte
	rc     *fuzzBody
}

func (r *fuzzResponse) Do(req *http.Request) (*http.Response, error) {
	h := r.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", r.ctype)
	r.rc = &fuzzBody{Reader: bytes.NewReader(r.body)}
	return &http.Response{
		Status:        strconv.Itoa(r.status) + " " + http.StatusText(r.status),
		StatusCode:    r.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          r.rc,
		ContentLength: int64(len(r.body)),
		Request:       req,
	}, nil
}

func (r *fuzzResponse) closed() bool { return r.rc != nil && r.rc.closed }

type fuzzBody struct {
	*bytes.Reader
	closed bool
}

func (b *fuzzBody) Close() error {
	b.closed = true
	return nil
}
