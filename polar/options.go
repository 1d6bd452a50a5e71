package polar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// Option configures a Client (passed to NewClient) or a single call (passed
// to a method, where it overrides the Client's setting for that call only).
// An invalid option makes NewClient or the call return an error.
type Option func(*config) error

// config is everything a call needs. NewClient builds one per Client; a call
// with options works on a copy.
type config struct {
	apiVersion string // Polar-Version, from the version package
	token      string
	baseURL    string // absolute http(s) URL ending in "/"
	doer       HTTPDoer
	retry      RetryConfig
	timeout    time.Duration
	userAgent  string
	header     http.Header // extra headers from WithHeader
	logger     *slog.Logger
	org        string // Polar-Organization, from WithOrganization

	auth string // "Bearer " + token, built by finish

	// Seams for tests; set once in NewClient.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	bufs  *sync.Pool // *bytes.Buffer for response bodies
}

func (c *config) apply(opts []Option) error {
	for _, opt := range opts {
		if opt == nil {
			return errors.New("polar: nil option")
		}
		if err := opt(c); err != nil {
			return err
		}
	}
	return nil
}

// finish derives the fields that depend on others.
func (c *config) finish() {
	c.auth = "Bearer " + c.token
}

// with returns the configuration for one call: c itself when there are no
// options, else a copy with opts applied.
func (c *config) with(opts []Option) (*config, error) {
	if len(opts) == 0 {
		return c, nil
	}
	cc := *c
	if err := cc.apply(opts); err != nil {
		return nil, err
	}
	cc.finish()
	return &cc, nil
}

// edit sets the headers every request carries. It is the one place that
// writes the token into a request.
func (c *config) edit(req *http.Request) {
	for k, v := range c.header {
		req.Header[k] = v
	}
	// What Header.Set does for these canonical keys, with the values in one
	// allocation, as Header.Clone does; each slice has capacity 1, so an
	// append elsewhere copies it.
	v := make([]string, 5)
	v[0], v[1], v[2], v[3], v[4] = c.auth, c.userAgent, "application/json", c.apiVersion, c.org
	req.Header["Authorization"] = v[0:1:1]
	req.Header["User-Agent"] = v[1:2:2]
	req.Header["Accept"] = v[2:3:3]
	req.Header["Polar-Version"] = v[3:4:4]
	if c.org != "" {
		req.Header["Polar-Organization"] = v[4:5:5]
	}
}

// WithAccessToken sets the access token sent as "Authorization: Bearer
// <token>". Without it NewClient reads POLAR_ACCESS_TOKEN. It fails on an
// empty token or one that cannot be sent in a header.
func WithAccessToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			return errors.New("polar: WithAccessToken: empty token")
		}
		if err := checkHeaderValue(token); err != nil {
			return fmt.Errorf("polar: WithAccessToken: %w", err)
		}
		c.token = token
		return nil
	}
}

// WithServer selects one of Polar's environments: ServerProduction (the
// default) or ServerSandbox. It fails on any other value; use WithBaseURL for
// a custom URL.
func WithServer(s Server) Option {
	return func(c *config) error {
		switch s {
		case ServerProduction, ServerSandbox:
			c.baseURL = string(s) + "/"
			return nil
		}
		return fmt.Errorf("polar: WithServer: unknown server %q (want polar.ServerProduction or polar.ServerSandbox)", string(s))
	}
}

// WithBaseURL sends requests to base instead of a Polar server, e.g. to a
// polartest server or a proxy. A path in base is kept as a prefix. It fails
// unless base is an absolute http or https URL with a host and without
// credentials, query or fragment.
func WithBaseURL(base string) Option {
	return func(c *config) error {
		// A parse error would repeat base, which may carry a password.
		u, err := url.Parse(base)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // without the URL
			}
			return fmt.Errorf("polar: WithBaseURL: %w", err)
		}
		// Errors show the URL without credentials, query or fragment.
		shown := *u
		shown.User, shown.RawQuery, shown.ForceQuery, shown.Fragment, shown.RawFragment = nil, "", false, "", ""
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return fmt.Errorf("polar: WithBaseURL: %q is not an absolute http or https URL", shown.String())
		case u.Host == "":
			return fmt.Errorf("polar: WithBaseURL: %q has no host", shown.String())
		case u.User != nil:
			return errors.New("polar: WithBaseURL: the URL must not carry credentials; use WithAccessToken")
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			return fmt.Errorf("polar: WithBaseURL: %q has a query or fragment", shown.String())
		}
		s := u.String()
		if !strings.HasSuffix(s, "/") {
			s += "/"
		}
		c.baseURL = s
		return nil
	}
}

// WithHTTPClient sends requests through d instead of the Client's own tuned
// *http.Client. Its transport, timeouts and redirect policy then apply. It
// fails on a nil d.
//
// The SDK's own client never follows a redirect to another scheme, host or
// port; with d, the SDK cannot control that. An *http.Client follows up to
// 10 redirects anywhere, sends WithHeader's headers, Polar-Organization
// and, after a 307 or 308, the body along, and drops the token only for a
// host that is neither the same nor a subdomain (another port or scheme of
// the same host gets it). Set its CheckRedirect (for instance to return
// http.ErrUseLastResponse, which makes a redirect an *APIError) if requests
// must stay on the configured server.
func WithHTTPClient(d HTTPDoer) Option {
	return func(c *config) error {
		if d == nil {
			return errors.New("polar: WithHTTPClient: nil HTTPDoer")
		}
		if hc, ok := d.(*http.Client); ok && hc == nil {
			return errors.New("polar: WithHTTPClient: nil *http.Client")
		}
		c.doer = d
		return nil
	}
}

// WithRetryConfig replaces DefaultRetryConfig; the zero RetryConfig turns
// retries off. It fails on negative values, a Multiplier between 0 and 1,
// or a status code outside 100-599.
func WithRetryConfig(rc RetryConfig) Option {
	return func(c *config) error {
		if err := rc.validate(); err != nil {
			return fmt.Errorf("polar: WithRetryConfig: %w", err)
		}
		rc.StatusCodes = append([]int(nil), rc.StatusCodes...)
		c.retry = rc
		return nil
	}
}

// WithTimeout bounds each attempt of a call (connecting, sending, reading the
// whole response) to d; an attempt cut off counts as a connection error for
// retries. Zero means no per-attempt limit; the context always bounds the
// whole call. The default is DefaultTimeout. It fails on a negative d.
func WithTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("polar: WithTimeout: negative duration %v", d)
		}
		c.timeout = d
		return nil
	}
}

// WithUserAgent replaces the User-Agent header (default "polar-go/<Version>
// (<Go version>)"). It fails on an empty value or one with control
// characters.
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if ua == "" {
			return errors.New("polar: WithUserAgent: empty user agent")
		}
		if err := checkHeaderValue(ua); err != nil {
			return fmt.Errorf("polar: WithUserAgent: %w", err)
		}
		c.userAgent = ua
		return nil
	}
}

// WithHeader sets an extra header on every request, replacing an earlier
// value of the same key. It fails on an invalid name or value, and on the
// headers the SDK owns (Authorization: use WithAccessToken; Polar-Version,
// Content-Type, Content-Length, Host; User-Agent: use WithUserAgent;
// Polar-Organization: use WithOrganization).
func WithHeader(key, value string) Option {
	return func(c *config) error {
		if !validHeaderName(key) {
			// Not the whole name: a pasted "Authorization: Bearer <token>"
			// line would put the token in the error.
			return fmt.Errorf("polar: WithHeader: invalid header name (%s)", badHeaderNameChar(key))
		}
		switch ck := http.CanonicalHeaderKey(key); ck {
		case "Authorization", "Polar-Version", "Polar-Organization", "Content-Type", "Content-Length", "Host", "User-Agent":
			return fmt.Errorf("polar: WithHeader: %s is set by the SDK", ck)
		}
		if err := checkHeaderValue(value); err != nil {
			return fmt.Errorf("polar: WithHeader: %s: %w", key, err)
		}
		h := c.header.Clone()
		if h == nil {
			h = make(http.Header, 1)
		}
		h.Set(key, value)
		c.header = h
		return nil
	}
}

// WithOrganization sends "Polar-Organization: id" with every request, to
// pick the organization for a token that reaches several (a personal access
// token), as Polar's own TypeScript SDK does. The id must be a UUID v4.
// Polar's server of 2026-08 ignores the header; the organization of an
// organization access token is always its own.
func WithOrganization(id string) Option {
	return func(c *config) error {
		canonical, p := pydantic.UUID4(id)
		if p != nil {
			return fmt.Errorf("polar: WithOrganization: %s", p.Msg)
		}
		c.org = canonical
		return nil
	}
}

// WithLogger logs each attempt (method, path, status, attempt number,
// duration, next wait) to l at debug level. Without it nothing is logged.
// The access token is never logged. It fails on a nil l.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("polar: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// checkHeaderValue refuses values that net/http would refuse or that could
// split a header.
func checkHeaderValue(v string) error {
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < ' ' && b != '\t' || b == 0x7f {
			return errors.New("value contains a control character")
		}
	}
	return nil
}

// badHeaderNameChar describes the first byte of k that cannot be in a header
// name.
func badHeaderNameChar(k string) string {
	if k == "" {
		return "empty"
	}
	for i := 0; i < len(k); i++ {
		if !validHeaderName(k[i : i+1]) {
			return fmt.Sprintf("%q at byte %d", k[i], i)
		}
	}
	return "invalid"
}

func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		b := k[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0:
		default:
			return false
		}
	}
	return true
}
