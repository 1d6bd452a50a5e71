package polartest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// browser does not follow redirects, so a test sees the 303.
var browser = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func page(t *testing.T, method, u string) (int, string, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == "POST" {
		resp, err = browser.PostForm(u, url.Values{})
	} else {
		resp, err = browser.Get(u)
	}
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Location"), string(readAll(t, resp))
}

func TestHostedPage(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","discount_id":"`+polartest.DiscountID+`","success_url":"https://shop.example.com/thanks?checkout_id={CHECKOUT_ID}","return_url":"https://shop.example.com/cart"}`)
	id, u := c["id"].(string), c["url"].(string)
	status, _, body := page(t, "GET", u)
	for _, want := range []string{"Pro Plan", "$19.00 / month", "Amount due: <strong>$14.25</strong>", "−$4.75", `<button type="submit">Pay</button>`, `<a href="https://shop.example.com/cart">Back</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q:\n%s", want, body)
		}
	}
	if status != 200 || strings.Contains(body, "<script") {
		t.Errorf("status %d or script in page", status)
	}
	status, loc, _ := page(t, "POST", u+"/pay")
	if status != http.StatusSeeOther || loc != "https://shop.example.com/thanks?checkout_id="+id {
		t.Errorf("pay: %d Location %q", status, loc)
	}
	if got := call(t, s, "GET", "/v1/checkouts/"+id, "").json(t); got["status"] != "succeeded" {
		t.Errorf("after paying on the page: %v", got["status"])
	}
	status, _, body = page(t, "GET", u)
	if status != 200 || strings.Contains(body, ">Pay</button>") || !strings.Contains(body, "has been paid") {
		t.Errorf("paid page: %d\n%s", status, body)
	}
	if status, _, _ := page(t, "POST", u+"/pay"); status != http.StatusConflict {
		t.Errorf("paying twice: %d", status)
	}

	// Expired: no button.
	e := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	if err := s.Expire(e["id"].(string)); err != nil {
		t.Fatal(err)
	}
	status, _, body = page(t, "GET", e["url"].(string))
	if status != 200 || strings.Contains(body, ">Pay</button>") || !strings.Contains(body, "has expired") || !strings.Contains(body, "$49.00") {
		t.Errorf("expired page: %d\n%s", status, body)
	}
	if status, _, _ := page(t, "POST", e["url"].(string)+"/pay"); status != http.StatusGone {
		t.Errorf("paying an expired checkout: %d", status)
	}

	// No success URL: polartest's confirmation page.
	f := create(t, s, `{"product_price_id":"`+polartest.FreePriceID+`"}`)
	status, loc, _ = page(t, "POST", f["url"].(string)+"/pay")
	if status != http.StatusSeeOther || loc != f["url"].(string)+"/confirmation" {
		t.Fatalf("pay without success URL: %d %q", status, loc)
	}
	status, _, body = page(t, "GET", loc)
	if status != 200 || !strings.Contains(body, "Community Edition") || !strings.Contains(body, "succeeded") {
		t.Errorf("confirmation page: %d\n%s", status, body)
	}
	if status, _, _ := page(t, "GET", s.URL+"/checkout/polar_c_unknown"); status != 404 {
		t.Errorf("unknown secret: %d", status)
	}
}
