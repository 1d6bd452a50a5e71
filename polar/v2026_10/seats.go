package polar

import gen "github.com/polar-checkouts/polar-go/gen/v2026_10"

// Seat-based prices in 2026-10 carry their tiers as seat_tiers, tiers of
// seats with a price per seat. (From 2027-01 on, they use the Tiers shared
// by every tiered price, with minimum_units and maximum_units.)
type (
	// ProductPriceSeatTiers are the tiers of a seat-based price
	// (ProductPriceSeatBased.SeatTiers): how they apply and the tiers.
	ProductPriceSeatTiers = gen.ProductPriceSeatTiers
	// ProductPriceSeatTier is one tier: PricePerSeat (in cents) from
	// MinSeats to MaxSeats seats (nil: no upper bound).
	ProductPriceSeatTier = gen.ProductPriceSeatTier
	// SeatTierType says how seat tiers apply: volume (every seat at the
	// matching tier's price) or graduated (each tier's range at its own).
	SeatTierType = gen.SeatTierType
)

// ProductPriceSeatTiersInput are the seat tiers of a seat-based price to
// create (ProductPriceSeatBasedCreate.SeatTiers).
type ProductPriceSeatTiersInput = gen.ProductPriceSeatTiersInput
