package polartest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
	v2027 "github.com/polar-checkouts/polar-go/polar/v2027_01"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// client returns a 2026-10 client of srv; opts come after srv's.
func client(srv *polartest.Server, opts ...polar.Option) *polar.Client {
	c, err := polar.NewClient(srv.ClientOptions(opts...)...)
	if err != nil {
		panic(err)
	}
	return c
}

// Testing your own code against a fake Polar. In a test, write
// t.Cleanup(srv.Close) instead of defer.
func ExampleNewServer() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?checkout_id={CHECKOUT_ID}",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(checkout.Status, checkout.Product.Name, checkout.Amount, checkout.Currency)
	fmt.Println(strings.HasPrefix(checkout.URL, srv.URL+"/checkout/polar_c_"))
	fmt.Println(checkout.SuccessURL == "https://example.com/success?checkout_id="+checkout.ID)

	got, err := client.Checkouts.Get(ctx, checkout.ID)
	fmt.Println(got.ID == checkout.ID, err)
	// Output:
	// open Pro Plan 1900 usd
	// true
	// true
	// true <nil>
}

// FailNext makes the next requests fail, to test how your code handles
// Polar's outages: a client made with ClientOptions retries 503 at once.
func ExampleServer_FailNext() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(2, http.StatusServiceUnavailable, nil)

	_, err := client(srv).Checkouts.List(context.Background(), polar.CheckoutListParams{})
	fmt.Println(err, len(srv.Requests()))

	// Without retries the error reaches the caller.
	srv.FailNext(1, http.StatusNotFound, nil)
	_, err = client(srv, polar.WithRetryConfig(polar.RetryConfig{})).Checkouts.List(context.Background(), polar.CheckoutListParams{})
	fmt.Println(errors.Is(err, polar.ErrNotFound))
	// Output:
	// <nil> 3
	// true
}

// Pay plays the buyer: the checkout moves to succeeded, as after a
// payment on Polar's hosted page.
func ExampleServer_Pay() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := client(srv)
	ctx := context.Background()

	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{polartest.OneTimeProductID}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Pay(checkout.ID); err != nil {
		fmt.Println(err)
		return
	}
	paid, _ := client.Checkouts.Get(ctx, checkout.ID)
	fmt.Println(paid.Status)
	fmt.Println(errors.Is(srv.Pay(checkout.ID), polartest.ErrNotOpen))
	// Output:
	// succeeded
	// true
}

// SetWebhook makes the server send signed events to your endpoint; here
// webhook.Handler verifies them. WaitDeliveries waits for them without
// sleeping.
func ExampleServer_SetWebhook() {
	const secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	events := make(chan string, 10)
	endpoint := httptest.NewServer(webhook.Handler(secret, func(_ context.Context, ev *webhook.Event) error {
		events <- ev.Type
		return nil
	}))
	defer endpoint.Close()

	srv := polartest.NewServer()
	defer srv.Close()
	srv.SetWebhook(endpoint.URL, secret)
	checkout, err := client(srv).Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: polartest.RecurringPriceID})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = srv.Pay(checkout.ID)
	if err := srv.WaitDeliveries(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	close(events)
	for typ := range events {
		fmt.Println(typ)
	}
	d := srv.Deliveries()[0]
	fmt.Println(d.StatusCode, d.Header.Get("User-Agent"))
	// Output:
	// checkout.created
	// checkout.updated
	// order.created
	// order.updated
	// order.paid
	// checkout.updated
	// 202 polar.sh webhooks
}

// The hosted checkout page: a form with a Pay button that redirects to
// the success URL with the checkout id.
func ExampleServer_hostedPage() {
	srv := polartest.NewServer()
	defer srv.Close()
	checkout, err := client(srv).Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/thanks?checkout_id={CHECKOUT_ID}",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := http.Get(checkout.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(strings.Contains(string(page), "$19.00 / month"), strings.Contains(string(page), ">Pay</button>"))

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.Post(checkout.URL+"/pay", "application/x-www-form-urlencoded", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Location") == "https://example.com/thanks?checkout_id="+checkout.ID)
	// Output:
	// true true
	// 303 true
}

// A client of another API version talks to the same server: each request's
// Polar-Version picks the shapes of its answer. In 2027-01 a seat-based
// price carries tiers, minimum_units and maximum_units instead of
// 2026-10's seat_tiers.
func ExampleServer_ClientOptions() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := v2027.NewClient(srv.ClientOptions()...)
	if err != nil {
		fmt.Println(err)
		return
	}
	checkout, err := client.Checkouts.Create(context.Background(), v2027.CheckoutCreate{
		Products: []string{polartest.SeatBasedProductID},
		Seats:    v2027.Int(5),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(checkout.Product.Name, *checkout.Seats, checkout.Amount)
	price, err := v2027.PriceValue(*checkout.ProductPrice)
	seats, ok := price.(v2027.ProductPriceSeatBased)
	if !ok {
		fmt.Println(price, err)
		return
	}
	fmt.Println(seats.Tiers.Type, *seats.MinimumUnits, *seats.MaximumUnits)
	for _, t := range seats.Tiers.Tiers {
		fmt.Println(t.UnitAmount, "a seat up to", *t.Bound)
	}
	// Output:
	// Team Plan 5 5000
	// volume 1 10
	// 1200 a seat up to 4
	// 1000 a seat up to 10
}

// A webhook endpoint is versioned, as Polar's are: its events come in the
// shapes of its API version, which every delivery names. Decode them with
// the package of that version; another version's package refuses them.
func ExampleWebhookAPIVersion() {
	secret := polartest.NewWebhookSecret()
	events := make(chan *webhook.Event, 10)
	endpoint := httptest.NewServer(webhook.Handler(secret, func(_ context.Context, ev *webhook.Event) error {
		events <- ev
		return nil
	}))
	defer endpoint.Close()

	srv := polartest.NewServer()
	defer srv.Close()
	srv.SetWebhook(endpoint.URL, secret, polartest.WebhookAPIVersion("2027-01"))
	if _, err := client(srv).Checkouts.Create(context.Background(), polar.CheckoutCreate{Products: []string{polartest.SeatBasedProductID}}); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.WaitDeliveries(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	ev := <-events
	fmt.Println(ev.Type, ev.APIVersion, srv.Deliveries()[0].Header.Get("Webhook-Api-Version"))
	checkout, err := v2027.CheckoutFromEvent(ev)
	fmt.Println(checkout.Product.Name, *checkout.Seats, checkout.Amount, err)
	_, err = polar.CheckoutFromEvent(ev)
	fmt.Println(errors.Is(err, polar.ErrAPIVersion))
	// Output:
	// checkout.created 2027-01 2027-01
	// Team Plan 1 1200 <nil>
	// true
}
