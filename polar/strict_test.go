package polar_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// fixtureServer implements the generated strict server: the router, path
// and query binding and JSON body decoding are the spec's, and it answers
// with the fixtures through the generated response types. It keeps what it
// received, decoded, so a test sees the request as a server built from
// openapi/2026-10.yaml reads it.
type fixtureServer struct {
	t        *testing.T
	checkout gen.Checkout
	public   gen.CheckoutPublic
	confirm  gen.CheckoutPublicConfirmed

	mu   sync.Mutex
	got  []any    // request objects, in order
	fail []string // per-call answers: "", "404", "409", "410", "422", "429"
}

func newFixtureServer(t *testing.T) (*fixtureServer, *polar.Client) {
	t.Helper()
	s := &fixtureServer{t: t}
	for _, f := range []struct {
		body []byte
		v    any
	}{{checkoutJSON(t), &s.checkout}, {publicJSON(t), &s.public}, {confirmedJSON(t), &s.confirm}} {
		if err := json.Unmarshal(f.body, f.v); err != nil {
			t.Fatal(err)
		}
	}
	h := gen.Handler(gen.NewStrictHandler(s, nil))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Polar-Version") != "2026-10" || r.Header.Get("Authorization") != "Bearer "+testToken {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"detail":"Not Found"}`))
			return
		}
		echoVersion(w, r) // every routed answer, as Polar's
		if r.ContentLength < 0 || len(r.TransferEncoding) > 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusLengthRequired)
			w.Write([]byte(`{"error":"LengthRequired","detail":"A Content-Length header is required."}`))
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := newClient(polar.WithBaseURL(srv.URL), polar.WithAccessToken(testToken), polar.WithRetryConfig(polar.DefaultRetryConfig()))
	if err != nil {
		t.Fatal(err)
	}
	setSleep(c, (&waits{}).sleep)
	return s, c
}

// next records req and returns the planned failure of this call.
func (s *fixtureServer) next(req any) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, req)
	if len(s.fail) == 0 {
		return ""
	}
	f := s.fail[0]
	s.fail = s.fail[1:]
	return f
}

func (s *fixtureServer) requests() []any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]any(nil), s.got...)
}

var (
	notFound = gen.ResourceNotFound{Error: gen.ResourceNotFoundErrorResourceNotFound, Detail: "Not found"}
	expired  = gen.ExpiredCheckoutError{Error: gen.ExpiredCheckoutErrorErrorExpiredCheckoutError, Detail: "This checkout session has expired."}
	locked   = gen.CheckoutLockedResponseJSONResponse{Error: gen.CheckoutLockedErrorCheckoutLocked, Detail: "Checkout is currently being processed. Please try again."}
)

func invalid(loc ...any) gen.HTTPValidationError {
	return gen.HTTPValidationError{Detail: &[]gen.ValidationError{{Loc: loc, Msg: "Field required", Type: "missing"}}}
}

func (s *fixtureServer) CheckoutsList(_ context.Context, r gen.CheckoutsListRequestObject) (gen.CheckoutsListResponseObject, error) {
	switch s.next(r) {
	case "422":
		return gen.CheckoutsList422JSONResponse(invalid("query", "page")), nil
	case "429":
		ra := 7
		return gen.CheckoutsList429Response{Headers: gen.RateLimitedResponseResponseHeaders{RetryAfter: &ra}}, nil
	}
	page := 1
	if r.Params.Page != nil {
		page = *r.Params.Page
	}
	item := s.checkout
	item.ID = pageID(page, 0)
	return gen.CheckoutsList200JSONResponse{Items: []gen.Checkout{item}, Pagination: gen.Pagination{TotalCount: 3, MaxPage: 3}}, nil
}

func (s *fixtureServer) CheckoutsCreate(_ context.Context, r gen.CheckoutsCreateRequestObject) (gen.CheckoutsCreateResponseObject, error) {
	if s.next(r) == "422" {
		return gen.CheckoutsCreate422JSONResponse(invalid("body", "products", 0)), nil
	}
	return gen.CheckoutsCreate201JSONResponse(s.checkout), nil
}

func (s *fixtureServer) CheckoutsGet(_ context.Context, r gen.CheckoutsGetRequestObject) (gen.CheckoutsGetResponseObject, error) {
	if s.next(r) == "404" {
		return gen.CheckoutsGet404JSONResponse(notFound), nil
	}
	return gen.CheckoutsGet200JSONResponse(s.checkout), nil
}

func (s *fixtureServer) CheckoutsUpdate(_ context.Context, r gen.CheckoutsUpdateRequestObject) (gen.CheckoutsUpdateResponseObject, error) {
	if s.next(r) == "409" {
		return gen.CheckoutsUpdate409JSONResponse{CheckoutLockedResponseJSONResponse: locked}, nil
	}
	return gen.CheckoutsUpdate200JSONResponse(s.checkout), nil
}

func (s *fixtureServer) CheckoutsClientGet(_ context.Context, r gen.CheckoutsClientGetRequestObject) (gen.CheckoutsClientGetResponseObject, error) {
	if s.next(r) == "410" {
		return gen.CheckoutsClientGet410JSONResponse(expired), nil
	}
	return gen.CheckoutsClientGet200JSONResponse(s.public), nil
}

func (s *fixtureServer) CheckoutsClientUpdate(_ context.Context, r gen.CheckoutsClientUpdateRequestObject) (gen.CheckoutsClientUpdateResponseObject, error) {
	if s.next(r) == "409" {
		return gen.CheckoutsClientUpdate409JSONResponse(locked), nil
	}
	return gen.CheckoutsClientUpdate200JSONResponse(s.public), nil
}

func (s *fixtureServer) CheckoutsClientConfirm(_ context.Context, r gen.CheckoutsClientConfirmRequestObject) (gen.CheckoutsClientConfirmResponseObject, error) {
	if s.next(r) == "404" {
		return gen.CheckoutsClientConfirm404JSONResponse(notFound), nil
	}
	return gen.CheckoutsClientConfirm200JSONResponse(s.confirm), nil
}

// TestAgainstTheGeneratedServer drives every method against a server made
// from the same spec: what the facade sends binds to the operation and its
// parameters and bodies, and what the generated server answers decodes.
func TestAgainstTheGeneratedServer(t *testing.T) {
	t.Parallel()
	s, c := newFixtureServer(t)
	ctx := context.Background()

	co, err := c.Checkouts.Create(ctx, seedCreate)
	if err != nil || co.ID != checkoutID {
		t.Fatalf("Create = %v, %v", co, err)
	}
	if _, err := c.Checkouts.Get(ctx, checkoutID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Checkouts.Update(ctx, checkoutID, polar.CheckoutUpdate{SuccessURL: polar.Set(updateURL), Metadata: polar.Set(map[string]any{"order": 42})}); err != nil {
		t.Fatal(err)
	}
	l, err := c.Checkouts.List(ctx, polar.CheckoutListParams{
		Status:  []polar.CheckoutStatus{polar.CheckoutStatusOpen, polar.CheckoutStatusExpired},
		Sorting: []polar.CheckoutSortProperty{polar.CheckoutSortPropertyMinusExpiresAt, polar.CheckoutSortPropertyStatus},
		Query:   "jane", Page: 2, Limit: 500,
	})
	if err != nil || len(l.Items) != 1 || l.Pagination.MaxPage != 3 {
		t.Fatalf("List = %+v, %v", l, err)
	}
	var all []string
	for co, err := range c.Checkouts.All(ctx, polar.CheckoutListParams{ProductID: []string{productID}, Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, co.ID)
	}
	if want := []string{pageID(1, 0), pageID(2, 0), pageID(3, 0)}; !slices.Equal(all, want) {
		t.Errorf("All = %v, want %v", all, want)
	}
	pub, err := c.Checkouts.ClientGet(ctx, "polar_c_a/b?c")
	if err != nil || pub.Organization.Slug != "acme" {
		t.Fatalf("ClientGet = %v, %v", pub, err)
	}
	if _, err := c.Checkouts.ClientUpdate(ctx, clientSecret, polar.CheckoutUpdatePublic{DiscountCode: polar.Set("AUTUMN10")}); err != nil {
		t.Fatal(err)
	}
	conf, err := c.Checkouts.ClientConfirm(ctx, clientSecret, polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1")})
	if err != nil || conf.CustomerSessionToken == nil {
		t.Fatalf("ClientConfirm = %v, %v", conf, err)
	}

	got := s.requests()
	if len(got) != 10 {
		t.Fatalf("server handled %d requests, want 10: %#v", len(got), got)
	}
	if r, ok := got[0].(gen.CheckoutsCreateRequestObject); !ok || r.Body.ProductPriceID != priceID || r.Body.SuccessURL != seedSuccessURL {
		t.Errorf("create bound as %#v", got[0])
	}
	if r, ok := got[1].(gen.CheckoutsGetRequestObject); !ok || r.ID != checkoutID {
		t.Errorf("get bound as %#v", got[1])
	}
	if r, ok := got[2].(gen.CheckoutsUpdateRequestObject); !ok || r.ID != checkoutID || r.Body.SuccessURL.MustGet() != updateURL || r.Body.Metadata.MustGet()["order"] != float64(42) {
		t.Errorf("update bound as %#v", got[2])
	}
	r, ok := got[3].(gen.CheckoutsListRequestObject)
	if !ok || len(r.Params.Status) != 2 || r.Params.Status[1] != polar.CheckoutStatusExpired || len(r.Params.Sorting) != 2 ||
		r.Params.Query == nil || *r.Params.Query != "jane" || r.Params.Page == nil || *r.Params.Page != 2 || r.Params.Limit == nil || *r.Params.Limit != 500 {
		t.Errorf("list bound as %#v", got[3])
	}
	for i, page := range []int{1, 2, 3} {
		r, ok := got[4+i].(gen.CheckoutsListRequestObject)
		if !ok || *r.Params.Page != page || *r.Params.Limit != 1 || len(r.Params.ProductID) != 1 || r.Params.ProductID[0] != productID {
			t.Errorf("all page %d bound as %#v", page, got[4+i])
		}
	}
	if r, ok := got[7].(gen.CheckoutsClientGetRequestObject); !ok || r.ClientSecret != "polar_c_a/b?c" {
		t.Errorf("client get bound as %#v: the escaped secret must come back whole", got[7])
	}
	if r, ok := got[8].(gen.CheckoutsClientUpdateRequestObject); !ok || r.ClientSecret != clientSecret || r.Body.DiscountCode.MustGet() != "AUTUMN10" {
		t.Errorf("client update bound as %#v", got[8])
	}
	if r, ok := got[9].(gen.CheckoutsClientConfirmRequestObject); !ok || r.ClientSecret != clientSecret || r.Body.ConfirmationTokenID.MustGet() != "ctoken_1" {
		t.Errorf("client confirm bound as %#v", got[9])
	}
}

// TestGeneratedServerErrors: the error bodies the generated server writes
// from the spec's types come back as the SDK's typed errors, and a 409
// CheckoutLocked and a 429 are retried.
func TestGeneratedServerErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		fail  []string
		call  func(c *polar.Client) error
		check func(t *testing.T, err error)
		calls int
	}{
		{"404", []string{"404"}, func(c *polar.Client) error { _, err := c.Checkouts.Get(ctx, checkoutID); return err },
			func(t *testing.T, err error) {
				var ae *polar.APIError
				if !errors.Is(err, polar.ErrNotFound) || !errors.As(err, &ae) || ae.Name != "ResourceNotFound" {
					t.Errorf("err = %v", err)
				}
			}, 1},
		{"410", []string{"410"}, func(c *polar.Client) error { _, err := c.Checkouts.ClientGet(ctx, clientSecret); return err },
			func(t *testing.T, err error) {
				if !errors.Is(err, polar.ErrExpired) {
					t.Errorf("err = %v", err)
				}
			}, 1},
		{"422", []string{"422"}, func(c *polar.Client) error { _, err := c.Checkouts.Create(ctx, seedCreate); return err },
			func(t *testing.T, err error) {
				var ve *polar.ValidationError
				if !errors.As(err, &ve) || len(ve.Errors) != 1 || !slices.Equal(ve.Errors[0].Loc, []string{"body", "products", "0"}) {
					t.Errorf("err = %#v", err)
				}
			}, 1},
		{"409 CheckoutLocked twice, then free", []string{"409", "409"}, func(c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, checkoutID, polar.CheckoutUpdate{CustomerName: polar.Set("J")})
			return err
		}, func(t *testing.T, err error) {
			if err != nil {
				t.Errorf("err = %v", err)
			}
		}, 3},
		{"409 CheckoutLocked on client update", []string{"409"}, func(c *polar.Client) error {
			_, err := c.Checkouts.ClientUpdate(ctx, clientSecret, polar.CheckoutUpdatePublic{})
			return err
		}, func(t *testing.T, err error) {
			if err != nil {
				t.Errorf("err = %v", err)
			}
		}, 2},
		{"429 on a page of All", []string{"", "429"}, func(c *polar.Client) error {
			n := 0
			for _, err := range c.Checkouts.All(ctx, polar.CheckoutListParams{Limit: 1}) {
				if err != nil {
					return err
				}
				n++
			}
			if n != 3 {
				return errors.New("All yielded " + itoa(n))
			}
			return nil
		}, func(t *testing.T, err error) {
			if err != nil {
				t.Errorf("err = %v", err)
			}
		}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, c := newFixtureServer(t)
			s.fail = tc.fail
			tc.check(t, tc.call(c))
			if n := len(s.requests()); n != tc.calls {
				t.Errorf("server handled %d requests, want %d", n, tc.calls)
			}
		})
	}
}
