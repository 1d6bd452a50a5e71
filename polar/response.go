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
)

// maxBody caps a successful response body; a real Checkout is a few KB.
const maxBody = 4 << 20

// attempt sends req once, bounded by the per-attempt timeout, and reads the
// response. It returns the response status (0 when no complete response
// came back, which makes the failure a connection error for retries).
func (c *config) attempt(ctx context.Context, op string, req *http.Request, n int) (*Checkout, int, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	r := req.WithContext(ctx)
	if n > 1 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, 0, fmt.Errorf("polar: %s: replaying request body: %w", op, err)
		}
		r.Body = body
	}
	resp, err := c.doer.Do(r)
	if err != nil {
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
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
			req.Method, req.URL.EscapedPath(), c.token, c.now())
	}
	out, err := c.decode(resp)
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

// decode reads a 2xx body, at most maxBody of it, into a Checkout in one
// pass, and refuses what is not one: another content type, invalid JSON,
// null or an object without an id.
func (c *config) decode(resp *http.Response) (*Checkout, error) {
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
	out := new(Checkout)
	if err := json.Unmarshal(buf.Bytes(), out); err != nil {
		return nil, err
	}
	if err := checkCheckout(out); err != nil {
		return nil, err
	}
	return out, nil
}

// checkCheckout notices what JSON decoding lets through: the generated
// models do not enforce required fields, so null or {} decode without error.
func checkCheckout(c *Checkout) error {
	switch {
	case c.ID == "":
		return errors.New("not a checkout: no id")
	case c.Product.ID == "":
		return errors.New("not a checkout: no product")
	}
	if raw, _ := c.ProductPrice.MarshalJSON(); len(raw) == 0 || raw[0] != '{' {
		return errors.New("not a checkout: product_price is not an object")
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
func (c *config) log(ctx context.Context, req *http.Request, attempt, status int, took, wait time.Duration, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.EscapedPath()),
		slog.Int("status", status),
		slog.Int("attempt", attempt),
		slog.Duration("duration", took),
		slog.Duration("next_wait", wait),
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "polar: request", attrs...)
}
