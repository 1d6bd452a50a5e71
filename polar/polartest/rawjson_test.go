package polartest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestUnescapeHTML(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"u":"https://x/?a=1\u0026b=2"}`, `{"u":"https://x/?a=1&b=2"}`},
		{`{"u":"\u003cscript\u003e"}`, `{"u":"<script>"}`},
		{`{"u":"a\\u0026b"}`, `{"u":"a\\u0026b"}`}, // an escaped backslash, then text
		{`{"u":"\\\u0026"}`, `{"u":"\\&"}`},
		{`{"u":"\u00e9\n"}`, `{"u":"\u00e9\n"}`},
		{`{"u":"end\u00`, `{"u":"end\u00`},
	} {
		got := string(unescapeHTML([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("unescapeHTML(%s) = %s, want %s", tt.in, got, tt.want)
		}
		var a, b any
		if json.Unmarshal([]byte(tt.in), &a) == nil {
			if err := json.Unmarshal([]byte(got), &b); err != nil || !equalJSON(a, b) {
				t.Errorf("unescapeHTML(%s) changed the value: %v vs %v (%v)", tt.in, a, b, err)
			}
		}
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// The API answers with &, < and > as Polar writes them, not as \u0026.
func TestAnswersAreNotHTMLEscaped(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	body := `{"products":["` + RecurringProductID + `"],"success_url":"https://shop.example.com/ok?a=1&b=<2>"}`
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/v1/checkouts/", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Polar-Version", "2026-10")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated || !bytes.Contains(raw, []byte(`?a=1&b=<2>"`)) || bytes.Contains(raw, []byte(`\u0026`)) {
		t.Fatalf("%d %s", resp.StatusCode, raw)
	}
}
