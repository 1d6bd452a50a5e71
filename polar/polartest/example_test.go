package polartest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// startCheckout stands for your shop's code: it takes the *polar.Client as
// a parameter, so production passes one from polar.NewClient and tests pass
// one from a polartest.Server.
func startCheckout(ctx context.Context, client *polar.Client, priceID, email string) (string, error) {
	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: priceID,
		SuccessURL:     "https://shop.example.com/thanks?session_id={CHECKOUT_SESSION_ID}",
		CustomerEmail:  polar.String(email),
	})
	if err != nil {
		return "", fmt.Errorf("start checkout: %w", err)
	}
	return *checkout.URL, nil
}

// Testing your own code against a fake Polar. In a test function, write
// t.Cleanup(srv.Close) instead of defer and t.Errorf instead of Println.
func ExampleNewServer() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	url, err := startCheckout(ctx, client, polartest.RecurringPriceID, "jane@example.com")
	fmt.Println(strings.HasPrefix(url, "https://"), err)

	// The fake answers as Polar does, e.g. for a price it does not know.
	_, err = startCheckout(ctx, client, "00000000-0000-4000-8000-000000000000", "jane@example.com")
	fmt.Println(err)
	// Output:
	// true <nil>
	// start checkout: polar: 422 Unprocessable Entity: body.product_price_id: Price does not exist.
}

// FailNext makes the next requests fail, to test how your code handles
// Polar's outages. With retries on, the call succeeds on the third
// attempt. Tiny intervals keep the test fast.
func ExampleServer_FailNext_retries() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(2, http.StatusServiceUnavailable, nil)

	client := srv.Client(polar.WithRetryConfig(polar.RetryConfig{
		MaxRetries:      3,
		InitialInterval: time.Millisecond,
		StatusCodes:     []int{503},
	}))
	_, err := startCheckout(context.Background(), client, polartest.RecurringPriceID, "jane@example.com")
	fmt.Println(err)
	fmt.Println(len(srv.Requests()), "requests")
	// Output:
	// <nil>
	// 3 requests
}

// With more failures than retries, the last error comes back; errors.Is
// tells a Polar outage from other failures.
func ExampleServer_FailNext_outage() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(5, http.StatusBadGateway, nil)

	client := srv.Client(polar.WithRetryConfig(polar.RetryConfig{
		MaxRetries:      2,
		InitialInterval: time.Millisecond,
		StatusCodes:     []int{502},
	}))
	_, err := startCheckout(context.Background(), client, polartest.RecurringPriceID, "jane@example.com")
	fmt.Println(errors.Is(err, polar.ErrServer))
	fmt.Println(err)
	fmt.Println(len(srv.Requests()), "requests")
	// Output:
	// true
	// start checkout: polar: 502 Bad Gateway: Bad Gateway (POST /v1/checkouts/)
	// 3 requests
}

// Requests shows exactly what your code sent to Polar.
func ExampleServer_Requests() {
	srv := polartest.NewServer()
	defer srv.Close()

	if _, err := startCheckout(context.Background(), srv.Client(), polartest.OneTimePriceID, "jane@example.com"); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path)
		fmt.Println(r.Header.Get("Authorization") == "Bearer "+srv.AccessToken)
		fmt.Println(string(r.Body))
	}
	// Output:
	// POST /v1/checkouts/
	// true
	// {"customer_email":"jane@example.com","product_price_id":"a5c7b9b8-7745-4cae-8284-ffc79f0bae4a","success_url":"https://shop.example.com/thanks?session_id={CHECKOUT_SESSION_ID}"}
}

func ExampleServer() {
	s := polartest.NewServer()
	defer s.Close()

	client := s.Client()
	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(checkout.Product.Name)
	// Output: Pro Plan
}

func ExampleServer_FailNext() {
	s := polartest.NewServer()
	defer s.Close()

	s.FailNext(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"30"}})
	client := s.Client(polar.WithRetryConfig(polar.RetryConfig{})) // no retries
	_, err := client.Checkouts.Get(context.Background(), "cs_test_123")
	fmt.Println(errors.Is(err, polar.ErrRateLimited))
	// Output: true
}
