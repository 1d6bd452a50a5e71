package polar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	core "github.com/polar-checkouts/polar-go/polar"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

const testToken = "polar_oat_test_token"

// Identifiers of the fixture testdata/checkout.json, and others a test
// needs: UUID v4s, as Polar wants.
const (
	checkoutID   = "e4b478fa-cd25-4253-9f1f-8a41e6370ede"
	clientSecret = "polar_c_Qm8Zt2Lx5Rk9Wv3Np7Hs1Jd6Fb4Gc0Ya2Te8Uo5Ii"
	priceID      = "0b6d1c1e-7e1f-4b8e-a5c2-9d3f2e1a0b9c"
	productID    = "3f0b8f5e-2c44-4d8a-9b1e-6a7c5d4e3f21"
	product2ID   = "8e2d7c6b-5a49-4c38-b27a-1f0e9d8c7b6a"
	orgID        = "6ac4b1b2-8d7e-4f51-9a2c-0f3e1d2c4b5a"
	discountID   = "9a3b2c1d-0e4f-4a5b-8c6d-7e8f9a0b1c2d"
	customerID   = "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a"

	// seedSuccessURL is the seed's success URL: {CHECKOUT_ID} and & must
	// arrive as written.
	seedSuccessURL = "https://example.com/success?checkout_id={CHECKOUT_ID}"
)

// seedCreate is the seed's call: one literal, the price form.
var seedCreate = polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: seedSuccessURL}

var fixtures struct {
	once                        sync.Once
	checkout, public, confirmed []byte
	list                        []byte
	err                         error
}

func loadFixtures() {
	f := &fixtures
	f.checkout, f.err = os.ReadFile("testdata/checkout.json")
	if f.err != nil {
		return
	}
	// CheckoutPublic is Checkout minus the merchant's fields, plus the
	// organization (facts §6.6); CheckoutPublicConfirmed adds the customer
	// session token and status confirmed.
	var m map[string]json.RawMessage
	if f.err = json.Unmarshal(f.checkout, &m); f.err != nil {
		return
	}
	for _, k := range []string{"metadata", "customer_metadata", "external_customer_id", "subscription_id", "trial_interval", "trial_interval_count", "customer_external_id"} {
		delete(m, k)
	}
	m["organization"] = json.RawMessage(`{"id":"` + orgID + `","created_at":"2026-01-10T09:00:00Z","modified_at":null,"name":"Acme","slug":"acme","avatar_url":null,"proration_behavior":"invoice","allow_customer_updates":true}`)
	f.public, _ = json.Marshal(m)
	m["status"] = json.RawMessage(`"confirmed"`)
	m["customer_session_token"] = json.RawMessage(`"polar_cst_abc"`)
	f.confirmed, _ = json.Marshal(m)
	f.list = listJSON(1, 1, f.checkout)
}

func fixture(t testing.TB, get func() []byte) []byte {
	t.Helper()
	fixtures.once.Do(loadFixtures)
	if fixtures.err != nil {
		t.Fatalf("fixtures: %v", fixtures.err)
	}
	return bytes.Clone(get())
}

// checkoutJSON is testdata/checkout.json: a Checkout as Polar 2026-10
// sends it.
func checkoutJSON(t testing.TB) []byte { return fixture(t, func() []byte { return fixtures.checkout }) }

// publicJSON is the fixture as a CheckoutPublic.
func publicJSON(t testing.TB) []byte { return fixture(t, func() []byte { return fixtures.public }) }

// confirmedJSON is the fixture as a CheckoutPublicConfirmed.
func confirmedJSON(t testing.TB) []byte {
	return fixture(t, func() []byte { return fixtures.confirmed })
}

// listJSON is a page of items with max_page maxPage.
func listJSON(maxPage, total int, items ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"items":[`)
	b.Write(bytes.Join(items, []byte(",")))
	b.WriteString(`],"pagination":{"total_count":`)
	b.WriteString(itoa(total))
	b.WriteString(`,"max_page":`)
	b.WriteString(itoa(maxPage))
	b.WriteString(`}}`)
	return b.Bytes()
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// withID returns the checkout JSON body with another id.
func withID(body []byte, id string) []byte {
	return bytes.ReplaceAll(body, []byte(checkoutID), []byte(id))
}

// recorded is one request a test server received.
type recorded struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   []byte
	ContentLength          int64
	TransferEncoding       []string
}

// recorder is an httptest server that records requests and answers with
// the handler a test gives it.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	t.Helper()
	r := &recorder{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.reqs = append(r.reqs, recorded{req.Method, req.URL.EscapedPath(), req.URL.RawQuery, req.Header.Clone(), body,
			req.ContentLength, append([]string(nil), req.TransferEncoding...)})
		r.mu.Unlock()
		req.Body = io.NopCloser(bytes.NewReader(body))
		echoVersion(w, req)
		h(w, req)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

// client returns a Client for r with retries off unless opts say otherwise.
func (r *recorder) client(t *testing.T, opts ...polar.Option) *polar.Client {
	t.Helper()
	base := []polar.Option{
		polar.WithBaseURL(r.URL),
		polar.WithAccessToken(testToken),
		polar.WithRetryConfig(polar.RetryConfig{}),
	}
	c, err := newClient(append(base, opts...)...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// echoVersion echoes the request's Polar-Version in the answer, as every
// answer Polar routes does (its 404 for a version it does not serve has no
// echo). A handler that wants that 404 deletes the header again.
func echoVersion(w http.ResponseWriter, r *http.Request) {
	if v := r.Header.Get("Polar-Version"); v != "" {
		w.Header().Set("Polar-Version", v)
	}
}

// serveJSON answers with status and body as application/json, echoing
// Polar-Version as Polar does.
func serveJSON(status int, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		echoVersion(w, r)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}
}

// doerFunc is an in-memory polar.HTTPDoer.
type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// jsonResponse is an in-memory application/json answer to r, echoing
// Polar-Version as Polar does.
func jsonResponse(r *http.Request, status int, body []byte) *http.Response {
	h := http.Header{"Content-Type": {"application/json"}}
	if v := r.Header.Get("Polar-Version"); v != "" {
		h.Set("Polar-Version", v)
	}
	return &http.Response{StatusCode: status, Header: h,
		Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: r}
}

// closeCounter is an HTTPDoer that wraps every response body it passes on
// and counts the bodies not closed yet.
type closeCounter struct {
	next   polar.HTTPDoer
	opened atomic.Int64
	closed atomic.Int64
}

func (c *closeCounter) Do(r *http.Request) (*http.Response, error) {
	resp, err := c.next.Do(r)
	if resp != nil && resp.Body != nil {
		c.opened.Add(1)
		resp.Body = &countedBody{ReadCloser: resp.Body, c: c}
	}
	return resp, err
}

// unclosed returns how many bodies were passed on and not closed.
func (c *closeCounter) unclosed() int64 { return c.opened.Load() - c.closed.Load() }

type countedBody struct {
	io.ReadCloser
	c    *closeCounter
	once sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(func() { b.c.closed.Add(1) })
	return b.ReadCloser.Close()
}

// op is one of the eight methods of CheckoutsService, called the way a
// test needs: the same table drives the request, fault, token and error
// tests, so that every promise holds for every method.
type op struct {
	name   string
	method string // HTTP method
	path   string // the escaped path it asks for, for checkoutID and clientSecret
	query  string // the raw query it sends, for list and all
	body   string // the exact body it sends; "" for none
	// status and reply are Polar's success answer.
	status int
	reply  func(t testing.TB) []byte
	// call makes the call and returns the (first) checkout's id, "" when it
	// returned none.
	call func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error)
}

// updateURL holds what HTML escaping would change.
const updateURL = "https://shop.example.com/done?checkout_id={CHECKOUT_ID}&plan=<pro>"

var ops = []op{
	{
		name: "Create", method: http.MethodPost, path: "/v1/checkouts/",
		body:   `{"product_price_id":"` + priceID + `","success_url":"` + seedSuccessURL + `"}`,
		status: http.StatusCreated, reply: checkoutJSON,
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			co, err := c.Checkouts.Create(ctx, seedCreate, opts...)
			return idOf(co, err, func() string { return co.ID })
		},
	},
	{
		name: "Get", method: http.MethodGet, path: "/v1/checkouts/" + checkoutID,
		status: http.StatusOK, reply: checkoutJSON,
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			co, err := c.Checkouts.Get(ctx, checkoutID, opts...)
			return idOf(co, err, func() string { return co.ID })
		},
	},
	{
		name: "Update", method: http.MethodPatch, path: "/v1/checkouts/" + checkoutID,
		body:   `{"customer_name":"Jane Doe","success_url":"` + updateURL + `"}`,
		status: http.StatusOK, reply: checkoutJSON,
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			co, err := c.Checkouts.Update(ctx, checkoutID, polar.CheckoutUpdate{CustomerName: polar.Set("Jane Doe"), SuccessURL: polar.Set(updateURL)}, opts...)
			return idOf(co, err, func() string { return co.ID })
		},
	},
	{
		name: "List", method: http.MethodGet, path: "/v1/checkouts/", query: "status=open&limit=10",
		status: http.StatusOK, reply: func(t testing.TB) []byte { return listJSON(1, 1, checkoutJSON(t)) },
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			l, err := c.Checkouts.List(ctx, polar.CheckoutListParams{Status: []polar.CheckoutStatus{polar.CheckoutStatusOpen}, Limit: 10}, opts...)
			return idOf(l, err, func() string {
				if len(l.Items) == 0 {
					return ""
				}
				return l.Items[0].ID
			})
		},
	},
	{
		name: "All", method: http.MethodGet, path: "/v1/checkouts/", query: "page=1&limit=100",
		status: http.StatusOK, reply: func(t testing.TB) []byte { return listJSON(1, 1, checkoutJSON(t)) },
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			id := ""
			for co, err := range c.Checkouts.All(ctx, polar.CheckoutListParams{}, opts...) {
				if err != nil {
					return "", err
				}
				if id == "" {
					id = co.ID
				}
			}
			return id, nil
		},
	},
	{
		name: "ClientGet", method: http.MethodGet, path: "/v1/checkouts/client/" + clientSecret,
		status: http.StatusOK, reply: publicJSON,
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			co, err := c.Checkouts.ClientGet(ctx, clientSecret, opts...)
			return idOf(co, err, func() string { return co.ID })
		},
	},
	{
		name: "ClientUpdate", method: http.MethodPatch, path: "/v1/checkouts/client/" + clientSecret,
		body:   `{"customer_email":"jane@example.com","discount_code":"AUTUMN10"}`,
		status: http.StatusOK, reply: publicJSON,
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			co, err := c.Checkouts.ClientUpdate(ctx, clientSecret, polar.CheckoutUpdatePublic{CustomerEmail: polar.Set("jane@example.com"), DiscountCode: polar.Set("AUTUMN10")}, opts...)
			return idOf(co, err, func() string { return co.ID })
		},
	},
	{
		name: "ClientConfirm", method: http.MethodPost, path: "/v1/checkouts/client/" + clientSecret + "/confirm",
		body:   `{"confirmation_token_id":"ctoken_1Abc","customer_email":"jane@example.com"}`,
		status: http.StatusOK, reply: confirmedJSON,
		call: func(ctx context.Context, c *polar.Client, opts ...polar.Option) (string, error) {
			co, err := c.Checkouts.ClientConfirm(ctx, clientSecret, polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1Abc"), CustomerEmail: polar.Set("jane@example.com")}, opts...)
			return idOf(co, err, func() string { return co.ID })
		},
	},
}

// idOf returns id() for a non-nil result, "" for a nil one, and err.
func idOf[T any](v *T, err error, id func() string) (string, error) {
	if v == nil {
		return "", err
	}
	return id(), err
}

// target is the request line an op sends.
func (o op) target() string {
	if o.query == "" {
		return o.path
	}
	return o.path + "?" + o.query
}

// forEachOp runs f as a parallel subtest for every op.
func forEachOp(t *testing.T, f func(t *testing.T, o op)) {
	t.Helper()
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			f(t, o)
		})
	}
}

// seams maps each client the tests made with newClient to the seams of its
// clock and sleep.
var seams sync.Map // *polar.Client -> *core.Seams

// newClient is polar.NewClient for the tests: the client it returns can have
// its sleep and clock replaced with setSleep and setNow.
func newClient(opts ...polar.Option) (*polar.Client, error) {
	s := new(core.Seams)
	c, err := polar.NewClient(append([]polar.Option{core.WithSeams(s)}, opts...)...)
	if err == nil {
		seams.Store(c, s)
	}
	return c, err
}

func seamsOf(c *polar.Client) *core.Seams {
	s, ok := seams.Load(c)
	if !ok {
		panic("client not made by newClient")
	}
	return s.(*core.Seams)
}

// setSleep replaces how c waits between attempts.
func setSleep(c *polar.Client, f func(ctx context.Context, d time.Duration) error) {
	seamsOf(c).SetSleep(f)
}

// setNow replaces c's clock.
func setNow(c *polar.Client, f func() time.Time) { seamsOf(c).SetNow(f) }
