package polartest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar/polartest"
)

// start returns a server closed at the end of the test, on a manual clock
// showing now (whole seconds), and the clock.
func start(t *testing.T) (*polartest.Server, *polartest.ManualClock) {
	t.Helper()
	clock := polartest.NewManualClock(time.Now().Truncate(time.Second))
	s := polartest.NewServer(polartest.WithClock(clock))
	t.Cleanup(s.Close)
	return s, clock
}

// response is an answer of the server.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %q: %v", r.body, err)
	}
	return m
}

// call sends a request as the SDK of 2026-10 would (Polar-Version
// 2026-10, the server's token, a Content-Length body) with extra headers,
// and checks the answer against the document of the version the server
// answered in (its Polar-Version echo) whenever that document declares its
// status. A header value of "" removes that header.
func call(t *testing.T, s *polartest.Server, method, path, body string, header ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Polar-Version", "2026-10")
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	check, _ := http.NewRequest(method, s.URL+path, nil)
	if v := resp.Header.Get("Polar-Version"); v != "" {
		if doc := spectest.For(t, v); doc.Declares(t, check, resp.StatusCode) {
			if err := doc.ValidateResponse(t, check, resp.StatusCode, resp.Header, b); err != nil {
				t.Errorf("%s %s: response does not match openapi/%s.yaml: %v\n%s", method, path, v, err, b)
			}
		}
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// create creates a checkout from body and returns it decoded; header as
// for call.
func create(t *testing.T, s *polartest.Server, body string, header ...string) map[string]any {
	t.Helper()
	r := call(t, s, "POST", "/v1/checkouts/", body, header...)
	if r.status != http.StatusCreated {
		t.Fatalf("create %s: %d %s", body, r.status, r.body)
	}
	return r.json(t)
}

// jsonEqual reports whether got and want are the same JSON value (key
// order aside: Go's encoder and Python's order some keys differently).
func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("body %q: %v", got, err)
		return false
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want %q: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

// readAll reads and closes resp's body.
func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
