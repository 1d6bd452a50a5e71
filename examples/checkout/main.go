// Command checkout creates a Polar checkout session, reads it back and
// prints its ID, status, URL, product, price and amount due.
//
// Without POLAR_ACCESS_TOKEN it runs against an in-process polartest
// server, so it works offline:
//
//	go run ./examples/checkout
//
// With a token it talks to Polar; -product names one of your products:
//
//	POLAR_ACCESS_TOKEN=polar_oat_... go run ./examples/checkout -sandbox -product <product id>
//
// Flags:
//
//	-sandbox          use Polar's sandbox (https://sandbox-api.polar.sh)
//	-product ID       the product to sell (with a token, this or -price is required)
//	-price ID         sell exactly this product price instead (Polar's older create form)
//	-success-url URL  where Polar sends the customer after paying; {CHECKOUT_ID} becomes the id
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

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

const defaultSuccessURL = "https://example.com/success?checkout_id={CHECKOUT_ID}"

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
	productID := flags.String("product", "", "`ID` of the product to sell (with POLAR_ACCESS_TOKEN, this or -price is required)")
	priceID := flags.String("price", "", "`ID` of the one product price to sell, instead of -product")
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
		var err error
		if client, err = polar.NewClient(srv.ClientOptions()...); err != nil {
			return fail(stderr, err)
		}
		if *productID == "" && *priceID == "" {
			*productID = polartest.RecurringProductID
		}
	} else {
		if *productID == "" && *priceID == "" {
			fmt.Fprintln(stderr, "checkout: -product is required with POLAR_ACCESS_TOKEN: pass the ID of one of your products")
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

	params := polar.CheckoutCreate{SuccessURL: *successURL}
	switch {
	case *productID != "" && *priceID != "":
		fmt.Fprintln(stderr, "checkout: pass -product or -price, not both")
		return 1
	case *productID != "":
		params.Products = []string{*productID}
	default:
		params.ProductPriceID = *priceID
	}
	created, err := client.Checkouts.Create(ctx, params)
	if err != nil {
		return fail(stderr, err)
	}
	checkout, err := client.Checkouts.Get(ctx, created.ID)
	if err != nil {
		return fail(stderr, err)
	}
	if checkout.Product == nil || len(checkout.Product.Prices) == 0 {
		return fail(stderr, errors.New("the checkout has no product price"))
	}
	price, err := formatPrice(checkout.Product, checkout.Product.Prices[0])
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "Checkout: %s\nStatus:   %s\nURL:      %s\nProduct:  %s\nPrice:    %s\nAmount:   %s\n",
		checkout.ID, checkout.Status, checkout.URL, checkout.Product.Name, price,
		formatAmount(checkout.TotalAmount, checkout.Currency))
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

// formatPrice writes a price of product as a person reads it: "$19.00 /
// month", "$19.00" for a one-time price, "19.00 EUR" for another currency,
// "pay what you want" and so on for the other kinds. A recurring product's
// interval is the product's; a legacy price carries its own.
func formatPrice(product *polar.CheckoutProduct, p polar.CheckoutProductPrice) (string, error) {
	v, err := polar.PriceValue(p)
	if err != nil {
		return "", fmt.Errorf("read product price: %w", err)
	}
	var amount string
	interval := product.RecurringInterval
	switch v := v.(type) {
	case polar.ProductPriceFixed:
		amount = formatAmount(v.PriceAmount, v.PriceCurrency)
	case polar.ProductPriceCustom:
		amount = "pay what you want"
	case polar.ProductPriceSeatBased:
		amount = "per seat"
	case polar.ProductPriceMeteredUnit:
		amount = "per " + v.Meter.Name
	case polar.ProductPriceUnitBased:
		amount = "per unit"
	case polar.LegacyRecurringProductPriceFixed:
		amount, interval = formatAmount(v.PriceAmount, v.PriceCurrency), &v.RecurringInterval
	case polar.LegacyRecurringProductPriceCustom:
		amount, interval = "pay what you want", &v.RecurringInterval
	case polar.Unknown:
		return "a kind of price this program does not know (" + v.Kind + ")", nil
	}
	if interval == nil {
		return amount, nil
	}
	return amount + " / " + string(*interval), nil
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
