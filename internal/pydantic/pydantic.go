// Package pydantic makes the input checks Polar's server makes with
// pydantic 2 (UUID v4 ids, http(s) URLs, metadata maps) and answers with
// pydantic's error types and messages. The polar facade uses it to refuse
// what Polar would refuse before sending, and polartest to answer with
// Polar's 422, so both accept and refuse the same input. E-mail addresses
// are checked by internal/emailaddr.
package pydantic

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one validation error item: pydantic's type, message and
// context, and where it is below the field being checked (nil for the
// field itself).
type Problem struct {
	Type, Msg string
	// Ctx is pydantic's ctx for the error, nil when it has none; Polar's
	// server sends it in some 422 items (polartest does the same).
	Ctx map[string]any
	// Loc is the position under the checked field, such as a metadata key
	// followed by "[key]".
	Loc []any
}

// UUID4 checks s as pydantic's UUID4 type does (via Rust's uuid crate). It
// returns the canonical lower-case form, or "" and the problem.
func UUID4(s string) (string, *Problem) {
	id, version, reason := ParseUUID(s)
	if reason != "" {
		return "", &Problem{Type: "uuid_parsing", Msg: "Input should be a valid UUID, " + reason}
	}
	if version != 4 {
		return "", &Problem{Type: "uuid_version", Msg: "UUID version 4 expected", Ctx: map[string]any{"expected_version": 4}}
	}
	return id, nil
}

// ParseUUID parses s as Rust's uuid crate does for pydantic: hyphenated,
// 32 hex digits, {braced} or urn:uuid: forms. It returns the canonical
// lower-case hyphenated form and the version, or the crate's reason.
func ParseUUID(s string) (id string, version int, reason string) {
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

// MaxURLLength is the longest success or return URL Polar takes.
const MaxURLLength = 2083

// HTTPURL checks s as Polar's HttpUrl fields (success_url, return_url) do:
// at most MaxURLLength characters, an absolute http or https URL with a
// host. Braces, such as the {CHECKOUT_ID} placeholder, are fine.
func HTTPURL(s string) *Problem {
	if len(s) > MaxURLLength {
		return &Problem{Type: "url_too_long", Msg: fmt.Sprintf("URL should have at most %d characters", MaxURLLength), Ctx: map[string]any{"max_length": MaxURLLength}}
	}
	u, reason := parseURL(s)
	if reason != "" {
		return &Problem{Type: "url_parsing", Msg: "Input should be a valid URL, " + reason, Ctx: map[string]any{"error": reason}}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return &Problem{Type: "url_scheme", Msg: "URL scheme should be 'http' or 'https'", Ctx: map[string]any{"expected_schemes": "'http' or 'https'"}}
	}
	return nil
}

// cleanURL does what the WHATWG URL parser does before parsing and
// net/url does not: it trims control characters and spaces at both ends,
// drops tabs and newlines, and escapes a % that starts no escape.
func cleanURL(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if !strings.ContainsAny(s, "\t\n\r%") {
		return s // the usual URL: nothing to drop or escape, nothing allocated
	}
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHexDigit(rune(s[i+1])) || !isHexDigit(rune(s[i+2]))) {
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// parseURL parses s as the WHATWG parser would, or returns why s is not a
// URL at all, in the words of the Rust url crate pydantic uses.
func parseURL(s string) (*url.URL, string) {
	if s == "" {
		return nil, "input is empty"
	}
	u, err := url.Parse(cleanURL(s))
	switch {
	case err != nil && strings.Contains(err.Error(), "invalid port"):
		return nil, "invalid port number"
	case err != nil && strings.Contains(err.Error(), "missing ']'"):
		return nil, "invalid IPv6 address"
	case err != nil && (strings.Contains(err.Error(), "missing protocol scheme") || strings.Contains(err.Error(), "first path segment")):
		return nil, "relative URL without a base"
	case err != nil:
		return nil, "invalid domain character"
	case u.Scheme == "":
		return nil, "relative URL without a base"
	case (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() == "":
		return nil, "empty host"
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n > 65535 {
			return nil, "invalid port number"
		}
	}
	return u, ""
}

// Polar's metadata limits (S/kit/metadata.py).
const (
	MaxMetadataKeys      = 50
	MaxMetadataKeyLength = 40
	MaxMetadataValueLen  = 500
)

// Metadata checks a metadata or customer_metadata map as Polar does: at
// most 50 keys, each 1 to 40 characters, each value a string of 1 to 500
// characters, an integer, a float or a boolean. Problems come in key order
// (sorted, so the result is stable), each located under the key.
func Metadata(m map[string]any) []Problem {
	var out []Problem
	if len(m) > MaxMetadataKeys {
		out = append(out, Problem{Type: "too_long", Msg: fmt.Sprintf("Dictionary should have at most %d items after validation, not %d", MaxMetadataKeys, len(m))})
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch n := utf8.RuneCountInString(k); {
		case n == 0:
			out = append(out, Problem{Type: "string_too_short", Msg: "String should have at least 1 character", Loc: []any{k, "[key]"}})
		case n > MaxMetadataKeyLength:
			out = append(out, Problem{Type: "string_too_long", Msg: fmt.Sprintf("String should have at most %d characters", MaxMetadataKeyLength), Loc: []any{k, "[key]"}})
		}
		switch v := m[k].(type) {
		case string:
			switch n := utf8.RuneCountInString(v); {
			case n == 0:
				out = append(out, Problem{Type: "string_too_short", Msg: "String should have at least 1 character", Loc: []any{k, "str"}})
			case n > MaxMetadataValueLen:
				out = append(out, Problem{Type: "string_too_long", Msg: fmt.Sprintf("String should have at most %d characters", MaxMetadataValueLen), Loc: []any{k, "str"}})
			}
		case bool, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		default:
			if isJSONNumber(v) {
				continue
			}
			out = append(out, Problem{Type: "string_type", Msg: "Input should be a valid string", Loc: []any{k, "str"}})
		}
	}
	return out
}

// isJSONNumber reports whether v is an encoding/json Number (a string type
// with a String method), without importing encoding/json here.
func isJSONNumber(v any) bool {
	type number interface{ Float64() (float64, error) }
	_, ok := v.(number)
	return ok
}
