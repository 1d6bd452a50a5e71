//go:build template

package polar_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// This example is the whole program a shop needs to send a customer to
// Polar: it reads the access token from POLAR_ACCESS_TOKEN and talks to
// Polar's production API. It has no Output comment because it needs a real
// token and product; the examples below run against a polartest server.
func Example() {
	ctx := context.Background()
	client, err := polar.NewClient() // token from POLAR_ACCESS_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products:   []string{"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9"}, // your product
		SuccessURL: "https://example.com/success?checkout_id={CHECKOUT_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Send the customer to", checkout.URL)
}

func ExampleNewClient() {
	srv := polartest.NewServer() // a fake Polar; leave it out in production
	defer srv.Close()

	client, err := polar.NewClient(
		polar.WithAccessToken(srv.AccessToken), // default: $POLAR_ACCESS_TOKEN
		polar.WithBaseURL(srv.URL),             // default: polar.ServerProduction
		polar.WithTimeout(10*time.Second),      // each attempt; default 60s
	)
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products:   []string{polartest.RecurringProductID},
		SuccessURL: "https://example.com/success?checkout_id={CHECKOUT_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.Status, checkout.Product.Name)
	// Output: open Pro Plan
}

// NewClient checks its options and refuses bad ones with an error.
func ExampleNewClient_invalidOption() {
	_, err := polar.NewClient(
		polar.WithAccessToken("polar_oat_example"),
		polar.WithBaseURL("api.polar.sh"),
	)
	fmt.Println(err)
	// Output: polar: WithBaseURL: "api.polar.sh" is not an absolute http or https URL
}

// Polar's sandbox has its own accounts and tokens: pair a sandbox token with
// ServerSandbox.
func ExampleWithServer() {
	client, err := polar.NewClient(
		polar.WithAccessToken(os.Getenv("POLAR_SANDBOX_TOKEN")),
		polar.WithServer(polar.ServerSandbox),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = client
}

// Create takes one of Polar's three body forms; Products is the current
// one. Polar replaces {CHECKOUT_ID} in the success URL with the checkout's
// id, so the response already holds it.
func ExampleCheckoutsService_Create() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products:      []string{polartest.RecurringProductID, polartest.OneTimeProductID},
		SuccessURL:    "https://example.com/success?checkout_id={CHECKOUT_ID}",
		CustomerEmail: "jane@example.com",                  // optional
		Metadata:      map[string]any{"cart_id": "c_8271"}, // optional
	})
	if err != nil {
		log.Fatal(err)
	}
	// Send the customer to checkout.URL.
	fmt.Println(checkout.Status, checkout.Product.Name, len(checkout.Products))
	fmt.Println(checkout.SuccessURL == "https://example.com/success?checkout_id="+checkout.ID)
	fmt.Println(*checkout.CustomerEmail, checkout.Metadata["cart_id"])
	fmt.Println(checkout.TotalAmount, checkout.Currency, checkout.ExpiresAt.Sub(checkout.CreatedAt))
	// Output:
	// open Pro Plan 2
	// true
	// jane@example.com c_8271
	// 1900 usd 24h0m0s
}

// A checkout for exactly one product price, the form v0.1 and the seed
// used, is still one literal.
func ExampleCheckoutsService_Create_productPrice() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?checkout_id={CHECKOUT_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.Product.Name, checkout.TotalAmount)
	// Output: Pro Plan 1900
}

func ExampleCheckoutsService_Get() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products:   []string{polartest.OneTimeProductID},
		SuccessURL: "https://example.com/success?checkout_id={CHECKOUT_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Pay(created.ID); err != nil { // what the customer does on Polar's page
		log.Fatal(err)
	}

	// Later, e.g. on the success page, with the id Polar put in its URL:
	checkout, err := client.Checkouts.Get(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.ID == created.ID, checkout.Status)
	// Output: true succeeded
}

// Update changes an open checkout; only the fields set are sent.
func ExampleCheckoutsService_Update() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{polartest.RecurringProductID}})
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Update(ctx, created.ID, polar.CheckoutUpdate{
		CustomerName: polar.Set("Jane Doe"),
		Metadata:     polar.Set(map[string]any{"step": "shipping"}),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*checkout.CustomerName, checkout.Metadata["step"])

	if err := srv.Expire(created.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Checkouts.Update(ctx, created.ID, polar.CheckoutUpdate{CustomerName: polar.Set("J. Doe")})
	var apiErr *polar.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Name, errors.Is(err, polar.ErrForbidden))
	}
	// Output:
	// Jane Doe shipping
	// 403 NotOpenCheckout true
}

// List reads one page; filters with several values match any of them.
func ExampleCheckoutsService_List() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	for range 3 {
		if _, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{polartest.OneTimeProductID}}); err != nil {
			log.Fatal(err)
		}
	}
	page, err := client.Checkouts.List(ctx, polar.CheckoutListParams{
		Status: []polar.CheckoutStatus{polar.CheckoutStatusOpen, polar.CheckoutStatusConfirmed},
		Limit:  2,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items), page.Pagination.TotalCount, page.Pagination.MaxPage)
	// Output: 2 3 2
}

// All ranges over every page; break when you have what you need.
func ExampleCheckoutsService_All() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	for range 5 {
		if _, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{polartest.OneTimeProductID}}); err != nil {
			log.Fatal(err)
		}
	}
	n := 0
	for checkout, err := range client.Checkouts.All(ctx, polar.CheckoutListParams{Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		_ = checkout
		n++
	}
	fmt.Println(n, "checkouts,", len(srv.Requests())-5, "page requests")
	// Output: 5 checkouts, 3 page requests
}

// The client operations are what a checkout page calls with the client
// secret; once a checkout has expired they answer ErrExpired.
func ExampleCheckoutsService_ClientGet() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{polartest.RecurringProductID}})
	if err != nil {
		log.Fatal(err)
	}
	public, err := client.Checkouts.ClientGet(ctx, created.ClientSecret)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(public.ID == created.ID, public.Status)

	if err := srv.Expire(created.ID); err != nil {
		log.Fatal(err)
	}
	_, err = client.Checkouts.ClientGet(ctx, created.ClientSecret)
	fmt.Println(errors.Is(err, polar.ErrExpired))
	// Output:
	// true open
	// true
}

// Polar's 422 comes back as a *ValidationError naming every field; the SDK
// refuses input it can judge alone with the same type before sending
// anything (StatusCode 0).
func ExampleValidationError() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	_, err = client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products: []string{"0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"}, // no such product
	})
	var verr *polar.ValidationError
	if errors.As(err, &verr) {
		fmt.Println(verr.StatusCode)
		for _, f := range verr.Errors {
			fmt.Println(strings.Join(f.Loc, "."), f.Type)
		}
	}
	fmt.Println(err)

	_, err = client.Checkouts.Create(ctx, polar.CheckoutCreate{SuccessURL: "example.com/thanks"})
	fmt.Println(err)
	// Output:
	// 422
	// body.products.0 value_error
	// polar: 422 Unprocessable Entity: body.products.0: Product does not exist.
	// polar: invalid request: 4 problems: body.products: Field required; body.product_id: Field required; body.product_price_id: Field required; and 1 more
}

// Every other non-2xx answer is an *APIError; errors.Is matches it against
// the sentinels by status code, and Name is Polar's error name.
func ExampleAPIError() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Checkouts.Get(context.Background(), "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31")
	if errors.Is(err, polar.ErrNotFound) {
		fmt.Println("no such checkout")
	}
	var apiErr *polar.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Name, apiErr.Detail)
	}
	fmt.Println(err)
	// Output:
	// no such checkout
	// 404 ResourceNotFound Not found
	// polar: 404 Not Found: ResourceNotFound: Not found (GET /v1/checkouts/0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31)
}

// A wrong token is an *APIError matching ErrUnauthorized, named as Polar
// names it. The token itself never appears in the message.
func ExampleAPIError_unauthorized() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions(polar.WithAccessToken("polar_oat_wrong"))...)
	if err != nil {
		log.Fatal(err)
	}

	_, err = client.Checkouts.Get(context.Background(), "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31")
	fmt.Println(errors.Is(err, polar.ErrUnauthorized))
	fmt.Println(err)
	// Output:
	// true
	// polar: 401 Unauthorized: invalid_token: The access token provided is expired, revoked, malformed, or invalid for other reasons. (GET /v1/checkouts/0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31)
}

// The server fails twice with 503; the call retries and succeeds on the
// third attempt. Real code keeps the default intervals (from 500 ms); these
// are tiny so the example runs fast.
func ExampleWithRetryConfig() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(2, http.StatusServiceUnavailable, nil)

	client, err := polar.NewClient(srv.ClientOptions(polar.WithRetryConfig(polar.RetryConfig{
		MaxRetries:            3,
		InitialInterval:       time.Millisecond,
		MaxInterval:           10 * time.Millisecond,
		MaxElapsedTime:        time.Second,
		Multiplier:            2,
		RetryConnectionErrors: true,
		StatusCodes:           []int{429, 500, 502, 503, 504},
	}))...)
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products: []string{polartest.RecurringProductID},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.Product.Name, "after", len(srv.Requests()), "attempts")
	// Output: Pro Plan after 3 attempts
}

// The zero RetryConfig turns retries off: the first 503 is the answer.
func ExampleWithRetryConfig_off() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(1, http.StatusServiceUnavailable, nil)

	client, err := polar.NewClient(srv.ClientOptions(polar.WithRetryConfig(polar.RetryConfig{}))...)
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Checkouts.Get(context.Background(), "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31")
	fmt.Println(errors.Is(err, polar.ErrServer))
	// Output: true
}

func ExampleDefaultRetryConfig() {
	rc := polar.DefaultRetryConfig()
	fmt.Println(rc.MaxRetries, rc.InitialInterval, rc.MaxInterval, rc.MaxElapsedTime, rc.Multiplier)
	fmt.Println(rc.RetryConnectionErrors, rc.StatusCodes)
	// Output:
	// 3 500ms 1m0s 5m0s 1.5
	// true [429 500 502 503 504]
}

// Options given to a method apply to that call only: here a request-id
// header, a shorter attempt timeout and no retries for one Get.
func ExampleOption() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{polartest.RecurringProductID}})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Checkouts.Get(ctx, created.ID,
		polar.WithHeader("X-Request-ID", "req-42"),
		polar.WithTimeout(2*time.Second),
		polar.WithRetryConfig(polar.RetryConfig{}),
	)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Printf("%s X-Request-ID=%q Polar-Version=%s\n", r.Method, r.Header.Get("X-Request-ID"), r.Header.Get("Polar-Version"))
	}
	// Output:
	// POST X-Request-ID="" Polar-Version=2026-10
	// GET X-Request-ID="req-42" Polar-Version=2026-10
}

// WithTimeout bounds each attempt; the context bounds the whole call,
// retries and waits included. A context error comes back wrapped.
func ExampleWithTimeout() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions(polar.WithTimeout(10 * time.Second))...)
	if err != nil {
		log.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	const id = "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31"
	_, err = client.Checkouts.Get(ctx, id)
	fmt.Println(errors.Is(err, polar.ErrNotFound))

	cancel() // e.g. the customer closed the page
	_, err = client.Checkouts.Get(ctx, id)
	fmt.Println(errors.Is(err, context.Canceled))
	fmt.Println(err)
	// Output:
	// true
	// true
	// polar: get checkout: context canceled
}

// WithLogger logs every attempt at debug level. Time, duration and next
// wait (which has jitter) are dropped here to keep the output stable.
func ExampleWithLogger() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(1, http.StatusServiceUnavailable, nil)

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case slog.TimeKey, "duration", "next_wait", "error":
				return slog.Attr{}
			}
			return a
		},
	}))
	client, err := polar.NewClient(srv.ClientOptions(
		polar.WithLogger(logger),
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 1, InitialInterval: time.Millisecond, StatusCodes: []int{503}}),
	)...)
	if err != nil {
		log.Fatal(err)
	}
	_, _ = client.Checkouts.Get(context.Background(), "0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31")
	// Output:
	// level=DEBUG msg="polar: request" method=GET path=/v1/checkouts/0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31 status=503 attempt=1
	// level=DEBUG msg="polar: request" method=GET path=/v1/checkouts/0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31 status=404 attempt=2
}

// PriceValue tells a price's kind as Polar's server does and decodes it
// once; a kind this SDK does not know is an Unknown, not an error.
func ExamplePriceValue() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products: []string{polartest.RecurringProductID, polartest.CustomPriceProductID},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, product := range checkout.Products {
		for _, price := range product.Prices {
			v, err := polar.PriceValue(price)
			if err != nil {
				log.Fatal(err)
			}
			switch p := v.(type) {
			case polar.ProductPriceFixed:
				fmt.Printf("%s: %d %s every %s\n", product.Name, p.PriceAmount, p.PriceCurrency, *product.RecurringInterval)
			case polar.ProductPriceCustom:
				fmt.Printf("%s: pay what you want, from %d %s\n", product.Name, p.MinimumAmount, p.PriceCurrency)
			case polar.ProductPriceMeteredUnit:
				fmt.Printf("%s: %s cents (%s) a unit of %s\n", product.Name, p.UnitAmount, p.PriceCurrency, p.Meter.Name)
			case polar.Unknown:
				fmt.Printf("%s: a price kind this SDK does not know: %s\n", product.Name, p.Kind)
			}
		}
	}
	// Output:
	// Pro Plan: 1900 usd every month
	// Pro Plan: 5 cents (usd) a unit of API calls
	// Tip Jar: pay what you want, from 500 usd
}

// DiscountValue tells the four discount kinds apart by type and duration.
func ExampleDiscountValue() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products:   []string{polartest.RecurringProductID},
		DiscountID: polar.String(polartest.DiscountID),
	})
	if err != nil {
		log.Fatal(err)
	}
	v, err := polar.DiscountValue(*checkout.Discount)
	if err != nil {
		log.Fatal(err)
	}
	if d, ok := v.(polar.CheckoutDiscountPercentageOnceForeverDuration); ok {
		fmt.Printf("%s: %d%% off\n", d.Name, d.BasisPoints/100)
	}
	fmt.Println(checkout.Amount, checkout.DiscountAmount, checkout.TotalAmount)
	// Output:
	// Launch offer: 25% off
	// 1900 475 1425
}

// A field of an update can be left out, set, or cleared: polar.Null sends
// JSON null, which removes the discount here, and the answer shows the
// amounts without it.
func ExampleCheckoutsService_Update_removeDiscount() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products:   []string{polartest.RecurringProductID},
		DiscountID: polar.String(polartest.DiscountID),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(created.DiscountAmount, created.TotalAmount)

	checkout, err := client.Checkouts.Update(ctx, created.ID, polar.CheckoutUpdate{
		DiscountID: polar.Null[string](), // "discount_id": null
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.DiscountID == nil, checkout.DiscountAmount, checkout.TotalAmount)
	// Output:
	// 475 1425
	// true 0 1900
}

// Metadata is replaced whole: polar.Set of an empty map sends {} and
// empties it (a nil map would leave it out and change nothing).
func ExampleCheckoutsService_Update_clearMetadata() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products: []string{polartest.RecurringProductID},
		Metadata: map[string]any{"cart_id": "c_8271", "step": "shipping"},
	})
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Update(ctx, created.ID, polar.CheckoutUpdate{
		Metadata: polar.Set(map[string]any{}), // "metadata": {}
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(created.Metadata), len(checkout.Metadata))
	// Output: 2 0
}

// An ad-hoc price replaces the product's catalogue prices for this
// checkout only; each kind has its constructor, which sets amount_type.
func ExampleFixedPrice() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		Products: []string{polartest.OneTimeProductID},
		Prices: map[string][]polar.ProductPriceCreate{
			polartest.OneTimeProductID: {polar.FixedPrice(polar.ProductPriceFixedCreate{PriceAmount: 2500})},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.Product.Name, checkout.Amount, checkout.Currency)
	// Output: Lifetime License 2500 usd
}

// A seat-based product charges the seats times the price per seat of the
// tier they fall in (here 5 seats at 10.00 each); outside the product's
// seat limits Polar answers 422.
func ExampleCheckoutsService_Create_seats() {
	srv := polartest.NewServer()
	defer srv.Close()
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products: []string{polartest.SeatBasedProductID},
		Seats:    polar.Int(5),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.Product.Name, *checkout.Seats, checkout.Amount)

	_, err = client.Checkouts.Create(ctx, polar.CheckoutCreate{
		Products: []string{polartest.SeatBasedProductID},
		Seats:    polar.Int(11),
	})
	fmt.Println(err)
	// Output:
	// Team Plan 5 5000
	// polar: 422 Unprocessable Entity: body.seats: Maximum 10 seats allowed.
}

// Fulfil an order when Polar says it is paid, as Polar recommends: an
// endpoint verifies the delivery with webhook.Handler and reads the order
// with OrderFromEvent (here polartest pays a checkout and delivers the
// webhooks).
func ExampleOrderFromEvent() {
	secret := polartest.NewWebhookSecret()
	paid := make(chan *polar.Order, 1)
	endpoint := httptest.NewServer(webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
		if ev.Type != webhook.EventOrderPaid {
			return nil // acknowledged
		}
		order, err := polar.OrderFromEvent(ev)
		if err != nil {
			return err // 500: Polar delivers the event again
		}
		paid <- order // fulfil: deduplicate on order.ID, Polar may deliver twice
		return nil
	}))
	defer endpoint.Close()

	srv := polartest.NewServer()
	defer srv.Close()
	srv.SetWebhook(endpoint.URL, secret, polartest.WebhookAPIVersion(polar.APIVersion))
	client, err := polar.NewClient(srv.ClientOptions()...)
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{Products: []string{polartest.OneTimeProductID}})
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Pay(checkout.ID); err != nil {
		log.Fatal(err)
	}
	order := <-paid
	fmt.Println(*order.CheckoutID == checkout.ID, order.Status, order.TotalAmount, order.Currency)
	fmt.Println(order.Items[0].Label, order.Items[0].Amount)
	// Output:
	// true paid 4900 usd
	// Lifetime License 4900
}

// A webhook endpoint in production: verify each delivery, fulfil on
// order.paid, and serve with timeouts so that a slow or hostile sender
// cannot hold connections open. (Compiled, not run: it listens.)
func Example_webhookEndpoint() {
	secret := os.Getenv("POLAR_WEBHOOK_SECRET") // whsec_…, from the endpoint's settings
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/polar", webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
		if ev.Type != webhook.EventOrderPaid {
			return nil // 202: acknowledged
		}
		order, err := polar.OrderFromEvent(ev)
		if err != nil {
			return err // 500: Polar delivers the event again
		}
		log.Println("fulfil order", order.ID, "for", order.Customer.ID) // deduplicate on order.ID
		return nil
	}))
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	log.Fatal(srv.ListenAndServe())
}
