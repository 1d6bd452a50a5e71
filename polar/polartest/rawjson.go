package polartest

import (
	"bytes"
	"net/http"
)

// rawJSON undoes encoding/json's HTML escaping in the API's answers: the
// generated strict server encodes with json.NewEncoder, which writes &, <
// and > as \u0026, \u003c and \u003e, while Polar (pydantic) sends them as
// they are, e.g. in a success_url with several query parameters. It relies
// on the encoder writing each value in one Write, as it does.
func rawJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(rawJSONWriter{w}, r)
	})
}

type rawJSONWriter struct{ http.ResponseWriter }

func (w rawJSONWriter) Write(b []byte) (int, error) {
	if _, err := w.ResponseWriter.Write(unescapeHTML(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// unescapeHTML replaces the escapes \u0026, \u003c and \u003e in JSON text
// by the characters. Every backslash escape is read as a whole, so an
// escaped backslash followed by "u0026" stays as it is.
func unescapeHTML(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u00`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+5 < len(b) {
			switch string(b[i+2 : i+6]) {
			case "0026":
				out, i = append(out, '&'), i+5
				continue
			case "003c":
				out, i = append(out, '<'), i+5
				continue
			case "003e":
				out, i = append(out, '>'), i+5
				continue
			}
		}
		out, i = append(out, b[i], b[i+1]), i+1
	}
	return out
}
