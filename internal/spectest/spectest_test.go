package spectest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestFor(t *testing.T) {
	versions := Versions(t)
	if !slices.Contains(versions, "2026-10") || !slices.Contains(versions, "2027-01") || !slices.IsSorted(versions) {
		t.Fatalf("Versions = %v, want 2026-10 and 2027-01, sorted", versions)
	}
	for _, v := range versions {
		d := For(t, v)
		if doc := d.OpenAPI(); doc.OpenAPI != "3.0.3" || doc.Info.Version != v || d.Version() != v {
			t.Errorf("%s: openapi %q, version %q", v, doc.OpenAPI, doc.Info.Version)
		}
		if For(t, v) != d {
			t.Errorf("%s: For did not cache the document", v)
		}
	}
	if For(t, "2026-10") == For(t, "2027-01") {
		t.Error("two versions share one document")
	}
}

// TestVersionsDiffer checks each document by its own shapes: a seat-based
// price with seat_tiers is 2026-10's and not 2027-01's, one with tiers,
// minimum_units and maximum_units the reverse.
func TestVersionsDiffer(t *testing.T) {
	const head = `"amount_type":"seat_based","created_at":"2026-03-12T09:41:07Z","modified_at":null,"id":"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9","is_archived":false,"price_currency":"usd","product_id":"7c2c4ac5-05c9-4a2b-98a3-26c27bfc6545","source":"catalog","tax_behavior":null`
	seat2026 := `{` + head + `,"seat_tiers":{"seat_tier_type":"volume","tiers":[{"min_seats":1,"max_seats":4,"price_per_seat":1200}],"minimum_seats":1,"maximum_seats":4}}`
	seat2027 := `{` + head + `,"tiers":{"type":"volume","tiers":[{"unit_amount":"1200","bound":4}]},"minimum_units":1,"maximum_units":4}`
	for _, tc := range []struct {
		version, body string
		ok            bool
	}{
		{"2026-10", seat2026, true},
		{"2026-10", seat2027, false},
		{"2027-01", seat2027, true},
		{"2027-01", seat2026, false},
	} {
		err := For(t, tc.version).ValidateSchema(t, "ProductPriceSeatBased", []byte(tc.body))
		if (err == nil) != tc.ok {
			t.Errorf("%s: %.60s...: %v, want ok=%v", tc.version, tc.body[len(head)+1:], err, tc.ok)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(string) error
		in   string
		ok   bool
	}{
		{"uuid", validateUUID, "4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9", true},
		{"uuid without hyphens", validateUUID, "4fc1ca0ac95546d8a2b4dfedfe3f1eb9", false},
		{"uri", validateURI, "https://example.com/s?id={CHECKOUT_SESSION_ID}", true},
		{"relative uri", validateURI, "/checkout", false},
		{"email", validateEmail, "jane@example.com", true},
		{"named email", validateEmail, "Jane <jane@example.com>", false},
		{"date-time without fraction", validateDateTime, "2026-08-22T08:47:05Z", true},
		{"date-time with micros", validateDateTime, "2026-08-22T08:47:05.123456Z", true},
		{"date without time", validateDateTime, "2026-08-22", false},
	} {
		if err := tc.fn(tc.in); (err == nil) != tc.ok {
			t.Errorf("%s %q: %v", tc.name, tc.in, err)
		}
	}
}

// legacyPrice is a legacy recurring price: it matches both members of
// CheckoutProductPrice, so a strict oneOf would refuse it.
const legacyPrice = `{"amount_type":"fixed","created_at":"2024-08-12T09:41:07Z","id":"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9","is_archived":false,"legacy":true,"modified_at":null,"price_amount":1900,"price_currency":"usd","product_id":"7c2c4ac5-05c9-4a2b-98a3-26c27bfc6545","recurring_interval":"month","source":"catalog","tax_behavior":null,"type":"recurring"}`

func TestUnionsByPolarsRule(t *testing.T) {
	for _, v := range Versions(t) {
		t.Run(v, func(t *testing.T) { unionsByPolarsRule(t, For(t, v)) })
	}
}

func unionsByPolarsRule(t *testing.T, d *Doc) {
	if err := d.ValidateSchema(t, "CheckoutProductPrice", []byte(legacyPrice)); err != nil {
		t.Errorf("legacy price: %v", err)
	}
	// The legacy member must match: without recurring_interval it does not,
	// even though the body still matches ProductPrice.
	var m map[string]any
	_ = json.Unmarshal([]byte(legacyPrice), &m)
	delete(m, "recurring_interval")
	b, _ := json.Marshal(m)
	if err := d.ValidateSchema(t, "CheckoutProductPrice", b); err == nil || !strings.Contains(err.Error(), "LegacyRecurringProductPrice") {
		t.Errorf("legacy price without recurring_interval: %v, want an error naming the legacy member", err)
	}
	repeating := `{"id":"6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d","name":"x","code":null,"type":"percentage","duration":"repeating","duration_in_months":3,"basis_points":1000}`
	if err := d.ValidateSchema(t, "CheckoutDiscount", []byte(repeating)); err != nil {
		t.Errorf("repeating discount: %v", err)
	}
	noMonths := strings.Replace(repeating, `"duration_in_months":3,`, "", 1)
	if err := d.ValidateSchema(t, "CheckoutDiscount", []byte(noMonths)); err == nil {
		t.Error("repeating discount without duration_in_months passed (it matches only the once/forever sibling)")
	}
}

func TestFixtures(t *testing.T) {
	for name, schema := range map[string]string{
		"checkout.json":         "Checkout",
		"validation_error.json": "HTTPValidationError",
	} {
		if err := For(t, "2026-10").ValidateSchema(t, schema, Fixture(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPatternsChecked proves the validation options check a schema's
// pattern (the documents have none today; one added later must be
// enforced) and that a document holding a pattern Go's regexp cannot
// compile would not load.
func TestPatternsChecked(t *testing.T) {
	s := For(t, Current)
	schema := openapi3.NewStringSchema().WithPattern(`^[A-Z]{3}$`)
	if err := schema.VisitJSON("USD", s.opts...); err != nil {
		t.Errorf("USD against ^[A-Z]{3}$: %v", err)
	}
	if err := schema.VisitJSON("usd", s.opts...); err == nil {
		t.Error("usd passed ^[A-Z]{3}$: patterns are not checked")
	}
	python := &openapi3.T{
		OpenAPI: "3.0.3",
		Info:    &openapi3.Info{Title: "t", Version: "1"},
		Paths:   openapi3.NewPaths(),
		Components: &openapi3.Components{Schemas: openapi3.Schemas{
			"UnitAmount": openapi3.NewSchemaRef("", openapi3.NewStringSchema().WithPattern(`^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$`)),
		}},
	}
	if err := python.Validate(context.Background()); err == nil {
		t.Error("a document with Python's (?!...) pattern validated: Load would not notice one coming back")
	}
}
