//go:build template

package polar

import (
	"fmt"
	"slices"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// CheckoutFromEvent decodes a verified checkout.created, checkout.updated
// or checkout.expired event into a Checkout of API version 2026-10.
//
// It refuses an event of another type, an event in another API version
// (an error matching ErrAPIVersion that names both versions: set the
// webhook endpoint's api_version to 2026-10, or read the event with that
// version's package), and data that is not a checkout (an error matching
// webhook.ErrPayload). An event without a version is read as 2026-10.
func CheckoutFromEvent(ev *webhook.Event) (*Checkout, error) {
	if err := eventOf(ev, "checkout", webhook.EventCheckoutCreated, webhook.EventCheckoutUpdated, webhook.EventCheckoutExpired); err != nil {
		return nil, err
	}
	c, err := decodeEvent[Checkout](ev, "checkout")
	if err != nil {
		return nil, err
	}
	if err := checkCheckout(c); err != nil {
		return nil, fmt.Errorf("polar: checkout from event %q: %w: %v", ev.ID, webhook.ErrPayload, err)
	}
	return c, nil
}

// OrderFromEvent decodes a verified order.created, order.updated,
// order.paid or order.refunded event into an Order of API version 2026-10:
// fulfil on order.paid, as Polar recommends.
//
// It refuses an event of another type, an event in another API version
// (ErrAPIVersion, naming both), and data that is not an order
// (webhook.ErrPayload). An event without a version is read as 2026-10.
func OrderFromEvent(ev *webhook.Event) (*Order, error) {
	if err := eventOf(ev, "order", webhook.EventOrderCreated, webhook.EventOrderUpdated, webhook.EventOrderPaid, webhook.EventOrderRefunded); err != nil {
		return nil, err
	}
	o, err := decodeEvent[Order](ev, "order")
	if err != nil {
		return nil, err
	}
	if o.ID == "" {
		return nil, fmt.Errorf("polar: order from event %q: %w: not an order: no id", ev.ID, webhook.ErrPayload)
	}
	return o, nil
}

// eventOf checks that ev is one of types and in this package's version.
func eventOf(ev *webhook.Event, what string, types ...string) error {
	if ev == nil {
		return fmt.Errorf("polar: %s from event: nil event", what)
	}
	if !slices.Contains(types, ev.Type) {
		return fmt.Errorf("polar: %s from event %q: a %q event carries no %s", what, ev.ID, ev.Type, what)
	}
	if ev.APIVersion != "" && ev.APIVersion != APIVersion {
		return fmt.Errorf("polar: %s from event %q: %w: the event is in API version %s, this package reads %s: import polar/v%s, or set the webhook endpoint's api_version to %s",
			what, ev.ID, ErrAPIVersion, ev.APIVersion, APIVersion, strings.ReplaceAll(ev.APIVersion, "-", "_"), APIVersion)
	}
	return nil
}

// decodeEvent decodes an event's data as Polar writes it: object keys by
// their exact names (a "Status" key is not "status"), and a key given
// twice refused, so that one signed body cannot be read two ways
// (encoding/json matches keys in any case and keeps the last duplicate;
// github.com/go-json-experiment/json, the basis of Go's encoding/json/v2,
// does neither).
func decodeEvent[T any](ev *webhook.Event, what string) (*T, error) {
	out := new(T)
	if err := jsonv2.Unmarshal(ev.Data, out); err != nil {
		return nil, fmt.Errorf("polar: %s from event %q: %w: %v", what, ev.ID, webhook.ErrPayload, err)
	}
	return out, nil
}
