package polartest_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// TestRequestsBounded: the record of requests keeps at most the last
// 10 000 requests, each body cut to its first 64 KiB, and 64 MiB of
// bodies in all, whatever is sent, unauthenticated and hosted-page
// requests included.
func TestRequestsBounded(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	send := func(n, workers int, do func(i int)) {
		var wg sync.WaitGroup
		next := make(chan int)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					do(i)
				}
			}()
		}
		for i := range n {
			next <- i
		}
		close(next)
		wg.Wait()
	}
	big := `{"metadata":{"k":"` + strings.Repeat("x", 1<<20) + `"}}`
	send(3, 3, func(int) {
		resp, err := http.Post(s.URL+"/v1/checkouts/", "application/json", strings.NewReader(big))
		if err == nil {
			resp.Body.Close()
		}
	})
	for _, r := range s.Requests() {
		if len(r.Body) != 64<<10 || string(r.Body[:13]) != `{"metadata":{` {
			t.Fatalf("a 1 MiB body is recorded with %d bytes, want its first 64 KiB", len(r.Body))
		}
	}
	// 70 KiB bodies: 1 100 of them are more than 64 MiB once cut.
	body := strings.Repeat("y", 70<<10)
	send(1100, 8, func(int) {
		resp, err := http.Post(s.URL+"/checkout/polar_c_unknown/pay", "text/plain", strings.NewReader(body))
		if err == nil {
			resp.Body.Close()
		}
	})
	total := 0
	rs := s.Requests()
	for _, r := range rs {
		total += len(r.Body)
	}
	if total > 64<<20 || len(rs) >= 1103 {
		t.Errorf("%d requests with %d body bytes kept, want at most 64 MiB of bodies", len(rs), total)
	}
	send(10050, 8, func(int) {
		resp, err := http.Get(s.URL + "/v1/nothing")
		if err == nil {
			resp.Body.Close()
		}
	})
	if n := len(s.Requests()); n != 10000 {
		t.Errorf("Requests() has %d entries, want the last 10000", n)
	}
	last := call(t, s, "GET", "/v1/checkouts/?page=7", "")
	rs = s.Requests()
	if last.status != 200 || rs[len(rs)-1].RawQuery != "page=7" || len(rs) != 10000 {
		t.Errorf("the newest request is not last: %+v", rs[len(rs)-1])
	}
}

// TestExactKeys: a key that differs from a field's name only in case is
// an unknown key, ignored, as pydantic reads Polar's bodies: it is neither
// checked nor acted on.
func TestExactKeys(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","Success_URL":"javascript:alert(1)","DISCOUNT_ID":"`+polartest.DiscountID+`","Metadata":{"a":"b"},"customer_billing_address":{"country":"US","CITY":"Paris"}}`)
	if want := c["url"].(string) + "/confirmation"; c["success_url"] != want {
		t.Errorf("success_url %v, want the default %s", c["success_url"], want)
	}
	if c["discount_id"] != nil || c["discount_amount"] != 0.0 || c["amount"] != 1900.0 {
		t.Errorf("DISCOUNT_ID acted on: discount_id %v, discount_amount %v", c["discount_id"], c["discount_amount"])
	}
	if m, _ := c["metadata"].(map[string]any); len(m) != 0 {
		t.Errorf("Metadata acted on: metadata %v", c["metadata"])
	}
	if a, _ := c["customer_billing_address"].(map[string]any); a["country"] != "US" || a["city"] != nil {
		t.Errorf("CITY acted on: %v", c["customer_billing_address"])
	}
	// The hosted page sends the buyer where success_url says: the default.
	status, loc, _ := page(t, "POST", c["url"].(string)+"/pay")
	if status != http.StatusSeeOther || loc != c["success_url"] {
		t.Errorf("pay: %d Location %q", status, loc)
	}

	// A value that would fail the check of the field it resembles is not
	// checked either.
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`","Metadata":5,"Success_URL":"not a url","AMOUNT":"x"}`)

	id := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`","metadata":{"k":"v"}}`)["id"].(string)
	for _, body := range []string{
		`{"Metadata":{"x":"1"},"DISCOUNT_ID":"` + polartest.DiscountID + `","Success_URL":"not a url"}`,
		`{"Metadata":null,"Customer_Name":"Eve","customer_billing_address":{"country":"FR","POSTAL_CODE":"75001"}}`,
	} {
		r := call(t, s, "PATCH", "/v1/checkouts/"+id, body)
		u := r.json(t)
		if r.status != 200 {
			t.Fatalf("update %s: %d %s", body, r.status, r.body)
		}
		if m, _ := u["metadata"].(map[string]any); len(m) != 1 || m["k"] != "v" || u["discount_id"] != nil || u["customer_name"] != nil {
			t.Errorf("update %s acted on a key of another case: %s", body, r.body)
		}
		if a, _ := u["customer_billing_address"].(map[string]any); a != nil && a["postal_code"] != nil {
			t.Errorf("POSTAL_CODE acted on: %v", a)
		}
	}
	secret := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`"}`)["client_secret"].(string)
	r := call(t, s, "PATCH", "/v1/checkouts/client/"+secret, `{"Discount_Code":"LAUNCH25","Customer_Email":"x"}`, "Authorization", "")
	if u := r.json(t); r.status != 200 || u["discount_id"] != nil || u["customer_email"] != nil {
		t.Errorf("client update: %d %s", r.status, r.body)
	}
}

// TestEscapedClientPathNeedsToken: the token check looks at the route a
// request takes: /v1/checkouts/client%2Fx is the get and update route of
// the checkout "client/x", which needs a token, not a client route.
func TestEscapedClientPathNeedsToken(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	const unauthorized = `{"error":"Unauthorized","detail":"Unauthorized"}`
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/v1/checkouts/client%2Fx", ""},
		{"PATCH", "/v1/checkouts/client%2Fx", "{}"},
		{"GET", "/v1/checkouts/client%2F" + polartest.OneTimeProductID, ""},
	} {
		r := call(t, s, tc.method, tc.path, tc.body, "Authorization", "")
		if r.status != 401 || !jsonEqual(t, r.body, unauthorized) {
			t.Errorf("%s %s without a token: %d %s, want 401", tc.method, tc.path, r.status, r.body)
		}
	}
	// The real client routes still need none.
	secret := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)["client_secret"].(string)
	if r := call(t, s, "GET", "/v1/checkouts/client/"+secret, "", "Authorization", ""); r.status != 200 {
		t.Errorf("client get without a token: %d %s", r.status, r.body)
	}
}
