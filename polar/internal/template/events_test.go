//go:build template

package polar_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// checkoutJSON is a whole checkout as Polar sends it (the root package's
// fixture; its prices have the same shape in every version).
func checkoutJSON(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/checkout.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const orderJSON = `{"id":"5d1c2a3e-7f9b-4c1d-8e2f-3a4b5c6d7e8f","created_at":"2026-12-06T10:00:00Z","modified_at":null,
"status":"paid","paid":true,"subtotal_amount":1900,"discount_amount":0,"net_amount":1900,"tax_amount":0,"total_amount":1900,
"applied_balance_amount":0,"due_amount":0,"refunded_amount":0,"refunded_tax_amount":0,"currency":"usd","billing_reason":"purchase",
"billing_name":null,"billing_address":null,"invoice_number":"ACME-0001","is_invoice_generated":false,"receipt_number":null,
"seats":null,"units":null,"customer_id":"8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d","product_id":"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9",
"discount_id":null,"subscription_id":null,"checkout_id":"e4b478fa-cd25-4253-9f1f-8a41e6370ede","metadata":{},"custom_field_data":{},
"platform_fee_amount":0,"platform_fee_currency":null,"next_payment_attempt_at":null,"description":"Pro Plan",
"customer":{"id":"8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d","email":"jane@example.com","name":"Jane Doe"},
"product":null,"discount":null,"subscription":null,
"items":[{"id":"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","created_at":"2026-12-06T10:00:00Z","modified_at":null,"label":"Pro Plan","amount":1900,"tax_amount":0,"proration":false,"product_price_id":"6f0c1b2a-3d4e-4f5a-8b9c-0d1e2f3a4b5c"}]}`

func TestCheckoutFromEvent(t *testing.T) {
	t.Parallel()
	data := checkoutJSON(t)
	for _, version := range []string{polar.APIVersion, ""} {
		ev := &webhook.Event{ID: "msg_1", Type: webhook.EventCheckoutUpdated, APIVersion: version, Data: data}
		c, err := polar.CheckoutFromEvent(ev)
		if err != nil || c.ID != "e4b478fa-cd25-4253-9f1f-8a41e6370ede" || c.ClientSecret == "" || len(c.Products) == 0 {
			t.Fatalf("version %q: CheckoutFromEvent = %+v, %v; want the fixture's checkout", version, c, err)
		}
	}
}

func TestOrderFromEvent(t *testing.T) {
	t.Parallel()
	ev := &webhook.Event{ID: "msg_2", Type: webhook.EventOrderPaid, APIVersion: polar.APIVersion, Data: []byte(orderJSON)}
	o, err := polar.OrderFromEvent(ev)
	if err != nil {
		t.Fatal(err)
	}
	if o.TotalAmount != 1900 || o.CheckoutID == nil || *o.CheckoutID != "e4b478fa-cd25-4253-9f1f-8a41e6370ede" ||
		o.Customer.Email == nil || *o.Customer.Email != "jane@example.com" || len(o.Items) != 1 || o.Items[0].Label != "Pro Plan" || o.Status != polar.OrderStatus("paid") {
		t.Errorf("OrderFromEvent = %+v", o)
	}
}

// otherVersion is a version that is not this package's. (No served
// version is named here: the template's own version is replaced by each
// package's.)
func otherVersion() string { return "2031-04" }

func TestFromEventRefusals(t *testing.T) {
	t.Parallel()
	data := checkoutJSON(t)
	tests := []struct {
		name    string
		ev      *webhook.Event
		order   bool
		want    error  // matched with errors.Is, nil for any error
		message string // a part of the message
	}{
		{name: "another version names both versions", ev: &webhook.Event{ID: "m", Type: webhook.EventCheckoutUpdated, APIVersion: otherVersion(), Data: data},
			want: polar.ErrAPIVersion, message: "the event is in API version " + otherVersion() + ", this package reads " + polar.APIVersion},
		{name: "an order of another version", ev: &webhook.Event{ID: "m", Type: webhook.EventOrderPaid, APIVersion: otherVersion(), Data: []byte(orderJSON)},
			order: true, want: polar.ErrAPIVersion, message: otherVersion()},
		{name: "an order event is no checkout", ev: &webhook.Event{ID: "m", Type: webhook.EventOrderPaid, Data: []byte(orderJSON)},
			message: `a "order.paid" event carries no checkout`},
		{name: "a checkout event is no order", ev: &webhook.Event{ID: "m", Type: webhook.EventCheckoutCreated, Data: data},
			order: true, message: `a "checkout.created" event carries no order`},
		{name: "data that is no object", ev: &webhook.Event{ID: "m", Type: webhook.EventCheckoutUpdated, Data: []byte(`[1]`)},
			want: webhook.ErrPayload},
		{name: "invalid JSON in data", ev: &webhook.Event{ID: "m", Type: webhook.EventCheckoutUpdated, Data: []byte(`{"id":`)},
			want: webhook.ErrPayload},
		{name: "a checkout without id", ev: &webhook.Event{ID: "m", Type: webhook.EventCheckoutUpdated, Data: []byte(`{"client_secret":"x"}`)},
			want: webhook.ErrPayload},
		{name: "an order without id", ev: &webhook.Event{ID: "m", Type: webhook.EventOrderPaid, Data: []byte(`{}`)},
			order: true, want: webhook.ErrPayload},
		{name: "a key given twice is refused, not read as the last", ev: &webhook.Event{ID: "m", Type: webhook.EventCheckoutUpdated,
			Data: []byte(`{"id":"a","client_secret":"s","id":"b"}`)}, want: webhook.ErrPayload},
		{name: "nil event", ev: nil, message: "nil event"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.order {
				var o *polar.Order
				o, err = polar.OrderFromEvent(tc.ev)
				if o != nil {
					t.Errorf("got an order %+v with the error", o)
				}
			} else {
				var c *polar.Checkout
				c, err = polar.CheckoutFromEvent(tc.ev)
				if c != nil {
					t.Errorf("got a checkout %+v with the error", c)
				}
			}
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %q does not match %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.message) {
				t.Errorf("error %q does not say %q", err, tc.message)
			}
		})
	}
}

// TestFromEventExactKeys: a key that differs only in case is not the
// field: the signed body is read one way, as Polar wrote it.
func TestFromEventExactKeys(t *testing.T) {
	t.Parallel()
	var body map[string]any
	if err := json.Unmarshal(checkoutJSON(t), &body); err != nil {
		t.Fatal(err)
	}
	body["STATUS"] = "succeeded"
	body["Client_Secret"] = "polar_c_other"
	data, _ := json.Marshal(body)
	c, err := polar.CheckoutFromEvent(&webhook.Event{ID: "m", Type: webhook.EventCheckoutUpdated, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != polar.CheckoutStatusOpen || c.ClientSecret != "polar_c_Qm8Zt2Lx5Rk9Wv3Np7Hs1Jd6Fb4Gc0Ya2Te8Uo5Ii" {
		t.Errorf("status %q, client secret %q: read from the keys in another case", c.Status, c.ClientSecret)
	}
}
