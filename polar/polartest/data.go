package polartest

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"time"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	gen2027 "github.com/polar-checkouts/polar-go/gen/v2027_01"
)

// The seeded catalogue: one organization selling six products, one
// percentage discount and one text custom field. Every id is a UUID v4.
const (
	// OneTimeProductID is the seeded one-time product, "Lifetime License",
	// sold at OneTimePriceID.
	OneTimeProductID = "0c3b2a6e-1d4f-4e8a-9b7c-5a2f3e4d6c81"
	// OneTimePriceID is the fixed price of OneTimeProductID: 4900 usd, paid
	// once.
	OneTimePriceID = "a5c7b9b8-7745-4cae-8284-ffc79f0bae4a"

	// RecurringProductID is the seeded monthly product, "Pro Plan", with
	// two prices: RecurringPriceID and a metered price for API calls. The
	// custom field CustomFieldID is attached to it.
	RecurringProductID = "7c2c4ac5-05c9-4a2b-98a3-26c27bfc6545"
	// RecurringPriceID is the fixed price of RecurringProductID: 1900 usd
	// every month, shown as "$19.00 / month".
	RecurringPriceID = "4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9"
	// MeteredPriceID is the second price of RecurringProductID: 0.05 usd
	// per API call, billed at the end of each month (it adds nothing to a
	// checkout's amount).
	MeteredPriceID = "e2d1c0b9-8a7f-4e6d-9c5b-4a3f2e1d0c9b"

	// FreeProductID is the seeded free one-time product, "Community
	// Edition", sold at FreePriceID.
	FreeProductID = "3f6e9d2c-8b1a-4c7e-a5d4-2b9c8e7f6a15"
	// FreePriceID is the free price (a fixed price of 0) of FreeProductID.
	FreePriceID = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"

	// CustomPriceProductID is the seeded pay-what-you-want one-time
	// product, "Tip Jar", sold at CustomPriceID.
	CustomPriceProductID = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a"
	// CustomPriceID is the custom price of CustomPriceProductID: at least
	// 500 usd cents, at most 100000, 1000 suggested.
	CustomPriceID = "8e7d6c5b-4a39-4f28-b716-05f4e3d2c1b0"

	// SeatBasedProductID is the seeded seat-based monthly product, "Team
	// Plan", sold at SeatBasedPriceID.
	SeatBasedProductID = "9a1e4c7b-3d2f-4b8a-9e6c-1f5d7a3b2c4e"
	// SeatBasedPriceID is the seat-based price of SeatBasedProductID, in
	// volume tiers (every seat at the price of the tier the seat count
	// falls in): 1 to 4 seats at 1200 usd cents a seat, 5 to 10 seats at
	// 1000 a seat; at least 1 seat, at most 10. So 1 seat is 1200, 4 seats
	// 4800, 5 seats 5000 and 10 seats 10000 a month; 11 seats are refused
	// with Polar's 422 "Maximum 10 seats allowed.". In 2026-10 its tiers
	// are seat_tiers; in 2027-01 tiers, minimum_units and maximum_units.
	SeatBasedPriceID = "c4b3a2f1-6e5d-4c7b-8a9f-0e1d2c3b4a5f"

	// MeteredProductID is the seeded usage-based monthly product, "API
	// Usage", sold at MeteredProductPriceID only.
	MeteredProductID = "e7f6d5c4-b3a2-4918-8f7e-6d5c4b3a2918"
	// MeteredProductPriceID is the metered price of MeteredProductID: 0.5
	// usd cents per API call, billed at the end of each month, capped at
	// 100000; it adds nothing to a checkout's amount.
	MeteredProductPriceID = "f1e2d3c4-b5a6-4798-8a9b-0c1d2e3f4a5b"

	// DiscountID is the seeded discount, "Launch offer" (code LAUNCH25):
	// 25 % off, once. It applies to fixed prices that are not free.
	DiscountID = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"

	// CustomFieldID is the seeded text custom field "Company name" (slug
	// "company"), attached, not required, to RecurringProductID.
	CustomFieldID = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"

	// OrganizationID is the organization owning everything seeded.
	OrganizationID = "8685823d-50be-4512-a82d-1d5e232853c8"

	meterID           = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"
	articlesBenefitID = "6ee61469-304d-434b-a88a-440c99fbd90d"
	customBenefitID   = "d7aacf74-5c76-4b73-ae09-18b0a70dc7d8"
	mediaID           = "3bd55668-134c-4750-bfd3-f6be1c1cb984"
)

// priceKind is how a price sets a checkout's amount.
type priceKind int

const (
	kindFixed priceKind = iota
	kindCustom
	kindSeatBased
	kindUnitBased
	kindMeteredUnit
	kindMeteredTiers
)

// tier is one tier of a seat-based or unit-based price: its rate per seat
// or unit applies up to bound (inclusive; nil: no bound).
type tier struct {
	bound *int
	rate  *big.Rat // cents per seat or unit
}

// price is a price, from the catalogue or ad hoc, with what amounts need
// beside its wire form in each version.
type price struct {
	id, productID string
	kind          priceKind
	source        gen.ProductPriceSource
	currency      string
	amount        int // fixed: the price
	minimum       int // custom
	maximum       *int
	preset        *int
	tiers         []tier // seat-based, unit-based
	graduated     bool   // tiers apply each to its own range (else volume)
	minUnits      int    // seat-based, unit-based: the fewest seats or units
	w2026         gen.CheckoutProductPrice
	w2027         gen2027.CheckoutProductPrice
}

// maxUnits is the most seats or units p sells, nil for no bound: the last
// tier's bound.
func (p *price) maxUnits() *int {
	if len(p.tiers) == 0 {
		return nil
	}
	return p.tiers[len(p.tiers)-1].bound
}

// free reports whether p is a fixed price of 0.
func (p *price) free() bool { return p.kind == kindFixed && p.amount == 0 }

// quantityAmount is what n seats or units cost at p's tiers, in cents,
// rounded half to even as Python rounds a Decimal: with volume tiers every
// one at the rate of the tier n falls in, with graduated tiers each tier's
// range at its own rate.
func (p *price) quantityAmount(n int) int {
	total := new(big.Rat)
	from := 0
	for i, t := range p.tiers {
		last := i == len(p.tiers)-1
		if !p.graduated {
			if last || t.bound == nil || n <= *t.bound {
				total.Mul(t.rate, new(big.Rat).SetInt64(int64(n)))
				break
			}
			continue
		}
		upTo := n
		if t.bound != nil && *t.bound < n {
			upTo = *t.bound
		}
		if upTo > from {
			total.Add(total, new(big.Rat).Mul(t.rate, new(big.Rat).SetInt64(int64(upTo-from))))
		}
		if t.bound == nil || *t.bound >= n {
			break
		}
		from = *t.bound
	}
	f, _ := total.Float64()
	return int(math.RoundToEven(f))
}

// decimal writes r as Polar writes a decimal amount: "1200", "0.5".
func decimal(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(12)
	for s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}

// encode sets p's wire forms in every version: the price object as the
// spec's variant type of its amount type, plus the undeclared keys Polar
// also sends (type and recurring_interval, from the product). This is the
// one place where the versions' prices differ: a seat-based price carries
// seat_tiers in 2026-10 and tiers, minimum_units and maximum_units in
// 2027-01 (versions facts §5); every other kind is the same object in both.
func (p *price) encode(created time.Time, recurring bool) {
	extra := map[string]any{"type": "one_time", "recurring_interval": nil}
	if recurring {
		extra = map[string]any{"type": "recurring", "recurring_interval": "month"}
	}
	tiers := func() gen.Tiers {
		t := gen.Tiers{Type: gen.TierTypeVolume}
		if p.graduated {
			t.Type = gen.TierTypeGraduated
		}
		for _, x := range p.tiers {
			t.Tiers = append(t.Tiers, gen.Tier{Bound: x.bound, UnitAmount: decimal(x.rate)})
		}
		return t
	}
	var v any
	switch p.kind {
	case kindFixed:
		v = gen.ProductPriceFixed{AmountType: gen.ProductPriceFixedAmountTypeFixed, CreatedAt: created, ID: p.id,
			PriceAmount: p.amount, PriceCurrency: p.currency, ProductID: p.productID, Source: p.source}
	case kindCustom:
		v = gen.ProductPriceCustom{AmountType: gen.ProductPriceCustomAmountTypeCustom, CreatedAt: created, ID: p.id,
			MinimumAmount: p.minimum, MaximumAmount: p.maximum, PresetAmount: p.preset,
			PriceCurrency: p.currency, ProductID: p.productID, Source: p.source}
	case kindMeteredUnit:
		v = gen.ProductPriceMeteredUnit{AmountType: gen.ProductPriceMeteredUnitAmountTypeMeteredUnit, CreatedAt: created, ID: p.id,
			CapAmount: p.maximum, Meter: gen.ProductPriceMeter{ID: meterID, Name: "API calls", Unit: gen.MeterUnitScalar}, MeterID: meterID,
			PriceCurrency: p.currency, ProductID: p.productID, Source: p.source, UnitAmount: decimal(p.tiers[0].rate)}
	case kindUnitBased:
		v = gen.ProductPriceUnitBased{AmountType: gen.ProductPriceUnitBasedAmountTypeUnitBased, CreatedAt: created, ID: p.id,
			MinimumUnits: ptr(p.minUnits), PriceCurrency: p.currency, ProductID: p.productID, Source: p.source, Tiers: tiers()}
		extra["maximum_units"] = p.maxUnits()
	case kindMeteredTiers:
		v = gen.ProductPriceMeteredTiers{AmountType: gen.ProductPriceMeteredTiersAmountTypeMeteredTiers, CreatedAt: created, ID: p.id,
			Meter: gen.ProductPriceMeter{ID: meterID, Name: "API calls", Unit: gen.MeterUnitScalar}, MeterID: meterID,
			PriceCurrency: p.currency, ProductID: p.productID, Source: p.source, Tiers: tiers()}
	case kindSeatBased:
		seatTiers := gen.ProductPriceSeatTiers{SeatTierType: ptr(gen.SeatTierTypeVolume), MinimumSeats: ptr(p.minUnits)}
		if p.graduated {
			seatTiers.SeatTierType = ptr(gen.SeatTierTypeGraduated)
		}
		from := p.minUnits
		for _, x := range p.tiers {
			perSeat, _ := x.rate.Float64()
			seatTiers.Tiers = append(seatTiers.Tiers, gen.ProductPriceSeatTier{MinSeats: from, MaxSeats: x.bound, PricePerSeat: int(math.RoundToEven(perSeat))})
			if x.bound != nil {
				from = *x.bound + 1
			}
		}
		seatTiers.MaximumSeats = p.maxUnits()
		p.w2026 = wire[gen.CheckoutProductPrice](gen.ProductPriceSeatBased{AmountType: gen.ProductPriceSeatBasedAmountTypeSeatBased,
			CreatedAt: created, ID: p.id, PriceCurrency: p.currency, ProductID: p.productID, Source: p.source, SeatTiers: seatTiers},
			extra, map[string]any{"seat_tiers": map[string]any{"maximum_seats": p.maxUnits()}})
		t := recode[gen2027.Tiers](tiers())
		p.w2027 = wire[gen2027.CheckoutProductPrice](gen2027.ProductPriceSeatBased{AmountType: gen2027.ProductPriceSeatBasedAmountTypeSeatBased,
			CreatedAt: created, ID: p.id, PriceCurrency: p.currency, ProductID: p.productID, Source: gen2027.ProductPriceSource(p.source),
			Tiers: t, MinimumUnits: ptr(p.minUnits), MaximumUnits: p.maxUnits()},
			extra, map[string]any{"maximum_units": p.maxUnits()})
		return
	}
	p.w2026 = wire[gen.CheckoutProductPrice](v, extra, nil)
	p.w2027 = wire[gen2027.CheckoutProductPrice](v, extra, nil)
}

// wire encodes v (a price variant of either version) into the union U,
// with the undeclared keys of extra added and the keys of always set even
// where v's type would leave them out (the generated types drop a nil
// required-and-nullable field tagged omitempty; Polar sends null). A map
// in always is merged one level down.
func wire[U any, PU interface {
	*U
	UnmarshalJSON([]byte) error
}](v any, extra, always map[string]any) U {
	b, err := json.Marshal(v)
	if err != nil {
		panic("polartest: encode price: " + err.Error())
	}
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	for k, x := range extra {
		m[k] = x
	}
	for k, x := range always {
		if sub, ok := x.(map[string]any); ok {
			inner, _ := m[k].(map[string]any)
			for kk, xx := range sub {
				inner[kk] = xx
			}
			continue
		}
		m[k] = x
	}
	b, _ = json.Marshal(m)
	var u U
	if err := PU(&u).UnmarshalJSON(b); err != nil {
		panic("polartest: encode price: " + err.Error())
	}
	return u
}

// product is a catalogue product, with its wire form in each version.
type product struct {
	id           string
	name         string
	recurring    bool
	prices       []*price
	customFields []gen.AttachedCustomField
	w2026        gen.CheckoutProduct
	w2027        gen2027.CheckoutProduct
}

// encode sets p's wire forms from w2026 and its prices' forms.
func (p *product) encode() {
	p.w2026.Prices = p.w2026.Prices[:0]
	for _, pr := range p.prices {
		p.w2026.Prices = append(p.w2026.Prices, pr.w2026)
	}
	p.w2027 = recode[gen2027.CheckoutProduct](p.w2026)
	p.w2027.Prices = p.w2027.Prices[:0]
	for _, pr := range p.prices {
		p.w2027.Prices = append(p.w2027.Prices, pr.w2027)
	}
}

// discount is a catalogue discount (percentage, once).
type discount struct {
	id          string
	basisPoints int
	wire        gen.CheckoutDiscount
}

// catalogue is what a Server sells. It never changes after seeding, so it
// is read without a lock.
type catalogue struct {
	products     map[string]*product
	prices       map[string]*price
	discounts    map[string]*discount
	organization gen.CheckoutOrganization
}

// seedTime returns a fixed UTC timestamp whose microseconds end in a non-
// zero digit, so encoding/json writes six fraction digits, as Polar does.
func seedTime(month time.Month, day, hour, minute, sec, micro int) time.Time {
	return time.Date(2026, month, day, hour, minute, sec, micro*1000, time.UTC)
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// cents returns n cents as a rate.
func cents(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// rate parses a decimal amount of cents such as "0.5".
func rate(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("polartest: rate " + strconv.Quote(s))
	}
	return r
}

// seed builds the catalogue. oneTimeName, when not empty, replaces the one-time
// product's name (tests use it to seed hostile names).
func seed(oneTimeName string) *catalogue {
	created := seedTime(time.March, 12, 9, 41, 7, 318274)
	modified := seedTime(time.April, 2, 16, 3, 55, 902113)
	monthly := gen.RecurringIntervalMonth
	catalog := gen.ProductPriceSourceCatalog

	fixed := func(id, productID string, amount int) *price {
		return &price{id: id, productID: productID, kind: kindFixed, source: catalog, currency: "usd", amount: amount}
	}
	recurring := fixed(RecurringPriceID, RecurringProductID, 1900)
	metered := &price{id: MeteredPriceID, productID: RecurringProductID, kind: kindMeteredUnit, source: catalog, currency: "usd",
		maximum: ptr(50000), tiers: []tier{{rate: cents(5)}}}
	lifetime := fixed(OneTimePriceID, OneTimeProductID, 4900)
	free := fixed(FreePriceID, FreeProductID, 0)
	custom := &price{id: CustomPriceID, productID: CustomPriceProductID, kind: kindCustom, source: catalog, currency: "usd",
		minimum: 500, maximum: ptr(100000), preset: ptr(1000)}
	seats := &price{id: SeatBasedPriceID, productID: SeatBasedProductID, kind: kindSeatBased, source: catalog, currency: "usd",
		minUnits: 1, tiers: []tier{{bound: ptr(4), rate: cents(1200)}, {bound: ptr(10), rate: cents(1000)}}}
	usage := &price{id: MeteredProductPriceID, productID: MeteredProductID, kind: kindMeteredUnit, source: catalog, currency: "usd",
		maximum: ptr(100000), tiers: []tier{{rate: rate("0.5")}}}

	benefits := []gen.BenefitPublic{
		benefit(gen.BenefitCustomPublic{CreatedAt: created, Deletable: false, Description: "Premium articles", ID: articlesBenefitID,
			OrganizationID: OrganizationID, Selectable: false, Type: gen.BenefitCustomPublicTypeCustom}),
		benefit(gen.BenefitCustomPublic{CreatedAt: seedTime(time.March, 12, 9, 44, 51, 620587), Deletable: true, Description: "Monthly office hours with the team",
			ID: customBenefitID, OrganizationID: OrganizationID, Selectable: true, Type: gen.BenefitCustomPublicTypeCustom}),
	}
	path := OrganizationID + "/" + mediaID + "/pro-plan-cover.png"
	medias := []gen.ProductMediaFileRead{{
		ChecksumEtag:         ptr(`"2032f40a4a7f2a6f88134c28e8f92381"`),
		ChecksumSha256Base64: ptr("tKqs92BoTVW0Mv0VEwHuFR/PjFgN7N6SkFEA6ER/kIU="),
		ChecksumSha256Hex:    ptr("b4aaacf760684d55b432fd151301ee151fcf8c580decde92905100e8447f9085"),
		CreatedAt:            seedTime(time.March, 12, 9, 43, 9, 551236),
		ID:                   mediaID,
		IsUploaded:           true,
		LastModifiedAt:       ptr(seedTime(time.March, 12, 9, 43, 12, 74519)),
		MimeType:             "image/png",
		Name:                 "pro-plan-cover.png",
		OrganizationID:       OrganizationID,
		Path:                 path,
		PublicURL:            ptr("https://polar-public-sandbox-files.s3.amazonaws.com/product_media/" + path),
		Service:              gen.ProductMediaFileReadServiceProductMedia,
		Size:                 184320,
		SizeReadable:         ptr("180.0 KB"),
	}}

	mk := func(id, name, description string, recurring bool, prices ...*price) *product {
		p := &product{id: id, name: name, recurring: recurring, prices: prices, w2026: gen.CheckoutProduct{
			Benefits:       []gen.BenefitPublic{},
			CreatedAt:      created,
			Description:    ptr(description),
			ID:             id,
			IsRecurring:    recurring,
			Medias:         []gen.ProductMediaFileRead{},
			ModifiedAt:     &modified,
			Name:           name,
			OrganizationID: OrganizationID,
			Visibility:     gen.ProductVisibilityPublic,
		}}
		if recurring {
			p.w2026.RecurringInterval = &monthly
			p.w2026.RecurringIntervalCount = ptr(1)
		}
		for _, pr := range prices {
			pr.encode(created, recurring)
		}
		return p
	}
	if oneTimeName == "" {
		oneTimeName = "Lifetime License"
	}
	pro := mk(RecurringProductID, "Pro Plan", "Everything in Community, plus unlimited projects, priority support and early access to new features.", true, recurring, metered)
	pro.w2026.Benefits = benefits
	pro.w2026.Medias = medias
	var field gen.CustomField
	if err := field.FromCustomFieldText(gen.CustomFieldText{
		CreatedAt:      created,
		ID:             CustomFieldID,
		Metadata:       gen.MetadataOutputType{},
		Name:           "Company name",
		OrganizationID: OrganizationID,
		Properties:     gen.CustomFieldTextProperties{FormLabel: ptr("Company name"), FormPlaceholder: ptr("Acme Inc."), MaxLength: ptr(120)},
		Slug:           "company",
		Type:           gen.CustomFieldTextTypeText,
	}); err != nil {
		panic("polartest: seed custom field: " + err.Error())
	}
	pro.customFields = []gen.AttachedCustomField{{CustomField: field, CustomFieldID: CustomFieldID, Order: 0, Required: false}}
	team := mk(SeatBasedProductID, "Team Plan", "The Pro Plan for a team, billed per seat.", true, seats)
	api := mk(MeteredProductID, "API Usage", "Pay as you go: every API call is billed at the end of the month.", true, usage)
	api.w2026.MeterInterval, api.w2026.MeterIntervalCount = &monthly, ptr(1)

	products := []*product{
		pro,
		mk(OneTimeProductID, oneTimeName, "A perpetual license for one developer, with a year of updates.", false, lifetime),
		mk(FreeProductID, "Community Edition", "The free tier: three projects and community support.", false, free),
		mk(CustomPriceProductID, "Tip Jar", "Support the project with the amount you like.", false, custom),
		team,
		api,
	}

	var wire gen.CheckoutDiscount
	if err := wire.FromCheckoutDiscountPercentageOnceForeverDuration(gen.CheckoutDiscountPercentageOnceForeverDuration{
		BasisPoints: 2500,
		Code:        ptr("LAUNCH25"),
		Duration:    gen.DiscountDurationOnce,
		ID:          DiscountID,
		Name:        "Launch offer",
		Type:        gen.DiscountTypePercentage,
	}); err != nil {
		panic("polartest: seed discount: " + err.Error())
	}

	c := &catalogue{
		products:  map[string]*product{},
		prices:    map[string]*price{},
		discounts: map[string]*discount{DiscountID: {id: DiscountID, basisPoints: 2500, wire: wire}},
		organization: gen.CheckoutOrganization{
			AllowCustomerUpdates: true,
			AvatarURL:            nil,
			CreatedAt:            seedTime(time.March, 1, 8, 0, 12, 411923),
			ID:                   OrganizationID,
			Name:                 "Polartest Inc.",
			ProrationBehavior:    gen.SubscriptionProrationBehaviorProrate,
			Slug:                 "polartest",
		},
	}
	for _, p := range products {
		p.encode()
		c.products[p.id] = p
		for _, pr := range p.prices {
			c.prices[pr.id] = pr
		}
	}
	return c
}

// benefit wraps a custom benefit in the BenefitPublic union.
func benefit(b gen.BenefitCustomPublic) gen.BenefitPublic {
	var u gen.BenefitPublic
	if err := u.FromBenefitCustomPublic(b); err != nil {
		panic("polartest: seed benefit: " + err.Error())
	}
	return u
}
