package webhook

import (
	"bytes"
	"encoding/json"
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

// envelopeByEncodingJSON reads body by readEnvelope's rules with
// encoding/json: exactly one JSON object, exact member names, no envelope
// member twice, "type", "timestamp" and "api_version" strings.
func envelopeByEncodingJSON(body []byte) (envelope, bool) {
	var env envelope
	if !json.Valid(body) {
		return env, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return env, false
	}
	seen := map[string]bool{}
	var data json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return env, false
		}
		name := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return env, false
		}
		var s string
		switch name {
		case "type", "timestamp", "data", "api_version":
			if seen[name] {
				return env, false
			}
			seen[name] = true
			if name == "data" {
				data = raw
				continue
			}
			if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
				return env, false
			}
		}
		switch name {
		case "type":
			env.typ = s
		case "timestamp":
			env.timestamp = s
		case "api_version":
			if s == "" {
				return env, false
			}
			env.apiVersion = s
		}
	}
	env.data = data
	ok := env.typ != "" && seen["timestamp"] && data != nil && string(data) != "null"
	return env, ok
}

// FuzzReadEnvelope compares the envelope scanner with encoding/json: it
// never accepts a body that encoding/json refuses, never calls a body
// invalid JSON that encoding/json accepts, and reads every body it accepts
// as encoding/json reads it (the same type, timestamp, api_version and
// data), data being a subslice of the body.
func FuzzReadEnvelope(f *testing.F) {
	f.Add([]byte(vecBody))
	f.Add(benchBody(f))
	f.Add([]byte(`{"type":"order.paid","timestamp":"2026-08-22T08:47:05Z","data":{"a":[1,-0.5e+3,true,false,null,"\u00e9\n"]},"api_version":"2026-10"}`))
	f.Add([]byte(` {"TYPE":"x","typ\u0065":"a\ud800b","timestamp":"t","data":"\xff","x":{},"x":[]} `))
	f.Add([]byte(`{"type":"a","type":"b","timestamp":"t","data":{}}`))
	f.Add([]byte(`{"type":"a","timestamp":"t","data":[[[[]]]]} {}`))
	f.Add([]byte(`{"type":"a","timestamp":"t","data":{"a":01}}`))
	f.Add([]byte(`{"type":"a","timestamp":"t","data":{"a":"\x01"},"api_version":null}`))
	f.Add([]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := readEnvelope(body)
		want, ok := envelopeByEncodingJSON(body)
		valid := json.Valid(body)
		switch {
		case err == nil && !valid:
			t.Fatalf("readEnvelope accepts %q, which encoding/json refuses", body)
		case err != nil && valid && strings.HasPrefix(err.Error(), "invalid JSON"):
			t.Fatalf("readEnvelope: %v; encoding/json accepts %q", err, body)
		case err != nil && ok:
			t.Fatalf("readEnvelope: %v; encoding/json reads %q as %+v", err, body, want)
		case err == nil && !ok:
			t.Fatalf("readEnvelope reads %q as %+v; by encoding/json it is no envelope", body, got)
		case err != nil:
			return
		}
		if got.typ != want.typ || got.timestamp != want.timestamp || got.apiVersion != want.apiVersion || !bytes.Equal(got.data, want.data) {
			t.Fatalf("readEnvelope reads %q as %+v, encoding/json as %+v", body, got, want)
		}
		if !within(body, got.data) {
			t.Fatalf("data %q is not a subslice of the body", got.data)
		}
	})
}

// within reports whether sub is a subslice of b (shares its memory).
func within(b, sub []byte) bool {
	for i := range b {
		if &b[i] == &sub[0] {
			return i+len(sub) <= len(b) && cap(sub) == cap(b)-i
		}
	}
	return false
}
