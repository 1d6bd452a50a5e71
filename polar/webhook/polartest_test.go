package webhook_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/polar"
	"github.com/polar-checkouts/polar-go/polar/polartest"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// TestEventCheckoutFromPolartest reads the checkout out of real polartest
// deliveries, as they came over HTTP, for a discounted monthly checkout
// that is paid: each one must be the checkout the API shows at that
// moment, 2026-10 fields included.
func TestEventCheckoutFromPolartest(t *testing.T) {
	t.Parallel()
	const secret = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	var (
		mu     sync.Mutex
		events []*webhook.Event
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
		events = append(events, ev)
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(endpoint.Close)
	s := polartest.NewServer()
	t.Cleanup(s.Close)
	s.SetWebhook(endpoint.URL, secret)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	client := s.Client()
	created, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
		ProductPriceID: polartest.RecurringPriceID,
		DiscountID:     polar.String(polartest.DiscountID),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Pay(created.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitDeliveries(ctx); err != nil {
		t.Fatal(err)
	}
	paid, err := client.Checkouts.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}

	mu.Lock()
	defer mu.Unlock()
	var got []*polar.Checkout
	for _, ev := range events {
		if c, err := ev.Checkout(); err == nil {
			got = append(got, c)
		} else if ev.Type == webhook.EventCheckoutCreated || ev.Type == webhook.EventCheckoutUpdated {
			t.Errorf("%s: Checkout: %v", ev.Type, err)
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d checkout events, want 3 (created, updated confirmed, updated succeeded)", len(got))
	}
	for i, want := range []polar.CheckoutStatus{polar.CheckoutStatusOpen, polar.CheckoutStatusConfirmed, polar.CheckoutStatusSucceeded} {
		c := got[i]
		if c.ID != created.ID || c.Status != want {
			t.Errorf("checkout event %d: %s status %s, want %s status %s", i, c.ID, c.Status, created.ID, want)
		}
		if c.ClientSecret != created.ClientSecret || c.ClientSecret == "" {
			t.Errorf("checkout event %d: client_secret %q, want %q", i, c.ClientSecret, created.ClientSecret)
		}
		// The seeded price is $19.00 a month; the seeded discount takes 25 %.
		if c.Amount != 1900 || c.DiscountAmount != 475 || c.TotalAmount != 1425 || c.Currency != "usd" {
			t.Errorf("checkout event %d: amount %d, discount %d, total %d %s; want 1900 - 475 = 1425 usd", i, c.Amount, c.DiscountAmount, c.TotalAmount, c.Currency)
		}
		if c.Product == nil || c.Product.Name != "Pro Plan" || c.Product.ID != polartest.RecurringProductID {
			t.Errorf("checkout event %d: product %+v, want Pro Plan", i, c.Product)
		}
	}
	last := got[2]
	if last.Status != paid.Status || last.TotalAmount != paid.TotalAmount || last.CustomerID == nil || paid.CustomerID == nil || *last.CustomerID != *paid.CustomerID {
		t.Errorf("checkout.updated (succeeded) %s/%d/%v differs from the API's %s/%d/%v", last.Status, last.TotalAmount, last.CustomerID, paid.Status, paid.TotalAmount, paid.CustomerID)
	}
}
