package polar

import (
	"strconv"

	"github.com/polar-checkouts/polar-go/internal/emailaddr"
	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// The checks below refuse, before anything is sent, input that Polar would
// answer with a 422 for certain: they are the same checks, with the same
// error types and messages (internal/pydantic, internal/emailaddr), so a
// refusal reads like Polar's own. They are never stricter than Polar, with
// one deliberate exception: a CheckoutCreate with more than one body form.

// problems collects FieldErrors, located in the request.
type problems []FieldError

func (ps *problems) add(p *pydantic.Problem, loc ...any) {
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
	*ps = append(*ps, FieldError{Loc: l, Msg: p.Msg, Type: p.Type})
}

// err returns the problems as a *ValidationError with StatusCode 0, or nil.
func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Errors: ps}
}

func (ps *problems) uuid(s string, loc ...any) {
	_, p := pydantic.UUID4(s)
	ps.add(p, loc...)
}

func (ps *problems) optionalUUID(s *string, loc ...any) {
	if s != nil {
		ps.uuid(*s, loc...)
	}
}

func (ps *problems) url(s string, field string) {
	if s != "" {
		ps.add(pydantic.HTTPURL(s), "body", field)
	}
}

func (ps *problems) email(s string) {
	if s == "" {
		return
	}
	if _, reason := emailaddr.Normalize(s); reason != "" {
		ps.add(&pydantic.Problem{Type: "value_error", Msg: "value is not a valid email address: " + reason}, "body", "customer_email")
	}
}

func (ps *problems) metadata(m map[string]any, field string) {
	for _, p := range pydantic.Metadata(m) {
		ps.add(&p, "body", field)
	}
}

// productIDs checks the product_id and product_price_id fields, when set.
func (ps *problems) productIDs(productID, productPriceID string) {
	if productID != "" {
		ps.uuid(productID, "body", "product_id")
	}
	if productPriceID != "" {
		ps.uuid(productPriceID, "body", "product_price_id")
	}
}

var fieldRequired = &pydantic.Problem{Type: "missing", Msg: "Field required"}

// checkCreate checks a CheckoutCreate: exactly one body form, UUID v4 ids,
// unique products, http(s) URLs, the e-mail address, the metadata limits,
// and a trial interval with its count.
func checkCreate(p *CheckoutCreate) error {
	var ps problems
	forms := 0
	if p.Products != nil {
		forms++
	}
	if p.ProductID != "" {
		forms++
	}
	if p.ProductPriceID != "" {
		forms++
	}
	switch {
	case forms == 0:
		// Polar lists the key each of its three forms misses.
		ps.add(fieldRequired, "body", "products")
		ps.add(fieldRequired, "body", "product_id")
		ps.add(fieldRequired, "body", "product_price_id")
	case forms > 1:
		ps.add(&pydantic.Problem{Type: "value_error", Msg: "Set exactly one of products, product_id and product_price_id"}, "body")
	}
	if p.Products != nil && len(p.Products) == 0 {
		ps.add(&pydantic.Problem{Type: "too_short", Msg: "List should have at least 1 item after validation, not 0"}, "body", "products")
	}
	seen := make(map[string]bool, len(p.Products))
	for i, id := range p.Products {
		canonical, prob := pydantic.UUID4(id)
		ps.add(prob, "body", "products", i)
		if prob == nil && seen[canonical] {
			ps.add(&pydantic.Problem{Type: "value_error", Msg: "Value error, Product IDs must be unique."}, "body", "products")
		}
		seen[canonical] = true
	}
	ps.productIDs(p.ProductID, p.ProductPriceID)
	ps.optionalUUID(p.DiscountID, "body", "discount_id")
	ps.optionalUUID(p.CustomerID, "body", "customer_id")
	ps.optionalUUID(p.SubscriptionID, "body", "subscription_id")
	ps.url(p.SuccessURL, "success_url")
	ps.url(p.ReturnURL, "return_url")
	ps.email(p.CustomerEmail)
	ps.metadata(p.Metadata, "metadata")
	ps.metadata(p.CustomerMetadata, "customer_metadata")
	if (p.TrialInterval == nil) != (p.TrialIntervalCount == nil) {
		ps.add(&pydantic.Problem{Type: "missing", Msg: "Both trial_interval and trial_interval_count must be set together."}, "body")
	}
	return ps.err()
}

// checkUpdate checks what CheckoutUpdate sets, as checkCreate does.
func checkUpdate(p *CheckoutUpdate) error {
	var ps problems
	ps.productIDs(p.ProductID, p.ProductPriceID)
	ps.optionalUUID(p.DiscountID, "body", "discount_id")
	ps.url(p.SuccessURL, "success_url")
	ps.url(p.ReturnURL, "return_url")
	ps.email(p.CustomerEmail)
	ps.metadata(p.Metadata, "metadata")
	ps.metadata(p.CustomerMetadata, "customer_metadata")
	return ps.err()
}

// checkPublicUpdate checks the fields a customer's update shares with
// CheckoutUpdate.
func checkPublicUpdate(productID, productPriceID, email string) error {
	var ps problems
	ps.productIDs(productID, productPriceID)
	ps.email(email)
	return ps.err()
}

// checkListParams checks List's filters: UUID v4 ids, known statuses and
// sort keys, and no negative page or limit (0 means Polar's default; a
// limit above 100 is Polar's to clamp).
func checkListParams(p *CheckoutListParams) error {
	var ps problems
	for _, f := range []struct {
		name string
		ids  []string
	}{{"organization_id", p.OrganizationID}, {"product_id", p.ProductID}, {"customer_id", p.CustomerID}} {
		for i, id := range f.ids {
			ps.uuid(id, "query", f.name, i)
		}
	}
	for i, st := range p.Status {
		switch st {
		case CheckoutStatusOpen, CheckoutStatusExpired, CheckoutStatusConfirmed, CheckoutStatusSucceeded, CheckoutStatusFailed:
		default:
			ps.add(&pydantic.Problem{Type: "enum", Msg: "Input should be 'open', 'expired', 'confirmed', 'succeeded' or 'failed'"}, "query", "status", i)
		}
	}
	for i, s := range p.Sorting {
		switch s {
		case CheckoutSortPropertyCreatedAt, CheckoutSortPropertyMinusCreatedAt, CheckoutSortPropertyExpiresAt,
			CheckoutSortPropertyMinusExpiresAt, CheckoutSortPropertyStatus, CheckoutSortPropertyMinusStatus:
		default:
			ps.add(&pydantic.Problem{Type: "enum", Msg: "Input should be 'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'"}, "query", "sorting", i)
		}
	}
	if p.Page < 0 {
		ps.add(&pydantic.Problem{Type: "greater_than", Msg: "Input should be greater than 0"}, "query", "page")
	}
	if p.Limit < 0 {
		ps.add(&pydantic.Problem{Type: "greater_than", Msg: "Input should be greater than 0"}, "query", "limit")
	}
	return ps.err()
}

// checkID checks a checkout id path parameter: a UUID v4, as Polar wants.
func checkID(id string) error {
	var ps problems
	if id == "" {
		ps.add(fieldRequired, "path", "id")
	} else {
		ps.uuid(id, "path", "id")
	}
	return ps.err()
}

// checkSecret checks a client secret path parameter. Polar takes any
// string, but an empty one, "." and ".." would name another endpoint once
// the URL is resolved.
func checkSecret(secret string) error {
	var ps problems
	switch secret {
	case "":
		ps.add(fieldRequired, "path", "client_secret")
	case ".", "..":
		ps.add(&pydantic.Problem{Type: "value_error", Msg: "a client secret of " + strconv.Quote(secret) + " would name another endpoint"}, "path", "client_secret")
	}
	return ps.err()
}
