package polartest_test

import "testing"

func TestSmoke(t *testing.T) {
	s, _ := start(t)
	c := create(t, s, `{"product_price_id":"`+"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9"+`","success_url":"https://example.com/s?id={CHECKOUT_ID}","discount_id":"6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d"}`)
	t.Logf("%v", c)
	r := call(t, s, "GET", "/v1/checkouts/"+c["id"].(string), "")
	t.Logf("%d %d bytes", r.status, len(r.body))
	r = call(t, s, "GET", "/v1/checkouts/client/"+c["client_secret"].(string), "")
	t.Logf("%d", r.status)
	r = call(t, s, "GET", "/v1/checkouts/?limit=5", "")
	t.Logf("%d", r.status)
	r = call(t, s, "POST", "/v1/checkouts/", `{}`)
	t.Logf("%d %s", r.status, r.body)
}
