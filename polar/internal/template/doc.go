//go:build template

// Package polar is a client for Polar's Checkouts API (https://polar.sh),
// API version 2026-10 (import path polar/v2026_10): create a checkout session, send the customer to its
// URL, read it back, update it, list sessions, and make the calls a
// checkout page makes with a session's client secret. Package
// polar/webhook verifies and decodes Polar's webhook deliveries; package
// polar/polartest is a fake Polar for tests.
//
// A complete program:
//
//	package main
//
//	import (
//		"context"
//		"fmt"
//		"log"
//
//		polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
//	)
//
//	func main() {
//		ctx := context.Background()
//		client, err := polar.NewClient() // token from POLAR_ACCESS_TOKEN
//		if err != nil {
//			log.Fatal(err)
//		}
//		checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
//			Products:   []string{"4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9"}, // your product
//			SuccessURL: "https://example.com/success?checkout_id={CHECKOUT_ID}",
//		})
//		if err != nil {
//			log.Fatal(err)
//		}
//		fmt.Println("Send the customer to", checkout.URL)
//	}
//
// [CheckoutCreate] takes any one of Polar's three create forms, one struct
// literal each: Products (the current form), ProductID, or ProductPriceID
// (a checkout for exactly one price, as v0.1 made). Polar replaces
// {CHECKOUT_ID} in SuccessURL with the checkout's id; the body is sent as
// written, without HTML escaping. Request and response types
// ([CheckoutCreate], [Checkout], [CheckoutProduct], ...) are aliases of
// generated types, so this is the only package you import. Polar's unions
// are read with [PriceValue], [DiscountValue] and [CustomFieldValue], which
// tell the variants apart as Polar's server does and report a kind this
// SDK does not know as [Unknown] instead of failing.
//
// # Versions
//
// Polar releases an API version every quarter and removes each about nine
// months later. This package speaks exactly one, 2026-10 ([APIVersion]),
// sent as Polar-Version with every request; its types are that version's.
// Every version Polar serves has its own package with the same names
// (polar/v2026_10, polar/v2027_01, ...): moving an integration to the next
// version is a change of import path, plus the compile errors of the types
// that really changed. Options and errors are the root package polar's,
// re-exported, so they are the same values in every version package.
//
// Once Polar stops serving 2026-10, every call fails with an *[APIError]
// that matches [ErrAPIVersion] (not [ErrNotFound]): import a newer version
// package. An answer in another version is refused with ErrAPIVersion, and
// so are webhook events of another version ([CheckoutFromEvent],
// [OrderFromEvent]).
//
// # Authentication
//
// Every request carries "Authorization: Bearer <token>", the client
// operations included (Polar ignores a valid organization token there, but
// answers 401 to an invalid one). The token comes from [WithAccessToken]
// or, when that is not given, from the POLAR_ACCESS_TOKEN environment
// variable, read once by [NewClient]; NewClient fails when neither is set.
// The token never appears in an error message or a log line, and the SDK's
// own HTTP client does not send it on when a redirect leaves the scheme
// and host (port included). [WithOrganization] picks the organization for
// a token that reaches several.
//
// # Servers
//
// Requests go to [ServerProduction] unless [WithServer] selects
// [ServerSandbox] (separate accounts and tokens: a sandbox token needs the
// sandbox server) or [WithBaseURL] names another URL, such as a proxy or a
// polartest server.
//
// # Options
//
// [NewClient] and every method take [Option] values. Given to a method, an
// option applies to that call only, on top of the Client's settings:
//
//	client.Checkouts.Get(ctx, id, polar.WithTimeout(5*time.Second))
//
// An invalid option is an error from NewClient or from that call, never a
// panic.
//
// # Retries
//
// Without [WithRetryConfig] a call is retried as [DefaultRetryConfig] says:
// up to 3 retries after the first attempt, on connection errors (including
// an attempt cut off by [WithTimeout]), on 429, 500, 502, 503 and 504, and
// on a 409 CheckoutLocked (another request held the checkout), waiting from
// 500 ms, growing 1.5× per retry up to 60 s, with ±50% jitter, for at most
// 5 minutes in all. A Retry-After header (seconds or an HTTP date) sets the
// next wait instead, even above MaxInterval. When a wait would end after
// the context's deadline or past MaxElapsedTime, the call returns the last
// error at once instead of sleeping. TLS certificate errors are never
// retried. The zero [RetryConfig] turns retries off. Bodies are replayed
// byte for byte; every request with a body carries Content-Length (Polar
// refuses a chunked body with 411).
//
// A retried Create sends the same body again. If an earlier attempt reached
// Polar but its answer was lost (a reset connection, a timeout, a proxy's
// 502), Polar may have created a checkout session that the caller never
// sees. Such an unused session simply expires after 24 hours; no money
// moves, because the customer is only charged on the session they
// complete. Polar's own SDKs accept the same trade-off.
//
// # Errors
//
// Errors are values to inspect with [errors.As] and [errors.Is]:
//
//   - A 422 from Polar that lists field problems is a *[ValidationError]
//     whose Errors list every one ([FieldError]: Loc, Msg, Type), e.g.
//     "polar: 422 Unprocessable Entity: body.products.0: Product does not exist.".
//   - Input the SDK can judge alone (no create form or several, an empty
//     products list, a malformed UUID, a URL that is not absolute http(s),
//     a malformed e-mail address, metadata past Polar's limits, an empty id
//     or client secret) is refused before anything is sent, with a
//     *ValidationError whose StatusCode is 0 and whose items read like
//     Polar's, e.g. "polar: invalid request: body.products.0: Input should
//     be a valid UUID, invalid length: expected length 32 for simple
//     format, found 3". The SDK is never stricter than Polar, except that
//     it refuses a CheckoutCreate with two forms, where Polar would pick
//     one silently.
//   - Every other non-2xx answer is an *[APIError] (StatusCode, Name,
//     Detail, Body capped at 64 KiB, Header, RetryAfter, Method, Path),
//     e.g. "polar: 403 Forbidden: NotOpenCheckout: Checkout … is not open:
//     expired (PATCH /v1/checkouts/…)". Name is Polar's error name
//     (ResourceNotFound, NotOpenCheckout, CheckoutLocked, PaymentError,
//     invalid_token, …; empty for a body that is not Polar's JSON). It
//     matches [ErrUnauthorized] (401), [ErrForbidden] (403),
//     [ErrNotFound] (404), [ErrExpired] (410), [ErrRateLimited] (429) or
//     [ErrServer] (5xx) with errors.Is.
//   - Transport and context errors come back wrapped with the operation,
//     e.g. "polar: get checkout: context deadline exceeded", so
//     errors.Is(err, context.DeadlineExceeded) holds.
//   - A 2xx whose body is not what the operation returns is an error naming
//     the status, the content type and the decoding problem: a call never
//     returns a nil error with an empty value.
//
// # Lists
//
// [CheckoutsService.List] reads one page; [CheckoutsService.All] is a Go
// iterator over every page, 100 checkouts a page unless Limit says
// otherwise. It stops when the loop breaks, and yields an error once.
//
// # Timeouts
//
// The context bounds the whole call, retries and waits included;
// cancelling it stops a backoff wait at once. [WithTimeout] bounds each
// attempt (connecting, sending and reading the whole response); the default
// is [DefaultTimeout] (60 s), and zero means no per-attempt limit.
//
// # Logging
//
// With [WithLogger], each attempt is logged at debug level as
// "polar: request" with method, path, status (0 when no response came
// back), attempt number, duration, next_wait (0 when there is no further
// attempt) and, on failure, the error. Without it nothing is logged.
//
// # Testing
//
// Package polartest runs a fake Polar in your test process, with the
// checkout lifecycle (Pay, Expire), a hosted checkout page and signed
// webhooks, in every API version. NewClient(s.ClientOptions()...) makes a
// Client for it; FailNext
// makes it fail the next requests (for retry tests) and Requests returns
// what it received. Write your code to take a *Client, and pass one from
// polartest in tests.
//
// # Concurrency
//
// A [Client] is safe for concurrent use by many goroutines. Create one and
// share it: it keeps a pool of connections, tuned for many goroutines
// calling one host, and per-call options never change the Client itself.
//
// Polar API reference: https://polar.sh/docs/api-reference
package polar
