package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// An endpoint: verify each delivery, handle the checkout events, and
// acknowledge the rest.
func ExampleHandler() {
	secret := "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG" // os.Getenv("POLAR_WEBHOOK_SECRET")
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/polar", webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
		if ev.Type != webhook.EventCheckoutUpdated {
			return nil // 202: acknowledged
		}
		// With a version package: c, err := polar.CheckoutFromEvent(ev).
		var c struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(ev.Data, &c); err != nil {
			return err // 500: Polar delivers the event again
		}
		fmt.Println("event", ev.ID, "in", ev.APIVersion, "checkout", c.ID, c.Status) // deduplicate on ev.ID
		return nil
	}))

	// What Polar sends.
	body := `{"type":"checkout.updated","timestamp":"2026-08-22T08:47:05.123456Z","data":{"id":"e4b478fa-cd25-4253-9f1f-8a41e6370ede","status":"succeeded"},"api_version":"2026-10"}`
	now := time.Now()
	r := httptest.NewRequest(http.MethodPost, "/webhooks/polar", strings.NewReader(body))
	r.Header.Set("webhook-id", "0b8d5c1a-6f0e-4c1e-9a3b-2f4d6e8a0c12")
	r.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	r.Header.Set("webhook-signature", webhook.Sign(secret, "0b8d5c1a-6f0e-4c1e-9a3b-2f4d6e8a0c12", now, []byte(body)))
	r.Header.Set("webhook-api-version", "2026-10")
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code)
	// Output:
	// event 0b8d5c1a-6f0e-4c1e-9a3b-2f4d6e8a0c12 in 2026-10 checkout e4b478fa-cd25-4253-9f1f-8a41e6370ede succeeded
	// 202
}

// Testing an endpoint over real HTTP: sign deliveries with Sign, once with
// the endpoint's secret and once with another.
func ExampleSign() {
	const secret = "whsec_test0123456789abcdefghijklmnopqrstuvwxyzAB"
	var got []string
	srv := httptest.NewServer(webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
		got = append(got, ev.Type)
		return nil
	}))
	defer srv.Close()

	deliver := func(signWith string) int {
		body := []byte(`{"type":"order.paid","timestamp":"2026-08-22T08:47:05Z","data":{"id":"o-1"}}`)
		now := time.Now()
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(body)))
		req.Header.Set("webhook-id", "evt-1")
		req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("webhook-signature", webhook.Sign(signWith, "evt-1", now, body))
		resp, err := srv.Client().Do(req)
		if err != nil {
			return 0
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	fmt.Println(deliver(secret), deliver("whsec_someone_else"), got)
	// Output: 202 403 [order.paid]
}

// Verify on its own, for a framework that hands over headers and raw body.
func ExampleVerify() {
	secret := "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	body := []byte(`{"type":"foo.bar","timestamp":"2027-01-01T00:00:00Z","data":{"new":true}}`)
	now := time.Now()
	header := http.Header{}
	header.Set("webhook-id", "evt-2")
	header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	header.Set("webhook-signature", webhook.Sign(secret, "evt-2", now, body))

	ev, err := webhook.Verify(secret, header, body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.ID, ev.Type, ev.Timestamp.Year(), string(ev.Data))

	_, err = webhook.Verify(secret, header, []byte(`{"type":"foo.bar","timestamp":"2027-01-01T00:00:00Z","data":{"new":false}}`))
	fmt.Println(err)
	// Output:
	// evt-2 foo.bar 2027 {"new":true}
	// webhook: no signature in the webhook-signature header matches
}
