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

	"github.com/polar-checkouts/polar-go/internal/htmljson"
)

// maxBody caps a successful response body; a real Checkout is about 10 KB,
// a list page of 100 about 1 MB.
const maxBody = 4 << 20

// Operation describes one of Polar's operations to Call; a version package
// writes one for each of its methods.
type Operation struct {
	// Name names the operation in errors and logs, e.g. "get checkout".
	Name string
	// Body, when not nil, is encoded once as JSON, without HTML escaping,
	// and every attempt sends those same bytes with a Content-Length.
	Body any
	// Request builds one attempt's request against server, the base URL
	// (ending in "/"); body is nil when Body is. Version packages pass their
	// generated request builders, so that the path, its escaping and the
	// query are what Polar's document says.
	Request func(server string, body io.Reader) (*http.Request, error)
	// Payment marks an operation that starts a payment (a checkout
	// confirm). It is retried only when Polar cannot have acted on it: no
	// connection was made, 429, or 409 CheckoutLocked. Any other failure
	// after the request may have reached Polar is returned at once and
	// matches ErrUnknownOutcome.
	Payment bool
}

// Call runs op on c: every method of every version package is one Call. It
// applies the per-call options, builds each attempt's request with
// op.Request, adds the headers c owns (auth, Polar-Version, User-Agent,
// Polar-Organization, WithHeader's), sends it, retries as the RetryConfig
// and op allow, maps a non-2xx answer to an *APIError or *ValidationError,
// refuses an answer in another API version (ErrAPIVersion), and decodes a
// 2xx body into a T, which check (when not nil) then inspects for what JSON
// decoding lets through, such as a missing id.
func Call[T any](ctx context.Context, c *Conn, opts []Option, op Operation, check func(*T) error) (*T, error) {
	if ctx == nil {
		return nil, errors.New("polar: " + op.Name + ": nil context")
	}
	if c == nil || c.cfg == nil {
		return nil, errors.New("polar: " + op.Name + ": the client was not made by NewClient")
	}
	var body []byte
	if op.Body != nil {
		var err error
		if body, err = encodeBody(op.Body); err != nil {
			return nil, fmt.Errorf("polar: %s: %w", op.Name, err)
		}
	}
	cfg, err := c.cfg.with(opts)
	if err != nil {
		return nil, err
	}
	x := &exchange{c: cfg, op: &op, body: body}
	start := cfg.now()
	var b backoff.BackOff // built at the first retry: most calls never need one
	for attempt := 1; ; attempt++ {
		began := time.Now()
		out, status, err := attemptOnce(ctx, x, check)
		took := time.Since(began)
		if err == nil {
			// Even when ctx ended just now: the body was read whole.
			x.log(ctx, attempt, status, took, 0, nil)
			return out, nil
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			x.log(ctx, attempt, status, took, 0, ctxErr)
			if op.Payment && x.sent && uncertain(status) {
				return nil, unknownOutcome(op.Name, ctxErr)
			}
			return nil, fmt.Errorf("polar: %s: %w", op.Name, ctxErr)
		}
		switch decide(cfg.retry, op.Payment, status, err) {
		case outcomeUnknown:
			x.log(ctx, attempt, status, took, 0, err)
			return nil, unknownOutcome(op.Name, err)
		case paidUnreadable:
			x.log(ctx, attempt, status, took, 0, err)
			return nil, fmt.Errorf("polar: %s: Polar answered %s, so the payment went through, but the answer cannot be read; read the checkout (ClientGet) instead of confirming again: %w",
				op.Name, statusLine(status), err)
		case giveUp:
			x.log(ctx, attempt, status, took, 0, err)
			return nil, err
		}
		if b == nil {
			b = cfg.retry.newBackOff(ctx)
		}
		wait := b.NextBackOff()
		if wait == backoff.Stop {
			x.log(ctx, attempt, status, took, 0, err)
			return nil, err
		}
		// backoff applies jitter after its own cap; keep the cap a cap.
		wait = min(wait, cfg.retry.maxInterval())
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter // the server's word, above MaxInterval and without jitter
		}
		if !cfg.waitFits(ctx, start, wait) {
			x.log(ctx, attempt, status, took, 0, err)
			return nil, err
		}
		x.log(ctx, attempt, status, took, wait, err)
		if err := cfg.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("polar: %s: %w", op.Name, err)
		}
	}
}

// exchange is one call's state across its attempts: the configuration, the
// operation, its encoded body, and the last request sent, for errors and
// logs.
type exchange struct {
	c    *config
	op   *Operation
	body []byte
	req  *http.Request // the last request sent
	sent bool          // some attempt's request may have reached the server
}

// attemptOnce sends one attempt, bounded by the per-attempt timeout, and
// reads the response. It returns the response status (0 when no complete
// response came back, which makes the failure a connection error for
// retries).
func attemptOnce[T any](ctx context.Context, x *exchange, check func(*T) error) (*T, int, error) {
	c, op := x.c, x.op.Name
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var body io.Reader
	if x.body != nil {
		body = bytes.NewReader(x.body)
	}
	req, err := x.op.Request(c.baseURL, body)
	if err != nil { // the generated builder refused the input
		return nil, 0, fmt.Errorf("polar: %s: %w", op, backoff.Permanent(redactErr(err, c.token)))
	}
	req = req.WithContext(ctx)
	c.edit(req)
	x.req = req
	resp, err := c.doer.Do(req)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		if !notConnected(err) {
			x.sent = true
		}
		return nil, 0, fmt.Errorf("polar: %s: %w", op, redactErr(err, c.token))
	}
	x.sent = true
	if resp == nil || resp.Body == nil {
		return nil, 0, fmt.Errorf("polar: %s: the HTTPDoer returned no response and no error", op)
	}
	defer drainAndClose(resp.Body)
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return nil, resp.StatusCode, errorFromResponse(resp.StatusCode, resp.Header, body,
			req.Method, req.URL.EscapedPath(), c.token, c.apiVersion, c.now())
	}
	if v := resp.Header.Get("Polar-Version"); v != "" && v != c.apiVersion {
		return nil, resp.StatusCode, fmt.Errorf("polar: %s: %w: Polar answered in API version %s, but this package speaks %s; nothing was decoded (a proxy or WithHeader changing Polar-Version?)",
			op, ErrAPIVersion, scrub(v, c.token), c.apiVersion)
	}
	out, err := decode(c, resp, check)
	if errors.Is(err, errReadBody) {
		return nil, 0, fmt.Errorf("polar: %s: %w", op, redactErr(err, c.token))
	}
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("polar: %s: unexpected response %s (%s): %w",
			op, statusLine(resp.StatusCode), scrub(contentType(resp), c.token), redactErr(err, c.token))
	}
	return out, resp.StatusCode, nil
}

// encodeBody encodes a request body once, for every attempt, without HTML
// escaping, so that a URL's &, < and > arrive as written. (Generated
// clients use json.Marshal, which escapes them; that is why version
// packages pass the WithBody builders.) A field whose MarshalJSON calls
// json.Marshal itself, as nullable.Nullable's does, comes back with
// \u0026, \u003c and \u003e all the same; htmljson.Unescape turns those back.
func encodeBody(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return htmljson.Unescape(bytes.TrimSuffix(b.Bytes(), []byte("\n"))), nil
}

var errReadBody = errors.New("reading response body")

// decode reads a 2xx body, at most maxBody of it, into a T in one pass, and
// refuses what is not one: another content type, invalid JSON, null, or an
// object without the fields every answer of that type has.
func decode[T any](c *config, resp *http.Response, check func(*T) error) (*T, error) {
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
	if check != nil {
		if err := check(out); err != nil {
			return nil, err
		}
	}
	return out, nil
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
