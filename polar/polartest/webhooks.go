package polartest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/polar-checkouts/polar-go/gen"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// This file sends webhooks as Polar does (webhook facts §1, §4–§6): one
// background goroutine per Server delivers every event in creation order,
// retries a failed one up to 10 attempts in all with a jittered
// exponential backoff measured on the server's Clock, and never holds up
// an API response. A failing event does not block younger ones.

const (
	// maxAttempts is how many times an event is sent at most.
	maxAttempts = 10
	// deliveryTimeout bounds one attempt.
	deliveryTimeout = 10 * time.Second
	// maxBackoff caps the wait between two attempts.
	maxBackoff = 20 * time.Minute
)

// The event types polartest sends, named by the spec's webhook payloads
// (gen.WebhookCheckoutCreatedPayload...), so a renamed event breaks the
// build.
const (
	checkoutCreated = string(gen.WebhookCheckoutCreatedPayloadTypeCheckoutCreated)
	checkoutUpdated = string(gen.WebhookCheckoutUpdatedPayloadTypeCheckoutUpdated)
	checkoutExpired = string(gen.WebhookCheckoutExpiredPayloadTypeCheckoutExpired)
	orderCreated    = string(gen.WebhookOrderCreatedPayloadTypeOrderCreated)
	orderUpdated    = string(gen.WebhookOrderUpdatedPayloadTypeOrderUpdated)
	orderPaid       = string(gen.WebhookOrderPaidPayloadTypeOrderPaid)
)

// Delivery is one attempt to deliver a webhook event.
type Delivery struct {
	// ID is the event's webhook-id, the same on every attempt.
	ID string
	// Type is the event type, such as "checkout.updated".
	Type string
	// Header holds the request headers sent.
	Header http.Header
	// Body is the request body, the same bytes on every attempt.
	Body []byte
	// Attempt counts the attempts for this event, from 1.
	Attempt int
	// StatusCode is the endpoint's status, or 0 when no answer came.
	StatusCode int
	// Err is why no answer came (connection refused, timeout...), or nil.
	Err error
}

// endpoint is where and how to deliver.
type endpoint struct {
	url, secret string
}

// event is one webhook event waiting for delivery.
type event struct {
	id, typ  string
	body     []byte
	ep       endpoint
	attempts int
	next     time.Time // when the next attempt is due
}

// deliverer owns the delivery goroutine and its state.
type deliverer struct {
	clock     Clock
	transport *http.Transport
	client    *http.Client
	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	wake      chan struct{}

	mu         sync.Mutex
	ep         *endpoint
	pending    []*event // in creation order
	deliveries []Delivery
	inFlight   bool
	changed    chan struct{} // closed and replaced on every change
}

func newDeliverer(clock Clock) *deliverer {
	t := &http.Transport{MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	return &deliverer{
		clock:     clock,
		transport: t,
		client: &http.Client{
			Transport:     t,
			Timeout:       deliveryTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		ctx:     ctx,
		cancel:  cancel,
		done:    make(chan struct{}),
		wake:    make(chan struct{}, 1),
		changed: make(chan struct{}),
	}
}

// SetWebhook makes the server deliver, from now on, every checkout and
// order event to url, signed with secret as Polar signs (the UTF-8 bytes
// of the whole secret are the HMAC key, see webhook.Sign). Events already
// queued keep the endpoint they were made for. An empty url stops new
// deliveries.
func (s *Server) SetWebhook(url, secret string) {
	d := s.hooks
	d.mu.Lock()
	defer d.mu.Unlock()
	if url == "" {
		d.ep = nil
		return
	}
	d.ep = &endpoint{url: url, secret: secret}
}

// Deliveries returns every delivery attempt so far, in the order they
// were made.
func (s *Server) Deliveries() []Delivery {
	d := s.hooks
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Delivery, len(d.deliveries))
	for i, x := range d.deliveries {
		x.Header = x.Header.Clone()
		x.Body = bytes.Clone(x.Body)
		out[i] = x
	}
	return out
}

// WaitDeliveries blocks until no delivery is due: every event made so far
// has been delivered, has used its 10 attempts, or waits for a retry that
// is not due yet on the server's Clock. Advance a ManualClock to let
// retries fall due, then call WaitDeliveries again. It returns ctx.Err()
// if ctx ends first.
func (s *Server) WaitDeliveries(ctx context.Context) error {
	d := s.hooks
	for {
		d.mu.Lock()
		idle := !d.inFlight
		now := d.clock.Now()
		for _, ev := range d.pending {
			if !ev.next.After(now) {
				idle = false
			}
		}
		changed := d.changed
		d.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		case <-d.done:
			return nil
		}
	}
}

// emitCheckout queues a checkout event with r as Polar shows it now. The
// caller holds s.mu.
func (s *Server) emitCheckout(typ string, r *record) {
	if s.hooks.enabled() {
		s.emit(typ, s.view(r))
	}
}

// emit queues an event whose data is v, a gen.Checkout or gen.Order. The
// caller holds s.mu.
//
// The envelope is written by hand, not encoded from the gen
// Webhook*Payload types: encoding/json would write their keys in field
// order (data, timestamp, type) and the timestamp with trailing zeros
// trimmed, where Polar writes type, timestamp, data and six fraction
// digits (webhook facts §4). polartest's tests decode every body into
// its Webhook*Payload type.
func (s *Server) emit(typ string, v any) {
	if !s.hooks.enabled() {
		return
	}
	data, err := marshal(v)
	if err != nil {
		panic("polartest: encode webhook data: " + err.Error())
	}
	s.hooks.enqueue(typ, envelope(typ, s.clock.Now(), data))
}

// envelope returns the body of a webhook event: compact JSON with the keys
// type, timestamp, data in that order, as Polar's model_dump_json writes.
func envelope(typ string, ts time.Time, data []byte) []byte {
	body := make([]byte, 0, len(data)+96)
	body = append(body, `{"type":`...)
	body = strconv.AppendQuote(body, typ)
	body = append(body, `,"timestamp":"`...)
	body = append(body, polarTime(ts)...)
	body = append(body, `","data":`...)
	body = append(body, data...)
	return append(body, '}')
}

// marshal encodes v as compact JSON without HTML escaping, as Polar's
// model_dump_json does.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// polarTime formats t as Polar does: UTC, six fraction digits, none at
// all when the microseconds are 0.
func polarTime(t time.Time) string {
	t = t.UTC().Truncate(time.Microsecond)
	if t.Nanosecond() == 0 {
		return t.Format("2006-01-02T15:04:05Z")
	}
	return t.Format("2006-01-02T15:04:05.000000Z")
}

// enabled reports whether a webhook endpoint is set.
func (d *deliverer) enabled() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ep != nil
}

// enqueue queues an event for the current endpoint.
func (d *deliverer) enqueue(typ string, body []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ep == nil {
		return
	}
	d.pending = append(d.pending, &event{id: newID(), typ: typ, body: body, ep: *d.ep, next: d.clock.Now()})
	d.notify()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// notify wakes WaitDeliveries. The caller holds d.mu.
func (d *deliverer) notify() {
	close(d.changed)
	d.changed = make(chan struct{})
}

// start runs the delivery goroutine until stop.
func (d *deliverer) start() {
	go func() {
		defer close(d.done)
		for {
			ev, wait := d.due()
			if ev != nil {
				d.attempt(ev)
				continue
			}
			var timer <-chan time.Time
			if wait > 0 {
				timer = d.clock.After(wait)
			}
			select {
			case <-d.ctx.Done():
				return
			case <-d.wake:
			case <-timer:
			}
		}
	}()
}

// stop ends the delivery goroutine, abandoning an attempt under way, and
// closes its connections.
func (d *deliverer) stop() {
	d.cancel()
	<-d.done
	d.transport.CloseIdleConnections()
}

// due returns the event to send now (marking it in flight), or how long
// until the next one falls due (0 when none is pending).
func (d *deliverer) due() (*event, time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.ctx.Err() != nil || len(d.pending) == 0 {
		return nil, 0
	}
	first := d.pending[0]
	for _, ev := range d.pending[1:] {
		if ev.next.Before(first.next) {
			first = ev
		}
	}
	if wait := first.next.Sub(d.clock.Now()); wait > 0 {
		return nil, wait
	}
	d.inFlight = true
	return first, 0
}

// attempt sends ev once and records the outcome.
func (d *deliverer) attempt(ev *event) {
	at := d.clock.Now()
	header := http.Header{
		"Webhook-Id":        {ev.id},
		"Webhook-Timestamp": {strconv.FormatInt(at.Unix(), 10)},
		"Webhook-Signature": {webhook.Sign(ev.ep.secret, ev.id, at, ev.body)},
		"User-Agent":        {"polar.sh webhooks"},
		"Content-Type":      {"application/json"},
	}
	status, err := d.send(ev, header)

	d.mu.Lock()
	defer d.mu.Unlock()
	d.inFlight = false
	defer d.notify()
	if d.ctx.Err() != nil {
		return
	}
	ev.attempts++
	d.deliveries = append(d.deliveries, Delivery{
		ID: ev.id, Type: ev.typ, Header: header, Body: ev.body,
		Attempt: ev.attempts, StatusCode: status, Err: err,
	})
	if (status >= 200 && status < 300) || ev.attempts >= maxAttempts {
		d.pending = slices.DeleteFunc(d.pending, func(x *event) bool { return x == ev })
		return
	}
	ev.next = d.clock.Now().Add(backoff(ev.attempts))
}

// send POSTs ev's body with header and returns the status, or the error
// when no answer came.
func (d *deliverer) send(ev *event, header http.Header) (int, error) {
	req, err := http.NewRequestWithContext(d.ctx, http.MethodPost, ev.ep.url, bytes.NewReader(ev.body))
	if err != nil {
		return 0, fmt.Errorf("polartest: webhook request: %w", err)
	}
	req.Header = header.Clone()
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}

// backoff is the wait after the n-th failed attempt: min(2 s × 2ⁿ,
// 20 min), jittered to 50–100 % of it (dramatiq's compute_backoff).
func backoff(n int) time.Duration {
	base := maxBackoff
	if n < 20 {
		base = min(2*time.Second<<n, maxBackoff)
	}
	return time.Duration(float64(base) * (0.5 + 0.5*rand.Float64()))
}
