package webhook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/polar/polartest"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// TestVerifyPolartestDeliveries verifies real polartest deliveries, as they
// came over HTTP, for a discounted monthly checkout that is paid: every one
// verifies, carries the webhook-api-version header's version (when
// polartest sends one) and the checkout in Data, exactly the bytes of the
// body. It talks to polartest over plain HTTP, so that it needs no
// version's client or types.
func TestVerifyPolartestDeliveries(t *testing.T) {
	t.Parallel()
	const secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	type delivery struct {
		ev      *webhook.Event
		version string // the webhook-api-version header
		body    []byte
	}
	var (
		mu         sync.Mutex
		deliveries []delivery
	)
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		ev, err := webhook.Verify(secret, r.Header, body)
		if err != nil {
			t.Errorf("Verify: %v", err)
			w.WriteHeader(http.StatusForbidden)
			return
		}
		mu.Lock()
		deliveries = append(deliveries, delivery{ev, r.Header.Get("webhook-api-version"), body})
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(endpoint.Close)
	s := polartest.NewServer()
	t.Cleanup(s.Close)
	s.SetWebhook(endpoint.URL, secret)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	create, err := json.Marshal(map[string]string{"product_price_id": polartest.RecurringPriceID, "discount_id": polartest.DiscountID})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/v1/checkouts/", bytes.NewReader(create))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID string `json:"id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create checkout: %s, %v", resp.Status, err)
	}
	if err := s.Pay(created.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitDeliveries(ctx); err != nil {
		t.Fatal(err)
	}

	mu.Lock()
	defer mu.Unlock()
	var statuses []string
	for _, d := range deliveries {
		ev := d.ev
		if d.version != "" && ev.APIVersion != d.version {
			t.Errorf("%s: APIVersion %q, want the header's %q", ev.Type, ev.APIVersion, d.version)
		}
		if !bytes.Contains(d.body, ev.Data) || !json.Valid(ev.Data) {
			t.Errorf("%s: Data %.60s… is not the body's", ev.Type, ev.Data)
		}
		if !strings.HasPrefix(ev.Type, "checkout.") {
			continue
		}
		var c struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal(ev.Data, &c); err != nil || c.ID != created.ID {
			t.Errorf("%s: checkout %q (%v), want %s", ev.Type, c.ID, err, created.ID)
		}
		statuses = append(statuses, ev.Type+" "+c.Status)
	}
	want := "checkout.created open, checkout.updated confirmed, checkout.updated succeeded"
	if got := strings.Join(statuses, ", "); got != want {
		t.Errorf("checkout events: %s; want %s", got, want)
	}
}
