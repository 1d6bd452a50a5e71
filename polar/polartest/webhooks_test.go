package polartest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar/polartest"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

const secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"

// receiver is a webhook endpoint answering with the statuses of answer in
// turn (the last one for ever after).
func receiver(t *testing.T, answer ...int) *httptest.Server {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		w.WriteHeader(answer[min(i, len(answer)-1)])
	}))
	t.Cleanup(srv.Close)
	return srv
}

func wait(t *testing.T, s *polartest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.WaitDeliveries(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestWebhooksPaidCheckout(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	s.SetWebhook(receiver(t, 202).URL, secret)
	c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","discount_id":"`+polartest.DiscountID+`","success_url":"https://shop.example.com/?a=1&b=<x>"}`)
	if err := s.Pay(c["id"].(string)); err != nil {
		t.Fatal(err)
	}
	wait(t, s)
	ds := s.Deliveries()
	var types []string
	for _, d := range ds {
		types = append(types, d.Type)
		if d.Attempt != 1 || d.StatusCode != 202 || d.Err != nil {
			t.Errorf("%s: attempt %d status %d err %v", d.Type, d.Attempt, d.StatusCode, d.Err)
		}
		// Verify checks against the real clock: start() set the manual clock to now.
		ev, err := webhook.Verify(secret, d.Header, d.Body)
		if err != nil {
			t.Fatalf("%s: Verify: %v", d.Type, err)
		}
		if ev.ID != d.ID || ev.Type != d.Type || d.Header.Get("User-Agent") != "polar.sh webhooks" || d.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: event %q %q, headers %v", d.Type, ev.ID, ev.Type, d.Header)
		}
		if !strings.HasPrefix(string(d.Body), `{"type":"`+d.Type+`","timestamp":"`) || strings.Contains(string(d.Body), `\u0026`) || strings.Contains(string(d.Body), "\n") {
			t.Errorf("%s: envelope %.120s", d.Type, d.Body)
		}
		schema := map[string]string{
			"checkout.created": "WebhookCheckoutCreatedPayload", "checkout.updated": "WebhookCheckoutUpdatedPayload",
			"order.created": "WebhookOrderCreatedPayload", "order.updated": "WebhookOrderUpdatedPayload", "order.paid": "WebhookOrderPaidPayload",
		}[d.Type]
		if err := spectest.For(t, "2026-10").ValidateSchema(t, schema, d.Body); err != nil {
			t.Errorf("%s: %v", d.Type, err)
		}
		if d.APIVersion != "2026-10" || d.Header.Get("Webhook-Api-Version") != "2026-10" || ev.APIVersion != "2026-10" {
			t.Errorf("%s: version %q, header %q, event %q; want 2026-10", d.Type, d.APIVersion, d.Header.Get("Webhook-Api-Version"), ev.APIVersion)
		}
	}
	want := "checkout.created checkout.updated order.created order.updated order.paid checkout.updated"
	if got := strings.Join(types, " "); got != want {
		t.Fatalf("events %s\nwant   %s", got, want)
	}
	var last struct {
		Data struct {
			Status string `json:"status"`
		} `json:"data"`
	}
	_ = json.Unmarshal(ds[5].Body, &last)
	var confirmed struct {
		Data struct {
			Status string `json:"status"`
		} `json:"data"`
	}
	_ = json.Unmarshal(ds[1].Body, &confirmed)
	if confirmed.Data.Status != "confirmed" || last.Data.Status != "succeeded" {
		t.Errorf("checkout.updated statuses %q, %q", confirmed.Data.Status, last.Data.Status)
	}
}

func TestWebhookRetries(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	s.SetWebhook(receiver(t, 500).URL, secret)
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	wait(t, s)
	// Step the clock a second at a time, so each retry's wait is measured.
	for step := 0; step < 40*60 && len(s.Deliveries()) < 10; step++ {
		clock.Advance(time.Second)
		wait(t, s)
	}
	clock.Advance(time.Hour)
	wait(t, s)
	ds := s.Deliveries()
	if len(ds) != 10 {
		t.Fatalf("%d attempts, want 10", len(ds))
	}
	for i, d := range ds {
		ts, _ := strconv.ParseInt(d.Header.Get("Webhook-Timestamp"), 10, 64)
		if d.ID != ds[0].ID || d.Attempt != i+1 || d.StatusCode != 500 || !jsonEqual(t, d.Body, string(ds[0].Body)) {
			t.Errorf("attempt %d: id %s attempt %d status %d", i+1, d.ID, d.Attempt, d.StatusCode)
		}
		if got := d.Header.Get("Webhook-Signature"); got != webhook.Sign(secret, d.ID, time.Unix(ts, 0), d.Body) {
			t.Errorf("attempt %d: signature %s does not sign this attempt's timestamp", i+1, got)
		}
		if i == 0 {
			continue
		}
		prev, _ := strconv.ParseInt(ds[i-1].Header.Get("Webhook-Timestamp"), 10, 64)
		base := min(2*time.Second<<i, 20*time.Minute)
		if waited := time.Duration(ts-prev) * time.Second; waited < base/2 || waited > base+time.Second {
			t.Errorf("wait before attempt %d: %v, want %v to %v", i+1, waited, base/2, base)
		}
	}
}

func TestWebhookSuccessStopsRetries(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	s.SetWebhook(receiver(t, 503, 302, 204).URL, secret)
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	for range 10 {
		wait(t, s)
		clock.Advance(time.Hour)
	}
	wait(t, s)
	var got []int
	for _, d := range s.Deliveries() {
		got = append(got, d.StatusCode)
	}
	if len(got) != 3 || got[0] != 503 || got[1] != 302 || got[2] != 204 {
		t.Errorf("statuses %v, want [503 302 204]: a redirect is a failure, a 2xx ends retries", got)
	}
}

func TestWebhookNoAnswer(t *testing.T) {
	t.Parallel()
	s, _ := start(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	s.SetWebhook(dead.URL, secret)
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	wait(t, s)
	if ds := s.Deliveries(); len(ds) != 1 || ds[0].StatusCode != 0 || ds[0].Err == nil {
		t.Errorf("deliveries %+v, want one without an answer", ds)
	}
}

func TestWebhookExpired(t *testing.T) {
	t.Parallel()
	s, clock := start(t)
	s.SetWebhook(receiver(t, 200).URL, secret)
	a := create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	create(t, s, `{"product_price_id":"`+polartest.OneTimePriceID+`"}`)
	if err := s.Expire(a["id"].(string)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(25 * time.Hour)
	call(t, s, "GET", "/v1/checkouts/", "")
	wait(t, s)
	var types []string
	for _, d := range s.Deliveries() {
		types = append(types, d.Type)
		if d.Type == "checkout.expired" {
			if err := spectest.For(t, "2026-10").ValidateSchema(t, "WebhookCheckoutExpiredPayload", d.Body); err != nil {
				t.Error(err)
			}
		}
	}
	if got := strings.Join(types, " "); got != "checkout.created checkout.created checkout.expired checkout.expired" {
		t.Errorf("events %s", got)
	}
}

// TestWebhookBodiesAreGenPayloads checks the bytes of every envelope: each
// body decodes into its gen Webhook*Payload type and is exactly the
// envelope Polar writes around that payload's data encoded again
// (type, timestamp, api_version, data; compact; nothing escaped; a Polar
// timestamp).
func TestWebhookBodiesAreGenPayloads(t *testing.T) {
	t.Parallel()
	clock := polartest.NewManualClock(time.Now().Truncate(time.Second).Add(123450 * time.Microsecond))
	s := polartest.NewServer(polartest.WithClock(clock))
	t.Cleanup(s.Close)
	s.SetWebhook(receiver(t, 202).URL, secret)
	c := create(t, s, `{"product_price_id":"`+polartest.RecurringPriceID+`","discount_id":"`+polartest.DiscountID+`","success_url":"https://shop.example.com/?a=1&b=<x>","metadata":{"note":"café ✓"}}`)
	if err := s.Pay(c["id"].(string)); err != nil {
		t.Fatal(err)
	}
	wait(t, s)
	ds := s.Deliveries()
	if len(ds) != 6 {
		t.Fatalf("%d deliveries, want 6", len(ds))
	}
	for _, d := range ds {
		var (
			p    any        // the gen payload to decode into
			data func() any // its Data, once decoded
		)
		switch d.Type {
		case "checkout.created":
			v := &gen.WebhookCheckoutCreatedPayload{}
			p, data = v, func() any { return v.Data }
		case "checkout.updated":
			v := &gen.WebhookCheckoutUpdatedPayload{}
			p, data = v, func() any { return v.Data }
		case "order.created":
			v := &gen.WebhookOrderCreatedPayload{}
			p, data = v, func() any { return v.Data }
		case "order.updated":
			v := &gen.WebhookOrderUpdatedPayload{}
			p, data = v, func() any { return v.Data }
		case "order.paid":
			v := &gen.WebhookOrderPaidPayload{}
			p, data = v, func() any { return v.Data }
		default:
			t.Fatalf("unexpected event %s", d.Type)
		}
		if err := json.Unmarshal(d.Body, p); err != nil {
			t.Fatalf("%s: decode into gen payload: %v", d.Type, err)
		}
		var env struct {
			Type      string    `json:"type"`
			Timestamp time.Time `json:"timestamp"`
		}
		if err := json.Unmarshal(d.Body, &env); err != nil {
			t.Fatal(err)
		}
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(data()); err != nil {
			t.Fatal(err)
		}
		want := `{"type":"` + d.Type + `","timestamp":"` + env.Timestamp.UTC().Format("2006-01-02T15:04:05.000000Z") + `","api_version":"2026-10","data":` + strings.TrimSuffix(buf.String(), "\n") + `}`
		if string(d.Body) != want {
			t.Errorf("%s: body\n%s\nwant\n%s", d.Type, d.Body, want)
		}
		if env.Type != d.Type || !env.Timestamp.Equal(clock.Now().Truncate(time.Microsecond)) {
			t.Errorf("%s: envelope type %q timestamp %v, want %v", d.Type, env.Type, env.Timestamp, clock.Now())
		}
	}
}
