package polar

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// RetryConfig says when and how long a call waits before trying again. The
// zero value means no retries.
type RetryConfig struct {
	// MaxRetries is how many times a call may be retried after its first
	// attempt.
	MaxRetries int
	// InitialInterval is the wait before the first retry, before jitter.
	InitialInterval time.Duration
	// MaxInterval caps each wait computed by backoff, jitter included (not a
	// Retry-After wait). Zero means the 24-hour ceiling every wait has.
	MaxInterval time.Duration
	// MaxElapsedTime bounds the whole call, retries and waits included: a
	// wait that would end past it is not started. Zero means no bound.
	MaxElapsedTime time.Duration
	// Multiplier grows the wait after each retry; 0 means 1 (constant).
	Multiplier float64
	// RetryConnectionErrors retries when no response came back: refused or
	// reset connections, and attempts cut off by WithTimeout.
	RetryConnectionErrors bool
	// StatusCodes are the HTTP statuses that are retried.
	StatusCodes []int
}

// DefaultRetryConfig returns the retry policy used unless WithRetryConfig
// says otherwise: up to 3 retries, waits from 500 ms growing 1.5× up to 60 s
// with ±50% jitter, at most 5 minutes in all, on connection errors and on
// 429, 500, 502, 503 and 504. A Retry-After header sets the next wait.
func DefaultRetryConfig() RetryConfig {
	return RetryConfig{
		MaxRetries:            3,
		InitialInterval:       500 * time.Millisecond,
		MaxInterval:           60 * time.Second,
		MaxElapsedTime:        5 * time.Minute,
		Multiplier:            1.5,
		RetryConnectionErrors: true,
		StatusCodes:           []int{429, 500, 502, 503, 504},
	}
}

func (rc RetryConfig) validate() error {
	switch {
	case rc.MaxRetries < 0:
		return fmt.Errorf("negative MaxRetries %d", rc.MaxRetries)
	case rc.InitialInterval < 0, rc.MaxInterval < 0, rc.MaxElapsedTime < 0:
		return errors.New("negative interval")
	case rc.Multiplier != 0 && rc.Multiplier < 1 || math.IsNaN(rc.Multiplier) || math.IsInf(rc.Multiplier, 0):
		return fmt.Errorf("invalid multiplier %v: want 0 or a finite number >= 1", rc.Multiplier)
	}
	for _, code := range rc.StatusCodes {
		if code < 100 || code > 599 {
			return fmt.Errorf("status code %d is not an HTTP status", code)
		}
	}
	return nil
}

// newBackOff returns a fresh backoff for one call (ExponentialBackOff is not
// safe to share), bounded by MaxRetries and ctx. MaxElapsedTime is checked by
// the caller against the call's own start.
func (rc RetryConfig) newBackOff(ctx context.Context) backoff.BackOff {
	limit := rc.maxInterval()
	eb := backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(min(rc.InitialInterval, limit)),
		backoff.WithMultiplier(max(rc.Multiplier, 1)),
		backoff.WithMaxInterval(limit),
		backoff.WithMaxElapsedTime(0),
	)
	return backoff.WithContext(backoff.WithMaxRetries(eb, uint64(rc.MaxRetries)), ctx)
}

// maxInterval is the cap on a backoff wait: MaxInterval, or maxRetryAfter
// when that is 0. A finite cap also keeps backoff's arithmetic far from
// overflowing.
func (rc RetryConfig) maxInterval() time.Duration {
	if rc.MaxInterval > 0 {
		return min(rc.MaxInterval, maxRetryAfter)
	}
	return maxRetryAfter
}

// retryable decides whether an attempt that ended with status (0 when no
// response came back) and err (nil for a response) may be retried under rc.
func retryable(rc RetryConfig, status int, err error) bool {
	if status != 0 {
		return slices.Contains(rc.StatusCodes, status)
	}
	return err != nil && rc.RetryConnectionErrors && !permanentTransportError(err)
}

// permanentTransportError reports failures that retrying cannot mend: TLS
// certificate problems, a refused redirect and a redirect loop.
func permanentTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		invalidCert      x509.CertificateInvalidError
		hostname         x509.HostnameError
		verify           *tls.CertificateVerificationError
	)
	return errors.As(err, &unknownAuthority) || errors.As(err, &invalidCert) ||
		errors.As(err, &hostname) || errors.As(err, &verify) ||
		errors.Is(err, http.ErrUseLastResponse) || errors.Is(err, errTooManyRedirects)
}

// sleepContext waits for d, or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// do runs a call: it sends req, retries as c.retry allows, and returns the
// decoded Checkout or the error of the last attempt. op names the call in
// errors, e.g. "get checkout".
func (c *config) do(ctx context.Context, op string, req *http.Request) (*Checkout, error) {
	start := c.now()
	var b backoff.BackOff // built at the first retry: most calls never need one
	for attempt := 1; ; attempt++ {
		began := time.Now()
		out, status, err := c.attempt(ctx, op, req, attempt)
		took := time.Since(began)
		if err == nil {
			// Even when ctx ended just now: the checkout was read whole.
			c.log(ctx, req, attempt, status, took, 0, nil)
			return out, nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			c.log(ctx, req, attempt, status, took, 0, ctxErr)
			return nil, fmt.Errorf("polar: %s: %w", op, ctxErr)
		}
		if !retryable(c.retry, status, err) {
			c.log(ctx, req, attempt, status, took, 0, err)
			return nil, err
		}
		if b == nil {
			b = c.retry.newBackOff(ctx)
		}
		wait := b.NextBackOff()
		if wait == backoff.Stop {
			c.log(ctx, req, attempt, status, took, 0, err)
			return nil, err
		}
		// backoff applies jitter after its own cap; keep the cap a cap.
		wait = min(wait, c.retry.maxInterval())
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter // the server's word, above MaxInterval and without jitter
		}
		if !c.waitFits(ctx, start, wait) {
			c.log(ctx, req, attempt, status, took, 0, err)
			return nil, err
		}
		c.log(ctx, req, attempt, status, took, wait, err)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("polar: %s: %w", op, err)
		}
	}
}

// waitFits reports whether a wait of d, and so a further attempt, ends before
// the context's deadline and within MaxElapsedTime of start.
func (c *config) waitFits(ctx context.Context, start time.Time, d time.Duration) bool {
	now := c.now()
	if deadline, ok := ctx.Deadline(); ok && !now.Add(d).Before(deadline) {
		return false
	}
	return c.retry.MaxElapsedTime == 0 || now.Sub(start)+d <= c.retry.MaxElapsedTime
}
