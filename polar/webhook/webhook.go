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
	headerID         = "Webhook-Id"
	headerTimestamp  = "Webhook-Timestamp"
	headerSignature  = "Webhook-Signature"
	headerAPIVersion = "Webhook-Api-Version"
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
	// event: not exactly one JSON object; without "type", "timestamp" or
	// "data", or with one of them (or "api_version") twice or of the wrong
	// JSON type; or with an "api_version" other than the
	// webhook-api-version header. It is also matched by the versioned
	// packages' CheckoutFromEvent and OrderFromEvent when data cannot be
	// decoded.
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

// Event is a verified Polar webhook delivery. The package knows no API
// version's types: decode Data with the versioned packages'
// CheckoutFromEvent and OrderFromEvent, which also check APIVersion.
type Event struct {
	// ID is the webhook-id header: the same on every retry and redelivery
	// of an event, so use it to deduplicate.
	ID string
	// Type is the event type, such as EventCheckoutUpdated.
	Type string
	// Timestamp is the envelope's "timestamp": when the event was created,
	// not when this attempt was sent.
	Timestamp time.Time
	// APIVersion is the Polar API version whose shapes Data is in, such as
	// "2026-10": the webhook-api-version header Polar sends with every
	// delivery, which is the version the event was created with (a
	// redelivery keeps it). When the body also carries "api_version" (it
	// does from 2026-10 on, and unlike the header it is covered by the
	// signature) the two agree, or Verify refuses the event with
	// ErrPayload; when only one is present, it is that one. Empty when
	// neither is.
	APIVersion string
	// Data is the envelope's "data", exactly the bytes Polar signed, for
	// example a checkout. It is valid JSON. It is a subslice of the body
	// given to Verify, not a copy: keep it as long as you like, but do not
	// modify the body while Data is in use.
	Data json.RawMessage
}

// Verify authenticates a delivery from its headers and raw body and returns
// the event it carries. Header names may have any capitalisation.
//
// It accepts a webhook-signature holding a v1 signature made with either of
// Polar's keys, as Polar's SDKs do: the Standard Webhooks key (the part
// after whsec_ base64-decoded), which Polar signs with for the secrets it
// makes since 2026-09-08, or Polar's original key (the UTF-8 bytes of the
// whole secret, prefix included), which it signs with for older secrets
// and for secrets a merchant chose. The key Polar uses for the secret's
// kind (see Sign) is tried first. Signatures are compared in constant time.
// The webhook-timestamp must lie within Tolerance of now. A secret without
// the whsec_ or polar_whs_ prefix is verified all the same; when no
// signature matches, the error says it has neither prefix.
//
// Failures match ErrSignature or ErrTimestamp with errors.Is (a body over
// MaxBodyBytes also matches ErrTooLarge); a signed body that is not an
// event, or whose "api_version" differs from its webhook-api-version
// header, matches ErrPayload. Error texts never contain the secret or a
// signature. Events of any type, known or not, are returned as an Event;
// Event.Data shares the body's memory.
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
	return decode(id, headerValue(header, headerAPIVersion), body)
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
// matches the HMAC-SHA256 of id.ts.body under the key Polar signs the
// secret's kind with (signingKey) or, failing that, under the other of
// Polar's two keys: a delivery as Polar sends it costs one HMAC.
func checkSignature(secret, id, ts string, body []byte, sigs string) error {
	var buf [sha256.Size]byte
	key := signingKey(secret)
	want := sum(hmac.New(sha256.New, key), id, ts, body, buf[:0])
	found, ok := matchAny(sigs, want)
	if ok {
		return nil
	}
	if !found {
		return failure("webhook-signature header has no v1 signature", ErrSignature)
	}
	other, ok := []byte(secret), true
	if string(key) == secret {
		other, ok = standardKey(secret)
	}
	if ok {
		want = sum(hmac.New(sha256.New, other), id, ts, body, buf[:0])
		if _, ok := matchAny(sigs, want); ok {
			return nil
		}
	}
	if !strings.HasPrefix(secret, "whsec_") && !strings.HasPrefix(secret, "polar_whs_") {
		// Legitimate (a secret chosen by the merchant, the organization
		// ID of polar listen), but more often a value that is not the
		// endpoint's secret at all.
		return failure("no signature in the webhook-signature header matches, and the secret has neither the whsec_ nor the polar_whs_ prefix of the secrets Polar makes: check that it is the endpoint's secret as Polar shows it", ErrSignature)
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

// decode reads the event out of a verified body. headerVersion is the
// webhook-api-version header, "" when there is none.
func decode(id, headerVersion string, body []byte) (*Event, error) {
	env, err := readEnvelope(body)
	if err != nil {
		return nil, fmt.Errorf("webhook: event %q: %w: %v", id, ErrPayload, err)
	}
	at, err := parseTime(env.timestamp)
	if err != nil {
		return nil, fmt.Errorf("webhook: event %q: %w: \"timestamp\" is not a date-time", id, ErrPayload)
	}
	version := env.apiVersion
	switch {
	case version == "":
		version = headerVersion
	case headerVersion != "" && headerVersion != version:
		return nil, fmt.Errorf("webhook: event %q: %w: the webhook-api-version header says %q, the body's \"api_version\" %q", id, ErrPayload, headerVersion, version)
	}
	return &Event{ID: id, Type: env.typ, Timestamp: at, APIVersion: version, Data: env.data}, nil
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
// base64 HMAC-SHA256 of "<id>.<ts>.<body>" under the key Polar uses for a
// secret of that kind. A secret as Polar makes them since 2026-09-08
// ("whsec_" followed by the padded standard base64 of 32 bytes) is signed
// with the Standard Webhooks key, those 32 bytes. Every other secret (the
// older whsec_ and polar_whs_ secrets, and secrets chosen by the
// merchant) is signed with Polar's original key, the UTF-8 bytes of the
// whole secret, prefix included. Verify accepts both keys for any secret.
// Sign is meant for tests of webhook endpoints; Verify rejects anything
// signed with an empty secret.
func Sign(secret, id string, ts time.Time, body []byte) string {
	var b [sha256.Size]byte
	var ts10 [20]byte
	mac := hmac.New(sha256.New, signingKey(secret))
	m := sum(mac, id, string(strconv.AppendInt(ts10[:0], ts.Unix(), 10)), body, b[:0])
	return "v1," + base64.StdEncoding.EncodeToString(m)
}

// signingKey is the key Polar signs a secret's deliveries with: the
// Standard Webhooks key for a secret in the form Polar generates since
// 2026-09-08 (whsec_ + padded base64 of 32 bytes), Polar's original key
// (the secret's UTF-8 bytes) for any other.
func signingKey(secret string) []byte {
	if rest, ok := strings.CutPrefix(secret, "whsec_"); ok && len(rest) == base64.StdEncoding.EncodedLen(32) {
		if key, err := base64.StdEncoding.DecodeString(rest); err == nil && len(key) == 32 {
			return key
		}
	}
	return []byte(secret)
}
