package polar

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"

	"github.com/polar-checkouts/polar-go/gen"
)

// CheckoutsService creates, reads, updates and lists checkout sessions, and
// makes the calls a checkout page makes with a checkout's client secret.
// Use it through Client.Checkouts. Every method runs the same way: the
// input is checked, the generated client builds the request, and the
// Client's auth, Polar-Version, retries, logging and error mapping apply.
//
// Polar API: https://polar.sh/docs/api-reference/checkouts/create-session
type CheckoutsService struct {
	cfg *config
}

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
	const op = "create checkout"
	if err := checkCreate(&params); err != nil {
		return nil, err
	}
	return callJSON[Checkout](ctx, s.cfg, opts, op, params, func(ctx context.Context, c *gen.Client, body io.Reader) (*http.Response, error) {
		return c.CheckoutsCreateWithBody(ctx, jsonContent, body)
	})
}

// Get returns the checkout session with the given id (GET
// /v1/checkouts/{id}). An expired checkout is returned like any other.
//
// An id that is not a UUID v4 is refused before sending with a
// *ValidationError (StatusCode 0); an unknown id gives an *APIError that
// matches ErrNotFound.
func (s *CheckoutsService) Get(ctx context.Context, id string, opts ...Option) (*Checkout, error) {
	if err := checkID(id); err != nil {
		return nil, err
	}
	return call[Checkout](ctx, s.cfg, opts, "get checkout", func(ctx context.Context, c *gen.Client) (*http.Response, error) {
		return c.CheckoutsGet(ctx, id)
	})
}

// Update changes an open checkout session and returns it (PATCH
// /v1/checkouts/{id}). Only the fields set in params are sent. A checkout
// that is no longer open gives an *APIError named NotOpenCheckout
// (ErrForbidden); while another request holds it Polar answers 409
// CheckoutLocked, which is retried.
func (s *CheckoutsService) Update(ctx context.Context, id string, params CheckoutUpdate, opts ...Option) (*Checkout, error) {
	const op = "update checkout"
	if err := checkID(id); err != nil {
		return nil, err
	}
	if err := checkUpdate(&params); err != nil {
		return nil, err
	}
	return callJSON[Checkout](ctx, s.cfg, opts, op, params, func(ctx context.Context, c *gen.Client, body io.Reader) (*http.Response, error) {
		return c.CheckoutsUpdateWithBody(ctx, id, jsonContent, body)
	})
}

// List returns one page of checkout sessions (GET /v1/checkouts/): the
// page's Items and the Pagination to read the rest. See All to range over
// every page.
func (s *CheckoutsService) List(ctx context.Context, params CheckoutListParams, opts ...Option) (*CheckoutList, error) {
	if err := checkListParams(&params); err != nil {
		return nil, err
	}
	q := listParams(&params)
	return call[CheckoutList](ctx, s.cfg, opts, "list checkouts", func(ctx context.Context, c *gen.Client) (*http.Response, error) {
		return c.CheckoutsList(ctx, q)
	})
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
// loop.
func (s *CheckoutsService) All(ctx context.Context, params CheckoutListParams, opts ...Option) iter.Seq2[*Checkout, error] {
	return func(yield func(*Checkout, error) bool) {
		p := params
		p.Page = max(p.Page, 1)
		if p.Limit == 0 {
			p.Limit = maxPageSize
		}
		for {
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
			if p.Page >= page.Pagination.MaxPage || len(page.Items) == 0 {
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
	if err := checkSecret(clientSecret); err != nil {
		return nil, err
	}
	return call[CheckoutPublic](ctx, s.cfg, opts, "get checkout by client secret", func(ctx context.Context, c *gen.Client) (*http.Response, error) {
		return c.CheckoutsClientGet(ctx, clientSecret)
	})
}

// ClientUpdate changes an open checkout session as its customer does on
// the checkout page (PATCH /v1/checkouts/client/{client_secret}).
func (s *CheckoutsService) ClientUpdate(ctx context.Context, clientSecret string, params CheckoutUpdatePublic, opts ...Option) (*CheckoutPublic, error) {
	const op = "update checkout by client secret"
	if err := checkSecret(clientSecret); err != nil {
		return nil, err
	}
	if err := checkPublicUpdate(params.ProductID, params.ProductPriceID, params.CustomerEmail); err != nil {
		return nil, err
	}
	return callJSON[CheckoutPublic](ctx, s.cfg, opts, op, params, func(ctx context.Context, c *gen.Client, body io.Reader) (*http.Response, error) {
		return c.CheckoutsClientUpdateWithBody(ctx, clientSecret, jsonContent, body)
	})
}

// ClientConfirm confirms a checkout session as its customer does when
// paying (POST /v1/checkouts/client/{client_secret}/confirm); Polar then
// creates the order. A refused payment is an *APIError named PaymentError
// (400). Polar allows this call 6 times a minute per customer.
func (s *CheckoutsService) ClientConfirm(ctx context.Context, clientSecret string, params CheckoutConfirmStripe, opts ...Option) (*CheckoutPublicConfirmed, error) {
	const op = "confirm checkout"
	if err := checkSecret(clientSecret); err != nil {
		return nil, err
	}
	if err := checkPublicUpdate(params.ProductID, params.ProductPriceID, params.CustomerEmail); err != nil {
		return nil, err
	}
	return callJSON[CheckoutPublicConfirmed](ctx, s.cfg, opts, op, params, func(ctx context.Context, c *gen.Client, body io.Reader) (*http.Response, error) {
		return c.CheckoutsClientConfirmWithBody(ctx, clientSecret, jsonContent, body)
	})
}

const jsonContent = "application/json"

// callJSON is call for an operation with a JSON body: params is encoded
// once, and every attempt sends the same bytes anew.
func callJSON[T any](ctx context.Context, cfg *config, opts []Option, op string, params any,
	send func(ctx context.Context, c *gen.Client, body io.Reader) (*http.Response, error)) (*T, error) {
	body, err := encodeBody(op, params)
	if err != nil {
		return nil, err
	}
	return call[T](ctx, cfg, opts, op, func(ctx context.Context, c *gen.Client) (*http.Response, error) {
		return send(ctx, c, bytes.NewReader(body))
	})
}

// encodeBody encodes a request body once, for every attempt, without HTML
// escaping, so that a URL's &, < and > arrive as written. (The generated
// CheckoutsCreate and its siblings use json.Marshal, which escapes them;
// that is why the facade calls the WithBody variants.)
func encodeBody(op string, v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("polar: %s: %w", op, err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

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
