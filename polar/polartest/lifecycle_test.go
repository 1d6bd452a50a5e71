package polartest_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
)

func TestLifecycle(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	const gone = `{"error":"ExpiredCheckoutError","detail":"This checkout session has expired."}`
	price := `{"product_price_id":"` + polartest.RecurringPriceID + `"}`

	paid := create(t, s, price)
	id, secret := paid["id"].(string), paid["client_secret"].(string)
	if err := s.Pay(id); err != nil {
		t.Fatal(err)
	}
	if got := call(t, s, "GET", "/v1/checkouts/"+id, "").json(t); got["status"] != "succeeded" || got["customer_email"] == nil {
		t.Errorf("after Pay: status %v, customer_email %v", got["status"], got["customer_email"])
	}
	if err := s.Pay(id); !errors.Is(err, polartest.ErrNotOpen) {
		t.Errorf("Pay twice: %v, want ErrNotOpen", err)
	}
	for _, path := range []string{"/v1/checkouts/client/" + secret, "/v1/checkouts/client/" + secret + "/confirm"} {
		method, body := "PATCH", "{}"
		if strings.HasSuffix(path, "confirm") {
			method = "POST"
		}
		r := call(t, s, method, path, body)
		if want := `{"error":"NotOpenCheckout","detail":"Checkout ` + id + ` is not open: succeeded"}`; r.status != 403 || !jsonEqual(t, r.body, want) {
			t.Errorf("%s %s: %d %s", method, path, r.status, r.body)
		}
	}

	expired := create(t, s, price)
	if err := s.Expire(expired["id"].(string)); err != nil {
		t.Fatal(err)
	}
	if err := s.Expire(expired["id"].(string)); !errors.Is(err, polartest.ErrNotOpen) {
		t.Errorf("Expire twice: %v", err)
	}
	if err := s.Pay(expired["id"].(string)); !errors.Is(err, polartest.ErrExpired) {
		t.Errorf("Pay expired: %v", err)
	}
	if err := s.Pay("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"); !errors.Is(err, polartest.ErrNotFound) {
		t.Errorf("Pay unknown: %v", err)
	}
	if r := call(t, s, "GET", "/v1/checkouts/"+expired["id"].(string), ""); r.status != 200 || r.json(t)["status"] != "expired" {
		t.Errorf("get expired: %d %s (no 410 on get)", r.status, r.body)
	}
	if r := call(t, s, "GET", "/v1/checkouts/client/"+expired["client_secret"].(string), ""); r.status != 410 || !jsonEqual(t, r.body, gone) {
		t.Errorf("client get expired: %d %s", r.status, r.body)
	}

	// Time passes: an open checkout reads as expired once expires_at has
	// passed, and the client routes answer 410 whatever the status.
	open := create(t, s, price)
	clock.Advance(24*time.Hour + time.Second)
	if got := call(t, s, "GET", "/v1/checkouts/"+open["id"].(string), "").json(t); got["status"] != "expired" {
		t.Errorf("after 24 h: status %v", got["status"])
	}
	for _, sec := range []string{open["client_secret"].(string), secret} {
		if r := call(t, s, "GET", "/v1/checkouts/client/"+sec, ""); r.status != 410 {
			t.Errorf("client get after 24 h: %d %s", r.status, r.body)
		}
	}
	if r := call(t, s, "GET", "/v1/checkouts/client/polar_c_unknown", ""); r.status != 404 || !jsonEqual(t, r.body, `{"error":"ResourceNotFound","detail":"Not found"}`) {
		t.Errorf("unknown secret: %d %s", r.status, r.body)
	}
}

func TestClientRoutes(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","metadata":{"k":"v"}}`)
	id, secret := c["id"].(string), c["client_secret"].(string)
	pub := call(t, s, "GET", "/v1/checkouts/client/"+secret, "", "Authorization", "").json(t)
	if _, ok := pub["metadata"]; ok || pub["organization"] == nil {
		t.Errorf("CheckoutPublic has metadata %v, organization %v", pub["metadata"], pub["organization"])
	}
	r := call(t, s, "PATCH", "/v1/checkouts/client/"+secret, `{"discount_code":"launch25","customer_email":"jane@example.com"}`, "Authorization", "")
	if u := r.json(t); u["discount_amount"] != 475.0 || u["customer_email"] != "jane@example.com" {
		t.Errorf("client update: %d discount_amount %v email %v", r.status, u["discount_amount"], u["customer_email"])
	}
	// Confirm needs a confirmation token when a payment form is required.
	r = call(t, s, "POST", "/v1/checkouts/client/"+secret+"/confirm", `{}`, "Authorization", "")
	if want := `{"detail":[{"loc":["body","confirmation_token_id"],"msg":"Confirmation token is required.","type":"missing"}],"error":"PolarRequestValidationError"}`; r.status != 422 || !jsonEqual(t, r.body, want) {
		t.Errorf("confirm without token: %d %s", r.status, r.body)
	}
	r = call(t, s, "POST", "/v1/checkouts/client/"+secret+"/confirm", `{"confirmation_token_id":"ctoken_test"}`, "Authorization", "")
	conf := r.json(t)
	if r.status != 200 || conf["status"] != "confirmed" || !strings.HasPrefix(fmt.Sprint(conf["customer_session_token"]), "polar_cst_") {
		t.Errorf("confirm: %d status %v token %v", r.status, conf["status"], conf["customer_session_token"])
	}
	if got := call(t, s, "GET", "/v1/checkouts/"+id, "").json(t); got["status"] != "succeeded" {
		t.Errorf("after confirm: %v, want succeeded", got["status"])
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	var ids []string
	for i := range 12 {
		body := fmt.Sprintf(`{"product_price_id":"%s","customer_email":"buyer%d@example.com"}`, polartest.OneTimePriceID, i)
		if i%3 == 0 {
			body = fmt.Sprintf(`{"product_id":"%s","external_customer_id":"ext-%d"}`, polartest.RecurringProductID, i)
		}
		ids = append(ids, create(t, s, body)["id"].(string))
		clock.Advance(time.Second)
	}
	if err := s.Pay(ids[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.Expire(ids[2]); err != nil {
		t.Fatal(err)
	}
	list := func(q string) (ids []string, total, maxPage int) {
		t.Helper()
		r := call(t, s, "GET", "/v1/checkouts/?"+q, "")
		if r.status != 200 {
			t.Fatalf("%s: %d %s", q, r.status, r.body)
		}
		m := r.json(t)
		for _, it := range m["items"].([]any) {
			ids = append(ids, it.(map[string]any)["id"].(string))
		}
		p := m["pagination"].(map[string]any)
		return ids, int(p["total_count"].(float64)), int(p["max_page"].(float64))
	}
	for _, tc := range []struct {
		name, query    string
		want           []string
		total, maxPage int
	}{
		{"default: 10 newest first", "", reverse(ids[2:]), 12, 2},
		{"page 2", "page=2", reverse(ids[:2]), 12, 2},
		{"past the end", "page=3", nil, 12, 2},
		{"limit", "limit=5&sorting=created_at", ids[:5], 12, 3},
		{"limit above 100 clamped", "limit=500&sorting=created_at", ids, 12, 1},
		{"status OR", "status=succeeded&status=expired&sorting=created_at", []string{ids[1], ids[2]}, 2, 1},
		{"filters AND", "product_id=" + polartest.RecurringProductID + "&status=open&sorting=created_at", []string{ids[0], ids[3], ids[6], ids[9]}, 4, 1},
		{"external customer id", "external_customer_id=ext-3&external_customer_id=ext-9&sorting=-created_at", []string{ids[9], ids[3]}, 2, 1},
		{"query: e-mail substring", "query=BUYER1", []string{ids[11], ids[10], ids[1]}, 3, 1},
		{"status then created_at", "sorting=-status&sorting=created_at&limit=3", []string{ids[1], ids[0], ids[3]}, 12, 4},
		{"none", "customer_id=6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", nil, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, maxPage := list(tc.query)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != tc.total || maxPage != tc.maxPage {
				t.Errorf("got %v (total %d, max_page %d)\nwant %v (total %d, max_page %d)", got, total, maxPage, tc.want, tc.total, tc.maxPage)
			}
		})
	}
	for _, tc := range []struct{ query, want string }{
		{"sorting=name", `{"detail":[{"ctx":{"expected":"'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'"},"input":"name","loc":["query","sorting",0],"msg":"Input should be 'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'","type":"enum"}],"error":"RequestValidationError"}`},
		{"page=0", `{"detail":[{"ctx":{"gt":0},"input":0,"loc":["query","page"],"msg":"Input should be greater than 0","type":"greater_than"}],"error":"RequestValidationError"}`},
		{"limit=x", `{"detail":[{"input":"x","loc":["query","limit"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing"}],"error":"RequestValidationError"}`},
	} {
		r := call(t, s, "GET", "/v1/checkouts/?"+tc.query, "")
		if r.status != 422 || !jsonEqual(t, r.body, tc.want) {
			t.Errorf("%s: %d %s", tc.query, r.status, r.body)
		}
	}
}

func reverse(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	for _, tc := range []struct {
		status int
		body   string
	}{
		{401, `{"error":"Unauthorized","detail":"Unauthorized"}`},
		{403, `{"error":"NotPermitted","detail":"Not permitted"}`},
		{404, `{"error":"ResourceNotFound","detail":"Not found"}`},
		{409, `{"error":"CheckoutLocked","detail":"Checkout is currently being processed. Please try again."}`},
		{410, `{"error":"ExpiredCheckoutError","detail":"This checkout session has expired."}`},
		{429, ``},
		{500, `Internal Server Error`},
		{503, `{"error":"ServiceUnavailable","detail":"Service Unavailable"}`},
	} {
		s.FailNext(1, tc.status, http.Header{"Retry-After": {"7"}})
		r := call(t, s, "GET", "/v1/checkouts/", "")
		if r.status != tc.status || string(r.body) != tc.body && !jsonEqual(t, r.body, tc.body) || r.header.Get("Retry-After") != "7" {
			t.Errorf("FailNext(%d): %d %q Retry-After %q", tc.status, r.status, r.body, r.header.Get("Retry-After"))
		}
	}
	s.FailNext(2, 502, nil)
	s.FailNext(1, 429, nil)
	var got []int
	for range 4 {
		got = append(got, call(t, s, "GET", "/v1/checkouts/", "").status)
	}
	if fmt.Sprint(got) != "[502 502 429 200]" {
		t.Errorf("queued faults: %v", got)
	}
	if n := len(s.Requests()); n != 12 {
		t.Errorf("Requests() has %d entries, want 12", n)
	}
}

func TestListLimitClamped(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	for range 101 {
		create(t, s, `{"product_price_id":"`+polartest.FreePriceID+`"}`)
	}
	m := call(t, s, "GET", "/v1/checkouts/?limit=500", "").json(t)
	p := m["pagination"].(map[string]any)
	if n := len(m["items"].([]any)); n != 100 || p["max_page"] != 2.0 || p["total_count"] != 101.0 {
		t.Errorf("limit=500: %d items, pagination %v; want 100 items, max_page 2 (clamped to 100)", n, p)
	}
}
