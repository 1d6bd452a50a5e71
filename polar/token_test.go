package polar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// leakToken is the access token every row tries to leak. leakSecret is its
// secret part: no row may show even that.
const (
	leakToken  = "polar_oat_SECRET-9f8e7d6c"
	leakSecret = "SECRET-9f8e7d6c"
)

// TestTokenNeverLeaks sends a distinctive token down every error path (each
// status, odd bodies, a server that reflects the Authorization header,
// transport failures, decode failures, invalid options) with a debug logger
// in JSON and in text, and checks that the token shows up nowhere: not in
// the error's text in any fmt verb, not in an *APIError's or
// *ValidationError's fields, not in the log, and without a panic.
func TestTokenNeverLeaks(t *testing.T) {
	// escaped is the token as a JSON encoder that escapes '_' writes it.
	escaped := strings.ReplaceAll(leakToken, "_", `\u005f`)
	// full escapes every byte, mid one byte of the secret part, pct
	// percent-escapes every byte.
	full, mid, pct := leakEscapeAll(`\u%04x`), strings.Replace(leakToken, "SECRET", `S\u0045CRET`, 1), leakEscapeAll("%%%02X")

	tests := []struct {
		name string
		// run makes the failing call of o with the given client options
		// (token, logger) and returns its error.
		run func(t *testing.T, o op, opts ...polar.Option) error
	}{
		{"401 reflecting the token", leakServe(401, `{"error":"Unauthorized","detail":"invalid token Bearer `+leakToken+`"}`,
			"WWW-Authenticate", `Bearer realm="polar", error="invalid_token", error_description="`+leakToken+` is revoked"`)},
		{"403 reflecting the token", leakServe(403, `{"error":"NotPermitted","detail":"`+leakToken+` may not create checkouts"}`)},
		{"404 reflecting the token", leakServe(404, `{"error":"ResourceNotFound","detail":"no checkout for `+leakToken+`"}`)},
		{"401 OAuth2 error_description reflecting the token", leakServe(401, `{"error":"invalid_token","error_description":"`+leakToken+` is revoked"}`)},
		{"422 with a string detail reflecting the token", leakServe(422, `{"error":"CheckoutCustomerExternalIdMismatch","detail":"`+leakToken+`"}`)},
		{"409 with the token as the error name", leakServe(409, `{"error":"`+leakToken+`","detail":"exists"}`)},
		{"409 with the token JSON-escaped in name and detail", leakServe(409, `{"error":"`+escaped+`","detail":"`+escaped+`"}`)},
		{"422 FastAPI echoing the token", leakServe(422,
			`{"detail":[{"loc":["header","authorization"],"msg":"bad token `+leakToken+`","type":"value_error","input":"Bearer `+leakToken+`"}]}`)},
		{"422 not FastAPI-shaped", leakServe(422, `{"error":"Unprocessable","detail":{"token":"`+leakToken+`"}}`)},
		{"500 reflecting the token", leakServe(500, `{"error":"InternalServerError","detail":"traceback: auth=`+leakToken+`"}`)},
		{"429 with the token in headers", leakServe(429, `{"error":"TooManyRequests","detail":"slow down"}`,
			"Retry-After", "999999999", "X-Rate-Limit-Key", leakToken)},
		{"503 HTML page reflecting the token", leakServe(503, "<html><body><pre>Authorization: Bearer "+leakToken+"</pre></body></html>",
			"Content-Type", "text/html")},
		{"400 plain text reflecting the token", leakServe(400, "bad request from "+leakToken, "Content-Type", "text/plain")},
		{"401 detail with the token JSON-escaped", leakServe(401, `{"error":"Unauthorized","detail":"invalid token `+escaped+`"}`)},
		{"422 FastAPI msg with the token JSON-escaped", leakServe(422,
			`{"detail":[{"loc":["header","authorization"],"msg":"bad token `+escaped+`","type":"value_error"}]}`)},
		{"422 FastAPI with the token JSON-escaped in every field", leakServe(422,
			`{"detail":[{"loc":["header","`+escaped+`",0],"msg":"`+escaped+`","type":"`+escaped+`"}]}`)},
		{"400 with the token fully JSON-escaped in another key", leakServe(400, `{"error":"BadRequest","detail":"x","input":"`+full+`"}`)},
		{"400 with one byte of the secret JSON-escaped in another key", leakServe(400, `{"error":"BadRequest","detail":"x","ctx":{"token":"`+mid+`"}}`)},
		{"400 with the token JSON-escaped in a non-string detail", leakServe(400, `{"error":"BadRequest","detail":{"token":"`+mid+`"}}`)},
		{"400 with the token JSON-escaped twice", leakServe(400, `{"error":"BadRequest","detail":"x","raw":"{\"t\":\"`+strings.ReplaceAll(full, `\`, `\\`)+`\"}"}`)},
		{"422 FastAPI with the token JSON-escaped in input", leakServe(422,
			`{"detail":[{"loc":["body","x"],"msg":"bad","type":"value_error","input":"`+full+`"}]}`)},
		{"422 FastAPI with the token JSON-escaped in a non-string loc", leakServe(422,
			`{"detail":[{"loc":["body",{"k":"`+mid+`"}],"msg":"bad","type":"value_error"}]}`)},
		{"503 HTML with the token percent-escaped", leakServe(503, `<a href="/login?t=`+pct+`">again</a>`, "Content-Type", "text/html")},
		{"401 with the token percent-escaped in a header", leakServe(401, `{"error":"Unauthorized","detail":"no"}`,
			"WWW-Authenticate", `Bearer error_description="`+pct+`"`)},
		{"401 with the token as a header name", leakServe(401, `{"error":"Unauthorized","detail":"no"}`, "X-"+leakToken, "1")},
		{"200 not JSON with the token in the Content-Type", leakServe(200, `{}`, "Content-Type", "text/plain; token="+leakToken)},
		{"200 not JSON with the token percent-escaped in the Content-Type", leakServe(200, `{}`, "Content-Type", "text/plain; name*=UTF-8''"+pct)},
		{"200 with the token JSON-escaped in a timestamp", leakServe(200, `{"id":"cs_1","product":{"id":"p","created_at":"`+full+`"}}`)},
		{"200 with one byte of the secret JSON-escaped in a timestamp", leakServe(200, `{"id":"cs_1","product":{"id":"p","created_at":"`+mid+`"}}`)},
		{"200 in an API version named by the token", leakServe(200, `{}`, "Polar-Version", leakToken)},
		{"200 in an API version named by the percent-escaped token", leakServe(200, `{}`, "Polar-Version", pct)},
		{"redirect loop whose Location carries the percent-escaped token", leakRedirectLoopWith(pct)},
		{"server reflecting every request header, 400", leakReflect(400)},
		{"server reflecting every request header, 500 retried", leakReflect(500)},
		{"server reflecting every request header, 200 not JSON", leakReflect(200)},
		{"200 with the token in a timestamp", leakServe(200, `{"id":"cs_1","product":{"id":"p","created_at":"`+leakToken+`"}}`)},
		{"200 with the token as an unknown type", leakServe(200, `{"id":"cs_1","product":{"id":"p","prices":"`+leakToken+`"}}`)},
		{"200 truncated after the token", leakServe(200, `{"id":"`+leakToken)},
		{"200 with the token as the status", leakServe(200, `{"id":"cs_1","client_secret":"x","status":`+leakToken+`}`)},
		{"connection refused", leakRefused},
		{"per-attempt timeout", leakTimeout},
		{"redirect to another host", leakRedirect},
		{"redirect loop whose Location carries the token", leakRedirectLoop},
		{"HTTPDoer returning nothing", func(t *testing.T, o op, opts ...polar.Option) error {
			c := leakClient(t, "https://api.polar.invalid", append(opts, polar.WithHTTPClient(doerFunc(func(*http.Request) (*http.Response, error) { return nil, nil })))...)
			_, err := o.call(context.Background(), c)
			return err
		}},
		{"invalid per-call options", func(t *testing.T, o op, opts ...polar.Option) error {
			c := leakClient(t, "https://api.polar.invalid", opts...)
			_, err := o.call(context.Background(), c, polar.WithHeader("X-Debug", leakToken+"\r\nX-Evil: 1"))
			return err
		}},
		{"input refused before sending", func(t *testing.T, o op, opts ...polar.Option) error {
			c := leakClient(t, "https://api.polar.invalid", opts...)
			ctx := context.Background()
			var err error
			switch o.name {
			case "Create":
				_, err = c.Checkouts.Create(ctx, polar.CheckoutCreate{ProductID: leakToken, CustomerEmail: leakToken, SuccessURL: leakToken})
			case "Get":
				_, err = c.Checkouts.Get(ctx, leakToken)
			case "Update":
				_, err = c.Checkouts.Update(ctx, checkoutID, polar.CheckoutUpdate{CustomerEmail: polar.Set(leakToken), ReturnURL: polar.Set(leakToken), Metadata: polar.Set(map[string]any{"k": leakToken + strings.Repeat("x", 500)})})
			case "List":
				_, err = c.Checkouts.List(ctx, polar.CheckoutListParams{ProductID: []string{leakToken}, Status: []polar.CheckoutStatus{leakToken}})
			case "All":
				for _, e := range c.Checkouts.All(ctx, polar.CheckoutListParams{Sorting: []polar.CheckoutSortProperty{leakToken}}) {
					err = e
				}
			case "ClientGet":
				_, err = c.Checkouts.ClientGet(ctx, "..")
			case "ClientUpdate":
				_, err = c.Checkouts.ClientUpdate(ctx, clientSecret, polar.CheckoutUpdatePublic{CustomerEmail: polar.Set(leakToken + "@" + leakToken)})
			case "ClientConfirm":
				_, err = c.Checkouts.ClientConfirm(ctx, clientSecret, polar.CheckoutConfirmStripe{ProductPriceID: polar.Set(leakToken)})
			}
			return err
		}},
	}
	for _, tc := range tests {
		for _, format := range []string{"json", "text"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				t.Parallel()
				forEachOp(t, func(t *testing.T, o op) { leakRow(t, o, format, tc.run) })
			})
		}
	}
}

// leakRow runs one row of TestTokenNeverLeaks for o, logging in format.
func leakRow(t *testing.T, o op, format string, run func(t *testing.T, o op, opts ...polar.Option) error) {
	var log leakBuffer
	h := slog.Handler(slog.NewJSONHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if format == "text" {
		h = slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug})
	}
	var err error
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("panic: %v", leakRedactedForReport(fmt.Sprint(p)))
			}
		}()
		err = run(t, o, polar.WithAccessToken(leakToken), polar.WithLogger(slog.New(h)))
	}()
	if err == nil {
		t.Fatal("the call succeeded; every row must fail")
	}
	leakCheckError(t, err)
	if leakShows(log.String()) {
		t.Errorf("log shows the token:\n%s", leakRedactedForReport(log.String()))
	}
}

// TestTokenNeverLeaksFromOptions checks the errors of NewClient and of
// invalid options: none may repeat the token or a URL or header that
// carries it.
func TestTokenNeverLeaksFromOptions(t *testing.T) {
	tests := []struct {
		name string
		opts []polar.Option
	}{
		{"token with a newline", []polar.Option{polar.WithAccessToken(leakToken + "\n")}},
		{"token with a NUL", []polar.Option{polar.WithAccessToken(leakToken + "\x00")}},
		{"token in WithHeader Authorization", []polar.Option{polar.WithAccessToken(leakToken), polar.WithHeader("Authorization", "Bearer "+leakToken)}},
		{"token in a header value with CRLF", []polar.Option{polar.WithAccessToken(leakToken), polar.WithHeader("X-Token", leakToken+"\r\n")}},
		{"curl-style header line", []polar.Option{polar.WithAccessToken(leakToken), polar.WithHeader("Authorization: Bearer "+leakToken, "")}},
		{"token in a user agent with CR", []polar.Option{polar.WithAccessToken(leakToken), polar.WithUserAgent(leakToken + "\r")}},
		{"token as the base URL password", []polar.Option{polar.WithAccessToken(leakToken), polar.WithBaseURL("https://polar:" + leakToken + "@api.polar.sh")}},
		{"token as the password of an unparsable base URL", []polar.Option{polar.WithAccessToken(leakToken), polar.WithBaseURL("https://polar:" + leakToken + "@api.polar.sh:port/")}},
		{"token in the base URL query", []polar.Option{polar.WithAccessToken(leakToken), polar.WithBaseURL("https://api.polar.sh/?access_token=" + leakToken)}},
		{"nil option after the token", []polar.Option{polar.WithAccessToken(leakToken), nil}},
		{"bad retry config after the token", []polar.Option{polar.WithAccessToken(leakToken), polar.WithRetryConfig(polar.RetryConfig{MaxRetries: -1})}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := newClient(tc.opts...)
			if err == nil || c != nil {
				t.Fatalf("NewClient = %v, %v; want an error", c, err)
			}
			leakCheckError(t, err)
		})
	}

	t.Run("POLAR_ACCESS_TOKEN with a newline", func(t *testing.T) {
		t.Setenv("POLAR_ACCESS_TOKEN", leakToken+"\n")
		_, err := newClient()
		if err == nil {
			t.Fatal("NewClient accepted a token with a newline")
		}
		leakCheckError(t, err)
	})
}

// TestTokenNotInClientOutput checks that printing a Client or its service
// in any verb shows no token.
func TestTokenNotInClientOutput(t *testing.T) {
	c, err := newClient(polar.WithAccessToken(leakToken))
	if err != nil {
		t.Fatal(err)
	}
	type app struct{ Client *polar.Client }
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{c, *c, c.Checkouts, *c.Checkouts, app{c}, &app{c}} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, leakSecret) {
				t.Errorf("Sprintf(%q, %T) shows the token", verb, v)
			}
		}
	}
}

// TestTokenNotSentToAnotherHost answers with a redirect, for GET and for a
// POST or PATCH replayed with a 307 or 308, to a second server: the call
// fails, and the second server never sees a request, so neither the token
// nor anything else the caller configured reaches it.
func TestTokenNotSentToAnotherHost(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			forEachOp(t, func(t *testing.T, o op) {
				var mu sync.Mutex
				var seen []string
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					mu.Lock()
					seen = append(seen, r.Header.Get("Authorization")+r.Header.Get("Cookie"))
					mu.Unlock()
					faultWrite(w, o.status, "application/json", string(o.reply(t)))
				}))
				defer other.Close()
				first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("Authorization") != "Bearer "+leakToken {
						t.Errorf("first server saw Authorization %q", r.Header.Get("Authorization"))
					}
					http.Redirect(w, r, other.URL+r.URL.RequestURI(), status)
				}))
				defer first.Close()

				c := leakClient(t, first.URL, polar.WithAccessToken(leakToken))
				_, err := o.call(context.Background(), c)
				if err == nil {
					t.Fatal("call followed the redirect to another host")
				}
				leakCheckError(t, err)
				mu.Lock()
				defer mu.Unlock()
				if len(seen) != 0 {
					t.Errorf("other host saw %d requests, want none", len(seen))
				}
			})
		})
	}
}

// leakCheckError fails when err shows the token in any fmt verb, or in any
// field of an *APIError or *ValidationError it wraps.
func leakCheckError(t *testing.T, err error) {
	t.Helper()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		if s := fmt.Sprintf(verb, err); leakShows(s) {
			t.Errorf("Sprintf(%q, err) shows the token: %s", verb, leakRedactedForReport(s))
		}
	}
	var ae *polar.APIError
	if errors.As(err, &ae) {
		fields := map[string]string{
			"Name":   ae.Name,
			"Detail": ae.Detail,
			"Body":   string(ae.Body),
			"Header": fmt.Sprintf("%#v", ae.Header),
			"struct": fmt.Sprintf("%#v", *ae),
		}
		for name, s := range fields {
			if leakShows(s) {
				t.Errorf("APIError.%s shows the token: %s", name, leakRedactedForReport(s))
			}
		}
		if bytes.Contains(ae.Body, []byte(leakToken[:10])) && !bytes.Contains(ae.Body, []byte("[REDACTED]")) {
			t.Errorf("APIError.Body = %s, want the token shown as [REDACTED]", ae.Body)
		}
	}
	var ve *polar.ValidationError
	if errors.As(err, &ve) {
		b, _ := json.Marshal(ve) // every exported field, Errors included
		if s := fmt.Sprintf("%#v %s %s", *ve, b, ve.Body); leakShows(s) {
			t.Errorf("ValidationError shows the token: %s", leakRedactedForReport(s))
		}
	}
}

// leakRedactedForReport keeps a failure message from printing the secret
// itself, so test logs stay clean too.
func leakRedactedForReport(s string) string {
	return strings.ReplaceAll(s, leakSecret, "<SECRET>")
}

// leakClient returns a client of base whose waits are not slept, with up to
// two retries.
func leakClient(t *testing.T, base string, opts ...polar.Option) *polar.Client {
	t.Helper()
	rc := polar.DefaultRetryConfig()
	rc.MaxRetries = 2
	c, err := newClient(append([]polar.Option{polar.WithBaseURL(base), polar.WithRetryConfig(rc)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	setSleep(c, func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
	return c
}

// leakServe answers Get with status, body and header pairs (JSON unless a
// Content-Type pair says otherwise).
func leakServe(status int, body string, header ...string) func(t *testing.T, o op, opts ...polar.Option) error {
	return func(t *testing.T, o op, opts ...polar.Option) error {
		b := body
		if status/100 == 2 && (o.name == "List" || o.name == "All") {
			b = `{"items":[` + body + `],"pagination":{"total_count":1,"max_page":1}}`
		}
		srv := leakServer(t, status, b, header...)
		_, err := o.call(context.Background(), leakClient(t, srv.URL, opts...))
		return err
	}
}

func leakServer(t *testing.T, status int, body string, header ...string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		echoVersion(w, r)
		w.Header().Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// leakReflect answers with status, every request header copied into the
// response headers (X-Echo-*) and dumped as the body: Polar's error JSON for
// an error status, text for a 200.
func leakReflect(status int) func(t *testing.T, o op, opts ...polar.Option) error {
	return func(t *testing.T, o op, opts ...polar.Option) error {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			echoVersion(w, r)
			for k, vs := range r.Header {
				for _, v := range vs {
					w.Header().Add("X-Echo-"+k, v)
				}
			}
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", token="`+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"`)
			dump, _ := json.Marshal(r.Header)
			if status == 200 {
				w.Header().Set("Content-Type", "text/plain")
				w.WriteHeader(status)
				w.Write(dump)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			b, _ := json.Marshal(map[string]any{"error": r.Header.Get("Authorization"), "detail": string(dump)})
			w.Write(b)
		}))
		t.Cleanup(srv.Close)
		_, err := o.call(context.Background(), leakClient(t, srv.URL, opts...))
		return err
	}
}

func leakRefused(t *testing.T, o op, opts ...polar.Option) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ln.Close()
	_, err = o.call(context.Background(), leakClient(t, base, opts...))
	return err
}

func leakTimeout(t *testing.T, o op, opts ...polar.Option) error {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // the server notices a hang-up only once the body is read
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	t.Cleanup(srv.Close)
	c := leakClient(t, srv.URL, append(opts, polar.WithTimeout(20*time.Millisecond))...)
	_, err := o.call(context.Background(), c)
	return err
}

// leakRedirect sends the call to a second server that reflects whatever
// Authorization it got.
func leakRedirect(t *testing.T, o op, opts ...polar.Option) error {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a := r.Header.Get("Authorization"); a != "" {
			t.Errorf("other host got an Authorization header")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		b, _ := json.Marshal(map[string]string{"error": "Unauthorized", "detail": "got " + r.Header.Get("Authorization")})
		w.Write(b)
	}))
	t.Cleanup(other.Close)
	first := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(first.Close)
	_, err := o.call(context.Background(), leakClient(t, first.URL, opts...))
	return err
}

func leakRedirectLoop(t *testing.T, o op, opts ...polar.Option) error {
	return leakRedirectLoopWith(leakToken)(t, o, opts...)
}

// leakRedirectLoopWith redirects every request to itself with tok in the
// query.
func leakRedirectLoopWith(tok string) func(t *testing.T, o op, opts ...polar.Option) error {
	return func(t *testing.T, o op, opts ...polar.Option) error {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Location", r.URL.Path+"?t="+tok)
			w.WriteHeader(http.StatusFound)
		}))
		t.Cleanup(srv.Close)
		_, err := o.call(context.Background(), leakClient(t, srv.URL, opts...))
		return err
	}
}

// leakEscapeAll writes every byte of the token with format, e.g. a JSON
// \u escape or a percent-escape.
func leakEscapeAll(format string) string {
	var b strings.Builder
	for i := 0; i < len(leakToken); i++ {
		fmt.Fprintf(&b, format, leakToken[i])
	}
	return b.String()
}

// leakEscape matches a JSON \u escape (behind any number of backslashes, as
// %q and %#v print it) and a percent-escape.
var leakEscape = regexp.MustCompile(`\\+u([0-9a-fA-F]{4})|%([0-9a-fA-F]{2})`)

// leakShows reports whether s shows the token's secret part: as written,
// in any case, or behind JSON or percent escapes, however nested.
func leakShows(s string) bool {
	secret := strings.ToLower(leakSecret)
	for range 4 {
		if strings.Contains(strings.ToLower(s), secret) {
			return true
		}
		s = leakEscape.ReplaceAllStringFunc(s, func(m string) string {
			sub := leakEscape.FindStringSubmatch(m)
			hex := sub[1] + sub[2]
			n, _ := strconv.ParseUint(hex, 16, 32)
			return string(rune(n))
		})
	}
	return false
}

// leakBuffer is a bytes.Buffer safe for the concurrent writes of a handler.
type leakBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *leakBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *leakBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
