//go:build template

package polar

import gen "github.com/polar-checkouts/polar-go/gen/v2026_10"

// Ad-hoc prices: CheckoutCreate.Prices maps a product id to the prices the
// checkout charges for it instead of the product's catalogue prices. Make
// each with the constructor of its kind, which sets its amount_type:
//
//	polar.CheckoutCreate{
//		Products: []string{productID},
//		Prices: map[string][]polar.ProductPriceCreate{
//			productID: {polar.FixedPrice(polar.ProductPriceFixedCreate{PriceAmount: 2500})},
//		},
//	}
//
// Polar allows at most one fixed and one seat-based price together (billed
// as fixed + seats), or one custom price alone, plus any metered prices. A
// zero ProductPriceCreate (no constructor) is refused before sending.
type (
	// ProductPriceCreate is one ad-hoc price of CheckoutCreate.Prices, made
	// by FixedPrice, CustomPrice, SeatBasedPrice, UnitBasedPrice,
	// MeteredUnitPrice or MeteredTiersPrice.
	ProductPriceCreate = gen.ProductPriceCreate
	// ProductPriceFixedCreate is a fixed price: PriceAmount in cents.
	ProductPriceFixedCreate = gen.ProductPriceFixedCreate
	// ProductPriceCustomCreate is a pay-what-you-want price: the customer
	// chooses between MinimumAmount and MaximumAmount, from PresetAmount.
	ProductPriceCustomCreate = gen.ProductPriceCustomCreate
	// ProductPriceSeatBasedCreate is a price per seat, in this version's
	// seat-tier shape.
	ProductPriceSeatBasedCreate = gen.ProductPriceSeatBasedCreate
	// ProductPriceUnitBasedCreate is a price per unit, in Tiers, from
	// MinimumUnits units.
	ProductPriceUnitBasedCreate = gen.ProductPriceUnitBasedCreate
	// ProductPriceMeteredUnitCreate is a usage-based price: UnitAmount per
	// unit of the meter MeterID, up to CapAmount.
	ProductPriceMeteredUnitCreate = gen.ProductPriceMeteredUnitCreate
	// ProductPriceMeteredTiersCreate is a usage-based price in Tiers of the
	// meter MeterID.
	ProductPriceMeteredTiersCreate = gen.ProductPriceMeteredTiersCreate
	// TiersInput are the tiers of a tiered price to create: their Type and
	// the Tiers.
	TiersInput = gen.TiersInput
	// TierInput is one tier to create: UnitAmount (cents, a number or a
	// decimal string) up to Bound units (nil: no upper bound).
	TierInput = gen.TierInput
)

// FixedPrice returns p as an ad-hoc price, amount_type "fixed". A free
// price is a fixed price of 0: Polar removed the "free" kind, and rewrites
// one still sent to exactly that.
func FixedPrice(p ProductPriceFixedCreate) ProductPriceCreate {
	var out ProductPriceCreate
	_ = out.FromProductPriceFixedCreate(p) // left zero, and refused by Create, if p cannot be encoded
	return out
}

// CustomPrice returns p as an ad-hoc price, amount_type "custom".
func CustomPrice(p ProductPriceCustomCreate) ProductPriceCreate {
	var out ProductPriceCreate
	_ = out.FromProductPriceCustomCreate(p)
	return out
}

// SeatBasedPrice returns p as an ad-hoc price, amount_type "seat_based".
func SeatBasedPrice(p ProductPriceSeatBasedCreate) ProductPriceCreate {
	var out ProductPriceCreate
	_ = out.FromProductPriceSeatBasedCreate(p)
	return out
}

// UnitBasedPrice returns p as an ad-hoc price, amount_type "unit_based".
func UnitBasedPrice(p ProductPriceUnitBasedCreate) ProductPriceCreate {
	var out ProductPriceCreate
	_ = out.FromProductPriceUnitBasedCreate(p)
	return out
}

// MeteredUnitPrice returns p as an ad-hoc price, amount_type
// "metered_unit".
func MeteredUnitPrice(p ProductPriceMeteredUnitCreate) ProductPriceCreate {
	var out ProductPriceCreate
	_ = out.FromProductPriceMeteredUnitCreate(p)
	return out
}

// MeteredTiersPrice returns p as an ad-hoc price, amount_type
// "metered_tiers".
func MeteredTiersPrice(p ProductPriceMeteredTiersCreate) ProductPriceCreate {
	var out ProductPriceCreate
	_ = out.FromProductPriceMeteredTiersCreate(p)
	return out
}
