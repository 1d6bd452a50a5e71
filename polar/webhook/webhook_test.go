package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar"
)

// The worked example of the webhook facts (§8).
const (
	vecSecret       = "whsec_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"
	vecLegacySecret = "polar_whs_ovyN6cPrTv56AApvzCaJno08SSmGJmgbWilb33N2JuK"
	vecID           = "0b8d5c1a-6f0e-4c1e-9a3b-2f4d6e8a0c12"
	vecTS           = "1787388425"
	vecBody         = `{"type":"checkout.created","timestamp":"2026-08-22T08:47:05.123456Z","data":{"id":"e4b478fa-cd25-4253-9f1f-8a41e6370ede","status":"open"}}`
	vecSigPolar     = "v1,t92FTkXC8vBa01RABTLKIvDryVrpb9ZVC3f8h9uM0II="
	vecSigStandard  = "v1,fZ6YHiuTttVJ1llyfJ7EMAejZ60i7JG9L6R57Groqhc="
	vecSigLegacy    = "v1,2MFxJmkMoPUX4K67UbYi35Wqj0+eBJlB8iL6tF4QAqo="
)

var vecTime = time.Unix(1787388425, 0)

func headers(id, ts, sig string) http.Header {
	h := http.Header{}
	if id != "" {
		h.Set("webhook-id", id)
	}
	if ts != "" {
		h.Set("webhook-timestamp", ts)
	}
	if sig != "" {
		h.Set("webhook-signature", sig)
	}
	return h
}

// checkNoLeak fails when an error text contains a secret or a signature.
func checkNoLeak(t *testing.T, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		if strings.Contains(err.Error(), s) {
			t.Errorf("error text %q contains %q", err, s)
		}
		if b, ok := strings.CutPrefix(s, "v1,"); ok && strings.Contains(err.Error(), b) {
			t.Errorf("error text %q contains the signature %q", err, b)
		}
	}
}

func TestVerifyWorkedExample(t *testing.T) {
	tests := []struct {
		name, secret, sig string
	}{
		{"what Polar sends (UTF-8 key)", vecSecret, vecSigPolar},
		{"standard webhooks key", vecSecret, vecSigStandard},
		{"legacy polar_whs_ secret", vecLegacySecret, vecSigLegacy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := verify(tt.secret, headers(vecID, vecTS, tt.sig), []byte(vecBody), vecTime.Add(time.Second))
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if ev.ID != vecID || ev.Type != EventCheckoutCreated {
				t.Errorf("event = %q %q, want %q %q", ev.ID, ev.Type, vecID, EventCheckoutCreated)
			}
			if want := time.Date(2026, 8, 22, 8, 47, 5, 123456000, time.UTC); !ev.Timestamp.Equal(want) {
				t.Errorf("Timestamp = %v, want %v", ev.Timestamp, want)
			}
			if want := `{"id":"e4b478fa-cd25-4253-9f1f-8a41e6370ede","status":"open"}`; string(ev.Data) != want {
				t.Errorf("Data = %s, want %s", ev.Data, want)
			}
		})
	}
	t.Run("v1,AAAA is rejected", func(t *testing.T) {
		_, err := verify(vecSecret, headers(vecID, vecTS, "v1,AAAA"), []byte(vecBody), vecTime)
		if !errors.Is(err, ErrSignature) {
			t.Fatalf("err = %v, want ErrSignature", err)
		}
		checkNoLeak(t, err, vecSecret, vecSigPolar, vecSigStandard)
	})
}

func TestSignWorkedExample(t *testing.T) {
	if got := Sign(vecSecret, vecID, vecTime, []byte(vecBody)); got != vecSigPolar {
		t.Errorf("Sign = %s, want %s", got, vecSigPolar)
	}
	if got := Sign(vecLegacySecret, vecID, vecTime, []byte(vecBody)); got != vecSigLegacy {
		t.Errorf("Sign(legacy) = %s, want %s", got, vecSigLegacy)
	}
}

// TestVerifyRejects covers one failure per row. Each error must match its
// sentinel, name what failed, and contain neither secret nor signature.
func TestVerifyRejects(t *testing.T) {
	body := []byte(vecBody)
	tooBig := make([]byte, MaxBodyBytes+1)
	// The Standard Webhooks reading of "whsec_" is no key at all: a
	// signature under the empty key must not pass.
	mac := hmac.New(sha256.New, nil)
	mac.Write([]byte(vecID + "." + vecTS + "." + vecBody))
	emptyKeySig := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	tests := []struct {
		name   string
		secret string
		header http.Header
		body   []byte
		now    time.Time
		want   error
		text   string // the error text contains this
	}{
		{"wrong secret", "whsec_another0123456789abcdefghijklmnopqrstuvwxy", headers(vecID, vecTS, vecSigPolar), body, vecTime, ErrSignature, "no signature"},
		{"tampered body", vecSecret, headers(vecID, vecTS, vecSigPolar), []byte(strings.Replace(vecBody, "open", "paid", 1)), vecTime, ErrSignature, "no signature"},
		{"other message id", vecSecret, headers("1b8d5c1a-6f0e-4c1e-9a3b-2f4d6e8a0c12", vecTS, vecSigPolar), body, vecTime, ErrSignature, "no signature"},
		{"other timestamp", vecSecret, headers(vecID, "1787388426", vecSigPolar), body, vecTime, ErrSignature, "no signature"},
		{"stale by 301s", vecSecret, headers(vecID, vecTS, vecSigPolar), body, vecTime.Add(301 * time.Second), ErrTimestamp, "before now"},
		{"future by 301s", vecSecret, headers(vecID, vecTS, vecSigPolar), body, vecTime.Add(-301 * time.Second), ErrTimestamp, "after now"},
		{"non-numeric timestamp", vecSecret, headers(vecID, "1787388425.0", vecSigPolar), body, vecTime, ErrTimestamp, "webhook-timestamp"},
		{"negative timestamp", vecSecret, headers(vecID, "-1787388425", vecSigPolar), body, vecTime, ErrTimestamp, "webhook-timestamp"},
		{"timestamp overflows int64", vecSecret, headers(vecID, "99999999999999999999", vecSigPolar), body, vecTime, ErrTimestamp, "webhook-timestamp"},
		{"missing webhook-id", vecSecret, headers("", vecTS, vecSigPolar), body, vecTime, ErrSignature, "missing webhook-id"},
		{"missing webhook-timestamp", vecSecret, headers(vecID, "", vecSigPolar), body, vecTime, ErrSignature, "missing webhook-timestamp"},
		{"missing webhook-signature", vecSecret, headers(vecID, vecTS, ""), body, vecTime, ErrSignature, "missing webhook-signature"},
		{"v2 only", vecSecret, headers(vecID, vecTS, "v2,"+strings.TrimPrefix(vecSigPolar, "v1,")), body, vecTime, ErrSignature, "no v1 signature"},
		{"v1 without comma", vecSecret, headers(vecID, vecTS, "v1"), body, vecTime, ErrSignature, "no v1 signature"},
		{"malformed base64", vecSecret, headers(vecID, vecTS, "v1,t92FTkXC8vBa01RABTLK!vDryVrpb9ZVC3f8h9uM0II="), body, vecTime, ErrSignature, "no v1 signature"},
		{"base64 with bad padding", vecSecret, headers(vecID, vecTS, "v1,t92FTkXC8vBa01RABTLKIvDryVrpb9ZVC3f8h9uM0I="), body, vecTime, ErrSignature, "no v1 signature"},
		{"signature truncated", vecSecret, headers(vecID, vecTS, "v1,t92FTkXC8vBa01RABTLKIvDryVrpb9ZV"), body, vecTime, ErrSignature, "no signature"},
		{"empty secret", "", headers(vecID, vecTS, vecSigPolar), body, vecTime, ErrSignature, "empty secret"},
		{"whsec_ alone, signed with an empty key", "whsec_", headers(vecID, vecTS, emptyKeySig), body, vecTime, ErrSignature, "no signature"},
		{"body over the cap", vecSecret, headers(vecID, vecTS, vecSigPolar), tooBig, vecTime, ErrTooLarge, "MaxBodyBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := verify(tt.secret, tt.header, tt.body, tt.now)
			if ev != nil || !errors.Is(err, tt.want) {
				t.Fatalf("verify = %v, %v; want nil, %v", ev, err, tt.want)
			}
			if !errors.Is(err, ErrSignature) && !errors.Is(err, ErrTimestamp) {
				t.Errorf("err %v matches neither ErrSignature nor ErrTimestamp", err)
			}
			if !strings.HasPrefix(err.Error(), "webhook: ") || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("err = %q, want a webhook: error about %q", err, tt.text)
			}
			// The correct signature for this id and timestamp under both keys.
			right := Sign(vecSecret, tt.header.Get("webhook-id"), vecTime, tt.body)
			checkNoLeak(t, err, tt.secret, vecSecret, strings.TrimPrefix(vecSecret, "whsec_"), right, vecSigPolar, vecSigStandard)
		})
	}
}

func TestVerifyTolerance(t *testing.T) {
	for _, d := range []time.Duration{-299 * time.Second, -300 * time.Second, 0, 299 * time.Second, 300 * time.Second} {
		t.Run(d.String(), func(t *testing.T) {
			if _, err := verify(vecSecret, headers(vecID, vecTS, vecSigPolar), []byte(vecBody), vecTime.Add(d)); err != nil {
				t.Errorf("verify %s from the timestamp: %v", d, err)
			}
		})
	}
}

func TestVerifyRotation(t *testing.T) {
	sigs := []string{
		"v1,AAAA",
		"v1a,whatever",
		"v2," + strings.TrimPrefix(vecSigPolar, "v1,"),
		Sign("whsec_retired0123456789abcdefghijklmnopqrstuvwxyz", vecID, vecTime, []byte(vecBody)),
		"v1,***",
		"",
		vecSigPolar,
	}
	if _, err := verify(vecSecret, headers(vecID, vecTS, strings.Join(sigs, " ")), []byte(vecBody), vecTime); err != nil {
		t.Fatalf("verify with the good signature last: %v", err)
	}
}

func TestVerifyHeaderCapitalisation(t *testing.T) {
	tests := []struct {
		name string
		keys [3]string
	}{
		{"canonical", [3]string{"Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"}},
		{"lower case, built by hand", [3]string{"webhook-id", "webhook-timestamp", "webhook-signature"}},
		{"upper case, built by hand", [3]string{"WEBHOOK-ID", "WEBHOOK-TIMESTAMP", "WEBHOOK-SIGNATURE"}},
		{"mixed", [3]string{"webhook-Id", "Webhook-timestamp", "WEBHOOK-signature"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{
				tt.keys[0]: {vecID},
				tt.keys[1]: {vecTS},
				tt.keys[2]: {vecSigPolar},
			}
			if _, err := verify(vecSecret, h, []byte(vecBody), vecTime); err != nil {
				t.Fatalf("verify: %v", err)
			}
		})
	}
}

func TestVerifyStandardKeyReadings(t *testing.T) {
	// Secrets whose remainder is padded or unpadded base64 of 32 bytes, one
	// without the prefix, and one that is no base64 (only Polar's key).
	now := time.Unix(1787388425, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(vecBody)
	tests := []struct {
		name, secret string
		key          string // the Standard Webhooks key in hex, empty if none
	}{
		{"padded remainder", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI=", "31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0de9f192046cad6f2"},
		{"unpadded remainder (the facts' example)", vecSecret, "d35db7e39ebbf3d69b71d79f8218a39259a7a29aabb2dbafc31cb30010831051"},
		{"not base64", "whsec_not-base64_at_all!!", ""},
		{"no prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI=", "31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0de9f192046cad6f2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := Sign(tt.secret, vecID, now, body)
			if _, err := verify(tt.secret, headers(vecID, ts, sig), body, now); err != nil {
				t.Errorf("Polar's key: %v", err)
			}
			key, ok := standardKey(tt.secret)
			if tt.key == "" {
				if ok {
					t.Errorf("standardKey(%q) = %x, want none", tt.secret, key)
				}
				return
			}
			if !ok || len(key) != 32 {
				t.Fatalf("standardKey = %x, %v; want 32 bytes", key, ok)
			}
			if got := hex.EncodeToString(key); got != tt.key {
				t.Errorf("standardKey = %s, want %s", got, tt.key)
			}
			// A signature under that key verifies too.
			mac := hmac.New(sha256.New, key)
			mac.Write([]byte(vecID + "." + ts + "."))
			mac.Write(body)
			sig = "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
			if _, err := verify(tt.secret, headers(vecID, ts, sig), body, now); err != nil {
				t.Errorf("Standard Webhooks key: %v", err)
			}
		})
	}
}

func TestVerifyUnknownEventType(t *testing.T) {
	for _, body := range []string{
		`{"type":"order.paid","timestamp":"2026-08-22T08:47:05.123456Z","data":{"id":"o1"}}`,
		`{"type":"foo.bar","timestamp":"2027-01-01T00:00:00Z","data":[1,2,3],"extra":true}`,
		`{"type":"foo.baz","timestamp":"2027-01-01T00:00:00.5","data":"x"}`,
	} {
		sig := Sign(vecSecret, vecID, vecTime, []byte(body))
		ev, err := verify(vecSecret, headers(vecID, vecTS, sig), []byte(body), vecTime)
		if err != nil {
			t.Fatalf("verify(%s): %v", body, err)
		}
		var env struct {
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal([]byte(body), &env); err != nil {
			t.Fatal(err)
		}
		if ev.Type != env.Type || string(ev.Data) != string(env.Data) || ev.Timestamp.IsZero() {
			t.Errorf("event = %+v, want type %s data %s", ev, env.Type, env.Data)
		}
		if _, err := ev.Checkout(); err == nil || !strings.Contains(err.Error(), "not a checkout event") {
			t.Errorf("Checkout() of a %s event: err = %v, want 'not a checkout event'", ev.Type, err)
		}
	}
}

func TestVerifyPayloadErrors(t *testing.T) {
	for _, body := range []string{
		``,
		`not json`,
		`{"content":"discord format","embeds":[]}`,
		`{"type":"checkout.created","timestamp":"2026-08-22T08:47:05Z"}`,
		`{"type":"checkout.created","timestamp":"2026-08-22T08:47:05Z","data":null}`,
		`{"type":"","timestamp":"2026-08-22T08:47:05Z","data":{}}`,
		`{"type":"checkout.created","timestamp":"yesterday","data":{}}`,
		`{"type":42,"timestamp":"2026-08-22T08:47:05Z","data":{}}`,
		`[]`,
	} {
		sig := Sign(vecSecret, vecID, vecTime, []byte(body))
		_, err := verify(vecSecret, headers(vecID, vecTS, sig), []byte(body), vecTime)
		if !errors.Is(err, ErrPayload) || errors.Is(err, ErrSignature) || errors.Is(err, ErrTimestamp) {
			t.Errorf("verify(%q) err = %v, want ErrPayload only", body, err)
		}
		checkNoLeak(t, err, vecSecret, sig)
	}
}

func TestEventCheckout(t *testing.T) {
	// A whole 2026-10 checkout (internal/spectest's fixture, made by
	// polartest), in an envelope as Polar writes it, signed and verified.
	checkout := bytes.TrimSpace(spectest.Fixture(t, "checkout.json"))
	for _, typ := range []string{EventCheckoutCreated, EventCheckoutUpdated, EventCheckoutExpired} {
		t.Run(typ, func(t *testing.T) {
			body := []byte(`{"type":"` + typ + `","timestamp":"2026-08-22T08:47:05.123456Z","data":` + string(checkout) + `}`)
			ev, err := verify(vecSecret, headers(vecID, vecTS, Sign(vecSecret, vecID, vecTime, body)), body, vecTime)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			c, err := ev.Checkout()
			if err != nil {
				t.Fatalf("Checkout: %v", err)
			}
			if c.ID != "5349b8c6-0bdd-449a-97ac-90e3d6fdb64a" || c.Status != polar.CheckoutStatusOpen {
				t.Errorf("checkout %s status %s, want 5349b8c6-0bdd-449a-97ac-90e3d6fdb64a open", c.ID, c.Status)
			}
			if c.ClientSecret != "polar_c_vptSCDcUeSVbPXqhhcxpY2GRNaPWRZyMsEgTMzOnkLQ" {
				t.Errorf("client_secret %q", c.ClientSecret)
			}
			if c.Amount != 1900 || c.DiscountAmount != 475 || c.TotalAmount != 1425 || c.Currency != "usd" {
				t.Errorf("amount %d, discount %d, total %d %s; want 1900 - 475 = 1425 usd", c.Amount, c.DiscountAmount, c.TotalAmount, c.Currency)
			}
			if c.Product == nil || c.Product.Name != "Pro Plan" || c.ProductID == nil || *c.ProductID != c.Product.ID {
				t.Errorf("product %+v (id %v), want Pro Plan", c.Product, c.ProductID)
			}
			if c.CustomerEmail == nil || *c.CustomerEmail != "jane@example.com" || c.Metadata["order_id"] != "42" {
				t.Errorf("customer_email %v, metadata %v", c.CustomerEmail, c.Metadata)
			}
		})
	}
	for _, typ := range []string{EventOrderPaid, EventOrderCreated, EventOrderUpdated, EventOrderRefunded, "foo.bar"} {
		ev := &Event{ID: vecID, Type: typ, Data: json.RawMessage(`{"id":"x"}`)}
		if c, err := ev.Checkout(); c != nil || err == nil || !strings.Contains(err.Error(), "not a checkout event") {
			t.Errorf("Checkout() of %s = %v, %v; want 'not a checkout event'", typ, c, err)
		}
	}
	ev := &Event{ID: vecID, Type: EventCheckoutUpdated, Data: json.RawMessage(`[1]`)}
	if _, err := ev.Checkout(); !errors.Is(err, ErrPayload) {
		t.Errorf("Checkout() of an array: err = %v, want ErrPayload", err)
	}
}
