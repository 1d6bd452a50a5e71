package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"time"
)

// Handler returns an http.Handler for a Polar webhook endpoint. It reads at
// most MaxBodyBytes of a POST, verifies it with secret as Verify does, and
// calls fn with the request's context and the event. The body's buffer
// grows with the bytes that arrive, never with what Content-Length claims:
// a sender that announces 4 MiB and stalls holds kilobytes, not 4 MiB.
//
// It answers 202 Accepted when fn returns nil; 500 when fn fails (so that
// Polar retries; fn's error is not sent, so log it in fn); 403 when the
// signature or timestamp is not accepted; 400 when a signed body is not an
// event (ErrPayload); 413 when the body is larger than MaxBodyBytes; 405, with an Allow
// header, for methods other than POST; and 500 when secret is empty. A nil
// fn acknowledges every verified event. Error responses are plain text that
// says which check failed and never contain the secret.
//
// Polar gives up on an attempt after 10 seconds and sends the same event
// again (with the same webhook-id) until it is acknowledged: keep fn quick,
// and deduplicate on Event.ID. The handler is safe for concurrent use.
func Handler(secret string, fn func(ctx context.Context, ev *Event) error) http.Handler {
	return &handler{secret: secret, fn: fn, now: time.Now}
}

type handler struct {
	secret string
	fn     func(ctx context.Context, ev *Event) error
	now    func() time.Time
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "webhook: method not allowed: use POST", http.StatusMethodNotAllowed)
		return
	}
	if h.secret == "" {
		http.Error(w, "webhook: endpoint has no secret configured", http.StatusInternalServerError)
		return
	}
	if r.ContentLength > MaxBodyBytes {
		tooLarge(w)
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLarge(w)
			return
		}
		http.Error(w, "webhook: reading the body failed", http.StatusBadRequest)
		return
	}
	ev, err := verify(h.secret, r.Header, body, h.now())
	switch {
	case errors.Is(err, ErrTooLarge):
		tooLarge(w)
		return
	case errors.Is(err, ErrSignature), errors.Is(err, ErrTimestamp):
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if h.fn != nil {
		if err := h.fn(r.Context(), ev); err != nil {
			http.Error(w, "webhook: the endpoint failed to handle the event", http.StatusInternalServerError)
			return
		}
	}
	w.WriteHeader(http.StatusAccepted)
}

// firstRead is the buffer readBody starts with before any byte has arrived.
const firstRead = 4 << 10

// readBody reads the whole body, failing with *http.MaxBytesError past
// MaxBodyBytes. Its buffer grows with the bytes that have arrived (at most
// twice them, and never less than firstRead), never with what
// Content-Length claims: a sender that announces 4 MiB and stalls after one
// byte holds firstRead bytes, not 4 MiB. A Content-Length only caps the
// growth, so that an honest body ends in a buffer of exactly its size (plus
// one byte to see the end).
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rd := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	limit := int64(MaxBodyBytes + 1)
	if r.ContentLength >= 0 && r.ContentLength < MaxBodyBytes {
		limit = r.ContentLength + 1
	}
	buf := make([]byte, 0, min(limit, firstRead))
	for {
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
		if len(buf) == cap(buf) {
			if int64(cap(buf)) >= limit {
				// Longer than Content-Length said (a Body set by
				// hand): only MaxBodyBytes caps it.
				limit = MaxBodyBytes + 1
			}
			// Grow by what has arrived, up to the limit.
			grown := make([]byte, len(buf), min(limit, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
	}
}

func tooLarge(w http.ResponseWriter) {
	http.Error(w, "webhook: body larger than 4 MiB", http.StatusRequestEntityTooLarge)
}
