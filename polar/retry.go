package polar

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strings"
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
// 429, 500, 502, 503 and 504, and on a 409 CheckoutLocked whatever
// StatusCodes says. A Retry-After header sets the next wait.
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

// verdict is what Call does after an attempt failed.
type verdict int

const (
	giveUp         verdict = iota // return the error as it is
	retry                         // wait and try again, if the budget allows
	outcomeUnknown                // a payment that may have reached Polar: ErrUnknownOutcome
	paidUnreadable                // a payment Polar answered 2xx, with an answer that cannot be read
)

// decide is the one decision after a failed attempt that ended with status
// (0 when no complete response came back) and err, for an operation that
// starts a payment or not. A payment is retried only where Polar cannot
// have acted on it (no connection made, or what retryable allows below
// 500: 429 and 409 CheckoutLocked by default); any other failure of a
// payment says whether it may have gone through.
func decide(rc RetryConfig, payment bool, status int, err error) verdict {
	switch {
	case payment && uncertain(status) && !notConnected(err):
		return outcomeUnknown
	case payment && status >= 200 && status <= 299:
		return paidUnreadable
	case retryable(rc, status, err):
		return retry
	}
	return giveUp
}

// retryable decides whether an attempt that ended with status (0 when no
// response came back) and err (nil for a response) may be retried under rc.
// Besides rc.StatusCodes, a 409 CheckoutLocked is retried: another request
// held the checkout, and Polar says to try again.
func retryable(rc RetryConfig, status int, err error) bool {
	if status != 0 {
		var e *APIError
		return slices.Contains(rc.StatusCodes, status) ||
			status == http.StatusConflict && errors.As(err, &e) && e.Name == "CheckoutLocked"
	}
	return err != nil && rc.RetryConnectionErrors && !permanentTransportError(err)
}

// permanentTransportError reports failures that retrying cannot mend: TLS
// certificate problems, a refused redirect, a redirect loop, and a request
// that could not be built.
func permanentTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		invalidCert      x509.CertificateInvalidError
		hostname         x509.HostnameError
		verify           *tls.CertificateVerificationError
	)
	var permanent *backoff.PermanentError // the request could not be built
	var redirect *redirectError
	return errors.As(err, &permanent) || errors.As(err, &unknownAuthority) || errors.As(err, &invalidCert) ||
		errors.As(err, &hostname) || errors.As(err, &verify) || errors.As(err, &redirect) ||
		errors.Is(err, http.ErrUseLastResponse) || errors.Is(err, errTooManyRedirects)
}

// uncertain reports whether an attempt that failed with status (0 when no
// response came back) may have been acted on by Polar: no answer,
// or a 5xx, which a proxy can send after Polar has done the work.
func uncertain(status int) bool {
	return status == 0 || status >= 500
}

// notConnected reports whether err shows that no connection was made, so
// the request cannot have reached anyone: a refused dial, a failed DNS
// lookup, or a request that could not be built.
func notConnected(err error) bool {
	var (
		op        *net.OpError
		dns       *net.DNSError
		permanent *backoff.PermanentError
	)
	return errors.As(err, &op) && op.Op == "dial" || errors.As(err, &dns) || errors.As(err, &permanent)
}

// unknownOutcome is the error of a payment operation that failed after its
// request may have reached Polar.
func unknownOutcome(op string, err error) error {
	return &outcomeError{op: op, err: err}
}

// outcomeError matches ErrUnknownOutcome and unwraps to the failure itself.
type outcomeError struct {
	op  string
	err error
}

func (e *outcomeError) Error() string {
	return "polar: " + e.op + ": the payment may have gone through; read the checkout (ClientGet) before trying again: " +
		strings.TrimPrefix(strings.TrimPrefix(e.err.Error(), "polar: "+e.op+": "), "polar: ")
}

func (e *outcomeError) Unwrap() []error { return []error{ErrUnknownOutcome, e.err} }

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
