// Package check holds the input checks every version package makes before
// sending, written once: each refuses what Polar would answer with a 422 for
// certain, with Polar's own error types and messages (internal/pydantic,
// internal/emailaddr), and never more.
package check

import (
	"strconv"

	"github.com/oapi-codegen/nullable"

	"github.com/polar-checkouts/polar-go/polar"

	"github.com/polar-checkouts/polar-go/internal/emailaddr"
	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// Problems collects the problems of one request, located in it (["body",
// "success_url"]).
type Problems []polar.FieldError

// Add records p, when not nil, located at loc followed by p's own Loc.
func (ps *Problems) Add(p *pydantic.Problem, loc ...any) {
	if p == nil {
		return
	}
	loc = append(loc, p.Loc...)
	l := make([]string, len(loc))
	for i, v := range loc {
		switch v := v.(type) {
		case string:
			l[i] = v
		case int:
			l[i] = strconv.Itoa(v)
		}
	}
	*ps = append(*ps, polar.FieldError{Loc: l, Msg: p.Msg, Type: p.Type})
}

// Err returns the problems as a *polar.ValidationError with StatusCode 0
// (nothing was sent), or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return &polar.ValidationError{Errors: ps}
}

// UUID checks a field; see the package doc.
func (ps *Problems) UUID(s string, loc ...any) {
	_, p := pydantic.UUID4(s)
	ps.Add(p, loc...)
}

// OptionalUUID checks a field; see the package doc.
func (ps *Problems) OptionalUUID(s *string, loc ...any) {
	if s != nil {
		ps.UUID(*s, loc...)
	}
}

// URL checks a field; see the package doc.
func (ps *Problems) URL(s string, field string) {
	if s != "" {
		ps.Add(pydantic.HTTPURL(s), "body", field)
	}
}

// Email checks a field; see the package doc.
func (ps *Problems) Email(s string) {
	if s == "" {
		return
	}
	if _, reason := emailaddr.Normalize(s); reason != "" {
		ps.Add(&pydantic.Problem{Type: "value_error", Msg: "value is not a valid email address: " + reason}, "body", "customer_email")
	}
}

// Metadata checks a field; see the package doc.
func (ps *Problems) Metadata(m map[string]any, field string) {
	for _, p := range pydantic.Metadata(m) {
		ps.Add(&p, "body", field)
	}
}

// productIDs checks the product_id and product_price_id fields, when set.
// ProductIDs checks a field; see the package doc.
func (ps *Problems) ProductIDs(productID, productPriceID string) {
	if productID != "" {
		ps.UUID(productID, "body", "product_id")
	}
	if productPriceID != "" {
		ps.UUID(productPriceID, "body", "product_price_id")
	}
}

// FieldRequired is Polar's problem for a missing field.
var FieldRequired = &pydantic.Problem{Type: "missing", Msg: "Field required"}

// ID checks a checkout id path parameter: a UUID v4, as Polar wants.
func ID(id string) error {
	var ps Problems
	if id == "" {
		ps.Add(FieldRequired, "path", "id")
	} else {
		ps.UUID(id, "path", "id")
	}
	return ps.Err()
}

// Secret checks a client secret path parameter. Polar takes any
// string, but an empty one, "." and ".." would name another endpoint once
// the URL is resolved.
func Secret(secret string) error {
	var ps Problems
	switch secret {
	case "":
		ps.Add(FieldRequired, "path", "client_secret")
	case ".", "..":
		ps.Add(&pydantic.Problem{Type: "value_error", Msg: "a client secret of " + strconv.Quote(secret) + " would name another endpoint"}, "path", "client_secret")
	}
	return ps.Err()
}

// Value returns the value a Nullable request field sends, and false when it
// sends none (left out, or JSON null).
func Value[T any](n nullable.Nullable[T]) (T, bool) {
	if !n.IsSpecified() || n.IsNull() {
		var zero T
		return zero, false
	}
	v, err := n.Get()
	return v, err == nil
}

// Dict adds Polar's problem for a null where an object is required (the
// metadata of an update, which can be replaced, even by {}, but not
// cleared), and checks the object's limits otherwise.
func (ps *Problems) Dict(n nullable.Nullable[map[string]any], field string) {
	if n.IsSpecified() && n.IsNull() {
		ps.Add(&pydantic.Problem{Type: "dict_type", Msg: "Input should be a valid dictionary"}, "body", field)
		return
	}
	if m, ok := Value(n); ok {
		ps.Metadata(m, field)
	}
}
