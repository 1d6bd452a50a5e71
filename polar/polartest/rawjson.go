package polartest

import (
	"net/http"

	"github.com/polar-checkouts/polar-go/internal/htmljson"
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
	if _, err := w.ResponseWriter.Write(htmljson.Unescape(b)); err != nil {
		return 0, err
	}
	return len(b), nil
}
