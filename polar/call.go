package polar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cenkalti/backoff/v4"

	"github.com/polar-checkouts/polar-go/gen"
)

// maxBody caps a successful response body; a real Checkout is about 10 KB,
// a list page of 100 about 1 MB.
const maxBody = 4 << 20

// sender sends one attempt of an operation with the generated client; it
// is called again for each retry, so the request (and its body) is built
// anew each time from the same bytes.
type sender func(ctx context.Context, c *gen.Client) (*http.Response, error)

// call runs an operation: every method of CheckoutsService is one call. It
// applies the per-call options, sends through the generated client (which
// builds the path, escaping and query), lets exchange.Do add the headers,
// retries as the RetryConfig allows, maps non-2xx answers to errors and
// decodes a 2xx body into a T. op names the operation in errors, e.g. "get
// checkout".
func call[T any](ctx context.Context, base *config, opts []Option, op string, send sender) (*T, error) {
	if ctx == nil {
		return nil, errors.New("polar: " + op + ": nil context")
	}
	c, err := base.with(opts)
	if err != nil {
		return nil, err
	}
	x := &exchange{c: c}
	x.gen = gen.Client{Server: c.baseURL, Client: x}
	start := c.now()
	var b backoff.BackOff // built at the first retry: most calls never need one
	for attempt := 1; ; attempt++ {
		began := time.Now()
		out, status, err := attemptOnce[T](ctx, x, op, send)
		took := time.Since(began)
		if err == nil {
			// Even when ctx ended just now: the body was read whole.
			x.log(ctx, attempt, status, took, 0, nil)
			return out, nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			x.log(ctx, attempt, status, took, 0, ctxErr)
			return nil, fmt.Errorf("polar: %s: %w", op, ctxErr)
		}
		if !retryable(c.retry, status, err) {
			x.log(ctx, attempt, status, took, 0, err)
			return nil, err
		}
		if b == nil {
			b = c.retry.newBackOff(ctx)
		}
		wait := b.NextBackOff()
		if wait == backoff.Stop {
			x.log(ctx, attempt, status, took, 0, err)
			return nil, err
		}
		// backoff applies jitter after its own cap; keep the cap a cap.
		wait = min(wait, c.retry.maxInterval())
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter // the server's word, above MaxInterval and without jitter
		}
		if !c.waitFits(ctx, start, wait) {
			x.log(ctx, attempt, status, took, 0, err)
			return nil, err
		}
		x.log(ctx, attempt, status, took, wait, err)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("polar: %s: %w", op, err)
		}
	}
}

// exchange is one call's link to the generated client: it is the client's
// HTTP doer, so it sees each request the generated builders made, adds the
// headers the facade owns and remembers the request for errors and logs.
type exchange struct {
	c   *config
	gen gen.Client
	req *http.Request // the last request sent
}

// Do adds the facade's headers to req and sends it.
func (x *exchange) Do(req *http.Request) (*http.Response, error) {
	x.c.edit(req)
	x.req = req
	return x.c.doer.Do(req)
}

// attemptOnce sends one attempt, bounded by the per-attempt timeout, and
// reads the response. It returns the response status (0 when no complete
// response came back, which makes the failure a connection error for
// retries).
func attemptOnce[T any](ctx context.Context, x *exchange, op string, send sender) (*T, int, error) {
	c := x.c
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	x.req = nil
	resp, err := send(ctx, &x.gen)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		if x.req == nil { // the generated builder refused the input
			return nil, 0, fmt.Errorf("polar: %s: %w", op, backoff.Permanent(redactErr(err, c.token)))
		}
		return nil, 0, fmt.Errorf("polar: %s: %w", op, redactErr(err, c.token))
	}
	if resp == nil || resp.Body == nil {
		return nil, 0, fmt.Errorf("polar: %s: the HTTPDoer returned no response and no error", op)
	}
	defer drainAndClose(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return nil, resp.StatusCode, errorFromResponse(resp.StatusCode, resp.Header, body,
			x.req.Method, x.req.URL.EscapedPath(), c.token, c.now())
	}
	out, err := decode[T](c, resp)
	if errors.Is(err, errReadBody) {
		return nil, 0, fmt.Errorf("polar: %s: %w", op, redactErr(err, c.token))
	}
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("polar: %s: unexpected response %s (%s): %w",
			op, statusLine(resp.StatusCode), contentType(resp), redactErr(err, c.token))
	}
	return out, resp.StatusCode, nil
}

var errReadBody = errors.New("reading response body")

// decode reads a 2xx body, at most maxBody of it, into a T in one pass, and
// refuses what is not one: another content type, invalid JSON, null, or an
// object without the fields every answer of that type has.
func decode[T any](c *config, resp *http.Response) (*T, error) {
	if !isJSON(resp.Header.Get("Content-Type")) {
		return nil, errors.New("not JSON")
	}
	buf, _ := c.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer c.putBuf(buf)
	if n := resp.ContentLength; n > 0 && n <= maxBody {
		buf.Grow(int(n))
	}
	if _, err := buf.ReadFrom(io.LimitReader(resp.Body, maxBody+1)); err != nil {
		return nil, fmt.Errorf("%w: %w", errReadBody, err)
	}
	if buf.Len() > maxBody {
		return nil, fmt.Errorf("body exceeds %d MiB", maxBody>>20)
	}
	out := new(T)
	if err := json.Unmarshal(buf.Bytes(), out); err != nil {
		return nil, err
	}
	if err := complete(out); err != nil {
		return nil, err
	}
	return out, nil
}

// complete notices what JSON decoding lets through: the generated models
// do not enforce required fields, so null or {} decode without error.
func complete(v any) error {
	switch v := v.(type) {
	case *Checkout:
		return completeCheckout(v.ID, v.ClientSecret)
	case *CheckoutPublic:
		return completeCheckout(v.ID, v.ClientSecret)
	case *CheckoutPublicConfirmed:
		return completeCheckout(v.ID, v.ClientSecret)
	case *CheckoutList:
		if v.Items == nil {
			return errors.New("not a checkout list: no items")
		}
		for i := range v.Items {
			if err := completeCheckout(v.Items[i].ID, v.Items[i].ClientSecret); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
	}
	return nil
}

func completeCheckout(id, secret string) error {
	switch {
	case id == "":
		return errors.New("not a checkout: no id")
	case secret == "":
		return errors.New("not a checkout: no client_secret")
	}
	return nil
}

func (c *config) putBuf(b *bytes.Buffer) {
	if b.Cap() > 256<<10 {
		return // let a rare large body go rather than keep it forever
	}
	b.Reset()
	c.bufs.Put(b)
}

// isJSON reports whether a Content-Type is application/json or a +json type,
// whatever its parameters.
func isJSON(ct string) bool {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	return strings.EqualFold(ct, "application/json") ||
		len(ct) > 5 && strings.EqualFold(ct[len(ct)-5:], "+json") && strings.HasPrefix(strings.ToLower(ct), "application/")
}

func contentType(resp *http.Response) string {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		return ct
	}
	return "no content type"
}

// drainAndClose reads a little of what is left, so the connection can be
// reused, then closes the body. A large remainder is not read: closing
// then drops the connection instead.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, body, 4<<10)
	_ = body.Close()
}

// log records one attempt at debug level when a logger is set. wait is the
// pause before the next attempt, 0 when there is none.
func (x *exchange) log(ctx context.Context, attempt, status int, took, wait time.Duration, err error) {
	c := x.c
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := make([]slog.Attr, 0, 7)
	if x.req != nil {
		attrs = append(attrs, slog.String("method", x.req.Method), slog.String("path", x.req.URL.EscapedPath()))
	}
	attrs = append(attrs,
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", took),
		slog.Duration("next_wait", wait),
	)
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "polar: request", attrs...)
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
