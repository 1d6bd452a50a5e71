package polartest

import (
	"bytes"
	"context"
	"crypto/hmac"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// This file sends webhooks as Polar does (webhook facts §1, §4–§6;
// versions facts §2–§3): one background goroutine per Server delivers the
// events, retries a failed one up to 10 attempts in all with a jittered
// exponential backoff measured on the server's Clock, and never holds up
// an API response. Events for one endpoint (one URL) go out in the order
// they were made: an event waits while an earlier event for the same
// endpoint is pending (not yet delivered, with attempts left), as Polar's
// FIFO guard makes it wait.

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
	// APIVersion is the API version the event was made in, whose shapes
	// Body holds: the endpoint's version when the event was made (the
	// webhook-api-version header and the body's "api_version").
	APIVersion string
	// Attempt counts the attempts for this event, from 1.
	Attempt int
	// StatusCode is the endpoint's status, or 0 when no answer came.
	StatusCode int
	// Err is why no answer came (connection refused, timeout...), or
	// why the event could not be sent at all (an endpoint set with an API
	// version the server does not speak), or nil.
	Err error
}

// endpoint is where and how to deliver.
type endpoint struct {
	url, secret string
	version     string // the API version of the events made for it
	legacy      bool   // sign with Polar's original key
}

// WebhookOption configures the endpoint SetWebhook sets.
type WebhookOption func(*endpoint)

// WebhookAPIVersion makes the endpoint receive its events in API version
// v, as a Polar endpoint's api_version does: the shapes of the data, the
// webhook-api-version header and the body's "api_version". Without it an
// endpoint gets the Current version, 2026-10. A version the server does
// not speak (only 2026-10 and 2027-01) is not refused by SetWebhook, which
// returns nothing: every event made for that endpoint then fails at once,
// with one Delivery whose Err says why and no request sent.
func WebhookAPIVersion(v string) WebhookOption {
	return func(ep *endpoint) { ep.version = v }
}

// WebhookLegacySigning makes the endpoint sign with Polar's original key,
// the UTF-8 bytes of the whole secret, as Polar signs for secrets made
// before 2026-09-08, whatever the secret's form.
// Without it a secret in the form Polar makes today (see
// NewWebhookSecret) is signed the Standard Webhooks way and any other
// secret with the original key, as webhook.Sign does.
func WebhookLegacySigning() WebhookOption {
	return func(ep *endpoint) { ep.legacy = true }
}

// NewWebhookSecret returns a new random webhook secret as Polar makes them
// today: "whsec_" and the standard base64, with padding, of 32 random
// bytes. An endpoint with such a secret is signed the Standard Webhooks
// way: the HMAC key is the 32 bytes (unless WebhookLegacySigning).
func NewWebhookSecret() string {
	var key [32]byte
	_, _ = crand.Read(key[:]) // crypto/rand.Read never fails
	return "whsec_" + base64.StdEncoding.EncodeToString(key[:])
}

// sign returns the webhook-signature of one attempt, with the key ep
// signs with.
func (ep endpoint) sign(id string, at time.Time, body []byte) string {
	if !ep.legacy {
		return webhook.Sign(ep.secret, id, at, body)
	}
	mac := hmac.New(sha256.New, []byte(ep.secret))
	mac.Write([]byte(id + "." + strconv.FormatInt(at.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// event is one webhook event waiting for delivery.
type event struct {
	id, typ  string
	body     []byte
	err      error // why it cannot be sent; body is nil then
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
// order event to url, signed with secret as Polar signs (see
// WebhookLegacySigning and NewWebhookSecret), in the Current API version
// (2026-10) or the one WebhookAPIVersion names. Each event keeps the
// endpoint, secret and version it was made for, on every attempt: calling
// SetWebhook again (to change the version, say) affects only the events
// made afterwards. An empty url stops new deliveries.
func (s *Server) SetWebhook(url, secret string, opts ...WebhookOption) {
	ep := &endpoint{url: url, secret: secret, version: currentVersion}
	for _, o := range opts {
		o(ep)
	}
	d := s.hooks
	d.mu.Lock()
	defer d.mu.Unlock()
	if url == "" {
		d.ep = nil
		return
	}
	d.ep = ep
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
		ev, _ := d.nextEvent(d.clock.Now())
		idle := !d.inFlight && ev == nil
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

// emitCheckout queues a checkout event with r as Polar shows it now, in
// the endpoint's version. The caller holds s.mu.
func (s *Server) emitCheckout(typ string, r *record) {
	s.emit(typ, func(c codec) any { return c.checkout(s, r) })
}

// emitOrder queues an order event, in the endpoint's version. The caller
// holds s.mu.
func (s *Server) emitOrder(typ string, o gen.Order) {
	s.emit(typ, func(c codec) any { return c.order(o) })
}

// emit queues an event whose data is data(the endpoint's codec), for the
// endpoint set now, if any. The caller holds s.mu.
//
// The envelope is written by hand, not encoded from the gen
// Webhook*Payload types: encoding/json would write their keys in field
// order (api_version, data, timestamp, type) and the timestamp with
// trailing zeros trimmed, where Polar writes type, timestamp, api_version,
// data and six fraction digits (webhook facts §4; the order of the
// payload schemas' properties). polartest's tests decode every body into
// its Webhook*Payload type of the event's version.
func (s *Server) emit(typ string, data func(codec) any) {
	d := s.hooks
	ep := d.endpoint()
	if ep == nil {
		return
	}
	ev := &event{id: newID(), typ: typ, ep: *ep}
	if c, ok := codecs[ep.version]; !ok {
		ev.err = fmt.Errorf("polartest: webhook API version %q is not one the server speaks (2026-10, 2027-01)", ep.version)
	} else {
		b, err := marshal(data(c))
		if err != nil {
			panic("polartest: encode webhook data: " + err.Error())
		}
		ev.body = envelope(typ, s.clock.Now(), ep.version, b)
	}
	d.enqueue(ev)
}

// envelope returns the body of a webhook event: compact JSON with the keys
// type, timestamp, api_version, data in that order, as Polar's
// model_dump_json writes.
func envelope(typ string, ts time.Time, version string, data []byte) []byte {
	body := make([]byte, 0, len(data)+128)
	body = append(body, `{"type":`...)
	body = strconv.AppendQuote(body, typ)
	body = append(body, `,"timestamp":"`...)
	body = append(body, polarTime(ts)...)
	body = append(body, `","api_version":`...)
	body = strconv.AppendQuote(body, version)
	body = append(body, `,"data":`...)
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

// endpoint returns the endpoint set now, or nil.
func (d *deliverer) endpoint() *endpoint {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ep
}

// enqueue queues an event, due now.
func (d *deliverer) enqueue(ev *event) {
	d.mu.Lock()
	defer d.mu.Unlock()
	ev.next = d.clock.Now()
	d.pending = append(d.pending, ev)
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
	if d.ctx.Err() != nil {
		return nil, 0
	}
	ev, wait := d.nextEvent(d.clock.Now())
	if ev != nil {
		d.inFlight = true
	}
	return ev, wait
}

// nextEvent returns the event to send at now, or how long until the next
// one falls due (0 when none is pending). Only the oldest pending event of
// each endpoint may go: the others wait for it (Polar's FIFO guard). The
// caller holds d.mu.
func (d *deliverer) nextEvent(now time.Time) (*event, time.Duration) {
	var first *event
	blocked := map[string]bool{}
	for _, ev := range d.pending {
		if blocked[ev.ep.url] {
			continue
		}
		blocked[ev.ep.url] = true
		if first == nil || ev.next.Before(first.next) {
			first = ev
		}
	}
	if first == nil {
		return nil, 0
	}
	if wait := first.next.Sub(now); wait > 0 {
		return nil, wait
	}
	return first, 0
}

// attempt sends ev once and records the outcome. An event that cannot be
// sent is recorded as failed once and dropped.
func (d *deliverer) attempt(ev *event) {
	at := d.clock.Now()
	var header http.Header
	status, err := 0, ev.err
	if err == nil {
		header = http.Header{
			"Webhook-Id":          {ev.id},
			"Webhook-Timestamp":   {strconv.FormatInt(at.Unix(), 10)},
			"Webhook-Signature":   {ev.ep.sign(ev.id, at, ev.body)},
			"Webhook-Api-Version": {ev.ep.version},
			"User-Agent":          {"polar.sh webhooks"},
			"Content-Type":        {"application/json"},
		}
		status, err = d.send(ev, header)
	}

	d.mu.Lock()
	defer d.mu.Unlock()
	d.inFlight = false
	defer d.notify()
	if d.ctx.Err() != nil {
		return
	}
	ev.attempts++
	d.deliveries = append(d.deliveries, Delivery{
		ID: ev.id, Type: ev.typ, Header: header, Body: ev.body, APIVersion: ev.ep.version,
		Attempt: ev.attempts, StatusCode: status, Err: err,
	})
	if (status >= 200 && status < 300) || ev.attempts >= maxAttempts || ev.err != nil {
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
