package polar_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// This example is the whole program a shop needs to send a customer to
// Polar: it reads the access token from POLAR_ACCESS_TOKEN and talks to
// Polar's production API. It has no Output comment because it needs a real
// token and price; the examples below run against a polartest server.
func Example() {
	ctx := context.Background()
	client, err := polar.NewClient() // token from POLAR_ACCESS_TOKEN
	if err != nil {
		log.Fatal(err)
	}
	checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: "4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9", // one of your product prices
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Send the customer to", *checkout.URL)
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
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.Product.Name)
	// Output: Pro Plan
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

func ExampleCheckoutsService_Create() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
		CustomerEmail:  polar.String("jane@example.com"), // optional
	})
	if err != nil {
		log.Fatal(err)
	}
	// Send the customer to checkout.URL.
	fmt.Println(strings.HasPrefix(checkout.ID, "cs_"))
	fmt.Println(*checkout.CustomerEmail)
	fmt.Println(checkout.Product.Name)
	// Output:
	// true
	// jane@example.com
	// Pro Plan
}

func ExampleCheckoutsService_Get() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: polartest.OneTimePriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}

	// Later, e.g. on the success page, with the id Polar put in its URL:
	checkout, err := client.Checkouts.Get(ctx, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(checkout.ID == created.ID, checkout.Product.Name)
	// Output: true Pro Plan
}

// Polar's 422 comes back as a *ValidationError naming every field; the SDK
// refuses input it can judge alone with the same type before sending
// anything (StatusCode 0).
func ExampleValidationError() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	_, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "not a url",
	})
	var verr *polar.ValidationError
	if errors.As(err, &verr) {
		fmt.Println(verr.StatusCode)
		for _, f := range verr.Errors {
			fmt.Println(strings.Join(f.Loc, "."), f.Type)
		}
	}
	fmt.Println(err)

	_, err = client.Checkouts.Create(ctx, polar.CheckoutCreate{})
	fmt.Println(err)
	// Output:
	// 422
	// body.success_url url_parsing
	// polar: 422 Unprocessable Entity: body.success_url: Input should be a valid URL, relative URL without a base
	// polar: invalid request: body.product_price_id: Field required; body.success_url: Field required
}

// Every other non-2xx answer is an *APIError; errors.Is matches it against
// the sentinels by status code.
func ExampleAPIError() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()

	_, err := client.Checkouts.Get(context.Background(), "cs_test_unknown")
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
	// polar: 404 Not Found: ResourceNotFound: Not found (GET /v1/checkouts/cs_test_unknown)
}

// A wrong token is an *APIError matching ErrUnauthorized. The token itself
// never appears in the message.
func ExampleAPIError_unauthorized() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client(polar.WithAccessToken("polar_oat_wrong"))

	_, err := client.Checkouts.Get(context.Background(), "cs_test_123")
	fmt.Println(errors.Is(err, polar.ErrUnauthorized))
	fmt.Println(err)
	// Output:
	// true
	// polar: 401 Unauthorized (GET /v1/checkouts/cs_test_123)
}

// The server fails twice with 503; the call retries and succeeds on the
// third attempt. Real code keeps the default intervals (from 500 ms); these
// are tiny so the example runs fast.
func ExampleWithRetryConfig() {
	srv := polartest.NewServer()
	defer srv.Close()
	srv.FailNext(2, http.StatusServiceUnavailable, nil)

	client := srv.Client(polar.WithRetryConfig(polar.RetryConfig{
		MaxRetries:            3,
		InitialInterval:       time.Millisecond,
		MaxInterval:           10 * time.Millisecond,
		MaxElapsedTime:        time.Second,
		Multiplier:            2,
		RetryConnectionErrors: true,
		StatusCodes:           []int{429, 500, 502, 503, 504},
	}))
	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
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

	client := srv.Client(polar.WithRetryConfig(polar.RetryConfig{}))
	_, err := client.Checkouts.Get(context.Background(), "cs_test_123")
	fmt.Println(errors.Is(err, polar.ErrServer))
	fmt.Println(err)
	// Output:
	// true
	// polar: 503 Service Unavailable: Service Unavailable (GET /v1/checkouts/cs_test_123)
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
	client := srv.Client()
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	})
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
		fmt.Printf("%s X-Request-ID=%q\n", r.Method, r.Header.Get("X-Request-ID"))
	}
	// Output:
	// POST X-Request-ID=""
	// GET X-Request-ID="req-42"
}

// WithTimeout bounds each attempt; the context bounds the whole call,
// retries and waits included. A context error comes back wrapped.
func ExampleWithTimeout() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client(polar.WithTimeout(10 * time.Second))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := client.Checkouts.Get(ctx, "cs_test_123")
	fmt.Println(errors.Is(err, polar.ErrNotFound))

	cancel() // e.g. the customer closed the page
	_, err = client.Checkouts.Get(ctx, "cs_test_123")
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
	client := srv.Client(
		polar.WithLogger(logger),
		polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 1, InitialInterval: time.Millisecond, StatusCodes: []int{503}}),
	)
	_, _ = client.Checkouts.Get(context.Background(), "cs_test_123")
	// Output:
	// level=DEBUG msg="polar: request" method=GET path=/v1/checkouts/cs_test_123 status=503 attempt=1
	// level=DEBUG msg="polar: request" method=GET path=/v1/checkouts/cs_test_123 status=404 attempt=2
}

// A ProductPrice is recurring or one-time. ValueByDiscriminator returns a
// ProductPriceRecurring or a ProductPriceOneTime to switch on.
func ExampleProductPrice() {
	srv := polartest.NewServer()
	defer srv.Close()
	client := srv.Client()

	checkout, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, price := range checkout.Product.Prices {
		v, err := price.ValueByDiscriminator()
		if err != nil {
			log.Fatal(err)
		}
		switch p := v.(type) {
		case polar.ProductPriceRecurring:
			fmt.Printf("%d %s every %s\n", p.PriceAmount, p.PriceCurrency, *p.RecurringInterval)
		case polar.ProductPriceOneTime:
			fmt.Printf("%d %s once\n", p.PriceAmount, p.PriceCurrency)
		}
	}
	kind, _ := checkout.ProductPrice.Discriminator()
	fmt.Println("chosen:", kind)
	// Output:
	// 1900 usd every month
	// 1900 usd once
	// chosen: recurring
}

func ExampleString() {
	params := polar.CheckoutCreate{
		ProductPriceID: polartest.OneTimePriceID,
		SuccessURL:     "https://example.com/success",
		CustomerEmail:  polar.String("jane@example.com"),
	}
	fmt.Println(*params.CustomerEmail)
	// Output: jane@example.com
}
