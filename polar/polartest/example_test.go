package polartest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// Testing your own code against a fake Polar. In a test, write
// t.Cleanup(srv.Close) instead of defer.
func ExampleNewServer() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()
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
// Polar's outages: the client from Client retries 503 at once.
func ExampleServer_FailNext() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(2, http.StatusServiceUnavailable, nil)

	_, err := srv.Client().Checkouts.List(context.Background(), polar.CheckoutListParams{})
	fmt.Println(err, len(srv.Requests()))

	// Without retries the error reaches the caller.
	srv.FailNext(1, http.StatusNotFound, nil)
	_, err = srv.Client(polar.WithRetryConfig(polar.RetryConfig{})).Checkouts.List(context.Background(), polar.CheckoutListParams{})
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
	client := srv.Client()
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
	checkout, err := srv.Client().Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: polartest.RecurringPriceID})
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
	checkout, err := srv.Client().Checkouts.Create(context.Background(), polar.CheckoutCreate{
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
