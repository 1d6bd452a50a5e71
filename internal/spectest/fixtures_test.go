package spectest

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
)

// fixtureSchemas maps every file in testdata/ to the schema it holds.
var fixtureSchemas = map[string]string{
	"checkout.json":                "Checkout",
	"checkout_no_url.json":         "Checkout",
	"checkout_nulls.json":          "Checkout",
	"checkout_create.json":         "CheckoutCreate",
	"checkout_create_minimal.json": "CheckoutCreate",
	"validation_error.json":        "HTTPValidationError",
	"error.json":                   "Error",
}

func TestFixturesAreValid(t *testing.T) {
	t.Parallel()
	for name, schema := range fixtureSchemas {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := ValidateSchema(t, schema, Fixture(t, name)); err != nil {
				t.Errorf("%s is not a valid %s: %v", name, schema, err)
			}
		})
	}
}

// TestFixtureShapes pins what other packages rely on in the fixtures.
func TestFixtureShapes(t *testing.T) {
	t.Parallel()
	c := decodeFixture(t, "checkout.json")
	check := func(path string, want any) {
		t.Helper()
		if diff := cmp.Diff(want, at(t, c, path)); diff != "" {
			t.Errorf("checkout.json %s (-want +got):\n%s", path, diff)
		}
	}
	check("product.name", "Pro Plan")
	check("product.prices.0.type", "recurring")
	check("product.prices.0.recurring_interval", "month")
	check("product.prices.0.price_amount", 1900.0)
	check("product.prices.0.price_currency", "usd")
	check("product.prices.1.type", "one_time")
	check("product_price", at(t, c, "product.prices.0"))
	check("product.benefits.0.type", "articles")
	check("product.benefits.0.properties", map[string]any{"paid_articles": true})
	check("product.benefits.1.type", "custom")
	check("product.medias.0.service", "product_media")
	if n := len(at(t, c, "product.benefits").([]any)); n != 2 {
		t.Errorf("checkout.json has %d benefits, want 2", n)
	}
	if n := len(at(t, c, "product.medias").([]any)); n != 1 {
		t.Errorf("checkout.json has %d medias, want 1", n)
	}
	id := at(t, c, "id").(string)
	if !strings.HasPrefix(id, "cs_test_") {
		t.Errorf("checkout id %q, want a cs_test_ session id", id)
	}
	check("url", "https://sandbox.polar.sh/checkout/"+id)
	if err := validateUUID(at(t, c, "product.organization_id").(string)); err != nil {
		t.Errorf("organization_id: %v", err)
	}
	if n := len(Fixture(t, "checkout.json")); n < 3000 || n > 4500 {
		t.Errorf("checkout.json is %d bytes, want a realistic 3-4 KB", n)
	}

	if _, ok := decodeFixture(t, "checkout_no_url.json").(map[string]any)["url"]; ok {
		t.Error("checkout_no_url.json has a url key")
	}
	cc := decodeFixture(t, "checkout_create.json")
	if su := at(t, cc, "success_url").(string); !strings.Contains(su, "?session_id={CHECKOUT_SESSION_ID}") {
		t.Errorf("checkout_create.json success_url %q lacks the placeholder", su)
	}
	if _, ok := decodeFixture(t, "checkout_create_minimal.json").(map[string]any)["customer_email"]; ok {
		t.Error("checkout_create_minimal.json has customer_email")
	}
	ve := decodeFixture(t, "validation_error.json")
	if diff := cmp.Diff([]any{"body", "items", 0.0}, at(t, ve, "detail.1.loc")); diff != "" {
		t.Errorf("validation_error.json: want a loc with a string and an integer (-want +got):\n%s", diff)
	}
}

// TestFixturesCoverEveryNullable proves that, across the Checkout fixtures,
// every nullable field the spec reaches from Checkout is null somewhere,
// and that every nullable field is also non-null somewhere.
func TestFixturesCoverEveryNullable(t *testing.T) {
	t.Parallel()
	nullable := map[string]bool{}
	collectNullable(schema(t, Load(t), "Checkout"), "", nullable, 0)
	want := []string{
		"customer_email", "customer_name",
		"product.benefits[].modified_at", "product.description", "product.is_highlighted",
		"product.medias[].checksum_etag", "product.medias[].checksum_sha256_base64",
		"product.medias[].checksum_sha256_hex", "product.medias[].last_modified_at",
		"product.medias[].storage_version", "product.medias[].version",
		"product.modified_at", "product.prices[].modified_at", "product.prices[].recurring_interval",
		"product.type", "product_price.modified_at", "product_price.recurring_interval", "url",
	}
	if diff := cmp.Diff(want, slices.Sorted(maps.Keys(nullable))); diff != "" {
		t.Errorf("nullable paths reachable from Checkout (-want +got):\n%s", diff)
	}
	nulls, values := map[string]bool{}, map[string]bool{}
	for name, s := range fixtureSchemas {
		if s == "Checkout" {
			collectJSON(decodeFixture(t, name), "", nulls, values)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(nullable)) {
		if !nulls[p] {
			t.Errorf("%s is nullable but null in no Checkout fixture", p)
		}
		if !values[p] {
			t.Errorf("%s is nullable but never has a value in a Checkout fixture", p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(nulls)) {
		if !nullable[p] {
			t.Errorf("%s is null in a fixture but not nullable in the spec", p)
		}
	}
}

// collectNullable records the JSON paths ("a.b[].c") of nullable properties
// reachable from s.
func collectNullable(s *openapi3.Schema, path string, out map[string]bool, depth int) {
	if depth > 16 {
		return
	}
	for _, r := range append(slices.Clone(s.OneOf), s.AnyOf...) {
		collectNullable(r.Value, path, out, depth+1)
	}
	if s.Items != nil {
		collectNullable(s.Items.Value, path+"[]", out, depth+1)
	}
	for name, r := range s.Properties {
		p := strings.TrimPrefix(path+"."+name, ".")
		if r.Value.Nullable {
			out[p] = true
		}
		collectNullable(r.Value, p, out, depth+1)
	}
}

// collectJSON records the paths of null and of non-null values in v.
func collectJSON(v any, path string, nulls, values map[string]bool) {
	switch v := v.(type) {
	case nil:
		nulls[path] = true
	case []any:
		values[path] = true
		for _, e := range v {
			collectJSON(e, path+"[]", nulls, values)
		}
	case map[string]any:
		values[path] = true
		for k, e := range v {
			collectJSON(e, strings.TrimPrefix(path+"."+k, "."), nulls, values)
		}
	default:
		values[path] = true
	}
}

// variant is one fact: a fixture changed in one place, and whether the
// schema accepts the result.
type variant struct {
	name    string
	fixture string
	path    string // dotted; array indexes are numbers
	del     bool   // delete the key at path instead of setting it
	value   any    // the new value (nil sets JSON null)
	valid   bool
	reason  string // a substring of the error when invalid
}

var variants = []variant{
	// Required fields.
	{name: "checkout without customer_email", fixture: "checkout.json", path: "customer_email", del: true, reason: `property "customer_email" is missing`},
	{name: "checkout without customer_name", fixture: "checkout.json", path: "customer_name", del: true, reason: `property "customer_name" is missing`},
	{name: "checkout without id", fixture: "checkout.json", path: "id", del: true, reason: `property "id" is missing`},
	{name: "checkout without product_price", fixture: "checkout.json", path: "product_price", del: true, reason: `property "product_price" is missing`},
	{name: "product without prices", fixture: "checkout.json", path: "product.prices", del: true, reason: `property "prices" is missing`},
	{name: "product without description", fixture: "checkout.json", path: "product.description", del: true, reason: `property "description" is missing`},
	{name: "product without type", fixture: "checkout.json", path: "product.type", del: true, reason: `property "type" is missing`},
	{name: "product_price without type", fixture: "checkout.json", path: "product_price.type", del: true, reason: `input does not contain the discriminator property "type"`},
	{name: "recurring price without recurring_interval", fixture: "checkout.json", path: "product_price.recurring_interval", del: true, reason: `property "recurring_interval" is missing`},
	{name: "one-time price without modified_at", fixture: "checkout.json", path: "product.prices.1.modified_at", del: true, reason: `property "modified_at" is missing`},
	{name: "media without checksum_etag", fixture: "checkout.json", path: "product.medias.0.checksum_etag", del: true, reason: `property "checksum_etag" is missing`},
	{name: "validation error without msg", fixture: "validation_error.json", path: "detail.0.msg", del: true, reason: `property "msg" is missing`},
	{name: "error without error", fixture: "error.json", path: "error", del: true, reason: `property "error" is missing`},
	{name: "create without product_price_id", fixture: "checkout_create.json", path: "product_price_id", del: true, reason: `property "product_price_id" is missing`},
	{name: "create without success_url", fixture: "checkout_create.json", path: "success_url", del: true, reason: `property "success_url" is missing`},

	// Optional fields.
	{name: "checkout without url", fixture: "checkout.json", path: "url", del: true, valid: true},
	{name: "create without customer_email", fixture: "checkout_create.json", path: "customer_email", del: true, valid: true},
	{name: "validation error without detail", fixture: "validation_error.json", path: "detail", del: true, valid: true},

	// null where it is not allowed.
	{name: "checkout id null", fixture: "checkout.json", path: "id", reason: "Value is not nullable"},
	{name: "product null", fixture: "checkout.json", path: "product", reason: "Value is not nullable"},
	{name: "product prices null", fixture: "checkout.json", path: "product.prices", reason: "Value is not nullable"},
	{name: "product benefits null", fixture: "checkout.json", path: "product.benefits", reason: "Value is not nullable"},
	{name: "product medias null", fixture: "checkout.json", path: "product.medias", reason: "Value is not nullable"},
	{name: "product created_at null", fixture: "checkout.json", path: "product.created_at", reason: "Value is not nullable"},
	{name: "price_amount null", fixture: "checkout.json", path: "product.prices.1.price_amount", reason: "Value is not nullable"},
	{name: "validation error detail null", fixture: "validation_error.json", path: "detail", reason: "Value is not nullable"},
	{name: "validation error loc null", fixture: "validation_error.json", path: "detail.0.loc", reason: "Value is not nullable"},
	{name: "create success_url null", fixture: "checkout_create.json", path: "success_url", reason: "Value is not nullable"},

	// null where it is allowed (nullable fields and nullable enums).
	{name: "recurring_interval null", fixture: "checkout.json", path: "product_price.recurring_interval", valid: true},
	{name: "product type null", fixture: "checkout_no_url.json", path: "product.type", valid: true},
	{name: "url null", fixture: "checkout.json", path: "url", valid: true},
	{name: "customer_email null", fixture: "checkout.json", path: "customer_email", valid: true},
	{name: "create customer_email null", fixture: "checkout_create.json", path: "customer_email", valid: true},
	{name: "benefit modified_at null", fixture: "checkout.json", path: "product.benefits.1.modified_at", valid: true},

	// Closed enums.
	{name: "price type weekly", fixture: "checkout.json", path: "product.prices.0.type", value: "weekly", reason: "weekly"},
	{name: "product_price type weekly", fixture: "checkout.json", path: "product_price.type", value: "weekly", reason: "weekly"},
	{name: "recurring_interval week", fixture: "checkout.json", path: "product_price.recurring_interval", value: "week", reason: `value is not one of the allowed values ["month","year"]`},
	{name: "recurring_interval year", fixture: "checkout.json", path: "product_price.recurring_interval", value: "year", valid: true},
	{name: "benefit type unknown", fixture: "checkout.json", path: "product.benefits.1.type", value: "unknown", reason: `"/product/benefits/1": doesn't match any schema from "anyOf"`},
	{name: "benefit type discord", fixture: "checkout.json", path: "product.benefits.1.type", value: "discord", valid: true},
	{name: "media service other", fixture: "checkout.json", path: "product.medias.0.service", value: "other", reason: `value is not one of the allowed values ["product_media"]`},
	{name: "product type team", fixture: "checkout.json", path: "product.type", value: "team", reason: `value is not one of the allowed values ["free","individual","business"]`},
	{name: "product type business", fixture: "checkout.json", path: "product.type", value: "business", valid: true},

	// The benefits anyOf: an articles benefit without properties is a BenefitBase.
	{name: "articles benefit without properties is a BenefitBase", fixture: "checkout.json", path: "product.benefits.0.properties", del: true, valid: true},
	{name: "benefit without organization_id", fixture: "checkout.json", path: "product.benefits.1.organization_id", del: true, reason: `"/product/benefits/1": doesn't match any schema from "anyOf"`},

	// Types.
	{name: "price_amount as string", fixture: "checkout.json", path: "product.prices.0.price_amount", value: "1900", reason: "value must be an integer"},
	{name: "price_amount fractional", fixture: "checkout.json", path: "product.prices.0.price_amount", value: 19.5, reason: "value must be an integer"},
	{name: "is_archived as string", fixture: "checkout.json", path: "product.is_archived", value: "false", reason: "value must be a boolean"},
	{name: "loc item boolean", fixture: "validation_error.json", path: "detail.1.loc.2", value: true, reason: "doesn't match any schema from \"anyOf\""},
	{name: "paid_articles missing", fixture: "checkout.json", path: "product.benefits.0.properties.paid_articles", del: true, valid: true}, // still a BenefitBase

	// Formats: date-time.
	{name: "timestamp without offset", fixture: "checkout.json", path: "product.created_at", value: "2024-08-19T09:15:42.318274", reason: `doesn't match the format "date-time"`},
	{name: "timestamp with lowercase z", fixture: "checkout.json", path: "product.created_at", value: "2024-08-19T09:15:42.318274z", reason: `doesn't match the format "date-time"`},
	{name: "timestamp without seconds", fixture: "checkout.json", path: "product.created_at", value: "2024-08-19T09:15Z", reason: `doesn't match the format "date-time"`},
	{name: "date alone", fixture: "checkout.json", path: "product.modified_at", value: "2024-09-02", reason: `doesn't match the format "date-time"`},
	{name: "media timestamp without offset", fixture: "checkout.json", path: "product.medias.0.last_modified_at", value: "2024-08-19T09:14:58", reason: `doesn't match the format "date-time"`},
	{name: "timestamp with +05:30 offset", fixture: "checkout.json", path: "product.created_at", value: "2024-08-19T14:45:42.318274+05:30", valid: true},
	{name: "timestamp without fraction", fixture: "checkout.json", path: "product.created_at", value: "2024-08-19T09:15:42Z", valid: true},

	// Formats: uuid4.
	{name: "product id not a uuid", fixture: "checkout.json", path: "product.id", value: "prod_123", reason: `doesn't match the format "uuid4"`},
	{name: "price id not a uuid", fixture: "checkout.json", path: "product_price.id", value: "e469f4e6-9ec7-49d1-87af", reason: `doesn't match the format "uuid4"`},
	{name: "checkout id is not a uuid", fixture: "checkout.json", path: "id", value: "cs_live_xyz", valid: true},
	{name: "create product_price_id bad uuid", fixture: "checkout_create.json", path: "product_price_id", value: "not-a-uuid", reason: `doesn't match the format "uuid4"`},

	// CheckoutCreate: success_url and customer_email.
	{name: "create success_url empty", fixture: "checkout_create.json", path: "success_url", value: "", reason: "minimum string length is 1"},
	{name: "create success_url relative", fixture: "checkout_create.json", path: "success_url", value: "/success", reason: `doesn't match the format "uri"`},
	{name: "create success_url without scheme", fixture: "checkout_create.json", path: "success_url", value: "example.com/success", reason: `doesn't match the format "uri"`},
	{name: "create success_url too long", fixture: "checkout_create.json", path: "success_url", value: longURL(2084), reason: "maximum string length is 2083"},
	{name: "create success_url at max length", fixture: "checkout_create.json", path: "success_url", value: longURL(2083), valid: true},
	{name: "create success_url plain", fixture: "checkout_create.json", path: "success_url", value: "http://localhost:3000/done", valid: true},
	{name: "create customer_email not-an-email", fixture: "checkout_create.json", path: "customer_email", value: "not-an-email", reason: `doesn't match the format "email"`},
	{name: "create customer_email with display name", fixture: "checkout_create.json", path: "customer_email", value: "Jane <jane@example.com>", reason: `doesn't match the format "email"`},
}

// longURL returns an absolute URL of exactly n bytes.
func longURL(n int) string {
	const prefix = "https://example.com/"
	return prefix + strings.Repeat("a", n-len(prefix))
}

func TestVariants(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, v := range variants {
		if seen[v.name] {
			t.Errorf("duplicate variant name %q", v.name)
		}
		seen[v.name] = true
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			doc := decodeFixture(t, v.fixture)
			mutate(t, doc, v.path, v.del, v.value)
			err := ValidateSchema(t, fixtureSchemas[v.fixture], jsonOf(t, doc))
			switch {
			case v.valid && err != nil:
				t.Errorf("want valid, got %v", err)
			case !v.valid && err == nil:
				t.Error("want invalid, got valid")
			case !v.valid && !strings.Contains(err.Error(), v.reason):
				t.Errorf("error does not mention %q:\n%v", v.reason, err)
			}
		})
	}
}

// decodeFixture returns testdata/<name> decoded into any.
func decodeFixture(t *testing.T, name string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(Fixture(t, name), &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// at returns the value at a dotted path, failing the test if it is absent.
func at(t *testing.T, v any, path string) any {
	t.Helper()
	for _, key := range strings.Split(path, ".") {
		switch c := v.(type) {
		case map[string]any:
			e, ok := c[key]
			if !ok {
				t.Fatalf("path %s: no key %q", path, key)
			}
			v = e
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(c) {
				t.Fatalf("path %s: no index %q", path, key)
			}
			v = c[i]
		default:
			t.Fatalf("path %s: %q is inside a %T", path, key, v)
		}
	}
	return v
}

// mutate deletes or sets the value at an existing dotted path.
func mutate(t *testing.T, doc any, path string, del bool, value any) {
	t.Helper()
	parent, key := doc, path
	if i := strings.LastIndex(path, "."); i >= 0 {
		parent, key = at(t, doc, path[:i]), path[i+1:]
	}
	switch p := parent.(type) {
	case map[string]any:
		if _, ok := p[key]; !ok {
			t.Fatalf("path %s: no key %q to change", path, key)
		}
		if del {
			delete(p, key)
		} else {
			p[key] = value
		}
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i >= len(p) || del {
			t.Fatalf("path %s: cannot change index %q", path, key)
		}
		p[i] = value
	default:
		t.Fatalf("path %s: parent is a %T", path, parent)
	}
}
