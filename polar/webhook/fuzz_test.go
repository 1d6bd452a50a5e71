package webhook

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzVerify feeds arbitrary headers and bodies to verify. It must never
// panic; every failure must match a sentinel and keep the secret out of its
// text; and a delivery signed with Sign, whatever else is in the header,
// must never fail on its signature.
func FuzzVerify(f *testing.F) {
	f.Add(vecSecret, vecID, vecTS, vecSigPolar, []byte(vecBody))
	f.Add(vecSecret, vecID, vecTS, vecSigStandard+" "+vecSigPolar, []byte(vecBody))
	f.Add(vecLegacySecret, vecID, vecTS, vecSigLegacy, []byte(vecBody))
	f.Add(vecSecret, vecID, "1787388725", "v1,AAAA v2,BBBB", []byte(`{"type":"foo.bar","timestamp":"2026-08-22T08:47:05Z","data":{}}`))
	f.Add("", "", "", "", []byte(nil))
	f.Fuzz(func(t *testing.T, secret, id, ts, sig string, body []byte) {
		now := time.Unix(1787388425, 0)
		h := http.Header{"webhook-id": {id}, "Webhook-Timestamp": {ts}, "WEBHOOK-SIGNATURE": {sig}}
		ev, err := verify(secret, h, body, now)
		check := func(ev *Event, err error) {
			t.Helper()
			switch {
			case err == nil:
				if ev == nil || ev.ID != id || ev.Type == "" || len(ev.Data) == 0 {
					t.Fatalf("verify returned %+v without an error", ev)
				}
			case ev != nil:
				t.Fatalf("verify returned an event and %v", err)
			case !errors.Is(err, ErrSignature) && !errors.Is(err, ErrTimestamp) && !errors.Is(err, ErrPayload):
				t.Fatalf("error %v matches no sentinel", err)
			case !strings.HasPrefix(err.Error(), "webhook: "):
				t.Fatalf("error %q does not start with webhook:", err)
			case len(secret) >= 8 && strings.Contains(err.Error(), secret):
				t.Fatalf("error %q contains the secret", err)
			}
		}
		check(ev, err)

		// Signed properly (at a timestamp within the tolerance), the
		// delivery may only fail for a reason other than the signature.
		if secret == "" || id == "" || len(body) > MaxBodyBytes {
			return
		}
		good := Sign(secret, id, now, body)
		h["Webhook-Timestamp"] = []string{strconv.FormatInt(now.Unix(), 10)}
		h["WEBHOOK-SIGNATURE"] = []string{sig + " " + good}
		ev, err = verify(secret, h, body, now)
		check(ev, err)
		if errors.Is(err, ErrSignature) || errors.Is(err, ErrTimestamp) {
			t.Fatalf("a delivery signed with Sign failed: %v", err)
		}
		if err != nil && strings.Contains(err.Error(), good[3:]) {
			t.Fatalf("error %q contains the signature", err)
		}
	})
}
