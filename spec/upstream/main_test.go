package main

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

const commit = "049e5c7ae5d4f1b7e20312fd00a05accd1b5b61a"

var doc = []byte(`{"openapi":"3.1.0","info":{"title":"Polar API","version":"2026-10"},"paths":{"/v1/checkouts/":{"get":{}}},"components":{"schemas":{"Checkout":{"type":"object"},"Order":{"type":"object"}}}}`)

// fakes stands in for GitHub (raw files under /raw) and Polar's API
// (under /api), serving files and counting requests.
type fakes struct {
	files map[string][]byte
	hits  atomic.Int32
	*httptest.Server
}

func newFakes(t *testing.T, files map[string][]byte) *fakes {
	f := &fakes{files: files}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		b, ok := f.files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(f.Close)
	return f
}

// setup writes a versions file pinning 2026-10 to doc and returns a config
// whose bases point at srv.
func setup(t *testing.T, srv *fakes) (*config, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	versions := filepath.Join(dir, "versions.txt")
	if err := os.WriteFile(versions, []byte("# version commit sha256\n2026-10  "+commit+"  "+sum(doc)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	c := &config{versions: versions, cache: filepath.Join(dir, "cache"), client: http.DefaultClient, out: &out}
	if srv != nil {
		c.rawBase, c.apiBase = srv.URL+"/raw", srv.URL+"/api"
	}
	return c, &out
}

func rawPath(version string) string {
	return "/raw/" + commit + "/docs/openapi/" + version + ".openapi.json"
}

func oneLine(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if s := err.Error(); strings.Contains(s, "\n") {
		t.Fatalf("error is not one line:\n%s", s)
	}
	return err.Error()
}

func TestPathDownloadsVerifiesAndCaches(t *testing.T) {
	srv := newFakes(t, map[string][]byte{rawPath("2026-10"): doc})
	c, out := setup(t, srv)
	for range 2 {
		if err := c.run([]string{"path", "2026-10"}); err != nil {
			t.Fatal(err)
		}
	}
	want := filepath.Join(c.cache, commit, "2026-10.openapi.json")
	if got := out.String(); got != want+"\n"+want+"\n" {
		t.Errorf("printed %q, want the cache path twice", got)
	}
	if b, _ := os.ReadFile(want); !bytes.Equal(b, doc) {
		t.Errorf("cached %q", b)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Errorf("%d downloads, want 1 (the second run reads the cache)", n)
	}
}

func TestPathRefusesWrongSHA256(t *testing.T) {
	other := bytes.Replace(doc, []byte(`"Order"`), []byte(`"Orders"`), 1)
	srv := newFakes(t, map[string][]byte{rawPath("2026-10"): other})
	c, _ := setup(t, srv)
	msg := oneLine(t, c.run([]string{"path", "2026-10"}))
	for _, want := range []string{"sha256 is " + sum(other), "pins " + sum(doc)} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(c.cache, commit)); len(entries) != 0 {
		t.Errorf("cached a refused document: %v", entries)
	}
}

func TestPathMissingOffline(t *testing.T) {
	srv := newFakes(t, nil) // 404 for everything
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close() // connection refused, as offline
	for name, base := range map[string]string{"404": srv.URL + "/raw", "offline": closed.URL} {
		t.Run(name, func(t *testing.T) {
			c, _ := setup(t, nil)
			c.rawBase = base
			msg := oneLine(t, c.run([]string{"path", "2026-10"}))
			want := filepath.Join(c.cache, commit, "2026-10.openapi.json") + " is missing"
			if !strings.HasPrefix(msg, want) || !strings.Contains(msg, "POLAR_OPENAPI_DIR") || strings.Contains(msg, "sha256") {
				t.Errorf("message:\n%s\nwant it to start with %q, name POLAR_OPENAPI_DIR and not sha256", msg, want)
			}
		})
	}
}

func TestPathFromOpenAPIDir(t *testing.T) {
	srv := newFakes(t, map[string][]byte{rawPath("2026-10"): doc})
	c, out := setup(t, srv)
	c.openapiDir = t.TempDir()
	msg := oneLine(t, c.run([]string{"path", "2026-10"}))
	want := filepath.Join(c.openapiDir, commit, "2026-10.openapi.json")
	if !strings.HasPrefix(msg, want+" is missing") {
		t.Errorf("message %q does not name %s", msg, want)
	}
	os.MkdirAll(filepath.Dir(want), 0o755)
	os.WriteFile(want, doc, 0o644)
	if err := c.run([]string{"path", "2026-10"}); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want+"\n" {
		t.Errorf("printed %q, want %s", got, want)
	}
	if n := srv.hits.Load(); n != 0 {
		t.Errorf("%d downloads with POLAR_OPENAPI_DIR set", n)
	}
	os.WriteFile(want, append(doc, ' '), 0o644)
	if msg := oneLine(t, c.run([]string{"path", "2026-10"})); !strings.Contains(msg, "sha256 is ") {
		t.Errorf("a changed file in POLAR_OPENAPI_DIR: %s", msg)
	}
}

func TestFetchPinsANewVersion(t *testing.T) {
	next := bytes.Replace(doc, []byte("2026-10"), []byte("2027-04"), 1)
	srv := newFakes(t, map[string][]byte{rawPath("2027-04"): next})
	c, out := setup(t, srv)
	if msg := oneLine(t, c.run([]string{"fetch", "2027-04"})); !strings.Contains(msg, "COMMIT is required") {
		t.Errorf("no commit: %s", msg)
	}
	if err := c.run([]string{"fetch", "2027-04", commit}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), sum(next)) {
		t.Errorf("output lacks the sha256:\n%s", out)
	}
	p, err := c.pinFor("2027-04")
	if err != nil || p.sha256 != sum(next) || p.commit != commit {
		t.Fatalf("pin %v, %v", p, err)
	}
	if _, err := c.pinFor("2026-10"); err != nil {
		t.Errorf("the other pin is gone: %v", err)
	}
	srv.hits.Store(0)
	if err := c.run([]string{"path", "2027-04"}); err != nil || srv.hits.Load() != 0 {
		t.Errorf("path after fetch: %v, %d downloads", err, srv.hits.Load())
	}
	if msg := oneLine(t, c.run([]string{"fetch", "2027-07", commit})); !strings.Contains(msg, "404") {
		t.Errorf("a version Polar does not publish: %s", msg)
	}
}

func TestCheckUpstream(t *testing.T) {
	served := map[string][]byte{rawPath("2026-10"): doc}
	srv := newFakes(t, served)
	c, out := setup(t, srv)

	// The same document, spelled differently, is the same.
	served["/api/2026-10/openapi.json"] = append([]byte("\n "), doc...)
	if err := c.run([]string{"check-upstream"}); err != nil {
		t.Fatalf("same: %v\n%s", err, out)
	}
	if got := out.String(); !strings.Contains(got, "2026-10: same") {
		t.Errorf("same: %q", got)
	}

	out.Reset()
	changed := bytes.Replace(doc, []byte(`"Order":{"type":"object"}`), []byte(`"Order":{"type":"string"},"Tier":{}`), 1)
	changed = bytes.Replace(changed, []byte(`"/v1/checkouts/"`), []byte(`"/v1/checkouts"`), 1)
	served["/api/2026-10/openapi.json"] = changed
	err := c.run([]string{"check-upstream"})
	if !errors.Is(err, errChanged) {
		t.Fatalf("changed: err %v", err)
	}
	for _, want := range []string{"paths added: /v1/checkouts\n", "paths removed: /v1/checkouts/\n", "schemas added: Tier\n", "schemas changed: Order\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
