package polartest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/internal/emailaddr"
	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// This file checks request bodies the way Polar's FastAPI and pydantic do,
// so the fake answers with the same 422 loc, msg, type and input (facts
// §5.5): the raw body is read key by key (a missing key is not an empty
// string), every field is checked, every problem listed. Where pydantic's
// lax mode would coerce (the string "5" for an integer, "yes" for a
// boolean), the fake refuses: the SDK never sends such values.

// Pydantic's labels of the three create forms, the second item of loc in
// a create body's errors (facts §5.5).
const (
	labelProducts = "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutProductsCreate]]]"
	labelProduct  = "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutProductCreate]]]"
	labelPrice    = "function-after[_validate_unit_constraints(), function-after[_validate_seat_constraints(), function-after[is_complete_configuration(), CheckoutPriceCreate]]]"
)

// createForm is which of the three create bodies Polar picked.
type createForm int

const (
	formProducts createForm = iota
	formProduct
	formPrice
)

// checker checks one field's raw value at loc.
type checker func(raw json.RawMessage, loc []any) []gen.ValidationError

// field is a body key and its check.
type field struct {
	name  string
	check checker
}

// sharedCreateFields are the fields every create form shares, in the
// order pydantic reports them.
var sharedCreateFields = []field{
	{"metadata", checkMetadata},
	{"custom_field_data", checkObject},
	{"discount_id", nullable(checkUUID4)},
	{"allow_discount_codes", checkBool},
	{"require_billing_address", checkBool},
	{"amount", nullable(checkInt(0, -1))},
	{"seats", nullable(checkInt(1, 10000))},
	{"min_seats", nullable(checkInt(1, 10000))},
	{"max_seats", nullable(checkInt(1, 10000))},
	{"units", nullable(checkInt(1, -1))},
	{"min_units", nullable(checkInt(1, -1))},
	{"max_units", nullable(checkInt(1, -1))},
	{"allow_trial", nullable(checkBool)},
	{"customer_id", nullable(checkUUID4)},
	{"is_business_customer", checkBool},
	{"external_customer_id", nullable(checkString(0, -1))},
	{"customer_name", nullable(checkString(0, 256))},
	{"customer_email", nullable(checkEmail)},
	{"customer_ip_address", nullable(checkIP)},
	{"customer_billing_name", nullable(checkString(0, -1))},
	{"customer_billing_address", nullable(checkAddress)},
	{"customer_tax_id", nullable(checkString(0, -1))},
	{"customer_metadata", checkMetadata},
	{"subscription_id", nullable(checkUUID4)},
	{"success_url", nullable(checkURL)},
	{"return_url", nullable(checkURL)},
	{"embed_origin", nullable(checkString(0, -1))},
	{"locale", nullable(checkString(0, -1))},
	{"currency", nullable(checkCurrency)},
	{"trial_interval", nullable(checkTrialInterval)},
	{"trial_interval_count", nullable(checkInt(1, 1000))},
}

// updateBaseFields are the fields CheckoutUpdate and CheckoutUpdatePublic
// share (facts §7).
var updateBaseFields = []field{
	{"product_id", nullable(checkUUID4)},
	{"product_price_id", nullable(checkUUID4)},
	{"amount", nullable(checkInt(0, -1))},
	{"seats", nullable(checkInt(1, 10000))},
	{"units", nullable(checkInt(1, -1))},
	{"is_business_customer", nullable(checkBool)},
	{"customer_name", nullable(checkString(0, 256))},
	{"customer_email", nullable(checkEmail)},
	{"customer_billing_name", nullable(checkString(0, -1))},
	{"customer_billing_address", nullable(checkAddress)},
	{"customer_tax_id", nullable(checkString(0, -1))},
	{"locale", nullable(checkString(0, -1))},
	{"custom_field_data", checkObject},
}

// updateFields are CheckoutUpdate's (PATCH /v1/checkouts/{id}).
var updateFields = append(append([]field{}, updateBaseFields...),
	field{"metadata", checkMetadata},
	field{"customer_metadata", nullable(checkMetadata)},
	field{"currency", nullable(checkCurrency)},
	field{"discount_id", nullable(checkUUID4)},
	field{"allow_discount_codes", nullable(checkBool)},
	field{"require_billing_address", nullable(checkBool)},
	field{"allow_trial", nullable(checkBool)},
	field{"trial_interval", nullable(checkTrialInterval)},
	field{"trial_interval_count", nullable(checkInt(1, 1000))},
	field{"customer_ip_address", nullable(checkIP)},
	field{"success_url", nullable(checkURL)},
	field{"return_url", nullable(checkURL)},
	field{"embed_origin", nullable(checkString(0, -1))},
)

// publicUpdateFields are CheckoutUpdatePublic's (PATCH .../client/{secret}).
var publicUpdateFields = append(append([]field{}, updateBaseFields...),
	field{"payment_method_type", nullable(checkString(0, -1))},
	field{"discount_code", nullable(checkString(0, -1))},
	field{"allow_trial", nullable(checkFalse)},
)

// confirmFields are CheckoutConfirmStripe's (POST .../confirm).
var confirmFields = append(append([]field{}, publicUpdateFields...),
	field{"confirmation_token_id", nullable(checkString(0, -1))},
)

// decodeObject reads a JSON body as an object, key by key. It returns the
// problem FastAPI reports when the body is missing, not JSON or not an
// object; loc is the body's loc (["body"] or ["body", label]).
func decodeObject(body []byte) (map[string]json.RawMessage, any, []gen.ValidationError) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil, []gen.ValidationError{problem("missing", "Field required", nil, "body")}
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, nil, []gen.ValidationError{problem("json_invalid", "JSON decode error", map[string]any{}, "body", jsonErrorPosition(body, err))}
	}
	var fields map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(body, &fields) != nil {
		return nil, v, nil
	}
	return fields, v, nil
}

// checkFields checks every field present in fields, in order, under loc.
func checkFields(fields map[string]json.RawMessage, specs []field, loc []any) []gen.ValidationError {
	var out []gen.ValidationError
	for _, f := range specs {
		if raw, ok := fields[f.name]; ok {
			out = append(out, f.check(raw, append(append([]any{}, loc...), f.name))...)
		}
	}
	return out
}

// parseCreate checks a create body and returns it decoded with the form
// Polar picks (facts §5.1), or every problem of every form.
func parseCreate(body []byte, version string) (gen.CheckoutCreate, createForm, []gen.ValidationError) {
	var in gen.CheckoutCreate
	fields, whole, problems := decodeObject(body)
	if problems != nil {
		return in, 0, problems
	}
	forms := []struct {
		form  createForm
		label string
		key   string
		check checker
	}{
		{formProducts, labelProducts, "products", checkProducts},
		{formProduct, labelProduct, "product_id", checkUUID4},
		{formPrice, labelPrice, "product_price_id", checkUUID4},
	}
	var all []gen.ValidationError
	for _, f := range forms {
		loc := []any{"body", f.label}
		if fields == nil {
			all = append(all, problem("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", whole, loc...))
			continue
		}
		errs := checkFields(fields, sharedCreateFields, loc)
		if f.form == formProducts { // only the products form has prices
			errs = append(errs, checkFields(fields, []field{{"prices", nullable(checkPrices(version))}}, loc)...)
		}
		if raw, ok := fields[f.key]; !ok {
			errs = append(errs, problem("missing", "Field required", whole, append(loc, f.key)...))
		} else {
			errs = append(errs, f.check(raw, append(append([]any{}, loc...), f.key))...)
		}
		if len(errs) == 0 {
			errs = modelChecks(fields, whole, loc)
		}
		if len(errs) == 0 {
			_ = decodeExact(body, &in)
			switch f.form {
			case formProducts:
				in.ProductID, in.ProductPriceID = "", ""
				for i, id := range in.Products {
					in.Products[i], _, _ = pydantic.ParseUUID(id)
				}
			case formProduct:
				in.Products, in.ProductPriceID = nil, ""
				in.ProductID, _, _ = pydantic.ParseUUID(in.ProductID)
			case formPrice:
				in.Products, in.ProductID = nil, ""
				in.ProductPriceID, _, _ = pydantic.ParseUUID(in.ProductPriceID)
			}
			in.CustomerEmail = normalizedEmail(in.CustomerEmail)
			return in, f.form, nil
		}
		all = append(all, errs...)
	}
	return in, 0, all
}

// modelChecks are the model validators every create form runs once its
// fields are valid: trial interval and count together, seat bounds.
func modelChecks(fields map[string]json.RawMessage, whole any, loc []any) []gen.ValidationError {
	present := func(k string) bool { raw, ok := fields[k]; return ok && string(raw) != "null" }
	if present("trial_interval") != present("trial_interval_count") {
		return []gen.ValidationError{problem("missing", "Both trial_interval and trial_interval_count must be set together.", whole, loc...)}
	}
	if present("min_seats") && present("max_seats") {
		var lo, hi int
		_ = json.Unmarshal(fields["min_seats"], &lo)
		_ = json.Unmarshal(fields["max_seats"], &hi)
		if lo > hi {
			return []gen.ValidationError{problem("value_error", "Value error, min_seats must be less than or equal to max_seats", whole, loc...)}
		}
	}
	return nil
}

// parseUpdate checks an update body (of any of the three update
// operations, by specs) and returns its keys.
func parseUpdate(body []byte, specs []field) (map[string]json.RawMessage, []gen.ValidationError) {
	fields, whole, problems := decodeObject(body)
	if problems != nil {
		return nil, problems
	}
	if fields == nil {
		return nil, []gen.ValidationError{problem("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", whole, "body")}
	}
	return fields, checkFields(fields, specs, []any{"body"})
}

// nullable lets JSON null through check.
func nullable(check checker) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		if string(raw) == "null" {
			return nil
		}
		return check(raw, loc)
	}
}

// decodeAny decodes raw for an error's input.
func decodeAny(raw json.RawMessage) any {
	var v any
	_ = json.Unmarshal(raw, &v)
	return v
}

// one wraps a single problem.
func one(typ, msg string, raw json.RawMessage, loc []any) []gen.ValidationError {
	return []gen.ValidationError{problem(typ, msg, decodeAny(raw), loc...)}
}

// jsonString decodes a JSON string; null and other types are refused.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// checkUUID4 checks a pydantic UUID4.
func checkUUID4(raw json.RawMessage, loc []any) []gen.ValidationError {
	s, ok := jsonString(raw)
	if !ok {
		return one("uuid_type", "UUID input should be a string, bytes or UUID object", raw, loc)
	}
	if _, p := pydantic.UUID4(s); p != nil {
		return fromProblem(p, s, loc)
	}
	return nil
}

// fromProblem is a pydantic check's problem as a 422 item about input.
func fromProblem(p *pydantic.Problem, input any, loc []any) []gen.ValidationError {
	e := gen.ValidationError{Type: p.Type, Loc: loc, Msg: p.Msg, Input: input}
	if p.Ctx != nil {
		e.Ctx = &p.Ctx
	}
	return []gen.ValidationError{e}
}

// checkProducts checks products: a list of at least one UUID4, unique.
func checkProducts(raw json.RawMessage, loc []any) []gen.ValidationError {
	var items []json.RawMessage
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return one("list_type", "Input should be a valid list", raw, loc)
	}
	var out []gen.ValidationError
	seen := map[string]bool{}
	dup := false
	for i, item := range items {
		errs := checkUUID4(item, append(append([]any{}, loc...), i))
		out = append(out, errs...)
		if len(errs) == 0 {
			s, _ := jsonString(item)
			id, _, _ := pydantic.ParseUUID(s)
			dup = dup || seen[id]
			seen[id] = true
		}
	}
	if len(out) > 0 {
		return out
	}
	if len(items) == 0 {
		return []gen.ValidationError{{Type: "too_short", Loc: loc, Msg: "List should have at least 1 item after validation, not 0", Input: []any{},
			Ctx: &map[string]any{"field_type": "List", "min_length": 1, "actual_length": 0}}}
	}
	if dup {
		return []gen.ValidationError{{Type: "value_error", Loc: loc, Msg: "Value error, Product IDs must be unique.", Input: decodeAny(raw), Ctx: &map[string]any{"error": map[string]any{}}}}
	}
	return nil
}

// checkBool checks a boolean.
func checkBool(raw json.RawMessage, loc []any) []gen.ValidationError {
	if string(raw) == "true" || string(raw) == "false" {
		return nil
	}
	return one("bool_type", "Input should be a valid boolean", raw, loc)
}

// checkFalse checks CheckoutUpdatePublic.allow_trial, which only takes
// false.
func checkFalse(raw json.RawMessage, loc []any) []gen.ValidationError {
	if string(raw) == "false" {
		return nil
	}
	return []gen.ValidationError{{Type: "literal_error", Loc: loc, Msg: "Input should be False", Input: decodeAny(raw), Ctx: &map[string]any{"expected": "False"}}}
}

// checkInt returns a check for an integer in [lo, hi] (hi < 0: no bound).
func checkInt(lo, hi int) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		var f float64
		if len(raw) == 0 || raw[0] == '"' || json.Unmarshal(raw, &f) != nil {
			return one("int_type", "Input should be a valid integer", raw, loc)
		}
		if f != float64(int64(f)) {
			return one("int_from_float", "Input should be a valid integer, got a number with a fractional part", raw, loc)
		}
		n := int(f)
		if n < lo {
			return []gen.ValidationError{{Type: "greater_than_equal", Loc: loc, Msg: fmt.Sprintf("Input should be greater than or equal to %d", lo), Input: n, Ctx: &map[string]any{"ge": lo}}}
		}
		if hi >= 0 && n > hi {
			return []gen.ValidationError{{Type: "less_than_equal", Loc: loc, Msg: fmt.Sprintf("Input should be less than or equal to %d", hi), Input: n, Ctx: &map[string]any{"le": hi}}}
		}
		return nil
	}
}

// checkString returns a check for a string of lo to hi characters (hi < 0:
// no bound).
func checkString(lo, hi int) checker {
	return func(raw json.RawMessage, loc []any) []gen.ValidationError {
		s, ok := jsonString(raw)
		if !ok {
			return one("string_type", "Input should be a valid string", raw, loc)
		}
		n := utf8.RuneCountInString(s)
		if n < lo {
			return []gen.ValidationError{{Type: "string_too_short", Loc: loc, Msg: fmt.Sprintf("String should have at least %d %s", lo, plural(lo, "character")), Input: s, Ctx: &map[string]any{"min_length": lo}}}
		}
		if hi >= 0 && n > hi {
			return []gen.ValidationError{{Type: "string_too_long", Loc: loc, Msg: fmt.Sprintf("String should have at most %d %s", hi, plural(hi, "character")), Input: s, Ctx: &map[string]any{"max_length": hi}}}
		}
		return nil
	}
}

// plural returns word, with an s unless n is 1.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// checkObject checks a JSON object (custom_field_data).
func checkObject(raw json.RawMessage, loc []any) []gen.ValidationError {
	var m map[string]any
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return one("dict_type", "Input should be a valid dictionary", raw, loc)
	}
	return nil
}

// checkMetadata checks metadata and customer_metadata: at most 50 keys of
// 1 to 40 characters, each value a string of 1 to 500 characters, a
// number or a boolean. For a bad value the fake reports only the string
// member of pydantic's union.
func checkMetadata(raw json.RawMessage, loc []any) []gen.ValidationError {
	var m map[string]json.RawMessage
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return one("dict_type", "Input should be a valid dictionary", raw, loc)
	}
	if len(m) > 50 {
		return []gen.ValidationError{{Type: "too_long", Loc: loc, Msg: fmt.Sprintf("Dictionary should have at most 50 items after validation, not %d", len(m)), Input: decodeAny(raw),
			Ctx: &map[string]any{"field_type": "Dictionary", "max_length": 50, "actual_length": len(m)}}}
	}
	var out []gen.ValidationError
	for _, k := range orderedKeys(raw) {
		kloc := append(append([]any{}, loc...), k, "[key]")
		keyRaw, _ := json.Marshal(k)
		out = append(out, checkString(1, 40)(keyRaw, kloc)...)
		v := m[k]
		switch {
		case len(v) > 0 && v[0] == '"':
			out = append(out, checkString(1, 500)(v, append(append([]any{}, loc...), k, "str"))...)
		case string(v) == "true" || string(v) == "false":
		case len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9'):
		default:
			out = append(out, one("string_type", "Input should be a valid string", v, append(append([]any{}, loc...), k, "str"))...)
		}
	}
	return out
}

// orderedKeys returns the keys of the JSON object raw in document order.
func orderedKeys(raw json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		k, _ := t.(string)
		keys = append(keys, k)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

// checkEmail checks customer_email, a pydantic EmailStr.
func checkEmail(raw json.RawMessage, loc []any) []gen.ValidationError {
	s, ok := jsonString(raw)
	if !ok {
		return one("string_type", "Input should be a valid string", raw, loc)
	}
	if _, reason := emailaddr.Normalize(s); reason != "" {
		return one("value_error", "value is not a valid email address: "+reason, raw, loc)
	}
	return nil
}

// normalizedEmail returns s as Polar stores it ("" stays "").
func normalizedEmail(s string) string {
	if s == "" {
		return ""
	}
	addr, _ := emailaddr.Normalize(s)
	return addr
}

// checkIP checks an IPv4 or IPv6 address.
func checkIP(raw json.RawMessage, loc []any) []gen.ValidationError {
	s, ok := jsonString(raw)
	if !ok {
		return one("ip_any_address", "value is not a valid IPv4 or IPv6 address", raw, loc)
	}
	if _, err := netip.ParseAddr(s); err != nil {
		return one("ip_any_address", "value is not a valid IPv4 or IPv6 address", raw, loc)
	}
	return nil
}

// checkAddress checks an AddressInput: an object with a country.
func checkAddress(raw json.RawMessage, loc []any) []gen.ValidationError {
	var m map[string]json.RawMessage
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return one("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", raw, loc)
	}
	c, ok := m["country"]
	if !ok {
		return []gen.ValidationError{problem("missing", "Field required", decodeAny(raw), append(append([]any{}, loc...), "country")...)}
	}
	if s, ok := jsonString(c); !ok || len(s) != 2 {
		return one("enum", "Input should be a valid ISO 3166-1 alpha-2 country code", c, append(append([]any{}, loc...), "country"))
	}
	return nil
}

// checkCurrency checks a PresentmentCurrency.
func checkCurrency(raw json.RawMessage, loc []any) []gen.ValidationError {
	s, _ := jsonString(raw)
	if gen.PresentmentCurrency(s).Valid() {
		return nil
	}
	return one("enum", "Input should be a valid presentment currency", raw, loc)
}

// checkTrialInterval checks a TrialInterval.
func checkTrialInterval(raw json.RawMessage, loc []any) []gen.ValidationError {
	s, _ := jsonString(raw)
	if gen.TrialInterval(s).Valid() {
		return nil
	}
	return []gen.ValidationError{{Type: "enum", Loc: loc, Msg: "Input should be 'day', 'week', 'month' or 'year'", Input: decodeAny(raw),
		Ctx: &map[string]any{"expected": "'day', 'week', 'month' or 'year'"}}}
}

// checkURL checks a pydantic HttpUrl: at most 2083 characters, an absolute
// http or https URL with a host.
func checkURL(raw json.RawMessage, loc []any) []gen.ValidationError {
	s, ok := jsonString(raw)
	if !ok {
		return one("url_type", "URL input should be a string or URL", raw, loc)
	}
	if p := pydantic.HTTPURL(s); p != nil {
		return fromProblem(p, s, loc)
	}
	return nil
}

// jsonErrorPosition returns where Python's json module would say body
// stops being JSON: a character (not byte) offset.
func jsonErrorPosition(body []byte, err error) int {
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		return 0
	}
	off := int(syntax.Offset)
	if !strings.HasPrefix(syntax.Error(), "unexpected end") && off > 0 {
		off--
	}
	off = min(max(off, 0), len(body))
	return utf8.RuneCount(body[:off])
}
