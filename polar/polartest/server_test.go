package polartest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

const successURL = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"

// response is what the server answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

func newServer(t *testing.T) *polartest.Server {
	t.Helper()
	s := polartest.NewServer()
	t.Cleanup(s.Close)
	return s
}

// withToken sets the server's bearer token on a request.
func withToken(s *polartest.Server) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+s.AccessToken) }
}

// send sends a request to s and returns the answer, after checking it
// against openapi.yaml. path is escaped, as sent.
func send(t *testing.T, c *http.Client, s *polartest.Server, method, path, body string, edits ...func(*http.Request)) response {
	t.Helper()
	req, r, err := roundTrip(c, s, method, path, body, edits...)
	if err != nil {
		t.Fatal(err)
	}
	if err := spectest.ValidateResponse(t, req, r.status, r.header, r.body); err != nil {
		t.Errorf("response does not conform to openapi.yaml: %v\nbody: %s", err, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	return r
}

// roundTrip sends a request to s and reads the answer. It may be called
// from any goroutine.
func roundTrip(c *http.Client, s *polartest.Server, method, path, body string, edits ...func(*http.Request)) (*http.Request, response, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		return nil, response{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, edit := range edits {
		edit(req)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, response{}, err
	}
	return req, response{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// create sends a CheckoutCreate body with the server's token.
func create(t *testing.T, s *polartest.Server, body string) response {
	t.Helper()
	return send(t, http.DefaultClient, s, http.MethodPost, "/v1/checkouts/", body, withToken(s))
}

// get asks for a checkout by escaped id with the server's token.
func get(t *testing.T, s *polartest.Server, escapedID string) response {
	t.Helper()
	return send(t, http.DefaultClient, s, http.MethodGet, "/v1/checkouts/"+escapedID, "", withToken(s))
}

// checkJSON fails unless got and want are the same JSON document.
func checkJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body =\n%s\nwant\n%s", bytes.TrimSpace(got), want)
	}
}

func checkStatus(t *testing.T, got response, want int) {
	t.Helper()
	if got.status != want {
		t.Fatalf("status = %d, want %d; body: %s", got.status, want, got.body)
	}
}

// wireCheckout is the part of a Checkout body the tests look at, decoded
// without the generated unions.
type wireCheckout struct {
	ID            string          `json:"id"`
	URL           *string         `json:"url"`
	CustomerEmail *string         `json:"customer_email"`
	CustomerName  *string         `json:"customer_name"`
	Product       json.RawMessage `json:"product"`
	ProductPrice  struct {
		ID                string  `json:"id"`
		Type              string  `json:"type"`
		PriceAmount       int     `json:"price_amount"`
		PriceCurrency     string  `json:"price_currency"`
		RecurringInterval *string `json:"recurring_interval"`
	} `json:"product_price"`
}

func decodeCheckout(t *testing.T, body []byte) wireCheckout {
	t.Helper()
	var c wireCheckout
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatalf("decode checkout: %v\n%s", err, body)
	}
	return c
}

var (
	checkoutIDRE = regexp.MustCompile(`^cs_test_[0-9A-Za-z]{58}$`)
	uuid4RE      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	timestampRE  = regexp.MustCompile(`"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[^"]*"`)
	microsZRE    = regexp.MustCompile(`^"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z"$`)
)

func TestPriceIDsAreUUID4(t *testing.T) {
	t.Parallel()
	for _, id := range []string{polartest.OneTimePriceID, polartest.RecurringPriceID} {
		if !uuid4RE.MatchString(id) {
			t.Errorf("%q is not a lower-case UUID v4", id)
		}
	}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	tests := []struct {
		name      string
		body      string
		wantPrice string
		wantType  string
		wantEmail *string
		interval  *string
	}{
		{
			name:      "recurring price with customer email",
			body:      `{"product_price_id":"` + polartest.RecurringPriceID + `","success_url":"` + successURL + `","customer_email":"jane@example.com"}`,
			wantPrice: polartest.RecurringPriceID,
			wantType:  "recurring",
			wantEmail: polar.String("jane@example.com"),
			interval:  polar.String("month"),
		},
		{
			name:      "one-time price without customer email",
			body:      `{"product_price_id":"` + polartest.OneTimePriceID + `","success_url":"https://example.com/thanks"}`,
			wantPrice: polartest.OneTimePriceID,
			wantType:  "one_time",
		},
		{
			name:      "null customer email, upper-case price id",
			body:      `{"product_price_id":"` + strings.ToUpper(polartest.OneTimePriceID) + `","success_url":"http://localhost:3000/ok","customer_email":null}`,
			wantPrice: polartest.OneTimePriceID,
			wantType:  "one_time",
		},
		{
			name:      "braced price id, e-mail with a display name and upper-case domain",
			body:      `{"product_price_id":"{` + polartest.RecurringPriceID + `}","success_url":"https://example.com/s","customer_email":"Jane Doe <Jane.Doe@Example.COM>"}`,
			wantPrice: polartest.RecurringPriceID,
			wantType:  "recurring",
			wantEmail: polar.String("Jane.Doe@example.com"),
			interval:  polar.String("month"),
		},
		{
			name:      "unknown keys are ignored",
			body:      `{"product_price_id":"` + polartest.RecurringPriceID + `","success_url":"https://example.com/s","metadata":{"order":1}}`,
			wantPrice: polartest.RecurringPriceID,
			wantType:  "recurring",
			interval:  polar.String("month"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := create(t, s, tt.body)
			checkStatus(t, r, http.StatusCreated)
			c := decodeCheckout(t, r.body)
			if !checkoutIDRE.MatchString(c.ID) {
				t.Errorf("id = %q, want cs_test_ and 58 letters or digits", c.ID)
			}
			if c.URL == nil || *c.URL != "https://sandbox.polar.sh/checkout/"+c.ID {
				t.Errorf("url = %v, want https://sandbox.polar.sh/checkout/<id>", c.URL)
			}
			if !reflect.DeepEqual(c.CustomerEmail, tt.wantEmail) {
				t.Errorf("customer_email = %v, want %v", deref(c.CustomerEmail), deref(tt.wantEmail))
			}
			p := c.ProductPrice
			if p.ID != tt.wantPrice || p.Type != tt.wantType || p.PriceAmount != 1900 || p.PriceCurrency != "usd" || !reflect.DeepEqual(p.RecurringInterval, tt.interval) {
				t.Errorf("product_price = %+v, want %s %s 1900 usd every %v", p, tt.wantPrice, tt.wantType, deref(tt.interval))
			}
			for _, key := range []string{`"customer_name":null`, `"customer_email":`} {
				if !bytes.Contains(r.body, []byte(key)) {
					t.Errorf("body lacks %s: %s", key, r.body)
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// TestCreateSeededProduct checks the product embedded in a checkout:
// every field Polar sends, nulls written out, six-digit UTC timestamps.
func TestCreateSeededProduct(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	r := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","success_url":"https://example.com/s"}`)
	checkStatus(t, r, http.StatusCreated)
	if err := spectest.ValidateSchema(t, "Checkout", r.body); err != nil {
		t.Error(err)
	}

	var product struct {
		Name           string  `json:"name"`
		Description    *string `json:"description"`
		IsRecurring    bool    `json:"is_recurring"`
		OrganizationID string  `json:"organization_id"`
		Prices         []struct {
			ID   string `json:"id"`
			Type string `json:"type"`
		} `json:"prices"`
		Benefits []struct {
			Type           string          `json:"type"`
			OrganizationID string          `json:"organization_id"`
			Properties     json.RawMessage `json:"properties"`
		} `json:"benefits"`
		Medias []struct {
			Service   string `json:"service"`
			MimeType  string `json:"mime_type"`
			PublicURL string `json:"public_url"`
		} `json:"medias"`
	}
	if err := json.Unmarshal(decodeCheckout(t, r.body).Product, &product); err != nil {
		t.Fatal(err)
	}
	if product.Name != "Pro Plan" || product.Description == nil || *product.Description == "" || !product.IsRecurring {
		t.Errorf("product = %q (%v), recurring %v; want Pro Plan, a description, recurring", product.Name, deref(product.Description), product.IsRecurring)
	}
	if !uuid4RE.MatchString(product.OrganizationID) {
		t.Errorf("organization_id = %q, want a UUID v4", product.OrganizationID)
	}
	gotPrices := map[string]string{}
	for _, p := range product.Prices {
		gotPrices[p.ID] = p.Type
	}
	wantPrices := map[string]string{polartest.RecurringPriceID: "recurring", polartest.OneTimePriceID: "one_time"}
	if !reflect.DeepEqual(gotPrices, wantPrices) {
		t.Errorf("prices = %v, want %v", gotPrices, wantPrices)
	}
	if len(product.Benefits) != 2 ||
		product.Benefits[0].Type != "articles" || string(product.Benefits[0].Properties) != `{"paid_articles":true}` ||
		product.Benefits[1].Type != "custom" || product.Benefits[1].Properties != nil {
		t.Errorf("benefits = %+v, want an articles benefit with paid articles and a custom one", product.Benefits)
	}
	for _, b := range product.Benefits {
		if b.OrganizationID != product.OrganizationID {
			t.Errorf("benefit organization_id = %q, want the product's", b.OrganizationID)
		}
	}
	if len(product.Medias) != 1 || product.Medias[0].Service != "product_media" || product.Medias[0].MimeType != "image/png" || !strings.HasPrefix(product.Medias[0].PublicURL, "https://") {
		t.Errorf("medias = %+v, want one product_media PNG", product.Medias)
	}

	stamps := timestampRE.FindAll(r.body, -1)
	if len(stamps) < 8 {
		t.Errorf("found %d timestamps, want every created_at, modified_at and last_modified_at", len(stamps))
	}
	for _, ts := range stamps {
		if !microsZRE.Match(ts) {
			t.Errorf("timestamp %s: want six fraction digits and Z", ts)
		}
	}
	for _, null := range []string{`"modified_at":null`, `"type":null`, `"is_highlighted":null`, `"storage_version":null`, `"version":null`} {
		if !bytes.Contains(r.body, []byte(null)) {
			t.Errorf("body lacks %s", null)
		}
	}
}

func TestGet(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	created := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`","success_url":"`+successURL+`","customer_email":"jane@example.com"}`)
	checkStatus(t, created, http.StatusCreated)
	id := decodeCheckout(t, created.body).ID

	r := get(t, s, id)
	checkStatus(t, r, http.StatusOK)
	if !bytes.Equal(r.body, created.body) {
		t.Errorf("get body differs from create body:\n%s\n%s", r.body, created.body)
	}
}

func TestGetUnknown(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, id := range []string{"cs_test_unknown", "..%2Fx", "%2E%2E", "a%20b"} {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			r := get(t, s, id)
			checkStatus(t, r, http.StatusNotFound)
			checkJSON(t, r.body, `{"error":"ResourceNotFound","detail":"Not found"}`)
		})
	}
}

func TestUnauthorized(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	other := newServer(t)
	createBody := `{"product_price_id":"` + polartest.RecurringPriceID + `","success_url":"https://example.com/s"}`
	auths := []struct {
		name  string
		value string // "" leaves the header out
	}{
		{"missing header", ""},
		{"wrong token", "Bearer polar_oat_wrong"},
		{"another server's token", "Bearer " + other.AccessToken},
		{"token without scheme", s.AccessToken},
		{"basic scheme", "Basic " + s.AccessToken},
		{"empty bearer", "Bearer "},
	}
	ops := []struct {
		name, method, path, body string
	}{
		{"create", http.MethodPost, "/v1/checkouts/", createBody},
		{"get", http.MethodGet, "/v1/checkouts/cs_test_x", ""},
	}
	for _, op := range ops {
		for _, a := range auths {
			t.Run(op.name+"/"+a.name, func(t *testing.T) {
				t.Parallel()
				r := send(t, http.DefaultClient, s, op.method, op.path, op.body, func(r *http.Request) {
					if a.value != "" {
						r.Header.Set("Authorization", a.value)
					}
				})
				checkStatus(t, r, http.StatusUnauthorized)
				if got := r.header.Get("WWW-Authenticate"); got != `Bearer realm="polar"` {
					t.Errorf("WWW-Authenticate = %q", got)
				}
				checkJSON(t, r.body, `{"error":"Unauthorized","detail":"Unauthorized"}`)
			})
		}
	}
	t.Run("bearer scheme is case-insensitive", func(t *testing.T) {
		t.Parallel()
		r := send(t, http.DefaultClient, s, http.MethodPost, "/v1/checkouts/", createBody, func(r *http.Request) {
			r.Header.Set("Authorization", "bearer "+s.AccessToken)
		})
		checkStatus(t, r, http.StatusCreated)
	})
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	price := `"product_price_id":"` + polartest.RecurringPriceID + `"`
	url := `"success_url":"https://example.com/s"`
	tests := []struct {
		name string
		body string
		want string // the detail array
	}{
		{
			name: "empty object: every missing field",
			body: `{}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Field required","type":"missing"},
				{"loc":["body","success_url"],"msg":"Field required","type":"missing"}]`,
		},
		{
			name: "missing success_url",
			body: `{` + price + `}`,
			want: `[{"loc":["body","success_url"],"msg":"Field required","type":"missing"}]`,
		},
		{
			name: "keys are case-sensitive",
			body: `{"Product_Price_ID":"` + polartest.RecurringPriceID + `",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Field required","type":"missing"}]`,
		},
		{
			name: "empty body",
			body: ``,
			want: `[{"loc":["body"],"msg":"Field required","type":"missing"}]`,
		},
		{
			name: "null body",
			body: `null`,
			want: `[{"loc":["body"],"msg":"Field required","type":"missing"}]`,
		},
		{
			name: "not JSON",
			body: `product_price_id=x`,
			want: `[{"loc":["body",0],"msg":"JSON decode error","type":"json_invalid"}]`,
		},
		{
			name: "truncated JSON",
			body: `{"product_price_id":`,
			want: `[{"loc":["body",20],"msg":"JSON decode error","type":"json_invalid"}]`,
		},
		{
			name: "bad character after non-ASCII text",
			body: `{"customer_email":"é" x}`,
			want: `[{"loc":["body",22],"msg":"JSON decode error","type":"json_invalid"}]`,
		},
		{
			name: "JSON array",
			body: `[]`,
			want: `[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type"}]`,
		},
		{
			name: "malformed UUID: bad character",
			body: `{"product_price_id":"not-a-uuid",` + url + `}`,
			want: "[{\"loc\":[\"body\",\"product_price_id\"],\"msg\":\"Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1\",\"type\":\"uuid_parsing\"}]",
		},
		{
			name: "malformed UUID: too short",
			body: `{"product_price_id":"1234",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Input should be a valid UUID, invalid length: expected length 32 for simple format, found 4","type":"uuid_parsing"}]`,
		},
		{
			name: "malformed UUID: empty",
			body: `{"product_price_id":"",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Input should be a valid UUID, invalid length: expected length 32 for simple format, found 0","type":"uuid_parsing"}]`,
		},
		{
			name: "malformed UUID: group count",
			body: `{"product_price_id":"4fc1ca0a-c955",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Input should be a valid UUID, invalid group count: expected 5, found 2","type":"uuid_parsing"}]`,
		},
		{
			name: "malformed UUID: group length",
			body: `{"product_price_id":"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Input should be a valid UUID, invalid group length in group 4: expected 12, found 11","type":"uuid_parsing"}]`,
		},
		{
			name: "UUID of another version",
			body: `{"product_price_id":"4fc1ca0a-c955-16d8-a2b4-dfedfe3f1eb9",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"UUID version 4 expected","type":"uuid_version"}]`,
		},
		{
			name: "price id of the wrong type (decoder fails)",
			body: `{"product_price_id":123,` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"UUID input should be a string, bytes or UUID object","type":"uuid_type"}]`,
		},
		{
			name: "unknown price",
			body: `{"product_price_id":"0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31",` + url + `}`,
			want: `[{"loc":["body","product_price_id"],"msg":"Price does not exist.","type":"value_error"}]`,
		},
		{
			name: "unknown price is checked only once the body is valid",
			body: `{"product_price_id":"0b0e4b9e-3f8a-4c55-9e0c-2f1d8c6a7b31","success_url":"nope"}`,
			want: `[{"loc":["body","success_url"],"msg":"Input should be a valid URL, relative URL without a base","type":"url_parsing"}]`,
		},
		{
			name: "empty success_url",
			body: `{` + price + `,"success_url":""}`,
			want: `[{"loc":["body","success_url"],"msg":"Input should be a valid URL, input is empty","type":"url_parsing"}]`,
		},
		{
			name: "relative success_url",
			body: `{` + price + `,"success_url":"example.com/success"}`,
			want: `[{"loc":["body","success_url"],"msg":"Input should be a valid URL, relative URL without a base","type":"url_parsing"}]`,
		},
		{
			name: "success_url without host",
			body: `{` + price + `,"success_url":"https://"}`,
			want: `[{"loc":["body","success_url"],"msg":"Input should be a valid URL, empty host","type":"url_parsing"}]`,
		},
		{
			name: "success_url with a bad port",
			body: `{` + price + `,"success_url":"https://example.com:99999/s"}`,
			want: `[{"loc":["body","success_url"],"msg":"Input should be a valid URL, invalid port number","type":"url_parsing"}]`,
		},
		{
			name: "success_url with another scheme",
			body: `{` + price + `,"success_url":"ftp://example.com/s"}`,
			want: `[{"loc":["body","success_url"],"msg":"URL scheme should be 'http' or 'https'","type":"url_scheme"}]`,
		},
		{
			name: "success_url too long",
			body: `{` + price + `,"success_url":"https://example.com/` + strings.Repeat("a", 2064) + `"}`,
			want: `[{"loc":["body","success_url"],"msg":"URL should have at most 2083 characters","type":"url_too_long"}]`,
		},
		{
			name: "success_url of the wrong type",
			body: `{` + price + `,"success_url":null}`,
			want: `[{"loc":["body","success_url"],"msg":"URL input should be a string or URL","type":"url_type"}]`,
		},
		{
			name: "customer_email without @",
			body: `{` + price + `,` + url + `,"customer_email":"jane.example.com"}`,
			want: `[{"loc":["body","customer_email"],"msg":"value is not a valid email address: An email address must have an @-sign.","type":"value_error"}]`,
		},
		{
			name: "customer_email with a space",
			body: `{` + price + `,` + url + `,"customer_email":"jane doe@example.com"}`,
			want: `[{"loc":["body","customer_email"],"msg":"value is not a valid email address: The email address contains invalid characters before the @-sign: SPACE.","type":"value_error"}]`,
		},
		{
			name: "customer_email without a period in the domain",
			body: `{` + price + `,` + url + `,"customer_email":"jane@localhost"}`,
			want: `[{"loc":["body","customer_email"],"msg":"value is not a valid email address: The part after the @-sign is not valid. It should have a period.","type":"value_error"}]`,
		},
		{
			name: "customer_email empty",
			body: `{` + price + `,` + url + `,"customer_email":""}`,
			want: `[{"loc":["body","customer_email"],"msg":"value is not a valid email address: An email address must have an @-sign.","type":"value_error"}]`,
		},
		{
			name: "customer_email of the wrong type",
			body: `{` + price + `,` + url + `,"customer_email":42}`,
			want: `[{"loc":["body","customer_email"],"msg":"Input should be a valid string","type":"string_type"}]`,
		},
		{
			name: "every field wrong at once, in field order",
			body: `{"customer_email":"@example.com","success_url":"mailto:jane@example.com","product_price_id":"xyz"}`,
			want: "[{\"loc\":[\"body\",\"product_price_id\"],\"msg\":\"Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1\",\"type\":\"uuid_parsing\"}," +
				`{"loc":["body","success_url"],"msg":"URL scheme should be 'http' or 'https'","type":"url_scheme"},` +
				`{"loc":["body","customer_email"],"msg":"value is not a valid email address: There must be something before the @-sign.","type":"value_error"}]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := create(t, s, tt.body)
			checkStatus(t, r, http.StatusUnprocessableEntity)
			checkJSON(t, r.body, `{"detail":`+tt.want+`}`)
		})
	}
}

// TestCreateAcceptsPlaceholder checks that the literal
// {CHECKOUT_SESSION_ID} placeholder, braces unescaped, is a valid URL.
func TestCreateAcceptsPlaceholder(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for _, u := range []string{
		successURL,
		"https://example.com/success?checkout_id={CHECKOUT_SESSION_ID}&plan=pro",
		"https://example.com/" + strings.Repeat("a", 2063), // 2083 characters
	} {
		r := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","success_url":"`+u+`"}`)
		checkStatus(t, r, http.StatusCreated)
	}
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		retryAfter string
		want       string
	}{
		{"429 with seconds", http.StatusTooManyRequests, "2", `{"error":"TooManyRequests","detail":"Rate limit exceeded, please retry later"}`},
		{"500", http.StatusInternalServerError, "", `{"error":"InternalServerError","detail":"Internal Server Error"}`},
		{"502", http.StatusBadGateway, "", `{"error":"BadGateway","detail":"Bad Gateway"}`},
		{"503 with a date", http.StatusServiceUnavailable, "Wed, 21 Oct 2026 07:28:00 GMT", `{"error":"ServiceUnavailable","detail":"Service Unavailable"}`},
	}
	ops := []struct {
		name, method, path, body string
	}{
		{"create", http.MethodPost, "/v1/checkouts/", `{"product_price_id":"` + polartest.RecurringPriceID + `","success_url":"https://example.com/s"}`},
		{"get", http.MethodGet, "/v1/checkouts/cs_test_unknown", ""},
	}
	for _, tt := range tests {
		for _, op := range ops {
			t.Run(tt.name+"/"+op.name, func(t *testing.T) {
				t.Parallel()
				s := newServer(t)
				header := http.Header{}
				if tt.retryAfter != "" {
					header.Set("Retry-After", tt.retryAfter)
				}
				s.FailNext(2, tt.status, header)
				header.Set("Retry-After", "changed after the call") // FailNext keeps its own copy
				for i := range 2 {
					// No token: the failure comes before authentication.
					r := send(t, http.DefaultClient, s, op.method, op.path, op.body)
					checkStatus(t, r, tt.status)
					if got := r.header.Get("Retry-After"); got != tt.retryAfter {
						t.Errorf("request %d: Retry-After = %q, want %q", i, got, tt.retryAfter)
					}
					checkJSON(t, r.body, tt.want)
				}
				r := send(t, http.DefaultClient, s, op.method, op.path, op.body)
				checkStatus(t, r, http.StatusUnauthorized)
			})
		}
	}
}

func TestFailNextQueues(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	s.FailNext(0, http.StatusInternalServerError, nil) // does nothing
	s.FailNext(1, http.StatusTooManyRequests, nil)
	s.FailNext(2, http.StatusServiceUnavailable, nil)
	s.FailNext(1, 42, nil) // not a status: sent as 500
	var got []int
	for range 5 {
		got = append(got, get(t, s, "cs_test_unknown").status)
	}
	want := []int{429, 503, 503, 500, 404}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v, want %v", got, want)
	}
}

func TestRequests(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	body := `{"product_price_id":"` + polartest.RecurringPriceID + `","success_url":"` + successURL + `"}`
	s.FailNext(1, http.StatusServiceUnavailable, nil)
	create(t, s, body)                                                    // faulted
	send(t, http.DefaultClient, s, http.MethodGet, "/v1/checkouts/x", "") // no token
	create(t, s, body)
	get(t, s, "..%2Fx")

	reqs := s.Requests()
	type summary struct {
		Method, Path, Auth, ContentType, Body string
	}
	var got []summary
	for _, r := range reqs {
		got = append(got, summary{r.Method, r.Path, r.Header.Get("Authorization"), r.Header.Get("Content-Type"), string(r.Body)})
	}
	bearer := "Bearer " + s.AccessToken
	want := []summary{
		{"POST", "/v1/checkouts/", bearer, "application/json", body},
		{"GET", "/v1/checkouts/x", "", "", ""},
		{"POST", "/v1/checkouts/", bearer, "application/json", body},
		{"GET", "/v1/checkouts/..%2Fx", bearer, "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Requests() =\n%+v\nwant\n%+v", got, want)
	}

	// The result is a copy.
	reqs[0].Body[0] = 'X'
	reqs[0].Header.Set("Authorization", "changed")
	if again := s.Requests(); string(again[0].Body) != body || again[0].Header.Get("Authorization") != bearer {
		t.Error("changing the result of Requests changed the server's record")
	}
}

// TestOffSpecRoutes checks FastAPI's answers outside the two operations.
func TestOffSpecRoutes(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	tests := []struct {
		method, path string
		status       int
		allow        string
		want         string
	}{
		{http.MethodGet, "/v1/checkouts/", http.StatusMethodNotAllowed, "POST", `{"detail":"Method Not Allowed"}`},
		{http.MethodDelete, "/v1/checkouts/cs_test_x", http.StatusMethodNotAllowed, "GET", `{"detail":"Method Not Allowed"}`},
		{http.MethodGet, "/v1/products/", http.StatusNotFound, "", `{"detail":"Not Found"}`},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, s.URL+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d, Allow %q; want %d, Allow %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), tt.status, tt.allow)
		}
		checkJSON(t, b, tt.want)
	}
}

// TestMissingTrailingSlash checks that, as with Starlette's redirect_slashes,
// /v1/checkouts redirects to /v1/checkouts/ with a 307, which keeps the
// method and body.
func TestMissingTrailingSlash(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Post(s.URL+"/v1/checkouts", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "/v1/checkouts/" {
		t.Errorf("POST /v1/checkouts: %d, Location %q; want 307 to /v1/checkouts/", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestConcurrent creates and reads checkouts from 64 goroutines at once:
// nothing is lost and every created checkout can be read back.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	const workers, perWorker = 64, 50
	s := newServer(t)
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	t.Cleanup(c.CloseIdleConnections)
	body := `{"product_price_id":"` + polartest.OneTimePriceID + `","success_url":"https://example.com/s"}`

	ids := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for range perWorker {
				_, r, err := roundTrip(c, s, http.MethodPost, "/v1/checkouts/", body, withToken(s))
				if err != nil || r.status != http.StatusCreated {
					t.Errorf("create: %v %d %s", err, r.status, r.body)
					return
				}
				var created struct{ ID string }
				if err := json.Unmarshal(r.body, &created); err != nil || created.ID == "" {
					t.Errorf("create: no id in %s (%v)", r.body, err)
					return
				}
				ids[w] = append(ids[w], created.ID)
				_, r, err = roundTrip(c, s, http.MethodGet, "/v1/checkouts/"+created.ID, "", withToken(s))
				if err != nil || r.status != http.StatusOK {
					t.Errorf("get %s: %v %d %s", created.ID, err, r.status, r.body)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}

	seen := map[string]bool{}
	for _, list := range ids {
		for _, id := range list {
			if seen[id] {
				t.Fatalf("id %s created twice", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != workers*perWorker {
		t.Fatalf("created %d checkouts, want %d", len(seen), workers*perWorker)
	}
	// Read every one again now that all writers are done.
	for id := range seen {
		if _, r, err := roundTrip(c, s, http.MethodGet, "/v1/checkouts/"+id, "", withToken(s)); err != nil || r.status != http.StatusOK {
			t.Fatalf("get %s after the run: %v %d", id, err, r.status)
		}
	}
	posts, gets := 0, 0
	for _, r := range s.Requests() {
		switch r.Method {
		case http.MethodPost:
			posts++
		case http.MethodGet:
			gets++
		}
	}
	if want := workers * perWorker; posts != want || gets != 2*want {
		t.Errorf("recorded %d POST and %d GET, want %d and %d", posts, gets, want, 2*want)
	}
}

// TestClient uses the facade end to end against the server.
func TestClient(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	client := s.Client()
	ctx := context.Background()

	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		SuccessURL:     successURL,
		CustomerEmail:  polar.String("jane@example.com"),
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	got, err := client.Checkouts.Get(ctx, created.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if got.ID != created.ID || got.Product.Name != "Pro Plan" || deref(got.CustomerEmail) != "jane@example.com" {
		t.Errorf("Get = %s %q %s, want %s Pro Plan jane@example.com", got.ID, got.Product.Name, deref(got.CustomerEmail), created.ID)
	}
	price, err := got.ProductPrice.AsProductPriceRecurring()
	if err != nil || price.ID != polartest.RecurringPriceID || price.PriceAmount != 1900 || price.RecurringInterval == nil || *price.RecurringInterval != polar.ProductPriceRecurringIntervalMonth {
		t.Errorf("product price = %+v (%v), want the monthly 1900 price", price, err)
	}

	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		if err := spectest.ValidateRequest(t, requestOf(t, s, r)); err != nil {
			t.Errorf("the facade sent a request openapi.yaml does not allow: %v", err)
		}
	}
	if !bytes.Contains(reqs[0].Body, []byte(`"success_url":"`+successURL+`"`)) {
		t.Errorf("the placeholder did not reach the server unescaped: %s", reqs[0].Body)
	}
}

// requestOf rebuilds a recorded request, for spectest.
func requestOf(t *testing.T, s *polartest.Server, r polartest.Request) *http.Request {
	t.Helper()
	req, err := http.NewRequest(r.Method, s.URL+r.Path, bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = r.Header
	return req
}

// TestClientErrors checks the errors the facade makes of the server's
// answers.
func TestClientErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	client := s.Client(polar.WithRetryConfig(polar.RetryConfig{}))
	ctx := context.Background()

	_, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{ProductPriceID: "not-a-uuid", SuccessURL: "example.com"})
	var verr *polar.ValidationError
	if !errors.As(err, &verr) || verr.StatusCode != http.StatusUnprocessableEntity || len(verr.Errors) != 2 ||
		verr.Errors[0].Type != "uuid_parsing" || verr.Errors[1].Type != "url_parsing" {
		t.Errorf("Create with a bad id and URL: %v, want a 422 *ValidationError with uuid_parsing and url_parsing", err)
	}

	_, err = client.Checkouts.Get(ctx, "cs_test_unknown")
	if !errors.Is(err, polar.ErrNotFound) {
		t.Errorf("Get unknown: %v, want ErrNotFound", err)
	}

	_, err = s.Client(polar.WithAccessToken("polar_oat_wrong")).Checkouts.Get(ctx, "cs_test_unknown")
	if !errors.Is(err, polar.ErrUnauthorized) {
		t.Errorf("Get with a wrong token: %v, want ErrUnauthorized", err)
	}

	s.FailNext(1, http.StatusTooManyRequests, http.Header{"Retry-After": {"7"}})
	_, err = client.Checkouts.Get(ctx, "cs_test_unknown")
	var aerr *polar.APIError
	if !errors.As(err, &aerr) || !errors.Is(err, polar.ErrRateLimited) || aerr.Name != "TooManyRequests" || aerr.RetryAfter.Seconds() != 7 {
		t.Errorf("Get after FailNext(429): %v, want a rate-limit *APIError with RetryAfter 7s", err)
	}
}

func TestClientRetriesFailNext(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	client := s.Client(polar.WithRetryConfig(polar.RetryConfig{MaxRetries: 2, StatusCodes: []int{503}}))
	s.FailNext(2, http.StatusServiceUnavailable, nil)
	created, err := client.Checkouts.Create(context.Background(), polar.CheckoutCreate{
		ProductPriceID: polartest.OneTimePriceID,
		SuccessURL:     successURL,
	})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("server saw %d requests, want 3", len(reqs))
	}
	for i, r := range reqs[1:] {
		if !bytes.Equal(r.Body, reqs[0].Body) {
			t.Errorf("attempt %d body %s differs from the first %s", i+2, r.Body, reqs[0].Body)
		}
	}
	if _, err := client.Checkouts.Get(context.Background(), created.ID); err != nil {
		t.Errorf("Get: %v", err)
	}
}

func TestClientBadOption(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	client := s.Client(polar.WithRetryConfig(polar.RetryConfig{MaxRetries: -1}))
	if client == nil {
		t.Fatal("Client returned nil")
	}
	_, err := client.Checkouts.Get(context.Background(), "cs_test_x")
	if err == nil || !strings.Contains(err.Error(), "WithRetryConfig") {
		t.Fatalf("Get: %v, want the option's error", err)
	}
	_, err = client.Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: polartest.RecurringPriceID, SuccessURL: successURL})
	if err == nil || !strings.Contains(err.Error(), "WithRetryConfig") {
		t.Fatalf("Create: %v, want the option's error", err)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}
