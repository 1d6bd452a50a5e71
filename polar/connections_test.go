package polar_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// connCounter is an HTTP/1.1 loopback server that counts the connections
// it accepts. It answers every request with a minimal checkout: these tests
// count connections, and decoding the 12.6 KB fixture 6,400 times would only
// slow them down under the race detector.
type connCounter struct {
	*httptest.Server
	opened atomic.Int64
}

func newConnCounter(t *testing.T) *connCounter {
	t.Helper()
	s := &connCounter{}
	s.Server = httptest.NewUnstartedServer(serveJSON(http.StatusOK,
		[]byte(`{"id":"`+checkoutID+`","client_secret":"`+clientSecret+`"}`)))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.opened.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// run makes calls calls, one after another, in each of workers goroutines
// started together, and returns how many connections the server accepted.
func (s *connCounter) run(t *testing.T, workers, calls int, call func(context.Context) error) int64 {
	t.Helper()
	ctx := context.Background()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range calls {
				if err := call(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return s.opened.Load()
}

// TestClientReusesConnections checks DESIGN.md's connection target: 64
// goroutines sharing one Client open no more than 80 connections for 6,400
// calls, where Go's default client, which keeps 2 idle connections per
// host, dials again for most calls. It keeps both cores busy for about a
// second, so it does not run in parallel: the tests that time out attempts
// after 20 ms would feel it.
func TestClientReusesConnections(t *testing.T) {
	const workers, calls, maxConns = 64, 100, 80

	sdkGet := func(c *polar.Client) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := c.Checkouts.Get(ctx, checkoutID)
			return err
		}
	}

	t.Run("sequential calls use one connection", func(t *testing.T) {
		srv := newConnCounter(t)
		if n := srv.run(t, 1, calls, sdkGet(newConnClient(t, srv.URL))); n != 1 {
			t.Errorf("%d sequential calls opened %d connections, want 1", calls, n)
		}
	})

	var sdkConns int64
	t.Run("64 goroutines share at most 80 connections", func(t *testing.T) {
		srv := newConnCounter(t)
		sdkConns = srv.run(t, workers, calls, sdkGet(newConnClient(t, srv.URL)))
		t.Logf("%d goroutines x %d calls through one Client: %d connections", workers, calls, sdkConns)
		if sdkConns < 1 || sdkConns > maxConns {
			t.Errorf("%d goroutines x %d calls opened %d connections, want 1 to %d", workers, calls, sdkConns, maxConns)
		}
	})

	// The contrast: a plain &http.Client{} (http.DefaultTransport's settings,
	// on a private copy so that no other test shares its pool) opens more
	// connections in a tenth of the calls. It asserts only that.
	t.Run("contrast: the default http.Client opens more", func(t *testing.T) {
		def, ok := http.DefaultTransport.(*http.Transport)
		if !ok || sdkConns == 0 {
			t.Skip("no default *http.Transport, or no count from the Client to compare with")
		}
		hc := &http.Client{Transport: def.Clone()}
		t.Cleanup(hc.CloseIdleConnections)
		srv := newConnCounter(t)
		n := srv.run(t, workers, calls/10, func(ctx context.Context) error {
			return plainGet(ctx, hc, srv.URL+"/v1/checkouts/"+checkoutID)
		})
		t.Logf("%d goroutines x %d calls through a default http.Client: %d connections", workers, calls/10, n)
		if n <= sdkConns {
			t.Errorf("default http.Client opened %d connections for %d calls, the Client %d for %d: want more",
				n, workers*calls/10, sdkConns, workers*calls)
		}
	})
}

// newConnClient returns a Client for base on the SDK's own transport, with
// the default retry policy.
func newConnClient(t *testing.T, base string) *polar.Client {
	t.Helper()
	c, err := newClient(polar.WithBaseURL(base), polar.WithAccessToken(testToken))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// plainGet is a GET as a Go programmer writes it by hand: the answer read
// to the end and closed, so its connection can be reused.
func plainGet(ctx context.Context, hc *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Polar-Version", polar.APIVersion)
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
