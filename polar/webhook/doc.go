// Package webhook verifies and decodes the webhook deliveries Polar sends.
//
// Polar signs each delivery the Standard Webhooks way: headers webhook-id,
// webhook-timestamp and webhook-signature, an HMAC-SHA256 over
// "<webhook-id>.<webhook-timestamp>.<body>". The key depends on the
// endpoint's secret: the Standard Webhooks key (the base64 after whsec_)
// for the secrets Polar makes since 2026-09-08, Polar's original key (the
// UTF-8 bytes of the whole secret) for older whsec_ and polar_whs_ secrets
// and for secrets a merchant chose. Verify accepts both keys for any
// secret, checks a delivery and returns its Event; Handler wraps it in an
// http.Handler; Sign makes the signature header for tests.
//
// Deliveries are versioned as Polar's API is: Event.APIVersion says which
// version's shapes Event.Data is in. This package knows no version's
// types: the version packages (polar/v2026_10, polar/v2027_01) decode Data
// with CheckoutFromEvent and OrderFromEvent, which refuse an event of
// another version.
//
// An endpoint:
//
//	secret := os.Getenv("POLAR_WEBHOOK_SECRET")
//	http.Handle("POST /webhooks/polar", webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
//		if ev.Type != webhook.EventCheckoutUpdated {
//			return nil // acknowledge what you do not handle
//		}
//		c, err := polar.CheckoutFromEvent(ev) // polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
//		if err != nil {
//			return err // 500: Polar delivers the event again
//		}
//		return markPaid(ctx, ev.ID, c) // deduplicate on ev.ID
//	}))
//
// Polar considers any 2xx answered within 10 seconds a success and retries
// anything else (up to 10 attempts over about half an hour) with the same
// webhook-id and body, so handle an event quickly and idempotently. Only the
// "raw" endpoint format carries events; Discord and Slack formats are
// rejected as ErrPayload.
//
// # Reading the envelope
//
// Verify reads the body's envelope ("type", "timestamp", "data",
// "api_version") in one pass over the bytes, with a scanner of its own
// rather than encoding/json, whose decode of the envelope cost about ten
// times the HMAC. Member names match exactly ("TYPE" is an unknown member,
// ignored), a member of the envelope that appears twice is refused, and the
// body must be exactly one JSON object. Every byte is validated, data
// included: what the scanner accepts, encoding/json accepts (the fuzz
// target FuzzReadEnvelope compares the two), so Data is always valid JSON;
// a decoder that cannot read it as its version's type returns ErrPayload.
//
// The tokenizer of encoding/json/v2 (jsontext, from
// github.com/go-json-experiment/json) was measured for this job and not
// taken. Set to validate as encoding/json does (invalid UTF-8 and duplicate
// names inside data allowed), it reads a 10 KB envelope in about the time
// of the HMAC itself, which leaves Verify at or above twice the HMAC; the
// scanner here takes a fraction of that. It would also be a new runtime
// dependency, pre-1.0 in API (its tagged releases need Go 1.26). The
// standard library's copy, encoding/json/jsontext, exists only when
// building with GOEXPERIMENT=jsonv2, which a library cannot ask of its
// users.
package webhook
