package polar

import (
	"context"
	"sync"
	"time"
)

// Seams for the external tests in package polar_test, which make their
// clients with a version package (v2026_10) over this package.

// Retryable exposes the pure retry decision.
var Retryable = retryable

// Decide exposes the decision after a failed attempt, as the name of its
// verdict.
func Decide(rc RetryConfig, payment bool, status int, err error) string {
	return [...]string{"give up", "retry", "outcome unknown", "paid, unreadable"}[decide(rc, payment, status, err)]
}

// ParseRetryAfter exposes Retry-After parsing.
var ParseRetryAfter = parseRetryAfter

// Seams replaces a client's clock and sleep after it was made; nil means the
// real ones.
type Seams struct {
	mu    sync.Mutex
	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
}

// SetSleep replaces how the client waits between attempts, so tests can
// record waits instead of sleeping.
func (s *Seams) SetSleep(f func(ctx context.Context, d time.Duration) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sleep = f
}

// SetNow replaces the client's clock (used for Retry-After dates, deadlines
// and MaxElapsedTime).
func (s *Seams) SetNow(f func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = f
}

// WithSeams makes a client read its clock and sleep through s.
func WithSeams(s *Seams) Option {
	return func(c *config) error {
		c.sleep = func(ctx context.Context, d time.Duration) error {
			s.mu.Lock()
			f := s.sleep
			s.mu.Unlock()
			if f == nil {
				return sleepContext(ctx, d)
			}
			return f(ctx, d)
		}
		c.now = func() time.Time {
			s.mu.Lock()
			f := s.now
			s.mu.Unlock()
			if f == nil {
				return time.Now()
			}
			return f()
		}
		return nil
	}
}

// SameOrigin exposes the redirect policy's origin comparison.
var SameOrigin = sameOrigin

// EncodeBody exposes how request bodies are encoded.
var EncodeBody = encodeBody
