package spectest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestLoad(t *testing.T) {
	doc := Load(t)
	if doc.OpenAPI != "3.0.3" || doc.Info.Version != "2026-10" {
		t.Errorf("openapi %q, version %q", doc.OpenAPI, doc.Info.Version)
	}
	if Load(t) != doc {
		t.Error("Load did not cache the document")
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
	if err := ValidateSchema(t, "CheckoutProductPrice", []byte(legacyPrice)); err != nil {
		t.Errorf("legacy price: %v", err)
	}
	// The legacy member must match: without recurring_interval it does not,
	// even though the body still matches ProductPrice.
	var m map[string]any
	_ = json.Unmarshal([]byte(legacyPrice), &m)
	delete(m, "recurring_interval")
	b, _ := json.Marshal(m)
	if err := ValidateSchema(t, "CheckoutProductPrice", b); err == nil || !strings.Contains(err.Error(), "LegacyRecurringProductPrice") {
		t.Errorf("legacy price without recurring_interval: %v, want an error naming the legacy member", err)
	}
	repeating := `{"id":"6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d","name":"x","code":null,"type":"percentage","duration":"repeating","duration_in_months":3,"basis_points":1000}`
	if err := ValidateSchema(t, "CheckoutDiscount", []byte(repeating)); err != nil {
		t.Errorf("repeating discount: %v", err)
	}
	noMonths := strings.Replace(repeating, `"duration_in_months":3,`, "", 1)
	if err := ValidateSchema(t, "CheckoutDiscount", []byte(noMonths)); err == nil {
		t.Error("repeating discount without duration_in_months passed (it matches only the once/forever sibling)")
	}
}

func TestFixtures(t *testing.T) {
	for name, schema := range map[string]string{
		"checkout.json":         "Checkout",
		"validation_error.json": "HTTPValidationError",
	} {
		if err := ValidateSchema(t, schema, Fixture(t, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPatternsChecked proves the validation options check a schema's
// pattern (openapi.yaml has none today; one added later must be enforced)
// and that the document holds no pattern Go's regexp cannot compile.
func TestPatternsChecked(t *testing.T) {
	s := load(t)
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
