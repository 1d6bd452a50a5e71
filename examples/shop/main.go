// Command shop is a small web shop selling through Polar checkouts: its page
// lists products, each with a Buy button; buying creates a checkout and sends
// the customer to Polar's hosted checkout page; after paying, Polar sends the
// customer back to the shop's success page, and a webhook tells the shop the
// payment went through.
//
// Without POLAR_ACCESS_TOKEN it runs against an in-process polartest server
// (its hosted checkout page, its webhooks), so it works offline and no money
// moves:
//
//	go run ./examples/shop
//
// With a token, a webhook secret and the products to sell, it runs against
// Polar with no code change:
//
//	POLAR_ACCESS_TOKEN=polar_oat_... POLAR_WEBHOOK_SECRET=whsec_... \
//		go run ./examples/shop -sandbox -addr 127.0.0.1:8080 -product <product id>
//
// Polar must then be able to reach http://<addr>/webhooks/polar (a tunnel to
// the loopback address will do); POLAR_WEBHOOK_SECRET is that endpoint's
// secret.
//
// Flags:
//
//	-addr HOST:PORT   where to listen (default 127.0.0.1:0, a free loopback port)
//	-product ID       a product to sell (with a token; repeat for several)
//	-sandbox          use Polar's sandbox (https://sandbox-api.polar.sh)
//	-base-url URL     send API requests to this URL instead (a proxy, a test server)
//
// It prints the address it serves on and runs until interrupted (SIGINT or
// SIGTERM), then shuts down gracefully.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// demoProducts is the catalogue of the demo: polartest's seeded products
// with fixed prices, named and priced as polartest seeds them (a test checks
// that they agree).
var demoProducts = []product{
	{ID: polartest.RecurringProductID, Name: "Pro Plan", Price: "$19.00 / month"},
	{ID: polartest.OneTimeProductID, Name: "Lifetime License", Price: "$49.00"},
}

// productFlags collects repeated -product flags.
type productFlags []string

func (p *productFlags) String() string { return strings.Join(*p, ",") }

func (p *productFlags) Set(id string) error {
	if strings.TrimSpace(id) == "" {
		return errors.New("empty product ID")
	}
	*p = append(*p, id)
	return nil
}

// run is the whole command: it parses args, reads POLAR_ACCESS_TOKEN and
// POLAR_WEBHOOK_SECRET through getenv, serves the shop until ctx ends, and
// returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	flags := flag.NewFlagSet("shop", flag.ContinueOnError)
	flags.SetOutput(stderr)
	addr := flags.String("addr", "127.0.0.1:0", "`HOST:PORT` to listen on (port 0: a free one)")
	var productIDs productFlags
	flags.Var(&productIDs, "product", "`ID` of a product to sell (required with POLAR_ACCESS_TOKEN; repeat for several)")
	sandbox := flags.Bool("sandbox", false, "use Polar's sandbox (https://sandbox-api.polar.sh)")
	baseURL := flags.String("base-url", "", "send API requests to this `URL` instead of Polar (a proxy, a test server)")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "shop: unexpected argument %q\n", flags.Arg(0))
		return 1
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))

	token, secret := getenv("POLAR_ACCESS_TOKEN"), getenv("POLAR_WEBHOOK_SECRET")
	switch {
	case token == "" && (len(productIDs) > 0 || *sandbox || *baseURL != ""):
		fmt.Fprintln(stderr, "shop: -product, -sandbox and -base-url need POLAR_ACCESS_TOKEN")
		return 1
	case token != "" && len(productIDs) == 0:
		fmt.Fprintln(stderr, "shop: -product is required with POLAR_ACCESS_TOKEN: pass the ID of a product to sell")
		return 1
	case token != "" && secret == "":
		fmt.Fprintln(stderr, "shop: POLAR_WEBHOOK_SECRET is required with POLAR_ACCESS_TOKEN: the secret of the webhook endpoint that points at /webhooks/polar")
		return 1
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(stderr, "shop:", err)
		return 1
	}
	defer ln.Close()
	shopURL := "http://" + browserAddr(ln.Addr().String())

	cfg := config{baseURL: shopURL, webhookWait: 2 * time.Second, log: log}
	if token == "" {
		ps := polartest.NewServer()
		defer ps.Close() // after the shop's shutdown, deferred below
		cfg.secret = polartest.NewWebhookSecret()
		ps.SetWebhook(shopURL+"/webhooks/polar", cfg.secret)
		if cfg.client, err = polar.NewClient(ps.ClientOptions()...); err != nil {
			fmt.Fprintln(stderr, "shop:", err)
			return 1
		}
		cfg.products, cfg.demo = demoProducts, true
		fmt.Fprintln(stdout, "No POLAR_ACCESS_TOKEN set: using an in-process polartest server (its hosted checkout page and webhooks; no money moves).")
	} else {
		opts := []polar.Option{polar.WithAccessToken(token)}
		if *sandbox {
			opts = append(opts, polar.WithServer(polar.ServerSandbox))
		}
		if *baseURL != "" {
			opts = append(opts, polar.WithBaseURL(*baseURL))
		}
		if cfg.client, err = polar.NewClient(opts...); err != nil {
			fmt.Fprintln(stderr, "shop:", err)
			return 1
		}
		// The SDK covers Polar's Checkouts API only, so the shop does not
		// read products from Polar: it shows the IDs it was given, and the
		// hosted checkout page shows each product's name and price.
		for _, id := range productIDs {
			cfg.products = append(cfg.products, product{ID: id, Name: "Product " + id})
		}
		cfg.secret, cfg.token = secret, token
	}

	srv := newServer(newShop(cfg), log)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()
	fmt.Fprintf(stdout, "Shop: %s/\n", shopURL)

	select {
	case <-ctx.Done():
		return 0
	case err := <-served:
		fmt.Fprintln(stderr, "shop:", err)
		return 1
	}
}

// browserAddr returns a listener's address as a browser should use it: a
// wildcard host (0.0.0.0, ::) becomes localhost.
func browserAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// newServer returns the shop's HTTP server. Its timeouts bound what a slow
// or stalled client (or a hostile webhook sender) can hold: the headers,
// the whole request, the answer (longer than the success page's wait for
// a webhook), and an idle keep-alive connection.
func newServer(h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelError),
	}
}
