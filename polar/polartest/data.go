package polartest

import (
	"encoding/json"
	"time"

	"github.com/polar-checkouts/polar-go/gen"
)

// The seeded catalogue: one organization selling four products, one
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
	kindMetered
)

// price is a catalogue price with what amounts need, beside its wire form.
type price struct {
	id, productID string
	kind          priceKind
	currency      string
	amount        int // fixed: the price; custom: unused
	minimum       int // custom
	maximum       *int
	preset        *int
	wire          gen.CheckoutProductPrice
}

// free reports whether p is a fixed price of 0.
func (p *price) free() bool { return p.kind == kindFixed && p.amount == 0 }

// product is a catalogue product.
type product struct {
	wire         gen.CheckoutProduct
	prices       []*price
	customFields []gen.AttachedCustomField
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

// union encodes v (a price struct) with extra undeclared keys Polar also
// sends, into a CheckoutProductPrice.
func union(v any, extra map[string]any) gen.CheckoutProductPrice {
	b, err := json.Marshal(v)
	if err != nil {
		panic("polartest: seed price: " + err.Error())
	}
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	for k, x := range extra {
		m[k] = x
	}
	b, _ = json.Marshal(m)
	var u gen.CheckoutProductPrice
	if err := u.UnmarshalJSON(b); err != nil {
		panic("polartest: seed price: " + err.Error())
	}
	return u
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// seed builds the catalogue. oneTimeName, when not empty, replaces the one-time
// product's name (tests use it to seed hostile names).
func seed(oneTimeName string) *catalogue {
	created := seedTime(time.March, 12, 9, 41, 7, 318274)
	modified := seedTime(time.April, 2, 16, 3, 55, 902113)
	monthly := gen.RecurringIntervalMonth
	catalog := gen.ProductPriceSourceCatalog

	fixed := func(id, productID string, amount int, recurring bool) *price {
		typ, interval := "one_time", any(nil)
		if recurring {
			typ, interval = "recurring", "month"
		}
		return &price{id: id, productID: productID, kind: kindFixed, currency: "usd", amount: amount,
			wire: union(gen.ProductPriceFixed{
				AmountType:    gen.ProductPriceFixedAmountTypeFixed,
				CreatedAt:     created,
				ID:            id,
				PriceAmount:   amount,
				PriceCurrency: "usd",
				ProductID:     productID,
				Source:        catalog,
			}, map[string]any{"type": typ, "recurring_interval": interval})}
	}
	recurring := fixed(RecurringPriceID, RecurringProductID, 1900, true)
	metered := &price{id: MeteredPriceID, productID: RecurringProductID, kind: kindMetered, currency: "usd",
		wire: union(gen.ProductPriceMeteredUnit{
			AmountType:    gen.ProductPriceMeteredUnitAmountTypeMeteredUnit,
			CapAmount:     ptr(50000),
			CreatedAt:     created,
			ID:            MeteredPriceID,
			Meter:         gen.ProductPriceMeter{ID: meterID, Name: "API calls", Unit: gen.MeterUnitScalar},
			MeterID:       meterID,
			PriceCurrency: "usd",
			ProductID:     RecurringProductID,
			Source:        catalog,
			UnitAmount:    "5",
		}, map[string]any{"type": "recurring", "recurring_interval": "month"})}
	lifetime := fixed(OneTimePriceID, OneTimeProductID, 4900, false)
	free := fixed(FreePriceID, FreeProductID, 0, false)
	custom := &price{id: CustomPriceID, productID: CustomPriceProductID, kind: kindCustom, currency: "usd",
		minimum: 500, maximum: ptr(100000), preset: ptr(1000),
		wire: union(gen.ProductPriceCustom{
			AmountType:    gen.ProductPriceCustomAmountTypeCustom,
			CreatedAt:     created,
			ID:            CustomPriceID,
			MaximumAmount: ptr(100000),
			MinimumAmount: 500,
			PresetAmount:  ptr(1000),
			PriceCurrency: "usd",
			ProductID:     CustomPriceProductID,
			Source:        catalog,
		}, map[string]any{"type": "one_time", "recurring_interval": nil})}

	benefits := []gen.BenefitPublic{
		{CreatedAt: created, Deletable: false, Description: "Premium articles", ID: articlesBenefitID,
			OrganizationID: OrganizationID, Selectable: false, Type: gen.BenefitTypeCustom},
		{CreatedAt: seedTime(time.March, 12, 9, 44, 51, 620587), Deletable: true, Description: "Monthly office hours with the team",
			ID: customBenefitID, OrganizationID: OrganizationID, Selectable: true, Type: gen.BenefitTypeCustom},
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
		p := &product{prices: prices, wire: gen.CheckoutProduct{
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
			p.wire.RecurringInterval = &monthly
			p.wire.RecurringIntervalCount = ptr(1)
		}
		for _, pr := range prices {
			p.wire.Prices = append(p.wire.Prices, pr.wire)
		}
		return p
	}
	if oneTimeName == "" {
		oneTimeName = "Lifetime License"
	}
	pro := mk(RecurringProductID, "Pro Plan", "Everything in Community, plus unlimited projects, priority support and early access to new features.", true, recurring, metered)
	pro.wire.Benefits = benefits
	pro.wire.Medias = medias
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

	products := []*product{
		pro,
		mk(OneTimeProductID, oneTimeName, "A perpetual license for one developer, with a year of updates.", false, lifetime),
		mk(FreeProductID, "Community Edition", "The free tier: three projects and community support.", false, free),
		mk(CustomPriceProductID, "Tip Jar", "Support the project with the amount you like.", false, custom),
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
		c.products[p.wire.ID] = p
		for _, pr := range p.prices {
			c.prices[pr.id] = pr
		}
	}
	return c
}
