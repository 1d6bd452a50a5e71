package polartest

import (
	"io"
	"net/http"
	"strings"
	"testing"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
)

// TestPageEscapesProductName seeds a product whose name is markup: the
// page shows it as text.
func TestPageEscapesProductName(t *testing.T) {
	s := NewServer(func(c *config) { c.oneTimeName = `<script>alert("x")</script>` })
	defer s.Close()
	s.mu.Lock()
	r := s.create(parseOrFail(t, `{"product_price_id":"`+OneTimePriceID+`"}`), []*product{s.cat.products[OneTimeProductID]}, nil, s.cat.prices[OneTimePriceID], nil)
	u := r.co.URL
	s.mu.Unlock()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if strings.Contains(string(b), "<script>") || !strings.Contains(string(b), "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("product name not escaped:\n%s", b)
	}
}

func parseOrFail(t *testing.T, body string) gen.CheckoutCreate {
	t.Helper()
	in, _, problems := parseCreate([]byte(body), "2026-10")
	if problems != nil {
		t.Fatalf("%s: %v", body, problems)
	}
	return in
}
