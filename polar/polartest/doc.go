// Package polartest provides a fake Polar for tests: an in-process HTTP
// server, used like httptest.Server, that speaks Polar's Checkouts API for
// all seven operations (statuses, bodies, Polar's 422s, 401 challenges,
// 411/413), lives the checkout lifecycle, serves a hosted checkout page
// with a Pay button, and sends signed, versioned webhooks.
//
// It serves every API version this module speaks, chosen per request by
// the Polar-Version header as Polar does: no header (or an empty one)
// means the Current version, 2026-10; 2026-10 and 2027-01 are served, each
// in the shapes of its own document (they differ in seat-based prices);
// any other value, malformed, unknown or one this module does not speak
// (such as 2026-04), gets Polar's bare 404 {"detail":"Not Found"} without
// the Polar-Version echo every other answer carries.
//
//	clock := polartest.NewManualClock(time.Now())
//	s := polartest.NewServer(polartest.WithClock(clock))
//	t.Cleanup(s.Close)
//	s.SetWebhook(endpoint.URL, secret, polartest.WebhookAPIVersion("2026-10"))
//	client, err := polar.NewClient(s.ClientOptions()...) // any version's package
//	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
//		ProductPriceID: polartest.RecurringPriceID,
//		SuccessURL:     "https://example.com/success?checkout_id={CHECKOUT_ID}",
//	})
//	err = s.Pay(checkout.ID)            // open -> confirmed -> succeeded, order events
//	err = s.WaitDeliveries(ctx)         // every due webhook attempted
//	clock.Advance(25 * time.Hour)       // open checkouts now read as expired
//
// The catalogue is fixed and its ids are exported: OneTimeProductID,
// RecurringProductID ("Pro Plan", $19.00 / month, with a metered second
// price and a custom field), FreeProductID, CustomPriceProductID,
// SeatBasedProductID ("Team Plan", per seat in volume tiers),
// MeteredProductID (usage-based only), their prices, and DiscountID (25 %
// off).
//
// Writes are honoured as Polar honours them: a field sent as null in an
// update or confirm is cleared (metadata, not nullable, is refused with
// Polar's 422; {} empties it); the ad-hoc prices of a create (every amount
// type, seat-based in each version's shape) are what the checkout charges;
// seats and units set the amount (seats x the price per seat of the tier
// the count falls in) within the price's limits; order.created and
// order.paid carry the order of the checkout paid. Request bodies are read
// with exact key names, as Polar reads them: a key that differs from a
// field's name in case is unknown, and ignored.
//
// Choices where Polar leaves room: timestamps have whole seconds (so they
// are written without a fraction, as Polar writes them when microseconds
// are 0); an open checkout past expires_at reads as expired from the first
// request after that moment (Polar's cron takes up to 15 minutes); a
// confirmed checkout is completed to succeeded within the confirm request,
// just after its answer is built; a null sent for a field a checkout
// always has (allow_discount_codes, require_billing_address,
// is_business_customer) leaves it as it is; locale null reads as "en".
// FailNext forces the next answers, for retry tests; Requests (bounded: the
// last 10 000 requests, 64 KiB of each body) and Deliveries return what
// the server received and sent.
package polartest
