package polar

import gen "github.com/polar-checkouts/polar-go/gen/v2026_10"

// Seat-based prices in 2026-10 carry their tiers as seat_tiers, tiers of
// seats with a price per seat. (From 2027-01 on, they use the Tiers shared
// by every tiered price, with minimum_units and maximum_units.) These
// aliases are written by hand, so their fields are listed by hand too.
type (
	// ProductPriceSeatTiers are the tiers of a seat-based price
	// (ProductPriceSeatBased.SeatTiers). The seat limits come from the
	// tiers.
	//
	// Fields (Go name, JSON key, type: Polar's description):
	//   - MaximumSeats "maximum_seats" *int: Maximum number of seats allowed for purchase, derived from last tier. nil for unlimited.
	//   - MinimumSeats "minimum_seats" *int: Minimum number of seats required for purchase, derived from first tier.
	//   - SeatTierType "seat_tier_type" *SeatTierType: how the tiers apply (volume or graduated).
	//   - Tiers "tiers" []ProductPriceSeatTier: List of pricing tiers
	ProductPriceSeatTiers = gen.ProductPriceSeatTiers
	// ProductPriceSeatTier is one tier of seats.
	//
	// Fields (Go name, JSON key, type: Polar's description):
	//   - MaxSeats "max_seats" *int: Maximum number of seats (inclusive). nil for unlimited.
	//   - MinSeats "min_seats" int: Minimum number of seats (inclusive)
	//   - PricePerSeat "price_per_seat" int: Price per seat in cents for this tier
	ProductPriceSeatTier = gen.ProductPriceSeatTier
	// SeatTierType says how seat tiers apply: volume (every seat at the
	// matching tier's price) or graduated (each tier's range at its own).
	SeatTierType = gen.SeatTierType
	// ProductPriceSeatTiersInput are the seat tiers of a seat-based price
	// to create (ProductPriceSeatBasedCreate.SeatTiers).
	//
	// Fields (Go name, JSON key, type: Polar's description):
	//   - SeatTierType "seat_tier_type" *SeatTierType: how the tiers apply (volume, the default, or graduated).
	//   - Tiers "tiers" []ProductPriceSeatTier: List of pricing tiers; the first tier's MinSeats and the last tier's MaxSeats are the seat limits.
	ProductPriceSeatTiersInput = gen.ProductPriceSeatTiersInput
)
