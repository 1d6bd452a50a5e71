package polartest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar/polartest"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// TestServesEveryVersion: the server speaks every version the module has
// a document for, and echoes it.
func TestServesEveryVersion(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	for _, v := range spectest.Versions(t) {
		r := call(t, s, "GET", "/v1/checkouts/", "", "Polar-Version", v)
		if r.status != 200 || r.header.Get("Polar-Version") != v {
			t.Errorf("%s: %d, Polar-Version %q", v, r.status, r.header.Get("Polar-Version"))
		}
	}
}

// TestEveryAnswerMatchesItsDocument drives every operation, with every
// seeded product, in every version, and checks each answer against that
// version's document (call validates by the echoed version), and each
// webhook payload against the version's payload schema.
func TestEveryAnswerMatchesItsDocument(t *testing.T) {
	t.Parallel()
	for _, v := range spectest.Versions(t) {
		t.Run(v, func(t *testing.T) {
			t.Parallel()
			s, clock := start(t)
			s.SetWebhook(receiver(t, 202).URL, polartest.NewWebhookSecret(), polartest.WebhookAPIVersion(v))
			pv := []string{"Polar-Version", v}
			all := `{"products":["` + strings.Join([]string{polartest.RecurringProductID, polartest.OneTimeProductID, polartest.FreeProductID,
				polartest.CustomPriceProductID, polartest.SeatBasedProductID, polartest.MeteredProductID}, `","`) + `"]}`
			c := create(t, s, all, pv...)
			id, secret := c["id"].(string), c["client_secret"].(string)
			for _, p := range []string{polartest.RecurringProductID, polartest.OneTimeProductID, polartest.FreeProductID, polartest.CustomPriceProductID, polartest.SeatBasedProductID, polartest.MeteredProductID} {
				if r := call(t, s, "PATCH", "/v1/checkouts/"+id, `{"product_id":"`+p+`"}`, pv...); r.status != 200 {
					t.Errorf("select %s: %d %s", p, r.status, r.body)
				}
				if r := call(t, s, "PATCH", "/v1/checkouts/client/"+secret, `{"product_id":"`+p+`","customer_name":"Jane"}`, pv...); r.status != 200 {
					t.Errorf("client select %s: %d %s", p, r.status, r.body)
				}
			}
			for _, body := range []string{
				`{"product_price_id":"` + polartest.SeatBasedPriceID + `","seats":7,"discount_id":"` + polartest.DiscountID + `"}`,
				`{"product_id":"` + polartest.MeteredProductID + `"}`,
				`{"product_price_id":"` + polartest.MeteredPriceID + `"}`,
			} {
				create(t, s, body, pv...)
			}
			for _, path := range []string{"/v1/checkouts/", "/v1/checkouts/?limit=2&page=2", "/v1/checkouts/" + id, "/v1/checkouts/client/" + secret} {
				if r := call(t, s, "GET", path, "", pv...); r.status != 200 {
					t.Errorf("GET %s: %d %s", path, r.status, r.body)
				}
			}
			r := call(t, s, "POST", "/v1/checkouts/client/"+secret+"/confirm", `{"customer_email":"jane@example.com","confirmation_token_id":"ctoken_x"}`, pv...)
			if r.status != 200 || r.json(t)["status"] != "confirmed" {
				t.Errorf("confirm: %d %s", r.status, r.body)
			}
			// Error answers, each checked against the document too.
			for _, x := range []struct {
				method, path, body string
				status             int
			}{
				{"GET", "/v1/checkouts/6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "", 404},
				{"GET", "/v1/checkouts/nope", "", 422},
				{"POST", "/v1/checkouts/", `{}`, 422},
				{"PATCH", "/v1/checkouts/" + id, `{}`, 403},
				{"PATCH", "/v1/checkouts/client/" + secret, `{}`, 403},
				{"GET", "/v1/checkouts/client/polar_c_unknown", "", 404},
				{"GET", "/v1/checkouts/?page=0", "", 422},
			} {
				if r := call(t, s, x.method, x.path, x.body, pv...); r.status != x.status {
					t.Errorf("%s %s: %d, want %d: %s", x.method, x.path, r.status, x.status, r.body)
				}
			}
			expiring := create(t, s, `{"product_id":"`+polartest.SeatBasedProductID+`"}`, pv...)
			clock.Advance(25 * time.Hour)
			if r := call(t, s, "GET", "/v1/checkouts/client/"+expiring["client_secret"].(string), "", pv...); r.status != 410 {
				t.Errorf("expired: %d %s", r.status, r.body)
			}
			wait(t, s)
			doc := spectest.For(t, v)
			seen := map[string]bool{}
			for _, d := range s.Deliveries() {
				seen[d.Type] = true
				if err := doc.ValidateSchema(t, payloadSchema[d.Type], d.Body); err != nil {
					t.Errorf("%s: %v", d.Type, err)
				}
				var env struct {
					APIVersion string `json:"api_version"`
				}
				_ = json.Unmarshal(d.Body, &env)
				if env.APIVersion != v || d.APIVersion != v || d.Header.Get("Webhook-Api-Version") != v {
					t.Errorf("%s: api_version %q, Delivery.APIVersion %q, header %q; want %s", d.Type, env.APIVersion, d.APIVersion, d.Header.Get("Webhook-Api-Version"), v)
				}
			}
			if len(seen) != len(payloadSchema) {
				t.Errorf("event types %v, want all of %v", seen, payloadSchema)
			}
		})
	}
}

// payloadSchema names the payload schema of each event type polartest
// sends.
var payloadSchema = map[string]string{
	"checkout.created": "WebhookCheckoutCreatedPayload",
	"checkout.updated": "WebhookCheckoutUpdatedPayload",
	"checkout.expired": "WebhookCheckoutExpiredPayload",
	"order.created":    "WebhookOrderCreatedPayload",
	"order.updated":    "WebhookOrderUpdatedPayload",
	"order.paid":       "WebhookOrderPaidPayload",
}

// TestSeatBasedPriceByVersion: the seat-based price is seat_tiers in
// 2026-10 and tiers, minimum_units, maximum_units in 2027-01, exactly as
// the documents say, in every place a checkout shows it; nothing else of
// the checkout differs.
func TestSeatBasedPriceByVersion(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	c := create(t, s, `{"products":["`+polartest.SeatBasedProductID+`"],"seats":5}`)
	id := c["id"].(string)
	got := map[string]map[string]any{}
	for _, v := range []string{"2026-10", "2027-01"} {
		got[v] = call(t, s, "GET", "/v1/checkouts/"+id, "", "Polar-Version", v).json(t)
	}
	want := map[string]string{
		"2026-10": `{"seat_tier_type":"volume","tiers":[{"min_seats":1,"max_seats":4,"price_per_seat":1200},{"min_seats":5,"max_seats":10,"price_per_seat":1000}],"minimum_seats":1,"maximum_seats":10}`,
		"2027-01": `{"type":"volume","tiers":[{"unit_amount":"1200","bound":4},{"unit_amount":"1000","bound":10}]}`,
	}
	for v, c := range got {
		prices := []any{c["product_price"], c["prices"].(map[string]any)[polartest.SeatBasedProductID].([]any)[0],
			c["product"].(map[string]any)["prices"].([]any)[0], c["products"].([]any)[0].(map[string]any)["prices"].([]any)[0]}
		for i, p := range prices {
			p := p.(map[string]any)
			key := map[string]string{"2026-10": "seat_tiers", "2027-01": "tiers"}[v]
			b, _ := json.Marshal(p[key])
			if !jsonEqual(t, b, want[v]) {
				t.Errorf("%s: price %d: %s = %s\nwant %s", v, i, key, b, want[v])
			}
			_, has2026 := p["seat_tiers"]
			_, has2027 := p["minimum_units"]
			if has2026 != (v == "2026-10") || has2027 != (v == "2027-01") {
				t.Errorf("%s: price %d has seat_tiers %v, minimum_units %v", v, i, has2026, has2027)
			}
			if v == "2027-01" && (p["minimum_units"] != 1.0 || p["maximum_units"] != 10.0) {
				t.Errorf("2027-01: minimum_units %v, maximum_units %v", p["minimum_units"], p["maximum_units"])
			}
		}
		if c["amount"] != 5000.0 || c["seats"] != 5.0 {
			t.Errorf("%s: amount %v seats %v, want 5000 for 5 seats", v, c["amount"], c["seats"])
		}
	}
	// Everything but the prices is the same.
	strip := func(c map[string]any) string {
		delete(c, "product_price")
		delete(c, "prices")
		delete(c, "product")
		delete(c, "products")
		b, _ := json.Marshal(c)
		return string(b)
	}
	if a, b := strip(got["2026-10"]), strip(got["2027-01"]); a != b {
		t.Errorf("the versions differ outside prices:\n%s\n%s", a, b)
	}
}

// TestWebhookVersions: an endpoint's events carry its version; changing
// the version affects only events made afterwards, and an event keeps
// its version on every attempt.
func TestWebhookVersions(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	hook := receiver(t, 500, 500, 200)
	secret := polartest.NewWebhookSecret()
	s.SetWebhook(hook.URL, secret, polartest.WebhookAPIVersion("2027-01"))
	create(t, s, `{"products":["`+polartest.SeatBasedProductID+`"]}`)
	s.SetWebhook(hook.URL, secret) // back to the default: Current, 2026-10
	create(t, s, `{"products":["`+polartest.SeatBasedProductID+`"]}`)
	for range 5 {
		wait(t, s)
		clock.Advance(time.Hour)
	}
	wait(t, s)
	ds := s.Deliveries()
	if len(ds) != 4 {
		t.Fatalf("%d deliveries, want 4 (three for the first event, one for the second)", len(ds))
	}
	for i, want := range []string{"2027-01", "2027-01", "2027-01", "2026-10"} {
		d := ds[i]
		var env struct {
			APIVersion string `json:"api_version"`
		}
		_ = json.Unmarshal(d.Body, &env)
		if env.APIVersion != want || d.APIVersion != want || d.Header.Get("Webhook-Api-Version") != want {
			t.Errorf("delivery %d: api_version %q, header %q, want %s", i, env.APIVersion, d.Header.Get("Webhook-Api-Version"), want)
		}
		if err := spectest.For(t, want).ValidateSchema(t, "WebhookCheckoutCreatedPayload", d.Body); err != nil {
			t.Errorf("delivery %d: %v", i, err)
		}
		if i < 3 && (!bytes.Equal(d.Body, ds[0].Body) || d.ID != ds[0].ID) {
			t.Errorf("delivery %d: a retry changed the event", i)
		}
	}
	if !bytes.Contains(ds[0].Body, []byte(`"minimum_units":1`)) || !bytes.Contains(ds[3].Body, []byte(`"seat_tiers":`)) {
		t.Errorf("bodies not in their versions' shapes:\n%.300s\n%.300s", ds[0].Body, ds[3].Body)
	}
}

// TestWebhookFIFO: an endpoint's events go out in the order they were
// made; a later event waits while an earlier one is pending (Polar's FIFO
// guard), even when it is due first.
func TestWebhookFIFO(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	s.SetWebhook(receiver(t, 503, 503, 200).URL, secret)
	a := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	b := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	for range 5 {
		wait(t, s)
		clock.Advance(time.Hour)
	}
	wait(t, s)
	var order []string
	for _, d := range s.Deliveries() {
		var env struct {
			Data struct {
				ID string `json:"id"`
			} `json:"data"`
		}
		_ = json.Unmarshal(d.Body, &env)
		order = append(order, map[string]string{a["id"].(string): "a", b["id"].(string): "b"}[env.Data.ID]+strconv.Itoa(d.StatusCode))
	}
	if got := strings.Join(order, " "); got != "a503 a503 a200 b200" {
		t.Errorf("deliveries %s, want a503 a503 a200 b200: b waits for a", got)
	}
}

// TestWebhookSecrets: NewWebhookSecret makes Polar's current form, signed
// the Standard Webhooks way; WebhookLegacySigning signs with the UTF-8
// bytes of the whole secret.
func TestWebhookSecrets(t *testing.T) {
	t.Parallel()
	fresh := polartest.NewWebhookSecret()
	if !regexp.MustCompile(`^whsec_[A-Za-z0-9+/]{43}=$`).MatchString(fresh) || fresh == polartest.NewWebhookSecret() {
		t.Fatalf("NewWebhookSecret() = %q", fresh)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(fresh, "whsec_"))
	if err != nil || len(key) != 32 {
		t.Fatalf("secret does not hold 32 base64 bytes: %v %d", err, len(key))
	}
	mac := func(key []byte, d polartest.Delivery) string {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(d.ID + "." + d.Header.Get("Webhook-Timestamp") + "."))
		h.Write(d.Body)
		return "v1," + base64.StdEncoding.EncodeToString(h.Sum(nil))
	}
	for _, tc := range []struct {
		name   string
		secret string
		opts   []polartest.WebhookOption
		key    []byte
	}{
		{"new secret: Standard Webhooks key", fresh, nil, key},
		{"new secret, legacy signing: the secret's bytes", fresh, []polartest.WebhookOption{polartest.WebhookLegacySigning()}, []byte(fresh)},
		{"old-form secret: the secret's bytes", secret, nil, []byte(secret)},
		{"merchant secret, legacy: the secret's bytes", "my own secret of at least 32 characters", []polartest.WebhookOption{polartest.WebhookLegacySigning()}, []byte("my own secret of at least 32 characters")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _ := start(t)
			s.SetWebhook(receiver(t, 200).URL, tc.secret, tc.opts...)
			create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
			wait(t, s)
			d := s.Deliveries()[0]
			if got, want := d.Header.Get("Webhook-Signature"), mac(tc.key, d); got != want {
				t.Errorf("signature %s, want %s", got, want)
			}
			if _, err := webhook.Verify(tc.secret, d.Header, d.Body); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

// TestWebhookUnsupportedVersion: an endpoint set with a version the server
// does not speak gets no request; each event fails at once, loudly.
func TestWebhookUnsupportedVersion(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	var hits atomic.Int64
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(hook.Close)
	s.SetWebhook(hook.URL, secret, polartest.WebhookAPIVersion("2026-04"))
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	wait(t, s)
	ds := s.Deliveries()
	if len(ds) != 1 || ds[0].Err == nil || !strings.Contains(ds[0].Err.Error(), `"2026-04"`) || ds[0].StatusCode != 0 || hits.Load() != 0 {
		t.Fatalf("deliveries %+v, %d requests; want one failed delivery naming 2026-04 and no request", ds, hits.Load())
	}
}
