//go:build template

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
	"os"
	"strconv"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// The benchmarks compare the SDK (impl=sdk) with the call a Go programmer
// would write by hand with net/http and encoding/json (impl=hand), against
// the same loopback server returning this version's fixture, into the same
// generated types. `make bench` runs them and `benchstat -col /impl`
// prints the ratios (DESIGN.md "Performance": time at most 1.00x,
// allocations at most +20; All over 10 pages at most 10 page calls).
//
//   - Get, Create: one checkout (12.6 KB); Create sends the seed's body.
//   - ListPage100: one page of 100 checkouts with distinct ids (~1.2 MB).
//   - All10Pages: All over 10 pages of 10 checkouts (limit 10, to keep a
//     run short) against 10 hand-written page calls.

// benchServer answers GET /v1/checkouts/{id} with 200, POST
// /v1/checkouts/ with 201 (both the fixture) and GET /v1/checkouts/ with
// the page the query asks for: pages of limit checkouts, max_page 1 for
// limit 100 and 10 for limit 10.
func newBenchServer(b *testing.B) *httptest.Server {
	b.Helper()
	co := benchCheckout(b)
	pages := map[string][]byte{}
	for _, shape := range []struct{ limit, pages int }{{100, 1}, {10, 10}} {
		for p := 1; p <= shape.pages; p++ {
			items := make([][]byte, shape.limit)
			for i := range items {
				items[i] = benchWithID(co, benchPageID(p, i))
			}
			pages[fmt.Sprintf("page=%d&limit=%d", p, shape.limit)] = benchList(shape.pages, shape.pages*shape.limit, items...)
		}
	}
	reply := func(w http.ResponseWriter, r *http.Request, status int, body []byte) {
		if r.Header.Get("Authorization") != "Bearer "+benchToken || r.Header.Get("Polar-Version") != polar.APIVersion {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		h.Set("Polar-Version", polar.APIVersion) // as Polar echoes it
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/checkouts/{id}", func(w http.ResponseWriter, r *http.Request) { reply(w, r, 200, co) })
	mux.HandleFunc("POST /v1/checkouts/{$}", func(w http.ResponseWriter, r *http.Request) { reply(w, r, 201, co) })
	mux.HandleFunc("GET /v1/checkouts/{$}", func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.RawQuery]
		if !ok {
			http.Error(w, "no such page "+r.URL.RawQuery, http.StatusNotFound)
			return
		}
		reply(w, r, 200, body)
	})
	srv := httptest.NewServer(mux)
	b.Cleanup(srv.Close)
	return srv
}

// newBenchClient returns an SDK client made once, with the default transport
// and the default retry policy.
func newBenchClient(b *testing.B, base string) *polar.Client {
	b.Helper()
	c, err := polar.NewClient(polar.WithBaseURL(base), polar.WithAccessToken(benchToken))
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

// handRequest is the request a hand-written caller builds, with the
// headers Polar needs.
func handRequest(ctx context.Context, method, u string, body []byte) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+benchToken)
	req.Header.Set("Polar-Version", "2026-10")
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// handGet is Checkouts.Get written by hand.
func handGet(ctx context.Context, hc *http.Client, base, id string) (*polar.Checkout, error) {
	req, err := handRequest(ctx, http.MethodGet, base+"/v1/checkouts/"+url.PathEscape(id), nil)
	if err != nil {
		return nil, err
	}
	return handDo[polar.Checkout](hc, req, http.StatusOK)
}

// handCreate is Checkouts.Create written by hand.
func handCreate(ctx context.Context, hc *http.Client, base string, params polar.CheckoutCreate) (*polar.Checkout, error) {
	body, err := json.Marshal(params)
	if err != nil {
		return nil, err
	}
	req, err := handRequest(ctx, http.MethodPost, base+"/v1/checkouts/", body)
	if err != nil {
		return nil, err
	}
	return handDo[polar.Checkout](hc, req, http.StatusCreated)
}

// handList is Checkouts.List of one page written by hand.
func handList(ctx context.Context, hc *http.Client, base string, page, limit int) (*polar.CheckoutList, error) {
	q := "page=" + strconv.Itoa(page) + "&limit=" + strconv.Itoa(limit)
	req, err := handRequest(ctx, http.MethodGet, base+"/v1/checkouts/?"+q, nil)
	if err != nil {
		return nil, err
	}
	return handDo[polar.CheckoutList](hc, req, http.StatusOK)
}

func handDo[T any](hc *http.Client, req *http.Request, want int) (*T, error) {
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
	out := new(T)
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return nil, err
	}
	return out, nil
}

func BenchmarkGet(b *testing.B) {
	srv := newBenchServer(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if co, err := c.Checkouts.Get(ctx, benchCheckoutID); err != nil || co.ID != benchCheckoutID {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		hc := newHandClient(b)
		b.ReportAllocs()
		for b.Loop() {
			if co, err := handGet(ctx, hc, srv.URL, benchCheckoutID); err != nil || co.ID != benchCheckoutID {
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

// BenchmarkListPage100 reads one page of 100 checkouts (~1.2 MB).
func BenchmarkListPage100(b *testing.B) {
	srv := newBenchServer(b)
	ctx := context.Background()
	params := polar.CheckoutListParams{Page: 1, Limit: 100}
	b.Run("impl=sdk", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if l, err := c.Checkouts.List(ctx, params); err != nil || len(l.Items) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		hc := newHandClient(b)
		b.ReportAllocs()
		for b.Loop() {
			if l, err := handList(ctx, hc, srv.URL, 1, 100); err != nil || len(l.Items) != 100 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAll10Pages ranges over 10 pages of 10 checkouts: All against 10
// hand-written page calls.
func BenchmarkAll10Pages(b *testing.B) {
	srv := newBenchServer(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newBenchClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, err := range c.Checkouts.All(ctx, polar.CheckoutListParams{Limit: 10}) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != 100 {
				b.Fatalf("All yielded %d checkouts, want 100", n)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		hc := newHandClient(b)
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for page := 1; ; page++ {
				l, err := handList(ctx, hc, srv.URL, page, 10)
				if err != nil {
					b.Fatal(err)
				}
				n += len(l.Items)
				if page >= l.Pagination.MaxPage {
					break
				}
			}
			if n != 100 {
				b.Fatalf("yielded %d checkouts, want 100", n)
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
				if _, err := c.Checkouts.Get(ctx, benchCheckoutID); err != nil {
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
				if _, err := handGet(ctx, hc, srv.URL, benchCheckoutID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// cannedTransport answers every request in memory with the checkout
// fixture, so the InMemory benchmarks measure what each side adds to a
// call without the loopback network's noise.
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
		Status: text, StatusCode: status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: t.header, Body: io.NopCloser(bytes.NewReader(t.body)), ContentLength: int64(len(t.body)), Request: req,
	}, nil
}

// newCannedClient returns an http.Client whose transport answers in memory
// with the checkout fixture: 201 to a request with a body, else 200.
func newCannedClient(b *testing.B) *http.Client {
	body := benchCheckout(b)
	return &http.Client{Transport: cannedTransport{body, http.Header{
		"Content-Type":   {"application/json"},
		"Content-Length": {strconv.Itoa(len(body))},
	}}}
}

const cannedBase = "http://polar.invalid"

func newCannedSDK(b *testing.B, hc *http.Client) *polar.Client {
	b.Helper()
	c, err := polar.NewClient(polar.WithBaseURL(cannedBase), polar.WithAccessToken(benchToken), polar.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkGetInMemory is BenchmarkGet on an in-memory transport shared by
// both sides: the facade's own cost against the hand-written call's.
func BenchmarkGetInMemory(b *testing.B) {
	hc := newCannedClient(b)
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		c := newCannedSDK(b, hc)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Checkouts.Get(ctx, benchCheckoutID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handGet(ctx, hc, cannedBase, benchCheckoutID); err != nil {
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

// The benchmarks' own fixtures: the root package's checkout (valid in
// every version: its prices have no version-specific shape).
const (
	benchToken      = "polar_oat_bench_token"
	benchCheckoutID = "e4b478fa-cd25-4253-9f1f-8a41e6370ede"
	seedSuccessURL  = "https://example.com/success?checkout_id={CHECKOUT_ID}"
)

// benchCreate is the seed's call: one literal, the price form.
var benchCreate = polar.CheckoutCreate{ProductPriceID: "0b6d1c1e-7e1f-4b8e-a5c2-9d3f2e1a0b9c", SuccessURL: seedSuccessURL}

func benchCheckout(b testing.TB) []byte {
	b.Helper()
	body, err := os.ReadFile("../testdata/checkout.json")
	if err != nil {
		b.Fatal(err)
	}
	return body
}

func benchPageID(page, i int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%06d%06d", page, i)
}

func benchWithID(body []byte, id string) []byte {
	return bytes.ReplaceAll(body, []byte(benchCheckoutID), []byte(id))
}

func benchList(maxPage, total int, items ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString(`{"items":[`)
	b.Write(bytes.Join(items, []byte(",")))
	fmt.Fprintf(&b, `],"pagination":{"total_count":%d,"max_page":%d}}`, total, maxPage)
	return b.Bytes()
}
