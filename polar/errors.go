package polar

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// Sentinel errors that an *APIError matches with errors.Is, by status code.
var (
	// ErrUnauthorized matches a 401: the access token is missing or wrong.
	ErrUnauthorized = errors.New("polar: unauthorized")
	// ErrForbidden matches a 403: the token may not do this.
	ErrForbidden = errors.New("polar: forbidden")
	// ErrNotFound matches a 404, e.g. an unknown checkout id.
	ErrNotFound = errors.New("polar: not found")
	// ErrRateLimited matches a 429; see APIError.RetryAfter.
	ErrRateLimited = errors.New("polar: rate limited")
	// ErrServer matches any 5xx.
	ErrServer = errors.New("polar: server error")
	// ErrExpired matches a 410: the checkout expired (the client operations
	// answer so once its expires_at has passed, whatever its status).
	ErrExpired = errors.New("polar: expired")
	// ErrAPIVersion matches Polar's answer for an API version it does not
	// serve (a 404 without the Polar-Version echo: the version was removed,
	// so the program needs a newer version package), an answer in another
	// version than the one asked for, and a webhook event of another
	// version than the package reading it.
	ErrAPIVersion = errors.New("polar: API version not served")
	// ErrUnknownOutcome matches the failure of a payment confirm after its
	// request may have reached Polar (a connection reset while waiting for
	// the answer, a 5xx, a timeout): the payment may have gone through.
	// Such a confirm is never retried; read the checkout (ClientGet) before
	// trying again.
	ErrUnknownOutcome = errors.New("polar: outcome unknown")
)

// maxErrorBody caps how much of an error response is read and kept.
const maxErrorBody = 64 << 10

// APIError is a non-2xx answer other than a 422 listing field problems (a
// 422 whose detail is a sentence, such as
// CheckoutCustomerExternalIdMismatch, is an APIError). Its fields are
// exported so tests can build one.
type APIError struct {
	// StatusCode is the HTTP status, e.g. 404.
	StatusCode int
	// Name is Polar's error name from the body's "error" key, e.g.
	// "ResourceNotFound", "NotOpenCheckout", "CheckoutLocked" or, for token
	// errors, "invalid_token"; empty when the body is not Polar's JSON (an
	// empty 429, a proxy's HTML page).
	Name string
	// Detail is Polar's message: the body's "detail", or the
	// "error_description" of a token error.
	Detail string
	// Body is the raw response body, at most 64 KiB of it.
	Body []byte
	// Header is the response header.
	Header http.Header
	// RetryAfter is the wait the server asked for in Retry-After (seconds or
	// an HTTP date); 0 when absent or unreadable.
	RetryAfter time.Duration
	// Method and Path name the request, e.g. "GET" and "/v1/checkouts/cs_1".
	Method, Path string
	// APIVersion is the Polar-Version the request sent. A 404 whose Header
	// has no Polar-Version echo is Polar refusing that version (see
	// ErrAPIVersion), not a missing resource.
	APIVersion string
}

// versionRefused reports whether e is Polar's answer for an API version it
// does not serve: a 404 sent before routing, without the Polar-Version
// echo every routed answer has.
func (e *APIError) versionRefused() bool {
	return e.StatusCode == http.StatusNotFound && e.APIVersion != "" && e.Header.Get("Polar-Version") == ""
}

// Error returns e.g. "polar: 404 Not Found: ResourceNotFound: Not found
// (GET /v1/checkouts/cs_1)".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("polar: ")
	b.WriteString(statusLine(e.StatusCode))
	// Skip what only repeats, as in "401 Unauthorized: Unauthorized:
	// Unauthorized"; the fields keep everything.
	if e.Name != "" && e.Name != strings.ReplaceAll(http.StatusText(e.StatusCode), " ", "") {
		b.WriteString(": ")
		b.WriteString(clip(e.Name, maxDetailText))
	}
	if e.Detail != "" && e.Detail != e.Name {
		b.WriteString(": ")
		b.WriteString(clip(e.Detail, maxDetailText))
	}
	if e.versionRefused() {
		b.WriteString(": Polar does not serve API version ")
		b.WriteString(e.APIVersion)
		b.WriteString(" (removed or unknown): move to a newer version package of polar-go")
	}
	if e.Method != "" || e.Path != "" {
		b.WriteString(" (")
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Path))
		b.WriteString(")")
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's status code:
// ErrUnauthorized, ErrForbidden, ErrNotFound, ErrExpired, ErrRateLimited or
// ErrServer; a 404 without the Polar-Version echo matches ErrAPIVersion
// instead of ErrNotFound.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrAPIVersion:
		return e.versionRefused()
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound && !e.versionRefused()
	case ErrExpired:
		return e.StatusCode == http.StatusGone
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// ValidationError is Polar's 422 answer, or the same check made before
// sending: then StatusCode is 0 and nothing was sent.
type ValidationError struct {
	// StatusCode is 422, or 0 when the SDK refused the input itself.
	StatusCode int
	// Errors lists every problem, in Polar's order.
	Errors []FieldError
	// Body is the raw response body (at most 64 KiB); nil when nothing was
	// sent.
	Body []byte
}

// FieldError is one problem in a ValidationError, as FastAPI reports it.
type FieldError struct {
	// Loc is where the problem is, e.g. ["body", "success_url"]; integer
	// positions are written as decimal strings.
	Loc []string
	// Msg says what is wrong, e.g. "Field required".
	Msg string
	// Type is the machine-readable kind, e.g. "missing", "uuid_parsing",
	// "url_parsing", "value_error".
	Type string
}

// String returns e.g. "body.success_url: Field required".
func (f FieldError) String() string {
	if len(f.Loc) == 0 {
		return f.Msg
	}
	return strings.Join(f.Loc, ".") + ": " + f.Msg
}

// Error returns e.g. "polar: 422 Unprocessable Entity: body.success_url:
// Input should be a valid URL", naming every field when there are at most
// three; with more it says how many and shows the first three, as in
// "polar: 422 Unprocessable Entity: 1000 problems: a: x; b: y; c: z; and
// 997 more" (Errors keeps them all). For a refusal before sending it
// starts "polar: invalid request". Each problem's text is cut short past
// 200 bytes.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("polar: ")
	if e.StatusCode == 0 {
		b.WriteString("invalid request")
	} else {
		b.WriteString(statusLine(e.StatusCode))
	}
	n := len(e.Errors)
	if n > shownProblems {
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" problems")
	}
	for i, f := range e.Errors[:min(n, shownProblems)] {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(clip(f.String(), maxProblemText))
	}
	if n > shownProblems {
		b.WriteString("; and ")
		b.WriteString(strconv.Itoa(n - shownProblems))
		b.WriteString(" more")
	}
	return b.String()
}

// Error text stays short whatever a server sends: a ValidationError shows
// its first shownProblems problems, each cut at maxProblemText bytes, and an
// APIError's name and detail are cut at maxDetailText bytes. The fields
// keep everything.
const (
	shownProblems  = 3
	maxProblemText = 200
	maxDetailText  = 500
)

// clip returns s cut to at most max bytes on a UTF-8 boundary, with "..."
// in place of what was cut.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return strconv.Itoa(code) + " " + text
	}
	return strconv.Itoa(code)
}

// errorFromResponse turns a non-2xx response (body already read, capped)
// into a *ValidationError for a FastAPI-shaped 422 and an *APIError
// otherwise. The token, should the server echo it, is blanked out.
func errorFromResponse(status int, header http.Header, body []byte, method, path, token, apiVersion string, now time.Time) error {
	// Decode the body as the server sent it, then blank the token out of
	// every copy kept: the fields decoded (where JSON escapes are gone) and
	// the raw body (where they may hide it).
	if status == http.StatusUnprocessableEntity {
		if fields, ok := decodeFieldErrors(body); ok {
			for i := range fields {
				f := &fields[i]
				redactString(&f.Msg, token)
				redactString(&f.Type, token)
				redactStrings(f.Loc, token)
			}
			return &ValidationError{StatusCode: status, Errors: fields, Body: redact(body, token)}
		}
	}
	e := &APIError{
		StatusCode: status,
		Body:       redact(body, token),
		Header:     redactHeader(header, token),
		RetryAfter: parseRetryAfter(header.Get("Retry-After"), now),
		Method:     method,
		Path:       path,
		APIVersion: apiVersion,
	}
	e.Name, e.Detail = decodeErrorBody(body)
	redactString(&e.Name, token)
	redactString(&e.Detail, token)
	return e
}

// decodeFieldErrors reads Polar's 422 {"error": ..., "detail": [{"loc",
// "msg", "type"}]}. It reports false for any other shape, such as a detail
// that is a sentence.
func decodeFieldErrors(body []byte) ([]FieldError, bool) {
	var v struct {
		Detail *[]struct {
			Loc  []json.RawMessage `json:"loc"`
			Msg  string            `json:"msg"`
			Type string            `json:"type"`
		} `json:"detail"`
	}
	if json.Unmarshal(body, &v) != nil || v.Detail == nil {
		return nil, false
	}
	fields := make([]FieldError, 0, len(*v.Detail))
	for _, d := range *v.Detail {
		loc := make([]string, len(d.Loc))
		for i, item := range d.Loc {
			if json.Unmarshal(item, &loc[i]) != nil {
				loc[i] = string(item) // an integer, or anything else, as written
			}
		}
		fields = append(fields, FieldError{Loc: loc, Msg: d.Msg, Type: d.Type})
	}
	return fields, true
}

// decodeErrorBody reads Polar's {"error": name, "detail": message} and the
// OAuth2 token errors' {"error": name, "error_description": message},
// keeping a non-string detail as compact JSON. Anything else gives empty
// strings.
func decodeErrorBody(body []byte) (name, detail string) {
	var v struct {
		Error       json.RawMessage `json:"error"`
		Detail      json.RawMessage `json:"detail"`
		Description json.RawMessage `json:"error_description"`
	}
	if json.Unmarshal(body, &v) != nil {
		return "", ""
	}
	detail = jsonText(v.Detail)
	if detail == "" {
		detail = jsonText(v.Description)
	}
	return jsonText(v.Error), detail
}

// jsonText returns a JSON string's value, or other JSON compacted; "" for
// absent or null.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date.
// Garbage, negative values and past dates give 0; huge values, those too
// large for an int64 included, are capped at maxRetryAfter.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	secs, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		// All digits, but more than an int64 holds: the server asks for
		// a very long wait, not for none.
		if secs > 0 {
			return maxRetryAfter
		}
		return 0
	}
	if err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d <= 0 {
			return 0
		}
		return min(d, maxRetryAfter)
	}
	return 0
}

// maxRetryAfter caps a parsed Retry-After so no arithmetic overflows.
const maxRetryAfter = 24 * time.Hour

const redacted = "[REDACTED]"

// A server can echo the token back in an error: as written, in another
// ASCII case (a header name, which net/http canonicalizes), behind JSON
// string escapes ("\u0070olar_oat_...", "polar\u005foat_..."), or behind
// URL percent-escapes (a Location, a Content-Type parameter). The functions
// below find it in all of these forms.

// redact returns b with every copy of token blanked out; when the token is
// hidden behind escapes, the whole of b is replaced by [REDACTED], since
// the escaped copy cannot be cut out of the bytes as they are.
func redact(b []byte, token string) []byte {
	if token == "" {
		return b
	}
	if out, found := replaceFold(string(b), token); found {
		b = []byte(out)
	}
	if hasEscapes(string(b)) && indexFold(reveal(string(b)), token) >= 0 {
		return []byte(redacted)
	}
	return b
}

// redactText returns s with token blanked out, and whether it was there.
// When the token is hidden behind escapes, it returns s with its escapes
// decoded and the token blanked out of that.
func redactText(s, token string) (string, bool) {
	if token == "" {
		return s, false
	}
	s, found := replaceFold(s, token)
	if hasEscapes(s) {
		if out, hidden := replaceFold(reveal(s), token); hidden {
			return out, true
		}
	}
	return s, found
}

// redactString blanks out token in *s and reports whether it was there.
func redactString(s *string, token string) bool {
	out, found := redactText(*s, token)
	*s = out
	return found
}

// scrub returns s with token blanked out.
func scrub(s, token string) string {
	out, _ := redactText(s, token)
	return out
}

func redactStrings(ss []string, token string) bool {
	found := false
	for i := range ss {
		found = redactString(&ss[i], token) || found
	}
	return found
}

// redactErr returns err, or, when its text shows the token (a server can
// echo it into a Location header or a JSON value that fails to decode), an
// error with the token blanked out of its text that still unwraps to err.
func redactErr(err error, token string) error {
	if token == "" {
		return err
	}
	msg, found := redactText(err.Error(), token)
	if !found {
		return err
	}
	return &redactedError{msg: msg, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactHeader returns h, or a copy with the token blanked out where a
// server echoed it, in a value or in a name (a name that shows it becomes
// [REDACTED]).
func redactHeader(h http.Header, token string) http.Header {
	if token == "" {
		return h
	}
	var out http.Header
	for k, vs := range h {
		name := indexFold(k, token) >= 0
		for i, v := range vs {
			v, found := redactText(v, token)
			if !found && !name {
				continue
			}
			if out == nil {
				out = h.Clone()
			}
			out[k][i] = v
		}
		if name {
			out[redacted] = append(out[redacted], out[k]...)
			delete(out, k)
		}
	}
	if out == nil {
		return h
	}
	return out
}

// replaceFold replaces every copy of token in s, in any ASCII case, with
// [REDACTED], and reports whether there was one.
func replaceFold(s, token string) (string, bool) {
	i := indexFold(s, token)
	if i < 0 {
		return s, false
	}
	var b strings.Builder
	for i >= 0 {
		b.WriteString(s[:i])
		b.WriteString(redacted)
		s = s[i+len(token):]
		i = indexFold(s, token)
	}
	b.WriteString(s)
	return b.String(), true
}

// indexFold is strings.Index ignoring ASCII case. A token is ASCII, so
// folding only ASCII letters keeps byte offsets.
func indexFold(s, token string) int {
	if token == "" || len(token) > len(s) {
		return -1
	}
	if i := strings.Index(s, token); i >= 0 {
		return i
	}
	first := lowerASCII(token[0])
	for i := 0; i+len(token) <= len(s); i++ {
		if lowerASCII(s[i]) == first && equalFoldASCII(s[i:i+len(token)], token) {
			return i
		}
	}
	return -1
}

func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(a); i++ {
		if lowerASCII(a[i]) != lowerASCII(b[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasEscapes reports whether s may spell something behind a JSON or URL
// escape.
func hasEscapes(s string) bool {
	return strings.ContainsAny(s, `\%`)
}

// reveal returns s with its JSON string escapes (\uXXXX, surrogate pairs,
// \n, \/, \\, ...) and URL percent-escapes decoded, leniently (what does
// not decode is kept), repeatedly, so that text quoted once more (a JSON
// value inside an error's JSON, a Location inside a quoted URL) is decoded
// too. It is for finding the token, not for showing text.
func reveal(s string) string {
	for range 4 {
		next := revealOnce(s)
		if next == s {
			break
		}
		s = next
	}
	return s
}

func revealOnce(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case c == '\\' && i+1 < len(s):
			switch e := s[i+1]; e {
			case 'u':
				r, n := decodeU(s[i:])
				if n == 0 {
					b.WriteByte(c)
					continue
				}
				b.WriteRune(r)
				i += n - 1
			case 'b', 'f', 'n', 'r', 't':
				b.WriteByte("\b\f\n\r\t"[strings.IndexByte("bfnrt", e)])
				i++
			case '"', '/', '\\', '\'':
				b.WriteByte(e)
				i++
			default:
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// decodeU decodes a \uXXXX escape at the start of s, with its low surrogate
// when it is a high one, and returns the rune and the bytes it took (0 when
// s does not start with one).
func decodeU(s string) (rune, int) {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return 0, 0
	}
	r1, err := strconv.ParseUint(s[2:6], 16, 32)
	if err != nil {
		return 0, 0
	}
	r := rune(r1)
	if utf16.IsSurrogate(r) {
		if len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if r2, err := strconv.ParseUint(s[8:12], 16, 32); err == nil {
				if dec := utf16.DecodeRune(r, rune(r2)); dec != utf8.RuneError {
					return dec, 12
				}
			}
		}
		return utf8.RuneError, 6
	}
	return r, 6
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= lowerASCII(c) && lowerASCII(c) <= 'f'
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return lowerASCII(c) - 'a' + 10
}
