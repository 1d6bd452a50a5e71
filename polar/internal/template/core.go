//go:build template

package polar

import (
	"log/slog"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/polar-checkouts/polar-go/polar"
)

// What is the same in every API version lives in the root package
// github.com/polar-checkouts/polar-go/polar and is re-exported here, so
// that one import is all a program needs. The types are aliases: an error
// or an option of one version package is the same value in every other,
// and errors.Is and errors.As match across them.

// APIVersion is the version of Polar's API this package speaks, sent as
// Polar-Version with every request. The types of this package are that
// version's; to speak another version, import its package.
const APIVersion = "2026-10"

// Version is the version of this SDK (not of Polar's API).
const Version = polar.Version

// Option configures a Client (passed to NewClient) or a single call (passed
// to a method, where it overrides the Client's setting for that call only).
type Option = polar.Option

// RetryConfig says when and how long a call waits before trying again; see
// polar.RetryConfig.
type RetryConfig = polar.RetryConfig

// HTTPDoer sends an HTTP request and returns its response; an *http.Client
// fits.
type HTTPDoer = polar.HTTPDoer

// Server names one of Polar's environments.
type Server = polar.Server

// Polar's environments, for WithServer.
const (
	// ServerProduction is Polar's production API, the default.
	ServerProduction = polar.ServerProduction
	// ServerSandbox is Polar's sandbox API, with its own accounts and tokens.
	ServerSandbox = polar.ServerSandbox
)

// DefaultTimeout bounds each attempt of a call unless WithTimeout says
// otherwise.
const DefaultTimeout = polar.DefaultTimeout

// APIError is a non-2xx answer other than a 422 listing field problems; see
// polar.APIError.
type APIError = polar.APIError

// ValidationError is Polar's 422 answer, or the same check made before
// sending (StatusCode 0); see polar.ValidationError.
type ValidationError = polar.ValidationError

// FieldError is one problem in a ValidationError.
type FieldError = polar.FieldError

// Sentinel errors, matched with errors.Is; see the root package polar.
var (
	// ErrUnauthorized matches a 401: the access token is missing or wrong.
	ErrUnauthorized = polar.ErrUnauthorized
	// ErrForbidden matches a 403.
	ErrForbidden = polar.ErrForbidden
	// ErrNotFound matches a 404 of a served version, e.g. an unknown id.
	ErrNotFound = polar.ErrNotFound
	// ErrRateLimited matches a 429.
	ErrRateLimited = polar.ErrRateLimited
	// ErrServer matches any 5xx.
	ErrServer = polar.ErrServer
	// ErrExpired matches a 410: the checkout expired.
	ErrExpired = polar.ErrExpired
	// ErrAPIVersion matches Polar refusing this package's API version (it
	// was removed: import a newer version package), an answer in another
	// version, and an event of another version.
	ErrAPIVersion = polar.ErrAPIVersion
	// ErrUnknownOutcome matches a payment confirm that failed after it may
	// have reached Polar: read the checkout before trying again.
	ErrUnknownOutcome = polar.ErrUnknownOutcome
)

// DefaultRetryConfig returns the retry policy used unless WithRetryConfig
// says otherwise; see polar.DefaultRetryConfig.
func DefaultRetryConfig() RetryConfig { return polar.DefaultRetryConfig() }

// WithAccessToken sets the access token; see polar.WithAccessToken.
func WithAccessToken(token string) Option { return polar.WithAccessToken(token) }

// WithServer selects ServerProduction or ServerSandbox; see
// polar.WithServer.
func WithServer(s Server) Option { return polar.WithServer(s) }

// WithBaseURL sends requests to another base URL, such as a polartest
// server's; see polar.WithBaseURL.
func WithBaseURL(base string) Option { return polar.WithBaseURL(base) }

// WithHTTPClient sends requests through d; see polar.WithHTTPClient.
func WithHTTPClient(d HTTPDoer) Option { return polar.WithHTTPClient(d) }

// WithRetryConfig replaces DefaultRetryConfig; see polar.WithRetryConfig.
func WithRetryConfig(rc RetryConfig) Option { return polar.WithRetryConfig(rc) }

// WithTimeout bounds each attempt of a call; see polar.WithTimeout.
func WithTimeout(d time.Duration) Option { return polar.WithTimeout(d) }

// WithUserAgent sets the User-Agent; see polar.WithUserAgent.
func WithUserAgent(ua string) Option { return polar.WithUserAgent(ua) }

// WithHeader adds a header to every request; see polar.WithHeader.
func WithHeader(key, value string) Option { return polar.WithHeader(key, value) }

// WithOrganization sends Polar-Organization; see polar.WithOrganization.
func WithOrganization(id string) Option { return polar.WithOrganization(id) }

// WithLogger logs every attempt at debug level; see polar.WithLogger.
func WithLogger(l *slog.Logger) Option { return polar.WithLogger(l) }

// Nullable is a field of an update (CheckoutUpdate, CheckoutUpdatePublic,
// CheckoutConfirmStripe) that Polar lets a caller leave out, set, or clear:
// its zero value is left out of the request, Set(v) sends v (an empty map
// or string included), and Null sends JSON null, which clears the field:
//
//	polar.CheckoutUpdate{DiscountID: polar.Null[string]()}          // remove the discount
//	polar.CheckoutUpdate{Metadata: polar.Set(map[string]any{})}     // empty the metadata
//	polar.CheckoutUpdate{CustomerName: polar.Set("Jane Doe")}       // set a name
//
// It is github.com/oapi-codegen/nullable's type: IsSpecified, IsNull and
// Get read it.
type Nullable[T any] = nullable.Nullable[T]

// Set returns a Nullable that sends v.
func Set[T any](v T) Nullable[T] { return nullable.NewNullableWithValue(v) }

// Null returns a Nullable that sends JSON null: Polar clears the field.
func Null[T any]() Nullable[T] { return nullable.NewNullNullable[T]() }

// String returns s's address, for optional string fields such as
// CheckoutCreate.CustomerName.
func String(s string) *string { return &s }

// Int returns i's address, for optional integer fields such as
// CheckoutCreate.Amount.
func Int(i int) *int { return &i }

// Bool returns b's address, for optional boolean fields such as
// CheckoutCreate.AllowDiscountCodes.
func Bool(b bool) *bool { return &b }
