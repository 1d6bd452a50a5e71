package polar_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestFaults serves one fault per row, to each of the eight methods, and checks exactly how a call ends: the
// decoded Checkout or the error, how many requests the server saw and how
// many attempts the client made, the waits between them, that the call
// returned at all (a watchdog cancels a hung one; no timing is asserted),
// and, where the connection
// survives the fault, that every response body was drained and closed (a
// probe call afterwards reuses the one connection).
//
// Waits are recorded through setSleep instead of slept, so rows about
// Retry-After hours take no time; only rows about a real timeout wait, and
// never more than 100ms per attempt.
func TestFaults(t *testing.T) {
	// retries is DefaultRetryConfig: waits from 500ms growing 1.5x, at most
	// 60s each and 5 minutes in all. They are recorded, not slept.
	retries := polar.DefaultRetryConfig()
	noRetries := polar.RetryConfig{}
	with := func(rc polar.RetryConfig, edit func(*polar.RetryConfig)) polar.RetryConfig {
		rc.StatusCodes = append([]int(nil), rc.StatusCodes...)
		edit(&rc)
		return rc
	}
	// fixed is the clock of rows that read Retry-After as an HTTP date.
	fixed := faultClock
	// confirmOnce is how a ClientConfirm ends after a failure that may have
	// reached Polar: one attempt, no retry, ErrUnknownOutcome and check.
	confirmOnce := func(check faultCheck) *faultWant {
		return &faultWant{hits: 1, attempts: 1, err: faultAll(faultOutcome, check)}
	}

	tests := []faultCase{
		// 5xx storms.
		{
			name:    "500 storm ends before MaxRetries",
			retry:   retries,
			serve:   faultStatuses(500, 500, 200),
			want:    faultWant{id: faultID, hits: 3, attempts: 3},
			confirm: confirmOnce(faultAPIError(500, "InternalServerError", "boom", polar.ErrServer)),
		},
		{
			name:    "502 storm ends on the last retry",
			retry:   retries,
			serve:   faultStatuses(502, 502, 502, 200),
			want:    faultWant{id: faultID, hits: 4, attempts: 4},
			confirm: confirmOnce(faultAPIError(502, "BadGateway", "boom", polar.ErrServer)),
		},
		{
			name:    "503 storm ends after one retry",
			retry:   retries,
			serve:   faultStatuses(503, 200),
			want:    faultWant{id: faultID, hits: 2, attempts: 2},
			confirm: confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},
		{
			name:    "504 storm ends before MaxRetries",
			retry:   retries,
			serve:   faultStatuses(504, 504, 200),
			want:    faultWant{id: faultID, hits: 3, attempts: 3},
			confirm: confirmOnce(faultAPIError(504, "GatewayTimeout", "boom", polar.ErrServer)),
		},
		{
			name:    "mixed 429 500 502 503 504 storm ends before MaxRetries",
			retry:   with(retries, func(rc *polar.RetryConfig) { rc.MaxRetries = 5 }),
			serve:   faultStatuses(429, 500, 502, 503, 504, 200),
			want:    faultWant{id: faultID, hits: 6, attempts: 6},
			confirm: &faultWant{hits: 2, attempts: 2, err: faultAll(faultOutcome, faultAPIError(500, "InternalServerError", "boom", polar.ErrServer))},
		},
		{
			name:    "500 storm outlasts MaxRetries",
			retry:   retries,
			serve:   faultStatuses(500),
			want:    faultWant{hits: 4, attempts: 4, err: faultAPIError(500, "InternalServerError", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(500, "InternalServerError", "boom", polar.ErrServer)),
		},
		{
			name:    "502 storm outlasts MaxRetries",
			retry:   retries,
			serve:   faultStatuses(502),
			want:    faultWant{hits: 4, attempts: 4, err: faultAPIError(502, "BadGateway", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(502, "BadGateway", "boom", polar.ErrServer)),
		},
		{
			name:    "503 storm outlasts MaxRetries 5",
			retry:   with(retries, func(rc *polar.RetryConfig) { rc.MaxRetries = 5 }),
			serve:   faultStatuses(503),
			want:    faultWant{hits: 6, attempts: 6, err: faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},
		{
			name:    "504 storm outlasts MaxRetries 1",
			retry:   with(retries, func(rc *polar.RetryConfig) { rc.MaxRetries = 1 }),
			serve:   faultStatuses(504),
			want:    faultWant{hits: 2, attempts: 2, err: faultAPIError(504, "GatewayTimeout", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(504, "GatewayTimeout", "boom", polar.ErrServer)),
		},
		{
			name:    "500 with the zero RetryConfig is tried once",
			retry:   noRetries,
			serve:   faultStatuses(500, 200),
			want:    faultWant{hits: 1, attempts: 1, err: faultAPIError(500, "InternalServerError", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(500, "InternalServerError", "boom", polar.ErrServer)),
		},
		{
			name:    "501 is not in StatusCodes",
			retry:   retries,
			serve:   faultStatuses(501, 200),
			want:    faultWant{hits: 1, attempts: 1, err: faultAPIError(501, "NotImplemented", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(501, "NotImplemented", "boom", polar.ErrServer)),
		},

		// 429 and Retry-After.
		{
			name:  "429 Retry-After seconds sets the wait exactly",
			retry: retries,
			serve: faultRateLimited(func(time.Time) string { return "7" }, 1),
			want:  faultWant{id: faultID, hits: 2, attempts: 2, waits: []time.Duration{7 * time.Second}},
		},
		{
			name:  "429 Retry-After is obeyed above MaxInterval",
			retry: with(retries, func(rc *polar.RetryConfig) { rc.MaxInterval = time.Second }),
			serve: faultRateLimited(func(time.Time) string { return "120" }, 2),
			want:  faultWant{id: faultID, hits: 3, attempts: 3, waits: []time.Duration{120 * time.Second, 120 * time.Second}},
		},
		{
			name:  "429 Retry-After HTTP date sets the wait exactly",
			retry: retries,
			now:   fixed,
			serve: faultRateLimited(func(now time.Time) string { return now.Add(9 * time.Second).Format(http.TimeFormat) }, 1),
			want:  faultWant{id: faultID, hits: 2, attempts: 2, waits: []time.Duration{9 * time.Second}},
		},
		{
			name:  "429 Retry-After date in the past falls back to backoff",
			retry: retries,
			now:   fixed,
			serve: faultRateLimited(func(now time.Time) string { return now.Add(-time.Hour).Format(http.TimeFormat) }, 1),
			want:  faultWant{id: faultID, hits: 2, attempts: 2},
		},
		{
			name:  "429 Retry-After 0 falls back to backoff",
			retry: retries,
			serve: faultRateLimited(func(time.Time) string { return "0" }, 2),
			want:  faultWant{id: faultID, hits: 3, attempts: 3},
		},
		{
			name:  "429 negative Retry-After falls back to backoff",
			retry: retries,
			serve: faultRateLimited(func(time.Time) string { return "-30" }, 2),
			want:  faultWant{id: faultID, hits: 3, attempts: 3},
		},
		{
			name:  "429 garbage Retry-After falls back to backoff and reads as 0",
			retry: with(retries, func(rc *polar.RetryConfig) { rc.MaxRetries = 1 }),
			serve: faultRateLimited(func(time.Time) string { return "soon, promise" }, 99),
			want: faultWant{hits: 2, attempts: 2, err: faultAll(
				faultAPIError(429, "TooManyRequests", "slow down", polar.ErrRateLimited),
				faultRetryAfter(0),
			)},
		},
		{
			name:  "429 huge Retry-After past MaxElapsedTime returns at once",
			retry: retries, // MaxElapsedTime 5 minutes
			serve: faultRateLimited(func(time.Time) string { return "999999999" }, 99),
			want: faultWant{hits: 1, attempts: 1, waits: []time.Duration{}, err: faultAll(
				faultAPIError(429, "TooManyRequests", "slow down", polar.ErrRateLimited),
				faultRetryAfter(24*time.Hour),
			)},
		},
		{
			name:  "429 Retry-After overflowing an int64 is the cap, not absent",
			retry: retries, // MaxElapsedTime 5 minutes: a 24-hour wait does not fit
			serve: faultRateLimited(func(time.Time) string { return "99999999999999999999" }, 99),
			want: faultWant{hits: 1, attempts: 1, waits: []time.Duration{}, err: faultAll(
				faultAPIError(429, "TooManyRequests", "slow down", polar.ErrRateLimited),
				faultRetryAfter(24*time.Hour),
			)},
		},
		{
			name:     "429 huge Retry-After past the context deadline returns at once",
			retry:    with(retries, func(rc *polar.RetryConfig) { rc.MaxElapsedTime = 0 }),
			deadline: time.Hour,
			serve:    faultRateLimited(func(time.Time) string { return "999999999" }, 99),
			want: faultWant{hits: 1, attempts: 1, waits: []time.Duration{}, err: faultAll(
				faultAPIError(429, "TooManyRequests", "slow down", polar.ErrRateLimited),
				faultRetryAfter(24*time.Hour),
			)},
		},
		{
			name: "503 whose backoff wait passes the context deadline returns at once",
			retry: with(retries, func(rc *polar.RetryConfig) {
				rc.InitialInterval, rc.MaxInterval, rc.MaxElapsedTime = time.Hour, 2*time.Hour, 0
			}),
			deadline: 10 * time.Minute,
			serve:    faultStatuses(503, 200),
			want:     faultWant{hits: 1, attempts: 1, waits: []time.Duration{}, err: faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)},
			confirm:  confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},

		// Backoff bounds.
		{
			name: "backoff waits never exceed MaxInterval",
			retry: with(retries, func(rc *polar.RetryConfig) {
				rc.MaxRetries, rc.InitialInterval, rc.MaxInterval, rc.MaxElapsedTime = 20, time.Second, time.Second, 0
			}),
			serve:   faultStatuses(503),
			want:    faultWant{hits: 21, attempts: 21, err: faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},
		{
			name: "an InitialInterval above MaxInterval is capped too",
			retry: with(retries, func(rc *polar.RetryConfig) {
				rc.MaxRetries, rc.InitialInterval, rc.MaxInterval, rc.MaxElapsedTime = 1, time.Minute, time.Second, 0
			}),
			serve:   faultStatuses(503, 200),
			want:    faultWant{id: faultID, hits: 2, attempts: 2},
			confirm: confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},
		{
			name: "uncapped backoff never overflows into a negative wait",
			retry: with(retries, func(rc *polar.RetryConfig) {
				rc.MaxRetries, rc.InitialInterval, rc.MaxInterval, rc.MaxElapsedTime, rc.Multiplier = 20, time.Second, 0, 0, 1000
			}),
			serve:   faultStatuses(503),
			want:    faultWant{hits: 21, attempts: 21, err: faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)},
			confirm: confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},

		// Connection-level faults.
		{
			name:  "connection refused is retried with RetryConnectionErrors",
			retry: retries,
			serve: faultRefused,
			want: faultWant{hits: -1, attempts: 4, err: faultAll(
				faultIs(syscall.ECONNREFUSED),
				faultAs[*net.OpError](),
				faultNotAPIError,
				faultNoResponse,
			)},
		},
		{
			name:  "connection refused is tried once without RetryConnectionErrors",
			retry: with(retries, func(rc *polar.RetryConfig) { rc.RetryConnectionErrors = false }),
			serve: faultRefused,
			want:  faultWant{hits: -1, attempts: 1, err: faultAll(faultIs(syscall.ECONNREFUSED), faultAs[*net.OpError](), faultNoResponse)},
		},
		{
			name:      "connection reset mid-headers is retried until a response",
			retry:     retries,
			serve:     faultResetThen(2, "HTTP/1.1 200 OK\r\nContent-Type: appl"),
			want:      faultWant{id: faultID, hits: 3, attempts: 3},
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultNotAPIError, faultNoResponse)),
		},
		{
			name:      "connection reset mid-headers without RetryConnectionErrors",
			retry:     with(retries, func(rc *polar.RetryConfig) { rc.RetryConnectionErrors = false }),
			serve:     faultResetThen(1, "HTTP/1.1 200 OK\r\nContent-Type: appl"),
			want:      faultWant{hits: 1, attempts: 1, err: faultAll(faultNotAPIError, faultNoResponse, faultContains("polar: "))},
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultNotAPIError, faultNoResponse)),
		},
		{
			name:  "connection reset mid-body is retried until a response",
			retry: retries,
			serve: faultResetThen(1, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"+
				faultCheckout(faultID)[:100]),
			want:      faultWant{id: faultID, hits: 2, attempts: 2},
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultNotAPIError, faultNoResponse, faultContains("reading response body"))),
		},
		{
			name:  "connection reset mid-body without RetryConnectionErrors",
			retry: with(retries, func(rc *polar.RetryConfig) { rc.RetryConnectionErrors = false }),
			serve: faultResetThen(1, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"+
				faultCheckout(faultID)[:100]),
			want: faultWant{hits: 1, attempts: 1, err: faultAll(faultNotAPIError, faultNoResponse, faultContains("reading response body"),
				faultIsAny(syscall.ECONNRESET, io.ErrUnexpectedEOF))},
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultNotAPIError, faultNoResponse, faultContains("reading response body"))),
		},
		{
			name:      "slow server beyond WithTimeout is retried as a connection error",
			retry:     with(retries, func(rc *polar.RetryConfig) { rc.MaxRetries = 2 }),
			opts:      []polar.Option{polar.WithTimeout(50 * time.Millisecond)},
			serve:     faultStall(false),
			want:      faultWant{hits: 3, attempts: 3, err: faultAll(faultIs(context.DeadlineExceeded), faultNotAPIError, faultNoResponse)},
			within:    3 * 50 * time.Millisecond,
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultIs(context.DeadlineExceeded), faultNotAPIError, faultNoResponse)),
		},
		{
			name:      "body stalled beyond WithTimeout is retried as a connection error",
			retry:     with(retries, func(rc *polar.RetryConfig) { rc.MaxRetries = 1 }),
			opts:      []polar.Option{polar.WithTimeout(50 * time.Millisecond)},
			serve:     faultStall(true),
			want:      faultWant{hits: 2, attempts: 2, err: faultAll(faultIs(context.DeadlineExceeded), faultNotAPIError, faultNoResponse)},
			within:    2 * 50 * time.Millisecond,
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultIs(context.DeadlineExceeded), faultNotAPIError, faultNoResponse)),
		},

		// Bodies that are not a Checkout.
		{
			name:  "200 with truncated JSON",
			retry: retries,
			serve: faultBody(200, "application/json", faultCheckout(faultID)[:200]),
			want: faultWant{hits: 1, attempts: 1, err: faultAll(faultNotAPIError, faultContains(
				"unexpected response 200 OK (application/json): unexpected end of JSON input"))},
		},
		{
			name:  "200 with an HTML page",
			retry: retries,
			serve: faultBody(200, "text/html; charset=utf-8", faultProxyPage),
			want:  faultWant{hits: 1, attempts: 1, err: faultAll(faultNotAPIError, faultContains("unexpected response 200 OK (text/html; charset=utf-8): not JSON"))},
		},
		{
			name:  "200 with an empty body",
			retry: retries,
			serve: faultBody(200, "application/json", ""),
			want:  faultWant{hits: 1, attempts: 1, err: faultContains("unexpected response 200 OK (application/json): unexpected end of JSON input")},
		},
		{
			name:  "200 with valid JSON as text/plain",
			retry: retries,
			serve: faultBody(200, "text/plain", faultCheckout(faultID)),
			want:  faultWant{hits: 1, attempts: 1, err: faultContains("unexpected response 200 OK (text/plain): not JSON")},
			// The 12.6 KB fixture is more than the 4 KiB drained of a body
			// that is not read: the connection is dropped, not reused.
			dropsConn: true,
		},
		{
			name:      "200 with a 10 MiB body is refused above 4 MiB",
			retry:     retries,
			serve:     faultBody(200, "application/json", `{"id":"cs_big","pad":"`+strings.Repeat("x", 10<<20)+`"}`),
			want:      faultWant{hits: 1, attempts: 1, err: faultContains("unexpected response 200 OK (application/json): body exceeds 4 MiB")},
			dropsConn: true,
		},
		{
			name:      "200 with an endless body is refused without reading it all",
			retry:     retries,
			serve:     faultEndless(200),
			want:      faultWant{hits: 1, attempts: 1, err: faultAll(faultContains("body exceeds 4 MiB"), faultWroteAtMost(64<<20))},
			dropsConn: true,
		},
		{
			name:      "500 with an endless body keeps 64 KiB of it",
			retry:     noRetries,
			serve:     faultEndless(500),
			want:      faultWant{hits: 1, attempts: 1, err: faultAll(faultAPIError(500, "", "", polar.ErrServer), faultBodyLen(64<<10), faultWroteAtMost(64<<20))},
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultAPIError(500, "", "", polar.ErrServer), faultBodyLen(64<<10), faultWroteAtMost(64<<20))),
		},
		{
			name:  "200 with null is not a checkout",
			retry: retries,
			serve: faultBody(200, "application/json", "null"),
			want:  faultWant{hits: 1, attempts: 1, err: faultContains("unexpected response 200 OK (application/json): not a checkout")},
		},
		{
			name:  "200 with {} is not a checkout",
			retry: retries,
			serve: faultBody(200, "application/json; charset=utf-8", "{}"),
			want:  faultWant{hits: 1, attempts: 1, err: faultContains("not a checkout")},
		},

		// Error bodies of every shape.
		{
			name:  "422 that is not FastAPI-shaped is an APIError",
			retry: retries,
			serve: faultBody(422, "application/json", `{"error":"Unprocessable","detail":"price is archived"}`),
			want:  faultWant{hits: 1, attempts: 1, err: faultAPIError(422, "Unprocessable", "price is archived")},
		},
		{
			name:  "422 FastAPI-shaped is a ValidationError",
			retry: retries,
			serve: faultBody(422, "application/json", `{"detail":[{"loc":["path","id"],"msg":"Input should be a valid string","type":"string_type"}]}`),
			want: faultWant{hits: 1, attempts: 1, err: func(t *testing.T, _ *faultEnv, err error) {
				var ve *polar.ValidationError
				if !errors.As(err, &ve) || ve.StatusCode != 422 || len(ve.Errors) != 1 || ve.Errors[0].Type != "string_type" {
					t.Errorf("err = %#v, want a ValidationError with one string_type error", err)
				}
			}},
		},
		{
			name:  "404 ResourceNotFound is not retried",
			retry: retries,
			serve: faultBody(404, "application/json", `{"error":"ResourceNotFound","detail":"Not found"}`),
			want:  faultWant{hits: 1, attempts: 1, err: faultAPIError(404, "ResourceNotFound", "Not found", polar.ErrNotFound)},
		},
		{
			name:  "409 CheckoutLocked is retried until it is free",
			retry: with(retries, func(rc *polar.RetryConfig) { rc.StatusCodes = nil }),
			serve: faultStatusBodies(409, `{"error":"CheckoutLocked","detail":"Checkout is currently being processed. Please try again."}`, 2),
			want:  faultWant{id: faultID, hits: 3, attempts: 3},
		},
		{
			name:  "409 CheckoutLocked outlasts MaxRetries",
			retry: retries,
			serve: faultStatusBodies(409, `{"error":"CheckoutLocked","detail":"busy"}`, 99),
			want:  faultWant{hits: 4, attempts: 4, err: faultAPIError(409, "CheckoutLocked", "busy")},
		},
		{
			name:  "409 CheckoutCustomerDeleted is not retried",
			retry: retries,
			serve: faultStatusBodies(409, `{"error":"CheckoutCustomerDeleted","detail":"gone"}`, 99),
			want:  faultWant{hits: 1, attempts: 1, err: faultAPIError(409, "CheckoutCustomerDeleted", "gone")},
		},
		{
			name:  "401 is not retried",
			retry: retries,
			serve: faultBody(401, "application/json", `{"error":"Unauthorized","detail":"Invalid token"}`),
			want:  faultWant{hits: 1, attempts: 1, err: faultAPIError(401, "Unauthorized", "Invalid token", polar.ErrUnauthorized)},
		},
		{
			name:  "503 HTML page from a proxy",
			retry: retries,
			serve: faultBody(503, "text/html", faultProxyPage),
			want: faultWant{hits: 4, attempts: 4, err: faultAll(faultAPIError(503, "", "", polar.ErrServer), func(t *testing.T, _ *faultEnv, err error) {
				var ae *polar.APIError
				if errors.As(err, &ae) && string(ae.Body) != faultProxyPage {
					t.Errorf("Body = %q, want the proxy page", ae.Body)
				}
			})},
			confirm: confirmOnce(faultAPIError(503, "", "", polar.ErrServer)),
		},

		// Redirects.
		{
			name:  "307 to another host is not followed",
			retry: retries,
			serve: faultRedirect(false),
			want: faultWant{hits: 1, attempts: 1, err: faultAll(faultNotAPIError, faultNoResponse, faultContains(" not followed: ")), after: func(t *testing.T, f *faultEnv) {
				if n, c := f.servers[1].hits.Load(), f.servers[1].conns.Load(); n != 0 || c != 0 {
					t.Errorf("other host saw %d requests on %d connections, want none", n, c)
				}
			}},
			confirm: &faultWant{hits: 1, attempts: 1, err: faultAll(faultOutcome, faultNotAPIError, faultContains(" not followed: "))},
		},
		{
			name:  "307 to the same host keeps Authorization",
			retry: retries,
			serve: faultRedirect(true),
			want: faultWant{id: faultID, hits: 2, attempts: 1, after: func(t *testing.T, f *faultEnv) {
				for _, a := range f.servers[0].auth() {
					if a != "Bearer "+faultToken {
						t.Errorf("same host saw Authorization %q", a)
					}
				}
			}},
		},
		{
			name:    "a redirect loop stops after 10 redirects",
			retry:   with(retries, func(rc *polar.RetryConfig) { rc.RetryConnectionErrors = false }),
			serve:   faultRedirectLoop,
			want:    faultWant{hits: 10, attempts: 1, err: faultAll(faultNotAPIError, faultContains("polar: stopped after 10 redirects"))},
			confirm: &faultWant{hits: 10, attempts: 1, err: faultAll(faultOutcome, faultNotAPIError, faultContains("stopped after 10 redirects"))},
		},

		// Context.
		{
			name:      "context cancelled during the request",
			retry:     retries,
			serve:     faultCancelOnRequest,
			want:      faultWant{hits: 1, attempts: 1, err: faultAll(faultIs(context.Canceled), faultNotAPIError, faultNoResponse)},
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultIs(context.Canceled), faultNotAPIError, faultNoResponse)),
		},
		{
			name: "context cancelled during the backoff sleep",
			retry: with(retries, func(rc *polar.RetryConfig) {
				rc.InitialInterval, rc.MaxInterval, rc.MaxElapsedTime = time.Hour, time.Hour, 0
			}),
			realSleep:    true,
			cancelOnWait: true,
			serve:        faultStatuses(503, 200),
			want:         faultWant{hits: 1, attempts: 1, err: faultAll(faultIs(context.Canceled), faultNotAPIError)},
			within:       time.Second, // against a 30-minute wait at the least
			confirm:      confirmOnce(faultAPIError(503, "ServiceUnavailable", "boom", polar.ErrServer)),
		},
		{
			name:      "context deadline during the request",
			retry:     retries,
			deadline:  50 * time.Millisecond,
			serve:     faultStall(false),
			want:      faultWant{hits: 1, attempts: 1, err: faultAll(faultIs(context.DeadlineExceeded), faultNotAPIError, faultNoResponse)},
			within:    50 * time.Millisecond,
			dropsConn: true,
			confirm:   confirmOnce(faultAll(faultIs(context.DeadlineExceeded), faultNotAPIError, faultNoResponse)),
		},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOp(t, tc.run)
		})
	}
}

// TestFaultReplacedDefaultTransport: instrumentation and HTTP mocking
// libraries replace http.DefaultTransport with their own RoundTripper.
// NewClient must neither panic nor fail then, and calls must still work. It
// changes a global, so it does not run in parallel.
func TestFaultReplacedDefaultTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		faultWrite(w, 200, "application/json", faultCheckout(faultID))
	}))
	defer srv.Close() // after the restore below: Close then closes the original's idle connections

	orig := http.DefaultTransport
	http.DefaultTransport = faultRoundTripper{orig}
	defer func() { http.DefaultTransport = orig }()

	var c *polar.Client
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("NewClient panicked: %v", p)
			}
		}()
		c, err = newClient(polar.WithBaseURL(srv.URL), polar.WithAccessToken(faultToken))
	}()
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	out, err := c.Checkouts.Get(context.Background(), faultID)
	if err != nil || out.ID != faultID {
		t.Fatalf("Get = %v, %v; want checkout %s", out, err, faultID)
	}
}

// faultRoundTripper wraps a RoundTripper the way instrumentation does.
type faultRoundTripper struct{ next http.RoundTripper }

func (rt faultRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	return rt.next.RoundTrip(r)
}

func (rt faultRoundTripper) CloseIdleConnections() {
	if c, ok := rt.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// faultCase is one row of TestFaults.
type faultCase struct {
	name  string
	retry polar.RetryConfig
	opts  []polar.Option // more client options, e.g. WithTimeout
	// serve starts the fault and returns the base URL to call.
	serve func(t *testing.T, f *faultEnv) string

	now          time.Time     // a fixed clock, when not zero
	deadline     time.Duration // a context deadline, when not zero
	realSleep    bool          // sleep for real instead of recording waits
	cancelOnWait bool          // cancel the context once a backoff sleep starts
	dropsConn    bool          // the fault breaks the connection: skip the reuse probe
	within       time.Duration // the call's time bound, before slack; 0 means instant

	want faultWant
	// confirm, when set, is how ClientConfirm ends instead: a confirm is
	// not retried once its request may have reached Polar.
	confirm *faultWant
}

// faultWant is how a row must end.
type faultWant struct {
	id       string // the (first) checkout's id on success; "" means an error
	err      faultCheck
	hits     int // requests the first server saw; -1 when there is none
	attempts int // attempts the client logged
	// waits are the exact waits between attempts; nil means waits computed
	// by backoff: one per retry, each within [InitialInterval/2,
	// MaxInterval].
	waits []time.Duration
	after func(t *testing.T, f *faultEnv)
}

type faultCheck func(t *testing.T, f *faultEnv, err error)

// faultEnv is what a row's fault and its checks share.
type faultEnv struct {
	t       *testing.T
	op      op // the method called
	servers []*faultServer
	log     *faultLog
	cancel  context.CancelFunc
	written atomic.Int64 // bytes an endless body managed to write

	mu    sync.Mutex
	waits []time.Duration
}

// faultClock is the fixed clock of rows that read Retry-After as a date.
var faultClock = time.Date(2024, 9, 4, 12, 34, 56, 0, time.UTC)

const (
	faultToken   = "polar_oat_fault"
	faultID      = checkoutID
	faultProbeID = "7c1e5d4a-3b2f-4e6d-9a8b-1c2d3e4f5a6b"
	// slack absorbs scheduling on a loaded machine; the bounds it is added
	// to are what the configuration allows.
	faultSlack = 3 * time.Second
)

func (tc faultCase) run(t *testing.T, o op) {
	f := &faultEnv{t: t, op: o, log: &faultLog{}}
	base := tc.serve(t, f)

	ctx, cancel := context.WithCancel(context.Background())
	if tc.deadline > 0 {
		ctx, cancel = context.WithTimeout(context.Background(), tc.deadline)
	}
	defer cancel()
	f.cancel = cancel
	if tc.cancelOnWait {
		f.log.onWait = func(time.Duration) { time.AfterFunc(20*time.Millisecond, cancel) }
	}

	opts := append([]polar.Option{
		polar.WithBaseURL(base),
		polar.WithAccessToken(faultToken),
		polar.WithRetryConfig(tc.retry),
		polar.WithLogger(slog.New(f.log)),
	}, tc.opts...)
	c, err := newClient(opts...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	if !tc.realSleep {
		setSleep(c, func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			f.waits = append(f.waits, d)
			f.mu.Unlock()
			return ctx.Err()
		})
	}
	if !tc.now.IsZero() {
		setNow(c, func() time.Time { return tc.now })
	}

	// A watchdog turns a hang into a failure rather than a stuck test. It
	// is no timing assertion: its bound is what the configuration allows
	// plus generous slack, and only a call that never returns reaches it.
	var hung atomic.Bool
	watchdog := time.AfterFunc(tc.within+faultSlack+10*time.Second, func() { hung.Store(true); cancel() })
	defer watchdog.Stop()
	id, err := o.call(ctx, c)
	if hung.Load() {
		t.Errorf("the call did not return until the watchdog cancelled it (bound %v)", tc.within)
	}

	w := tc.want
	if o.name == "ClientConfirm" && tc.confirm != nil {
		w = *tc.confirm
	} else if w.err != nil {
		w.err = faultAll(w.err, faultNotOutcome)
	}
	switch {
	case w.id != "":
		if err != nil || id != w.id {
			t.Fatalf("call = %q, %v; want checkout %s", id, err, w.id)
		}
	default:
		if err == nil || id != "" {
			t.Fatalf("call = %q, %v; want no checkout and an error", id, err)
		}
		if w.err != nil {
			w.err(t, f, err)
		}
	}
	if w.hits >= 0 {
		if got := f.servers[0].hits.Load(); got != int64(w.hits) {
			t.Errorf("server saw %d requests, want %d", got, w.hits)
		}
	}
	records := f.log.all()
	if len(records) != w.attempts {
		t.Errorf("client logged %d attempts, want %d: %+v", len(records), w.attempts, records)
	}
	for i, r := range records {
		if r.attempt != i+1 {
			t.Errorf("log record %d has attempt %d", i, r.attempt)
		}
	}
	var ae *polar.APIError
	if errors.As(err, &ae) && len(records) > 0 && records[len(records)-1].status != ae.StatusCode {
		t.Errorf("last attempt logged status %d, want %d", records[len(records)-1].status, ae.StatusCode)
	}
	f.checkWaits(t, tc, w)
	// Every attempt of a method with a body sent the same bytes (redirects
	// with 307 replay them too).
	for _, srv := range f.servers {
		for i, b := range srv.bodies() {
			if string(b) != o.body {
				t.Errorf("request %d sent body %q, want %q", i+1, b, o.body)
			}
		}
	}
	if w.after != nil {
		w.after(t, f)
	}

	// The probe: if every body was drained and closed, the transport reuses
	// the row's single connection for one more call.
	if len(f.servers) > 0 && !tc.dropsConn {
		if _, err := c.Checkouts.Get(context.Background(), faultProbeID); err != nil {
			t.Fatalf("probe: %v", err)
		}
		if n := f.servers[0].conns.Load(); n != 1 {
			t.Errorf("server saw %d connections, want 1: a response body was left unread or open", n)
		}
	}
}

func (f *faultEnv) checkWaits(t *testing.T, tc faultCase, w faultWant) {
	f.mu.Lock()
	waits := append([]time.Duration(nil), f.waits...)
	f.mu.Unlock()
	if tc.realSleep {
		return
	}
	if w.waits != nil {
		if fmt.Sprint(waits) != fmt.Sprint(w.waits) {
			t.Errorf("waits = %v, want %v", waits, w.waits)
		}
		return
	}
	if want := w.attempts - 1; len(waits) != want {
		t.Errorf("recorded %d waits, want %d: %v", len(waits), want, waits)
	}
	// Jitter is ±50% around an interval that starts at InitialInterval (or
	// MaxInterval, when that is lower) and only grows.
	lo := tc.retry.InitialInterval
	if m := tc.retry.MaxInterval; m > 0 && m < lo {
		lo = m
	}
	lo /= 2
	for i, d := range waits {
		if d < lo || tc.retry.MaxInterval > 0 && d > tc.retry.MaxInterval {
			t.Errorf("wait %d = %v, want a backoff wait within [%v, MaxInterval %v]", i+1, d, lo, tc.retry.MaxInterval)
		}
	}
}

// faultServer is one httptest server of a row, counting requests (the probe
// aside) and connections and recording what arrived.
type faultServer struct {
	*httptest.Server
	hits  atomic.Int64
	conns atomic.Int64

	mu    sync.Mutex
	auths []string
	sent  [][]byte
}

func (s *faultServer) auth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auths...)
}

func (s *faultServer) bodies() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.sent...)
}

// server starts a server whose nth request (from 1) is answered by h.
func (f *faultEnv) server(h func(w http.ResponseWriter, r *http.Request, n int)) *faultServer {
	s := &faultServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echoVersion(w, r)
		if strings.HasSuffix(r.URL.Path, "/"+faultProbeID) {
			faultWrite(w, 200, "application/json", faultCheckout(faultProbeID))
			return
		}
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.auths = append(s.auths, r.Header.Get("Authorization"))
		s.sent = append(s.sent, b)
		s.mu.Unlock()
		h(w, r, int(s.hits.Add(1)))
	}))
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	f.t.Cleanup(s.Close)
	f.servers = append(f.servers, s)
	return s
}

// faultStatuses answers the nth request with codes[n-1] (the last one repeating):
// a Checkout for a 2xx, Polar's error JSON otherwise.
func faultStatuses(codes ...int) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
			code := codes[min(n, len(codes))-1]
			if code/100 == 2 {
				faultWrite(w, code, "application/json", f.success(faultID))
				return
			}
			name := strings.ReplaceAll(http.StatusText(code), " ", "")
			faultWrite(w, code, "application/json", `{"error":"`+name+`","detail":"boom"}`)
		}).URL
	}
}

// faultRateLimited answers n requests with 429 and the Retry-After that ra
// returns for the row's clock, then with a Checkout.
func faultRateLimited(ra func(now time.Time) string, n int) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, i int) {
			if i > n {
				faultWrite(w, 200, "application/json", f.success(faultID))
				return
			}
			w.Header().Set("Retry-After", ra(faultClock))
			faultWrite(w, 429, "application/json", `{"error":"TooManyRequests","detail":"slow down"}`)
		}).URL
	}
}

// faultStatusBodies answers the first n requests with status and Polar's
// JSON body, then with the method's success.
func faultStatusBodies(status int, body string, n int) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, i int) {
			if i > n {
				faultWrite(w, f.op.status, "application/json", f.success(faultID))
				return
			}
			faultWrite(w, status, "application/json", body)
		}).URL
	}
}

// faultBody answers every request with code, ctype and b.
func faultBody(code int, ctype, b string) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
			faultWrite(w, code, ctype, b)
		}).URL
	}
}

// faultWrite writes a whole response with a Content-Length.
func faultWrite(w http.ResponseWriter, code int, ctype, b string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(code)
	io.WriteString(w, b)
}

// faultRefused returns the address of a listener that is closed already.
func faultRefused(t *testing.T, f *faultEnv) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// faultResetThen answers the first n requests with partial, then resets the
// connection (RST, not FIN); later requests get a Checkout.
func faultResetThen(n int, partial string) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, i int) {
			if i > n {
				faultWrite(w, 200, "application/json", f.success(faultID))
				return
			}
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			buf.WriteString(partial)
			buf.Flush()
			if tc, ok := conn.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			conn.Close()
		}).URL
	}
}

// faultStall answers nothing (or, with headers, headers and part of the body)
// until the client gives up.
func faultStall(headers bool) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
			if headers {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", "4000")
				w.WriteHeader(200)
				io.WriteString(w, faultCheckout(faultID)[:100])
				http.NewResponseController(w).Flush()
			}
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		}).URL
	}
}

// faultEndless streams a JSON-looking body until the client hangs up, counting
// what it managed to write (a 1 GiB safety stop aside).
func faultEndless(code int) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			chunk := bytes.Repeat([]byte(" "), 32<<10)
			io.WriteString(w, `{"id":"cs_endless","pad":"`)
			for f.written.Load() < 1<<30 {
				n, err := w.Write(chunk)
				f.written.Add(int64(n))
				if err != nil {
					return
				}
			}
		}).URL
	}
}

// faultRedirect answers with a 307 to the same path on the same host or on a
// second server, which answers with a Checkout.
func faultRedirect(sameHost bool) func(t *testing.T, f *faultEnv) string {
	return func(t *testing.T, f *faultEnv) string {
		if sameHost {
			return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
				if n > 1 {
					faultWrite(w, 200, "application/json", f.success(faultID))
					return
				}
				http.Redirect(w, r, r.URL.Path+"?moved=1", http.StatusTemporaryRedirect)
			}).URL
		}
		other := f.server(func(w http.ResponseWriter, r *http.Request, n int) {
			faultWrite(w, 200, "application/json", f.success(faultID))
		})
		first := f.server(func(w http.ResponseWriter, r *http.Request, n int) {
			http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
		})
		f.servers[0], f.servers[1] = first, other // the first server called comes first
		return first.URL
	}
}

// faultRedirectLoop redirects every request to itself.
func faultRedirectLoop(t *testing.T, f *faultEnv) string {
	return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, fmt.Sprintf("%s?n=%d", r.URL.Path, n), http.StatusTemporaryRedirect)
	}).URL
}

// faultCancelOnRequest cancels the caller's context once the request arrives and
// holds the response until the client hangs up.
func faultCancelOnRequest(t *testing.T, f *faultEnv) string {
	return f.server(func(w http.ResponseWriter, r *http.Request, n int) {
		f.cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}).URL
}

func faultAPIError(status int, name, detail string, sentinels ...error) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		t.Helper()
		var ae *polar.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("err = %v (%T), want an *APIError", err, err)
		}
		if ae.StatusCode != status || ae.Name != name || ae.Detail != detail {
			t.Errorf("APIError = %d %q %q, want %d %q %q", ae.StatusCode, ae.Name, ae.Detail, status, name, detail)
		}
		if ae.Method != f.op.method || ae.Path != f.op.path {
			t.Errorf("APIError names %s %s", ae.Method, ae.Path)
		}
		for _, s := range sentinels {
			if !errors.Is(err, s) {
				t.Errorf("errors.Is(err, %v) = false", s)
			}
		}
		var ve *polar.ValidationError
		if errors.As(err, &ve) {
			t.Errorf("err is also a ValidationError")
		}
	}
}

func faultRetryAfter(d time.Duration) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		var ae *polar.APIError
		if errors.As(err, &ae) && ae.RetryAfter != d {
			t.Errorf("RetryAfter = %v, want %v", ae.RetryAfter, d)
		}
	}
}

func faultBodyLen(n int) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		var ae *polar.APIError
		if errors.As(err, &ae) && len(ae.Body) != n {
			t.Errorf("len(Body) = %d, want %d", len(ae.Body), n)
		}
	}
}

// faultWroteAtMost checks that the client hung up on an endless body early.
func faultWroteAtMost(n int64) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		if got := f.written.Load(); got > n {
			t.Errorf("server wrote %d bytes before the client hung up, want at most %d", got, n)
		}
	}
}

func faultIs(target error) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(%v, %v) = false", err, target)
		}
	}
}

func faultIsAny(targets ...error) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		for _, target := range targets {
			if errors.Is(err, target) {
				return
			}
		}
		t.Errorf("err = %v, want one of %v", err, targets)
	}
}

// faultNoResponse checks that the last attempt logged no status: no response
// came back.
func faultNoResponse(t *testing.T, f *faultEnv, err error) {
	if rs := f.log.all(); len(rs) == 0 || rs[len(rs)-1].status != 0 {
		t.Errorf("attempts logged %+v, want the last with status 0", rs)
	}
}

func faultAs[T error]() faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		var target T
		if !errors.As(err, &target) {
			t.Errorf("errors.As(%v, %T) = false", err, target)
		}
	}
}

func faultContains(sub string) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		if !strings.Contains(err.Error(), sub) {
			t.Errorf("err = %q, want it to contain %q", err, sub)
		}
	}
}

// faultOutcome checks a confirm's error after a failure that may have
// reached Polar: it matches ErrUnknownOutcome and tells the caller to read
// the checkout first.
func faultOutcome(t *testing.T, f *faultEnv, err error) {
	t.Helper()
	if !errors.Is(err, polar.ErrUnknownOutcome) {
		t.Errorf("errors.Is(%v, ErrUnknownOutcome) = false", err)
	}
	if !strings.Contains(err.Error(), "the payment may have gone through; read the checkout (ClientGet) before trying again") {
		t.Errorf("err = %q, want it to say the payment may have gone through and to read the checkout", err)
	}
}

// faultNotOutcome checks that an error is not ErrUnknownOutcome: every
// other method, and a confirm that cannot have reached Polar.
func faultNotOutcome(t *testing.T, f *faultEnv, err error) {
	t.Helper()
	if errors.Is(err, polar.ErrUnknownOutcome) {
		t.Errorf("err = %v matches ErrUnknownOutcome", err)
	}
}

func faultNotAPIError(t *testing.T, f *faultEnv, err error) {
	var ae *polar.APIError
	var ve *polar.ValidationError
	if errors.As(err, &ae) || errors.As(err, &ve) {
		t.Errorf("err = %v, want neither an APIError nor a ValidationError", err)
	}
}

func faultAll(checks ...faultCheck) faultCheck {
	return func(t *testing.T, f *faultEnv, err error) {
		for _, c := range checks {
			c(t, f, err)
		}
	}
}

// faultLog is a slog.Handler that keeps the facade's per-attempt records.
type faultLog struct {
	mu      sync.Mutex
	records []faultRecord
	onWait  func(time.Duration)
}

type faultRecord struct {
	attempt, status int
	wait            time.Duration
	err             string
}

func (h *faultLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *faultLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *faultLog) WithGroup(string) slog.Handler            { return h }

func (h *faultLog) Handle(_ context.Context, r slog.Record) error {
	var rec faultRecord
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "attempt":
			rec.attempt = int(a.Value.Int64())
		case "status":
			rec.status = int(a.Value.Int64())
		case "next_wait":
			rec.wait = a.Value.Duration()
		case "error":
			rec.err = a.Value.String()
		}
		return true
	})
	h.mu.Lock()
	h.records = append(h.records, rec)
	onWait := h.onWait
	h.mu.Unlock()
	if onWait != nil && rec.wait > 0 {
		onWait(rec.wait)
	}
	return nil
}

func (h *faultLog) all() []faultRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]faultRecord(nil), h.records...)
}

// faultCheckout returns the fixture Checkout with the given id.
func faultCheckout(id string) string {
	fixtures.once.Do(loadFixtures)
	return string(withID(fixtures.checkout, id))
}

// success is the op's success body, with the given checkout id.
func (f *faultEnv) success(id string) string {
	return string(withID(f.op.reply(f.t), id))
}

const faultProxyPage = `<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body>
<center><h1>503 Service Temporarily Unavailable</h1></center>
<hr><center>nginx</center>
</body>
</html>
`
