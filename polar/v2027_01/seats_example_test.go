package polar_test

import (
	"context"
	"fmt"
	"log"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2027_01"
)

// From 2027-01 on a seat-based price carries Tiers, the shape every tiered
// price shares (a unit amount up to each tier's bound), with MinimumUnits
// and MaximumUnits for the seat limits. (In 2026-10 it carried SeatTiers.)
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
		fmt.Println(p.Tiers.Type, *p.MinimumUnits, *p.MaximumUnits)
		for _, tier := range p.Tiers.Tiers {
			fmt.Printf("up to %d seats: %s cents a seat\n", *tier.Bound, tier.UnitAmount)
		}
	}
	// Output:
	// volume 1 10
	// up to 4 seats: 1200 cents a seat
	// up to 10 seats: 1000 cents a seat
}
