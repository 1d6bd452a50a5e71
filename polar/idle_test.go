package polar_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestCloseIdleConnections: after a call, the client's connection stays
// open and idle; CloseIdleConnections closes it (the server sees it
// closed), and the client still works, on a new connection. It holds for
// the SDK's own HTTP client and for an *http.Client given with
// WithHTTPClient; a doer without the method is left alone.
func TestCloseIdleConnections(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts func() []polar.Option
	}{
		{"the SDK's own HTTP client", func() []polar.Option { return nil }},
		{"an *http.Client from WithHTTPClient", func() []polar.Option {
			tr := http.DefaultTransport.(*http.Transport).Clone()
			t.Cleanup(tr.CloseIdleConnections)
			return []polar.Option{polar.WithHTTPClient(&http.Client{Transport: tr})}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var opened atomic.Int64
			closed := make(chan struct{}, 8)
			srv := httptest.NewUnstartedServer(serveJSON(http.StatusOK, checkoutJSON(t)))
			srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
				switch st {
				case http.StateNew:
					opened.Add(1)
				case http.StateClosed:
					closed <- struct{}{}
				}
			}
			srv.Start()
			t.Cleanup(srv.Close)
			c, err := newClient(append([]polar.Option{polar.WithBaseURL(srv.URL), polar.WithAccessToken(testToken)}, tc.opts()...)...)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if _, err := c.Checkouts.Get(ctx, checkoutID); err != nil {
				t.Fatal(err)
			}
			select {
			case <-closed:
				t.Fatal("the connection closed before CloseIdleConnections")
			default:
			}

			c.CloseIdleConnections()
			select {
			case <-closed:
			case <-time.After(10 * time.Second): // a hang guard, not a timing bound
				t.Fatal("the server never saw the idle connection closed")
			}

			if _, err := c.Checkouts.Get(ctx, checkoutID); err != nil {
				t.Fatalf("after CloseIdleConnections: %v", err)
			}
			if n := opened.Load(); n != 2 {
				t.Errorf("server saw %d connections, want 2: one closed, one new", n)
			}
		})
	}

	t.Run("a doer without CloseIdleConnections", func(t *testing.T) {
		t.Parallel()
		c, err := newClient(polar.WithAccessToken(testToken), polar.WithHTTPClient(doerFunc(func(r *http.Request) (*http.Response, error) {
			return jsonResponse(r, http.StatusOK, checkoutJSON(t)), nil
		})))
		if err != nil {
			t.Fatal(err)
		}
		c.CloseIdleConnections()
		if _, err := c.Checkouts.Get(context.Background(), checkoutID); err != nil {
			t.Fatal(err)
		}
	})
}
