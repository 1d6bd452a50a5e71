package spectest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

const (
	createPath = "/v1/checkouts/"
	getPath    = "/v1/checkouts/cs_test_a1Q2w3E4r5T6y7U8i9O0pAsDfGhJkLzXcVbNm1234567890QwErTy"
)

// newReq builds a server-side request with the bearer token and, when
// body is not nil, a JSON content type.
func newReq(method, target string, body []byte) *http.Request {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	req.Header.Set("Authorization", "Bearer polar_oat_test_token")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func TestValidateRequest(t *testing.T) {
	t.Parallel()
	create := Fixture(t, "checkout_create.json")
	for _, c := range []struct {
		name   string
		req    func() *http.Request
		valid  bool
		reason string
	}{
		{name: "create", valid: true, req: func() *http.Request { return newReq("POST", createPath, create) }},
		{name: "create minimal", valid: true, req: func() *http.Request {
			return newReq("POST", createPath, Fixture(t, "checkout_create_minimal.json"))
		}},
		{name: "create to a loopback URL with charset", valid: true, req: func() *http.Request {
			r, _ := http.NewRequest("POST", "http://127.0.0.1:18080"+createPath, bytes.NewReader(create))
			r.Header.Set("Authorization", "Bearer tok")
			r.Header.Set("Content-Type", "application/json; charset=utf-8")
			return r
		}},
		{name: "create with lower-case bearer scheme", valid: true, req: func() *http.Request {
			r := newReq("POST", createPath, create)
			r.Header.Set("Authorization", "bearer tok")
			return r
		}},
		{name: "create without success_url", reason: `property "success_url" is missing`, req: func() *http.Request {
			return newReq("POST", createPath, []byte(`{"product_price_id":"e469f4e6-9ec7-49d1-87af-9bbf9fecd28f"}`))
		}},
		{name: "create with a bad e-mail", reason: `doesn't match the format "email"`, req: func() *http.Request {
			return newReq("POST", createPath, []byte(`{"product_price_id":"e469f4e6-9ec7-49d1-87af-9bbf9fecd28f","success_url":"https://example.com/","customer_email":"not-an-email"}`))
		}},
		{name: "create without a body", reason: "value is required but missing", req: func() *http.Request {
			return newReq("POST", createPath, nil)
		}},
		{name: "create without Authorization", reason: "authorization failed", req: func() *http.Request {
			r := newReq("POST", createPath, create)
			r.Header.Del("Authorization")
			return r
		}},
		{name: "create with an empty bearer token", reason: "authorization failed", req: func() *http.Request {
			r := newReq("POST", createPath, create)
			r.Header.Set("Authorization", "Bearer  ")
			return r
		}},
		{name: "create with basic auth", reason: "authorization failed", req: func() *http.Request {
			r := newReq("POST", createPath, create)
			r.Header.Set("Authorization", "Basic dXNlcjpwYXNz")
			return r
		}},
		{name: "create as text/plain", reason: "Content-Type", req: func() *http.Request {
			r := newReq("POST", createPath, create)
			r.Header.Set("Content-Type", "text/plain")
			return r
		}},
		{name: "create without the trailing slash", reason: "no matching operation", req: func() *http.Request {
			return newReq("POST", "/v1/checkouts", create)
		}},
		{name: "get", valid: true, req: func() *http.Request { return newReq("GET", getPath, nil) }},
		{name: "get an escaped id", valid: true, req: func() *http.Request { return newReq("GET", "/v1/checkouts/..%2Fx", nil) }},
		{name: "get without an id", reason: "method not allowed", req: func() *http.Request { return newReq("GET", createPath, nil) }},
		{name: "get a nested path", reason: "no matching operation", req: func() *http.Request { return newReq("GET", getPath+"/x", nil) }},
		{name: "get without Authorization", reason: "authorization failed", req: func() *http.Request {
			r := newReq("GET", getPath, nil)
			r.Header.Del("Authorization")
			return r
		}},
		{name: "get with a body", reason: "declares no request body", req: func() *http.Request { return newReq("GET", getPath, create) }},
		{name: "delete", reason: "method not allowed", req: func() *http.Request { return newReq("DELETE", getPath, nil) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateRequest(t, c.req())
			switch {
			case c.valid && err != nil:
				t.Errorf("want valid, got %v", err)
			case !c.valid && err == nil:
				t.Error("want invalid, got valid")
			case !c.valid && !strings.Contains(err.Error(), c.reason):
				t.Errorf("error does not mention %q:\n%v", c.reason, err)
			}
		})
	}
}

// TestValidateRequestRestoresBody proves the body can still be read after
// validation, byte for byte, valid or not.
func TestValidateRequestRestoresBody(t *testing.T) {
	t.Parallel()
	for _, body := range [][]byte{Fixture(t, "checkout_create.json"), []byte(`{"success_url":""}`)} {
		req := newReq("POST", createPath, body)
		_ = ValidateRequest(t, req)
		got, err := io.ReadAll(req.Body)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, body) {
			t.Errorf("body after validation = %q, want %q", got, body)
		}
	}
}

func TestValidateResponse(t *testing.T) {
	t.Parallel()
	jsonCT := http.Header{"Content-Type": {"application/json"}}
	checkout := Fixture(t, "checkout.json")
	errBody := Fixture(t, "error.json")
	for _, c := range []struct {
		name   string
		method string
		path   string
		status int
		header http.Header
		body   []byte
		valid  bool
		reason string
	}{
		{name: "create 201 checkout", method: "POST", path: createPath, status: 201, header: jsonCT, body: checkout, valid: true},
		{name: "create 201 with charset", method: "POST", path: createPath, status: 201,
			header: http.Header{"Content-Type": {"application/json; charset=utf-8"}}, body: checkout, valid: true},
		{name: "create 201 without url", method: "POST", path: createPath, status: 201, header: jsonCT, body: Fixture(t, "checkout_no_url.json"), valid: true},
		{name: "create 201 all nulls", method: "POST", path: createPath, status: 201, header: jsonCT, body: Fixture(t, "checkout_nulls.json"), valid: true},
		{name: "create 201 empty object", method: "POST", path: createPath, status: 201, header: jsonCT, body: []byte(`{}`), reason: `property "id" is missing`},
		{name: "create 201 error body", method: "POST", path: createPath, status: 201, header: jsonCT, body: errBody, reason: "is missing"},
		{name: "create 201 as HTML", method: "POST", path: createPath, status: 201,
			header: http.Header{"Content-Type": {"text/html"}}, body: []byte("<html></html>"), reason: "text/html"},
		{name: "create 200 checkout", method: "POST", path: createPath, status: 200, header: jsonCT, body: checkout, reason: "success status not declared by checkouts:create"},
		{name: "create 200 error body", method: "POST", path: createPath, status: 200, header: jsonCT, body: errBody, reason: "success status not declared by checkouts:create"},
		{name: "create 422", method: "POST", path: createPath, status: 422, header: jsonCT, body: Fixture(t, "validation_error.json"), valid: true},
		{name: "create 422 with an Error body", method: "POST", path: createPath, status: 422, header: jsonCT, body: []byte(`{"detail":"bad"}`), reason: "value must be an array"},
		{name: "create 401", method: "POST", path: createPath, status: 401,
			header: http.Header{"Content-Type": {"application/json"}, "Www-Authenticate": {`Bearer realm="polar"`}},
			body:   []byte(`{"error":"Unauthorized","detail":"Unauthorized"}`), valid: true},
		{name: "create 429 default", method: "POST", path: createPath, status: 429,
			header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {"2"}},
			body:   []byte(`{"error":"TooManyRequests","detail":"Rate limited"}`), valid: true},
		{name: "create 503 HTML (not in the spec)", method: "POST", path: createPath, status: 503,
			header: http.Header{"Content-Type": {"text/html"}}, body: []byte("<html>503</html>"), reason: "text/html"},
		{name: "get 200 checkout", method: "GET", path: getPath, status: 200, header: jsonCT, body: checkout, valid: true},
		{name: "get 201 checkout", method: "GET", path: getPath, status: 201, header: jsonCT, body: checkout, reason: "success status not declared by checkouts:get"},
		{name: "get 200 with recurring_interval week", method: "GET", path: getPath, status: 200, header: jsonCT,
			body: bytes.Replace(checkout, []byte(`"month"`), []byte(`"week"`), 1), reason: `Error at "/product/prices/0": doesn't match schema due to: Error at "/recurring_interval": value is not one of the allowed values`},
		{name: "get 404", method: "GET", path: getPath, status: 404, header: jsonCT, body: errBody, valid: true},
		{name: "get 404 without detail", method: "GET", path: getPath, status: 404, header: jsonCT, body: []byte(`{"error":"ResourceNotFound"}`), reason: `property "detail" is missing`},
		{name: "get 500 default", method: "GET", path: getPath, status: 500, header: jsonCT,
			body: []byte(`{"error":"InternalServerError","detail":"boom"}`), valid: true},
		{name: "unknown path", method: "GET", path: "/v1/products/", status: 200, header: jsonCT, body: checkout, reason: "no matching operation"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req := newReq(c.method, c.path, nil)
			err := ValidateResponse(t, req, c.status, c.header, c.body)
			switch {
			case c.valid && err != nil:
				t.Errorf("want valid, got %v", err)
			case !c.valid && err == nil:
				t.Error("want invalid, got valid")
			case !c.valid && !strings.Contains(err.Error(), c.reason):
				t.Errorf("error does not mention %q:\n%v", c.reason, err)
			}
		})
	}
}

// TestKinOpenAPIDefaultAcceptsAnyStatus pins why ValidateResponse checks
// 2xx statuses itself: with a `default` response declared, kin-openapi
// (even with IncludeResponseStatus) validates an undeclared 200 from
// create against `default`, and passes it when the body is an Error.
func TestKinOpenAPIDefaultAcceptsAnyStatus(t *testing.T) {
	t.Parallel()
	s := load(t)
	req := newReq("POST", createPath, nil)
	route, params, err := s.findRoute(req)
	if err != nil {
		t.Fatal(err)
	}
	validate := func(body []byte) error {
		return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 200,
			Header:                 http.Header{"Content-Type": {"application/json"}},
			Body:                   io.NopCloser(bytes.NewReader(body)),
			Options:                s.filterOptions(),
		})
	}
	if err := validate(Fixture(t, "error.json")); err != nil {
		t.Errorf("kin-openapi rejects a 200 Error body from create (%v); ValidateResponse's own 2xx check may be redundant now", err)
	}
	if err := validate(Fixture(t, "checkout.json")); err == nil {
		t.Error("kin-openapi accepts a 200 Checkout from create; want it checked against default's Error schema")
	}
}

// TestConcurrentValidation runs every validator from many goroutines; run
// with -race.
func TestConcurrentValidation(t *testing.T) {
	t.Parallel()
	checkout := Fixture(t, "checkout.json")
	create := Fixture(t, "checkout_create.json")
	var wg sync.WaitGroup
	errs := make(chan error, 3*32)
	for range 32 {
		wg.Go(func() {
			errs <- ValidateSchema(t, "Checkout", checkout)
			errs <- ValidateRequest(t, newReq("POST", createPath, create))
			errs <- ValidateResponse(t, newReq("GET", getPath, nil), 200, http.Header{"Content-Type": {"application/json"}}, checkout)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
