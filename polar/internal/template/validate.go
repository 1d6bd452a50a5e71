//go:build template

package polar

import (
	"maps"
	"slices"

	"github.com/polar-checkouts/polar-go/internal/pydantic"
	"github.com/polar-checkouts/polar-go/polar/internal/check"
)

// The checks below refuse, before anything is sent, input that Polar would
// answer with a 422 for certain: they are the same checks, with the same
// error types and messages (polar/internal/check), so a refusal reads like
// Polar's own. They are never stricter than Polar, with one deliberate
// exception: a CheckoutCreate with more than one body form.

// checkCreate checks a CheckoutCreate: exactly one body form, UUID v4 ids,
// unique products, http(s) URLs, the e-mail address, the metadata limits,
// and a trial interval with its count.
func checkCreate(p *CheckoutCreate) error {
	var ps check.Problems
	forms := 0
	if p.Products != nil {
		forms++
	}
	if p.ProductID != "" {
		forms++
	}
	if p.ProductPriceID != "" {
		forms++
	}
	switch {
	case forms == 0:
		// Polar lists the key each of its three forms misses.
		ps.Add(check.FieldRequired, "body", "products")
		ps.Add(check.FieldRequired, "body", "product_id")
		ps.Add(check.FieldRequired, "body", "product_price_id")
	case forms > 1:
		ps.Add(&pydantic.Problem{Type: "value_error", Msg: "Set exactly one of products, product_id and product_price_id"}, "body")
	}
	if p.Products != nil && len(p.Products) == 0 {
		ps.Add(&pydantic.Problem{Type: "too_short", Msg: "List should have at least 1 item after validation, not 0"}, "body", "products")
	}
	seen := make(map[string]bool, len(p.Products))
	for i, id := range p.Products {
		canonical, prob := pydantic.UUID4(id)
		ps.Add(prob, "body", "products", i)
		if prob == nil && seen[canonical] {
			ps.Add(&pydantic.Problem{Type: "value_error", Msg: "Value error, Product IDs must be unique."}, "body", "products")
		}
		seen[canonical] = true
	}
	ps.ProductIDs(p.ProductID, p.ProductPriceID)
	ps.OptionalUUID(p.DiscountID, "body", "discount_id")
	ps.OptionalUUID(p.CustomerID, "body", "customer_id")
	ps.OptionalUUID(p.SubscriptionID, "body", "subscription_id")
	ps.URL(p.SuccessURL, "success_url")
	ps.URL(p.ReturnURL, "return_url")
	ps.Email(p.CustomerEmail)
	ps.Metadata(p.Metadata, "metadata")
	ps.Metadata(p.CustomerMetadata, "customer_metadata")
	checkPrices(&ps, p.Prices)
	if (p.TrialInterval == nil) != (p.TrialIntervalCount == nil) {
		ps.Add(&pydantic.Problem{Type: "missing", Msg: "Both trial_interval and trial_interval_count must be set together."}, "body")
	}
	return ps.Err()
}

// checkPrices checks the ad-hoc prices of a create, as Polar's pydantic
// model does: product ids that are UUIDs, at least one price a product, and
// each price an object with a known amount_type (a zero ProductPriceCreate,
// which a constructor never makes, is sent as null).
func checkPrices(ps *check.Problems, prices map[string][]ProductPriceCreate) {
	for _, id := range slices.Sorted(maps.Keys(prices)) {
		if _, prob := pydantic.UUID4(id); prob != nil {
			ps.Add(prob, "body", "prices", id, "[key]")
		}
		list := prices[id]
		if len(list) == 0 {
			ps.Add(&pydantic.Problem{Type: "too_short", Msg: "List should have at least 1 item after validation, not 0"}, "body", "prices", id)
		}
		for i, price := range list {
			raw, _ := price.MarshalJSON()
			if len(raw) == 0 || string(raw) == "null" {
				ps.Add(&pydantic.Problem{Type: "model_attributes_type", Msg: "Input should be a valid dictionary or object to extract fields from"}, "body", "prices", id, i)
				continue
			}
			kind, err := price.Discriminator()
			if err != nil || kind == "" {
				ps.Add(&pydantic.Problem{Type: "union_tag_not_found", Msg: "Unable to extract tag using discriminator 'amount_type'"}, "body", "prices", id, i)
				continue
			}
			if kind == "free" {
				continue // Polar still takes the removed "free" kind, as a fixed price of 0
			}
			if _, err := price.ValueByDiscriminator(); err != nil {
				ps.Add(&pydantic.Problem{Type: "union_tag_invalid", Msg: "Input tag '" + kind + "' found using 'amount_type' does not match any of the expected tags: 'fixed', 'custom', 'seat_based', 'unit_based', 'metered_unit', 'metered_tiers'"}, "body", "prices", id, i)
			}
		}
	}
}

// checkUpdate checks what CheckoutUpdate sends, as checkCreate does: a
// field left out or cleared (Null) is not checked, except that metadata
// cannot be cleared (Polar wants an object: send Set of an empty map to
// empty it).
func checkUpdate(p *CheckoutUpdate) error {
	var ps check.Problems
	ps.ProductIDs(value(p.ProductID), value(p.ProductPriceID))
	if id, ok := check.Value(p.DiscountID); ok {
		ps.UUID(id, "body", "discount_id")
	}
	ps.URL(value(p.SuccessURL), "success_url")
	ps.URL(value(p.ReturnURL), "return_url")
	ps.Email(value(p.CustomerEmail))
	ps.Dict(p.Metadata, "metadata")
	if m, ok := check.Value(p.CustomerMetadata); ok {
		ps.Metadata(m, "customer_metadata")
	}
	return ps.Err()
}

// checkPublicUpdate checks the fields a customer's update (ClientUpdate,
// ClientConfirm) shares with CheckoutUpdate.
func checkPublicUpdate(productID, productPriceID, email Nullable[string]) error {
	var ps check.Problems
	ps.ProductIDs(value(productID), value(productPriceID))
	ps.Email(value(email))
	return ps.Err()
}

// value is the string a Nullable field sends, "" when none.
func value(n Nullable[string]) string {
	v, _ := check.Value(n)
	return v
}

// checkListParams checks List's filters: UUID v4 ids, known statuses and
// sort keys, and no negative page or limit (0 means Polar's default; a
// limit above 100 is Polar's to clamp).
func checkListParams(p *CheckoutListParams) error {
	var ps check.Problems
	for _, f := range []struct {
		name string
		ids  []string
	}{{"organization_id", p.OrganizationID}, {"product_id", p.ProductID}, {"customer_id", p.CustomerID}} {
		for i, id := range f.ids {
			ps.UUID(id, "query", f.name, i)
		}
	}
	for i, st := range p.Status {
		switch st {
		case CheckoutStatusOpen, CheckoutStatusExpired, CheckoutStatusConfirmed, CheckoutStatusSucceeded, CheckoutStatusFailed:
		default:
			ps.Add(&pydantic.Problem{Type: "enum", Msg: "Input should be 'open', 'expired', 'confirmed', 'succeeded' or 'failed'"}, "query", "status", i)
		}
	}
	for i, s := range p.Sorting {
		switch s {
		case CheckoutSortPropertyCreatedAt, CheckoutSortPropertyMinusCreatedAt, CheckoutSortPropertyExpiresAt,
			CheckoutSortPropertyMinusExpiresAt, CheckoutSortPropertyStatus, CheckoutSortPropertyMinusStatus:
		default:
			ps.Add(&pydantic.Problem{Type: "enum", Msg: "Input should be 'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'"}, "query", "sorting", i)
		}
	}
	if p.Page < 0 {
		ps.Add(&pydantic.Problem{Type: "greater_than", Msg: "Input should be greater than 0"}, "query", "page")
	}
	if p.Limit < 0 {
		ps.Add(&pydantic.Problem{Type: "greater_than", Msg: "Input should be greater than 0"}, "query", "limit")
	}
	return ps.Err()
}
