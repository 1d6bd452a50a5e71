package polartest

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// This file reads the ad-hoc prices of a create body (the products form's
// "prices": product id -> list of ProductPriceCreate, facts §5.2) and the
// seats and units a checkout is bought in. Prices are read from the body
// key by key, with exact key names; the checks follow each version's
// document: a seat-based price has seat_tiers in 2026-10 and tiers and
// minimum_units in 2027-01. Polar also accepts the hidden amount_type
// "free", a fixed price of 0 (facts §6.5).
//
// Where Polar's exact 422 text is not known (union tags, decimals),
// polartest writes pydantic's usual text for the problem; the loc and type
// are pydantic's. The messages about seats and units are Polar's own
// (server/polar/checkout/service.py).

// priceTags are the amount types a price to create may have, in the order
// the error of an unknown one lists them.
var priceTags = []string{"fixed", "custom", "free", "seat_based", "metered_unit", "unit_based", "metered_tiers"}

// priceFields returns the fields of the price variant tag in version and
// which of them are required.
func priceFields(version, tag string) ([]field, []string) {
	common := []field{
		{"price_currency", checkCurrency},
		{"tax_behavior", nullable(checkEnum("exclusive", "inclusive"))},
	}
	tiers := checkObjectOf([]string{"type", "tiers"},
		field{"type", checkEnum("volume", "graduated")},
		field{"tiers", checkList(1, checkObjectOf([]string{"unit_amount"},
			field{"unit_amount", checkDecimal(false)},
			field{"bound", nullable(checkGreaterThan(0))},
		))},
	)
	switch tag {
	case "fixed":
		return append(common, field{"price_amount", checkInt(0, -1)}), []string{"price_amount"}
	case "custom":
		return append(common,
			field{"minimum_amount", checkInt(0, -1)},
			field{"maximum_amount", nullable(checkInt(1, -1))},
			field{"preset_amount", nullable(checkInt(0, -1))},
		), nil
	case "free":
		return common, nil
	case "seat_based":
		if version == "2026-10" {
			return append(common, field{"seat_tiers", checkObjectOf([]string{"tiers"},
				field{"seat_tier_type", checkEnum("volume", "graduated")},
				field{"tiers", checkList(1, checkObjectOf([]string{"min_seats", "price_per_seat"},
					field{"min_seats", checkInt(1, -1)},
					field{"max_seats", nullable(checkInt(1, -1))},
					field{"price_per_seat", checkInt(0, -1)},
				))},
			)}), []string{"seat_tiers"}
		}
		return append(common, field{"tiers", tiers}, field{"minimum_units", nullable(checkInt(1, -1))}), []string{"tiers"}
	case "metered_unit":
		return append(common,
			field{"meter_id", checkUUID4},
			field{"unit_amount", checkDecimal(true)},
			field{"cap_amount", nullable(checkInt(0, 2147483647))},
		), []string{"meter_id", "unit_amount"}
	case "unit_based":
		return append(common,
			field{"tiers", tiers},
			field{"minimum_units", nullable(checkInt(1, -1))},
			field{"unit_label", nullable(checkObject)},
		), []string{"tiers"}
	case "metered_tiers":
		return append(common,
			field{"meter_id", checkUUID4},
			field{"tiers", tiers},
			field{"cap_amount", nullable(checkInt(0, 2147483647))},
		), []string{"meter_id", "tiers"}
	}
	return nil, nil
}

// checkPrices returns the check of a create body's prices in version: an
// object of product ids to non-empty lists of prices, each told apart by
// its amount_type (pydantic's tagged union: the tag is part of the loc of
// a field's problem).
func checkPrices(version string) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		var m map[string]json.RawMessage
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
			return one("dict_type", "Input should be a valid dictionary", raw, loc)
		}
		var out []gen.ValidationError
		for _, pid := range orderedKeys(raw) {
			keyRaw, _ := json.Marshal(pid)
			out = append(out, checkUUID4(keyRaw, at(loc, pid, "[key]"))...)
			out = append(out, checkList(1, checkPrice(version))(m[pid], at(loc, pid))...)
		}
		return out
	}
}

// checkPrice returns the check of one price to create.
func checkPrice(version string) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		var m map[string]json.RawMessage
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
			return one("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", raw, loc)
		}
		tagRaw, ok := m["amount_type"]
		if !ok {
			return []gen.ValidationError{{Type: "union_tag_not_found", Loc: loc, Msg: "Unable to extract tag using discriminator 'amount_type'",
				Input: decodeAny(raw), Ctx: &map[string]any{"discriminator": "'amount_type'"}}}
		}
		tag, isString := jsonString(tagRaw)
		if !isString {
			tag = string(tagRaw)
		}
		if !isString || !slices.Contains(priceTags, tag) {
			expected := "'" + strings.Join(priceTags, "', '") + "'"
			return []gen.ValidationError{{Type: "union_tag_invalid", Loc: loc,
				Msg:   fmt.Sprintf("Input tag '%s' found using 'amount_type' does not match any of the expected tags: %s", tag, expected),
				Input: decodeAny(raw), Ctx: &map[string]any{"discriminator": "'amount_type'", "tag": tag, "expected_tags": expected}}}
		}
		fields, required := priceFields(version, tag)
		return checkObjectOf(required, fields...)(raw, at(loc, tag))
	}
}

// at returns loc with more items, in a new slice.
func at(loc []any, more ...any) []any {
	return append(append(make([]any, 0, len(loc)+len(more)), loc...), more...)
}

// checkObjectOf returns the check of an object with fields (each checked
// when present) of which required must be present.
func checkObjectOf(required []string, fields ...field) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		var m map[string]json.RawMessage
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
			return one("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", raw, loc)
		}
		var out []gen.ValidationError
		for _, f := range fields {
			v, ok := m[f.name]
			if !ok {
				if slices.Contains(required, f.name) {
					out = append(out, problem("missing", "Field required", decodeAny(raw), at(loc, f.name)...))
				}
				continue
			}
			out = append(out, f.check(v, at(loc, f.name))...)
		}
		return out
	}
}

// checkList returns the check of a list of at least minItems items, each
// checked by item.
func checkList(minItems int, item checker) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		var items []json.RawMessage
		if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
			return one("list_type", "Input should be a valid list", raw, loc)
		}
		if len(items) < minItems {
			return []gen.ValidationError{{Type: "too_short", Loc: loc, Input: decodeAny(raw),
				Msg: fmt.Sprintf("List should have at least %d %s after validation, not %d", minItems, plural(minItems, "item"), len(items)),
				Ctx: &map[string]any{"field_type": "List", "min_length": minItems, "actual_length": len(items)}}}
		}
		var out []gen.ValidationError
		for i, it := range items {
			out = append(out, item(it, at(loc, i))...)
		}
		return out
	}
}

// checkEnum returns the check of a string among values.
func checkEnum(values ...string) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		if s, ok := jsonString(raw); ok && slices.Contains(values, s) {
			return nil
		}
		expected := "'" + strings.Join(values[:len(values)-1], "', '") + "' or '" + values[len(values)-1] + "'"
		return []gen.ValidationError{{Type: "enum", Loc: loc, Msg: "Input should be " + expected, Input: decodeAny(raw),
			Ctx: &map[string]any{"expected": expected}}}
	}
}

// checkGreaterThan returns the check of an integer above lo.
func checkGreaterThan(lo int) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		if errs := checkInt(-1<<62, -1)(raw, loc); errs != nil {
			return errs
		}
		var n int
		_ = json.Unmarshal(raw, &n)
		if n <= lo {
			return []gen.ValidationError{{Type: "greater_than", Loc: loc, Msg: fmt.Sprintf("Input should be greater than %d", lo), Input: n, Ctx: &map[string]any{"gt": lo}}}
		}
		return nil
	}
}

// checkDecimal checks an amount of cents given as a JSON number or a
// decimal string, at least 0 (above 0 when positive).
func checkDecimal(positive bool) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		r, ok := parseDecimal(raw)
		if !ok {
			return one("decimal_parsing", "Input should be a valid decimal", raw, loc)
		}
		switch {
		case positive && r.Sign() <= 0:
			return []gen.ValidationError{{Type: "greater_than", Loc: loc, Msg: "Input should be greater than 0", Input: decodeAny(raw), Ctx: &map[string]any{"gt": 0}}}
		case r.Sign() < 0:
			return []gen.ValidationError{{Type: "greater_than_equal", Loc: loc, Msg: "Input should be greater than or equal to 0", Input: decodeAny(raw), Ctx: &map[string]any{"ge": 0}}}
		}
		return nil
	}
}

// parseDecimal reads a JSON number or decimal string.
func parseDecimal(raw json.RawMessage) (*big.Rat, bool) {
	s, isString := jsonString(raw)
	if !isString {
		s = string(raw)
		if len(s) == 0 || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
			return nil, false
		}
	}
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "/eE") && isString {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// adHocPrices turns the checked prices of a create body into prices of
// the checkout's products, made now; a product id that is not among the
// checkout's products is Polar's "Product is not set on that checkout.".
// The caller holds s.mu.
func (s *Server) adHocPrices(raw json.RawMessage, version string, products []*product) (map[string][]*price, []gen.ValidationError) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var m map[string][]map[string]json.RawMessage
	_ = json.Unmarshal(raw, &m)
	out := map[string][]*price{}
	var problems []gen.ValidationError
	for _, key := range orderedKeys(raw) {
		id, _, _ := pydantic.ParseUUID(key)
		i := slices.IndexFunc(products, func(p *product) bool { return p.id == id })
		if i < 0 {
			problems = append(problems, problem("value_error", "Product is not set on that checkout.", decodeAny(mustJSON(m[key])), "body", "prices", key))
			continue
		}
		for _, obj := range m[key] {
			pr := buildPrice(obj, version, products[i].id)
			pr.encode(s.now(), products[i].recurring)
			out[id] = append(out[id], pr)
		}
	}
	return out, problems
}

// buildPrice makes an ad-hoc price of productID from a checked price
// object.
func buildPrice(obj map[string]json.RawMessage, version, productID string) *price {
	str := func(k, def string) string {
		if v, ok := jsonString(obj[k]); ok {
			return v
		}
		return def
	}
	num := func(raw json.RawMessage) *int {
		if len(raw) == 0 || string(raw) == "null" {
			return nil
		}
		var n int
		_ = json.Unmarshal(raw, &n)
		return &n
	}
	tiersOf := func(raw json.RawMessage) ([]tier, bool) {
		var t struct {
			Type  string                       `json:"type"`
			Tiers []map[string]json.RawMessage `json:"tiers"`
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(raw, &m)
		t.Type, _ = jsonString(m["type"])
		_ = json.Unmarshal(m["tiers"], &t.Tiers)
		var out []tier
		for _, x := range t.Tiers {
			r, _ := parseDecimal(x["unit_amount"])
			out = append(out, tier{bound: num(x["bound"]), rate: r})
		}
		return out, t.Type == "graduated"
	}
	p := &price{id: newID(), productID: productID, source: gen.ProductPriceSourceAdHoc, currency: str("price_currency", "usd")}
	tag, _ := jsonString(obj["amount_type"])
	switch tag {
	case "fixed", "free":
		p.kind = kindFixed
		p.amount = valueOr(num(obj["price_amount"]), 0)
	case "custom":
		p.kind = kindCustom
		p.minimum = valueOr(num(obj["minimum_amount"]), 50)
		p.maximum, p.preset = num(obj["maximum_amount"]), num(obj["preset_amount"])
	case "seat_based":
		p.kind = kindSeatBased
		if version == "2026-10" {
			var st map[string]json.RawMessage
			_ = json.Unmarshal(obj["seat_tiers"], &st)
			var tiers []map[string]json.RawMessage
			_ = json.Unmarshal(st["tiers"], &tiers)
			typ, _ := jsonString(st["seat_tier_type"])
			p.graduated = typ == "graduated"
			for i, x := range tiers {
				if i == 0 {
					p.minUnits = valueOr(num(x["min_seats"]), 1)
				}
				perSeat, _ := parseDecimal(x["price_per_seat"])
				p.tiers = append(p.tiers, tier{bound: num(x["max_seats"]), rate: perSeat})
			}
			break
		}
		p.tiers, p.graduated = tiersOf(obj["tiers"])
		p.minUnits = valueOr(num(obj["minimum_units"]), 1)
	case "unit_based":
		p.kind = kindUnitBased
		p.tiers, p.graduated = tiersOf(obj["tiers"])
		p.minUnits = valueOr(num(obj["minimum_units"]), 1)
	case "metered_unit":
		p.kind = kindMeteredUnit
		r, _ := parseDecimal(obj["unit_amount"])
		p.tiers, p.maximum = []tier{{rate: r}}, num(obj["cap_amount"])
	case "metered_tiers":
		p.kind = kindMeteredTiers
		p.tiers, p.graduated = tiersOf(obj["tiers"])
		p.maximum = num(obj["cap_amount"])
	}
	return p
}

// mustJSON encodes v.
func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// quantityProblems checks the seats and units sent (nil: not sent) for
// price pr, as Polar does on create and update (facts §5.3): seats or
// units for a price of another kind, or outside the price's and the
// checkout's bounds (minSeats... nil: none).
func quantityProblems(pr *price, seats, units, minSeats, maxSeats, minUnits, maxUnits *int) []gen.ValidationError {
	var out []gen.ValidationError
	check := func(n *int, kind priceKind, name, what string, lo, hi *int) {
		if n == nil {
			return
		}
		if pr.kind != kind {
			out = append(out, problem("value_error", fmt.Sprintf("%s can only be set for %s pricing.", strings.ToUpper(name[:1])+name[1:], what), *n, "body", name))
			return
		}
		if least := max(pr.minUnits, valueOr(lo, 0)); *n < least {
			out = append(out, problem("greater_than_equal", fmt.Sprintf("Minimum %d %s required.", least, name), *n, "body", name))
			return
		}
		most := pr.maxUnits()
		if hi != nil && (most == nil || *hi < *most) {
			most = hi
		}
		if most != nil && *n > *most {
			out = append(out, problem("less_than_equal", fmt.Sprintf("Maximum %d %s allowed.", *most, name), *n, "body", name))
		}
	}
	check(seats, kindSeatBased, "seats", "seat-based", minSeats, maxSeats)
	check(units, kindUnitBased, "units", "unit-based", minUnits, maxUnits)
	return out
}
