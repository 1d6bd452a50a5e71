// Package polar is a client for Polar's Checkouts API (https://polar.sh):
// create a checkout session, send the customer to its URL, and read the
// session back later.
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
//		"github.com/polar-checkouts/polar-go/polar"
//	)
//
//	func main() {
//		ctx := context.Background()
//		client, err := polar.NewClient() // token from POLAR_ACCESS_TOKEN
//		if err != nil {
//			log.Fatal(err)
//		}
//		checkout, err := client.Checkouts.Create(ctx, polar.CheckoutCreate{
//			ProductPriceID: "4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9", // one of your product prices
//			SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
//		})
//		if err != nil {
//			log.Fatal(err)
//		}
//		fmt.Println("Send the customer to", *checkout.URL)
//	}
//
// Polar replaces the literal {CHECKOUT_SESSION_ID} in SuccessURL with the
// session's id; the SDK sends it unescaped. Set the optional customer
// e-mail with [String]: CustomerEmail: polar.String("jane@example.com").
// Request and response types ([CheckoutCreate], [Checkout], [Product],
// [ProductPrice], ...) are aliases of generated types, so this is the only
// package you import. A [ProductPrice] is recurring or one-time: switch on
// the value its ValueByDiscriminator method returns
// ([ProductPriceRecurring] or [ProductPriceOneTime]).
//
// # Authentication
//
// Every request carries "Authorization: Bearer <token>". The token comes
// from [WithAccessToken] or, when that is not given, from the
// POLAR_ACCESS_TOKEN environment variable, read once by [NewClient];
// NewClient fails when neither is set. The token never appears in an error
// message or a log line, and the SDK's own HTTP client does not send it on
// when a redirect leaves the scheme and host (port included).
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
// an attempt cut off by [WithTimeout]) and on 429, 500, 502, 503 and 504,
// waiting from 500 ms, growing 1.5× per retry up to 60 s, with ±50%
// jitter, for at most 5 minutes in all. A Retry-After header (seconds or
// an HTTP date) sets the next wait instead, even above MaxInterval. When a
// wait would end after the context's deadline or past MaxElapsedTime, the
// call returns the last error at once instead of sleeping. TLS certificate
// errors are never retried. The zero [RetryConfig] turns retries off.
//
// A retried Create sends the same body again. If an earlier attempt reached
// Polar but its answer was lost (a reset connection, a timeout, a proxy's
// 502), Polar may have created a checkout session that the caller never
// sees. Such an unused session simply expires; no money moves, because the
// customer is only charged on the session they complete. Polar's own SDKs
// accept the same trade-off.
//
// # Errors
//
// Errors are values to inspect with [errors.As] and [errors.Is]:
//
//   - A 422 from Polar is a *[ValidationError] whose Errors list every
//     field problem ([FieldError]: Loc, Msg, Type), e.g.
//     "polar: 422 Unprocessable Entity: body.success_url: Input should be a valid URL, relative URL without a base".
//   - Input the SDK can judge alone (no ProductPriceID or SuccessURL, a
//     malformed CustomerEmail, an empty id) is refused before anything is
//     sent, with a *ValidationError whose StatusCode is 0, e.g.
//     "polar: invalid request: body.success_url: Field required".
//   - Every other non-2xx answer is an *[APIError] (StatusCode, Name,
//     Detail, Body capped at 64 KiB, Header, RetryAfter, Method, Path),
//     e.g. "polar: 404 Not Found: ResourceNotFound: Not found (GET /v1/checkouts/cs_1)".
//     It matches [ErrUnauthorized] (401), [ErrForbidden] (403),
//     [ErrNotFound] (404), [ErrRateLimited] (429) or [ErrServer] (5xx)
//     with errors.Is.
//   - Transport and context errors come back wrapped with the operation,
//     e.g. "polar: get checkout: context deadline exceeded", so
//     errors.Is(err, context.DeadlineExceeded) holds.
//   - A 2xx whose body is not a Checkout is an error naming the status,
//     the content type and the decoding problem: a call never returns a nil
//     error with an empty value.
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
// Package polartest runs a fake Polar in your test process. Its Client
// method returns a *Client configured for it; FailNext makes it fail the
// next requests (for retry tests) and Requests returns what it received.
// Write your code to take a *Client, and pass one from polartest in tests.
//
// # Concurrency
//
// A [Client] is safe for concurrent use by many goroutines. Create one and
// share it: it keeps a pool of connections, tuned for many goroutines
// calling one host, and per-call options never change the Client itself.
//
// Polar API reference: https://docs.polar.sh/api-reference
package polar
