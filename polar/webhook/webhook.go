package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Event types around a checkout, as Polar names them in an event's "type".
// Other types (customer.*, subscription.*, and any added later) are
// delivered as an Event all the same.
const (
	EventCheckoutCreated = "checkout.created"
	EventCheckoutUpdated = "checkout.updated"
	EventCheckoutExpired = "checkout.expired"
	EventOrderCreated    = "order.created"
	EventOrderUpdated    = "order.updated"
	EventOrderPaid       = "order.paid"
	EventOrderRefunded   = "order.refunded"
)

const (
	// MaxBodyBytes is the largest body Verify and Handler accept (4 MiB).
	MaxBodyBytes = 4 << 20

	// Tolerance is how far the webhook-timestamp header may lie before or
	// after the current time, as in Polar's SDKs and Standard Webhooks.
	Tolerance = 5 * time.Minute
)

// Header names Polar sends (Standard Webhooks), in canonical form.
const (
	headerID        = "Webhook-Id"
	headerTimestamp = "Webhook-Timestamp"
	headerSignature = "Webhook-Signature"
)

var (
	// ErrSignature is matched (with errors.Is) by every failure to
	// authenticate a delivery: an empty secret, a missing webhook-id,
	// webhook-timestamp or webhook-signature header, no v1 signature, no
	// signature that matches, or a body over MaxBodyBytes.
	ErrSignature = errors.New("webhook: signature verification failed")

	// ErrTimestamp is matched by a webhook-timestamp header that is not a
	// Unix time in seconds or lies more than Tolerance from now.
	ErrTimestamp = errors.New("webhook: timestamp outside the tolerance")

	// ErrTooLarge is matched, together with ErrSignature, by a body of more
	// than MaxBodyBytes; such a body is not verified.
	ErrTooLarge = errors.New("webhook: body too large")

	// ErrPayload is matched by a correctly signed body that is not a Polar
	// event: not JSON, or missing "type", "timestamp" or "data". It is also
	// matched when Event.Checkout cannot decode the data.
	ErrPayload = errors.New("webhook: body is not an event")
)

// verifyError says which header or check failed and matches its sentinels.
// Its text never holds the secret or a signature.
type verifyError struct {
	msg   string
	kinds []error
}

func (e *verifyError) Error() string   { return "webhook: " + e.msg }
func (e *verifyError) Unwrap() []error { return e.kinds }

func failure(msg string, kinds ...error) error { return &verifyError{msg: msg, kinds: kinds} }

// Event is a verified Polar webhook delivery.
type Event struct {
	// ID is the webhook-id header: the same on every retry and redelivery
	// of an event, so use it to deduplicate.
	ID string
	// Type is the event type, such as EventCheckoutUpdated.
	Type string
	// Timestamp is the envelope's "timestamp": when the event was created,
	// not when this attempt was sent.
	Timestamp time.Time
	// Data is the envelope's "data" as sent, for example a checkout.
	Data json.RawMessage
	// APIVersion is the version of the payload (temporary, until the webhook branch lands).
	APIVersion string
}

// Verify authenticates a delivery from its headers and raw body and returns
// the event it carries. Header names may have any capitalisation.
//
// It accepts a webhook-signature holding a v1 signature made with Polar's
// key (the UTF-8 bytes of the whole secret, whsec_ or polar_whs_ prefix
// included, which is what Polar signs with) or with the Standard Webhooks
// reading of the secret (the part after whsec_ base64-decoded), as Polar's
// TypeScript SDK does; signatures are compared in constant time. The
// webhook-timestamp must lie within Tolerance of now.
//
// Failures match ErrSignature or ErrTimestamp with errors.Is (a body over
// MaxBodyBytes also matches ErrTooLarge); a signed body that is not an event
// matches ErrPayload. Error texts never contain the secret or a signature.
// Events of any type, known or not, are returned as an Event.
func Verify(secret string, header http.Header, body []byte) (*Event, error) {
	return verify(secret, header, body, time.Now())
}

func verify(secret string, header http.Header, body []byte, now time.Time) (*Event, error) {
	if secret == "" {
		return nil, failure("empty secret", ErrSignature)
	}
	if len(body) > MaxBodyBytes {
		return nil, failure(fmt.Sprintf("body of %d bytes exceeds MaxBodyBytes (%d)", len(body), MaxBodyBytes), ErrTooLarge, ErrSignature)
	}
	id := headerValue(header, headerID)
	if id == "" {
		return nil, failure("missing webhook-id header", ErrSignature)
	}
	ts := headerValue(header, headerTimestamp)
	if ts == "" {
		return nil, failure("missing webhook-timestamp header", ErrSignature)
	}
	sigs := headerValue(header, headerSignature)
	if sigs == "" {
		return nil, failure("missing webhook-signature header", ErrSignature)
	}
	if err := checkTimestamp(ts, now); err != nil {
		return nil, err
	}
	if err := checkSignature(secret, id, ts, body, sigs); err != nil {
		return nil, err
	}
	return decode(id, body)
}

// headerValue returns the first value of the named header, also when the
// header map was built by hand with keys in another capitalisation.
func headerValue(h http.Header, canonical string) string {
	if v := h[canonical]; len(v) > 0 {
		return v[0]
	}
	for k, v := range h {
		if len(v) > 0 && strings.EqualFold(k, canonical) {
			return v[0]
		}
	}
	return ""
}

// checkTimestamp accepts a header of decimal digits within Tolerance of now.
func checkTimestamp(ts string, now time.Time) error {
	for i := 0; i < len(ts); i++ {
		if ts[i] < '0' || ts[i] > '9' {
			return failure("webhook-timestamp header is not a Unix time in seconds", ErrTimestamp)
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return failure("webhook-timestamp header is not a Unix time in seconds", ErrTimestamp)
	}
	age := now.Sub(time.Unix(sec, 0))
	switch {
	case age > Tolerance:
		return failure(fmt.Sprintf("webhook-timestamp %s is %s before now, more than the tolerance of %s", ts, age.Truncate(time.Second), Tolerance), ErrTimestamp)
	case age < -Tolerance:
		return failure(fmt.Sprintf("webhook-timestamp %s is %s after now, more than the tolerance of %s", ts, (-age).Truncate(time.Second), Tolerance), ErrTimestamp)
	}
	return nil
}

// checkSignature looks for a v1 entry in the space-separated list sigs that
// matches the HMAC-SHA256 of id.ts.body under Polar's key or, failing that,
// under the Standard Webhooks key.
func checkSignature(secret, id, ts string, body []byte, sigs string) error {
	var buf [sha256.Size]byte
	want := sum(hmac.New(sha256.New, []byte(secret)), id, ts, body, buf[:0])
	found, ok := matchAny(sigs, want)
	if ok {
		return nil
	}
	if !found {
		return failure("webhook-signature header has no v1 signature", ErrSignature)
	}
	if key, ok := standardKey(secret); ok {
		want = sum(hmac.New(sha256.New, key), id, ts, body, buf[:0])
		if _, ok := matchAny(sigs, want); ok {
			return nil
		}
	}
	return failure("no signature in the webhook-signature header matches", ErrSignature)
}

// sum writes the signed content id.ts.body into mac and appends the MAC to b.
func sum(mac hash.Hash, id, ts string, body, b []byte) []byte {
	var buf [128]byte
	if len(id)+len(ts)+2 <= len(buf) {
		n := copy(buf[:], id)
		buf[n] = '.'
		n++
		n += copy(buf[n:], ts)
		buf[n] = '.'
		n++
		mac.Write(buf[:n])
	} else {
		mac.Write([]byte(id))
		mac.Write([]byte{'.'})
		mac.Write([]byte(ts))
		mac.Write([]byte{'.'})
	}
	mac.Write(body)
	return mac.Sum(b)
}

// matchAny compares want in constant time with each decodable v1 entry of
// sigs. found reports whether there was any such entry.
func matchAny(sigs string, want []byte) (found, ok bool) {
	for rest := sigs; rest != ""; {
		var entry string
		entry, rest, _ = strings.Cut(rest, " ")
		sig, isV1 := strings.CutPrefix(entry, "v1,")
		if !isV1 {
			continue
		}
		// Like Polar's SDK and Standard Webhooks: anything after a
		// further comma is ignored.
		sig, _, _ = strings.Cut(sig, ",")
		var src [64]byte
		var got [48]byte
		if len(sig) > len(src) {
			continue
		}
		n, ok := decodeBase64(got[:], src[:copy(src[:], sig)])
		if !ok {
			continue
		}
		found = true
		if hmac.Equal(got[:n], want) {
			return true, true
		}
	}
	return found, false
}

// decodeBase64 decodes standard base64 with or without padding, as the
// atob Polar's SDK uses does, into dst. ok is false when src is no such
// base64 or dst is shorter than base64.RawStdEncoding.DecodedLen(len(src)).
func decodeBase64(dst, src []byte) (n int, ok bool) {
	enc := base64.StdEncoding
	if len(src)%4 != 0 {
		enc = base64.RawStdEncoding
	}
	if len(dst) < enc.DecodedLen(len(src)) {
		return 0, false
	}
	n, err := enc.Decode(dst, src)
	return n, err == nil
}

// standardKey is the Standard Webhooks reading of the secret: the part after
// whsec_ (the whole secret without that prefix) base64-decoded. ok is false
// when that does not decode or yields no bytes or Polar's key itself.
func standardKey(secret string) (key []byte, ok bool) {
	rest := strings.TrimPrefix(secret, "whsec_")
	key = make([]byte, base64.RawStdEncoding.DecodedLen(len(rest)))
	n, ok := decodeBase64(key, []byte(rest))
	key = key[:n]
	if !ok || n == 0 || string(key) == secret {
		return nil, false
	}
	return key, true
}

// envelope is the JSON body of a raw-format delivery.
type envelope struct {
	Type      string          `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

func decode(id string, body []byte) (*Event, error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("webhook: event %q: %w: %v", id, ErrPayload, err)
	}
	switch {
	case env.Type == "":
		return nil, fmt.Errorf("webhook: event %q: %w: no \"type\"", id, ErrPayload)
	case len(env.Data) == 0 || string(env.Data) == "null":
		return nil, fmt.Errorf("webhook: event %q: %w: no \"data\"", id, ErrPayload)
	}
	at, err := parseTime(env.Timestamp)
	if err != nil {
		return nil, fmt.Errorf("webhook: event %q: %w: \"timestamp\" is not a date-time", id, ErrPayload)
	}
	return &Event{ID: id, Type: env.Type, Timestamp: at, Data: env.Data}, nil
}

// parseTime reads an RFC 3339 date-time; one without a zone is taken as UTC,
// as Polar's server works in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02T15:04:05.999999999", s)
}

// Sign returns the webhook-signature header value Polar would send for body
// with the given webhook-id and webhook-timestamp: "v1," followed by the
// base64 HMAC-SHA256 under Polar's key, the UTF-8 bytes of the whole secret.
// It is meant for tests of webhook endpoints; Verify rejects anything signed
// with an empty secret.
func Sign(secret, id string, ts time.Time, body []byte) string {
	var b [sha256.Size]byte
	var ts10 [20]byte
	mac := hmac.New(sha256.New, []byte(secret))
	m := sum(mac, id, string(strconv.AppendInt(ts10[:0], ts.Unix(), 10)), body, b[:0])
	return "v1," + base64.StdEncoding.EncodeToString(m)
}
