package polartest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	gen2027 "github.com/polar-checkouts/polar-go/gen/v2027_01"
)

// This file makes request bodies read with exact key names, as Polar
// (pydantic) reads them: a key that differs from a field's name only in
// case ("Success_URL") is an unknown key, and unknown keys are ignored.
// encoding/json matches keys case-insensitively, so every decoding of a
// body into a generated type (the strict server's, and the handlers')
// goes through exactKeys first: it drops, at every depth, each object key
// that is not exactly a JSON field name of the target type. What is left
// can only match the field it names, so what is checked is what is acted
// on. The handlers' own checks read bodies into maps, which are exact
// already; error inputs echo the body as sent.
//
// Why not a case-sensitive decoder (github.com/go-json-experiment/json)?
// The generated unions and nullable.Nullable decode their insides with
// encoding/json in their UnmarshalJSON methods, so they would still match
// nested keys case-insensitively; filtering by the generated types' own
// field names covers every depth with no dependency.

// bodyTypes are the body types of the operations, by API version and
// route pattern.
var bodyTypes = map[string]map[string]reflect.Type{
	"2026-10": {
		"POST /v1/checkouts/{$}":                            reflect.TypeFor[gen.CheckoutCreate](),
		"PATCH /v1/checkouts/{id}":                          reflect.TypeFor[gen.CheckoutUpdate](),
		"PATCH /v1/checkouts/client/{client_secret}":        reflect.TypeFor[gen.CheckoutUpdatePublic](),
		"POST /v1/checkouts/client/{client_secret}/confirm": reflect.TypeFor[gen.CheckoutConfirmStripe](),
	},
	"2027-01": {
		"POST /v1/checkouts/{$}":                            reflect.TypeFor[gen2027.CheckoutCreate](),
		"PATCH /v1/checkouts/{id}":                          reflect.TypeFor[gen2027.CheckoutUpdate](),
		"PATCH /v1/checkouts/client/{client_secret}":        reflect.TypeFor[gen2027.CheckoutUpdatePublic](),
		"POST /v1/checkouts/client/{client_secret}/confirm": reflect.TypeFor[gen2027.CheckoutConfirmStripe](),
	},
}

// unionTags are the discriminator keys of the generated unions found in
// request bodies: a union's object is filtered as the variant its
// discriminator (read exactly) names. TestExactKeysKnowEveryUnion keeps
// this list complete.
var unionTags = map[reflect.Type]string{
	reflect.TypeFor[gen.ProductPriceCreate]():     "amount_type",
	reflect.TypeFor[gen2027.ProductPriceCreate](): "amount_type",
}

// exactBody replaces the body of an operation's request, for the strict
// server that decodes it into a generated type, by the body with exact
// keys only; the handlers read the body as sent from the context (see
// rawBody) and decode it with decodeExact. It runs inside the router,
// which has set r.Pattern.
func exactBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if t := bodyTypes[codecOf(r.Context()).version()][r.Pattern]; t != nil {
			body := exactKeys(rawBody(r.Context()), t)
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		next.ServeHTTP(w, r)
	})
}

// decodeExact decodes raw into v (a pointer to a generated type) reading
// exact keys only. It returns the decoding error, if any.
func decodeExact(raw []byte, v any) error {
	return json.Unmarshal(exactKeys(raw, reflect.TypeOf(v).Elem()), v)
}

// exactKeys returns raw (JSON meant for a value of type t) without the
// object keys, at any depth, that are not exactly a JSON field name of the
// type at that place. Anything that is not what t expects (not JSON, an
// array for an object...) is returned as it is, for the decoder to refuse.
func exactKeys(raw []byte, t reflect.Type) []byte {
	out, ok := filter(raw, t)
	if !ok {
		return raw
	}
	return out
}

// filter is exactKeys's walk; ok is false when nothing was changed.
func filter(raw json.RawMessage, t reflect.Type) (json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return raw, false
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if key, ok := unionTags[t]; ok {
		return filterUnion(raw, t, key)
	}
	switch t.Kind() {
	case reflect.Map:
		if t.Key().Kind() == reflect.Bool { // nullable.Nullable[T]: map[bool]T
			return filter(raw, t.Elem())
		}
		if raw[0] != '{' {
			return raw, false
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return raw, false
		}
		changed := false
		for k, v := range m {
			if nv, ok := filter(v, t.Elem()); ok {
				m[k], changed = nv, true
			}
		}
		return remarshal(m, raw, changed)
	case reflect.Slice:
		if raw[0] != '[' {
			return raw, false
		}
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return raw, false
		}
		changed := false
		for i, v := range items {
			if nv, ok := filter(v, t.Elem()); ok {
				items[i], changed = nv, true
			}
		}
		return remarshal(items, raw, changed)
	case reflect.Struct:
		fields := jsonFields(t)
		if fields == nil || raw[0] != '{' {
			return raw, false // time.Time and other leaves
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return raw, false
		}
		changed := false
		for k, v := range m {
			ft, ok := fields[k]
			if !ok {
				delete(m, k)
				changed = true
				continue
			}
			if nv, ok := filter(v, ft); ok {
				m[k], changed = nv, true
			}
		}
		return remarshal(m, raw, changed)
	}
	return raw, false
}

// filterUnion filters the object of a union as the variant its
// discriminator key names; an unknown or missing discriminator leaves it
// as it is (the handlers refuse it).
func filterUnion(raw json.RawMessage, t reflect.Type, key string) (json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return raw, false
	}
	tag, ok := m[key]
	if !ok {
		// No discriminator: the variant is unknown, but a key that only
		// differs from the discriminator's in case must not name one.
		changed := false
		for k := range m {
			if strings.EqualFold(k, key) {
				delete(m, k)
				changed = true
			}
		}
		return remarshal(m, raw, changed)
	}
	probe := reflect.New(t)
	u, _ := probe.Interface().(json.Unmarshaler)
	if u == nil || u.UnmarshalJSON([]byte(`{"`+key+`":`+string(tag)+`}`)) != nil {
		return raw, false
	}
	d, _ := probe.Elem().Interface().(interface{ ValueByDiscriminator() (any, error) })
	if d == nil {
		return raw, false
	}
	v, err := d.ValueByDiscriminator()
	if err != nil || v == nil {
		return raw, false
	}
	return filter(raw, reflect.TypeOf(v))
}

// remarshal encodes v when changed, else returns raw.
func remarshal(v any, raw json.RawMessage, changed bool) (json.RawMessage, bool) {
	if !changed {
		return raw, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return raw, false
	}
	return b, true
}

// jsonFields returns the JSON field names of a struct type and their
// types, or nil for a struct that is not an object of fields (time.Time,
// a union).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[name] = f.Type
	}
	if len(fields) == 0 {
		return nil
	}
	return fields
}
