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

// TestSignKeyByKind: Sign signs with the key Polar uses for the secret's
// kind (facts: versions §3).
func TestSignKeyByKind(t *testing.T) {
	body := []byte(vecBody)
	macWith := func(key []byte) string {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(vecID + "." + vecTS + "."))
		mac.Write(body)
		return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
	standard, _ := hex.DecodeString("31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0de9f192046cad6f2")
	tests := []struct {
		name, secret string
		key          []byte
	}{
		{"since 2026-09-08: whsec_ + padded base64 of 32 bytes, the Standard Webhooks key", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI=", standard},
		{"2026-06 to 09: whsec_ + 43 characters, the UTF-8 key", vecSecret, []byte(vecSecret)},
		{"polar_whs_, the UTF-8 key", vecLegacySecret, []byte(vecLegacySecret)},
		{"merchant's own, the UTF-8 key", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI=", []byte("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI=")},
		{"whsec_ + padded base64 of 33 bytes, the UTF-8 key", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vIA", []byte("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vIA")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := macWith(tt.key)
			if got := Sign(tt.secret, vecID, vecTime, body); got != want {
				t.Errorf("Sign = %s, want %s", got, want)
			}
			if _, err := verify(tt.secret, headers(vecID, vecTS, want), body, vecTime); err != nil {
				t.Errorf("verify: %v", err)
			}
		})
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
		{"secret without a prefix", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFG", headers(vecID, vecTS, vecSigPolar), body, vecTime, ErrSignature, "neither the whsec_ nor the polar_whs_ prefix"},
		{"secret pasted with its variable name", "POLAR_WEBHOOK_SECRET=" + vecSecret, headers(vecID, vecTS, vecSigPolar), body, vecTime, ErrSignature, "neither the whsec_ nor the polar_whs_ prefix"},
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

// TestVerifyWholeCheckout verifies whole 2026-10 checkouts (internal/spectest's
// fixture, made by polartest) in envelopes as Polar writes them: Data is
// the checkout's bytes as signed, a subslice of the body, not a copy.
func TestVerifyWholeCheckout(t *testing.T) {
	checkout := bytes.TrimSpace(spectest.Fixture(t, "checkout.json"))
	for _, typ := range []string{EventCheckoutCreated, EventCheckoutUpdated, EventCheckoutExpired} {
		t.Run(typ, func(t *testing.T) {
			body := []byte(`{"type":"` + typ + `","timestamp":"2026-08-22T08:47:05.123456Z","data":` + string(checkout) + `,"api_version":"2026-10"}`)
			ev, err := verify(vecSecret, headers(vecID, vecTS, Sign(vecSecret, vecID, vecTime, body)), body, vecTime)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if ev.Type != typ || ev.APIVersion != "2026-10" || !bytes.Equal(ev.Data, checkout) {
				t.Errorf("event %s %s, data %.40s…; want %s 2026-10, the checkout", ev.Type, ev.APIVersion, ev.Data, typ)
			}
			start := bytes.Index(body, checkout)
			if &ev.Data[0] != &body[start] || cap(ev.Data) != cap(body)-start {
				t.Error("Data is a copy, want a subslice of the body")
			}
		})
	}
}

// TestVerifyEnvelope: the envelope is read as Polar writes it, one row per
// rule. want is the event's type, "" when the body must be refused with
// ErrPayload, and text what the error must say.
func TestVerifyEnvelope(t *testing.T) {
	const ts = `"timestamp":"2026-08-22T08:47:05Z"`
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name, body string
		want, text string
	}{
		{"Polar's order", `{"type":"checkout.created",` + ts + `,"data":{},"api_version":"2026-10"}`, "checkout.created", ""},
		{"any order, whitespace around", " \n\t{ \"data\" : {} , " + ts + `, "type" : "order.paid" }` + "\r\n", "order.paid", ""},
		{"TYPE is an unknown member", `{"TYPE":"x","type":"checkout.created",` + ts + `,"data":{}}`, "checkout.created", ""},
		{"Type alone is no type", `{"Type":"checkout.created",` + ts + `,"data":{}}`, "", `no "type"`},
		{"DATA alone is no data", `{"type":"checkout.created",` + ts + `,"DATA":{}}`, "", `no "data"`},
		{"Timestamp alone is no timestamp", `{"type":"checkout.created","Timestamp":"2026-08-22T08:47:05Z","data":{}}`, "", `no "timestamp"`},
		{"escaped name is the name", `{"typ\u0065":"order.paid",` + ts + `,"data":{}}`, "order.paid", ""},
		{"escaped value is unescaped", `{"type":"order\u002epaid",` + ts + `,"data":{}}`, "order.paid", ""},
		{"type twice", `{"type":"order.paid","type":"checkout.created",` + ts + `,"data":{}}`, "", `"type" appears twice`},
		{"type twice, once escaped", `{"type":"order.paid","t\u0079pe":"checkout.created",` + ts + `,"data":{}}`, "", "appears twice"},
		{"timestamp twice", `{"type":"order.paid",` + ts + `,` + ts + `,"data":{}}`, "", `"timestamp" appears twice`},
		{"data twice", `{"type":"order.paid",` + ts + `,"data":{},"data":{"id":"x"}}`, "", `"data" appears twice`},
		{"api_version twice", `{"type":"order.paid",` + ts + `,"data":{},"api_version":"2026-10","api_version":"2026-10"}`, "", `"api_version" appears twice`},
		{"unknown member twice", `{"type":"order.paid",` + ts + `,"data":{},"x":1,"x":2}`, "order.paid", ""},
		{"two objects", `{"type":"order.paid",` + ts + `,"data":{}} {}`, "", "more than one JSON value"},
		{"trailing garbage", `{"type":"order.paid",` + ts + `,"data":{}}x`, "", "invalid JSON"},
		{"an array", `[{"type":"order.paid",` + ts + `,"data":{}}]`, "", "not a JSON object"},
		{"a string", `"type"`, "", "not a JSON object"},
		{"empty", ` `, "", "empty body"},
		{"unterminated", `{"type":"order.paid",` + ts + `,"data":{}`, "", "invalid JSON"},
		{"type null", `{"type":null,` + ts + `,"data":{}}`, "", `"type" is null, not a string`},
		{"timestamp a number", `{"type":"order.paid","timestamp":1787388425,"data":{}}`, "", `"timestamp" is 1787388425, not a string`},
		{"api_version a number", `{"type":"order.paid",` + ts + `,"data":{},"api_version":202610}`, "", `"api_version" is 202610, not a string`},
		{"api_version null", `{"type":"order.paid",` + ts + `,"data":{},"api_version":null}`, "", "not a string"},
		{"api_version empty", `{"type":"order.paid",` + ts + `,"data":{},"api_version":""}`, "", `"api_version" is empty`},
		{"leading zero in data", `{"type":"order.paid",` + ts + `,"data":{"amount":01}}`, "", "invalid JSON"},
		{"control character in data", "{\"type\":\"order.paid\"," + ts + ",\"data\":{\"name\":\"a\x01b\"}}", "", "invalid JSON"},
		{"bad escape in data", `{"type":"order.paid",` + ts + `,"data":{"name":"a\xb"}}`, "", "invalid JSON"},
		{"missing comma in data", `{"type":"order.paid",` + ts + `,"data":{"a":1 "b":2}}`, "", "invalid JSON"},
		{"trailing comma in data", `{"type":"order.paid",` + ts + `,"data":[1,2,]}`, "", "invalid JSON"},
		{"invalid JSON in an unknown member", `{"type":"order.paid",` + ts + `,"data":{},"x":tru}`, "", "invalid JSON"},
		{"data as deep as encoding/json allows", `{"type":"order.paid",` + ts + `,"data":` + deep(9999) + `}`, "order.paid", ""},
		{"data deeper than encoding/json allows", `{"type":"order.paid",` + ts + `,"data":` + deep(10000) + `}`, "", "invalid JSON"},
		{"invalid UTF-8 in data, as encoding/json allows", "{\"type\":\"order.paid\"," + ts + ",\"data\":\"\xff\"}", "order.paid", ""},
		{"numbers", `{"type":"order.paid",` + ts + `,"data":[0,-0,1.5e3,-2E-2,1e+9,12345678901234567890]}`, "order.paid", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			// The rows agree with encoding/json on what is JSON.
			notJSON := tt.text == "invalid JSON" || tt.text == "more than one JSON value" || tt.text == "empty body"
			if valid := json.Valid(body); valid == notJSON {
				t.Fatalf("json.Valid = %v, yet the row expects %q", valid, tt.text)
			}
			ev, err := verify(vecSecret, headers(vecID, vecTS, Sign(vecSecret, vecID, vecTime, body)), body, vecTime)
			if tt.want != "" {
				if err != nil || ev.Type != tt.want {
					t.Fatalf("verify = %+v, %v; want a %s event", ev, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrPayload) || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("verify err = %v, want ErrPayload saying %s", err, tt.text)
			}
		})
	}
}

// TestVerifyAPIVersion: APIVersion is the webhook-api-version header, the
// body's "api_version", or both when they agree.
func TestVerifyAPIVersion(t *testing.T) {
	const noVersion = `{"type":"checkout.created","timestamp":"2026-08-22T08:47:05Z","data":{}}`
	const withVersion = `{"type":"checkout.created","timestamp":"2026-08-22T08:47:05Z","data":{},"api_version":"2026-10"}`
	tests := []struct {
		name, header, body string
		want, text         string // want "" with text: refused with ErrPayload saying text
	}{
		{"header and body agree", "2026-10", withVersion, "2026-10", ""},
		{"header only", "2027-01", noVersion, "2027-01", ""},
		{"body only", "", withVersion, "2026-10", ""},
		{"neither", "", noVersion, "", ""},
		{"header and body differ", "2027-01", withVersion, "", `the webhook-api-version header says "2027-01", the body's "api_version" "2026-10"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			h := headers(vecID, vecTS, Sign(vecSecret, vecID, vecTime, body))
			if tt.header != "" {
				h.Set("webhook-api-version", tt.header)
			}
			ev, err := verify(vecSecret, h, body, vecTime)
			if tt.text != "" {
				if ev != nil || !errors.Is(err, ErrPayload) || !strings.Contains(err.Error(), tt.text) {
					t.Fatalf("verify = %v, %v; want ErrPayload saying %s", ev, err, tt.text)
				}
				return
			}
			if err != nil || ev.APIVersion != tt.want {
				t.Fatalf("verify = %+v, %v; want APIVersion %q", ev, err, tt.want)
			}
		})
	}
	// A header map built by hand, in another capitalisation.
	body := []byte(noVersion)
	h := http.Header{"webhook-id": {vecID}, "webhook-timestamp": {vecTS}, "webhook-signature": {Sign(vecSecret, vecID, vecTime, body)}, "webhook-api-version": {"2026-10"}}
	if ev, err := verify(vecSecret, h, body, vecTime); err != nil || ev.APIVersion != "2026-10" {
		t.Errorf("lower-case header: verify = %+v, %v; want APIVersion 2026-10", ev, err)
	}
}

// TestVerifyTriesPolarsKeyFirst: a delivery signed as Polar signs the
// secret's kind costs one HMAC; the other key is tried only after it.
// Counted in allocations (each HMAC allocates its state), not in time.
func TestVerifyTriesPolarsKeyFirst(t *testing.T) {
	body := []byte(vecBody)
	allocs := func(secret string, key []byte) float64 {
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(vecID + "." + vecTS + "."))
		mac.Write(body)
		h := headers(vecID, vecTS, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
		return testing.AllocsPerRun(20, func() {
			if _, err := verify(secret, h, body, vecTime); err != nil {
				t.Fatal(err)
			}
		})
	}
	const standard = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI="
	newKey, _ := base64.StdEncoding.DecodeString(standard[len("whsec_"):])
	if first, second := allocs(standard, newKey), allocs(standard, []byte(standard)); first >= second {
		t.Errorf("secret made since 2026-09-08: %v allocations with the Standard Webhooks key, %v with the UTF-8 key; want the Standard Webhooks key tried first", first, second)
	}
	olderKey, _ := standardKey(vecSecret)
	if first, second := allocs(vecSecret, []byte(vecSecret)), allocs(vecSecret, olderKey); first >= second {
		t.Errorf("older whsec_ secret: %v allocations with the UTF-8 key, %v with the Standard Webhooks key; want the UTF-8 key tried first", first, second)
	}
}
