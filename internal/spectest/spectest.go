// Package spectest checks HTTP traffic and JSON documents against the
// module's OpenAPI documents, one per API version (openapi/<version>.yaml).
// It is a helper for tests only: the version packages, the polartest fake
// server and the benchmarks use it to prove that what they send and accept
// is what that version's document says.
//
//	doc := spectest.For(t, "2027-01")
//	if err := doc.ValidateSchema(t, "Checkout", body); err != nil { ... }
//
// Each document is loaded once per test binary and shared; treat the
// *openapi3.T returned by Doc.OpenAPI as read-only. All validators are safe
// for concurrent use by parallel tests.
//
// Formats are checked strictly, with validators scoped to each loaded
// document (kin-openapi's global format registry is left untouched):
//
//   - uuid4: a canonical 8-4-4-4-12 hexadecimal UUID;
//   - uri: an absolute URL with a scheme and a host, as net/url parses it
//     (so the literal {CHECKOUT_SESSION_ID} placeholder in a query passes);
//   - email: a bare address that net/mail parses back to itself;
//   - date-time: RFC 3339 with seconds and an explicit offset (Z or ±hh:mm).
package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Current is the version Polar serves to a request without a
// Polar-Version header: the document the package-level ValidateSchema
// checks against.
const Current = "2026-10"

// docDir is where the per-version documents live, relative to the module
// root: openapi/<version>.yaml.
const docDir = "openapi"

// Doc is one API version's document, loaded once per test binary and
// shared by every test: its validators are safe for concurrent use. Get
// one with For.
type Doc struct {
	version string
	doc     *openapi3.T
	opts    []openapi3.SchemaValidationOption
}

var (
	loadMu sync.Mutex
	loaded = map[string]*loadResult{}
)

// loadResult is one document's load, done once.
type loadResult struct {
	once sync.Once
	doc  *Doc
	err  error
}

// For returns the document of an API version, openapi/<version>.yaml at
// the module root, parsed and validated. The document is read once per
// test binary; a version without a document, or a document that does not
// load or validate, fails the test.
func For(t testing.TB, version string) *Doc {
	t.Helper()
	loadMu.Lock()
	r := loaded[version]
	if r == nil {
		r = &loadResult{}
		loaded[version] = r
	}
	loadMu.Unlock()
	r.once.Do(func() { r.doc, r.err = loadDoc(version) })
	if r.err != nil {
		t.Fatalf("spectest: %v", r.err)
	}
	return r.doc
}

// Versions returns the versions that have a document in openapi/, in
// ascending order: the versions the module speaks.
func Versions(t testing.TB) []string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("spectest: %v", err)
	}
	names, err := filepath.Glob(filepath.Join(root, docDir, "*.yaml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("spectest: no documents in %s (%v)", docDir, err)
	}
	var out []string
	for _, n := range names {
		v := strings.TrimSuffix(filepath.Base(n), ".yaml")
		if versionRE.MatchString(v) {
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}

// versionRE is the shape of an API version, YYYY-MM.
var versionRE = regexp.MustCompile(`^\d{4}-\d{2}$`)

// Version returns the API version d documents, such as "2027-01".
func (d *Doc) Version() string { return d.version }

// OpenAPI returns the parsed document. It is shared: do not modify it.
func (d *Doc) OpenAPI() *openapi3.T { return d.doc }

func loadDoc(version string) (*Doc, error) {
	if !versionRE.MatchString(version) {
		return nil, fmt.Errorf("%q is not an API version (YYYY-MM)", version)
	}
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	file := filepath.Join(docDir, version+".yaml")
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(filepath.Join(root, file))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", file, err)
	}
	if doc.Info == nil || doc.Info.Version != version {
		return nil, fmt.Errorf("%s: info.version is not %q", file, version)
	}
	// Polar's document puts a title beside some $refs (the down-converter
	// keeps them); OpenAPI 3.0 ignores such siblings, so they are allowed
	// rather than failing the load.
	// Patterns are checked, both here (each must compile as a Go regexp)
	// and in validation: the overlay removes the ones Polar writes in
	// Python's syntax (with a (?!...) look-ahead Go's regexp cannot
	// compile).
	if err := doc.Validate(loader.Context,
		openapi3.AllowExtraSiblingFields("title", "description", "default", "example", "examples", "deprecated", "nullable", "readOnly")); err != nil {
		return nil, fmt.Errorf("validate %s: %w", file, err)
	}
	doc.SetStringFormatValidators(stringFormats())
	relaxUnions(doc)
	return &Doc{version: version, doc: doc, opts: doc.GetSchemaValidationOptions()}, nil
}

// moduleRoot finds the directory holding go.mod and openapi/: two levels
// above this source file, or (when built with -trimpath) the nearest
// parent of the working directory that holds both.
func moduleRoot() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		root := filepath.Join(filepath.Dir(file), "..", "..")
		if isModuleRoot(root) {
			return root, nil
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	for {
		if isModuleRoot(dir) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find module root: no directory with go.mod and " + docDir + "/")
		}
		dir = parent
	}
}

func isModuleRoot(dir string) bool {
	if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil || fi.IsDir() {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, docDir))
	return err == nil && fi.IsDir()
}

// ValidateRequest validates a request (method, path, query, headers
// including the bearer token, and body) against the operation the spec
// declares for it; any host is accepted. The body is read and put back on
// req, so the request can still be sent or served. It returns nil when the
// request conforms and an error describing the first problem otherwise.
func (s *Doc) ValidateRequest(t testing.TB, req *http.Request) error {
	t.Helper()
	if req == nil || req.URL == nil {
		return errors.New("spectest: nil request or URL")
	}
	body, err := readBody(req)
	if err != nil {
		return err
	}
	route, params, err := s.findRoute(req)
	if err != nil {
		return err
	}
	if route.Operation.RequestBody == nil && len(body) > 0 {
		return fmt.Errorf("spectest: %s %s: %s declares no request body", req.Method, req.URL.EscapedPath(), route.Operation.OperationID)
	}
	// kin-openapi consumes the body it validates: hand it a copy.
	check := req.Clone(req.Context())
	check.Body = io.NopCloser(bytes.NewReader(body))
	check.GetBody = nil
	in := &openapi3filter.RequestValidationInput{
		Request:    check,
		PathParams: params,
		Route:      route,
		Options:    s.filterOptions(),
	}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
		return fmt.Errorf("spectest: %s %s: %w", req.Method, req.URL.EscapedPath(), err)
	}
	return nil
}

// ValidateResponse validates a response to req (status, headers and body)
// against the spec. A 2xx status must be one the operation declares
// explicitly (201 for create, 200 for get), because this spec's `default`
// response describes errors only and kin-openapi alone would check a 200
// from create against it; any other status is checked against its own
// response or `default`. It returns nil when the response conforms.
func (s *Doc) ValidateResponse(t testing.TB, req *http.Request, status int, header http.Header, body []byte) error {
	t.Helper()
	if req == nil || req.URL == nil {
		return errors.New("spectest: nil request or URL")
	}
	route, params, err := s.findRoute(req)
	if err != nil {
		return err
	}
	where := fmt.Sprintf("%s %s: %d", req.Method, req.URL.EscapedPath(), status)
	if status >= 200 && status < 300 && route.Operation.Responses.Status(status) == nil {
		return fmt.Errorf("spectest: %s: success status not declared by %s", where, route.Operation.OperationID)
	}
	if header == nil {
		header = http.Header{}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: s.filterOptions(),
	}
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		return fmt.Errorf("spectest: %s: %w", where, err)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&v) == nil {
		if err := s.checkUnions(v); err != nil {
			return fmt.Errorf("spectest: %s: %w", where, err)
		}
	}
	return nil
}

// ValidateSchema validates the JSON document doc against
// components/schemas/<name>. It returns nil when doc conforms, and an error
// when doc is not JSON or breaks the schema. An unknown schema name fails
// the test (it is a mistake in the test, not in the document).
func (s *Doc) ValidateSchema(t testing.TB, name string, doc []byte) error {
	t.Helper()
	ref := s.doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("spectest: no schema %q in the %s document", name, s.version)
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("spectest: %s: not JSON: %w", name, err)
	}
	if dec.More() {
		return fmt.Errorf("spectest: %s: trailing data after the JSON value", name)
	}
	if err := ref.Value.VisitJSON(v, s.opts...); err != nil {
		return fmt.Errorf("spectest: %s: %w", name, err)
	}
	if err := s.checkUnions(v); err != nil {
		return fmt.Errorf("spectest: %s: %w", name, err)
	}
	return nil
}

// Fixture returns the bytes of testdata/<name> in this package's directory
// (found from this source file, so it works from any package's tests). A
// missing file, or a name that leaves testdata/, fails the test.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	if !filepath.IsLocal(name) {
		t.Fatalf("spectest: fixture name %q is not a local path", name)
		return nil
	}
	dir, err := fixtureDir()
	if err != nil {
		t.Fatalf("spectest: %v", err)
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("spectest: fixture: %v", err)
		return nil
	}
	return b
}

func fixtureDir() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		dir := filepath.Join(filepath.Dir(file), "testdata")
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir, nil
		}
	}
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	return filepath.Join(root, "internal", "spectest", "testdata"), nil
}

// readBody reads req's body and puts an identical one back.
func readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	req.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("spectest: read request body: %w", err)
	}
	return body, nil
}

// findRoute matches req to an operation by method and path alone (tests
// send requests to http://127.0.0.1:PORT, not to the spec's servers). It
// compares the escaped path segment by segment: a trailing slash counts
// ("/v1/checkouts/" is not "/v1/checkouts"), a path parameter matches one
// non-empty segment, and a percent-encoded id such as "..%2Fx" stays one
// segment. kin-openapi's legacy router ignores trailing slashes and its
// gorillamux router needs gorilla/mux, hence this small matcher.
func (s *Doc) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	path := req.URL.EscapedPath()
	got := strings.Split(path, "/")
	var (
		best       *routers.Route
		bestParams map[string]string
		bestConst  = -1
		pathFound  bool
	)
	for _, tmpl := range s.doc.Paths.InMatchingOrder() {
		item := s.doc.Paths.Value(tmpl)
		params, consts, ok := matchPath(strings.Split(tmpl, "/"), got)
		if !ok {
			continue
		}
		pathFound = true
		op := item.GetOperation(req.Method)
		if op == nil || consts <= bestConst {
			continue
		}
		best = &routers.Route{Spec: s.doc, Path: tmpl, PathItem: item, Method: req.Method, Operation: op}
		bestParams, bestConst = params, consts
	}
	switch {
	case best != nil:
		return best, bestParams, nil
	case pathFound:
		return nil, nil, fmt.Errorf("spectest: %s %s: %w", req.Method, path, routers.ErrMethodNotAllowed)
	default:
		return nil, nil, fmt.Errorf("spectest: %s %s: %w", req.Method, path, routers.ErrPathNotFound)
	}
}

// matchPath matches the segments of an escaped request path against a path
// template's, returning the unescaped parameters and how many segments
// were constants.
func matchPath(tmpl, got []string) (map[string]string, int, bool) {
	if len(tmpl) != len(got) {
		return nil, 0, false
	}
	params := map[string]string{}
	consts := 0
	for i, seg := range tmpl {
		if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			if got[i] == "" {
				return nil, 0, false
			}
			v, err := url.PathUnescape(got[i])
			if err != nil {
				return nil, 0, false
			}
			params[seg[1:len(seg)-1]] = v
			continue
		}
		if seg != got[i] {
			return nil, 0, false
		}
		consts++
	}
	return params, consts, true
}

func (s *Doc) filterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		IncludeResponseStatus:   true,
		AuthenticationFunc:      authenticate,
		SchemaValidationOptions: s.opts,
		// Not RejectWhenRequestBodyNotSpecified: in v0.142.0 it rejects
		// every non-empty body, declared or not. ValidateRequest checks it.
	}
}

// authenticate accepts the spec's http bearer scheme when the request
// carries "Authorization: Bearer <token>" with a non-empty token.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme == nil || in.SecurityScheme.Type != "http" || !strings.EqualFold(in.SecurityScheme.Scheme, "bearer") {
		return in.NewError(fmt.Errorf("unsupported security scheme %q", in.SecuritySchemeName))
	}
	h := in.RequestValidationInput.Request.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return in.NewError(errors.New(`missing "Authorization: Bearer <token>" header`))
	}
	return nil
}

var (
	uuidRE     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	dateTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
)

// stringFormats returns the string format validators for this spec.
func stringFormats() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		"uuid4":     openapi3.NewCallbackValidator(validateUUID),
		"uri":       openapi3.NewCallbackValidator(validateURI),
		"email":     openapi3.NewCallbackValidator(validateEmail),
		"date-time": openapi3.NewCallbackValidator(validateDateTime),
	}
}

func validateUUID(s string) error {
	if !uuidRE.MatchString(s) {
		return errors.New("not a canonical 8-4-4-4-12 hexadecimal UUID")
	}
	return nil
}

func validateURI(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return errors.New("not an absolute URL with a scheme and a host")
	}
	return nil
}

func validateEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return fmt.Errorf("not an e-mail address: %w", err)
	}
	if a.Name != "" || a.Address != s {
		return errors.New("not a bare e-mail address")
	}
	return nil
}

func validateDateTime(s string) error {
	if !dateTimeRE.MatchString(s) {
		return errors.New("not RFC 3339 with seconds and an explicit offset")
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
		return fmt.Errorf("not a valid RFC 3339 date-time: %w", err)
	}
	return nil
}

// Declares reports whether the spec declares status for the operation
// req is for. It is false for a path or method the spec has no operation
// for, and for statuses Polar sends but its document leaves out (411,
// 413, 500...), which tests then check by hand.
func (s *Doc) Declares(t testing.TB, req *http.Request, status int) bool {
	t.Helper()
	route, _, err := s.findRoute(req)
	if err != nil {
		return false
	}
	return route.Operation.Responses.Status(status) != nil
}

// The spec's price and discount unions have no discriminator a strict
// oneOf can use: a legacy price also matches ProductPrice (no
// additionalProperties: false) and a repeating discount also matches its
// once/forever sibling (duration is typed as the whole enum), so a
// correct body gets "matches more than one schema" (facts §6.5). The
// loaded copy of the document therefore checks these unions as anyOf (at
// least one member matches), and checkUnions then validates every price
// and discount in a body against exactly the member Polar's server picks:
// the key legacy (present: LegacyRecurringProductPrice, else
// ProductPrice), and (type, duration) for discounts. Nothing is left
// unchecked: each object must match its own member.

// relaxUnions turns the two ambiguous oneOfs into anyOf.
func relaxUnions(doc *openapi3.T) {
	for _, name := range []string{"CheckoutProductPrice", "CheckoutDiscount", "OrderDiscount"} {
		if ref := doc.Components.Schemas[name]; ref != nil && ref.Value != nil && len(ref.Value.OneOf) > 0 {
			ref.Value.AnyOf, ref.Value.OneOf = ref.Value.OneOf, nil
		}
	}
}

// unionMember names the schema Polar's rule picks for obj, or "" when obj
// is no price or discount.
func unionMember(obj map[string]any) string {
	if _, ok := obj["amount_type"]; ok {
		if _, ok := obj["price_currency"]; ok {
			if _, legacy := obj["legacy"]; legacy {
				return "LegacyRecurringProductPrice"
			}
			return "ProductPrice"
		}
	}
	typ, _ := obj["type"].(string)
	dur, _ := obj["duration"].(string)
	if dur == "" || (typ != "fixed" && typ != "percentage") {
		return ""
	}
	kind := map[string]string{"fixed": "Fixed", "percentage": "Percentage"}[typ]
	shape := "OnceForeverDuration"
	if dur == "repeating" {
		shape = "RepeatDuration"
	}
	if _, ok := obj["created_at"]; ok { // an order's discount: the full Discount schema
		return "Discount" + kind + shape + "Base"
	}
	return "CheckoutDiscount" + kind + shape
}

// checkUnions validates every price and discount object inside v against
// the member unionMember picks.
func (s *Doc) checkUnions(v any) error {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			if err := s.checkUnions(x); err != nil {
				return err
			}
		}
	case map[string]any:
		if name := unionMember(v); name != "" {
			if ref := s.doc.Components.Schemas[name]; ref != nil && ref.Value != nil {
				if err := ref.Value.VisitJSON(v, s.opts...); err != nil {
					return fmt.Errorf("as %s (the member Polar picks): %w", name, err)
				}
			}
		}
		for _, x := range v {
			if err := s.checkUnions(x); err != nil {
				return err
			}
		}
	}
	return nil
}
