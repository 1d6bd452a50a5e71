package polartest

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/polar-checkouts/polar-go/polar"
)

// Client returns a polar.Client that talks to s: WithBaseURL(s.URL),
// WithAccessToken(s.AccessToken) and the default retry policy with zero
// waits (so a test of FailNext does not sleep; a Retry-After header sent
// by FailNext is still honoured), followed by opts, which win. It never
// fails or panics: when opts are invalid it returns a client whose every
// call fails, without retrying, with the error polar.NewClient gave.
func (s *Server) Client(opts ...polar.Option) *polar.Client {
	rc := polar.DefaultRetryConfig()
	rc.InitialInterval = 0
	base := []polar.Option{polar.WithBaseURL(s.URL), polar.WithAccessToken(s.AccessToken), polar.WithRetryConfig(rc)}
	c, err := polar.NewClient(slices.Concat(base, opts)...)
	if err == nil {
		return c
	}
	c, _ = polar.NewClient(
		polar.WithBaseURL(s.URL), polar.WithAccessToken(s.AccessToken), polar.WithRetryConfig(polar.RetryConfig{}),
		polar.WithHTTPClient(failingDoer{err: fmt.Errorf("polartest: Client: %w", err)}),
	)
	return c
}

// failingDoer is the HTTPDoer of a Client built from invalid options.
type failingDoer struct {
	err error
}

// Do closes the request body and returns d.err.
func (d failingDoer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return nil, d.err
}
