package polartest

import (
	"context"
	"encoding/json"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	gen2027 "github.com/polar-checkouts/polar-go/gen/v2027_01"
)

// This file holds what differs between the API versions the server
// speaks. The server keeps one internal model, written in the Current
// version's generated types (gen, 2026-10), and encodes every answer and
// every webhook in the version asked for, with that version's generated
// types, so a change in either document breaks this package's build.
//
// In the checkout closure the two documents differ only in seat-based
// prices (2026-10: seat_tiers; 2027-01: tiers, minimum_units,
// maximum_units; versions facts §5). That difference is written once, in
// price.encode (data.go), which makes each price's wire form in both
// versions; a 2027-01 checkout is its 2026-10 form decoded into the
// 2027-01 type, with its prices and products replaced by their 2027-01
// forms (checkout2027). Error bodies, which both documents define alike,
// are encoded with the Current version's types for every version.
//
// One set of handlers serves both versions: the generated 2026-10 strict
// server routes every request and the handlers ask the codec of the
// request's version for the answer. A 2027-01 success answer is a
// gen2027 response object, which also satisfies the gen response
// interfaces (they only ask for the Visit method both packages generate).

const (
	// currentVersion answers requests without a Polar-Version header:
	// Polar's Current version.
	currentVersion = "2026-10"
)

// codec encodes the server's answers and webhook data in one API version.
// The caller holds s.mu.
type codec interface {
	version() string
	created(s *Server, r *record) gen.CheckoutsCreateResponseObject
	got(s *Server, r *record) gen.CheckoutsGetResponseObject
	updated(s *Server, r *record) gen.CheckoutsUpdateResponseObject
	listed(s *Server, page []*record, p gen.Pagination) gen.CheckoutsListResponseObject
	clientGot(s *Server, r *record) gen.CheckoutsClientGetResponseObject
	clientUpdated(s *Server, r *record) gen.CheckoutsClientUpdateResponseObject
	confirmed(s *Server, r *record, sessionToken string) gen.CheckoutsClientConfirmResponseObject
	// checkout and order are the data of the checkout.* and order.*
	// webhooks.
	checkout(s *Server, r *record) any
	order(o gen.Order) any
}

// codecs are the versions the server speaks, by name. A version missing
// here gets Polar's 404 for an unknown version.
var codecs = map[string]codec{
	"2026-10": codec2026_10{},
	"2027-01": codec2027_01{},
}

// versionKey is the context key of the request's API version.
type versionKey struct{}

// codecOf returns the codec of the request's version (set by versioned).
func codecOf(ctx context.Context) codec {
	if c, ok := ctx.Value(versionKey{}).(codec); ok {
		return c
	}
	return codecs[currentVersion]
}

// codec2026_10 encodes in 2026-10, the internal model's own version.
type codec2026_10 struct{}

func (codec2026_10) version() string { return "2026-10" }
func (codec2026_10) created(s *Server, r *record) gen.CheckoutsCreateResponseObject {
	return gen.CheckoutsCreate201JSONResponse(s.view(r))
}
func (codec2026_10) got(s *Server, r *record) gen.CheckoutsGetResponseObject {
	return gen.CheckoutsGet200JSONResponse(s.view(r))
}
func (codec2026_10) updated(s *Server, r *record) gen.CheckoutsUpdateResponseObject {
	return gen.CheckoutsUpdate200JSONResponse(s.view(r))
}
func (codec2026_10) listed(s *Server, page []*record, p gen.Pagination) gen.CheckoutsListResponseObject {
	out := gen.ListResourceCheckout{Items: make([]gen.Checkout, 0, len(page)), Pagination: p}
	for _, r := range page {
		out.Items = append(out.Items, s.view(r))
	}
	return gen.CheckoutsList200JSONResponse(out)
}
func (codec2026_10) clientGot(s *Server, r *record) gen.CheckoutsClientGetResponseObject {
	return gen.CheckoutsClientGet200JSONResponse(s.public(r))
}
func (codec2026_10) clientUpdated(s *Server, r *record) gen.CheckoutsClientUpdateResponseObject {
	return gen.CheckoutsClientUpdate200JSONResponse(s.public(r))
}
func (codec2026_10) confirmed(s *Server, r *record, token string) gen.CheckoutsClientConfirmResponseObject {
	out := recode[gen.CheckoutPublicConfirmed](s.public(r))
	out.Status = gen.CheckoutPublicConfirmedStatusConfirmed
	out.CustomerSessionToken = &token
	return gen.CheckoutsClientConfirm200JSONResponse(out)
}
func (codec2026_10) checkout(s *Server, r *record) any { return s.view(r) }
func (codec2026_10) order(o gen.Order) any             { return o }

// codec2027_01 encodes in 2027-01.
type codec2027_01 struct{}

func (codec2027_01) version() string { return "2027-01" }
func (codec2027_01) created(s *Server, r *record) gen.CheckoutsCreateResponseObject {
	return gen2027.CheckoutsCreate201JSONResponse(s.checkout2027(r))
}
func (codec2027_01) got(s *Server, r *record) gen.CheckoutsGetResponseObject {
	return gen2027.CheckoutsGet200JSONResponse(s.checkout2027(r))
}
func (codec2027_01) updated(s *Server, r *record) gen.CheckoutsUpdateResponseObject {
	return gen2027.CheckoutsUpdate200JSONResponse(s.checkout2027(r))
}
func (codec2027_01) listed(s *Server, page []*record, p gen.Pagination) gen.CheckoutsListResponseObject {
	out := gen2027.ListResourceCheckout{Items: make([]gen2027.Checkout, 0, len(page)), Pagination: gen2027.Pagination(p)}
	for _, r := range page {
		out.Items = append(out.Items, s.checkout2027(r))
	}
	return gen2027.CheckoutsList200JSONResponse(out)
}
func (codec2027_01) clientGot(s *Server, r *record) gen.CheckoutsClientGetResponseObject {
	return gen2027.CheckoutsClientGet200JSONResponse(s.public2027(r))
}
func (codec2027_01) clientUpdated(s *Server, r *record) gen.CheckoutsClientUpdateResponseObject {
	return gen2027.CheckoutsClientUpdate200JSONResponse(s.public2027(r))
}
func (codec2027_01) confirmed(s *Server, r *record, token string) gen.CheckoutsClientConfirmResponseObject {
	out := recode[gen2027.CheckoutPublicConfirmed](s.public2027(r))
	out.Status = gen2027.CheckoutPublicConfirmedStatusConfirmed
	out.CustomerSessionToken = &token
	return gen2027.CheckoutsClientConfirm200JSONResponse(out)
}
func (codec2027_01) checkout(s *Server, r *record) any { return s.checkout2027(r) }
func (codec2027_01) order(o gen.Order) any             { return recode[gen2027.Order](o) }

// checkout2027 is r as a 2027-01 Checkout: the 2026-10 view with every
// price and product in its 2027-01 form. The caller holds s.mu.
func (s *Server) checkout2027(r *record) gen2027.Checkout {
	c := recode[gen2027.Checkout](s.view(r))
	c.Products, c.Prices, c.Product, c.ProductPrice = catalogueOf(r,
		func(p *product) gen2027.CheckoutProduct { return p.w2027 },
		func(pr *price) gen2027.CheckoutProductPrice { return pr.w2027 })
	return c
}

// public2027 is r as a 2027-01 CheckoutPublic. The caller holds s.mu.
func (s *Server) public2027(r *record) gen2027.CheckoutPublic {
	p := recode[gen2027.CheckoutPublic](s.checkout2027(r))
	p.Organization = recode[gen2027.CheckoutOrganization](s.cat.organization)
	return p
}

// recode returns src decoded into a T through JSON: the way a value moves
// between two versions' generated types, and between Checkout and
// CheckoutPublic, which have the same keys where they overlap. It panics
// if src does not fit T: that is a bug in this package.
func recode[T any](src any) T {
	var dst T
	b, err := json.Marshal(src)
	if err == nil {
		err = json.Unmarshal(b, &dst)
	}
	if err != nil {
		panic("polartest: recode: " + err.Error())
	}
	return dst
}
