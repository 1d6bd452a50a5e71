package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// crosscheckDir is crosscheck/ at the repository root, seen from this
// package's directory (where go test runs).
const crosscheckDir = "../../crosscheck"

// runNode sends one request to crosscheck/webhooks.mjs and decodes its
// answer into out. It skips the test when the npm packages are not
// installed, unless POLAR_CROSSCHECK=1 (as make crosscheck sets) demands the
// cross-check.
func runNode(t *testing.T, req, out any) {
	t.Helper()
	required := os.Getenv("POLAR_CROSSCHECK") == "1"
	missing := func(why string) {
		t.Helper()
		if required {
			t.Fatalf("POLAR_CROSSCHECK=1 but %s", why)
		}
		t.Skipf("skipping the cross-check with Polar's TypeScript SDK: %s (run `make crosscheck`)", why)
	}
	if _, err := os.Stat(filepath.Join(crosscheckDir, "node_modules", "@polar-sh", "sdk")); err != nil {
		missing("crosscheck/node_modules is not installed (npm ci --prefix crosscheck)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	in, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "webhooks.mjs")
	cmd.Dir = crosscheckDir
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node webhooks.mjs: %v\n%s", err, stderr.Bytes())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		t.Fatalf("decode the answer of webhooks.mjs: %v\n%s", err, stdout.Bytes())
	}
}

type nodeVerdict struct {
	OK    bool   `json:"ok"`
	Name  string `json:"name"`
	Error string `json:"error"`
}

type nodeVerifyCase struct {
	Secret  string            `json:"secret"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	// Standard gives standardwebhooks the secret itself, the Standard
	// Webhooks key of a secret Polar made since 2026-09-08, instead of
	// base64(secret), Polar's original key.
	Standard bool `json:"standard,omitempty"`
}

type nodeSignCase struct {
	Secret    string `json:"secret"`
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Body      string `json:"body"`
}

// crossSecrets are secrets of each format Polar has used (facts §2).
var crossSecrets = map[string]string{
	"whsec_ (2026-06 on)":        "whsec_Xy7Qa9Lm2Pz4Rt8Vb1Nc5Kd3Hf6Gj0Ws2Ue4Io7Yq9TpK0x1aZ",
	"whsec_ worked example":      vecSecret,
	"whsec_ padded base64":       "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3p8ZIEbK1vI=",
	"polar_whs_ (2025-07 on)":    vecLegacySecret,
	"user-chosen, 40 chars":      "my very own webhook secret, 40 chars!!!!",
	"polar listen (org id, hex)": "5f6e7d8c9b0a4c1d8e2f3a4b5c6d7e8f",
}

func crossBodies(t *testing.T) map[string]string {
	return map[string]string{
		"checkout.created": vecBody,
		"order.paid":       `{"type":"order.paid","timestamp":"2026-08-22T08:47:06.000001Z","data":{"id":"o-1","status":"paid","billing_reason":"purchase"}}`,
		"non-ASCII":        `{"type":"checkout.updated","timestamp":"2026-08-22T08:47:07Z","data":{"id":"c-ü","customer_name":"Jürgen Groß 😀","note":"a\u2028b"}}`,
		"10 KB checkout":   string(benchBody(t)),
	}
}

// TestCrossCheckNode checks Sign and Verify against Polar's TypeScript SDK
// 1.0.1 and the Standard Webhooks library, both run by node, with fresh
// timestamps (those libraries read the real clock).
func TestCrossCheckNode(t *testing.T) {
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)

	t.Run("node accepts what Sign makes and rejects tampering", func(t *testing.T) {
		type row struct {
			name       string
			c          nodeVerifyCase
			sdk, stdwh bool // whether each node verifier must accept
		}
		var rows []row
		for sname, secret := range crossSecrets {
			for bname, body := range crossBodies(t) {
				id := "evt-" + strconv.Itoa(len(rows))
				hdr := map[string]string{"webhook-id": id, "webhook-timestamp": ts, "webhook-signature": Sign(secret, id, now, []byte(body))}
				// standardwebhooks gets the key Sign signed with: the
				// secret itself for a secret made since 2026-09-08 (the
				// Standard Webhooks key), else base64(secret), the UTF-8 key.
				standard := string(signingKey(secret)) != secret
				rows = append(rows, row{sname + "/" + bname, nodeVerifyCase{secret, hdr, body, standard}, true, true})
				tampered := strings.Replace(body, `"id":"`, `"id":"x`, 1)
				rows = append(rows, row{sname + "/" + bname + "/tampered body", nodeVerifyCase{secret, hdr, tampered, standard}, false, false})
			}
		}
		body := vecBody
		sig := Sign(vecSecret, vecID, now, []byte(body))
		stale := strconv.FormatInt(now.Unix()-301, 10)
		staleSig := Sign(vecSecret, vecID, time.Unix(now.Unix()-301, 0), []byte(body))
		rows = append(rows,
			row{"mixed-case header names", nodeVerifyCase{vecSecret, map[string]string{"Webhook-Id": vecID, "WEBHOOK-TIMESTAMP": ts, "webhook-Signature": sig}, body, false}, true, true},
			row{"rotation, good last", nodeVerifyCase{vecSecret, map[string]string{"webhook-id": vecID, "webhook-timestamp": ts, "webhook-signature": "v1,AAAA v2,BBBB " + Sign("whsec_old", vecID, now, []byte(body)) + " " + sig}, body, false}, true, true},
			row{"v2 only", nodeVerifyCase{vecSecret, map[string]string{"webhook-id": vecID, "webhook-timestamp": ts, "webhook-signature": "v2," + sig[3:]}, body, false}, false, false},
			row{"wrong secret", nodeVerifyCase{"whsec_another0123456789abcdefghijklmnopqrstuvwxy", map[string]string{"webhook-id": vecID, "webhook-timestamp": ts, "webhook-signature": sig}, body, false}, false, false},
			row{"other id", nodeVerifyCase{vecSecret, map[string]string{"webhook-id": vecID + "x", "webhook-timestamp": ts, "webhook-signature": sig}, body, false}, false, false},
			row{"stale by 301s", nodeVerifyCase{vecSecret, map[string]string{"webhook-id": vecID, "webhook-timestamp": stale, "webhook-signature": staleSig}, body, false}, false, false},
			row{"missing webhook-id", nodeVerifyCase{vecSecret, map[string]string{"webhook-timestamp": ts, "webhook-signature": sig}, body, false}, false, false},
		)
		req := struct {
			Mode  string           `json:"mode"`
			Cases []nodeVerifyCase `json:"cases"`
		}{Mode: "verify"}
		for _, r := range rows {
			req.Cases = append(req.Cases, r.c)
		}
		var resp struct {
			Results []struct {
				SDK   nodeVerdict `json:"sdk"`
				StdWH nodeVerdict `json:"standardwebhooks"`
			} `json:"results"`
		}
		runNode(t, req, &resp)
		if len(resp.Results) != len(rows) {
			t.Fatalf("node answered %d results for %d cases", len(resp.Results), len(rows))
		}
		for i, r := range rows {
			got := resp.Results[i]
			if got.SDK.OK != r.sdk {
				t.Errorf("%s: @polar-sh/sdk validateEvent ok = %v (%s: %s), want %v", r.name, got.SDK.OK, got.SDK.Name, got.SDK.Error, r.sdk)
			}
			if !r.sdk && got.SDK.Name != "PolarWebhookVerificationError" {
				t.Errorf("%s: @polar-sh/sdk failed with %s (%s), want PolarWebhookVerificationError", r.name, got.SDK.Name, got.SDK.Error)
			}
			if got.StdWH.OK != r.stdwh {
				t.Errorf("%s: standardwebhooks verify ok = %v (%s), want %v", r.name, got.StdWH.OK, got.StdWH.Error, r.stdwh)
			}
			// Our verdict agrees with Polar's SDK.
			h := http.Header{}
			for k, v := range r.c.Headers {
				h[k] = []string{v}
			}
			_, err := Verify(r.c.Secret, h, []byte(r.c.Body))
			if (err == nil) != r.sdk {
				t.Errorf("%s: Verify err = %v, want accepted = %v as Polar's SDK", r.name, err, r.sdk)
			}
			if err != nil && !errors.Is(err, ErrSignature) && !errors.Is(err, ErrTimestamp) {
				t.Errorf("%s: Verify err = %v, want ErrSignature or ErrTimestamp", r.name, err)
			}
		}
	})

	t.Run("Verify accepts what node signs with either key", func(t *testing.T) {
		req := struct {
			Mode  string         `json:"mode"`
			Cases []nodeSignCase `json:"cases"`
		}{Mode: "sign"}
		type key struct{ secret, body string }
		var keys []key
		for _, secret := range crossSecrets {
			for _, body := range crossBodies(t) {
				keys = append(keys, key{secret, body})
				req.Cases = append(req.Cases, nodeSignCase{secret, "evt-n" + strconv.Itoa(len(keys)), now.Unix(), body})
			}
		}
		var resp struct {
			Results []struct {
				PolarKey    string  `json:"polar_key"`
				StandardKey *string `json:"standard_key"`
				StdKeyError string  `json:"standard_key_error"`
			} `json:"results"`
		}
		runNode(t, req, &resp)
		if len(resp.Results) != len(req.Cases) {
			t.Fatalf("node answered %d results for %d cases", len(resp.Results), len(req.Cases))
		}
		for i, c := range req.Cases {
			got := resp.Results[i]
			// Sign uses the key Polar uses for the secret's kind: the
			// Standard Webhooks key for secrets made since 2026-09-08, the
			// UTF-8 key (standardwebhooks given base64(secret)) for others.
			sign := Sign(c.Secret, c.ID, now, []byte(c.Body))
			if string(signingKey(c.Secret)) != c.Secret {
				if got.StandardKey == nil || *got.StandardKey != sign {
					t.Errorf("secret %q: standardwebhooks with the secret as given signs %v, Sign gives %s", c.Secret, got.StandardKey, sign)
				}
			} else if got.PolarKey != sign {
				t.Errorf("secret %q: standardwebhooks with base64(secret) signs %s, Sign gives %s", c.Secret, got.PolarKey, sign)
			}
			for _, sig := range []*string{&got.PolarKey, got.StandardKey} {
				if sig == nil {
					continue
				}
				h := headers(c.ID, ts, *sig)
				if _, err := Verify(c.Secret, h, []byte(c.Body)); err != nil {
					t.Errorf("secret %q: Verify of node's signature %s: %v", c.Secret, *sig, err)
				}
				if _, err := Verify(c.Secret, h, append([]byte(c.Body), ' ')); !errors.Is(err, ErrSignature) {
					t.Errorf("secret %q: Verify of a tampered body: err = %v, want ErrSignature", c.Secret, err)
				}
			}
			// For whsec_ secrets both read the same Standard Webhooks key.
			if _, ours := standardKey(c.Secret); strings.HasPrefix(c.Secret, "whsec_") && ours != (got.StandardKey != nil) {
				t.Errorf("secret %q: Standard Webhooks key: ours %v, standardwebhooks %v (%s)", c.Secret, ours, got.StandardKey != nil, got.StdKeyError)
			}
		}
	})
}
