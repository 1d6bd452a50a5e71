package polartest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
)

// This file keeps the checkouts and moves them through Polar's states
// (facts §6.4). Every entry point takes s.mu and first calls s.sweep, so
// a checkout whose expires_at has passed while open reads as expired from
// the first request after that moment: Polar's cron does the same within
// 15 minutes, so a real GET may still say open for a while; the fake
// picks the moment the cron could run earliest, which is what a test
// advancing its clock expects. Sweeping sends checkout.expired, as the
// cron does.

// Errors returned by Pay and Expire; match them with errors.Is.
var (
	// ErrNotFound means no checkout has the id.
	ErrNotFound = errors.New("polartest: checkout not found")
	// ErrNotOpen means the checkout is no longer open (confirmed,
	// succeeded, expired or failed).
	ErrNotOpen = errors.New("polartest: checkout is not open")
	// ErrExpired means the checkout's expires_at has passed.
	ErrExpired = errors.New("polartest: checkout has expired")
)

// checkoutTTL is how long a checkout stays open (CHECKOUT_TTL_SECONDS).
const checkoutTTL = 24 * time.Hour

// buyerEmail is the e-mail Pay and the hosted page use for a checkout
// that has none, as the buyer would type it.
const buyerEmail = "buyer@example.com"

// record is one checkout as stored. co.SuccessURL holds the URL as sent
// ("" when none); amounts, flags, the placeholder substitution and the
// products and prices (in the version asked for) are filled in by view on
// every read, as Polar computes them.
type record struct {
	seq      int
	co       gen.Checkout
	products []*product          // the products on sale, in order
	adHoc    map[string][]*price // ad-hoc prices by product id (create's prices)
	product  *product            // the selected product
	price    *price              // the selected price
	discount *discount
	custom   *int // the amount asked for a custom price
}

// pricesOf returns the prices r sells p at: its ad-hoc prices, if the
// create gave some, else the catalogue's.
func (r *record) pricesOf(p *product) []*price {
	if ps, ok := r.adHoc[p.id]; ok {
		return ps
	}
	return p.prices
}

// now returns the clock's time in UTC, cut to whole seconds so timestamps
// come out as Polar writes them when microseconds are 0 (no fraction).
func (s *Server) now() time.Time {
	return s.clock.Now().UTC().Truncate(time.Second)
}

// sweep expires every open checkout whose expires_at has passed. The
// caller holds s.mu.
func (s *Server) sweep() {
	now := s.clock.Now()
	for _, r := range s.sortedRecords() {
		if r.co.Status == gen.CheckoutStatusOpen && r.co.ExpiresAt.Before(now) {
			s.setStatus(r, gen.CheckoutStatusExpired)
			s.emitCheckout(checkoutExpired, r)
		}
	}
}

// sortedRecords returns every checkout in creation order. The caller
// holds s.mu.
func (s *Server) sortedRecords() []*record {
	out := slices.Collect(maps.Values(s.checkouts))
	slices.SortFunc(out, func(a, b *record) int { return a.seq - b.seq })
	return out
}

// setStatus changes r's status and modified_at. The caller holds s.mu.
func (s *Server) setStatus(r *record, status gen.CheckoutStatus) {
	r.co.Status = status
	r.touch(s.now())
}

// touch sets modified_at.
func (r *record) touch(now time.Time) { r.co.ModifiedAt = &now }

// create stores a new open checkout for the resolved products and price.
// The caller holds s.mu and has validated in.
func (s *Server) create(in gen.CheckoutCreate, products []*product, adHoc map[string][]*price, pr *price, d *discount) *record {
	now := s.now()
	s.seq++
	r := &record{seq: s.seq, products: products, adHoc: adHoc, price: pr, discount: d, custom: in.Amount}
	id := newID()
	secret := "polar_c_" + randomAlphanumeric(43)
	r.co = gen.Checkout{
		ID:                       id,
		ClientSecret:             secret,
		URL:                      s.URL + "/checkout/" + secret,
		CreatedAt:                now,
		ModifiedAt:               nil,
		ExpiresAt:                now.Add(checkoutTTL),
		Status:                   gen.CheckoutStatusOpen,
		OrganizationID:           OrganizationID,
		PaymentProcessor:         gen.PaymentProcessorStripe,
		PaymentProcessorMetadata: map[string]string{"publishable_key": "pk_test_polartest"},
		Currency:                 pr.currency,
		AllowDiscountCodes:       valueOr(in.AllowDiscountCodes, true),
		RequireBillingAddress:    valueOr(in.RequireBillingAddress, false),
		AllowTrial:               ptr(valueOr(in.AllowTrial, true)),
		TrialInterval:            in.TrialInterval,
		TrialIntervalCount:       in.TrialIntervalCount,
		IsBusinessCustomer:       valueOr(in.IsBusinessCustomer, false),
		CustomerName:             blankToNil(in.CustomerName),
		CustomerBillingName:      blankToNil(in.CustomerBillingName),
		CustomerTaxID:            blankToNil(in.CustomerTaxID),
		CustomerIPAddress:        in.CustomerIPAddress,
		ExternalCustomerID:       in.ExternalCustomerID,
		CustomerMetadata:         orEmpty(in.CustomerMetadata),
		Metadata:                 gen.MetadataOutputType(orEmpty(in.Metadata)),
		CustomFieldData:          orEmpty(in.CustomFieldData),
		EmbedOrigin:              in.EmbedOrigin,
		Locale:                   ptr("en"),
		SuccessURL:               in.SuccessURL,
		Seats:                    in.Seats,
		MinSeats:                 in.MinSeats,
		MaxSeats:                 in.MaxSeats,
		Units:                    in.Units,
		MinUnits:                 in.MinUnits,
		MaxUnits:                 in.MaxUnits,
	}
	if in.CustomerEmail != "" {
		r.co.CustomerEmail = ptr(in.CustomerEmail)
	}
	if in.ReturnURL != "" {
		r.co.ReturnURL = ptr(in.ReturnURL)
	}
	if in.CustomerBillingAddress != nil {
		r.co.CustomerBillingAddress = address(in.CustomerBillingAddress)
	}
	r.selectProduct(s.cat.products[pr.productID], pr)
	if d != nil {
		r.co.DiscountID = &d.id
	}
	s.checkouts[id] = r
	s.bySecret[secret] = r
	return r
}

// selectProduct makes p (at price pr) the checkout's selected product. A
// seat-based or unit-based price starts at the checkout's minimum (or the
// price's); other prices take no seats or units.
func (r *record) selectProduct(p *product, pr *price) {
	r.product, r.price = p, pr
	r.co.ProductID = &p.id
	r.co.ProductPriceID = &pr.id
	switch pr.kind {
	case kindSeatBased:
		r.co.Units = nil
		if r.co.Seats == nil {
			r.co.Seats = ptr(max(pr.minUnits, valueOr(r.co.MinSeats, 0)))
		}
	case kindUnitBased:
		r.co.Seats = nil
		if r.co.Units == nil {
			r.co.Units = ptr(max(pr.minUnits, valueOr(r.co.MinUnits, 0)))
		}
	default:
		r.co.Seats, r.co.Units = nil, nil
	}
	fields := p.customFields
	if fields == nil {
		fields = []gen.AttachedCustomField{}
	}
	r.co.AttachedCustomFields = &fields
}

// amount is the checkout's amount before discount and tax (facts §6.3).
func (r *record) amount() int {
	switch r.price.kind {
	case kindFixed:
		return r.price.amount
	case kindCustom:
		switch {
		case r.custom != nil:
			return *r.custom
		case r.price.preset != nil:
			return *r.price.preset
		}
		return r.price.minimum
	case kindSeatBased:
		return r.price.quantityAmount(valueOr(r.co.Seats, r.price.minUnits))
	case kindUnitBased:
		return r.price.quantityAmount(valueOr(r.co.Units, r.price.minUnits))
	}
	return 0 // metered prices are billed later
}

// discountApplicable reports whether a discount can apply to the selected
// price: prices with an amount that are not free.
func (r *record) discountApplicable() bool {
	switch r.price.kind {
	case kindFixed:
		return !r.price.free()
	case kindSeatBased, kindUnitBased:
		return true
	}
	return false
}

// discountAmount is the discount on amount: basis points, rounded half to
// even as Python's round does.
func (r *record) discountAmount(amount int) int {
	if r.discount == nil || !r.discountApplicable() {
		return 0
	}
	return int(math.RoundToEven(float64(amount) * float64(r.discount.basisPoints) / 10000))
}

// catalogueOf returns what r sells in one version's wire forms (the
// product's and the price's, as productOf and priceOf give them): its
// products, their prices by product id, and the selected product and
// price. The caller holds s.mu.
func catalogueOf[P, Q any](r *record, productOf func(*product) P, priceOf func(*price) Q) ([]P, map[string][]Q, *P, *Q) {
	products := make([]P, 0, len(r.products))
	prices := make(map[string][]Q, len(r.products))
	for _, p := range r.products {
		products = append(products, productOf(p))
		for _, pr := range r.pricesOf(p) {
			prices[p.id] = append(prices[p.id], priceOf(pr))
		}
	}
	product, price := productOf(r.product), priceOf(r.price)
	return products, prices, &product, &price
}

// view returns the checkout as Polar shows it now, in the internal
// model's version (2026-10): success_url with the placeholder substituted
// (or the default confirmation page), products and prices, amounts and
// flags computed. The caller holds s.mu.
func (s *Server) view(r *record) gen.Checkout {
	c := r.co
	c.SuccessURL = s.successURL(r)
	c.Products, c.Prices, c.Product, c.ProductPrice = catalogueOf(r,
		func(p *product) gen.CheckoutProduct { return p.w2026 },
		func(pr *price) gen.CheckoutProductPrice { return pr.w2026 })
	amount := r.amount()
	c.Amount = amount
	c.DiscountAmount = r.discountAmount(amount)
	c.NetAmount = amount - c.DiscountAmount
	c.TaxAmount = nil
	c.TaxBehavior = nil
	c.TotalAmount = c.NetAmount
	if r.discount != nil {
		c.Discount = &r.discount.wire
	}
	recurring := r.product.recurring
	if recurring && c.TrialInterval != nil && c.TrialIntervalCount != nil && (c.AllowTrial == nil || *c.AllowTrial) {
		c.ActiveTrialInterval, c.ActiveTrialIntervalCount = c.TrialInterval, c.TrialIntervalCount
	}
	c.IsDiscountApplicable = r.discountApplicable()
	c.IsFreeProductPrice = r.price.free()
	c.IsPaymentRequired = c.TotalAmount > 0 && c.ActiveTrialInterval == nil
	c.IsPaymentSetupRequired = recurring && !r.price.free() && !(r.price.kind == kindCustom && amount == 0)
	c.IsPaymentFormRequired = c.IsPaymentRequired || c.IsPaymentSetupRequired
	mode := gen.BillingAddressFieldModeDisabled
	if c.RequireBillingAddress {
		mode = gen.BillingAddressFieldModeRequired
	}
	c.BillingAddressFields = gen.CheckoutBillingAddressFields{
		Country: gen.BillingAddressFieldModeRequired, State: mode, City: mode, PostalCode: mode, Line1: mode,
		Line2: map[bool]gen.BillingAddressFieldMode{true: gen.BillingAddressFieldModeOptional, false: gen.BillingAddressFieldModeDisabled}[c.RequireBillingAddress],
	}
	return c
}

// successURL is where the buyer goes after paying, as Polar computes it on
// every read: {CHECKOUT_ID} (also percent-encoded) replaced by the id,
// {CHECKOUT_SESSION_ID} left alone, and the hosted confirmation page when
// none was given.
func (s *Server) successURL(r *record) string {
	u := r.co.SuccessURL
	if u == "" {
		return s.URL + "/checkout/" + r.co.ClientSecret + "/confirmation"
	}
	for _, p := range []string{"%7BCHECKOUT_ID%7D", "%7bCHECKOUT_ID%7d", "{CHECKOUT_ID}"} {
		u = strings.ReplaceAll(u, p, r.co.ID)
	}
	return u
}

// public returns the checkout as the client routes show it, in 2026-10.
// The caller holds s.mu.
func (s *Server) public(r *record) gen.CheckoutPublic {
	p := recode[gen.CheckoutPublic](s.view(r))
	p.Organization = s.cat.organization
	return p
}

// confirm moves an open checkout to confirmed, as the buyer's POST
// .../confirm does, and sends checkout.updated. The caller holds s.mu.
func (s *Server) confirm(r *record) {
	if r.co.CustomerEmail == nil {
		r.co.CustomerEmail = ptr(buyerEmail)
	}
	if r.co.CustomerID == nil {
		r.co.CustomerID = ptr(newID())
	}
	r.co.PaymentProcessorMetadata = map[string]string{
		"publishable_key":      "pk_test_polartest",
		"customer_id":          "cus_" + randomAlphanumeric(14),
		"intent_client_secret": "pi_" + randomAlphanumeric(24) + "_secret_" + randomAlphanumeric(25),
		"intent_status":        "succeeded",
	}
	s.setStatus(r, gen.CheckoutStatusConfirmed)
	s.emitCheckout(checkoutUpdated, r)
}

// succeed completes a confirmed checkout as Stripe's payment webhook (or,
// for a free checkout, Polar's background job) does: order.created,
// order.updated and order.paid, then the checkout's checkout.updated with
// status succeeded. The caller holds s.mu.
func (s *Server) succeed(r *record) {
	order := s.order(r)
	for _, typ := range []string{orderCreated, orderUpdated, orderPaid} {
		s.emitOrder(typ, order)
	}
	s.setStatus(r, gen.CheckoutStatusSucceeded)
	s.emitCheckout(checkoutUpdated, r)
}

// openRecord returns the open checkout id names, or why it cannot be
// paid. The caller holds s.mu.
func (s *Server) openRecord(id string) (*record, error) {
	r, ok := s.checkouts[strings.ToLower(id)]
	switch {
	case !ok:
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	case r.co.Status == gen.CheckoutStatusExpired || r.co.ExpiresAt.Before(s.clock.Now()):
		return nil, fmt.Errorf("%w: %s", ErrExpired, id)
	case r.co.Status != gen.CheckoutStatusOpen:
		return nil, fmt.Errorf("%w: %s is %s", ErrNotOpen, id, r.co.Status)
	}
	return r, nil
}

// Pay pays the open checkout with the given id as a buyer would on the
// hosted page: it moves open -> confirmed -> succeeded (filling in the
// buyer's e-mail, buyer@example.com, when the checkout has none) and,
// with a webhook set, sends checkout.updated (confirmed), order.created,
// order.updated, order.paid and checkout.updated (succeeded). It returns
// an error matching ErrNotFound, ErrExpired or ErrNotOpen when the
// checkout cannot be paid.
func (s *Server) Pay(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, err := s.openRecord(id)
	if err != nil {
		return err
	}
	s.confirm(r)
	s.succeed(r)
	return nil
}

// Expire expires the open checkout with the given id at once, as Polar's
// cron does once expires_at has passed: its status becomes expired, its
// expires_at the current time, and with a webhook set checkout.expired is
// sent. It returns an error matching ErrNotFound or ErrNotOpen when the
// checkout is unknown or not open.
func (s *Server) Expire(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, ok := s.checkouts[strings.ToLower(id)]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if r.co.Status != gen.CheckoutStatusOpen {
		return fmt.Errorf("%w: %s is %s", ErrNotOpen, id, r.co.Status)
	}
	r.co.ExpiresAt = s.now()
	s.setStatus(r, gen.CheckoutStatusExpired)
	s.emitCheckout(checkoutExpired, r)
	return nil
}

// gone reports whether the client routes answer 410 for r: its expiry has
// passed, whatever its status (facts §4), or it was expired early.
func (s *Server) gone(r *record) bool {
	return r.co.Status == gen.CheckoutStatusExpired || r.co.ExpiresAt.Before(s.clock.Now())
}

// address turns an input address into the stored one.
func address(a *gen.AddressInput) *gen.Address {
	return &gen.Address{
		City: a.City, Country: gen.AddressCountry(strings.ToUpper(string(a.Country))),
		Line1: a.Line1, Line2: a.Line2, PostalCode: a.PostalCode, State: a.State,
	}
}

// valueOr returns *p, or def when p is nil.
func valueOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// blankToNil returns nil for a nil or blank string, as Polar stores them.
func blankToNil(p *string) *string {
	if p == nil || strings.TrimSpace(*p) == "" {
		return nil
	}
	return p
}

// orEmpty returns m, or an empty map when m is nil.
func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// newID returns a random UUID v4 in Polar's lower-case form.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// randomAlphanumeric returns n random letters and digits, the alphabet of
// Polar's generated tokens and secrets.
func randomAlphanumeric(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	for i := range b {
		var x [1]byte
		for {
			_, _ = rand.Read(x[:]) // crypto/rand.Read never fails
			if int(x[0]) < 256-256%len(alphabet) {
				break
			}
		}
		b[i] = alphabet[int(x[0])%len(alphabet)]
	}
	return string(b)
}
