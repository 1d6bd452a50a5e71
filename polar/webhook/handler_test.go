package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pinned returns a Handler whose clock reads now.
func pinned(secret string, now time.Time, fn func(context.Context, *Event) error) http.Handler {
	h := Handler(secret, fn).(*handler)
	h.now = func() time.Time { return now }
	return h
}

func delivery(method string, body []byte, sig string) *http.Request {
	r := httptest.NewRequest(method, "/webhooks/polar", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("webhook-id", vecID)
	r.Header.Set("webhook-timestamp", vecTS)
	r.Header.Set("webhook-signature", sig)
	return r
}

func TestHandlerStatuses(t *testing.T) {
	body := []byte(vecBody)
	notEvent := []byte(`{"content":"a discord message"}`)
	failing := func(context.Context, *Event) error { return errors.New("database down: " + vecSecret) }
	tests := []struct {
		name   string
		secret string
		req    *http.Request
		fn     func(context.Context, *Event) error
		status int
	}{
		{"verified, fn ok", vecSecret, delivery(http.MethodPost, body, vecSigPolar), nil, http.StatusAccepted},
		{"verified, fn fails", vecSecret, delivery(http.MethodPost, body, vecSigPolar), failing, http.StatusInternalServerError},
		{"bad signature", vecSecret, delivery(http.MethodPost, body, "v1,AAAA"), nil, http.StatusForbidden},
		{"tampered body", vecSecret, delivery(http.MethodPost, append([]byte(vecBody), ' '), vecSigPolar), nil, http.StatusForbidden},
		{"signed, not an event", vecSecret, delivery(http.MethodPost, notEvent, Sign(vecSecret, vecID, vecTime, notEvent)), nil, http.StatusBadRequest},
		{"GET", vecSecret, delivery(http.MethodGet, nil, vecSigPolar), nil, http.StatusMethodNotAllowed},
		{"PUT", vecSecret, delivery(http.MethodPut, body, vecSigPolar), nil, http.StatusMethodNotAllowed},
		{"empty secret", "", delivery(http.MethodPost, body, vecSigPolar), nil, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			called := false
			fn := func(ctx context.Context, ev *Event) error {
				called = true
				if ctx != tt.req.Context() {
					t.Error("fn did not get the request's context")
				}
				if ev.ID != vecID || ev.Type != EventCheckoutCreated {
					t.Errorf("event = %+v", ev)
				}
				if tt.fn != nil {
					return tt.fn(ctx, ev)
				}
				return nil
			}
			w := httptest.NewRecorder()
			pinned(tt.secret, vecTime, fn).ServeHTTP(w, tt.req)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (body %q)", w.Code, tt.status, w.Body)
			}
			if want := tt.status/100 == 2 || tt.status == http.StatusInternalServerError && tt.secret != ""; called != want {
				t.Errorf("fn called = %v, want %v", called, want)
			}
			if tt.status == http.StatusMethodNotAllowed && w.Header().Get("Allow") != http.MethodPost {
				t.Errorf("Allow = %q, want POST", w.Header().Get("Allow"))
			}
			for _, s := range []string{vecSecret, strings.TrimPrefix(vecSecret, "whsec_"), vecSigPolar[3:], vecSigStandard[3:]} {
				if strings.Contains(w.Body.String(), s) {
					t.Errorf("response %q contains %q", w.Body, s)
				}
			}
		})
	}
}

func TestHandlerStaleTimestamp(t *testing.T) {
	w := httptest.NewRecorder()
	pinned(vecSecret, vecTime.Add(301*time.Second), nil).ServeHTTP(w, delivery(http.MethodPost, []byte(vecBody), vecSigPolar))
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "webhook-timestamp") {
		t.Errorf("status %d, body %q; want 403 naming webhook-timestamp", w.Code, w.Body)
	}
}

func TestHandlerBodyCap(t *testing.T) {
	// A valid event padded with spaces to exactly the cap, then one byte more.
	atCap := append([]byte(vecBody), bytes.Repeat([]byte(" "), MaxBodyBytes-len(vecBody))...)
	overCap := append(atCap[:len(atCap):len(atCap)], ' ')
	tests := []struct {
		name          string
		body          []byte
		contentLength int64 // -1: unknown (chunked)
		status        int
	}{
		{"at the cap", atCap, int64(len(atCap)), http.StatusAccepted},
		{"at the cap, chunked", atCap, -1, http.StatusAccepted},
		{"over the cap", overCap, int64(len(overCap)), http.StatusRequestEntityTooLarge},
		{"over the cap, chunked", overCap, -1, http.StatusRequestEntityTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := delivery(http.MethodPost, nil, Sign(vecSecret, vecID, vecTime, tt.body))
			r.Body = io.NopCloser(bytes.NewReader(tt.body))
			r.ContentLength = tt.contentLength
			w := httptest.NewRecorder()
			pinned(vecSecret, vecTime, nil).ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d (body %q)", w.Code, tt.status, w.Body)
			}
		})
	}
}

// endless is a body that never ends, counting what was read of it.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestHandlerReadsAtMostTheCap(t *testing.T) {
	body := &endless{}
	r := delivery(http.MethodPost, nil, vecSigPolar)
	r.Body = io.NopCloser(body)
	r.ContentLength = -1
	w := httptest.NewRecorder()
	pinned(vecSecret, vecTime, nil).ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", w.Code)
	}
	if body.n > MaxBodyBytes+1 {
		t.Errorf("read %d bytes of an endless body, want at most MaxBodyBytes+1 = %d", body.n, MaxBodyBytes+1)
	}
}

// TestHandlerConcurrent sends parallel deliveries, good and bad, over real
// HTTP; run it with -race.
func TestHandlerConcurrent(t *testing.T) {
	var handled atomic.Int64
	seen := sync.Map{}
	srv := httptest.NewServer(Handler(vecSecret, func(ctx context.Context, ev *Event) error {
		handled.Add(1)
		if _, dup := seen.LoadOrStore(ev.ID, true); dup {
			return fmt.Errorf("event %s delivered twice", ev.ID)
		}
		return nil
	}))
	t.Cleanup(srv.Close)

	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			id := "evt-" + strconv.Itoa(i)
			now := time.Now()
			body := []byte(fmt.Sprintf(`{"type":"checkout.updated","timestamp":%q,"data":{"id":"c%d"}}`, now.UTC().Format(time.RFC3339Nano), i))
			sig := Sign(vecSecret, id, now, body)
			want := http.StatusAccepted
			if i%4 == 3 {
				sig, want = Sign("whsec_wrong", id, now, body), http.StatusForbidden
			}
			req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
			if err != nil {
				errs <- err
				return
			}
			req.Header.Set("webhook-id", id)
			req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
			req.Header.Set("webhook-signature", sig)
			resp, err := srv.Client().Do(req)
			if err != nil {
				errs <- err
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				errs <- fmt.Errorf("%s: status %d, want %d", id, resp.StatusCode, want)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := handled.Load(); got != n-n/4 {
		t.Errorf("fn called %d times, want %d", got, n-n/4)
	}
}

// secondRead is a request body that reports, once, when the handler asks
// for more than the bytes it has already been given: by then the handler
// holds whatever buffer it allocated for the body.
type secondRead struct {
	io.ReadCloser
	reads   int
	waiting func()
}

func (s *secondRead) Read(p []byte) (int, error) {
	s.reads++
	if s.reads == 2 {
		s.waiting()
	}
	return s.ReadCloser.Read(p)
}

// TestHandlerStalledSendersCostWhatTheySent opens stalledConns connections
// to a real server, each claiming a body of MaxBodyBytes and sending one
// byte of it, then stalling. With all of them waiting inside the handler
// for the rest of their bodies, the heap may only have grown by a few
// kilobytes per connection (connection state and the bytes received), not
// by the size each sender claimed.
func TestHandlerStalledSendersCostWhatTheySent(t *testing.T) {
	const stalledConns = 64
	var waiting sync.WaitGroup
	waiting.Add(stalledConns)
	h := Handler(vecSecret, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = &secondRead{ReadCloser: r.Body, waiting: waiting.Done}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	head := "POST / HTTP/1.1\r\nHost: polar.test\r\nContent-Type: application/json\r\n" +
		"Webhook-Id: " + vecID + "\r\nWebhook-Timestamp: " + vecTS + "\r\nWebhook-Signature: " + vecSigPolar + "\r\n" +
		"Content-Length: " + strconv.Itoa(MaxBodyBytes) + "\r\n\r\n{"

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	conns := make([]net.Conn, 0, stalledConns)
	for range stalledConns {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		if _, err := io.WriteString(c, head); err != nil {
			t.Fatal(err)
		}
	}
	waiting.Wait() // every handler has its first byte and wants more
	runtime.ReadMemStats(&after)
	for _, c := range conns {
		c.Close()
	}
	grown := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d stalled requests of a claimed %d bytes: %d bytes allocated (%d per request)", stalledConns, MaxBodyBytes, grown, grown/stalledConns)
	if limit := uint64(stalledConns * 64 << 10); grown > limit {
		t.Errorf("%d stalled requests allocated %d bytes, want at most %d (64 KiB each)", stalledConns, grown, limit)
	}
}

func TestHandlerBodyLongerThanContentLength(t *testing.T) {
	// A Body set by hand may hold more than ContentLength says; the
	// handler reads it all (up to the cap) rather than trusting the header.
	body := []byte(vecBody)
	r := delivery(http.MethodPost, nil, vecSigPolar)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = 10
	w := httptest.NewRecorder()
	pinned(vecSecret, vecTime, nil).ServeHTTP(w, r)
	if w.Code != http.StatusAccepted {
		t.Errorf("status = %d, want 202 (body %q)", w.Code, w.Body)
	}
}
