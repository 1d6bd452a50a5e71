package polartest

import (
	"encoding/json"
	"reflect"
	"testing"
)

// unionsIn returns the generated unions (structs holding only a raw
// "union") reachable from t.
func unionsIn(t reflect.Type) []reflect.Type {
	var out []reflect.Type
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		if f, ok := t.FieldByName("union"); ok && f.Type == reflect.TypeFor[json.RawMessage]() {
			out = append(out, t)
			return
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				walk(f.Type)
			}
		}
	}
	walk(t)
	return out
}

// TestExactKeysKnowEveryUnion: every generated union reachable from a
// request body type has its discriminator in unionTags, so exactKeys
// filters its objects as their variant.
func TestExactKeysKnowEveryUnion(t *testing.T) {
	found := 0
	for version, ops := range bodyTypes {
		for op, bt := range ops {
			for _, u := range unionsIn(bt) {
				found++
				if _, ok := unionTags[u]; !ok {
					t.Errorf("%s %s: union %s has no discriminator in unionTags", version, op, u)
				}
			}
		}
	}
	if found == 0 {
		t.Error("no union found: the walk is broken (CheckoutCreate.Prices holds ProductPriceCreate)")
	}
}

func TestExactKeys(t *testing.T) {
	for _, tc := range []struct {
		name, version, pattern, in, want string
	}{
		{"top level", "2026-10", "POST /v1/checkouts/{$}",
			`{"products":["p"],"Success_URL":"x","success_url":"https://a.example/","METADATA":{"a":1},"unknown":1}`,
			`{"products":["p"],"success_url":"https://a.example/"}`},
		{"map keys are data, values filtered", "2026-10", "POST /v1/checkouts/{$}",
			`{"metadata":{"Key":"v"},"customer_billing_address":{"country":"US","CITY":"x","city":"y"}}`,
			`{"metadata":{"Key":"v"},"customer_billing_address":{"country":"US","city":"y"}}`},
		{"nullable of a struct", "2026-10", "PATCH /v1/checkouts/{id}",
			`{"customer_billing_address":{"country":"US","Line1":"x"},"Customer_Name":"Eve"}`,
			`{"customer_billing_address":{"country":"US"}}`},
		{"price variant, 2026-10", "2026-10", "POST /v1/checkouts/{$}",
			`{"prices":{"p":[{"amount_type":"fixed","PRICE_AMOUNT":5,"price_amount":100},{"amount_type":"seat_based","seat_tiers":{"tiers":[{"min_seats":1,"Price_Per_Seat":9,"price_per_seat":10}],"Seat_Tier_Type":"x"},"tiers":1}]}}`,
			`{"prices":{"p":[{"amount_type":"fixed","price_amount":100},{"amount_type":"seat_based","seat_tiers":{"tiers":[{"min_seats":1,"price_per_seat":10}]}}]}}`},
		{"price variant, 2027-01", "2027-01", "POST /v1/checkouts/{$}",
			`{"prices":{"p":[{"amount_type":"seat_based","seat_tiers":{},"tiers":{"type":"volume","tiers":[{"unit_amount":"5","BOUND":3}]},"Minimum_Units":2}]}}`,
			`{"prices":{"p":[{"amount_type":"seat_based","tiers":{"type":"volume","tiers":[{"unit_amount":"5"}]}}]}}`},
		{"no exact discriminator", "2026-10", "POST /v1/checkouts/{$}",
			`{"prices":{"p":[{"AMOUNT_TYPE":"fixed","price_amount":100}]}}`,
			`{"prices":{"p":[{"price_amount":100}]}}`},
		{"not what the type expects: as sent", "2026-10", "POST /v1/checkouts/{$}",
			`{"products":"P","customer_billing_address":[1]}`,
			`{"products":"P","customer_billing_address":[1]}`},
		{"not JSON: as sent", "2026-10", "POST /v1/checkouts/{$}", `{"a":`, `{"a":`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := exactKeys([]byte(tc.in), bodyTypes[tc.version][tc.pattern])
			var g, w any
			if json.Unmarshal(got, &g) != nil || json.Unmarshal([]byte(tc.want), &w) != nil {
				if string(got) != tc.want {
					t.Errorf("got %s, want %s", got, tc.want)
				}
				return
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
