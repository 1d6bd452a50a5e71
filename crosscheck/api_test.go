// Package crosscheck_test runs code nobody here wrote against polar-go:
// Polar's TypeScript SDK (npm @polar-sh/sdk 1.0.1, through its 2026-10 and
// 2027-01 entry points) as a client of polartest (api_test.go), and that
// SDK's validateEvent and the
// Standard Webhooks library as receivers of polartest's webhook deliveries
// (deliveries_test.go). `make crosscheck` installs the npm packages and
// runs it with POLAR_CROSSCHECK=1, so that a missing Node.js or npm install
// fails instead of skipping. The cross-check of webhook.Sign and
// webhook.Verify themselves lives beside polar/webhook.
package crosscheck_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

type step struct {
	Step  string          `json:"step"`
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error *struct {
		Name       string          `json:"name"`
		StatusCode int             `json:"statusCode"`
		Body       json.RawMessage `json:"body"`
	} `json:"error"`
}

// TestCrossCheckTypeScriptSDK drives polartest with Polar's own TypeScript
// SDK, through the entry point of each API version: the SDK's requests must
// be ones polartest understands (each with the version's Polar-Version),
// and what it gets back must be valid bodies of that version (checked
// against openapi/<version>.yaml), seat-based prices in that version's
// shape, cleared fields cleared.
func TestCrossCheckTypeScriptSDK(t *testing.T) {
	for _, version := range []string{"2026-10", "2027-01"} {
		t.Run(version, func(t *testing.T) {
			t.Parallel()
			crossCheckSDK(t, version)
		})
	}
}

func crossCheckSDK(t *testing.T, version string) {
	s := polartest.NewServer()
	t.Cleanup(s.Close)
	const unknown = "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"
	var got struct {
		Steps []step `json:"steps"`
	}
	node(t, "api.mjs", map[string]any{
		"version":       version,
		"baseUrl":       s.URL,
		"accessToken":   s.AccessToken,
		"productIds":    []string{polartest.RecurringProductID, polartest.OneTimeProductID},
		"priceId":       polartest.RecurringPriceID,
		"unknownId":     unknown,
		"seatProductId": polartest.SeatBasedProductID,
	}, &got)
	doc := spectest.For(t, version)

	steps := map[string]step{}
	for _, st := range got.Steps {
		steps[st.Step] = st
	}
	value := func(name, schema string) map[string]any {
		t.Helper()
		st, ok := steps[name]
		if !ok || !st.OK {
			t.Fatalf("%s: failed in the TypeScript SDK: %+v", name, st.Error)
		}
		if schema != "" {
			if err := doc.ValidateSchema(t, schema, st.Value); err != nil {
				t.Errorf("%s: the SDK got a body that is not a valid %s: %v", name, schema, err)
			}
		}
		var v map[string]any
		json.Unmarshal(st.Value, &v)
		return v
	}

	created := value("create with products", "Checkout")
	id, _ := created["id"].(string)
	if created["status"] != "open" || !strings.HasSuffix(created["success_url"].(string), "checkout_id="+id) {
		t.Errorf("create: status %v, success_url %v; want open and {CHECKOUT_ID} replaced", created["status"], created["success_url"])
	}
	if p := value("create with product_price_id", "Checkout"); p["product_price_id"] != polartest.RecurringPriceID {
		t.Errorf("create with product_price_id: product_price_id = %v", p["product_price_id"])
	}
	if g := value("get", "Checkout"); g["id"] != id {
		t.Errorf("get: id = %v, want %s", g["id"], id)
	}
	list := value("list", "ListResource_Checkout_")
	if items, _ := list["items"].([]any); len(items) != 1 {
		t.Errorf("list with limit 1: %d items", len(items))
	}
	var ids []string
	if err := json.Unmarshal(steps["iterList"].Value, &ids); err != nil || len(ids) != 2 || !slices.Contains(ids, id) {
		t.Errorf("iterList over pages of 1: %v (%v), want both checkouts", ids, err)
	}
	upd := value("update", "Checkout")
	if md, _ := upd["metadata"].(map[string]any); md["cart"] != "c2" || upd["customer_name"] != "Jane Doe" {
		t.Errorf("update: metadata %v, customer_name %v", upd["metadata"], upd["customer_name"])
	}
	cleared := value("update clears", "Checkout")
	if md, ok := cleared["metadata"].(map[string]any); !ok || len(md) != 0 || cleared["customer_name"] != nil || cleared["discount_id"] != nil {
		t.Errorf("update with metadata {}, customer_name null, discount_id null: metadata %v, customer_name %v, discount_id %v",
			cleared["metadata"], cleared["customer_name"], cleared["discount_id"])
	}
	seats := value("create seat-based", "Checkout")
	if seats["seats"] != float64(5) || seats["amount"] == float64(0) {
		t.Errorf("seat-based checkout: seats %v, amount %v", seats["seats"], seats["amount"])
	}
	checkSeatShape(t, version, seats)
	if pub := value("clientGet", "CheckoutPublic"); pub["id"] != id {
		t.Errorf("clientGet: id = %v", pub["id"])
	}
	if pub := value("clientUpdate", "CheckoutPublic"); pub["customer_name"] != "Jane Q. Doe" {
		t.Errorf("clientUpdate: customer_name = %v", pub["customer_name"])
	}

	for name, want := range map[string]struct {
		class  string
		status int
		schema string
	}{
		"get unknown (404)":                {"ResourceNotFound", 404, "ResourceNotFound"},
		"create with empty products (422)": {"HTTPValidationError", 422, "HTTPValidationError"},
	} {
		st := steps[name]
		if st.OK || st.Error == nil || st.Error.Name != want.class || st.Error.StatusCode != want.status {
			t.Errorf("%s: got %+v, want the SDK's %s with status %d", name, st.Error, want.class, want.status)
			continue
		}
		if err := doc.ValidateSchema(t, want.schema, st.Error.Body); err != nil {
			t.Errorf("%s: error body is not a valid %s: %v", name, want.schema, err)
		}
	}

	// Every request the SDK sent carried its version header.
	for _, r := range s.Requests() {
		if v := r.Header.Get("Polar-Version"); v != version {
			t.Errorf("%s %s: Polar-Version %q", r.Method, r.Path, v)
		}
	}
}

// checkSeatShape checks the seat-based price of a checkout as the SDK of
// version got it: seat_tiers in 2026-10; tiers, minimum_units and
// maximum_units from 2027-01 on.
func checkSeatShape(t *testing.T, version string, checkout map[string]any) {
	t.Helper()
	price, _ := checkout["product_price"].(map[string]any)
	if price["amount_type"] != "seat_based" {
		t.Fatalf("seat-based checkout: product_price %v", price)
	}
	_, hasSeatTiers := price["seat_tiers"]
	_, hasTiers := price["tiers"]
	_, hasMin := price["minimum_units"]
	if version == "2026-10" && (!hasSeatTiers || hasTiers || hasMin) || version != "2026-10" && (hasSeatTiers || !hasTiers || !hasMin) {
		t.Errorf("%s seat-based price: keys %v", version, keys(price))
	}
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
