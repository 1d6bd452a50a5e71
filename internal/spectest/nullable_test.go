package spectest

import (
	"strings"
	"testing"
)

// TestUpdateBodiesClearEveryNullableField: every field of the three update
// bodies that Polar accepts as null is generated as a nullable.Nullable, so
// that a caller can clear it (send null) as well as set it or leave it out.
// The overlay names the fields one by one (spec/overlays/common.yaml); a
// nullable field Polar adds to a version fails this test until the overlay
// names it too.
func TestUpdateBodiesClearEveryNullableField(t *testing.T) {
	for _, version := range Versions(t) {
		doc := For(t, version).OpenAPI()
		for _, name := range []string{"CheckoutUpdate", "CheckoutUpdatePublic", "CheckoutConfirmStripe"} {
			ref := doc.Components.Schemas[name]
			if ref == nil || ref.Value == nil {
				t.Errorf("%s: no schema %s", version, name)
				continue
			}
			nullable := 0
			for field, p := range ref.Value.Properties {
				if p.Value == nil || !p.Value.Nullable {
					continue
				}
				nullable++
				goType, _ := p.Value.Extensions["x-go-type"].(string)
				if !strings.HasPrefix(goType, "nullable.Nullable[") {
					t.Errorf("%s: %s.%s is nullable but generated as %q, not a nullable.Nullable: add it to the overlay's nullable section", version, name, field, goType)
				}
			}
			if nullable == 0 {
				t.Errorf("%s: %s has no nullable field: the test reads the wrong schema", version, name)
			}
		}
	}
}
