package polar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar"
)

// The benchmarks compare the SDK (impl=sdk) with the call a Go programmer
// would write by hand with net/http and encoding/json (impl=hand), against
// the same loopback server and into the same types. `make bench` runs them
// and `benchstat -col /impl` prints the ratios.

const benchID = "cs_test_a1b2c3d4e5f6"

var benchCreate = polar.CheckoutCreate{
	ProductPriceID: priceID,
	SuccessURL:     "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
	CustomerEmail:  polar.String("jane.doe@example.com"),
}

// newBenchServer starts a loopback server that answers GET
// /v1/checkouts/{id} with 200 and POST /v1/checkouts/ with 201, both with
// the realistic checkout fixture as application/json.
func newBenchServer(b *testing.B) *httptest.Server {
	b.Helper()
	body := spectest.Fixture(b, "checkout.json")
	length := strconv.Itoa(len(body))
	reply := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+testToken {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			_, _ = io.Copy(io.Discard, r.Body)
			h := w.Header()
			h.Set("Content-Type", "application/json")
			h.Set("Content-Length", length)
			w.WriteHeader(status)
			_, _ = w.Write(body)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("GET /v1/checkouts/{id}", reply(http.StatusOK))
	mux.Handle("POST /v1/checkouts/{$}", reply(http.StatusCreated))
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

// newBenchClient returns an SDK client made once, with the default transport
// and the default retry policy.
func newBenchClient(b *testing.B, base string) *polar.Client {
	b.Helper()
	c, err := polar.NewClient(polar.WithBaseURL(base), polar.WithAccessToken(testToken))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// newHandClient returns what a hand-written caller typically uses: a plain
// http.Client on http.DefaultTransport.
func newHandClient(b *testing.B) *http.Client {
	hc := &http.Client{}
	b.Cleanup(hc.CloseIdleConnections)
	return hc
}

// handGet is Checkouts.Get written by hand.
func handGet(ctx context.Context, hc *http.Client, base, id string) (*polar.Checkout, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/checkouts/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Accept", "application/json")
	return handDo(hc, req, http.StatusOK)
}

// handCreate is Checkouts.Create written by hand.
func handCreate(ctx context.Context, hc *http.Client, base string, params polar.CheckoutCreate) (*polar.Checkout, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/checkouts/", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	return handDo(hc, req, http.StatusCreated)
}

func handDo(hc *http.Client, req *http.Request, want int) (*polar.Checkout, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}()
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: %s", req.Method, req.URL.Path, resp.Status)
	}
	var out polar.Checkout
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return nil, err
	}
	if out.ID == "" {
		return nil, fmt.Errorf("%s %s: no checkout id", req.Method, req.URL.Path)
	}
	return &out, nil
}

func BenchmarkGet(b *testing.B) {
	srv := newBenchServer(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Checkouts.Get(ctx, benchID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		hc := newHandClient(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handGet(ctx, hc, srv.URL, benchID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkCreate(b *testing.B) {
	srv := newBenchServer(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Checkouts.Create(ctx, benchCreate); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		hc := newHandClient(b)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handCreate(ctx, hc, srv.URL, benchCreate); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGetParallel shares one client among GOMAXPROCS goroutines.
func BenchmarkGetParallel(b *testing.B) {
	srv := newBenchServer(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := c.Checkouts.Get(ctx, benchID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("impl=hand", func(b *testing.B) {
		hc := newHandClient(b)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := handGet(ctx, hc, srv.URL, benchID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// cannedTransport answers every request in memory with the checkout
// fixture, so BenchmarkGetInMemory measures what each side adds to a call
// without the loopback network's noise.
type cannedTransport struct {
	body   []byte
	header http.Header
}

func (t cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	status, text := http.StatusOK, "200 OK"
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
		status, text = http.StatusCreated, "201 Created"
	}
	return &http.Response{
		Status:        text,
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        t.header,
		Body:          io.NopCloser(bytes.NewReader(t.body)),
		ContentLength: int64(len(t.body)),
		Request:       req,
	}, nil
}

// newCannedClient returns an http.Client whose transport answers in memory
// with the checkout fixture: 201 to a request with a body, else 200.
func newCannedClient(b *testing.B) *http.Client {
	body := spectest.Fixture(b, "checkout.json")
	return &http.Client{Transport: cannedTransport{body, http.Header{
		"Content-Type":   {"application/json"},
		"Content-Length": {strconv.Itoa(len(body))},
	}}}
}

const cannedBase = "http://polar.invalid"

// BenchmarkGetInMemory is BenchmarkGet on an in-memory transport shared by
// both sides: the facade's own cost against the hand-written call's.
func BenchmarkGetInMemory(b *testing.B) {
	hc := newCannedClient(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newCannedSDK(b, hc)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Checkouts.Get(ctx, benchID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handGet(ctx, hc, cannedBase, benchID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkCreateInMemory is BenchmarkCreate on the in-memory transport.
func BenchmarkCreateInMemory(b *testing.B) {
	hc := newCannedClient(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newCannedSDK(b, hc)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Checkouts.Create(ctx, benchCreate); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handCreate(ctx, hc, cannedBase, benchCreate); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func newCannedSDK(b *testing.B, hc *http.Client) *polar.Client {
	b.Helper()
	c, err := polar.NewClient(polar.WithBaseURL(cannedBase), polar.WithAccessToken(testToken), polar.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDecode compares the two ways of turning a response body into a
// Checkout, without the network. impl=sdk mirrors decode in response.go:
// read the whole body into a pooled buffer sized by Content-Length, then
// json.Unmarshal. impl=hand is json.NewDecoder(body).Decode.
func BenchmarkDecode(b *testing.B) {
	body := spectest.Fixture(b, "checkout.json")
	b.Run("impl=sdk", func(b *testing.B) {
		var pool sync.Pool
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			buf, _ := pool.Get().(*bytes.Buffer)
			if buf == nil {
				buf = new(bytes.Buffer)
			}
			buf.Grow(len(body))
			if _, err := buf.ReadFrom(io.LimitReader(bytes.NewReader(body), 4<<20+1)); err != nil {
				b.Fatal(err)
			}
			out := new(polar.Checkout)
			if err := json.Unmarshal(buf.Bytes(), out); err != nil || out.ID == "" {
				b.Fatal(err)
			}
			buf.Reset()
			pool.Put(buf)
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var out polar.Checkout
			if err := json.NewDecoder(bytes.NewReader(body)).Decode(&out); err != nil || out.ID == "" {
				b.Fatal(err)
			}
		}
	})
}
