package pydantic

import (
	"strconv"
	"strings"
	"testing"
)

func TestUUID4(t *testing.T) {
	for _, tt := range []struct {
		in, id, typ, msg string
	}{
		{"0B0E4B9E-3F8A-4C55-9E0C-2F1D8C6A7B31", "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31", "", ""},
		{"0b0e4b9e3f8a4c559e0c2f1d8c6a7b31", "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31", "", ""},
		{"{0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31}", "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31", "", ""},
		{"00000000-0000-1000-8000-000000000000", "", "uuid_version", "UUID version 4 expected"},
		{"abc", "", "uuid_parsing", "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3"},
		{"not-a-uuid", "", "uuid_parsing", "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1"},
		{"0b0e4b9e-3f8a-4c55-9e0c", "", "uuid_parsing", "Input should be a valid UUID, invalid group count: expected 5, found 4"},
		{"", "", "uuid_parsing", "Input should be a valid UUID, invalid length: expected length 32 for simple format, found 0"},
	} {
		id, p := UUID4(tt.in)
		typ, msg := "", ""
		if p != nil {
			typ, msg = p.Type, p.Msg
		}
		if id != tt.id || typ != tt.typ || msg != tt.msg {
			t.Errorf("UUID4(%q) = %q, %q %q; want %q, %q %q", tt.in, id, typ, msg, tt.id, tt.typ, tt.msg)
		}
	}
}

func TestHTTPURL(t *testing.T) {
	for _, tt := range []struct{ in, typ string }{
		{"https://example.com/success?checkout_id={CHECKOUT_ID}&a=<b>", ""},
		{"http://localhost:8080/x", ""},
		{"  https://example.com  ", ""},
		{"example.com/thanks", "url_parsing"},
		{"", "url_parsing"},
		{"https://", "url_parsing"},
		{"https://example.com:99999/", "url_parsing"},
		{"ftp://example.com/", "url_scheme"},
		{"https://example.com/" + strings.Repeat("a", MaxURLLength), "url_too_long"},
	} {
		p := HTTPURL(tt.in)
		typ := ""
		if p != nil {
			typ = p.Type
		}
		if typ != tt.typ {
			t.Errorf("HTTPURL(%q) = %+v; want type %q", tt.in, p, tt.typ)
		}
	}
}

func TestMetadata(t *testing.T) {
	many := map[string]any{}
	for i := range 51 {
		many["key"+strconv.Itoa(i)] = "v"
	}
	for _, tt := range []struct {
		name string
		in   map[string]any
		want []string // type@loc
	}{
		{"fine", map[string]any{"a": "x", "n": 1, "f": 1.5, "b": true}, nil},
		{"too many keys", many, []string{"too_long@"}},
		{"long key", map[string]any{strings.Repeat("k", 41): "v"}, []string{"string_too_long@" + strings.Repeat("k", 41) + ".[key]"}},
		{"empty value", map[string]any{"a": ""}, []string{"string_too_short@a.str"}},
		{"long value", map[string]any{"a": strings.Repeat("v", 501)}, []string{"string_too_long@a.str"}},
		{"not a scalar", map[string]any{"a": []any{1}}, []string{"string_type@a.str"}},
	} {
		var got []string
		for _, p := range Metadata(tt.in) {
			loc := make([]string, len(p.Loc))
			for i, l := range p.Loc {
				loc[i] = l.(string)
			}
			got = append(got, p.Type+"@"+strings.Join(loc, "."))
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: Metadata = %v, want %v", tt.name, got, tt.want)
		}
	}
}
