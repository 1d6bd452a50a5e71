package polar_test

import (
	"context"
	"fmt"
	"log"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// In 2026-10 a seat-based price carries its tiers as SeatTiers: tiers of
// seats, each with a price per seat. (From 2027-01 on it carries Tiers,
// MinimumUnits and MaximumUnits instead.)
func ExampleProductPriceSeatBased() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products: []string{polartest.SeatBasedProductID},
		Seats:    polar.Int(5),
	})
	if err != nil {
		log.Fatal(err)
	}
	v, err := polar.PriceValue(*checkout.ProductPrice)
	if err != nil {
		log.Fatal(err)
	}
	if p, ok := v.(polar.ProductPriceSeatBased); ok {
		for _, tier := range p.SeatTiers.Tiers {
			fmt.Printf("from %d seats: %d cents a seat\n", tier.MinSeats, tier.PricePerSeat)
		}
	}
	// Output:
	// from 1 seats: 1200 cents a seat
	// from 5 seats: 1000 cents a seat
}
