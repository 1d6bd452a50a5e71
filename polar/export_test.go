package polar

import (
	"context"
	"time"
)

// Seams for the external tests in package polar_test.

// Retryable exposes the pure retry decision.
var Retryable = retryable

// ParseRetryAfter exposes Retry-After parsing.
var ParseRetryAfter = parseRetryAfter

// SetSleep replaces how c waits between attempts, so tests can record waits
// instead of sleeping.
func SetSleep(c *Client, sleep func(ctx context.Context, d time.Duration) error) {
	c.cfg.sleep = sleep
}

// SetNow replaces c's clock (used for Retry-After dates, deadlines and
// MaxElapsedTime).
func SetNow(c *Client, now func() time.Time) {
	c.cfg.now = now
}
