package polar_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/polar-checkouts/polar-go/internal/spectest"
	"github.com/polar-checkouts/polar-go/polar"
)

func TestStatusToError(t *testing.T) {
	t.Parallel()
	sentinels := []error{polar.ErrUnauthorized, polar.ErrForbidden, polar.ErrNotFound, polar.ErrRateLimited, polar.ErrServer}
	for _, tc := range []struct {
		name        string
		status      int
		contentType string
		body        string
		header      http.Header
		want        error // the one sentinel it matches, or nil
		wantName    string
		wantDetail  string
		wantMsg     string
	}{
		{name: "400 is a plain APIError", status: 400, body: `{"error":"BadRequest","detail":"bad"}`,
			wantName: "BadRequest", wantDetail: "bad", wantMsg: "polar: 400 Bad Request: bad (GET /v1/checkouts/cs_1)"},
		{name: "401 is ErrUnauthorized", status: 401, body: `{"error":"Unauthorized","detail":"Invalid token"}`,
			header: http.Header{"Www-Authenticate": {`Bearer realm="polar"`}}, want: polar.ErrUnauthorized, wantName: "Unauthorized", wantDetail: "Invalid token"},
		{name: "a name and detail that repeat the status are not repeated", status: 401, body: `{"error":"Unauthorized","detail":"Unauthorized"}`,
			want: polar.ErrUnauthorized, wantName: "Unauthorized", wantDetail: "Unauthorized", wantMsg: "polar: 401 Unauthorized (GET /v1/checkouts/cs_1)"},
		{name: "a detail that repeats the name is not repeated", status: 400, body: `{"error":"BadRequest","detail":"BadRequest"}`,
			wantName: "BadRequest", wantDetail: "BadRequest", wantMsg: "polar: 400 Bad Request (GET /v1/checkouts/cs_1)"},
		{name: "403 is ErrForbidden", status: 403, body: `{"error":"NotPermitted","detail":"no"}`, want: polar.ErrForbidden, wantName: "NotPermitted", wantDetail: "no"},
		{name: "404 is ErrNotFound", status: 404, body: `{"error":"ResourceNotFound","detail":"Not found"}`, want: polar.ErrNotFound,
			wantName: "ResourceNotFound", wantDetail: "Not found", wantMsg: "polar: 404 Not Found: ResourceNotFound: Not found (GET /v1/checkouts/cs_1)"},
		{name: "404 with the older type key", status: 404, body: `{"type":"ResourceNotFound","detail":"gone"}`, want: polar.ErrNotFound, wantName: "ResourceNotFound", wantDetail: "gone"},
		{name: "409 is a plain APIError", status: 409, body: `{"error":"ResourceAlreadyExists","detail":"dup"}`, wantName: "ResourceAlreadyExists", wantDetail: "dup"},
		{name: "410 is a plain APIError", status: 410, body: `{"error":"ResourceUnavailable","detail":"gone"}`, wantName: "ResourceUnavailable", wantDetail: "gone"},
		{name: "429 is ErrRateLimited", status: 429, body: `{"error":"TooManyRequests","detail":"slow down"}`, want: polar.ErrRateLimited, wantName: "TooManyRequests", wantDetail: "slow down"},
		{name: "500 is ErrServer", status: 500, body: `{"error":"InternalServerError","detail":"oops"}`, want: polar.ErrServer, wantName: "InternalServerError", wantDetail: "oops"},
		{name: "503 HTML from a proxy is ErrServer", status: 503, contentType: "text/html", body: "<html><h1>503 Service Unavailable</h1></html>",
			want: polar.ErrServer, wantMsg: "polar: 503 Service Unavailable (GET /v1/checkouts/cs_1)"},
		{name: "504 with an empty body", status: 504, contentType: "text/plain", body: "", want: polar.ErrServer},
		{name: "599 is ErrServer", status: 599, body: `{}`, want: polar.ErrServer, wantMsg: "polar: 599 (GET /v1/checkouts/cs_1)"},
		{name: "a non-string detail is kept as JSON", status: 400, body: `{"error":"BadRequest","detail":{"field": "x"}}`, wantName: "BadRequest", wantDetail: `{"field":"x"}`},
		{name: "422 that is not FastAPI-shaped stays an APIError", status: 422, body: `{"detail":"Unprocessable"}`, wantDetail: "Unprocessable"},
		{name: "3xx without a location is an APIError", status: 304, body: ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				ct := tc.contentType
				if ct == "" {
					ct = "application/json"
				}
				w.Header().Set("Content-Type", ct)
				for k, v := range tc.header {
					w.Header()[k] = v
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			})
			co, err := srv.client(t).Checkouts.Get(context.Background(), "cs_1")
			if co != nil {
				t.Errorf("checkout = %+v, want nil", co)
			}
			var apiErr *polar.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v (%T), want *polar.APIError", err, err)
			}
			if apiErr.StatusCode != tc.status || apiErr.Name != tc.wantName || apiErr.Detail != tc.wantDetail ||
				apiErr.Method != "GET" || apiErr.Path != "/v1/checkouts/cs_1" || string(apiErr.Body) != tc.body {
				t.Errorf("APIError = %+v", apiErr)
			}
			for k := range tc.header {
				if apiErr.Header.Get(k) != tc.header.Get(k) {
					t.Errorf("Header[%s] = %q, want %q", k, apiErr.Header.Get(k), tc.header.Get(k))
				}
			}
			for _, s := range sentinels {
				if got, want := errors.Is(err, s), s == tc.want; got != want {
					t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
				}
			}
			if tc.wantMsg != "" && err.Error() != tc.wantMsg {
				t.Errorf("message = %q, want %q", err.Error(), tc.wantMsg)
			}
		})
	}
}

func TestValidationErrorListsEveryField(t *testing.T) {
	t.Parallel()
	body := spectest.Fixture(t, "validation_error.json")
	srv := newRecorder(t, serveJSON(http.StatusUnprocessableEntity, body))
	_, err := srv.client(t).Checkouts.Create(context.Background(), polar.CheckoutCreate{ProductPriceID: priceID, SuccessURL: "nope"})
	var verr *polar.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err = %v (%T), want *polar.ValidationError", err, err)
	}
	want := []polar.FieldError{
		{Loc: []string{"body", "success_url"}, Msg: "Input should be a valid URL, relative URL without a base", Type: "url_parsing"},
		{Loc: []string{"body", "items", "0"}, Msg: "Field required", Type: "missing"},
	}
	if diff := cmp.Diff(want, verr.Errors); diff != "" {
		t.Errorf("Errors (-want +got):\n%s", diff)
	}
	if verr.StatusCode != 422 || string(verr.Body) != string(body) {
		t.Errorf("StatusCode = %d, Body = %q", verr.StatusCode, verr.Body)
	}
	const wantMsg = "polar: 422 Unprocessable Entity: body.success_url: Input should be a valid URL, relative URL without a base; body.items.0: Field required"
	if err.Error() != wantMsg {
		t.Errorf("message = %q, want %q", err.Error(), wantMsg)
	}
}

func TestErrorBodiesAreCapped(t *testing.T) {
	t.Parallel()
	huge := `{"error":"InternalServerError","detail":"` + strings.Repeat("x", 1<<20) + `"}`
	srv := newRecorder(t, serveJSON(http.StatusInternalServerError, []byte(huge)))
	_, err := srv.client(t).Checkouts.Get(context.Background(), "cs_1")
	var apiErr *polar.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	if len(apiErr.Body) != 64<<10 {
		t.Errorf("len(Body) = %d, want the 64 KiB cap", len(apiErr.Body))
	}
	if !errors.Is(err, polar.ErrServer) || apiErr.StatusCode != 500 {
		t.Errorf("err = %v, want a 500", err)
	}
}

func TestUnexpectedSuccessBodiesAreErrors(t *testing.T) {
	t.Parallel()
	valid := string(checkoutJSON(t))
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		wantIn                  []string
	}{
		{"null", "application/json", "null", 200, []string{"200 OK", "application/json", "no id"}},
		{"empty object", "application/json", "{}", 200, []string{"200 OK", "no id"}},
		{"no product", "application/json", `{"id":"cs_1","customer_email":null,"customer_name":null,"product_price":{"type":"one_time"}}`, 200, []string{"no product"}},
		{"no price", "application/json", strings.Replace(valid, `"product_price"`, `"other"`, 1), 200, []string{"product_price is not an object"}},
		{"a number for the price", "application/json", `{"id":"cs_1","product":{"id":"p"},"product_price":1}`, 200, []string{"product_price is not an object"}},
		{"empty body", "application/json", "", 200, []string{"200 OK", "unexpected end of JSON input"}},
		{"truncated JSON", "application/json", valid[:len(valid)/2], 200, []string{"200 OK", "unexpected end"}},
		{"HTML", "text/html; charset=utf-8", "<html>hi</html>", 200, []string{"200 OK", "text/html; charset=utf-8", "not JSON"}},
		{"no content type", "", valid, 200, []string{"no content type"}},
		{"an array", "application/json", `[1,2]`, 200, []string{"cannot unmarshal array"}},
		{"204 No Content", "application/json", "", 204, []string{"204 No Content"}},
		{"trailing garbage", "application/json", valid + "x", 200, []string{"invalid character"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tc.contentType}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			})
			co, err := srv.client(t).Checkouts.Get(context.Background(), "cs_1")
			if err == nil || co != nil {
				t.Fatalf("Get = %+v, %v; want nil and an error", co, err)
			}
			for _, want := range append([]string{"polar: get checkout: unexpected response"}, tc.wantIn...) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestSuccessContentTypesAccepted(t *testing.T) {
	t.Parallel()
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json"} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write(checkoutJSON(t))
		})
		if _, err := srv.client(t).Checkouts.Get(context.Background(), "cs_1"); err != nil {
			t.Errorf("Content-Type %q: %v", ct, err)
		}
	}
}

func TestContextErrorsAreWrapped(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := srv.client(t, polar.WithRetryConfig(polar.DefaultRetryConfig())).Checkouts.Get(ctx, "cs_1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if !strings.HasPrefix(err.Error(), "polar: get checkout: ") {
		t.Errorf("message %q does not name the operation", err)
	}
}

func TestErrorTypesCanBeBuiltByUsers(t *testing.T) {
	t.Parallel()
	// Users build these in their own tests; the messages stay readable.
	var err error = &polar.APIError{StatusCode: 404, Name: "ResourceNotFound", Detail: "Not found"}
	if !errors.Is(err, polar.ErrNotFound) || err.Error() != "polar: 404 Not Found: ResourceNotFound: Not found" {
		t.Errorf("APIError = %q", err)
	}
	err = fmt.Errorf("shop: %w", &polar.ValidationError{Errors: []polar.FieldError{{Loc: []string{"body", "success_url"}, Msg: "Field required", Type: "missing"}}})
	if err.Error() != "shop: polar: invalid request: body.success_url: Field required" {
		t.Errorf("ValidationError = %q", err)
	}
}
