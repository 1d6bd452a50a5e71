package polar_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestEveryErrorShapeOfPolar serves each error body the facts list (§3,
// §4, §9) to every method and checks the typed error it becomes: an
// *APIError with Polar's name and detail and exactly its sentinel, or a
// *ValidationError listing every item.
func TestEveryErrorShapeOfPolar(t *testing.T) {
	t.Parallel()
	sentinels := []error{polar.ErrUnauthorized, polar.ErrForbidden, polar.ErrNotFound, polar.ErrRateLimited, polar.ErrServer, polar.ErrExpired, polar.ErrAPIVersion}
	type row struct {
		name        string
		status      int
		noEcho      bool   // answer without the Polar-Version echo
		wantIn      string // the message contains it too
		contentType string // application/json unless set; "-" for none
		body        string
		header      http.Header
		want        error // the one sentinel it matches, or nil
		wantName    string
		wantDetail  string
		retryAfter  time.Duration
		fields      []polar.FieldError // a *ValidationError when set
	}
	rows := []row{
		{name: "404 ResourceNotFound", status: 404, body: `{"error":"ResourceNotFound","detail":"Not found"}`,
			want: polar.ErrNotFound, wantName: "ResourceNotFound", wantDetail: "Not found"},
		{name: "403 NotOpenCheckout", status: 403, body: `{"error":"NotOpenCheckout","detail":"Checkout ` + checkoutID + ` is not open: succeeded"}`,
			want: polar.ErrForbidden, wantName: "NotOpenCheckout", wantDetail: "Checkout " + checkoutID + " is not open: succeeded"},
		{name: "403 NotPermitted", status: 403, body: `{"error":"NotPermitted","detail":"Not permitted"}`,
			want: polar.ErrForbidden, wantName: "NotPermitted", wantDetail: "Not permitted"},
		{name: "403 AlreadyActiveSubscriptionError", status: 403, body: `{"error":"AlreadyActiveSubscriptionError","detail":"You already have an active subscription."}`,
			want: polar.ErrForbidden, wantName: "AlreadyActiveSubscriptionError", wantDetail: "You already have an active subscription."},
		{name: "410 ExpiredCheckoutError", status: 410, body: `{"error":"ExpiredCheckoutError","detail":"This checkout session has expired."}`,
			want: polar.ErrExpired, wantName: "ExpiredCheckoutError", wantDetail: "This checkout session has expired."},
		{name: "409 CheckoutLocked", status: 409, body: `{"error":"CheckoutLocked","detail":"Checkout is currently being processed. Please try again."}`,
			wantName: "CheckoutLocked", wantDetail: "Checkout is currently being processed. Please try again."},
		{name: "409 CheckoutCustomerDeleted", status: 409, body: `{"error":"CheckoutCustomerDeleted","detail":"The customer associated with this checkout has been deleted."}`,
			wantName: "CheckoutCustomerDeleted", wantDetail: "The customer associated with this checkout has been deleted."},
		{name: "400 PaymentError", status: 400, body: `{"error":"PaymentError","detail":"The payment failed: Your card was declined. Please try again with a different payment method."}`,
			wantName: "PaymentError", wantDetail: "The payment failed: Your card was declined. Please try again with a different payment method."},
		{name: "422 with a detail list", status: 422,
			body: `{"error":"RequestValidationError","detail":[` +
				`{"type":"uuid_parsing","loc":["body","function-after[is_complete_configuration(), CheckoutProductsCreate]","products",0],"msg":"Input should be a valid UUID","input":"x","ctx":{"error":{}}},` +
				`{"type":"missing","loc":["body","function-after[is_complete_configuration(), CheckoutProductCreate]","product_id"],"msg":"Field required","input":{}},` +
				`{"type":"value_error","loc":["body","customer_email"],"msg":"value is not a valid email address: x","input":"x"}]}`,
			fields: []polar.FieldError{
				{Loc: []string{"body", "function-after[is_complete_configuration(), CheckoutProductsCreate]", "products", "0"}, Msg: "Input should be a valid UUID", Type: "uuid_parsing"},
				{Loc: []string{"body", "function-after[is_complete_configuration(), CheckoutProductCreate]", "product_id"}, Msg: "Field required", Type: "missing"},
				{Loc: []string{"body", "customer_email"}, Msg: "value is not a valid email address: x", Type: "value_error"},
			}},
		{name: "422 PolarRequestValidationError", status: 422,
			body:   `{"error":"PolarRequestValidationError","detail":[{"type":"value_error","loc":["body","discount_id"],"msg":"Discount is no longer redeemable.","input":"` + discountID + `"}]}`,
			fields: []polar.FieldError{{Loc: []string{"body", "discount_id"}, Msg: "Discount is no longer redeemable.", Type: "value_error"}}},
		{name: "422 with an empty detail list", status: 422, body: `{"error":"RequestValidationError","detail":[]}`, fields: []polar.FieldError{}},
		{name: "422 with a string detail is an APIError", status: 422,
			body:     `{"error":"CheckoutCustomerExternalIdMismatch","detail":"A customer with this external ID already exists but with a different email address."}`,
			wantName: "CheckoutCustomerExternalIdMismatch", wantDetail: "A customer with this external ID already exists but with a different email address."},
		{name: "401 Unauthorized", status: 401, body: `{"error":"Unauthorized","detail":"Unauthorized"}`,
			header: http.Header{"Www-Authenticate": {`Bearer realm="polar"`}},
			want:   polar.ErrUnauthorized, wantName: "Unauthorized", wantDetail: "Unauthorized"},
		{name: "401 OAuth2 invalid_token", status: 401,
			body:   `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed, or invalid for other reasons."}`,
			header: http.Header{"Www-Authenticate": {`Bearer realm="polar", error="invalid_token"`}, "Cache-Control": {"no-store"}},
			want:   polar.ErrUnauthorized, wantName: "invalid_token", wantDetail: "The access token provided is expired, revoked, malformed, or invalid for other reasons."},
		{name: "403 OAuth2 insufficient_scope", status: 403,
			body: `{"error":"insufficient_scope","error_description":"The request requires higher privileges than provided by the access token."}`,
			want: polar.ErrForbidden, wantName: "insufficient_scope", wantDetail: "The request requires higher privileges than provided by the access token."},
		{name: "429 with an empty body and retry-after", status: 429, contentType: "-", body: ``,
			header: http.Header{"Retry-After": {"60"}}, want: polar.ErrRateLimited, retryAfter: time.Minute},
		{name: "411 LengthRequired", status: 411, body: `{"error":"LengthRequired","detail":"A Content-Length header is required."}`,
			wantName: "LengthRequired", wantDetail: "A Content-Length header is required."},
		{name: "413 RequestBodyTooLarge", status: 413, body: `{"error":"RequestBodyTooLarge","detail":"Request body exceeded the maximum allowed size of 10485760 bytes."}`,
			wantName: "RequestBodyTooLarge", wantDetail: "Request body exceeded the maximum allowed size of 10485760 bytes."},
		{name: "404 without an error key (unknown path)", status: 404, body: `{"detail":"Not Found"}`,
			want: polar.ErrNotFound, wantDetail: "Not Found"},
		// Polar answers a Polar-Version it does not serve (removed,
		// unknown) before routing: a 404 without the echo.
		{name: "404 without the Polar-Version echo is ErrAPIVersion, not ErrNotFound", status: 404, noEcho: true, body: `{"detail":"Not Found"}`,
			want: polar.ErrAPIVersion, wantDetail: "Not Found",
			wantIn: "Polar does not serve API version " + polar.APIVersion + " (removed or unknown): move to a newer version package"},
		{name: "404 ResourceNotFound without the Polar-Version echo is ErrAPIVersion", status: 404, noEcho: true,
			body: `{"error":"ResourceNotFound","detail":"Not found"}`,
			want: polar.ErrAPIVersion, wantName: "ResourceNotFound", wantDetail: "Not found",
			wantIn: "API version " + polar.APIVersion},
		{name: "405 Method Not Allowed", status: 405, body: `{"detail":"Method Not Allowed"}`, wantDetail: "Method Not Allowed"},
		{name: "502 HTML from a proxy", status: 502, contentType: "text/html",
			body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>",
			want: polar.ErrServer},
		{name: "500 text/plain", status: 500, contentType: "text/plain; charset=utf-8", body: "Internal Server Error", want: polar.ErrServer},
		{name: "503 JSON", status: 503, body: `{"error":"ServiceUnavailable","detail":"maintenance"}`, want: polar.ErrServer,
			wantName: "ServiceUnavailable", wantDetail: "maintenance"},
		{name: "a non-string detail is kept as JSON", status: 400, body: `{"error":"BadRequest","detail":{"field": "x"}}`,
			wantName: "BadRequest", wantDetail: `{"field":"x"}`},
		{name: "3xx without a location", status: 304, contentType: "-", body: ``},
	}
	for _, tc := range rows {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOp(t, func(t *testing.T, o op) {
				srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					switch tc.contentType {
					case "":
						w.Header().Set("Content-Type", "application/json")
					case "-":
					default:
						w.Header().Set("Content-Type", tc.contentType)
					}
					for k, v := range tc.header {
						w.Header()[k] = v
					}
					if tc.noEcho {
						w.Header().Del("Polar-Version")
					}
					w.WriteHeader(tc.status)
					w.Write([]byte(tc.body))
				})
				id, err := o.call(context.Background(), srv.client(t))
				if id != "" || err == nil {
					t.Fatalf("call = %q, %v; want no checkout and an error", id, err)
				}
				if tc.fields != nil {
					var verr *polar.ValidationError
					if !errors.As(err, &verr) {
						t.Fatalf("err = %v (%T), want *polar.ValidationError", err, err)
					}
					if diff := cmp.Diff(tc.fields, verr.Errors); diff != "" {
						t.Errorf("Errors (-want +got):\n%s", diff)
					}
					if verr.StatusCode != 422 || string(verr.Body) != tc.body {
						t.Errorf("StatusCode %d, Body %q", verr.StatusCode, verr.Body)
					}
					var ae *polar.APIError
					if errors.As(err, &ae) {
						t.Error("a ValidationError is also an APIError")
					}
					return
				}
				var ae *polar.APIError
				if !errors.As(err, &ae) {
					t.Fatalf("err = %v (%T), want *polar.APIError", err, err)
				}
				if ae.StatusCode != tc.status || ae.Name != tc.wantName || ae.Detail != tc.wantDetail || string(ae.Body) != tc.body {
					t.Errorf("APIError = %d %q %q %q, want %d %q %q %q", ae.StatusCode, ae.Name, ae.Detail, ae.Body, tc.status, tc.wantName, tc.wantDetail, tc.body)
				}
				if ae.Method != o.method || ae.Path != o.path {
					t.Errorf("APIError names %s %s, want %s %s", ae.Method, ae.Path, o.method, o.path)
				}
				if ae.RetryAfter != tc.retryAfter {
					t.Errorf("RetryAfter = %v, want %v", ae.RetryAfter, tc.retryAfter)
				}
				for k := range tc.header {
					if ae.Header.Get(k) != tc.header.Get(k) {
						t.Errorf("Header[%s] = %q, want %q", k, ae.Header.Get(k), tc.header.Get(k))
					}
				}
				for _, s := range sentinels {
					if got, want := errors.Is(err, s), s == tc.want; got != want {
						t.Errorf("errors.Is(err, %v) = %v, want %v", s, got, want)
					}
				}
				if ae.APIVersion != polar.APIVersion {
					t.Errorf("APIVersion = %q, want %q", ae.APIVersion, polar.APIVersion)
				}
				// A confirm that got a 5xx may have gone through: it says so
				// first, and still matches the 5xx's sentinel.
				prefix := "polar: " + itoa(tc.status)
				outcome := o.name == "ClientConfirm" && tc.status >= 500
				if outcome {
					prefix = "polar: confirm checkout: the payment may have gone through; read the checkout (ClientGet) before trying again: " + itoa(tc.status)
				}
				if got := errors.Is(err, polar.ErrUnknownOutcome); got != outcome {
					t.Errorf("errors.Is(err, ErrUnknownOutcome) = %v, want %v", got, outcome)
				}
				if !strings.HasPrefix(err.Error(), prefix) || !strings.HasSuffix(err.Error(), "("+o.method+" "+o.path+")") ||
					!strings.Contains(err.Error(), tc.wantIn) {
					t.Errorf("message %q, want %q ... %q ... (%s %s)", err, prefix, tc.wantIn, o.method, o.path)
				}
			})
		})
	}
}

func TestErrorMessages(t *testing.T) {
	t.Parallel()
	p := "/v1/checkouts/" + checkoutID
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&polar.APIError{StatusCode: 404, Name: "ResourceNotFound", Detail: "Not found", Method: "GET", Path: p},
			"polar: 404 Not Found: ResourceNotFound: Not found (GET " + p + ")"},
		{&polar.APIError{StatusCode: 401, Name: "Unauthorized", Detail: "Unauthorized", Method: "GET", Path: p},
			"polar: 401 Unauthorized (GET " + p + ")"},
		{&polar.APIError{StatusCode: 409, Name: "CheckoutLocked", Detail: "Checkout is currently being processed. Please try again.", Method: "PATCH", Path: p},
			"polar: 409 Conflict: CheckoutLocked: Checkout is currently being processed. Please try again. (PATCH " + p + ")"},
		{&polar.APIError{StatusCode: 401, Name: "invalid_token", Detail: "The access token provided is expired"},
			"polar: 401 Unauthorized: invalid_token: The access token provided is expired"},
		{&polar.APIError{StatusCode: 599}, "polar: 599"},
		{&polar.APIError{StatusCode: 410, Name: "ExpiredCheckoutError", Detail: "This checkout session has expired."},
			"polar: 410 Gone: ExpiredCheckoutError: This checkout session has expired."},
		{&polar.ValidationError{StatusCode: 422, Errors: []polar.FieldError{
			{Loc: []string{"body", "success_url"}, Msg: "Input should be a valid URL", Type: "url_parsing"},
			{Loc: []string{"body", "products", "0"}, Msg: "Field required", Type: "missing"}}},
			"polar: 422 Unprocessable Entity: body.success_url: Input should be a valid URL; body.products.0: Field required"},
		{fmt.Errorf("shop: %w", &polar.ValidationError{Errors: []polar.FieldError{{Loc: []string{"path", "id"}, Msg: "Field required", Type: "missing"}}}),
			"shop: polar: invalid request: path.id: Field required"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	// Users build these in their own tests; the sentinels follow.
	var err error = &polar.APIError{StatusCode: 410}
	if !errors.Is(err, polar.ErrExpired) || errors.Is(err, polar.ErrNotFound) {
		t.Errorf("410 sentinels wrong")
	}
	// A 404 built without APIVersion is a plain not found; with the
	// version asked for and no Polar-Version echo it is Polar refusing
	// that version; with the echo it is a missing resource again.
	for _, tc := range []struct {
		name           string
		err            *polar.APIError
		notFound, vers bool
	}{
		{"built by hand", &polar.APIError{StatusCode: 404}, true, false},
		{"no echo", &polar.APIError{StatusCode: 404, APIVersion: "2026-10"}, false, true},
		{"echo", &polar.APIError{StatusCode: 404, APIVersion: "2026-10", Header: http.Header{"Polar-Version": {"2026-10"}}}, true, false},
		{"a 410 without echo is no version refusal", &polar.APIError{StatusCode: 410, APIVersion: "2026-10"}, false, false},
	} {
		if got := errors.Is(tc.err, polar.ErrNotFound); got != tc.notFound {
			t.Errorf("%s: errors.Is(ErrNotFound) = %v, want %v", tc.name, got, tc.notFound)
		}
		if got := errors.Is(tc.err, polar.ErrAPIVersion); got != tc.vers {
			t.Errorf("%s: errors.Is(ErrAPIVersion) = %v, want %v", tc.name, got, tc.vers)
		}
		if got := strings.Contains(tc.err.Error(), "move to a newer version package"); got != tc.vers {
			t.Errorf("%s: message %q", tc.name, tc.err)
		}
	}
}

func TestErrorBodiesAreCappedAt64KiB(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		huge := `{"error":"InternalServerError","detail":"` + strings.Repeat("x", 1<<20) + `"}`
		srv := newRecorder(t, serveJSON(http.StatusInternalServerError, []byte(huge)))
		_, err := o.call(context.Background(), srv.client(t))
		var ae *polar.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("err = %v, want *APIError", err)
		}
		if len(ae.Body) != 64<<10 || ae.StatusCode != 500 || !errors.Is(err, polar.ErrServer) {
			t.Errorf("len(Body) = %d, status %d; want the 64 KiB cap of a 500", len(ae.Body), ae.StatusCode)
		}
	})
}

// TestUnexpectedSuccessBodiesAreErrors: a 2xx that is no answer of the
// method's type is an error, never a nil dereference or a zero value.
func TestUnexpectedSuccessBodiesAreErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, contentType, body string
		wantIn                  string
		listOnly, itemOnly      bool
	}{
		{name: "empty body", contentType: "application/json", body: "", wantIn: "unexpected end of JSON input"},
		{name: "null", contentType: "application/json", body: "null", wantIn: "not a checkout"},
		{name: "empty object", contentType: "application/json", body: "{}", wantIn: "not a checkout"},
		{name: "invalid JSON", contentType: "application/json", body: "{not json", wantIn: "invalid character"},
		{name: "an array", contentType: "application/json", body: "[1,2]", wantIn: "cannot unmarshal array"},
		{name: "HTML", contentType: "text/html; charset=utf-8", body: "<html>hi</html>", wantIn: "(text/html; charset=utf-8): not JSON"},
		{name: "no content type", contentType: "", body: "{}", wantIn: "(no content type): not JSON"},
		{name: "a checkout without its client secret", contentType: "application/json", body: `{"id":"` + checkoutID + `"}`,
			wantIn: "no client_secret", itemOnly: true},
		{name: "a page without items", contentType: "application/json", body: `{"pagination":{"total_count":1,"max_page":1}}`,
			wantIn: "not a checkout list: no items", listOnly: true},
		{name: "a page with an empty item", contentType: "application/json", body: `{"items":[{}],"pagination":{"total_count":1,"max_page":1}}`,
			wantIn: "item 0: not a checkout: no id", listOnly: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOp(t, func(t *testing.T, o op) {
				isList := o.name == "List" || o.name == "All"
				if tc.listOnly && !isList || tc.itemOnly && isList {
					t.Skip("not an answer of this method's type")
				}
				srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header()["Content-Type"] = []string{tc.contentType}
					w.WriteHeader(o.status)
					w.Write([]byte(tc.body))
				})
				id, err := o.call(context.Background(), srv.client(t))
				if err == nil || id != "" {
					t.Fatalf("call = %q, %v; want an error", id, err)
				}
				want := "unexpected response " + itoa(o.status) + " " + http.StatusText(o.status)
				if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tc.wantIn) {
					t.Errorf("error %q, want it to contain %q and %q", err, want, tc.wantIn)
				}
				var ae *polar.APIError
				if errors.As(err, &ae) {
					t.Error("a bad 2xx is an APIError")
				}
			})
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
		if _, err := srv.client(t).Checkouts.Get(context.Background(), checkoutID); err != nil {
			t.Errorf("Content-Type %q: %v", ct, err)
		}
	}
}

func TestContextErrorsAreWrapped(t *testing.T) {
	t.Parallel()
	forEachOp(t, func(t *testing.T, o op) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		_, err := o.call(ctx, srv.client(t, polar.WithRetryConfig(polar.DefaultRetryConfig())))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if !strings.HasPrefix(err.Error(), "polar: ") || strings.Count(err.Error(), "polar: ") != 1 {
			t.Errorf("message %q, want one polar: prefix naming the operation", err)
		}
	})
}

// TestValidationErrorsStayShort: a 422 with a thousand problems, or with
// one enormous one, makes an error message of bounded length that says
// how many problems there are and shows the first few; Errors keeps every
// one. An APIError's detail is cut short the same way.
func TestValidationErrorsStayShort(t *testing.T) {
	t.Parallel()
	const n = 1000
	var items []string
	for i := range n {
		// About 62 KB in all, within the 64 KiB kept of an error body.
		items = append(items, `{"type":"missing","loc":["body","k`+itoa(i)+`"],"msg":"Field required"}`)
	}
	huge := strings.Repeat("é", 30<<10) // 60 KiB, two bytes a rune
	for _, tc := range []struct {
		name, body string
		wantErrors int
		wantIn     []string
		maxLen     int
	}{
		{name: "1000 problems", body: `{"error":"RequestValidationError","detail":[` + strings.Join(items, ",") + `]}`,
			wantErrors: n, maxLen: 1000,
			wantIn: []string{"polar: 422 Unprocessable Entity: 1000 problems: body.k0: Field required; body.k1: Field required; body.k2: Field required; and 997 more"}},
		{name: "4 problems", body: `{"detail":[` + strings.Join(items[:4], ",") + `]}`, wantErrors: 4, maxLen: 1000,
			wantIn: []string{": 4 problems: body.k0", "; and 1 more"}},
		{name: "3 problems are all shown", body: `{"detail":[` + strings.Join(items[:3], ",") + `]}`, wantErrors: 3, maxLen: 1000,
			wantIn: []string{"polar: 422 Unprocessable Entity: body.k0: Field required; body.k1: Field required; body.k2: Field required"}},
		{name: "one enormous problem", body: `{"detail":[{"type":"value_error","loc":["body","x"],"msg":"` + huge + `"}]}`,
			wantErrors: 1, maxLen: 300, wantIn: []string{"body.x: éé", "é..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			forEachOp(t, func(t *testing.T, o op) {
				srv := newRecorder(t, serveJSON(422, []byte(tc.body)))
				_, err := o.call(context.Background(), srv.client(t))
				var ve *polar.ValidationError
				if !errors.As(err, &ve) {
					t.Fatalf("err = %v, want a *ValidationError", err)
				}
				if len(ve.Errors) != tc.wantErrors {
					t.Errorf("len(Errors) = %d, want %d", len(ve.Errors), tc.wantErrors)
				}
				msg := ve.Error()
				if len(msg) > tc.maxLen || !utf8.ValidString(msg) {
					t.Errorf("message of %d bytes (valid UTF-8: %v), want at most %d", len(msg), utf8.ValidString(msg), tc.maxLen)
				}
				for _, want := range tc.wantIn {
					if !strings.Contains(msg, want) {
						t.Errorf("message %.300q, want it to contain %q", msg, want)
					}
				}
			})
		})
	}

	t.Run("an APIError with an enormous detail", func(t *testing.T) {
		t.Parallel()
		srv := newRecorder(t, serveJSON(400, []byte(`{"error":"BadRequest","detail":"`+huge+`"}`)))
		_, err := srv.client(t).Checkouts.Get(context.Background(), checkoutID)
		var ae *polar.APIError
		if !errors.As(err, &ae) || ae.Detail != huge {
			t.Fatalf("err = %.100v, want an *APIError keeping the whole detail", err)
		}
		if msg := err.Error(); len(msg) > 700 || !utf8.ValidString(msg) || !strings.HasSuffix(msg, "... (GET /v1/checkouts/"+checkoutID+")") {
			t.Errorf("message of %d bytes: %.100q...%q", len(msg), msg, msg[max(0, len(msg)-80):])
		}
	})
}
