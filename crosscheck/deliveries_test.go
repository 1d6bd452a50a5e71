package crosscheck_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"hash/crc32"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar/polartest"
	v2026_10 "github.com/polar-checkouts/polar-go/polar/v2026_10"
	v2027_01 "github.com/polar-checkouts/polar-go/polar/v2027_01"
	"github.com/polar-checkouts/polar-go/polar/webhook"
)

// checkoutOf reads a checkout event with the version package of its
// version: the id and status of the checkout.
var checkoutOf = map[string]func(*webhook.Event) (id, status string, err error){
	"2026-10": func(ev *webhook.Event) (string, string, error) {
		c, err := v2026_10.CheckoutFromEvent(ev)
		if err != nil {
			return "", "", err
		}
		return c.ID, string(c.Status), nil
	},
	"2027-01": func(ev *webhook.Event) (string, string, error) {
		c, err := v2027_01.CheckoutFromEvent(ev)
		if err != nil {
			return "", "", err
		}
		return c.ID, string(c.Status), nil
	},
}

// orderCheckoutOf reads an order event with the version package of its
// version: the id of the order's checkout.
var orderCheckoutOf = map[string]func(*webhook.Event) (string, error){
	"2026-10": func(ev *webhook.Event) (string, error) {
		o, err := v2026_10.OrderFromEvent(ev)
		if err != nil || o.CheckoutID == nil {
			return "", err
		}
		return *o.CheckoutID, nil
	},
	"2027-01": func(ev *webhook.Event) (string, error) {
		o, err := v2027_01.OrderFromEvent(ev)
		if err != nil || o.CheckoutID == nil {
			return "", err
		}
		return *o.CheckoutID, nil
	},
}

// received is one webhook request as the endpoint got it over HTTP.
type received struct {
	header http.Header
	body   []byte
}

// recorder is a webhook endpoint that keeps every request and answers 202,
// as Polar's docs advise.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []received
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, received{header: r.Header.Clone(), body: body})
		rec.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (rec *recorder) requests() []received {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]received(nil), rec.reqs...)
}

// newSecret returns a webhook secret shaped like the ones Polar makes
// since #12712 (webhook facts §2): whsec_, 37 random alphanumerics, and
// their CRC32 in base62, padded to 6 characters.
func newSecret(t *testing.T) string {
	t.Helper()
	const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var b strings.Builder
	for range 37 {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alnum))))
		if err != nil {
			t.Fatal(err)
		}
		b.WriteByte(alnum[n.Int64()])
	}
	random := b.String()
	crc := new(big.Int).SetUint64(uint64(crc32.ChecksumIEEE([]byte(random)))).Text(62)
	return "whsec_" + random + strings.Repeat("0", 6-len(crc)) + crc
}

// legacySecret is a polar_whs_ secret, the format Polar made from 2025-07
// to 2026-06 and still accepts (webhook facts §2, §8).
const legacySecret = "polar_whs_ovyN6cPrTv56AApvzCaJno08SSmGJmgbWilb33N2JuK"

type verdict struct {
	OK     bool   `json:"ok"`
	Type   string `json:"type"`    // of the event validateEvent returned
	DataID string `json:"data_id"` // its data.id
	Name   string `json:"name"`
	Error  string `json:"error"`
}

type verifyCase struct {
	Secret   string            `json:"secret"`
	Headers  map[string]string `json:"headers"`
	Body     string            `json:"body"`
	Version  string            `json:"version,omitempty"`
	Standard bool              `json:"standard,omitempty"`
}

// tamper returns body with one byte changed: an ASCII letter or digit in
// the middle of the checkout or order data, so the body stays UTF-8 (it
// travels to Node as a JSON string) and only the signature can notice.
func tamper(t *testing.T, body []byte) []byte {
	t.Helper()
	out := bytes.Clone(body)
	for i := len(out) / 2; i < len(out); i++ {
		switch c := out[i]; {
		case c >= '0' && c <= '8', c >= 'a' && c <= 'y', c >= 'A' && c <= 'Y':
			out[i]++
			return out
		}
	}
	t.Fatalf("no letter or digit to change in the second half of %.80s...", body)
	return nil
}

// TestCrossCheckDeliveries pays a seat-based checkout on polartest, with
// the webhook endpoint in each API version and with each kind of secret,
// and has every webhook request its endpoint received verified by code
// nobody here wrote: Polar's TypeScript SDK (webhooks.validateEvent of the
// endpoint version's entry point: the signature, with both of Polar's keys,
// and the event type) and the Standard Webhooks reference library, with the
// exact headers and raw body that came over HTTP. Both must accept each
// delivery and refuse it with one byte of the body changed; polar/webhook
// and the version package must read the same events; every payload must
// be valid against that version's document (spectest: a 2027-01 payload
// checked against 2026-10's document fails on the seat-based price).
func TestCrossCheckDeliveries(t *testing.T) {
	for _, version := range []string{"2026-10", "2027-01"} {
		for _, tc := range []struct {
			name, secret string
			standard     bool // signed the Standard Webhooks way
			opts         []polartest.WebhookOption
		}{
			{"secret made today", polartest.NewWebhookSecret(), true, nil},
			{"whsec secret made before 2026-09-08", newSecret(t), false, []polartest.WebhookOption{polartest.WebhookLegacySigning()}},
			{"legacy polar_whs secret", legacySecret, false, nil},
		} {
			t.Run(version+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				checkDeliveries(t, version, tc.secret, tc.standard, append(tc.opts, polartest.WebhookAPIVersion(version))...)
			})
		}
	}
}

func checkDeliveries(t *testing.T, version, secret string, standard bool, opts ...polartest.WebhookOption) {
	s := polartest.NewServer()
	t.Cleanup(s.Close)
	rec := newRecorder(t)
	s.SetWebhook(rec.URL, secret, opts...)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	client, err := v2026_10.NewClient(s.ClientOptions()...) // the API version does not change the webhooks'
	if err != nil {
		t.Fatal(err)
	}
	co, err := client.Checkouts.Create(ctx, v2026_10.CheckoutCreate{Products: []string{polartest.SeatBasedProductID}, Seats: v2026_10.Int(5)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Pay(co.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitDeliveries(ctx); err != nil {
		t.Fatal(err)
	}

	reqs := rec.requests()
	want := []struct {
		typ, status string // status of a checkout event
		schema      string
	}{
		{"checkout.created", "open", "WebhookCheckoutCreatedPayload"},
		{"checkout.updated", "confirmed", "WebhookCheckoutUpdatedPayload"},
		{"order.created", "", "WebhookOrderCreatedPayload"},
		{"order.updated", "", "WebhookOrderUpdatedPayload"},
		{"order.paid", "", "WebhookOrderPaidPayload"},
		{"checkout.updated", "succeeded", "WebhookCheckoutUpdatedPayload"},
	}
	if len(reqs) != len(want) {
		t.Fatalf("the endpoint received %d requests, want %d", len(reqs), len(want))
	}
	doc := spectest.For(t, version)

	var (
		cases   []verifyCase
		dataIDs = make([]string, len(reqs)) // of each delivery, as polar/webhook read it
	)
	for i, r := range reqs {
		if !utf8.Valid(r.body) {
			t.Fatalf("delivery %d: body is not UTF-8", i)
		}
		headers := map[string]string{}
		for name, values := range r.header {
			headers[name] = strings.Join(values, ", ")
		}
		cases = append(cases,
			verifyCase{Secret: secret, Headers: headers, Body: string(r.body), Version: version, Standard: standard},
			verifyCase{Secret: secret, Headers: headers, Body: string(tamper(t, r.body)), Version: version, Standard: standard},
		)

		w := want[i]
		if got := r.header.Get("Webhook-Api-Version"); got != version {
			t.Errorf("delivery %d (%s): webhook-api-version %q, want %q", i, w.typ, got, version)
		}
		if err := doc.ValidateSchema(t, w.schema, r.body); err != nil {
			t.Errorf("delivery %d (%s): not a valid %s of %s: %v", i, w.typ, w.schema, version, err)
		}
		ev, err := webhook.Verify(secret, r.header, r.body)
		if err != nil {
			t.Errorf("delivery %d (%s): webhook.Verify: %v", i, w.typ, err)
			continue
		}
		var data struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(ev.Data, &data)
		dataIDs[i] = data.ID
		if ev.Type != w.typ || ev.ID != r.header.Get("Webhook-Id") || ev.APIVersion != version {
			t.Errorf("delivery %d: event %s (id %s, version %s), want %s (id %s, version %s)", i, ev.Type, ev.ID, ev.APIVersion, w.typ, r.header.Get("Webhook-Id"), version)
		}
		if _, err := webhook.Verify(secret, r.header, tamper(t, r.body)); err == nil {
			t.Errorf("delivery %d (%s): webhook.Verify accepted a changed body", i, w.typ)
		}
		if w.status == "" {
			checkoutID, err := orderCheckoutOf[version](ev)
			if err != nil || checkoutID != co.ID {
				t.Errorf("delivery %d (%s): OrderFromEvent: checkout %q, %v; want %s", i, w.typ, checkoutID, err, co.ID)
			}
			continue
		}
		id, status, err := checkoutOf[version](ev)
		if err != nil {
			t.Errorf("delivery %d (%s): CheckoutFromEvent: %v", i, w.typ, err)
			continue
		}
		if id != co.ID || status != w.status {
			t.Errorf("delivery %d (%s): checkout %s status %s, want %s status %s", i, w.typ, id, status, co.ID, w.status)
		}
	}

	var answer struct {
		Results []struct {
			SDK              verdict `json:"sdk"`
			StandardWebhooks verdict `json:"standardwebhooks"`
		} `json:"results"`
	}
	node(t, "webhooks.mjs", map[string]any{"mode": "verify", "cases": cases}, &answer)
	if len(answer.Results) != len(cases) {
		t.Fatalf("webhooks.mjs answered %d results for %d cases", len(answer.Results), len(cases))
	}
	for i, res := range answer.Results {
		d, tampered := i/2, i%2 == 1
		what := want[d].typ
		if tampered {
			if res.SDK.OK || res.SDK.Name != "PolarWebhookVerificationError" {
				t.Errorf("delivery %d (%s) with one byte changed: @polar-sh/sdk validateEvent %+v, want PolarWebhookVerificationError", d, what, res.SDK)
			}
			if res.StandardWebhooks.OK || !strings.Contains(res.StandardWebhooks.Error, "No matching signature") {
				t.Errorf("delivery %d (%s) with one byte changed: standardwebhooks %+v, want no matching signature", d, what, res.StandardWebhooks)
			}
			continue
		}
		if !res.SDK.OK {
			t.Errorf("delivery %d (%s): @polar-sh/sdk validateEvent refused it: %s: %s", d, what, res.SDK.Name, res.SDK.Error)
		} else if res.SDK.Type != what || res.SDK.DataID == "" || res.SDK.DataID != dataIDs[d] {
			t.Errorf("delivery %d (%s): @polar-sh/sdk read event %s with data.id %s", d, what, res.SDK.Type, res.SDK.DataID)
		}
		if !res.StandardWebhooks.OK {
			t.Errorf("delivery %d (%s): standardwebhooks refused it: %s", d, what, res.StandardWebhooks.Error)
		}
	}
}
