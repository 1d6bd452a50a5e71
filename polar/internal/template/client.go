//go:build template

package polar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/internal/check"
)

// Client talks to Polar's API in version 2026-10 (APIVersion). Create one
// with NewClient and share it: a Client is safe for concurrent use and
// reuses connections. A Client not made by NewClient returns an error from
// every call.
type Client struct {
	// Checkouts creates, reads, updates and lists checkout sessions.
	Checkouts *CheckoutsService

	conn *polar.Conn
}

// NewClient returns a Client for API version 2026-10, configured by opts.
// Without WithAccessToken it reads the token from the POLAR_ACCESS_TOKEN
// environment variable; without WithServer or WithBaseURL it talks to
// ServerProduction; without WithRetryConfig it retries as
// DefaultRetryConfig says.
//
// NewClient returns an error when an option is invalid or when no access
// token is given either way.
func NewClient(opts ...Option) (*Client, error) {
	conn, err := polar.NewConn(APIVersion, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{Checkouts: &CheckoutsService{conn: conn}, conn: conn}, nil
}

// CloseIdleConnections closes the idle connections of c's HTTP client. Call
// it when a program is done with a Client it made for a short task; a
// long-lived, shared Client never needs it. c stays usable.
func (c *Client) CloseIdleConnections() {
	if c != nil {
		c.conn.CloseIdleConnections()
	}
}

// Format prints a Client without its configuration, so that no fmt verb,
// %s and %#v included, shows the access token.
func (Client) Format(f fmt.State, _ rune) { fmt.Fprint(f, "polar.Client{...}") }

// CheckoutsService creates, reads, updates and lists checkout sessions, and
// makes the calls a checkout page makes with a checkout's client secret.
// Use it through Client.Checkouts. Every method runs the same way: the
// input is checked, the generated request builder makes the request, and
// the Client's auth, Polar-Version, retries, logging and error mapping
// apply (polar.Call).
//
// Polar API: https://polar.sh/docs/api-reference/checkouts/create-session
type CheckoutsService struct {
	conn *polar.Conn
}

// connection returns s's Conn: nil for a nil or zero CheckoutsService
// (that of a Client not made by NewClient), which Call refuses with an
// error rather than a panic.
func (s *CheckoutsService) connection() *polar.Conn {
	if s == nil {
		return nil
	}
	return s.conn
}

// Format prints a CheckoutsService without its configuration, so that no
// fmt verb shows the access token.
func (CheckoutsService) Format(f fmt.State, _ rune) { fmt.Fprint(f, "polar.CheckoutsService{...}") }

// CheckoutListParams filters, sorts and pages List and All. Every field is
// optional; a filter with several values matches any of them (Polar reads
// them as repeated query keys), and filters combine with AND.
type CheckoutListParams struct {
	// OrganizationID, ProductID and CustomerID filter by UUIDs.
	OrganizationID, ProductID, CustomerID []string
	// ExternalCustomerID filters by your own customer ids.
	ExternalCustomerID []string
	// Status filters by status.
	Status []CheckoutStatus
	// Query matches part of the customer's e-mail address, in any case.
	Query string
	// Page is the page to read, from 1; 0 means 1.
	Page int
	// Limit is the page size; 0 means Polar's default (10) for List and 100,
	// Polar's maximum, for All. Polar reads a larger value as 100.
	Limit int
	// Sorting orders the checkouts, first key first; Polar's default is
	// newest first (CheckoutSortPropertyMinusCreatedAt).
	Sorting []CheckoutSortProperty
}

// Create creates a checkout session and returns it; send the customer to
// its URL (POST /v1/checkouts/).
//
// Set exactly one of Products, ProductID or ProductPriceID. SuccessURL may
// hold {CHECKOUT_ID}, which Polar replaces with the checkout's id; the body
// is sent as written (no HTML escaping of &, < or >). Input Polar would
// refuse (no or several body forms, an empty products list, a malformed
// UUID, a URL that is not absolute http(s), a malformed e-mail address,
// metadata past Polar's limits) is refused before sending with a
// *ValidationError whose StatusCode is 0.
//
// A retried create can leave an extra open checkout behind; it expires
// after 24 hours and no money moves.
func (s *CheckoutsService) Create(ctx context.Context, params CheckoutCreate, opts ...Option) (*Checkout, error) {
	if err := checkCreate(&params); err != nil {
		return nil, err
	}
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name: "create checkout",
		Body: params,
		Request: func(server string, body io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsCreateRequestWithBody(server, jsonContent, body)
		},
	}, checkCheckout)
}

// Get returns the checkout session with the given id (GET
// /v1/checkouts/{id}). An expired checkout is returned like any other.
//
// An id that is not a UUID v4 is refused before sending with a
// *ValidationError (StatusCode 0); an unknown id gives an *APIError that
// matches ErrNotFound.
func (s *CheckoutsService) Get(ctx context.Context, id string, opts ...Option) (*Checkout, error) {
	if err := check.ID(id); err != nil {
		return nil, err
	}
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name: "get checkout",
		Request: func(server string, _ io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsGetRequest(server, id)
		},
	}, checkCheckout)
}

// Update changes an open checkout session and returns it (PATCH
// /v1/checkouts/{id}). Only the fields set in params are sent. A checkout
// that is no longer open gives an *APIError named NotOpenCheckout
// (ErrForbidden); while another request holds it Polar answers 409
// CheckoutLocked, which is retried.
func (s *CheckoutsService) Update(ctx context.Context, id string, params CheckoutUpdate, opts ...Option) (*Checkout, error) {
	if err := check.ID(id); err != nil {
		return nil, err
	}
	if err := checkUpdate(&params); err != nil {
		return nil, err
	}
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name: "update checkout",
		Body: params,
		Request: func(server string, body io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsUpdateRequestWithBody(server, id, jsonContent, body)
		},
	}, checkCheckout)
}

// List returns one page of checkout sessions (GET /v1/checkouts/): the
// page's Items and the Pagination to read the rest. See All to range over
// every page.
func (s *CheckoutsService) List(ctx context.Context, params CheckoutListParams, opts ...Option) (*CheckoutList, error) {
	if err := checkListParams(&params); err != nil {
		return nil, err
	}
	q := listParams(&params)
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name: "list checkouts",
		Request: func(server string, _ io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsListRequest(server, q)
		},
	}, checkCheckoutList)
}

// All ranges over every checkout session that params selects, page after
// page, from params.Page (1 when 0) with params.Limit checkouts a page (100
// when 0), until Polar's last page:
//
//	for checkout, err := range client.Checkouts.All(ctx, polar.CheckoutListParams{}) {
//		if err != nil {
//			return err
//		}
//		fmt.Println(checkout.ID)
//	}
//
// Nothing runs until the loop starts and nothing is left open when it
// stops early. A failing page is yielded once, as (nil, err), and ends the
// loop. The loop also ends after an empty page or one with fewer checkouts
// than the page size, and after the last page the first page's
// total_count allows, whatever max_page says.
func (s *CheckoutsService) All(ctx context.Context, params CheckoutListParams, opts ...Option) iter.Seq2[*Checkout, error] {
	return func(yield func(*Checkout, error) bool) {
		p := params
		p.Page = max(p.Page, 1)
		if p.Limit == 0 {
			p.Limit = maxPageSize
		}
		// A page holds size checkouts unless it is the last: Polar reads
		// a larger limit as its maximum.
		size := max(min(p.Limit, maxPageSize), 1)
		last := 0 // the last page the first page's total_count allows
		for first := true; ; first = false {
			page, err := s.List(ctx, p, opts...)
			if err != nil {
				yield(nil, err)
				return
			}
			for i := range page.Items {
				if !yield(&page.Items[i], nil) {
					return
				}
			}
			if first {
				total := page.Pagination.TotalCount
				last = total / size
				if total%size != 0 {
					last++
				}
			}
			// An empty or short page is the last whatever max_page says,
			// and total_count bounds the pages read, so a server that
			// claims endless pages costs a bounded number of requests.
			if len(page.Items) < size || p.Page >= page.Pagination.MaxPage || p.Page >= last {
				return
			}
			p.Page++
		}
	}
}

// maxPageSize is the largest page Polar serves.
const maxPageSize = 100

// ClientGet returns a checkout session as its customer sees it, by its
// client secret (GET /v1/checkouts/client/{client_secret}): what a
// checkout page shows. Once the checkout's expires_at has passed, whatever
// its status, Polar answers 410 (ErrExpired).
func (s *CheckoutsService) ClientGet(ctx context.Context, clientSecret string, opts ...Option) (*CheckoutPublic, error) {
	if err := check.Secret(clientSecret); err != nil {
		return nil, err
	}
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name: "get checkout by client secret",
		Request: func(server string, _ io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsClientGetRequest(server, clientSecret)
		},
	}, checkCheckoutPublic)
}

// ClientUpdate changes an open checkout session as its customer does on
// the checkout page (PATCH /v1/checkouts/client/{client_secret}).
func (s *CheckoutsService) ClientUpdate(ctx context.Context, clientSecret string, params CheckoutUpdatePublic, opts ...Option) (*CheckoutPublic, error) {
	if err := check.Secret(clientSecret); err != nil {
		return nil, err
	}
	if err := checkPublicUpdate(params.ProductID, params.ProductPriceID, params.CustomerEmail); err != nil {
		return nil, err
	}
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name: "update checkout by client secret",
		Body: params,
		Request: func(server string, body io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsClientUpdateRequestWithBody(server, clientSecret, jsonContent, body)
		},
	}, checkCheckoutPublic)
}

// ClientConfirm confirms a checkout session as its customer does when
// paying (POST /v1/checkouts/client/{client_secret}/confirm); Polar then
// creates the order. A refused payment is an *APIError named PaymentError
// (400). Polar allows this call 6 times a minute per customer.
//
// A confirm starts a payment, so it is retried only when Polar cannot have
// acted on it (no connection was made, 429, 409 CheckoutLocked). After a
// failure once the request may have reached Polar (a reset while waiting
// for the answer, a 5xx, a timeout) it returns an error matching
// ErrUnknownOutcome: the payment may have gone through, so read the
// checkout with ClientGet before confirming again.
func (s *CheckoutsService) ClientConfirm(ctx context.Context, clientSecret string, params CheckoutConfirmStripe, opts ...Option) (*CheckoutPublicConfirmed, error) {
	if err := check.Secret(clientSecret); err != nil {
		return nil, err
	}
	if err := checkPublicUpdate(params.ProductID, params.ProductPriceID, params.CustomerEmail); err != nil {
		return nil, err
	}
	return polar.Call(ctx, s.connection(), opts, polar.Operation{
		Name:    "confirm checkout",
		Body:    params,
		Payment: true,
		Request: func(server string, body io.Reader) (*http.Request, error) {
			return gen.NewCheckoutsClientConfirmRequestWithBody(server, clientSecret, jsonContent, body)
		},
	}, checkCheckoutPublicConfirmed)
}

const jsonContent = "application/json"

// listParams converts p to the generated client's query parameters.
func listParams(p *CheckoutListParams) *gen.CheckoutsListParams {
	q := &gen.CheckoutsListParams{
		OrganizationID:     p.OrganizationID,
		ProductID:          p.ProductID,
		CustomerID:         p.CustomerID,
		ExternalCustomerID: p.ExternalCustomerID,
		Status:             p.Status,
		Sorting:            p.Sorting,
	}
	if p.Query != "" {
		q.Query = &p.Query
	}
	if p.Page != 0 {
		q.Page = &p.Page
	}
	if p.Limit != 0 {
		q.Limit = &p.Limit
	}
	return q
}

// The checks below notice what JSON decoding lets through: the generated
// models do not enforce required fields, so null or {} decode without
// error.

func checkCheckout(c *Checkout) error { return completeCheckout(c.ID, c.ClientSecret) }

func checkCheckoutPublic(c *CheckoutPublic) error { return completeCheckout(c.ID, c.ClientSecret) }

func checkCheckoutPublicConfirmed(c *CheckoutPublicConfirmed) error {
	return completeCheckout(c.ID, c.ClientSecret)
}

func checkCheckoutList(l *CheckoutList) error {
	if l.Items == nil {
		return errors.New("not a checkout list: no items")
	}
	for i := range l.Items {
		if err := completeCheckout(l.Items[i].ID, l.Items[i].ClientSecret); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
	}
	return nil
}

func completeCheckout(id, secret string) error {
	switch {
	case id == "":
		return errors.New("not a checkout: no id")
	case secret == "":
		return errors.New("not a checkout: no client_secret")
	}
	return nil
}
