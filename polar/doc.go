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
// Each operation is retried as [DefaultRetryConfig] allows, with one
// exception for the payment confirm:
//
//	operation       retried on                                          after a failure that may have reached Polar
//	Create          connection errors, 429, 500, 502-504, 409 Locked    retried: an extra open checkout expires, no money moves
//	Get, List, All  connection errors, 429, 500, 502-504                retried: reads
//	Update          connection errors, 429, 500, 502-504, 409 Locked    retried: the same update again is harmless
//	ClientGet       connection errors, 429, 500, 502-504                retried: a read
//	ClientUpdate    connection errors, 429, 500, 502-504, 409 Locked    retried: the same update again is harmless
//	ClientConfirm   no connection made, 429, 409 CheckoutLocked         not retried: ErrUnknownOutcome, read the checkout first
package polar
