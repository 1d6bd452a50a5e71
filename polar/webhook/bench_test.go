package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchBody is a checkout.updated envelope of about 10 KB, shaped like
// Polar's (a checkout with a product, two prices, a discount, custom field
// data and metadata), compact as Polar sends it.
func benchBody(tb testing.TB) []byte {
	tb.Helper()
	return benchBodyOf(tb, 1)
}

// benchBodyOf is benchBody with the checkout's product offered n times
// over (n = 0: a checkout of about 1 KB, without its products).
func benchBodyOf(tb testing.TB, n int) []byte {
	tb.Helper()
	price := func(id, typ string, amount int) map[string]any {
		return map[string]any{
			"created_at": "2026-08-01T10:00:00.000000Z", "modified_at": nil, "id": id,
			"source": "catalog", "amount_type": "fixed", "is_archived": false,
			"product_id": "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "type": typ,
			"recurring_interval": "month", "price_currency": "usd", "price_amount": amount,
		}
	}
	product := map[string]any{
		"id": "9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d", "created_at": "2026-08-01T10:00:00.000000Z", "modified_at": "2026-08-02T11:00:00.000000Z",
		"trial_interval": nil, "trial_interval_count": nil, "name": "Pro plan",
		"description":        strings.Repeat("Everything in Basic, plus priority support, unlimited projects and early access to new features. ", 26),
		"recurring_interval": "month", "recurring_interval_count": 1, "is_recurring": true, "is_archived": false,
		"organization_id": "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f", "metadata": map[string]any{"tier": "pro", "plan_code": "PRO-M"},
		"prices":   []any{price("11111111-2222-4333-8444-555555555555", "recurring", 1900), price("66666666-7777-4888-9999-000000000000", "recurring", 19000)},
		"benefits": []any{}, "medias": []any{},
	}
	checkout := map[string]any{
		"id": "e4b478fa-cd25-4253-9f1f-8a41e6370ede", "created_at": "2026-08-22T08:40:00.000000Z", "modified_at": "2026-08-22T08:47:05.123456Z",
		"payment_processor": "stripe", "status": "succeeded", "client_secret": "polar_c_" + strings.Repeat("x", 48),
		"url":        "https://buy.polar.sh/polar_c_" + strings.Repeat("x", 48),
		"expires_at": "2026-08-22T09:40:00.000000Z", "success_url": "https://shop.example.com/success?checkout_id={CHECKOUT_ID}",
		"return_url": nil, "embed_origin": nil, "amount": 1710, "discount_amount": 190, "net_amount": 1710, "tax_amount": 0,
		"total_amount": 1710, "subtotal_amount": 1900, "currency": "usd", "allow_trial": true, "active_trial_interval": nil,
		"product_id": product["id"], "product_price_id": "11111111-2222-4333-8444-555555555555", "discount_id": "d1d2d3d4-e5e6-4f7a-8b9c-0d1e2f3a4b5c",
		"allow_discount_codes": true, "require_billing_address": false, "is_discount_applicable": true, "is_free_product_price": false,
		"is_payment_required": true, "is_payment_setup_required": true, "is_payment_form_required": true,
		"customer_id": "c0c1c2c3-d4d5-4e6f-8a7b-9c0d1e2f3a4b", "is_business_customer": false, "customer_name": "Jane Müller",
		"customer_email": "jane@example.com", "customer_ip_address": "203.0.113.7", "customer_billing_name": "Jane Müller",
		"customer_billing_address": map[string]any{"line1": "Hauptstraße 1", "line2": nil, "postal_code": "10115", "city": "Berlin", "state": nil, "country": "DE"},
		"customer_tax_id":          nil, "payment_processor_metadata": map[string]any{"publishable_key": "pk_live_" + strings.Repeat("y", 90), "customer_session_client_secret": "cuss_secret_" + strings.Repeat("z", 60)},
		"billing_address_fields":          map[string]any{"country": "required", "state": "disabled", "city": "disabled", "postal_code": "disabled", "line1": "disabled", "line2": "disabled"},
		"customer_billing_address_fields": map[string]any{"country": true, "state": false, "city": false, "postal_code": false, "line1": false, "line2": false},
		"metadata":                        map[string]any{"order_ref": "A-10023", "campaign": "summer-2026", "source": "newsletter"},
		"external_customer_id":            "user_8812", "customer_external_id": "user_8812",
		"products": []any{product}, "product": product, "product_price": price("11111111-2222-4333-8444-555555555555", "recurring", 1900),
		"prices":          map[string]any{"9a1c2b3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d": product["prices"]},
		"discount":        map[string]any{"duration": "once", "type": "percentage", "basis_points": 1000, "id": "d1d2d3d4-e5e6-4f7a-8b9c-0d1e2f3a4b5c", "name": "Summer 10%", "code": "SUMMER10"},
		"subscription_id": nil, "attached_custom_fields": []any{map[string]any{
			"custom_field_id": "cf000000-0000-4000-8000-000000000001", "order": 0, "required": true,
			"custom_field": map[string]any{"type": "text", "slug": "company", "name": "Company", "properties": map[string]any{"form_label": "Company name", "form_help_text": "As it should appear on the invoice", "textarea": false}},
		}},
		"custom_field_data": map[string]any{"company": "Müller GmbH"}, "customer_metadata": map[string]any{},
	}
	switch {
	case n == 0:
		for _, k := range []string{"products", "product", "prices", "product_price", "attached_custom_fields", "payment_processor_metadata", "billing_address_fields", "customer_billing_address_fields", "discount"} {
			delete(checkout, k)
		}
	case n > 1:
		products := make([]any, n)
		for i := range products {
			products[i] = product
		}
		checkout["products"] = products
	}
	b, err := json.Marshal(map[string]any{"type": "checkout.updated", "timestamp": "2026-08-22T08:47:05.123456Z", "data": checkout})
	if err != nil {
		tb.Fatal(err)
	}
	// Marshal sorts keys; Polar puts type, timestamp and data in that order.
	b, err = json.Marshal(struct {
		Type      string          `json:"type"`
		Timestamp string          `json:"timestamp"`
		Data      json.RawMessage `json:"data"`
	}{"checkout.updated", "2026-08-22T08:47:05.123456Z", mustData(tb, b)})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustData(tb testing.TB, env []byte) json.RawMessage {
	var e struct{ Data json.RawMessage }
	if err := json.Unmarshal(env, &e); err != nil {
		tb.Fatal(err)
	}
	return e.Data
}

func TestBenchBodyIsAnEvent(t *testing.T) {
	body := benchBody(t)
	if len(body) < 8<<10 || len(body) > 12<<10 {
		t.Errorf("bench body is %d bytes, want about 10 KB", len(body))
	}
	now := time.Unix(1787388425, 0)
	if _, err := verify(vecSecret, headers(vecID, vecTS, Sign(vecSecret, vecID, now, body)), body, now); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkVerify compares Verify (impl=sdk) with the least any verifier
// must do, one HMAC-SHA256 over the signed content (impl=hmac), and with
// that HMAC plus a decode of the envelope by encoding/json (impl=hmac-json,
// what Verify did up to v0.2), on checkout.updated deliveries of about
// 1 KB, 10 KB and 1 MiB signed as Polar signs them today (a whsec_ secret
// made since 2026-09-08, the Standard Webhooks key). Compare with
// benchstat -col /impl: the target is at most 2x impl=hmac in time and in
// allocations.
func BenchmarkVerify(b *testing.B) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI="
	key := signingKey(secret)
	for _, size := range []struct {
		name     string
		products int
	}{{"1KB", 0}, {"10KB", 1}, {"1MB", 290}} {
		body := benchBodyOf(b, size.products)
		// A fresh timestamp per run of the benchmark, within Tolerance.
		signed := func() (http.Header, string, []byte) {
			now := time.Now()
			ts := strconv.FormatInt(now.Unix(), 10)
			sig := Sign(secret, vecID, now, body)
			want, err := base64.StdEncoding.DecodeString(sig[3:])
			if err != nil {
				b.Fatal(err)
			}
			return headers(vecID, ts, sig), ts, want
		}
		b.Run("body="+size.name+"/impl=hmac", func(b *testing.B) {
			_, ts, want := signed()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				mac := hmac.New(sha256.New, key)
				mac.Write([]byte(vecID + "." + ts + "."))
				mac.Write(body)
				if !hmac.Equal(mac.Sum(nil), want) {
					b.Fatal("signature mismatch")
				}
			}
		})
		b.Run("body="+size.name+"/impl=hmac-json", func(b *testing.B) {
			_, ts, want := signed()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				mac := hmac.New(sha256.New, key)
				mac.Write([]byte(vecID + "." + ts + "."))
				mac.Write(body)
				if !hmac.Equal(mac.Sum(nil), want) {
					b.Fatal("signature mismatch")
				}
				var env struct {
					Type      string          `json:"type"`
					Timestamp string          `json:"timestamp"`
					Data      json.RawMessage `json:"data"`
				}
				if err := json.Unmarshal(body, &env); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("body="+size.name+"/impl=sdk", func(b *testing.B) {
			h, _, _ := signed()
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Verify(secret, h, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestBenchBodySizes(t *testing.T) {
	for _, tt := range []struct {
		products int
		min, max int
	}{{0, 1 << 10, 2 << 10}, {1, 8 << 10, 12 << 10}, {290, 1 << 20, 1<<20 + 64<<10}} {
		body := benchBodyOf(t, tt.products)
		if len(body) < tt.min || len(body) > tt.max {
			t.Errorf("%d products: body of %d bytes, want %d to %d", tt.products, len(body), tt.min, tt.max)
		}
		now := time.Unix(1787388425, 0)
		if _, err := verify(vecSecret, headers(vecID, vecTS, Sign(vecSecret, vecID, now, body)), body, now); err != nil {
			t.Errorf("%d products: %v", tt.products, err)
		}
	}
}
