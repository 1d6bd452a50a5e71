package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// product is one line of the shop's catalogue. The SDK covers Polar's
// Checkouts API only (no products API), so the shop keeps its own small
// catalogue: the product IDs it sells, with a name and a price label to
// show. The hosted checkout page shows the name and price Polar has.
type product struct {
	ID    string // Polar's product ID, sent when creating the checkout
	Name  string // shown on the shop's page
	Price string // shown on the shop's page; empty when the shop does not know it
}

// config is what a shop is made of.
type config struct {
	client   *polar.Client
	products []product
	// baseURL is where customers reach the shop, without a final slash;
	// the success and return URLs of every checkout point there.
	baseURL string
	// secret is the webhook endpoint's secret, used to verify deliveries.
	secret string
	// demo says the client talks to an in-process polartest server.
	demo bool
	// token is redacted from every page, should an error ever carry it.
	token string
	// webhookWait is how long the success page waits for the webhook of a
	// paid checkout before it answers without it.
	webhookWait time.Duration
	log         *slog.Logger
}

// shop serves the shop's pages and its webhook endpoint.
type shop struct {
	config
	paid *payments
}

//go:embed templates/*.html
var templateFiles embed.FS

// pages are the parsed templates, one per page, each with the layout.
var pages = func() map[string]*template.Template {
	m := make(map[string]*template.Template)
	for _, name := range []string{"index", "success", "error"} {
		m[name] = template.Must(template.ParseFS(templateFiles, "templates/layout.html", "templates/"+name+".html"))
	}
	return m
}()

// newShop returns the shop's handler:
//
//	GET  /                the products, each with a Buy button
//	POST /buy             creates a checkout and answers 303 to its URL
//	GET  /success         the checkout named by ?checkout_id= and whether a webhook confirmed it
//	POST /webhooks/polar  Polar's webhook deliveries, verified with cfg.secret
//
// Every other path is a "not found" page.
func newShop(cfg config) http.Handler {
	if cfg.log == nil {
		cfg.log = slog.New(slog.DiscardHandler)
	}
	s := &shop{config: cfg, paid: newPayments()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("POST /buy", s.buy)
	mux.HandleFunc("GET /success", s.success)
	// Any method: the handler answers 405 itself to all but POST.
	mux.Handle("/webhooks/polar", webhook.Handler(cfg.secret, s.event))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, http.StatusNotFound, "Page not found", "There is no page at this address.")
	})
	return mux
}

func (s *shop) index(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "index", struct {
		Demo     bool
		Products []product
	}{s.demo, s.products})
}

func (s *shop) buy(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id := r.PostFormValue("product")
	var p *product
	for i := range s.products {
		if s.products[i].ID == id {
			p = &s.products[i]
		}
	}
	if p == nil {
		s.fail(w, http.StatusBadRequest, "Unknown product", "This shop does not sell that product.")
		return
	}
	c, err := s.client.Checkouts.Create(r.Context(), polar.CheckoutCreate{
		Products: []string{p.ID},
		// Polar replaces {CHECKOUT_ID} with the checkout's ID when it
		// sends the customer back.
		SuccessURL: s.baseURL + "/success?checkout_id={CHECKOUT_ID}",
		ReturnURL:  s.baseURL + "/",
	})
	if err != nil {
		s.polarFailed(w, "create checkout", err)
		return
	}
	if c.URL == "" {
		s.log.Error("create checkout: no url", "checkout", c.ID)
		s.fail(w, http.StatusBadGateway, "Polar refused the request", "Polar made a checkout without a page to pay on.")
		return
	}
	http.Redirect(w, r, c.URL, http.StatusSeeOther)
}

func (s *shop) success(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("checkout_id")
	if id == "" {
		s.fail(w, http.StatusBadRequest, "No checkout", "This page needs a checkout_id.")
		return
	}
	c, err := s.client.Checkouts.Get(r.Context(), id)
	if err != nil {
		s.polarFailed(w, "get checkout", err)
		return
	}
	confirmed := s.paid.has(c.ID)
	paying := c.Status == polar.CheckoutStatusConfirmed || c.Status == polar.CheckoutStatusSucceeded
	// Polar sends the customer here as soon as the payment is accepted; the
	// webhook saying so may arrive a moment later. Rather than make the
	// customer reload, wait for it a little (at most webhookWait) when the
	// checkout is paid or being paid.
	if !confirmed && paying {
		confirmed = s.paid.wait(r.Context(), c.ID, s.webhookWait)
		if confirmed && c.Status != polar.CheckoutStatusSucceeded {
			if again, err := s.client.Checkouts.Get(r.Context(), id); err == nil {
				c = again
			}
		}
	}
	s.render(w, http.StatusOK, "success", struct {
		Demo      bool
		Checkout  *polar.Checkout
		Confirmed bool
		Paying    bool
	}{s.demo, c, confirmed, paying})
}

// event fulfils an order when Polar reports it paid (order.paid, as Polar
// recommends: it comes once the money is in, whatever the checkout's
// status says): it records the order's checkout as paid. Polar may deliver
// an event more than once; recording a payment twice is harmless.
func (s *shop) event(ctx context.Context, ev *webhook.Event) error {
	if ev.Type != webhook.EventOrderPaid {
		return nil
	}
	o, err := polar.OrderFromEvent(ev)
	if err != nil {
		s.log.Error("webhook: unreadable order", "event", ev.ID, "err", err)
		return err
	}
	if o.CheckoutID == nil {
		s.log.Info("webhook: order paid outside a checkout", "event", ev.ID, "order", o.ID)
		return nil
	}
	s.log.Info("webhook: order paid", "event", ev.ID, "order", o.ID, "checkout", *o.CheckoutID, "total", o.TotalAmount, "currency", o.Currency)
	s.paid.record(*o.CheckoutID)
	return nil
}

// polarFailed logs err and shows the customer a page saying what went wrong
// in words, never a stack trace or the access token.
func (s *shop) polarFailed(w http.ResponseWriter, op string, err error) {
	s.log.Error(op, "err", err)
	var verr *polar.ValidationError
	var aerr *polar.APIError
	switch {
	case errors.Is(err, polar.ErrNotFound):
		s.fail(w, http.StatusNotFound, "Checkout not found", "Polar knows no checkout with this id.")
	case errors.As(err, &verr) && op == "get checkout":
		s.fail(w, http.StatusNotFound, "Checkout not found", "This is not a checkout id Polar accepts.")
	case errors.Is(err, polar.ErrUnauthorized), errors.Is(err, polar.ErrForbidden):
		s.fail(w, http.StatusBadGateway, "The shop cannot reach Polar",
			"Polar refused the shop's access token. The shop's owner has been told.")
	case errors.As(err, &verr), errors.As(err, &aerr):
		s.fail(w, http.StatusBadGateway, "Polar refused the request", err.Error())
	default:
		s.fail(w, http.StatusBadGateway, "The shop cannot reach Polar",
			"Polar did not answer in time. Please try again in a moment.")
	}
}

// fail shows an error page.
func (s *shop) fail(w http.ResponseWriter, status int, title, message string) {
	s.render(w, status, "error", struct {
		Demo           bool
		Title, Message string
	}{s.demo, title, message})
}

// render executes a page into a buffer first, so that a template error
// never sends half a page, and removes the token from it.
func (s *shop) render(w http.ResponseWriter, status int, page string, data any) {
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render page", "page", page, "err", err)
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	body := buf.Bytes()
	if s.token != "" {
		body = bytes.ReplaceAll(body, []byte(s.token), []byte("[redacted]"))
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(body)
}

// payments is the set of checkouts a webhook reported paid. A shop keeps
// this in its database; for the example, memory will do.
type payments struct {
	mu   sync.Mutex
	paid map[string]bool
	// changed is closed, and replaced, whenever a checkout is recorded.
	changed chan struct{}
}

func newPayments() *payments {
	return &payments{paid: make(map[string]bool), changed: make(chan struct{})}
}

func (p *payments) record(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.paid[id] {
		return
	}
	p.paid[id] = true
	close(p.changed)
	p.changed = make(chan struct{})
}

func (p *payments) has(id string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.paid[id]
}

// wait reports whether checkout id is recorded as paid within d, or before
// ctx ends.
func (p *payments) wait(ctx context.Context, id string, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		p.mu.Lock()
		paid, changed := p.paid[id], p.changed
		p.mu.Unlock()
		if paid {
			return true
		}
		select {
		case <-changed:
		case <-timer.C:
			return false
		case <-ctx.Done():
			return false
		}
	}
}
