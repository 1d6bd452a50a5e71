// Package webhook verifies and decodes the webhook deliveries Polar sends.
//
// Polar signs each delivery the Standard Webhooks way: headers webhook-id,
// webhook-timestamp and webhook-signature, an HMAC-SHA256 over
// "<webhook-id>.<webhook-timestamp>.<body>" keyed with the UTF-8 bytes of
// the endpoint's secret (whsec_… or polar_whs_…, prefix included). Verify
// checks a delivery and returns its Event; Handler wraps it in an
// http.Handler; Sign makes the signature header for tests.
//
// An endpoint:
//
//	secret := os.Getenv("POLAR_WEBHOOK_SECRET")
//	http.Handle("POST /webhooks/polar", webhook.Handler(secret, func(ctx context.Context, ev *webhook.Event) error {
//		if ev.Type != webhook.EventCheckoutUpdated {
//			return nil // acknowledge what you do not handle
//		}
//		c, err := ev.Checkout()
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
// Verification also accepts signatures made with the Standard Webhooks
// reading of a whsec_ secret (its remainder base64-decoded), as Polar's
// TypeScript SDK does; Polar itself signs with the UTF-8 key.
package webhook
