// Command upstream finds, fetches and checks Polar's published OpenAPI
// documents, the inputs of `make spec`. Each is pinned in spec/versions.txt
// by API version, Polar's repository commit and sha256.
//
//	go run ./spec/upstream path 2026-10            # the verified document's path
//	go run ./spec/upstream fetch 2027-04 <commit>  # download, pin in versions.txt
//	go run ./spec/upstream check-upstream          # pins against what Polar serves
//
// path looks for <commit>/<version>.openapi.json under $POLAR_OPENAPI_DIR
// when it is set, else under the cache (-cache, default spec/.cache), and
// fills the cache from $POLAR_RAW_BASE/<commit>/docs/openapi/<version>.openapi.json
// (Polar's repository on GitHub) when the file is missing. A document is
// used only when its sha256 is its pin; a download that is not is refused
// and not cached. check-upstream compares each pinned document with
// $POLAR_API_BASE/<version>/openapi.json. Every failure is one line.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

const (
	defaultRawBase = "https://raw.githubusercontent.com/polarsource/polar"
	defaultAPIBase = "https://api.polar.sh"
)

// errChanged is check-upstream's answer when Polar serves something else.
var errChanged = errors.New("the documents Polar serves differ from the pins")

type config struct {
	versions   string // the versions file
	cache      string // cache directory, laid out as <commit>/<version>.openapi.json
	openapiDir string // POLAR_OPENAPI_DIR: used instead of the cache when set
	rawBase    string // POLAR_RAW_BASE
	apiBase    string // POLAR_API_BASE
	client     *http.Client
	out        io.Writer
}

func main() {
	c := config{
		openapiDir: os.Getenv("POLAR_OPENAPI_DIR"),
		rawBase:    envOr("POLAR_RAW_BASE", defaultRawBase),
		apiBase:    envOr("POLAR_API_BASE", defaultAPIBase),
		client:     &http.Client{Timeout: 2 * time.Minute},
		out:        os.Stdout,
	}
	flag.StringVar(&c.versions, "versions", "spec/versions.txt", "the versions file")
	flag.StringVar(&c.cache, "cache", "spec/.cache", "download cache (git-ignored)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: upstream [-versions file] [-cache dir] path VERSION | fetch VERSION COMMIT | check-upstream")
	}
	flag.Parse()
	if err := c.run(flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "spec/upstream:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func (c *config) run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: upstream path VERSION | fetch VERSION COMMIT | check-upstream")
	}
	switch cmd, args := args[0], args[1:]; {
	case cmd == "path" && len(args) == 1:
		p, err := c.pinFor(args[0])
		if err != nil {
			return err
		}
		path, err := c.path(p)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.out, path)
		return nil
	case cmd == "fetch" && (len(args) == 1 || len(args) == 2):
		commit := ""
		if len(args) == 2 {
			commit = args[1]
		}
		return c.fetch(args[0], commit)
	case cmd == "check-upstream" && len(args) == 0:
		return c.checkUpstream()
	}
	return fmt.Errorf("usage: upstream path VERSION | fetch VERSION COMMIT | check-upstream (got %q)", args)
}

// pin is one line of the versions file.
type pin struct{ version, commit, sha256 string }

var (
	versionRE = regexp.MustCompile(`^\d{4}-\d{2}$`)
	commitRE  = regexp.MustCompile(`^[0-9a-f]{40}$`)
	shaRE     = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// pins reads the versions file: `version commit sha256` per line, # comments.
func (c *config) pins() ([]pin, error) {
	b, err := os.ReadFile(c.versions)
	if err != nil {
		return nil, err
	}
	var ps []pin
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 3 || !versionRE.MatchString(f[0]) || !commitRE.MatchString(f[1]) || !shaRE.MatchString(f[2]) {
			return nil, fmt.Errorf("%s:%d: want `version commit sha256` (2026-10, 40 hex digits, 64 hex digits), got %q", c.versions, i+1, line)
		}
		ps = append(ps, pin{f[0], f[1], f[2]})
	}
	return ps, nil
}

func (c *config) pinFor(version string) (pin, error) {
	ps, err := c.pins()
	if err != nil {
		return pin{}, err
	}
	for _, p := range ps {
		if p.version == version {
			return p, nil
		}
	}
	return pin{}, fmt.Errorf("%s pins no version %s", c.versions, version)
}

func (c *config) rawURL(version, commit string) string {
	return strings.TrimSuffix(c.rawBase, "/") + "/" + commit + "/docs/openapi/" + version + ".openapi.json"
}

func docName(version, commit string) string {
	return filepath.Join(commit, version+".openapi.json")
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// path returns the path of p's document, verified against its sha256,
// downloading it into the cache first when it is missing there.
func (c *config) path(p pin) (string, error) {
	if c.openapiDir != "" {
		path := filepath.Join(c.openapiDir, docName(p.version, p.commit))
		b, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%s is missing: put Polar's docs/openapi/%s.openapi.json at commit %s there (POLAR_OPENAPI_DIR=%s), or unset POLAR_OPENAPI_DIR to use the download cache", path, p.version, p.commit, c.openapiDir)
		}
		if err != nil {
			return "", err
		}
		return path, c.verify(p, path, b)
	}
	path := filepath.Join(c.cache, docName(p.version, p.commit))
	b, err := os.ReadFile(path)
	if err == nil {
		return path, c.verify(p, path, b)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	url := c.rawURL(p.version, p.commit)
	b, err = c.get(url)
	if err != nil {
		return "", fmt.Errorf("%s is missing and the download failed (%v): put %s there, or set POLAR_OPENAPI_DIR to a directory holding %s", path, err, url, docName(p.version, p.commit))
	}
	if err := c.verify(p, url, b); err != nil {
		return "", err
	}
	return path, writeAtomic(path, b)
}

func (c *config) verify(p pin, from string, b []byte) error {
	if got := sum(b); got != p.sha256 {
		return fmt.Errorf("%s: sha256 is %s, %s pins %s for %s at %s (a new document? make fetch-spec VERSION=%s COMMIT=<commit>, then make spec generate and read make breaking)",
			from, got, c.versions, p.sha256, p.version, p.commit[:8], p.version)
	}
	return nil
}

// get returns the body of a 200 answer to GET url.
func (c *config) get(u string) ([]byte, error) {
	resp, err := c.client.Get(u)
	if err != nil {
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			err = ue.Err // the URL is said by the caller
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// writeAtomic writes b to path through a temporary file, so that an
// interrupted run leaves no partial document in the cache.
func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".download-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// fetch downloads version's document at commit into the cache and pins it
// in the versions file (replacing the version's line, or adding one).
func (c *config) fetch(version, commit string) error {
	if !versionRE.MatchString(version) {
		return fmt.Errorf("VERSION must look like 2027-04, got %q", version)
	}
	if commit == "" {
		// Finding the newest commit of a file needs GitHub's REST API,
		// which this tool does not call: the commit is part of the pin.
		return fmt.Errorf("COMMIT is required: give the 40-digit commit of polarsource/polar to pin (the newest one touching docs/openapi/%s.openapi.json: https://github.com/polarsource/polar/commits/main/docs/openapi/%s.openapi.json)", version, version)
	}
	if !commitRE.MatchString(commit) {
		return fmt.Errorf("COMMIT must be 40 lower-case hex digits, got %q", commit)
	}
	if _, err := c.pins(); err != nil {
		return err
	}
	url := c.rawURL(version, commit)
	b, err := c.get(url)
	if err != nil {
		return fmt.Errorf("cannot download %s: %v", url, err)
	}
	var doc struct {
		OpenAPI string `json:"openapi"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.OpenAPI == "" {
		return fmt.Errorf("%s is not an OpenAPI document", url)
	}
	s := sum(b)
	if err := writeAtomic(filepath.Join(c.cache, docName(version, commit)), b); err != nil {
		return err
	}
	line := fmt.Sprintf("%-10s %s  %s", version, commit, s)
	if err := c.setPin(version, line); err != nil {
		return err
	}
	fmt.Fprintf(c.out, "%s: sha256 %s\n%s now says:\n%s\n", url, s, c.versions, line)
	return nil
}

// setPin replaces version's line of the versions file by line, or appends it.
func (c *config) setPin(version, line string) error {
	b, err := os.ReadFile(c.versions)
	if err != nil {
		return err
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	i := slices.IndexFunc(lines, func(l string) bool {
		f := strings.Fields(l)
		return len(f) > 0 && f[0] == version
	})
	if i >= 0 {
		lines[i] = line
	} else {
		lines = append(lines, line)
	}
	return os.WriteFile(c.versions, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

// checkUpstream compares every pinned document with what Polar serves for
// its version and says, per version, "same" or what changed.
func (c *config) checkUpstream() error {
	ps, err := c.pins()
	if err != nil {
		return err
	}
	changed := false
	for _, p := range ps {
		path, err := c.path(p)
		if err != nil {
			return err
		}
		pinned, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		url := strings.TrimSuffix(c.apiBase, "/") + "/" + p.version + "/openapi.json"
		served, err := c.get(url)
		if err != nil {
			return fmt.Errorf("%s: cannot read what Polar serves: %v", p.version, err)
		}
		diff, err := compare(pinned, served)
		if err != nil {
			return fmt.Errorf("%s: %v", p.version, err)
		}
		if diff == "" {
			fmt.Fprintf(c.out, "%s: same as the pin (commit %s)\n", p.version, p.commit[:8])
			continue
		}
		changed = true
		fmt.Fprintf(c.out, "%s: %s differs from the pin (commit %s):\n%s", p.version, url, p.commit[:8], diff)
	}
	if changed {
		return fmt.Errorf("%w: make fetch-spec VERSION=<version> COMMIT=<Polar's commit>, then make spec generate and read make breaking", errChanged)
	}
	return nil
}

// compare returns "" when the two JSON documents are equal as JSON, else
// lines naming the paths, webhooks and component schemas added, removed
// or changed, and any other top-level key that changed.
func compare(pinned, served []byte) (string, error) {
	var a, b map[string]any
	if err := json.Unmarshal(pinned, &a); err != nil {
		return "", fmt.Errorf("pinned document: %v", err)
	}
	if err := json.Unmarshal(served, &b); err != nil {
		return "", fmt.Errorf("served document: %v", err)
	}
	if reflect.DeepEqual(a, b) {
		return "", nil
	}
	var out bytes.Buffer
	section := func(name string, x, y any) {
		xm, _ := x.(map[string]any)
		ym, _ := y.(map[string]any)
		var added, removed, changed []string
		for k, v := range ym {
			if w, ok := xm[k]; !ok {
				added = append(added, k)
			} else if !reflect.DeepEqual(v, w) {
				changed = append(changed, k)
			}
		}
		for k := range xm {
			if _, ok := ym[k]; !ok {
				removed = append(removed, k)
			}
		}
		for _, l := range []struct {
			what  string
			names []string
		}{{"added", added}, {"removed", removed}, {"changed", changed}} {
			if len(l.names) > 0 {
				fmt.Fprintf(&out, "  %s %s: %s\n", name, l.what, list(l.names))
			}
		}
	}
	section("paths", a["paths"], b["paths"])
	section("webhooks", a["webhooks"], b["webhooks"])
	ac, _ := a["components"].(map[string]any)
	bc, _ := b["components"].(map[string]any)
	section("schemas", ac["schemas"], bc["schemas"])
	var other []string
	for _, m := range []map[string]any{a, b} {
		for k := range m {
			if k != "paths" && k != "webhooks" && !slices.Contains(other, k) && !reflect.DeepEqual(a[k], b[k]) {
				other = append(other, k)
			}
		}
	}
	for k := range mergeKeys(ac, bc) {
		if k != "schemas" && !reflect.DeepEqual(ac[k], bc[k]) {
			other = append(other, "components."+k)
		}
	}
	other = slices.DeleteFunc(other, func(k string) bool { return k == "components" })
	if len(other) > 0 {
		fmt.Fprintf(&out, "  also changed: %s\n", list(other))
	}
	return out.String(), nil
}

func mergeKeys(a, b map[string]any) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// list joins sorted names, at most 20 of them.
func list(names []string) string {
	sort.Strings(names)
	if len(names) > 20 {
		return strings.Join(names[:20], ", ") + fmt.Sprintf(" and %d more", len(names)-20)
	}
	return strings.Join(names, ", ")
}
