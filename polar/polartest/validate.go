package polartest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/polar-checkouts/polar-go/gen"
	"github.com/polar-checkouts/polar-go/internal/emailaddr"
)

// This file checks a CheckoutCreate body the way Polar's FastAPI and
// pydantic do, so the fake answers with the same 422 loc, msg and type:
// the raw body is read key by key (a missing key is not an empty string),
// every field is checked, and every problem is listed, in field order.

// maxSuccessURLLength is pydantic's HttpUrl limit, which Polar's
// CheckoutCreate.success_url uses.
const maxSuccessURLLength = 2083

// problem returns one FastAPI validation error item. loc items are strings
// or ints.
func problem(typ, msg string, loc ...any) gen.ValidationError {
	items := make([]gen.ValidationErrorLocItem, len(loc))
	for i, l := range loc {
		switch l := l.(type) {
		case int:
			_ = items[i].FromValidationErrorLoc1(l)
		default:
			_ = items[i].FromValidationErrorLoc0(fmt.Sprint(l))
		}
	}
	return gen.ValidationError{Loc: items, Msg: msg, Type: typ}
}

// fieldRequired is FastAPI's error for a missing key.
func fieldRequired(loc ...any) gen.ValidationError {
	return problem("missing", "Field required", loc...)
}

// parseCheckoutCreate decodes a CheckoutCreate request body and checks it
// as Polar does. It returns the request (product_price_id in canonical
// lower-case form, customer_email normalized) and nil, or every problem.
// Whether the price exists is not checked here: Polar checks that only once
// the body is valid.
func parseCheckoutCreate(body []byte) (gen.CheckoutCreate, []gen.ValidationError) {
	var in gen.CheckoutCreate
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || string(trimmed) == "null" {
		return in, []gen.ValidationError{fieldRequired("body")}
	}
	if err := json.Unmarshal(body, new(json.RawMessage)); err != nil {
		return in, []gen.ValidationError{problem("json_invalid", "JSON decode error", "body", jsonErrorPosition(body, err))}
	}
	var fields map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(body, &fields) != nil {
		return in, []gen.ValidationError{problem("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", "body")}
	}

	var problems []gen.ValidationError
	if raw, ok := fields["product_price_id"]; !ok {
		problems = append(problems, fieldRequired("body", "product_price_id"))
	} else if id, p := checkPriceID(raw); p != nil {
		problems = append(problems, *p)
	} else {
		in.ProductPriceID = id
	}
	if raw, ok := fields["success_url"]; !ok {
		problems = append(problems, fieldRequired("body", "success_url"))
	} else if u, p := checkSuccessURL(raw); p != nil {
		problems = append(problems, *p)
	} else {
		in.SuccessURL = u
	}
	if raw, ok := fields["customer_email"]; ok && string(raw) != "null" {
		if email, p := checkEmail(raw); p != nil {
			problems = append(problems, *p)
		} else {
			in.CustomerEmail = &email
		}
	}
	return in, problems
}

// jsonErrorPosition returns where Python's json module would say body
// stops being JSON: a character (not byte) offset.
func jsonErrorPosition(body []byte, err error) int {
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		return 0
	}
	// encoding/json counts the offending byte; Python points at it, except
	// at the end of the input.
	off := int(syntax.Offset)
	if !strings.HasPrefix(syntax.Error(), "unexpected end") && off > 0 {
		off--
	}
	off = min(max(off, 0), len(body))
	return utf8.RuneCount(body[:off])
}

// jsonString decodes a JSON string; null and other types are refused.
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// checkPriceID checks product_price_id, a pydantic UUID4.
func checkPriceID(raw json.RawMessage) (string, *gen.ValidationError) {
	loc := []any{"body", "product_price_id"}
	s, ok := jsonString(raw)
	if !ok {
		p := problem("uuid_type", "UUID input should be a string, bytes or UUID object", loc...)
		return "", &p
	}
	id, version, reason := parseUUID(s)
	if reason != "" {
		p := problem("uuid_parsing", "Input should be a valid UUID, "+reason, loc...)
		return "", &p
	}
	if version != 4 {
		p := problem("uuid_version", "UUID version 4 expected", loc...)
		return "", &p
	}
	return id, nil
}

// parseUUID parses s as Rust's uuid crate does for pydantic: hyphenated,
// 32 hex digits, {braced} or urn:uuid: forms. It returns the canonical
// lower-case hyphenated form and the version, or the crate's reason.
func parseUUID(s string) (id string, version int, reason string) {
	body := s
	switch {
	case len(s) == 38 && s[0] == '{' && s[37] == '}':
		body = s[1:37]
	case len(s) == 45 && strings.HasPrefix(s, "urn:uuid:"):
		body = s[9:]
	}
	var hex string
	switch len(body) {
	case 32:
		if len(s) == 32 {
			hex = body
		}
	case 36:
		if body[8] == '-' && body[13] == '-' && body[18] == '-' && body[23] == '-' {
			hex = body[:8] + body[9:13] + body[14:18] + body[19:23] + body[24:]
		}
	}
	if hex == "" || strings.IndexFunc(hex, func(r rune) bool { return !isHexDigit(r) }) >= 0 {
		return "", 0, uuidReason(s)
	}
	hex = strings.ToLower(hex)
	id = hex[:8] + "-" + hex[8:12] + "-" + hex[12:16] + "-" + hex[16:20] + "-" + hex[20:]
	v, _ := strconv.ParseUint(hex[12:13], 16, 8)
	return id, int(v), ""
}

func isHexDigit(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}

// uuidReason explains why s is not a UUID, in the uuid crate's words.
func uuidReason(s string) string {
	body, offset, simple := s, 0, true
	switch {
	case len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}':
		body, offset, simple = s[1:len(s)-1], 1, false
	case strings.HasPrefix(s, "urn:uuid:"):
		body, offset, simple = s[len("urn:uuid:"):], len("urn:uuid:"), false
	}
	hyphens := 0
	var bounds [4]int
	for i, r := range body {
		switch {
		case r == '-':
			if hyphens < 4 {
				bounds[hyphens] = i
			}
			hyphens++
		case !isHexDigit(r):
			return fmt.Sprintf("invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `%c` at %d", r, i+offset+1)
		}
	}
	if hyphens == 0 && simple {
		return fmt.Sprintf("invalid length: expected length 32 for simple format, found %d", len(s))
	}
	if hyphens != 4 {
		return fmt.Sprintf("invalid group count: expected 5, found %d", hyphens+1)
	}
	starts := [5]int{0, 9, 14, 19, 24}
	lengths := [5]int{8, 4, 4, 4, 12}
	for g := range 4 {
		if bounds[g] != starts[g+1]-1 {
			return fmt.Sprintf("invalid group length in group %d: expected %d, found %d", g, lengths[g], bounds[g]-starts[g])
		}
	}
	return fmt.Sprintf("invalid group length in group 4: expected 12, found %d", len(body)-starts[4])
}

// checkSuccessURL checks success_url, a pydantic HttpUrl: at most 2083
// characters, an absolute http or https URL with a host. The literal
// {CHECKOUT_SESSION_ID} placeholder is fine anywhere a brace is.
func checkSuccessURL(raw json.RawMessage) (string, *gen.ValidationError) {
	loc := []any{"body", "success_url"}
	s, ok := jsonString(raw)
	if !ok {
		p := problem("url_type", "URL input should be a string or URL", loc...)
		return "", &p
	}
	if len(s) > maxSuccessURLLength {
		p := problem("url_too_long", fmt.Sprintf("URL should have at most %d characters", maxSuccessURLLength), loc...)
		return "", &p
	}
	if reason := urlReason(s); reason != "" {
		p := problem("url_parsing", "Input should be a valid URL, "+reason, loc...)
		return "", &p
	}
	u, _ := url.Parse(cleanURL(s))
	if u.Scheme != "http" && u.Scheme != "https" {
		p := problem("url_scheme", "URL scheme should be 'http' or 'https'", loc...)
		return "", &p
	}
	return s, nil
}

// cleanURL does what the WHATWG URL parser does before parsing and
// net/url does not: it trims control characters and spaces at both ends,
// drops tabs and newlines, and escapes a % that starts no escape.
func cleanURL(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHexDigit(rune(s[i+1])) || !isHexDigit(rune(s[i+2]))) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// urlReason returns why s is not a URL at all, in the words of the Rust
// url crate pydantic uses, or "" when it parses.
func urlReason(s string) string {
	if s == "" {
		return "input is empty"
	}
	u, err := url.Parse(cleanURL(s))
	switch {
	case err != nil && strings.Contains(err.Error(), "invalid port"):
		return "invalid port number"
	case err != nil && strings.Contains(err.Error(), "missing ']'"):
		return "invalid IPv6 address"
	case err != nil && (strings.Contains(err.Error(), "missing protocol scheme") || strings.Contains(err.Error(), "first path segment")):
		return "relative URL without a base"
	case err != nil:
		return "invalid domain character"
	case u.Scheme == "":
		return "relative URL without a base"
	case (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() == "":
		return "empty host"
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n > 65535 {
			return "invalid port number"
		}
	}
	return ""
}

// checkEmail checks customer_email, a pydantic EmailStr (which uses the
// email-validator package), and returns it normalized: surrounding spaces
// and a "Name <...>" wrapper removed, the domain in lower case.
func checkEmail(raw json.RawMessage) (string, *gen.ValidationError) {
	loc := []any{"body", "customer_email"}
	s, ok := jsonString(raw)
	if !ok {
		p := problem("string_type", "Input should be a valid string", loc...)
		return "", &p
	}
	email, reason := emailaddr.Normalize(s)
	if reason != "" {
		p := problem("value_error", "value is not a valid email address: "+reason, loc...)
		return "", &p
	}
	return email, nil
}
