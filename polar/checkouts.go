package polar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/polar-checkouts/polar-go/internal/emailaddr"
)

// CheckoutsService creates and reads checkout sessions. Use it through
// Client.Checkouts.
//
// Polar API: https://docs.polar.sh/api-reference/checkouts
type CheckoutsService struct {
	cfg *config
}

// Create creates a checkout session for a product price and returns it;
// send the customer to its URL. It answers POST /v1/checkouts/.
//
// Before sending, Create refuses a params without ProductPriceID or
// SuccessURL, or with a malformed CustomerEmail, with a *ValidationError
// whose StatusCode is 0. Polar's 422 comes back as a *ValidationError, other
// failures as an *APIError or a wrapped transport or context error. A
// retried create can leave a second, unused checkout session behind (it
// expires; no money moves).
func (s *CheckoutsService) Create(ctx context.Context, params CheckoutCreate, opts ...Option) (*Checkout, error) {
	const op = "create checkout"
	if ctx == nil {
		return nil, errors.New("polar: " + op + ": nil context")
	}
	if err := checkCreate(params); err != nil {
		return nil, err
	}
	cfg, err := s.cfg.with(opts)
	if err != nil {
		return nil, err
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false) // send success_url's & and {} exactly as given
	if err := enc.Encode(params); err != nil {
		return nil, fmt.Errorf("polar: %s: %w", op, err)
	}
	b := bytes.TrimSuffix(body.Bytes(), []byte("\n"))
	req, err := cfg.newRequest(http.MethodPost, "", bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("polar: %s: %w", op, err)
	}
	req.Header.Add("Content-Type", "application/json")
	cfg.edit(req)
	return cfg.do(ctx, op, req)
}

// Get returns the checkout session with the given id (GET
// /v1/checkouts/{id}). The id is path-escaped, so it never names another
// endpoint.
//
// An empty id, "." or ".." is refused before sending with a
// *ValidationError (StatusCode 0). An unknown id gives an *APIError that
// matches ErrNotFound.
func (s *CheckoutsService) Get(ctx context.Context, id string, opts ...Option) (*Checkout, error) {
	const op = "get checkout"
	if ctx == nil {
		return nil, errors.New("polar: " + op + ": nil context")
	}
	switch id {
	case "":
		return nil, invalid(FieldError{Loc: []string{"path", "id"}, Msg: "Field required", Type: "missing"})
	case ".", "..":
		// URL resolution would remove these dot segments and ask another endpoint.
		return nil, invalid(FieldError{Loc: []string{"path", "id"}, Msg: "Value error, " + id + " is not a checkout id", Type: "value_error"})
	}
	cfg, err := s.cfg.with(opts)
	if err != nil {
		return nil, err
	}
	req, err := cfg.newRequest(http.MethodGet, url.PathEscape(id), nil)
	if err != nil {
		return nil, fmt.Errorf("polar: %s: %w", op, err)
	}
	cfg.edit(req)
	return cfg.do(ctx, op, req)
}

// newRequest returns a request for the checkouts URL followed by path, an
// already escaped path segment. It builds the URL that
// gen.NewCheckoutsCreateRequestWithBody and gen.NewCheckoutsGetRequest build
// (which escape the id with url.PathEscape and resolve "./v1/checkouts/{id}"
// against the base URL), but parses once per call instead of three times:
// resolving the base and the fixed prefix once per configuration gives the
// same string, because an escaped segment holds no "/" and is never a dot
// segment ("." and ".." are refused before).
func (c *config) newRequest(method, path string, body io.Reader) (*http.Request, error) {
	if c.checkoutsErr != nil {
		return nil, c.checkoutsErr
	}
	return http.NewRequest(method, c.checkouts+path, body)
}

// checkCreate makes the checks Polar would make on fields the SDK can judge
// alone. It leaves success_url's form to Polar: its
// {CHECKOUT_SESSION_ID} placeholder is not strict RFC 3986.
func checkCreate(p CheckoutCreate) error {
	var errs []FieldError
	if p.ProductPriceID == "" {
		errs = append(errs, FieldError{Loc: []string{"body", "product_price_id"}, Msg: "Field required", Type: "missing"})
	}
	if p.SuccessURL == "" {
		errs = append(errs, FieldError{Loc: []string{"body", "success_url"}, Msg: "Field required", Type: "missing"})
	}
	if p.CustomerEmail != nil {
		if _, reason := emailaddr.Normalize(*p.CustomerEmail); reason != "" {
			errs = append(errs, FieldError{Loc: []string{"body", "customer_email"}, Msg: "value is not a valid email address: " + reason, Type: "value_error"})
		}
	}
	if errs != nil {
		return &ValidationError{Errors: errs}
	}
	return nil
}

func invalid(errs ...FieldError) *ValidationError {
	return &ValidationError{Errors: errs}
}
