package polartest

import (
	"slices"

	"github.com/polar-checkouts/polar-go/polar"
)

// ClientOptions returns what a client of any version package needs to talk
// to s: WithBaseURL(s.URL), WithAccessToken(s.AccessToken) and the default
// retry policy with zero waits (so a test of FailNext does not sleep; a
// Retry-After header sent by FailNext is still honoured), followed by opts,
// which win:
//
//	client, err := v2027_01.NewClient(s.ClientOptions()...)
func (s *Server) ClientOptions(opts ...polar.Option) []polar.Option {
	rc := polar.DefaultRetryConfig()
	rc.InitialInterval = 0
	base := []polar.Option{polar.WithBaseURL(s.URL), polar.WithAccessToken(s.AccessToken), polar.WithRetryConfig(rc)}
	return slices.Concat(base, opts)
}
