package spectest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestFormats(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		format string
		value  string
		valid  bool
	}{
		{"uuid4", "e469f4e6-9ec7-49d1-87af-9bbf9fecd28f", true},
		{"uuid4", "E469F4E6-9EC7-49D1-87AF-9BBF9FECD28F", true},
		{"uuid4", "not-a-uuid", false},
		{"uuid4", "e469f4e69ec749d187af9bbf9fecd28f", false},
		{"uuid4", "{e469f4e6-9ec7-49d1-87af-9bbf9fecd28f}", false},
		{"uuid4", "urn:uuid:e469f4e6-9ec7-49d1-87af-9bbf9fecd28f", false},
		{"uuid4", "e469f4e6-9ec7-49d1-87af-9bbf9fecd28", false},
		{"uuid4", "g469f4e6-9ec7-49d1-87af-9bbf9fecd28f", false},
		{"uuid4", "", false},

		{"uri", "https://example.com/success?session_id={CHECKOUT_SESSION_ID}", true},
		{"uri", "https://example.com/success?checkout_id={CHECKOUT_SESSION_ID}&x=1", true},
		{"uri", "https://example.com", true},
		{"uri", "http://localhost:3000/done", true},
		{"uri", "", false},
		{"uri", "/success", false},
		{"uri", "example.com/success", false},
		{"uri", "https://", false},
		{"uri", "mailto:jane@example.com", false},
		{"uri", "ht tp://example.com", false},
		{"uri", "https://exa mple.com/", false},

		{"email", "jane.doe@example.com", true},
		{"email", "jane+polar@sub.example.co.uk", true},
		{"email", "not-an-email", false},
		{"email", "Jane <jane@example.com>", false},
		{"email", "<jane@example.com>", false},
		{"email", "jane@", false},
		{"email", "", false},

		{"date-time", "2024-09-04T12:34:56.123456Z", true},
		{"date-time", "2024-09-04T12:34:56Z", true},
		{"date-time", "2024-09-04T12:34:56+02:00", true},
		{"date-time", "2024-09-04T12:34:56.1-05:30", true},
		{"date-time", "2024-09-04T12:34:56.123456", false},
		{"date-time", "2024-09-04T12:34:56.123456z", false},
		{"date-time", "2024-09-04t12:34:56Z", false},
		{"date-time", "2024-09-04", false},
		{"date-time", "2024-09-04T12:34Z", false},
		{"date-time", "2024-09-04 12:34:56Z", false},
		{"date-time", "2024-02-30T12:00:00Z", false},
		{"date-time", "2024-09-04T25:00:00Z", false},
		{"date-time", "2024-09-04T12:34:56+0200", false},
		{"date-time", "2024-09-04T12:34:56,123Z", false},
		{"date-time", "", false},
	} {
		t.Run(fmt.Sprintf("%s %q", c.format, c.value), func(t *testing.T) {
			t.Parallel()
			v, ok := stringFormats()[c.format]
			if !ok {
				t.Fatalf("no validator for %s", c.format)
			}
			err := v.Validate(c.value)
			if c.valid && err != nil {
				t.Errorf("want valid, got %v", err)
			}
			if !c.valid && err == nil {
				t.Error("want invalid, got valid")
			}
		})
	}
}

// TestFormatsAreDocumentScoped proves the validators reach schema
// validation through the loaded document, without touching kin-openapi's
// global registry (other tests in the same binary keep its defaults).
func TestFormatsAreDocumentScoped(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	for _, f := range []string{"uuid4", "uri", "email"} {
		if _, ok := openapi3.SchemaStringFormats[f]; ok {
			t.Errorf("format %q registered globally", f)
		}
	}
	id := doc.Components.Schemas["Product"].Value.Properties["id"].Value
	if err := doc.ValidateSchemaJSON(id, "not-a-uuid"); err == nil {
		t.Error("doc.ValidateSchemaJSON accepts a bad uuid4")
	}
	if err := id.VisitJSON("not-a-uuid"); err != nil {
		t.Errorf("plain VisitJSON (no document validators) rejects: %v; the validators leaked into globals", err)
	}
}

// fakeTB records Fatalf instead of stopping the goroutine, so tests can
// check the helpers fail the test when they should.
type fakeTB struct {
	testing.TB
	mu    sync.Mutex
	fatal string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fatal = fmt.Sprintf(format, args...)
}

func TestHelpersFailTheTest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		call func(tb testing.TB)
		want string
	}{
		{"unknown schema", func(tb testing.TB) { _ = ValidateSchema(tb, "Chekout", []byte(`{}`)) }, `no schema "Chekout"`},
		{"missing fixture", func(tb testing.TB) { _ = Fixture(tb, "nope.json") }, "nope.json"},
		{"fixture outside testdata", func(tb testing.TB) { _ = Fixture(tb, "../spectest.go") }, "not a local path"},
		{"absolute fixture", func(tb testing.TB) { _ = Fixture(tb, "/etc/passwd") }, "not a local path"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeTB{TB: t}
			c.call(f)
			if !strings.Contains(f.fatal, c.want) {
				t.Errorf("Fatalf message %q, want it to mention %q", f.fatal, c.want)
			}
		})
	}
}

func TestValidateSchemaRejectsNonJSON(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{``, `{`, `{"error":"x","detail":"y"} {}`, `<html>`} {
		if err := ValidateSchema(t, "Error", []byte(doc)); err == nil {
			t.Errorf("ValidateSchema(Error, %q) = nil, want an error", doc)
		}
	}
	if err := ValidateSchema(t, "Error", []byte(`{"error":"x","detail":"y"}`)); err != nil {
		t.Errorf("valid Error rejected: %v", err)
	}
}

func TestFixtureReadsTestdata(t *testing.T) {
	t.Parallel()
	if got := string(Fixture(t, "error.json")); got != `{"error":"ResourceNotFound","detail":"Not found"}`+"\n" {
		t.Errorf("error.json = %q", got)
	}
}

func TestNilRequest(t *testing.T) {
	t.Parallel()
	if err := ValidateRequest(t, nil); err == nil {
		t.Error("ValidateRequest(nil) = nil")
	}
	if err := ValidateResponse(t, nil, 200, nil, nil); err == nil {
		t.Error("ValidateResponse(nil request) = nil")
	}
}
