// Command checkout creates a Polar checkout session, reads it back and
// prints its ID, URL, product and price.
//
// Without POLAR_ACCESS_TOKEN it runs against an in-process polartest
// server, so it works offline:
//
//	go run ./examples/checkout
//
// With a token it talks to Polar; -price names one of your product prices:
//
//	POLAR_ACCESS_TOKEN=polar_oat_... go run ./examples/checkout -sandbox -price <price id>
//
// Flags:
//
//	-sandbox          use Polar's sandbox (https://sandbox-api.polar.sh)
//	-price ID         the product price to sell (required with a token)
//	-success-url URL  where Polar sends the customer after paying
//	-base-url URL     send requests to this API URL instead (a proxy, a test server)
//
// It exits 1 on any failure, after printing what went wrong; for a request
// Polar refuses, every field error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

const defaultSuccessURL = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is the whole command: it parses args, reads POLAR_ACCESS_TOKEN
// through getenv, and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	flags := flag.NewFlagSet("checkout", flag.ContinueOnError)
	flags.SetOutput(stderr)
	sandbox := flags.Bool("sandbox", false, "use Polar's sandbox (https://sandbox-api.polar.sh)")
	priceID := flags.String("price", "", "`ID` of the product price to sell (required with POLAR_ACCESS_TOKEN)")
	successURL := flags.String("success-url", defaultSuccessURL, "`URL` where Polar sends the customer after paying")
	baseURL := flags.String("base-url", "", "send requests to this API `URL` instead of Polar (a proxy, a test server)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "checkout: unexpected argument %q\n", flags.Arg(0))
		return 1
	}

	var client *polar.Client
	if token := getenv("POLAR_ACCESS_TOKEN"); token == "" {
		srv := polartest.NewServer()
		defer srv.Close()
		fmt.Fprintln(stdout, "No POLAR_ACCESS_TOKEN set: using an in-process polartest server.")
		client = srv.Client()
		if *priceID == "" {
			*priceID = polartest.RecurringPriceID
		}
	} else {
		if *priceID == "" {
			fmt.Fprintln(stderr, "checkout: -price is required with POLAR_ACCESS_TOKEN: pass the ID of one of your product prices")
			return 1
		}
		opts := []polar.Option{polar.WithAccessToken(token)}
		if *sandbox {
			opts = append(opts, polar.WithServer(polar.ServerSandbox))
		}
		if *baseURL != "" {
			opts = append(opts, polar.WithBaseURL(*baseURL))
		}
		var err error
		if client, err = polar.NewClient(opts...); err != nil {
			return fail(stderr, err)
		}
	}

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: *priceID,
		SuccessURL:     *successURL,
	})
	if err != nil {
		return fail(stderr, err)
	}
	checkout, err := client.Checkouts.Get(ctx, created.ID)
	if err != nil {
		return fail(stderr, err)
	}
	price, err := formatPrice(checkout.ProductPrice)
	if err != nil {
		return fail(stderr, err)
	}
	url := "(none)"
	if checkout.URL != nil {
		url = *checkout.URL
	}
	fmt.Fprintf(stdout, "Checkout: %s\nURL:      %s\nProduct:  %s\nPrice:    %s\n",
		checkout.ID, url, checkout.Product.Name, price)
	return 0
}

// fail prints err for a person and returns the exit code 1. A validation
// error lists every field error.
func fail(stderr io.Writer, err error) int {
	var verr *polar.ValidationError
	switch {
	case errors.As(err, &verr):
		if verr.StatusCode == 0 {
			fmt.Fprintln(stderr, "checkout: invalid request, not sent:")
		} else {
			fmt.Fprintln(stderr, "checkout: Polar refused the request:")
		}
		for _, fe := range verr.Errors {
			fmt.Fprintf(stderr, "  %s: %s\n", strings.Join(fe.Loc, "."), fe.Msg)
		}
	case errors.Is(err, polar.ErrUnauthorized):
		fmt.Fprintf(stderr, "checkout: %v\nCheck POLAR_ACCESS_TOKEN; a sandbox token needs -sandbox.\n", err)
	default:
		fmt.Fprintln(stderr, "checkout:", err)
	}
	return 1
}

// formatPrice writes a price as a person reads it: "$19.00 / month",
// "$19.00" for a one-time price, "19.00 EUR" for another currency.
func formatPrice(p polar.ProductPrice) (string, error) {
	v, err := p.ValueByDiscriminator()
	if err != nil {
		return "", fmt.Errorf("read product price: %w", err)
	}
	switch v := v.(type) {
	case polar.ProductPriceRecurring:
		amount := formatAmount(v.PriceAmount, v.PriceCurrency)
		if v.RecurringInterval == nil {
			return amount, nil
		}
		return amount + " / " + string(*v.RecurringInterval), nil
	case polar.ProductPriceOneTime:
		return formatAmount(v.PriceAmount, v.PriceCurrency), nil
	default:
		return "", fmt.Errorf("read product price: unknown kind %T", v)
	}
}

// formatAmount writes an amount in cents of an ISO currency.
func formatAmount(cents int, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	number := fmt.Sprintf("%d.%02d", cents/100, cents%100)
	if strings.EqualFold(currency, "usd") {
		return sign + "$" + number
	}
	return sign + number + " " + strings.ToUpper(currency)
}
