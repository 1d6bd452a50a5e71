package polar_test

import (
	"encoding/json"
	"testing"

	core "github.com/polar-checkouts/polar-go/polar"
)

// htmlMarshaler marshals itself with json.Marshal, which escapes &, < and
// >, as nullable.Nullable does.
type htmlMarshaler string

func (h htmlMarshaler) MarshalJSON() ([]byte, error) { return json.Marshal(string(h)) }

// TestBodiesAreSentWithoutHTMLEscaping: &, < and > arrive as written,
// also from a field that marshals itself; an escaped backslash before
// "u0026" stays what it is.
func TestBodiesAreSentWithoutHTMLEscaping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"plain strings", map[string]string{"u": "a?b=1&c=<d>"}, `{"u":"a?b=1&c=<d>"}`},
		{"a field that marshals itself", map[string]htmlMarshaler{"u": "a?b=1&c=<d>"}, `{"u":"a?b=1&c=<d>"}`},
		{"a backslash before u0026 is no escape", map[string]htmlMarshaler{"u": `x\u0026y&`}, `{"u":"x\\u0026y&"}`},
		{"two backslashes, then an escape", map[string]htmlMarshaler{"u": `\\&`}, `{"u":"\\\\&"}`},
		{"other escapes are kept", map[string]htmlMarshaler{"u": "\"\n\u2028é"}, `{"u":"\"\n\u2028é"}`},
	} {
		got, err := core.EncodeBody(tc.v)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s: EncodeBody = %s, %v; want %s", tc.name, got, err, tc.want)
		}
		var back, orig any
		if json.Unmarshal(got, &back) != nil {
			t.Errorf("%s: %s is not JSON", tc.name, got)
		}
		raw, _ := json.Marshal(tc.v)
		json.Unmarshal(raw, &orig)
		if b1, _ := json.Marshal(back); string(b1) != string(mustMarshal(orig)) {
			t.Errorf("%s: %s decodes to %s, want %s", tc.name, got, b1, mustMarshal(orig))
		}
	}
}

func mustMarshal(v any) []byte { b, _ := json.Marshal(v); return b }
