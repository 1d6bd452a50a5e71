package polartest_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
)

const (
	labelProducts = "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutProductsCreate]]]"
	labelProduct  = "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutProductCreate]]]"
	labelPrice    = "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutPriceCreate]]]"
)

// missingForms are the "missing" items of the two forms a products body
// did not use.
const missingForms = `{"input":%s,"loc":["body","` + labelProduct + `","product_id"],"msg":"Field required","type":"missing"},` +
	`{"input":%s,"loc":["body","` + labelPrice + `","product_price_id"],"msg":"Field required","type":"missing"}`

func missing(input string) string {
	return strings.ReplaceAll(missingForms, "%s", input)
}

func TestVersions(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	for _, tc := range []struct {
		name, header string
		status       int
		echo         string
	}{
		{"absent means Current, 2026-10", "", 200, "2026-10"},
		{"2026-10", "2026-10", 200, "2026-10"},
		{"2027-01", "2027-01", 200, "2027-01"},
		{"2026-04, which the module does not speak", "2026-04", 404, ""},
		{"unknown version", "2099-01", 404, ""},
		{"garbage", "garbage", 404, ""},
		{"no zero padding", "2026-1", 404, ""},
		{"no zero padding either", "2026-4", 404, ""},
		{"a day too", "2026-10-01", 404, ""},
		{"prefix", "v2026-10", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, s, "GET", "/v1/checkouts/", "", "Polar-Version", tc.header)
			if r.status != tc.status || r.header.Get("Polar-Version") != tc.echo {
				t.Fatalf("status %d, Polar-Version %q; want %d, %q", r.status, r.header.Get("Polar-Version"), tc.status, tc.echo)
			}
			if tc.status == 404 {
				if string(r.body) != `{"detail":"Not Found"}` || r.header.Get("Cache-Control") != "" {
					t.Errorf("body %s, Cache-Control %q", r.body, r.header.Get("Cache-Control"))
				}
				return
			}
			if got := r.header.Get("Cache-Control"); got != "private, no-store" {
				t.Errorf("Cache-Control = %q", got)
			}
		})
	}
	// An empty header is the same as none; http.Header.Set("", ...) cannot
	// send it, so build the request by hand.
	req, _ := http.NewRequest("GET", s.URL+"/v1/checkouts/", nil)
	req.Header["Polar-Version"] = []string{""}
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Polar-Version") != "2026-10" {
		t.Errorf("empty Polar-Version: %d %q", resp.StatusCode, resp.Header.Get("Polar-Version"))
	}
}

func TestAuth(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	secret := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)["client_secret"].(string)
	const unauthorized = `{"error":"Unauthorized","detail":"Unauthorized"}`
	const invalid = `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed, or invalid for other reasons."}`
	const invalidChallenge = `Bearer realm="polar", error="invalid_token", error_description="The access token provided is expired, revoked, malformed, or invalid for other reasons."`
	for _, tc := range []struct {
		name, method, path, auth string
		status                   int
		body, challenge          string
	}{
		{"no token on list", "GET", "/v1/checkouts/", "", 401, unauthorized, `Bearer realm="polar"`},
		{"basic auth is no token", "GET", "/v1/checkouts/", "Basic dXNlcjpwYXNz", 401, unauthorized, `Bearer realm="polar"`},
		{"no token on create", "POST", "/v1/checkouts/", "", 401, unauthorized, `Bearer realm="polar"`},
		{"other token", "GET", "/v1/checkouts/", "Bearer polar_oat_other", 401, invalid, invalidChallenge},
		{"other token on a client route", "GET", "/v1/checkouts/client/" + secret, "Bearer polar_oat_other", 401, invalid, invalidChallenge},
		{"other token on an unknown path", "GET", "/v1/nothing", "Bearer polar_oat_other", 401, invalid, invalidChallenge},
		{"no token on an unknown path", "GET", "/v1/nothing", "", 404, `{"detail":"Not Found"}`, ""},
		{"no token on a client route", "GET", "/v1/checkouts/client/" + secret, "", 200, "", ""},
		{"valid token on a client route", "GET", "/v1/checkouts/client/" + secret, "Bearer " + s.AccessToken, 200, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := ""
			if tc.method == "POST" {
				body = `{"product_price_id":"` + polartest.OneTimePriceID + `"}`
			}
			r := call(t, s, tc.method, tc.path, body, "Authorization", tc.auth)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.body != "" && !jsonEqual(t, r.body, tc.body) {
				t.Errorf("body %s\nwant %s", r.body, tc.body)
			}
			if got := r.header.Get("WWW-Authenticate"); got != tc.challenge {
				t.Errorf("WWW-Authenticate %q, want %q", got, tc.challenge)
			}
		})
	}
	if !regexp.MustCompile(`^polar_oat_[A-Za-z0-9]{43}$`).MatchString(s.AccessToken) {
		t.Errorf("AccessToken %q does not look like an OAT", s.AccessToken)
	}
}

func TestBodyLimits(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	// A chunked body: the length is unknown to the client.
	req, _ := http.NewRequest("POST", s.URL+"/v1/checkouts/", struct{ *strings.Reader }{strings.NewReader(`{}`)})
	req.Header.Set("Polar-Version", "2026-10")
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b := readAll(t, resp)
	if resp.StatusCode != 411 || !jsonEqual(t, b, `{"error":"LengthRequired","detail":"A Content-Length header is required."}`) {
		t.Errorf("chunked: %d %s", resp.StatusCode, b)
	}
	big := `{"metadata":{"k":"` + strings.Repeat("x", 10<<20) + `"}}`
	r := call(t, s, "POST", "/v1/checkouts/", big, "Authorization", "")
	if r.status != 413 || string(r.body) != `{"error":"RequestBodyTooLarge","detail":"Request body exceeded the maximum allowed size of 10485760 bytes."}` {
		t.Errorf("over 10 MiB: %d %s", r.status, r.body)
	}
	// Unknown keys are ignored.
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`","payment_processor":"stripe"}`)
}

func TestRoutes(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	for _, tc := range []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/v1/nothing", 404, `{"detail":"Not Found"}`},
		{"GET", "/v1/checkouts/client/", 404, `{"detail":"Not Found"}`},
		{"DELETE", "/v1/checkouts/", 405, `{"detail":"Method Not Allowed"}`},
		{"POST", "/v1/checkouts/0c3b2a6e-1d4f-4e8a-9b7c-5a2f3e4d6c81", 405, `{"detail":"Method Not Allowed"}`},
		{"GET", "/v1/checkouts/client/x/confirm", 405, `{"detail":"Method Not Allowed"}`},
	} {
		r := call(t, s, tc.method, tc.path, "")
		if r.status != tc.status || string(r.body) != tc.body {
			t.Errorf("%s %s: %d %s, want %d %s", tc.method, tc.path, r.status, r.body, tc.status, tc.body)
		}
	}
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	p := polartest.RecurringProductID
	v1 := "00000000-0000-1000-8000-000000000000"
	long := strings.Repeat("k", 41)
	for _, tc := range []struct {
		name, body, want string
	}{
		{"empty object", `{}`, `{"detail":[{"input":{},"loc":["body","` + labelProducts + `","products"],"msg":"Field required","type":"missing"},` + missing(`{}`) + `],"error":"RequestValidationError"}`},
		{"empty products", `{"products":[]}`, `{"detail":[{"ctx":{"actual_length":0,"field_type":"List","min_length":1},"input":[],"loc":["body","` + labelProducts + `","products"],"msg":"List should have at least 1 item after validation, not 0","type":"too_short"},` + missing(`{"products":[]}`) + `],"error":"RequestValidationError"}`},
		{"duplicate products", `{"products":["` + p + `","` + p + `"]}`, `{"detail":[{"ctx":{"error":{}},"input":["` + p + `","` + p + `"],"loc":["body","` + labelProducts + `","products"],"msg":"Value error, Product IDs must be unique.","type":"value_error"},` + missing(`{"products":["`+p+`","`+p+`"]}`) + `],"error":"RequestValidationError"}`},
		{"not a UUID", `{"products":["not-a-uuid"]}`, `{"detail":[{"input":"not-a-uuid","loc":["body","` + labelProducts + `","products",0],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`n`" + ` at 1","type":"uuid_parsing"},` + missing(`{"products":["not-a-uuid"]}`) + `],"error":"RequestValidationError"}`},
		{"UUID v1", `{"products":["` + v1 + `"]}`, `{"detail":[{"ctx":{"expected_version":4},"input":"` + v1 + `","loc":["body","` + labelProducts + `","products",0],"msg":"UUID version 4 expected","type":"uuid_version"},` + missing(`{"products":["`+v1+`"]}`) + `],"error":"RequestValidationError"}`},
		{"trial interval without count", `{"products":["` + p + `"],"trial_interval":"day"}`, `{"detail":[{"input":{"products":["` + p + `"],"trial_interval":"day"},"loc":["body","` + labelProducts + `"],"msg":"Both trial_interval and trial_interval_count must be set together.","type":"missing"},` + missing(`{"products":["`+p+`"],"trial_interval":"day"}`) + `],"error":"RequestValidationError"}`},
		{"unknown price", `{"product_price_id":"` + polartest.DiscountID + `"}`, `{"detail":[{"input":"` + polartest.DiscountID + `","loc":["body","product_price_id"],"msg":"Price does not exist.","type":"value_error"}],"error":"PolarRequestValidationError"}`},
		{"unknown product", `{"products":["` + p + `","` + polartest.DiscountID + `"]}`, `{"detail":[{"input":"` + polartest.DiscountID + `","loc":["body","products",1],"msg":"Product does not exist.","type":"value_error"}],"error":"PolarRequestValidationError"}`},
		{"amount below minimum", `{"product_id":"` + polartest.CustomPriceProductID + `","amount":100}`, `{"detail":[{"input":100,"loc":["body","amount"],"msg":"Amount is below minimum.","type":"greater_than_equal"}],"error":"PolarRequestValidationError"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := call(t, s, "POST", "/v1/checkouts/", tc.body)
			if r.status != 422 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if !jsonEqual(t, r.body, tc.want) {
				t.Errorf("body\n got %s\nwant %s", r.body, tc.want)
			}
		})
	}
	// Errors repeated once per form: a bad success_url and a long metadata key.
	for _, tc := range []struct{ name, body, loc, typ string }{
		{"success_url", `{"products":["` + p + `"],"success_url":"not a url"}`, "success_url", "url_parsing"},
		{"metadata key", `{"products":["` + p + `"],"metadata":{"` + long + `":"v"}}`, "metadata", "string_too_long"},
	} {
		r := call(t, s, "POST", "/v1/checkouts/", tc.body)
		m := r.json(t)
		items, _ := m["detail"].([]any)
		var n int
		for _, it := range items {
			it := it.(map[string]any)
			loc := it["loc"].([]any)
			if loc[2] == tc.loc && it["type"] == tc.typ {
				n++
			}
		}
		if r.status != 422 || n != 3 {
			t.Errorf("%s: %d, %d %s items (want 3): %s", tc.name, r.status, n, tc.typ, r.body)
		}
	}
}

func TestCreateForms(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	for _, tc := range []struct {
		name, body, product, price string
		products                   int
	}{
		{"products", `{"products":["` + polartest.OneTimeProductID + `","` + polartest.RecurringProductID + `"]}`, polartest.OneTimeProductID, polartest.OneTimePriceID, 2},
		{"product_id", `{"product_id":"` + polartest.RecurringProductID + `"}`, polartest.RecurringProductID, polartest.RecurringPriceID, 1},
		{"product_price_id", `{"product_price_id":"` + polartest.RecurringPriceID + `"}`, polartest.RecurringProductID, polartest.RecurringPriceID, 1},
		{"a valid products wins", `{"products":["` + polartest.FreeProductID + `"],"product_id":"` + polartest.OneTimeProductID + `","product_price_id":"` + polartest.RecurringPriceID + `"}`, polartest.FreeProductID, polartest.FreePriceID, 1},
		{"product_id beats product_price_id", `{"product_id":"` + polartest.OneTimeProductID + `","product_price_id":"` + polartest.RecurringPriceID + `"}`, polartest.OneTimeProductID, polartest.OneTimePriceID, 1},
		{"an invalid products loses", `{"products":[],"product_id":"` + polartest.OneTimeProductID + `"}`, polartest.OneTimeProductID, polartest.OneTimePriceID, 1},
		{"upper-case ids", `{"product_price_id":"` + strings.ToUpper(polartest.RecurringPriceID) + `"}`, polartest.RecurringProductID, polartest.RecurringPriceID, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := create(t, s, tc.body)
			if c["product_id"] != tc.product || c["product_price_id"] != tc.price || len(c["products"].([]any)) != tc.products {
				t.Errorf("product %v, price %v, %d products", c["product_id"], c["product_price_id"], len(c["products"].([]any)))
			}
		})
	}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","discount_id":"`+polartest.DiscountID+`","metadata":{"order":"42"},"success_url":"https://shop.example.com/ok?checkout_id={CHECKOUT_ID}&s={CHECKOUT_SESSION_ID}"}`)
	id := c["id"].(string)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Errorf("id %q is not a lower-case UUID v4", id)
	}
	secret := c["client_secret"].(string)
	if !regexp.MustCompile(`^polar_c_[A-Za-z0-9]{43}$`).MatchString(secret) {
		t.Errorf("client_secret %q", secret)
	}
	created := clock.Now().UTC().Format(time.RFC3339)
	for k, want := range map[string]any{
		"url":                       s.URL + "/checkout/" + secret,
		"status":                    "open",
		"created_at":                created,
		"expires_at":                clock.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339),
		"modified_at":               nil,
		"amount":                    1900.0,
		"discount_amount":           475.0,
		"net_amount":                1425.0,
		"tax_amount":                nil,
		"total_amount":              1425.0,
		"currency":                  "usd",
		"success_url":               "https://shop.example.com/ok?checkout_id=" + id + "&s={CHECKOUT_SESSION_ID}",
		"is_payment_required":       true,
		"is_payment_setup_required": true,
		"is_payment_form_required":  true,
		"is_free_product_price":     false,
		"is_discount_applicable":    true,
		"locale":                    "en",
	} {
		if c[k] != want {
			t.Errorf("%s = %v, want %v", k, c[k], want)
		}
	}
	if d, _ := c["discount"].(map[string]any); d["id"] != polartest.DiscountID {
		t.Errorf("discount = %v", c["discount"])
	}
	if f, _ := c["attached_custom_fields"].([]any); len(f) != 1 {
		t.Errorf("attached_custom_fields = %v", c["attached_custom_fields"])
	}
	if m, _ := c["metadata"].(map[string]any); m["order"] != "42" {
		t.Errorf("metadata = %v", c["metadata"])
	}
	// The stored URL keeps the placeholder: every read substitutes it.
	got := call(t, s, "GET", "/v1/checkouts/"+id, "").json(t)
	if got["success_url"] != c["success_url"] {
		t.Errorf("read back success_url %v", got["success_url"])
	}

	// Without a success URL: polartest's confirmation page; encoded
	// placeholder substituted too.
	c = create(t, s, `{"product_price_id":"`+polartest.FreePriceID+`"}`)
	if want := s.URL + "/checkout/" + c["client_secret"].(string) + "/confirmation"; c["success_url"] != want {
		t.Errorf("default success_url %v, want %v", c["success_url"], want)
	}
	if c["is_free_product_price"] != true || c["is_payment_form_required"] != false || c["amount"] != 0.0 {
		t.Errorf("free checkout flags: %v %v %v", c["is_free_product_price"], c["is_payment_form_required"], c["amount"])
	}
	c = create(t, s, `{"product_price_id":"`+polartest.CustomPriceID+`","success_url":"https://x.example/%7BCHECKOUT_ID%7D/done"}`)
	if want := "https://x.example/" + c["id"].(string) + "/done"; c["success_url"] != want || c["amount"] != 1000.0 {
		t.Errorf("success_url %v (want %v), amount %v (want the preset 1000)", c["success_url"], want, c["amount"])
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	id := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)["id"].(string)
	if r := call(t, s, "GET", "/v1/checkouts/"+strings.ToUpper(id), ""); r.status != 200 || r.json(t)["id"] != id {
		t.Errorf("upper-case id: %d %s", r.status, r.body)
	}
	for _, tc := range []struct{ name, id, want string }{
		{"unknown", "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", `{"error":"ResourceNotFound","detail":"Not found"}`},
		{"malformed", "nope", `{"detail":[{"input":"nope","loc":["path","id"],"msg":"Input should be a valid UUID, invalid character: expected an optional prefix of ` + "`urn:uuid:`" + ` followed by [0-9a-fA-F-], found ` + "`n`" + ` at 1","type":"uuid_parsing"}],"error":"RequestValidationError"}`},
		{"version 1", "00000000-0000-1000-8000-000000000000", `{"detail":[{"ctx":{"expected_version":4},"input":"00000000-0000-1000-8000-000000000000","loc":["path","id"],"msg":"UUID version 4 expected","type":"uuid_version"}],"error":"RequestValidationError"}`},
	} {
		r := call(t, s, "GET", "/v1/checkouts/"+tc.id, "")
		if !jsonEqual(t, r.body, tc.want) {
			t.Errorf("%s: %d %s\nwant %s", tc.name, r.status, r.body, tc.want)
		}
	}
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	c := create(t, s, `{"products":["`+polartest.OneTimeProductID+`","`+polartest.RecurringProductID+`"],"metadata":{"a":"1","b":"2"},"custom_field_data":{"company":"Acme"}}`)
	id := c["id"].(string)
	r := call(t, s, "PATCH", "/v1/checkouts/"+id, `{"metadata":{"c":"3"},"custom_field_data":{"seats":4},"product_id":"`+polartest.RecurringProductID+`","customer_email":"Jane@Example.COM"}`)
	u := r.json(t)
	if m := u["metadata"].(map[string]any); len(m) != 1 || m["c"] != "3" {
		t.Errorf("metadata %v: want replaced", m)
	}
	if m := u["custom_field_data"].(map[string]any); m["company"] != "Acme" || m["seats"] != 4.0 {
		t.Errorf("custom_field_data %v: want merged", m)
	}
	if u["product_id"] != polartest.RecurringProductID || u["amount"] != 1900.0 || u["modified_at"] == nil || u["customer_email"] != "Jane@example.com" {
		t.Errorf("product %v amount %v modified_at %v email %v", u["product_id"], u["amount"], u["modified_at"], u["customer_email"])
	}
	r = call(t, s, "PATCH", "/v1/checkouts/"+id, `{"product_id":"`+polartest.FreeProductID+`"}`)
	if want := `{"detail":[{"input":"` + polartest.FreeProductID + `","loc":["body","product_id"],"msg":"Product is not available in this checkout.","type":"value_error"}],"error":"PolarRequestValidationError"}`; !jsonEqual(t, r.body, want) {
		t.Errorf("product not in checkout: %d %s", r.status, r.body)
	}
	if err := s.Pay(id); err != nil {
		t.Fatal(err)
	}
	r = call(t, s, "PATCH", "/v1/checkouts/"+id, `{}`)
	if want := `{"error":"NotOpenCheckout","detail":"Checkout ` + id + ` is not open: succeeded"}`; r.status != 403 || !jsonEqual(t, r.body, want) {
		t.Errorf("update paid checkout: %d %s", r.status, r.body)
	}
}
