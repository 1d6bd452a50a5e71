package polar_test

import (
	"encoding/json"
	"fmt"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// priceBase is what every price object of Polar's carries.
const priceBase = `"created_at":"2026-06-01T10:00:00Z","modified_at":null,"id":"` + priceID + `","source":"catalog",` +
	`"price_currency":"usd","tax_behavior":"exclusive","is_archived":false,"product_id":"` + productID + `"`

func decodePrice(t *testing.T, body string) polar.CheckoutProductPrice {
	t.Helper()
	var p polar.CheckoutProductPrice
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return p
}

func TestPriceValue(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, body string
		check      func(t *testing.T, v any)
	}{
		{"fixed", `{` + priceBase + `,"amount_type":"fixed","price_amount":1900,"type":"one_time","recurring_interval":null}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.ProductPriceFixed); !ok || p.PriceAmount != 1900 || p.ID != priceID {
					t.Errorf("got %#v", v)
				}
			}},
		{"custom", `{` + priceBase + `,"amount_type":"custom","minimum_amount":500,"maximum_amount":null,"preset_amount":2000}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.ProductPriceCustom); !ok || p.MinimumAmount != 500 || p.PresetAmount == nil || *p.PresetAmount != 2000 {
					t.Errorf("got %#v", v)
				}
			}},
		{"seat_based", `{` + priceBase + `,"amount_type":"seat_based","seat_tiers":{"tiers":[{"min_seats":1,"max_seats":null,"price_per_seat":1200}],"seat_tier_type":"volume","minimum_seats":1,"maximum_seats":null},"price_per_seat":1200}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.ProductPriceSeatBased); !ok || len(p.SeatTiers.Tiers) != 1 || p.SeatTiers.Tiers[0].PricePerSeat != 1200 {
					t.Errorf("got %#v", v)
				}
			}},
		{"metered_unit", `{` + priceBase + `,"amount_type":"metered_unit","unit_amount":"0.25","cap_amount":10000,"meter_id":"` + customerID + `","meter":{"id":"` + customerID + `","name":"API calls"}}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.ProductPriceMeteredUnit); !ok || p.UnitAmount != "0.25" || p.MeterID != customerID || p.Meter.Name != "API calls" {
					t.Errorf("got %#v", v)
				}
			}},
		{"unit_based", `{` + priceBase + `,"amount_type":"unit_based","tiers":{"type":"volume","tiers":[{"unit_amount":"100","bound":null}]},"minimum_units":1,"maximum_units":null,"unit_label":{"en":{"=1":"licence","other":"licences"}}}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.ProductPriceUnitBased); !ok || p.UnitLabel == nil || (*p.UnitLabel)["en"]["=1"] != "licence" || len(p.Tiers.Tiers) != 1 || p.Tiers.Tiers[0].UnitAmount != "100" {
					t.Errorf("got %#v", v)
				}
			}},
		{"legacy fixed is not the new fixed", `{` + priceBase + `,"amount_type":"fixed","price_amount":900,"type":"recurring","recurring_interval":"month","legacy":true}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.LegacyRecurringProductPriceFixed); !ok || p.PriceAmount != 900 || p.RecurringInterval != polar.RecurringIntervalMonth {
					t.Errorf("got %#v, want a LegacyRecurringProductPriceFixed", v)
				}
			}},
		{"legacy custom is not the new custom", `{` + priceBase + `,"amount_type":"custom","minimum_amount":100,"maximum_amount":null,"preset_amount":null,"type":"recurring","recurring_interval":"year","legacy":true}`,
			func(t *testing.T, v any) {
				if p, ok := v.(polar.LegacyRecurringProductPriceCustom); !ok || p.MinimumAmount != 100 || p.RecurringInterval != polar.RecurringIntervalYear {
					t.Errorf("got %#v, want a LegacyRecurringProductPriceCustom", v)
				}
			}},
		{"an unknown amount type", `{` + priceBase + `,"amount_type":"tiered_volume","bands":[1,2]}`,
			func(t *testing.T, v any) {
				u, ok := v.(polar.Unknown)
				if !ok || u.Kind != "tiered_volume" || !json.Valid(u.JSON) {
					t.Fatalf("got %#v, want Unknown tiered_volume", v)
				}
				var m map[string]any
				json.Unmarshal(u.JSON, &m)
				if fmt.Sprint(m["bands"]) != "[1 2]" {
					t.Errorf("Unknown.JSON = %s, want the object as sent", u.JSON)
				}
			}},
		{"an unknown legacy amount type", `{` + priceBase + `,"amount_type":"free","legacy":true}`,
			func(t *testing.T, v any) {
				if u, ok := v.(polar.Unknown); !ok || u.Kind != "legacy free" {
					t.Errorf("got %#v, want Unknown legacy free", v)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v, err := polar.PriceValue(decodePrice(t, tc.body))
			if err != nil {
				t.Fatalf("PriceValue: %v", err)
			}
			tc.check(t, v)
		})
	}
}

func TestDiscountValue(t *testing.T) {
	t.Parallel()
	const base = `"id":"` + discountID + `","name":"Autumn","code":"AUTUMN"`
	for _, tc := range []struct {
		name, body string
		check      func(t *testing.T, v any)
	}{
		{"fixed once", `{` + base + `,"type":"fixed","duration":"once","amount":500,"currency":"usd","amounts":{"usd":500,"eur":450}}`,
			func(t *testing.T, v any) {
				if d, ok := v.(polar.CheckoutDiscountFixedOnceForeverDuration); !ok || d.Amount != 500 || d.Amounts["eur"] != 450 || d.Duration != polar.DiscountDurationOnce {
					t.Errorf("got %#v", v)
				}
			}},
		{"fixed forever", `{` + base + `,"type":"fixed","duration":"forever","amount":500,"currency":"usd","amounts":{"usd":500}}`,
			func(t *testing.T, v any) {
				if d, ok := v.(polar.CheckoutDiscountFixedOnceForeverDuration); !ok || d.Duration != polar.DiscountDurationForever {
					t.Errorf("got %#v", v)
				}
			}},
		{"fixed repeating is not once/forever", `{` + base + `,"type":"fixed","duration":"repeating","duration_in_months":3,"amount":500,"currency":"usd","amounts":{"usd":500}}`,
			func(t *testing.T, v any) {
				if d, ok := v.(polar.CheckoutDiscountFixedRepeatDuration); !ok || d.DurationInMonths != 3 || d.Amount != 500 {
					t.Errorf("got %#v, want a CheckoutDiscountFixedRepeatDuration", v)
				}
			}},
		{"percentage once", `{` + base + `,"type":"percentage","duration":"once","basis_points":1000}`,
			func(t *testing.T, v any) {
				if d, ok := v.(polar.CheckoutDiscountPercentageOnceForeverDuration); !ok || d.BasisPoints != 1000 {
					t.Errorf("got %#v", v)
				}
			}},
		{"percentage repeating is not once/forever", `{` + base + `,"type":"percentage","duration":"repeating","duration_in_months":6,"basis_points":2500}`,
			func(t *testing.T, v any) {
				if d, ok := v.(polar.CheckoutDiscountPercentageRepeatDuration); !ok || d.DurationInMonths != 6 || d.BasisPoints != 2500 {
					t.Errorf("got %#v, want a CheckoutDiscountPercentageRepeatDuration", v)
				}
			}},
		{"an unknown type", `{` + base + `,"type":"free_shipping","duration":"once"}`,
			func(t *testing.T, v any) {
				if u, ok := v.(polar.Unknown); !ok || u.Kind != "free_shipping/once" || len(u.JSON) == 0 {
					t.Errorf("got %#v, want Unknown free_shipping/once", v)
				}
			}},
		{"an unknown duration", `{` + base + `,"type":"percentage","duration":"lifetime","basis_points":10}`,
			func(t *testing.T, v any) {
				if u, ok := v.(polar.Unknown); !ok || u.Kind != "percentage/lifetime" {
					t.Errorf("got %#v, want Unknown percentage/lifetime", v)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var d polar.CheckoutDiscount
			if err := json.Unmarshal([]byte(tc.body), &d); err != nil {
				t.Fatal(err)
			}
			v, err := polar.DiscountValue(d)
			if err != nil {
				t.Fatalf("DiscountValue: %v", err)
			}
			tc.check(t, v)
		})
	}
}

func TestCustomFieldValue(t *testing.T) {
	t.Parallel()
	const base = `"created_at":"2026-06-03T12:00:00Z","modified_at":null,"id":"` + customerID + `","metadata":{},"slug":"f","name":"F","organization_id":"` + orgID + `"`
	for _, tc := range []struct {
		kind, props string
		check       func(v any) bool
	}{
		{"text", `{"form_label":"Company","textarea":false,"max_length":120}`, func(v any) bool { _, ok := v.(polar.CustomFieldText); return ok }},
		{"number", `{"form_label":"Seats","ge":1,"le":10}`, func(v any) bool { _, ok := v.(polar.CustomFieldNumber); return ok }},
		{"date", `{"form_label":"Start"}`, func(v any) bool { _, ok := v.(polar.CustomFieldDate); return ok }},
		{"checkbox", `{"form_label":"Terms"}`, func(v any) bool { _, ok := v.(polar.CustomFieldCheckbox); return ok }},
		{"select", `{"form_label":"Size","options":[{"value":"s","label":"Small"},{"value":"l","label":"Large"}]}`, func(v any) bool {
			s, ok := v.(polar.CustomFieldSelect)
			return ok && len(s.Properties.Options) == 2 && s.Properties.Options[1].Label == "Large"
		}},
		{"color", `{"form_label":"Colour"}`, func(v any) bool {
			u, ok := v.(polar.Unknown)
			return ok && u.Kind == "color" && len(u.JSON) > 0
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			var f polar.CustomField
			body := `{` + base + `,"type":"` + tc.kind + `","properties":` + tc.props + `}`
			if err := json.Unmarshal([]byte(body), &f); err != nil {
				t.Fatal(err)
			}
			v, err := polar.CustomFieldValue(f)
			if err != nil {
				t.Fatalf("CustomFieldValue: %v", err)
			}
			if !tc.check(v) {
				t.Errorf("CustomFieldValue(%s) = %#v", tc.kind, v)
			}
		})
	}
}

// TestUnionValuesFailOnlyOnNonObjects: the zero union (nothing decoded)
// and JSON that is no object are errors, never a panic.
func TestUnionValuesFailOnlyOnNonObjects(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`[1,2]`, `"fixed"`, `42`, `{"amount_type":5}`, `{"type":["text"]}`} {
		var p polar.CheckoutProductPrice
		var d polar.CheckoutDiscount
		var f polar.CustomField
		if err := json.Unmarshal([]byte(raw), &p); err != nil {
			continue // the union refused it already
		}
		json.Unmarshal([]byte(raw), &d)
		json.Unmarshal([]byte(raw), &f)
		if v, err := polar.PriceValue(p); err == nil && raw != `{"type":["text"]}` {
			t.Errorf("PriceValue(%s) = %#v, want an error", raw, v)
		}
		if v, err := polar.DiscountValue(d); err == nil && raw != `{"amount_type":5}` {
			t.Errorf("DiscountValue(%s) = %#v, want an error", raw, v)
		}
		if v, err := polar.CustomFieldValue(f); err == nil && raw != `{"amount_type":5}` {
			t.Errorf("CustomFieldValue(%s) = %#v, want an error", raw, v)
		}
	}
	for name, f := range map[string]func() (any, error){
		"price":        func() (any, error) { return polar.PriceValue(polar.CheckoutProductPrice{}) },
		"discount":     func() (any, error) { return polar.DiscountValue(polar.CheckoutDiscount{}) },
		"custom field": func() (any, error) { return polar.CustomFieldValue(polar.CustomField{}) },
	} {
		if v, err := f(); err == nil {
			t.Errorf("%s of the zero union = %#v, want an error", name, v)
		}
	}
	// A variant whose fields have the wrong types is an error too.
	if v, err := polar.PriceValue(decodePrice(t, `{"amount_type":"fixed","price_amount":"19.00"}`)); err == nil {
		t.Errorf("PriceValue of a fixed price with a string amount = %#v, want an error", v)
	}
}
