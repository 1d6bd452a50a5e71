package htmljson

import (
	"encoding/json"
	"testing"
)

func TestUnescape(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"u":"https://x/?a=1\u0026b=2"}`, `{"u":"https://x/?a=1&b=2"}`},
		{`{"u":"\u003cscript\u003e"}`, `{"u":"<script>"}`},
		{`{"u":"\u003Cb\u003E"}`, `{"u":"<b>"}`},
		{`{"u":"a\\u0026b"}`, `{"u":"a\\u0026b"}`}, // an escaped backslash, then text
		{`{"u":"\\\u0026"}`, `{"u":"\\&"}`},
		{`{"u":"\u00e9\n"}`, `{"u":"\u00e9\n"}`},
		{`{"u":"end\u00`, `{"u":"end\u00`},
		{`{"u":"plain"}`, `{"u":"plain"}`},
	} {
		got := string(Unescape([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("Unescape(%s) = %s, want %s", tt.in, got, tt.want)
		}
		var a, b any
		if json.Unmarshal([]byte(tt.in), &a) == nil {
			if err := json.Unmarshal([]byte(got), &b); err != nil || !equalJSON(a, b) {
				t.Errorf("Unescape(%s) changed the value: %v vs %v (%v)", tt.in, a, b, err)
			}
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
