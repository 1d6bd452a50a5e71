// Package polar is the version-agnostic core of polar-go, a client for
// Polar's Checkouts API (https://polar.sh). Programs import one version
// package instead, such as
//
//	import polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
//
// which has the Client, the Checkouts service and that API version's types.
// Polar releases an API version every quarter and removes each about nine
// months later; polar-go has one package per version Polar serves
// (polar/v2026_10, polar/v2027_01), each with the same names, so moving to
// the next version is a change of import path.
//
// This package holds what is the same in every version, and every version
// package re-exports it: the options ([Option], [WithAccessToken],
// [WithServer], ...), [RetryConfig], [HTTPDoer], the servers, the errors
// ([APIError], [ValidationError], [FieldError] and the sentinels such as
// [ErrNotFound] and [ErrAPIVersion]), and the one request path ([Conn],
// [Call]) that every operation of every version takes: bearer auth,
// Polar-Version, retries, redirects, logging, error mapping and decoding.
// Because the version packages alias these types, an error from one
// version package matches errors.Is and errors.As with another's
// sentinels, and options pass between them unchanged.
//
// # Retry policy
//
// Each call is retried as its [RetryConfig] allows ([DefaultRetryConfig]
// unless [WithRetryConfig] says otherwise), with one exception for the
// payment confirm:
//
//	operation       retried on (DefaultRetryConfig)                       after a failure that may have reached Polar
//	Create          connection errors, 429, 500, 502-504, 409 Locked      retried: an extra open checkout expires, no money moves
//	Get, List, All  connection errors, 429, 500, 502-504, 409 Locked      retried: reads
//	Update          connection errors, 429, 500, 502-504, 409 Locked      retried: the same update again is harmless
//	ClientGet       connection errors, 429, 500, 502-504, 409 Locked      retried: a read
//	ClientUpdate    connection errors, 429, 500, 502-504, 409 Locked      retried: the same update again is harmless
//	ClientConfirm   no connection made, 429, 409 Locked                   not retried: ErrUnknownOutcome, read the checkout first
//
// "Connection errors" are failures without an answer (a refused dial, a
// reset, an attempt cut off by [WithTimeout]) and are retried only with
// RetryConfig.RetryConnectionErrors; the statuses are
// RetryConfig.StatusCodes; "409 Locked" is Polar's 409 CheckoutLocked,
// retried whenever MaxRetries allows, whatever StatusCodes says. Never
// retried: other 4xx answers, a 2xx that does not decode or is in another
// API version ([ErrAPIVersion]), TLS certificate errors, a redirect to
// another scheme, host or port (refused, the error names the target) and a
// redirect loop.
//
// ClientConfirm starts a payment, so it is retried only when Polar cannot
// have acted on it: no connection was made (a refused dial, a failed DNS
// lookup), a status below 500 in StatusCodes (429 by default), or 409
// CheckoutLocked. Any 5xx, a failure without an answer once the request
// may have been sent (a reset, a timeout), or a context that ends while
// the request is out returns at once an error matching [ErrUnknownOutcome]
// and the failure itself (an *[APIError] matching [ErrServer], a
// [context.DeadlineExceeded], ...), whose message says the payment may
// have gone through: read the checkout (ClientGet) before confirming
// again.
package polar
