package polartest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
	v2027 "github.com/polar-checkouts/polar-go/polar/v2027_01"
)

// pick returns the keys of m, encoded, for a log line.
func pick(m map[string]any, keys ...string) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(" ")
		}
		v, _ := json.Marshal(m[k])
		fmt.Fprintf(&b, "%s=%s", k, v)
	}
	return b.String()
}

// TestClearing: a field sent as JSON null is cleared as Polar clears it,
// and the answer shows it cleared; metadata {} replaces the metadata;
// metadata null is refused (it is not nullable). In every version, on the
// three update operations.
func TestClearing(t *testing.T) {
	t.Parallel()
	for _, v := range spectest.Versions(t) {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s, _ := start(t)
			pv := []string{"Polar-Version", v}
			c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","discount_id":"`+polartest.DiscountID+`","customer_name":"Jane Doe","customer_email":"jane@example.com",`+
				`"customer_billing_name":"Acme","customer_billing_address":{"country":"FR","city":"Paris"},"customer_tax_id":"FR123","customer_ip_address":"192.0.2.1",`+
				`"success_url":"https://shop.example.com/ok","return_url":"https://shop.example.com/back","embed_origin":"https://shop.example.com",`+
				`"metadata":{"order":"42"},"customer_metadata":{"tier":"gold"},"trial_interval":"week","trial_interval_count":2,"allow_trial":true}`, pv...)
			id, secret := c["id"].(string), c["client_secret"].(string)
			if c["discount_amount"] != 475.0 || c["total_amount"] != 1425.0 {
				t.Fatalf("before: %s", pick(c, "discount_amount", "total_amount"))
			}
			for _, tc := range []struct {
				body string
				want map[string]any
			}{
				{`{"discount_id":null}`, map[string]any{"discount_id": nil, "discount": nil, "discount_amount": 0.0, "net_amount": 1900.0, "total_amount": 1900.0}},
				{`{"customer_name":null,"customer_billing_name":null,"customer_tax_id":null}`, map[string]any{"customer_name": nil, "customer_billing_name": nil, "customer_tax_id": nil}},
				{`{"customer_billing_address":null,"customer_ip_address":null}`, map[string]any{"customer_billing_address": nil, "customer_ip_address": nil}},
				{`{"return_url":null,"embed_origin":null}`, map[string]any{"return_url": nil, "embed_origin": nil}},
				{`{"success_url":null}`, map[string]any{"success_url": c["url"].(string) + "/confirmation"}},
				{`{"trial_interval":null,"trial_interval_count":null,"allow_trial":null}`, map[string]any{"trial_interval": nil, "trial_interval_count": nil, "allow_trial": nil, "active_trial_interval": nil}},
				{`{"customer_metadata":null}`, map[string]any{"customer_metadata": map[string]any{}}},
				{`{"metadata":{}}`, map[string]any{"metadata": map[string]any{}}},
				{`{"customer_email":null}`, map[string]any{"customer_email": nil}},
			} {
				r := call(t, s, "PATCH", "/v1/checkouts/"+id, tc.body, pv...)
				got := r.json(t)
				var keys []string
				for k, want := range tc.want {
					keys = append(keys, k)
					if fmt.Sprint(got[k]) != fmt.Sprint(want) {
						t.Errorf("PATCH %s: %s = %v, want %v", tc.body, k, got[k], want)
					}
				}
				t.Logf("%s PATCH /v1/checkouts/{id} %s -> %d %s", v, tc.body, r.status, pick(got, keys...))
			}
			r := call(t, s, "PATCH", "/v1/checkouts/"+id, `{"metadata":null}`, pv...)
			// Polar writes "input":null too; the generated ValidationError
			// leaves a nil input out (omitempty).
			want := `{"detail":[{"loc":["body","metadata"],"msg":"Input should be a valid dictionary","type":"dict_type"}],"error":"RequestValidationError"}`
			if r.status != 422 || !jsonEqual(t, r.body, want) {
				t.Errorf("metadata null: %d %s", r.status, r.body)
			}
			t.Logf("%s PATCH /v1/checkouts/{id} {\"metadata\":null} -> %d %s", v, r.status, r.body)

			// The client routes: discount code and customer fields.
			r = call(t, s, "PATCH", "/v1/checkouts/client/"+secret, `{"discount_code":"LAUNCH25","customer_name":"Jane"}`, pv...)
			if u := r.json(t); u["discount_amount"] != 475.0 || u["customer_name"] != "Jane" {
				t.Fatalf("client set: %s", r.body)
			}
			r = call(t, s, "PATCH", "/v1/checkouts/client/"+secret, `{"discount_code":null,"customer_name":null}`, pv...)
			u := r.json(t)
			if u["discount_id"] != nil || u["discount_amount"] != 0.0 || u["total_amount"] != 1900.0 || u["customer_name"] != nil {
				t.Errorf("client clear: %s", pick(u, "discount_id", "discount_amount", "total_amount", "customer_name"))
			}
			t.Logf("%s PATCH /v1/checkouts/client/{secret} {\"discount_code\":null,\"customer_name\":null} -> %d %s", v, r.status, pick(u, "discount_id", "discount_amount", "total_amount", "customer_name"))
			r = call(t, s, "POST", "/v1/checkouts/client/"+secret+"/confirm", `{"customer_email":"jane@example.com","customer_billing_address":null,"customer_name":null,"confirmation_token_id":"ctoken_1"}`, pv...)
			u = r.json(t)
			if r.status != 200 || u["customer_billing_address"] != nil || u["customer_name"] != nil || u["status"] != "confirmed" {
				t.Errorf("confirm clear: %d %s", r.status, pick(u, "status", "customer_billing_address", "customer_name"))
			}
			t.Logf("%s POST /v1/checkouts/client/{secret}/confirm {\"customer_email\":\"jane@example.com\",\"customer_billing_address\":null,\"customer_name\":null,\"confirmation_token_id\":\"ctoken_1\"} -> %d %s", v, r.status, pick(u, "status", "customer_billing_address", "customer_name", "customer_email"))
		})
	}
}

// seatPrice is an ad-hoc seat-based price in each version's shape: 1-2
// seats at 900, 3 or more at 700, at least 1.
var seatPrice = map[string]string{
	"2026-10": `{"amount_type":"seat_based","seat_tiers":{"seat_tier_type":"volume","tiers":[{"min_seats":1,"max_seats":2,"price_per_seat":900},{"min_seats":3,"price_per_seat":700}]}}`,
	"2027-01": `{"amount_type":"seat_based","tiers":{"type":"volume","tiers":[{"unit_amount":"900","bound":2},{"unit_amount":700}]},"minimum_units":1}`,
}

// TestAdHocPrices: the prices of a create are what the checkout charges,
// in every kind and every version; what Polar refuses is refused.
func TestAdHocPrices(t *testing.T) {
	t.Parallel()
	for _, v := range spectest.Versions(t) {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s, _ := start(t)
			pv := []string{"Polar-Version", v}
			p := polartest.OneTimeProductID
			body := func(prices string, extra string) string {
				return `{"products":["` + p + `"],"prices":{"` + p + `":[` + prices + `]}` + extra + `}`
			}
			meter := `"meter_id":"2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"`
			for _, tc := range []struct {
				name, prices, extra, kind string
				amount                    float64
			}{
				{"fixed", `{"amount_type":"fixed","price_amount":2500}`, "", "fixed", 2500},
				{"free", `{"amount_type":"free"}`, "", "fixed", 0},
				{"custom: preset", `{"amount_type":"custom","minimum_amount":100,"preset_amount":300}`, "", "custom", 300},
				{"custom: amount", `{"amount_type":"custom","minimum_amount":100}`, `,"amount":777`, "custom", 777},
				{"seat-based, 4 seats", seatPrice[v], `,"seats":4`, "seat_based", 2800},
				{"seat-based, default seats", seatPrice[v], "", "seat_based", 900},
				{"metered unit", `{"amount_type":"metered_unit",` + meter + `,"unit_amount":"0.25","cap_amount":1000}`, "", "metered_unit", 0},
				{"unit-based, 3 units", `{"amount_type":"unit_based","tiers":{"type":"volume","tiers":[{"unit_amount":"150.5","bound":10},{"unit_amount":"100"}]}}`, `,"units":3`, "unit_based", 452},
				{"two prices, the first selected", `{"amount_type":"fixed","price_amount":100},{"amount_type":"fixed","price_amount":200}`, "", "fixed", 100},
			} {
				c := create(t, s, body(tc.prices, tc.extra), pv...)
				pp, _ := c["product_price"].(map[string]any)
				prices := c["prices"].(map[string]any)[p].([]any)
				first := prices[0].(map[string]any)
				if c["amount"] != tc.amount || pp["amount_type"] != tc.kind || pp["source"] != "ad_hoc" || pp["id"] != c["product_price_id"] ||
					first["id"] != pp["id"] || pp["id"] == polartest.OneTimePriceID {
					t.Errorf("%s: amount %v, price %v", tc.name, c["amount"], pp)
				}
				if tc.kind == "seat_based" {
					_, has2026 := pp["seat_tiers"]
					if has2026 != (v == "2026-10") {
						t.Errorf("%s: seat-based price not in %s's shape: %v", tc.name, v, pp)
					}
				}
				t.Logf("%s %s: amount %v, %s", v, tc.name, c["amount"], pick(c, "seats", "units"))
				// The checkout reads back with its ad-hoc price.
				got := call(t, s, "GET", "/v1/checkouts/"+c["id"].(string), "", pv...).json(t)
				if got["amount"] != tc.amount || got["product_price_id"] != c["product_price_id"] {
					t.Errorf("%s: read back amount %v price %v", tc.name, got["amount"], got["product_price_id"])
				}
			}
			label := "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutProductsCreate]]]"
			for _, tc := range []struct {
				name, prices string
				typ          string
				loc          []any
			}{
				{"empty list", ``, "too_short", []any{"body", label, "prices", p}},
				{"unknown amount type", `{"amount_type":"gift","price_amount":1}`, "union_tag_invalid", []any{"body", label, "prices", p, 0.0}},
				{"empty object", `{}`, "union_tag_not_found", []any{"body", label, "prices", p, 0.0}},
				{"null", `null`, "model_attributes_type", []any{"body", label, "prices", p, 0.0}},
				{"fixed without its amount", `{"amount_type":"fixed"}`, "missing", []any{"body", label, "prices", p, 0.0, "fixed", "price_amount"}},
				{"seat-based in the other version's shape", seatPrice[map[string]string{"2026-10": "2027-01", "2027-01": "2026-10"}[v]], "missing", nil},
			} {
				r := call(t, s, "POST", "/v1/checkouts/", body(tc.prices, ""), pv...)
				m := r.json(t)
				items, _ := m["detail"].([]any)
				if r.status != 422 || m["error"] != "RequestValidationError" || len(items) < 3 {
					t.Errorf("%s: %d %s", tc.name, r.status, r.body)
					continue
				}
				first := items[0].(map[string]any)
				if first["type"] != tc.typ || (tc.loc != nil && fmt.Sprint(first["loc"]) != fmt.Sprint(tc.loc)) {
					t.Errorf("%s: first problem %v, want type %s at %v", tc.name, first, tc.typ, tc.loc)
				}
				t.Logf("%s refused %s: %d %v", v, tc.name, r.status, first)
			}
			r := call(t, s, "POST", "/v1/checkouts/", `{"products":["`+p+`"],"prices":{"`+polartest.FreeProductID+`":[{"amount_type":"fixed","price_amount":1}]}}`, pv...)
			if want := `{"detail":[{"input":[{"amount_type":"fixed","price_amount":1}],"loc":["body","prices","` + polartest.FreeProductID + `"],"msg":"Product is not set on that checkout.","type":"value_error"}],"error":"PolarRequestValidationError"}`; r.status != 422 || !jsonEqual(t, r.body, want) {
				t.Errorf("prices of another product: %d %s", r.status, r.body)
			}
		})
	}
}

// TestSeats: a seat-based checkout costs seats x the price per seat of
// the tier the seat count falls in (volume tiers), within the price's
// limits, on create and on update, in every version.
func TestSeats(t *testing.T) {
	t.Parallel()
	for _, v := range spectest.Versions(t) {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s, _ := start(t)
			pv := []string{"Polar-Version", v}
			for _, tc := range []struct {
				seats  int
				status int
				amount float64
				want   string
			}{
				{1, 201, 1200, ""},
				{4, 201, 4800, ""},
				{5, 201, 5000, ""},
				{10, 201, 10000, ""},
				{11, 422, 0, `{"detail":[{"input":11,"loc":["body","seats"],"msg":"Maximum 10 seats allowed.","type":"less_than_equal"}],"error":"PolarRequestValidationError"}`},
			} {
				r := call(t, s, "POST", "/v1/checkouts/", fmt.Sprintf(`{"products":["%s"],"seats":%d}`, polartest.SeatBasedProductID, tc.seats), pv...)
				if r.status != tc.status || (tc.want != "" && !jsonEqual(t, r.body, tc.want)) || (tc.status == 201 && r.json(t)["amount"] != tc.amount) {
					t.Errorf("%d seats: %d %s", tc.seats, r.status, r.body)
				}
				if tc.status == 201 {
					t.Logf("%s create seats=%d -> %d amount=%v", v, tc.seats, r.status, r.json(t)["amount"])
				} else {
					t.Logf("%s create seats=%d -> %d %s", v, tc.seats, r.status, r.body)
				}
			}
			c := create(t, s, `{"products":["`+polartest.SeatBasedProductID+`","`+polartest.OneTimeProductID+`"],"discount_id":"`+polartest.DiscountID+`"}`, pv...)
			id := c["id"].(string)
			if c["seats"] != 1.0 || c["amount"] != 1200.0 || c["discount_amount"] != 300.0 {
				t.Errorf("default: %s", pick(c, "seats", "amount", "discount_amount"))
			}
			for _, tc := range []struct {
				body   string
				status int
				check  string
			}{
				{`{"seats":6}`, 200, "seats=6 amount=6000"},
				{`{"seats":null}`, 200, "seats=1 amount=1200"},
				{`{"seats":11}`, 422, "Maximum 10 seats allowed."},
				{`{"seats":0}`, 422, "Input should be greater than or equal to 1"},
				{`{"product_id":"` + polartest.OneTimeProductID + `"}`, 200, "seats=null amount=4900"},
				{`{"seats":2}`, 422, "Seats can only be set for seat-based pricing."},
				{`{"product_id":"` + polartest.SeatBasedProductID + `","seats":3}`, 200, "seats=3 amount=3600"},
			} {
				r := call(t, s, "PATCH", "/v1/checkouts/"+id, tc.body, pv...)
				got := r.json(t)
				line := pick(got, "seats", "amount")
				if r.status != tc.status || (r.status == 200 && line != tc.check) || (r.status != 200 && !strings.Contains(string(r.body), tc.check)) {
					t.Errorf("PATCH %s: %d %s %s, want %d %s", tc.body, r.status, line, r.body, tc.status, tc.check)
				}
			}
		})
	}
}

// TestOrderOfPaidCheckout: order.paid (and order.created) carry the order
// Polar would make for the checkout paid, valid against the version's
// Order schema.
func TestOrderOfPaidCheckout(t *testing.T) {
	t.Parallel()
	for _, v := range spectest.Versions(t) {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s, _ := start(t)
			s.SetWebhook(receiver(t, 200).URL, polartest.NewWebhookSecret(), polartest.WebhookAPIVersion(v))
			c := create(t, s, `{"products":["`+polartest.SeatBasedProductID+`"],"seats":5,"discount_id":"`+polartest.DiscountID+`","customer_email":"jane@example.com","customer_name":"Jane","metadata":{"order":"42"}}`, "Polar-Version", v)
			if err := s.Pay(c["id"].(string)); err != nil {
				t.Fatal(err)
			}
			wait(t, s)
			var n int
			for _, d := range s.Deliveries() {
				if d.Type != "order.paid" && d.Type != "order.created" {
					continue
				}
				n++
				if err := spectest.For(t, v).ValidateSchema(t, payloadSchema[d.Type], d.Body); err != nil {
					t.Errorf("%s: %v", d.Type, err)
				}
				var ev struct {
					Data map[string]any `json:"data"`
				}
				_ = json.Unmarshal(d.Body, &ev)
				o := ev.Data
				items := o["items"].([]any)
				item := items[0].(map[string]any)
				customer := o["customer"].(map[string]any)
				product := o["product"].(map[string]any)
				for k, want := range map[string]any{
					"subtotal_amount": 5000.0, "discount_amount": 1250.0, "net_amount": 3750.0, "tax_amount": 0.0, "total_amount": 3750.0,
					"checkout_id": c["id"], "product_id": polartest.SeatBasedProductID, "discount_id": polartest.DiscountID,
					"seats": 5.0, "status": "paid", "paid": true, "billing_reason": "subscription_create", "currency": "usd",
				} {
					if o[k] != want {
						t.Errorf("%s: %s = %v, want %v", d.Type, k, o[k], want)
					}
				}
				if len(items) != 1 || item["label"] != "Team Plan (5 seats)" || item["amount"] != 5000.0 || item["product_price_id"] != polartest.SeatBasedPriceID ||
					customer["email"] != "jane@example.com" || customer["name"] != "Jane" || product["name"] != "Team Plan" || o["metadata"].(map[string]any)["order"] != "42" {
					t.Errorf("%s: items %v customer %v product %v", d.Type, items, customer, product["name"])
				}
			}
			if n != 2 {
				t.Errorf("%d order events, want order.created and order.paid", n)
			}
		})
	}
}

// TestClearingThroughTheSDK: what a client of each version package writes
// to clear fields is what polartest reads, byte for byte, and its answer
// shows the fields cleared.
func TestClearingThroughTheSDK(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	ctx := t.Context()
	c26, err := polar.NewClient(s.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	c27, err := v2027.NewClient(s.ClientOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	lastBody := func() string { rs := s.Requests(); return string(rs[len(rs)-1].Body) }

	co, err := c26.Checkouts.Create(ctx, polar.CheckoutCreate{ProductPriceID: polartest.RecurringPriceID, DiscountID: polar.String(polartest.DiscountID),
		CustomerName: polar.String("Jane"), Metadata: map[string]any{"order": "42"}})
	if err != nil {
		t.Fatal(err)
	}
	u, err := c26.Checkouts.Update(ctx, co.ID, polar.CheckoutUpdate{DiscountID: polar.Null[string](), CustomerName: polar.Null[string](), Metadata: polar.Set(map[string]any{})})
	if err != nil {
		t.Fatal(err)
	}
	if u.DiscountID != nil || u.DiscountAmount != 0 || u.TotalAmount != 1900 || u.CustomerName != nil || len(u.Metadata) != 0 {
		t.Errorf("2026-10 Update: discount %v %d total %d name %v metadata %v", u.DiscountID, u.DiscountAmount, u.TotalAmount, u.CustomerName, u.Metadata)
	}
	t.Logf("2026-10 Update wire %s -> discount_id=%v discount_amount=%d total_amount=%d customer_name=%v metadata=%v", lastBody(), u.DiscountID, u.DiscountAmount, u.TotalAmount, u.CustomerName, u.Metadata)

	co27, err := c27.Checkouts.Create(ctx, v2027.CheckoutCreate{Products: []string{polartest.SeatBasedProductID}, Seats: v2027.Int(5), CustomerName: v2027.String("Jane")})
	if err != nil {
		t.Fatal(err)
	}
	pub, err := c27.Checkouts.ClientUpdate(ctx, co27.ClientSecret, v2027.CheckoutUpdatePublic{DiscountCode: v2027.Set("LAUNCH25"), Seats: v2027.Null[int](), CustomerName: v2027.Null[string]()})
	if err != nil {
		t.Fatal(err)
	}
	if pub.DiscountAmount != 300 || *pub.Seats != 1 || pub.Amount != 1200 || pub.CustomerName != nil {
		t.Errorf("2027-01 ClientUpdate: %d seats %v amount %d name %v", pub.DiscountAmount, pub.Seats, pub.Amount, pub.CustomerName)
	}
	t.Logf("2027-01 ClientUpdate wire %s -> seats=%d amount=%d discount_amount=%d customer_name=%v", lastBody(), *pub.Seats, pub.Amount, pub.DiscountAmount, pub.CustomerName)
	conf, err := c27.Checkouts.ClientConfirm(ctx, co27.ClientSecret, v2027.CheckoutConfirmStripe{DiscountCode: v2027.Null[string](), CustomerEmail: v2027.Set("jane@example.com"), ConfirmationTokenID: v2027.Set("ctoken_1")})
	if err != nil {
		t.Fatal(err)
	}
	if conf.DiscountID != nil || conf.DiscountAmount != 0 || conf.TotalAmount != 1200 {
		t.Errorf("2027-01 ClientConfirm: discount %v %d total %d", conf.DiscountID, conf.DiscountAmount, conf.TotalAmount)
	}
	t.Logf("2027-01 ClientConfirm wire %s -> status=%s discount_id=%v discount_amount=%d total_amount=%d", lastBody(), conf.Status, conf.DiscountID, conf.DiscountAmount, conf.TotalAmount)
}
