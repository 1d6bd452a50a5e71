package polartest

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
)

// This file writes the error bodies Polar sends outside the operations'
// own answers: Starlette's {"detail"}, the named {"error","detail"}
// bodies, FailNext's faults and the 422s of bad parameters.

// writeJSON writes v as JSON with status, without HTML escaping (Python's
// json module does not escape <, > and &).
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		internalError(w, nil, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// writeDetail writes Starlette's {"detail": ...} body, which Polar sends
// for unknown paths and versions and for wrong methods.
func writeDetail(w http.ResponseWriter, status int, detail string) {
	writeJSON(w, status, struct {
		Detail string `json:"detail"`
	}{detail})
}

// writeNamed writes Polar's {"error": name, "detail": text} body.
func writeNamed(w http.ResponseWriter, status int, name, detail string) {
	writeJSON(w, status, struct {
		Error  string `json:"error"`
		Detail string `json:"detail"`
	}{name, detail})
}

// internalError is Starlette's answer to an unhandled exception.
func internalError(w http.ResponseWriter, _ *http.Request, _ error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte("Internal Server Error"))
}

// writeFault writes the body Polar sends with status, for FailNext.
func writeFault(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", challenge)
		writeNamed(w, status, "Unauthorized", "Unauthorized")
	case http.StatusForbidden:
		writeNamed(w, status, "NotPermitted", "Not permitted")
	case http.StatusNotFound:
		writeNamed(w, status, "ResourceNotFound", "Not found")
	case http.StatusConflict:
		writeNamed(w, status, "CheckoutLocked", "Checkout is currently being processed. Please try again.")
	case http.StatusGone:
		writeNamed(w, status, "ExpiredCheckoutError", "This checkout session has expired.")
	case http.StatusUnprocessableEntity:
		writeValidation(w, "RequestValidationError", []gen.ValidationError{
			problem("missing", "Field required", nil, "body"),
		})
	case http.StatusTooManyRequests:
		w.WriteHeader(status)
	case http.StatusInternalServerError:
		internalError(w, nil, nil)
	default:
		text := http.StatusText(status)
		if text == "" {
			text = "Error"
		}
		writeNamed(w, status, strings.NewReplacer(" ", "", "-", "").Replace(text), text)
	}
}

// writeValidation writes a 422 with Polar's error name (RequestValidationError
// or PolarRequestValidationError) and items.
func writeValidation(w http.ResponseWriter, name string, items []gen.ValidationError) {
	writeJSON(w, http.StatusUnprocessableEntity, validationBody(name, items))
}

// validationBody is the HTTPValidationError of a 422.
func validationBody(name string, items []gen.ValidationError) gen.HTTPValidationError {
	e := gen.HTTPValidationErrorError(name)
	return gen.HTTPValidationError{Detail: &items, Error: &e}
}

// problem returns one validation error item: type, loc, msg and input.
// loc items are strings or ints.
func problem(typ, msg string, input any, loc ...any) gen.ValidationError {
	return gen.ValidationError{Loc: loc, Msg: msg, Type: typ, Input: input}
}

// paramError answers when the generated layer cannot bind a query
// parameter: only integers (page, limit) can fail there.
func paramError(w http.ResponseWriter, r *http.Request, err error) {
	name := "query"
	var pe *gen.InvalidParamFormatError
	if errors.As(err, &pe) {
		name = pe.ParamName
	}
	input := r.URL.Query().Get(name)
	writeValidation(w, "RequestValidationError", []gen.ValidationError{
		problem("int_parsing", "Input should be a valid integer, unable to parse string as an integer", input, "query", name),
	})
}
