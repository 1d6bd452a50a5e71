package polar_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestAnAnswerInAnotherAPIVersionIsRefused: a 2xx whose Polar-Version names
// another version than the one asked for is not decoded into this
// version's types: every method returns nil and an error matching
// ErrAPIVersion that names both versions, after one request.
func TestAnAnswerInAnotherAPIVersionIsRefused(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Polar-Version", "2027-01")
			serveJSONAs(w, o.status, o.reply(t))
		})
		id, err := o.call(context.Background(), srv.client(t, polar.WithRetryConfig(polar.DefaultRetryConfig())))
		if id != "" || !errors.Is(err, polar.ErrAPIVersion) {
			t.Fatalf("call = %q, %v; want nothing decoded and an error matching ErrAPIVersion", id, err)
		}
		if msg := err.Error(); !strings.Contains(msg, "2027-01") || !strings.Contains(msg, polar.APIVersion) {
			t.Errorf("message %q, want it to name both versions", msg)
		}
		if errors.Is(err, polar.ErrNotFound) || errors.Is(err, polar.ErrUnknownOutcome) {
			t.Errorf("err = %v matches ErrNotFound or ErrUnknownOutcome", err)
		}
		if n := len(srv.requests()); n != 1 {
			t.Errorf("server saw %d requests, want 1: a refused answer is not retried", n)
		}
	})
}

// TestAnAnswerWithoutPolarVersionIsAccepted: a 2xx without the header (a
// proxy that drops it, an older server) is read as the version asked for.
func TestAnAnswerWithoutPolarVersionIsAccepted(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Del("Polar-Version")
			serveJSONAs(w, o.status, o.reply(t))
		})
		id, err := o.call(context.Background(), srv.client(t))
		if err != nil || id != checkoutID {
			t.Fatalf("call = %q, %v; want checkout %s", id, err, checkoutID)
		}
	})
}

// TestAnAnswerWithTheEchoIsAccepted: the echo of the version asked for is
// what Polar sends.
func TestAnAnswerWithTheEchoIsAccepted(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			if got := w.Header().Get("Polar-Version"); got != polar.APIVersion {
				t.Errorf("the recorder echoes %q, want %q", got, polar.APIVersion)
			}
			serveJSONAs(w, o.status, o.reply(t))
		})
		if id, err := o.call(context.Background(), srv.client(t)); err != nil || id != checkoutID {
			t.Fatalf("call = %q, %v; want checkout %s", id, err, checkoutID)
		}
	})
}

// serveJSONAs writes status and body as JSON, keeping whatever
// Polar-Version the handler set (or deleted).
func serveJSONAs(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}
