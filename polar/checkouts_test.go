package polar_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestEveryMethodSendsWhatPolarExpects checks, on a real loopback server,
// each method's request line and the headers Polar needs: the token, the
// API version (without it Polar answers as 2026-04), a Content-Length on
// every body and never a chunked one (Polar answers 411), the JSON
// content type, the User-Agent, and the body byte for byte.
func TestEveryMethodSendsWhatPolarExpects(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, serveJSON(o.status, o.reply(t)))
		id, err := o.call(context.Background(), srv.client(t))
		if err != nil || id != checkoutID {
			t.Fatalf("call = %q, %v; want the fixture checkout", id, err)
		}
		reqs := srv.requests()
		if len(reqs) != 1 {
			t.Fatalf("server saw %d requests, want 1", len(reqs))
		}
		r := reqs[0]
		if r.Method != o.method || r.Path != o.path || r.RawQuery != o.query {
			t.Errorf("request = %s %s?%s, want %s %s", r.Method, r.Path, r.RawQuery, o.method, o.target())
		}
		for key, want := range map[string]string{
			"Authorization":      "Bearer " + testToken,
			"Polar-Version":      "2026-10",
			"Accept":             "application/json",
			"Polar-Organization": "",
		} {
			if got := r.Header.Values(key); strings.Join(got, ",") != want {
				t.Errorf("header %s = %q, want %q", key, got, want)
			}
		}
		if polar.APIVersion != "2026-10" {
			t.Errorf("APIVersion = %q", polar.APIVersion)
		}
		if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "polar-go/"+polar.Version+" (go") {
			t.Errorf("User-Agent = %q, want polar-go/%s (go...)", ua, polar.Version)
		}
		if string(r.Body) != o.body {
			t.Errorf("body on the wire:\n got %s\nwant %s", r.Body, o.body)
		}
		if len(r.TransferEncoding) != 0 {
			t.Errorf("Transfer-Encoding %q: Polar refuses a chunked body with 411", r.TransferEncoding)
		}
		if o.body == "" {
			if r.ContentLength > 0 || r.Header.Get("Content-Type") != "" {
				t.Errorf("a request without a body has Content-Length %d, Content-Type %q", r.ContentLength, r.Header.Get("Content-Type"))
			}
			return
		}
		if r.ContentLength != int64(len(o.body)) || r.Header.Get("Content-Length") != itoa(len(o.body)) {
			t.Errorf("Content-Length = %d (header %q), want %d", r.ContentLength, r.Header.Get("Content-Length"), len(o.body))
		}
		if got := r.Header.Values("Content-Type"); len(got) != 1 || got[0] != "application/json" {
			t.Errorf("Content-Type = %q, want application/json once", got)
		}
	})
}

// TestTheSeedsCallGoesOutByteForByte: the seed's CheckoutCreate, one
// literal, still works and its {CHECKOUT_ID}, &, < and > arrive as written
// (encoding/json's default would send \u0026, \u003c and \u003e).
func TestTheSeedsCallGoesOutByteForByte(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusCreated, checkoutJSON(t)))
	c := srv.client(t)
	const successURL = "https://example.com/success?checkout_id={CHECKOUT_ID}&plan=pro&x=<b>"
	co, err := c.Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: successURL})
	if err != nil {
		t.Fatal(err)
	}
	if co.ID != checkoutID || co.Status != polar.CheckoutStatusOpen {
		t.Errorf("Create = %s %s, want the fixture", co.ID, co.Status)
	}
	want := `{"product_price_id":"` + priceID + `","success_url":"` + successURL + `"}`
	if got := string(srv.requests()[0].Body); got != want {
		t.Errorf("body:\n got %s\nwant %s", got, want)
	}
}

func TestCreateBodyForms(t *testing.T) {
	t.Parallel()
	missing := func(key string) polar.FieldError {
		return polar.FieldError{Loc: []string{"body", key}, Msg: "Field required", Type: "missing"}
	}
	twoForms := []polar.FieldError{{Loc: []string{"body"}, Msg: "Set exactly one of products, product_id and product_price_id", Type: "value_error"}}
	for _, tc := range []struct {
		name     string
		params   polar.CheckoutCreate
		wantBody string
		want     []polar.FieldError
	}{
		{name: "products", params: polar.CheckoutCreate{Products: []string{productID, product2ID}},
			wantBody: `{"products":["` + productID + `","` + product2ID + `"]}`},
		{name: "product_id", params: polar.CheckoutCreate{ProductID: productID},
			wantBody: `{"product_id":"` + productID + `"}`},
		{name: "product_price_id", params: polar.CheckoutCreate{ProductPriceID: priceID},
			wantBody: `{"product_price_id":"` + priceID + `"}`},
		{name: "none lists the key each of Polar's forms misses", params: polar.CheckoutCreate{SuccessURL: seedSuccessURL},
			want: []polar.FieldError{missing("products"), missing("product_id"), missing("product_price_id")}},
		{name: "products and product_id", params: polar.CheckoutCreate{Products: []string{productID}, ProductID: productID}, want: twoForms},
		{name: "product_id and product_price_id", params: polar.CheckoutCreate{ProductID: productID, ProductPriceID: priceID}, want: twoForms},
		{name: "all three", params: polar.CheckoutCreate{Products: []string{productID}, ProductID: productID, ProductPriceID: priceID}, want: twoForms},
		{name: "empty products", params: polar.CheckoutCreate{Products: []string{}},
			want: []polar.FieldError{{Loc: []string{"body", "products"}, Msg: "List should have at least 1 item after validation, not 0", Type: "too_short"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, serveJSON(http.StatusCreated, checkoutJSON(t)))
			co, err := srv.client(t).Checkouts.Create(context.Background(), tc.params)
			if tc.want == nil {
				if err != nil || co == nil {
					t.Fatalf("Create = %v, %v", co, err)
				}
				if got := string(srv.requests()[0].Body); got != tc.wantBody {
					t.Errorf("body = %s, want %s", got, tc.wantBody)
				}
				return
			}
			checkRefused(t, srv, co, err, tc.want)
		})
	}
}

// checkRefused checks that err is a refusal before sending with exactly
// want, that the result is nil and that srv saw nothing.
func checkRefused[T any](t *testing.T, srv *recorder, got *T, err error, want []polar.FieldError) {
	t.Helper()
	var verr *polar.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v (%T), want *polar.ValidationError", err, err)
	}
	if got != nil {
		t.Errorf("result = %+v, want nil", got)
	}
	if verr.StatusCode != 0 || verr.Body != nil {
		t.Errorf("StatusCode = %d, Body = %q; want 0 and nil (nothing sent)", verr.StatusCode, verr.Body)
	}
	if want != nil {
		if diff := cmp.Diff(want, verr.Errors); diff != "" {
			t.Errorf("Errors (-want +got):\n%s", diff)
		}
	}
	if !strings.HasPrefix(err.Error(), "polar: invalid request: ") {
		t.Errorf("message %q", err)
	}
	if n := len(srv.requests()); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

// TestBadInputIsRefusedBeforeSending: input Polar would answer with a 422
// for certain is refused with Polar's own words and nothing is sent.
func TestBadInputIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	fe := func(typ, msg string, loc ...string) polar.FieldError {
		return polar.FieldError{Loc: loc, Msg: msg, Type: typ}
	}
	const (
		badUUID  = "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1"
		notV4    = "UUID version 4 expected"
		uuidV1   = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
		badEmail = "not-an-email"
	)
	long := func(n int) string { return strings.Repeat("k", n) }
	many := map[string]any{}
	for i := range 51 {
		many["k"+itoa(i)] = "v"
	}
	create := func(edit func(*polar.CheckoutCreate)) func(context.Context, *polar.Client) (any, error) {
		return func(ctx context.Context, c *polar.Client) (any, error) {
			p := polar.CheckoutCreate{Products: []string{productID}}
			edit(&p)
			co, err := c.Checkouts.Create(ctx, p)
			return nilIfNil(co), err
		}
	}
	update := func(p polar.CheckoutUpdate) func(context.Context, *polar.Client) (any, error) {
		return func(ctx context.Context, c *polar.Client) (any, error) {
			co, err := c.Checkouts.Update(ctx, checkoutID, p)
			return nilIfNil(co), err
		}
	}
	list := func(p polar.CheckoutListParams) func(context.Context, *polar.Client) (any, error) {
		return func(ctx context.Context, c *polar.Client) (any, error) {
			l, err := c.Checkouts.List(ctx, p)
			return nilIfNil(l), err
		}
	}
	all := func(p polar.CheckoutListParams) func(context.Context, *polar.Client) (any, error) {
		return func(ctx context.Context, c *polar.Client) (any, error) {
			n := 0
			var last error
			for co, err := range c.Checkouts.All(ctx, p) {
				n++
				last = err
				if co != nil {
					return co, err
				}
			}
			if n != 1 {
				t.Errorf("All yielded %d pairs, want the one error", n)
			}
			return nil, last
		}
	}
	get := func(id string) func(context.Context, *polar.Client) (any, error) {
		return func(ctx context.Context, c *polar.Client) (any, error) {
			co, err := c.Checkouts.Get(ctx, id)
			return nilIfNil(co), err
		}
	}
	secret := func(s string) []func(context.Context, *polar.Client) (any, error) {
		return []func(context.Context, *polar.Client) (any, error){
			func(ctx context.Context, c *polar.Client) (any, error) {
				co, err := c.Checkouts.ClientGet(ctx, s)
				return nilIfNil(co), err
			},
			func(ctx context.Context, c *polar.Client) (any, error) {
				co, err := c.Checkouts.ClientUpdate(ctx, s, polar.CheckoutUpdatePublic{})
				return nilIfNil(co), err
			},
			func(ctx context.Context, c *polar.Client) (any, error) {
				co, err := c.Checkouts.ClientConfirm(ctx, s, polar.CheckoutConfirmStripe{})
				return nilIfNil(co), err
			},
		}
	}
	type row struct {
		name string
		call func(context.Context, *polar.Client) (any, error)
		want []polar.FieldError
	}
	rows := []row{
		{"duplicate products", create(func(p *polar.CheckoutCreate) { p.Products = []string{productID, strings.ToUpper(productID)} }),
			[]polar.FieldError{fe("value_error", "Value error, Product IDs must be unique.", "body", "products")}},
		{"malformed product in products", create(func(p *polar.CheckoutCreate) { p.Products = []string{productID, "not-a-uuid"} }),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "body", "products", "1")}},
		{"UUID v1 in products", create(func(p *polar.CheckoutCreate) { p.Products = []string{uuidV1} }),
			[]polar.FieldError{fe("uuid_version", notV4, "body", "products", "0")}},
		{"malformed product_id", create(func(p *polar.CheckoutCreate) { p.Products, p.ProductID = nil, "not-a-uuid" }),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "body", "product_id")}},
		{"malformed product_price_id", create(func(p *polar.CheckoutCreate) { p.Products, p.ProductPriceID = nil, "not-a-uuid" }),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "body", "product_price_id")}},
		{"malformed discount_id", create(func(p *polar.CheckoutCreate) { p.DiscountID = polar.String("not-a-uuid") }),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "body", "discount_id")}},
		{"UUID v1 customer_id", create(func(p *polar.CheckoutCreate) { p.CustomerID = polar.String(uuidV1) }),
			[]polar.FieldError{fe("uuid_version", notV4, "body", "customer_id")}},
		{"relative success_url", create(func(p *polar.CheckoutCreate) { p.SuccessURL = "/success" }),
			[]polar.FieldError{fe("url_parsing", "Input should be a valid URL, relative URL without a base", "body", "success_url")}},
		{"ftp return_url", create(func(p *polar.CheckoutCreate) { p.ReturnURL = "ftp://example.com/back" }),
			[]polar.FieldError{fe("url_scheme", "URL scheme should be 'http' or 'https'", "body", "return_url")}},
		{"malformed e-mail", create(func(p *polar.CheckoutCreate) { p.CustomerEmail = badEmail }), nil},
		{"51 metadata keys", create(func(p *polar.CheckoutCreate) { p.Metadata = many }),
			[]polar.FieldError{fe("too_long", "Dictionary should have at most 50 items after validation, not 51", "body", "metadata")}},
		{"41-character metadata key", create(func(p *polar.CheckoutCreate) { p.Metadata = map[string]any{long(41): "v"} }),
			[]polar.FieldError{fe("string_too_long", "String should have at most 40 characters", "body", "metadata", long(41), "[key]")}},
		{"501-character metadata value", create(func(p *polar.CheckoutCreate) { p.CustomerMetadata = map[string]any{"k": long(501)} }),
			[]polar.FieldError{fe("string_too_long", "String should have at most 500 characters", "body", "customer_metadata", "k", "str")}},
		{"non-scalar metadata value", create(func(p *polar.CheckoutCreate) { p.Metadata = map[string]any{"k": []string{"a"}} }),
			[]polar.FieldError{fe("string_type", "Input should be a valid string", "body", "metadata", "k", "str")}},
		{"trial_interval without its count", create(func(p *polar.CheckoutCreate) { d := polar.TrialIntervalDay; p.TrialInterval = &d }),
			[]polar.FieldError{fe("missing", "Both trial_interval and trial_interval_count must be set together.", "body")}},
		{"empty id", get(""), []polar.FieldError{fe("missing", "Field required", "path", "id")}},
		{"malformed id", get("not-a-uuid"), []polar.FieldError{fe("uuid_parsing", badUUID, "path", "id")}},
		{"UUID v1 id", get(uuidV1), []polar.FieldError{fe("uuid_version", notV4, "path", "id")}},
		{"id naming another path", get("../" + checkoutID), nil},
		{"update: malformed id", func(ctx context.Context, c *polar.Client) (any, error) {
			co, err := c.Checkouts.Update(ctx, "..", polar.CheckoutUpdate{})
			return nilIfNil(co), err
		}, nil},
		{"update: malformed product_id", update(polar.CheckoutUpdate{ProductID: polar.Set("not-a-uuid")}),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "body", "product_id")}},
		{"update: malformed discount_id", update(polar.CheckoutUpdate{DiscountID: polar.Set("not-a-uuid")}),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "body", "discount_id")}},
		{"update: relative success_url", update(polar.CheckoutUpdate{SuccessURL: polar.Set("success")}), nil},
		{"update: malformed e-mail", update(polar.CheckoutUpdate{CustomerEmail: polar.Set(badEmail)}), nil},
		{"update: 51 metadata keys", update(polar.CheckoutUpdate{Metadata: polar.Set(many)}), nil},
		{"client update: malformed product_price_id", func(ctx context.Context, c *polar.Client) (any, error) {
			co, err := c.Checkouts.ClientUpdate(ctx, clientSecret, polar.CheckoutUpdatePublic{ProductPriceID: polar.Set("not-a-uuid")})
			return nilIfNil(co), err
		}, []polar.FieldError{fe("uuid_parsing", badUUID, "body", "product_price_id")}},
		{"client confirm: malformed e-mail", func(ctx context.Context, c *polar.Client) (any, error) {
			co, err := c.Checkouts.ClientConfirm(ctx, clientSecret, polar.CheckoutConfirmStripe{CustomerEmail: polar.Set(badEmail)})
			return nilIfNil(co), err
		}, nil},
		{"list: malformed product filter", list(polar.CheckoutListParams{ProductID: []string{productID, "not-a-uuid"}}),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "query", "product_id", "1")}},
		{"list: UUID v1 organization filter", list(polar.CheckoutListParams{OrganizationID: []string{uuidV1}}),
			[]polar.FieldError{fe("uuid_version", notV4, "query", "organization_id", "0")}},
		{"list: malformed customer filter", list(polar.CheckoutListParams{CustomerID: []string{"x"}}), nil},
		{"list: unknown status", list(polar.CheckoutListParams{Status: []polar.CheckoutStatus{"paid"}}),
			[]polar.FieldError{fe("enum", "Input should be 'open', 'expired', 'confirmed', 'succeeded' or 'failed'", "query", "status", "0")}},
		{"list: unknown sorting", list(polar.CheckoutListParams{Sorting: []polar.CheckoutSortProperty{"-created_at", "amount"}}),
			[]polar.FieldError{fe("enum", "Input should be 'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'", "query", "sorting", "1")}},
		{"list: negative page", list(polar.CheckoutListParams{Page: -1}),
			[]polar.FieldError{fe("greater_than", "Input should be greater than 0", "query", "page")}},
		{"list: negative limit", list(polar.CheckoutListParams{Limit: -5}),
			[]polar.FieldError{fe("greater_than", "Input should be greater than 0", "query", "limit")}},
		{"all: malformed product filter", all(polar.CheckoutListParams{ProductID: []string{"not-a-uuid"}}),
			[]polar.FieldError{fe("uuid_parsing", badUUID, "query", "product_id", "0")}},
		{"all: negative limit", all(polar.CheckoutListParams{Limit: -1}), nil},
	}
	for i, name := range []string{"client get", "client update", "client confirm"} {
		rows = append(rows,
			row{name + ": empty secret", secret("")[i], []polar.FieldError{fe("missing", "Field required", "path", "client_secret")}},
			row{name + ": secret .", secret(".")[i], []polar.FieldError{fe("value_error", `a client secret of "." would name another endpoint`, "path", "client_secret")}},
			row{name + ": secret ..", secret("..")[i], []polar.FieldError{fe("value_error", `a client secret of ".." would name another endpoint`, "path", "client_secret")}},
		)
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
			got, err := tc.call(context.Background(), srv.client(t))
			if got != nil {
				t.Errorf("result = %v, want nil", got)
			}
			checkRefused[struct{}](t, srv, nil, err, tc.want)
		})
	}
}

// nilIfNil turns a typed nil into an untyped one.
func nilIfNil[T any](v *T) any {
	if v == nil {
		return nil
	}
	return v
}

func TestEmailRefusalIsPolarShaped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		email string
		ok    bool
	}{
		{"jane@example.com", true},
		{"jane.doe+shop@mail.example.co.uk", true},
		{"Jane <jane@example.com>", true}, // Polar accepts and normalizes this form
		{"not-an-email", false},
		{"jane@localhost", false},
		{"jane@example.test", false},
		{"jane@@example.com", false},
	} {
		srv := newRecorder(t, serveJSON(http.StatusCreated, checkoutJSON(t)))
		_, err := srv.client(t).Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: priceID, CustomerEmail: tc.email})
		var verr *polar.ValidationError
		switch {
		case tc.ok && err != nil:
			t.Errorf("email %q refused: %v", tc.email, err)
		case !tc.ok && !errors.As(err, &verr):
			t.Errorf("email %q: err = %v, want *ValidationError", tc.email, err)
		case !tc.ok:
			f := verr.Errors[0]
			if len(verr.Errors) != 1 || !cmp.Equal(f.Loc, []string{"body", "customer_email"}) || f.Type != "value_error" ||
				!strings.HasPrefix(f.Msg, "value is not a valid email address: ") || verr.StatusCode != 0 {
				t.Errorf("email %q: %+v, want one value_error at body.customer_email", tc.email, verr.Errors)
			}
			if len(srv.requests()) != 0 {
				t.Errorf("email %q: request was sent", tc.email)
			}
		}
	}
}

// TestNeverStricterThanPolar: what Polar accepts is sent.
func TestNeverStricterThanPolar(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		call      func(context.Context, *polar.Client) error
		wantQuery string
		wantBody  string
	}{
		{"a limit of 500 is Polar's to clamp", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.List(ctx, polar.CheckoutListParams{Limit: 500})
			return err
		}, "limit=500", ""},
		{"an upper-case id", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.Get(ctx, strings.ToUpper(checkoutID))
			return err
		}, "", ""},
		{"upper-case ids in a filter", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.List(ctx, polar.CheckoutListParams{ProductID: []string{strings.ToUpper(productID)}})
			return err
		}, "product_id=" + strings.ToUpper(productID), ""},
		{"an http success URL and {CHECKOUT_ID}", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.Create(ctx, polar.CheckoutCreate{Products: []string{productID}, SuccessURL: "http://localhost:8080/ok?id={CHECKOUT_ID}"})
			return err
		}, "", `{"products":["` + productID + `"],"success_url":"http://localhost:8080/ok?id={CHECKOUT_ID}"}`},
		{"{CHECKOUT_ID} in a path of the return URL", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.Update(ctx, checkoutID, polar.CheckoutUpdate{ReturnURL: polar.Set("https://example.com/{CHECKOUT_ID}/back")})
			return err
		}, "", `{"return_url":"https://example.com/{CHECKOUT_ID}/back"}`},
		{"metadata at the limits", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.Create(ctx, polar.CheckoutCreate{ProductID: productID, Metadata: map[string]any{
				strings.Repeat("k", 40): strings.Repeat("v", 500), "n": 1, "f": 1.5, "b": true}})
			return err
		}, "", ""},
		{"any client secret Polar could issue or not", func(ctx context.Context, c *polar.Client) error {
			_, err := c.Checkouts.ClientGet(ctx, "...")
			return err
		}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/checkouts/" && r.Method == http.MethodGet {
					serveJSON(200, listJSON(1, 1, checkoutJSON(t)))(w, r)
					return
				}
				serveJSON(200, publicJSON(t))(w, r)
			})
			if err := tc.call(context.Background(), srv.client(t)); err != nil {
				t.Fatalf("refused: %v", err)
			}
			r := srv.requests()
			if len(r) != 1 {
				t.Fatalf("server saw %d requests", len(r))
			}
			if tc.wantQuery != "" && r[0].RawQuery != tc.wantQuery {
				t.Errorf("query = %q, want %q", r[0].RawQuery, tc.wantQuery)
			}
			if tc.wantBody != "" && string(r[0].Body) != tc.wantBody {
				t.Errorf("body = %s, want %s", r[0].Body, tc.wantBody)
			}
		})
	}
}

// TestPathParametersAreEscaped: a client secret is any string, so /, ?, #
// and % are escaped and never name another endpoint; an id is a UUID, sent
// as given.
func TestPathParametersAreEscaped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ secret, wantPath string }{
		{"polar_c_abc", "/v1/checkouts/client/polar_c_abc"},
		{"a/b", "/v1/checkouts/client/a%2Fb"},
		{"../" + checkoutID, "/v1/checkouts/client/..%2F" + checkoutID},
		{"x/confirm", "/v1/checkouts/client/x%2Fconfirm"},
		{"a?b=c#d", "/v1/checkouts/client/a%3Fb=c%23d"},
		{"a b%2F", "/v1/checkouts/client/a%20b%252F"},
		{"%2e%2e", "/v1/checkouts/client/%252e%252e"},
		{"...", "/v1/checkouts/client/..."},
	} {
		srv := newRecorder(t, serveJSON(http.StatusOK, publicJSON(t)))
		c := srv.client(t)
		ctx := context.Background()
		if _, err := c.Checkouts.ClientGet(ctx, tc.secret); err != nil {
			t.Errorf("ClientGet(%q): %v", tc.secret, err)
		}
		if _, err := c.Checkouts.ClientUpdate(ctx, tc.secret, polar.CheckoutUpdatePublic{}); err != nil {
			t.Errorf("ClientUpdate(%q): %v", tc.secret, err)
		}
		reqs := srv.requests()
		if len(reqs) != 2 {
			t.Fatalf("%q: %d requests", tc.secret, len(reqs))
		}
		for _, r := range reqs {
			if r.Path != tc.wantPath || r.RawQuery != "" {
				t.Errorf("secret %q asked %s %s?%s, want %s", tc.secret, r.Method, r.Path, r.RawQuery, tc.wantPath)
			}
		}
	}
	// Confirm appends /confirm after the escaped secret.
	srv := newRecorder(t, serveJSON(http.StatusOK, confirmedJSON(t)))
	if _, err := srv.client(t).Checkouts.ClientConfirm(context.Background(), "a/b?c", polar.CheckoutConfirmStripe{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Path; got != "/v1/checkouts/client/a%2Fb%3Fc/confirm" {
		t.Errorf("confirm path = %s", got)
	}
}

func TestABaseURLPathPrefixIsKept(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, serveJSON(o.status, o.reply(t)))
		c := srv.client(t, polar.WithBaseURL(srv.URL+"/proxy/polar"))
		if _, err := o.call(context.Background(), c); err != nil {
			t.Fatal(err)
		}
		if got, want := srv.requests()[0].Path, "/proxy/polar"+o.path; got != want {
			t.Errorf("path = %s, want %s", got, want)
		}
	})
}

func TestListSendsFiltersAsRepeatedKeys(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		params polar.CheckoutListParams
		want   string
	}{
		{"zero values send nothing", polar.CheckoutListParams{}, ""},
		{"status repeated", polar.CheckoutListParams{Status: []polar.CheckoutStatus{polar.CheckoutStatusOpen, polar.CheckoutStatusExpired}},
			"status=open&status=expired"},
		{"every filter", polar.CheckoutListParams{
			OrganizationID:     []string{orgID},
			ProductID:          []string{productID, product2ID},
			CustomerID:         []string{customerID},
			ExternalCustomerID: []string{"user 42", "a&b"},
			Status:             []polar.CheckoutStatus{polar.CheckoutStatusSucceeded},
			Query:              "jane@example.com",
			Page:               3,
			Limit:              25,
			Sorting:            []polar.CheckoutSortProperty{polar.CheckoutSortPropertyMinusCreatedAt, polar.CheckoutSortPropertyStatus},
		}, "organization_id=" + orgID + "&product_id=" + productID + "&product_id=" + product2ID + "&customer_id=" + customerID +
			"&external_customer_id=user+42&external_customer_id=a%26b&status=succeeded&query=jane%40example.com&page=3&limit=25" +
			"&sorting=-created_at&sorting=status"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, serveJSON(http.StatusOK, listJSON(1, 1, checkoutJSON(t))))
			l, err := srv.client(t).Checkouts.List(context.Background(), tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Items) != 1 || l.Items[0].ID != checkoutID || l.Pagination != (polar.Pagination{TotalCount: 1, MaxPage: 1}) {
				t.Errorf("List = %+v", l.Pagination)
			}
			r := srv.requests()[0]
			if r.Path != "/v1/checkouts/" || r.RawQuery != tc.want {
				t.Errorf("request %s?%s, want /v1/checkouts/?%s", r.Path, r.RawQuery, tc.want)
			}
		})
	}
}

func TestNilContextIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, serveJSON(o.status, o.reply(t)))
		var ctx context.Context // a nil context, as a caller's bug would pass
		if id, err := o.call(ctx, srv.client(t)); err == nil || id != "" {
			t.Errorf("call(nil ctx) = %q, %v; want an error", id, err)
		}
		if n := len(srv.requests()); n != 0 {
			t.Errorf("server saw %d requests", n)
		}
	})
}

// TestCheckoutDecodesEverythingAUserNeeds reads the 2026-10 fixture
// through Get and finds every field a shop reads, then re-encodes it to
// what the server sent (undeclared keys aside).
func TestCheckoutDecodesEverythingAUserNeeds(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(http.StatusOK, checkoutJSON(t)))
	co, err := srv.client(t).Checkouts.Get(context.Background(), checkoutID)
	if err != nil {
		t.Fatal(err)
	}
	if co.ID != checkoutID || co.Status != polar.CheckoutStatusOpen || co.ClientSecret != clientSecret ||
		co.URL != "https://polar.sh/checkout/"+clientSecret {
		t.Errorf("identity = %s %s %s %s", co.ID, co.Status, co.ClientSecret, co.URL)
	}
	if got := co.ExpiresAt.UTC().Format("2006-01-02T15:04:05.000000Z"); got != "2026-08-23T08:47:05.123456Z" {
		t.Errorf("ExpiresAt = %s", got)
	}
	if co.Amount != 1900 || co.DiscountAmount != 190 || co.NetAmount != 1710 || co.TotalAmount != 1710 || co.TaxAmount != nil || co.Currency != "usd" {
		t.Errorf("amounts = %d %d %d %d %v %s", co.Amount, co.DiscountAmount, co.NetAmount, co.TotalAmount, co.TaxAmount, co.Currency)
	}
	if co.SuccessURL != "https://shop.example.com/success?checkout_id="+checkoutID+"&source=polar" {
		t.Errorf("SuccessURL = %s", co.SuccessURL)
	}
	if co.CustomerEmail == nil || *co.CustomerEmail != "jane@example.com" || co.CustomerBillingName != nil {
		t.Errorf("customer = %v %v", co.CustomerEmail, co.CustomerBillingName)
	}
	if co.CustomerBillingAddress == nil || co.CustomerBillingAddress.Country != "US" {
		t.Errorf("billing address = %+v", co.CustomerBillingAddress)
	}
	if co.Metadata["cart_id"] != "cart_8271" || co.CustomFieldData["company"] != "Acme Inc." {
		t.Errorf("metadata = %v, custom field data = %v", co.Metadata, co.CustomFieldData)
	}
	if len(co.Products) != 2 || co.Product == nil || co.Product.Name != "Pro Plan" || len(co.Prices) != 2 {
		t.Fatalf("products = %d, product = %v, prices = %d", len(co.Products), co.Product, len(co.Prices))
	}
	if co.Product.RecurringInterval == nil || *co.Product.RecurringInterval != polar.RecurringIntervalMonth {
		t.Errorf("recurring interval = %v", co.Product.RecurringInterval)
	}

	// The chosen price, and every price by kind.
	v, err := polar.PriceValue(*co.ProductPrice)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := v.(polar.ProductPriceFixed); !ok || p.PriceAmount != 1900 || p.PriceCurrency != "usd" || p.ID != priceID {
		t.Errorf("product_price = %#v, want the fixed 1900 usd price", v)
	}
	kinds := map[string]int{}
	for _, prices := range co.Prices {
		for _, p := range prices {
			v, err := polar.PriceValue(p)
			if err != nil {
				t.Fatal(err)
			}
			switch p := v.(type) {
			case polar.ProductPriceFixed:
				kinds["fixed"]++
			case polar.ProductPriceSeatBased:
				kinds["seat_based"]++
				if len(p.SeatTiers.Tiers) != 2 || p.SeatTiers.Tiers[0].PricePerSeat != 1200 {
					t.Errorf("seat tiers = %+v", p.SeatTiers)
				}
			default:
				t.Errorf("price kind %T", v)
			}
		}
	}
	if kinds["fixed"] != 2 || kinds["seat_based"] != 1 {
		t.Errorf("price kinds = %v, want 2 fixed and 1 seat_based", kinds)
	}

	if co.Discount == nil {
		t.Fatal("no discount")
	}
	d, err := polar.DiscountValue(*co.Discount)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := d.(polar.CheckoutDiscountPercentageOnceForeverDuration); !ok || p.BasisPoints != 1000 || p.Code == nil || *p.Code != "AUTUMN10" {
		t.Errorf("discount = %#v, want 10%% once AUTUMN10", d)
	}

	if co.AttachedCustomFields == nil || len(*co.AttachedCustomFields) != 1 {
		t.Fatalf("attached custom fields = %v", co.AttachedCustomFields)
	}
	f, err := polar.CustomFieldValue((*co.AttachedCustomFields)[0].CustomField)
	if err != nil {
		t.Fatal(err)
	}
	if text, ok := f.(polar.CustomFieldText); !ok || text.Slug != "company" {
		t.Errorf("custom field = %#v, want the text field company", f)
	}
	if len(co.Product.Benefits) != 2 || len(co.Product.Medias) != 1 || co.Product.Medias[0].PublicURL == nil {
		t.Errorf("benefits = %d, medias = %+v", len(co.Product.Benefits), co.Product.Medias)
	}

	// Re-encoding gives back what Polar sent, but for the undeclared keys
	// (facts §6.7), which a client ignores, and nulls of optional fields,
	// which it leaves out.
	out, err := json.Marshal(co)
	if err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	json.Unmarshal(checkoutJSON(t), &want)
	json.Unmarshal(out, &got)
	for _, k := range []string{"subtotal_amount", "customer_billing_address_fields", "customer_external_id", "units", "min_units", "max_units"} {
		delete(want, k)
		delete(got, k)
	}
	if diff := cmp.Diff(dropNulls(want), dropNulls(got)); diff != "" {
		t.Errorf("re-encoded checkout differs (-sent +re-encoded):\n%s", diff)
	}
}

func TestPublicCheckoutsDecode(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/confirm") {
			serveJSON(200, confirmedJSON(t))(w, r)
			return
		}
		serveJSON(200, publicJSON(t))(w, r)
	})
	c := srv.client(t)
	pub, err := c.Checkouts.ClientGet(context.Background(), clientSecret)
	if err != nil {
		t.Fatal(err)
	}
	if pub.ID != checkoutID || pub.Organization.Slug != "acme" || pub.Status != polar.CheckoutStatusOpen || pub.TotalAmount != 1710 {
		t.Errorf("CheckoutPublic = %s %q %s %d", pub.ID, pub.Organization.Slug, pub.Status, pub.TotalAmount)
	}
	conf, err := c.Checkouts.ClientConfirm(context.Background(), clientSecret, polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1")})
	if err != nil {
		t.Fatal(err)
	}
	if conf.Status != "confirmed" || conf.CustomerSessionToken == nil || *conf.CustomerSessionToken != "polar_cst_abc" {
		t.Errorf("CheckoutPublicConfirmed = %s %v", conf.Status, conf.CustomerSessionToken)
	}
}

// dropNulls removes the null members of every object in v.
func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
				continue
			}
			v[k] = dropNulls(e)
		}
	case []any:
		for i := range v {
			v[i] = dropNulls(v[i])
		}
	}
	return v
}
