package polartest

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
)

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
