package spectest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
)

const schemaRef = "#/components/schemas/"

// TestSpecLoadsAndValidates proves openapi.yaml parses and passes
// kin-openapi's own document validation.
func TestSpecLoadsAndValidates(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("doc.Validate: %v", err)
	}
	if Load(t) != doc {
		t.Error("Load returned a different document on the second call; want the cached one")
	}
}

func TestServers(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	var got []string
	for _, s := range doc.Servers {
		got = append(got, s.URL)
	}
	want := []string{"https://api.polar.sh", "https://sandbox-api.polar.sh"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("servers (production first, then sandbox) mismatch (-want +got):\n%s", diff)
	}
}

func TestBearerSecurityScheme(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	ref := doc.Components.SecuritySchemes["bearerAuth"]
	if ref == nil || ref.Value == nil {
		t.Fatal("no securitySchemes/bearerAuth")
	}
	if s := ref.Value; s.Type != "http" || s.Scheme != "bearer" {
		t.Errorf("bearerAuth = type %q scheme %q, want http bearer", s.Type, s.Scheme)
	}
	if n := len(doc.Components.SecuritySchemes); n != 1 {
		t.Errorf("%d security schemes, want only bearerAuth", n)
	}
}

// operationFacts are the facts of polar-api-facts.md about one operation.
type operationFacts struct {
	method, path         string
	summary, description string
	codes                []string
	// responseSchema maps a response code to the schema its JSON body uses.
	responseSchema map[string]string
	// responseHeaders maps a response code to the headers it declares.
	responseHeaders map[string][]string
	requestSchema   string // "" when the operation takes no body
	pathParams      []string
}

var operations = map[string]operationFacts{
	"checkouts:create": {
		method: http.MethodPost, path: "/v1/checkouts/",
		summary: "Create Checkout", description: "Create a checkout session.",
		codes: []string{"201", "401", "422", "default"},
		responseSchema: map[string]string{
			"201": "Checkout", "401": "Error", "422": "HTTPValidationError", "default": "Error",
		},
		responseHeaders: map[string][]string{"401": {"WWW-Authenticate"}, "default": {"Retry-After"}},
		requestSchema:   "CheckoutCreate",
	},
	"checkouts:get": {
		method: http.MethodGet, path: "/v1/checkouts/{id}",
		summary: "Get Checkout", description: "Get an active checkout session by ID.",
		codes: []string{"200", "401", "404", "422", "default"},
		responseSchema: map[string]string{
			"200": "Checkout", "401": "Error", "404": "Error", "422": "HTTPValidationError", "default": "Error",
		},
		responseHeaders: map[string][]string{"401": {"WWW-Authenticate"}, "default": {"Retry-After"}},
		pathParams:      []string{"id"},
	},
}

func TestOperations(t *testing.T) {
	t.Parallel()
	doc := Load(t)

	found := map[string]*openapi3.Operation{}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if _, dup := found[op.OperationID]; dup {
				t.Errorf("operationId %q used twice", op.OperationID)
			}
			found[op.OperationID] = op
			want, ok := operations[op.OperationID]
			if !ok {
				t.Errorf("unexpected operation %q (%s %s)", op.OperationID, method, path)
				continue
			}
			if method != want.method || path != want.path {
				t.Errorf("%s is %s %s, want %s %s", op.OperationID, method, path, want.method, want.path)
			}
		}
	}

	for id, want := range operations {
		t.Run(id, func(t *testing.T) {
			op := found[id]
			if op == nil {
				t.Fatalf("operationId %q not in the spec", id)
			}
			if op.Summary != want.summary || op.Description != want.description {
				t.Errorf("summary/description = %q / %q, want %q / %q", op.Summary, op.Description, want.summary, want.description)
			}
			if diff := cmp.Diff([]string{"checkouts"}, op.Tags); diff != "" {
				t.Errorf("tags (-want +got):\n%s", diff)
			}
			if op.Security == nil {
				t.Fatal("no security requirement")
			}
			wantSec := openapi3.SecurityRequirements{{"bearerAuth": {}}}
			if diff := cmp.Diff(wantSec, *op.Security); diff != "" {
				t.Errorf("security (-want +got):\n%s", diff)
			}

			codes := slices.Sorted(maps.Keys(op.Responses.Map()))
			if diff := cmp.Diff(want.codes, codes); diff != "" {
				t.Errorf("response codes (-want +got):\n%s", diff)
			}
			for code, schema := range want.responseSchema {
				resp := op.Responses.Value(code)
				if resp == nil || resp.Value == nil {
					t.Errorf("%s: no response", code)
					continue
				}
				if ct := slices.Collect(maps.Keys(resp.Value.Content)); len(ct) != 1 || ct[0] != "application/json" {
					t.Errorf("%s: content types %v, want only application/json", code, ct)
				}
				if got := contentSchemaRef(resp.Value.Content); got != schemaRef+schema {
					t.Errorf("%s: body schema %q, want %q", code, got, schemaRef+schema)
				}
				headers := slices.Sorted(maps.Keys(resp.Value.Headers))
				if diff := cmp.Diff(want.responseHeaders[code], headers); diff != "" {
					t.Errorf("%s: headers (-want +got):\n%s", code, diff)
				}
			}

			switch rb := op.RequestBody; {
			case want.requestSchema == "" && rb != nil:
				t.Error("has a request body, want none")
			case want.requestSchema != "":
				if rb == nil || rb.Value == nil {
					t.Fatal("no request body")
				}
				if !rb.Value.Required {
					t.Error("request body not required")
				}
				if got := contentSchemaRef(rb.Value.Content); got != schemaRef+want.requestSchema {
					t.Errorf("request schema %q, want %q", got, schemaRef+want.requestSchema)
				}
			}

			var params []string
			for _, p := range op.Parameters {
				params = append(params, p.Value.In+":"+p.Value.Name)
				if !p.Value.Required || p.Value.Schema.Value.Type.Slice()[0] != "string" {
					t.Errorf("parameter %s: want a required string", p.Value.Name)
				}
			}
			var wantParams []string
			for _, p := range want.pathParams {
				wantParams = append(wantParams, "path:"+p)
			}
			if diff := cmp.Diff(wantParams, params); diff != "" {
				t.Errorf("parameters (-want +got):\n%s", diff)
			}
		})
	}
}

// contentSchemaRef returns the $ref of the application/json schema.
func contentSchemaRef(c openapi3.Content) string {
	mt := c.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return ""
	}
	return mt.Schema.Ref
}

func TestSchemaNames(t *testing.T) {
	t.Parallel()
	want := []string{
		"BenefitArticles", "BenefitArticlesProperties", "BenefitBase", "BenefitType",
		"Checkout", "CheckoutCreate", "Error", "HTTPValidationError",
		"Product", "ProductMediaFileRead", "ProductPrice", "ProductPriceOneTime",
		"ProductPriceRecurring", "ProductPriceRecurringInterval",
		"SubscriptionTierType", "ValidationError",
	}
	got := slices.Sorted(maps.Keys(Load(t).Components.Schemas))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("component schemas (-want +got):\n%s", diff)
	}
}

func TestUnions(t *testing.T) {
	t.Parallel()
	doc := Load(t)

	t.Run("ProductPrice is oneOf discriminated by type", func(t *testing.T) {
		pp := schema(t, doc, "ProductPrice")
		if diff := cmp.Diff([]string{schemaRef + "ProductPriceRecurring", schemaRef + "ProductPriceOneTime"}, refs(pp.OneOf)); diff != "" {
			t.Errorf("oneOf (-want +got):\n%s", diff)
		}
		if len(pp.AnyOf) != 0 || len(pp.AllOf) != 0 || len(pp.Properties) != 0 {
			t.Error("ProductPrice has more than a oneOf")
		}
		d := pp.Discriminator
		if d == nil {
			t.Fatal("no discriminator")
		}
		if d.PropertyName != "type" {
			t.Errorf("discriminator property %q, want type", d.PropertyName)
		}
		got := map[string]string{}
		for k, v := range d.Mapping {
			got[k] = v.Ref
		}
		want := map[string]string{"recurring": schemaRef + "ProductPriceRecurring", "one_time": schemaRef + "ProductPriceOneTime"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("discriminator mapping (-want +got):\n%s", diff)
		}
	})

	t.Run("benefits items are anyOf BenefitArticles BenefitBase", func(t *testing.T) {
		items := prop(t, doc, "Product", "benefits").Items.Value
		if diff := cmp.Diff([]string{schemaRef + "BenefitArticles", schemaRef + "BenefitBase"}, refs(items.AnyOf)); diff != "" {
			t.Errorf("anyOf (-want +got):\n%s", diff)
		}
		if len(items.OneOf) != 0 {
			t.Error("benefits items use oneOf; a BenefitBase may carry type articles, so it must be anyOf")
		}
	})

	t.Run("array items", func(t *testing.T) {
		for _, c := range []struct{ schema, field, items string }{
			{"Product", "prices", "ProductPrice"},
			{"Product", "medias", "ProductMediaFileRead"},
			{"HTTPValidationError", "detail", "ValidationError"},
		} {
			if got := prop(t, doc, c.schema, c.field).Items.Ref; got != schemaRef+c.items {
				t.Errorf("%s.%s items = %q, want %q", c.schema, c.field, got, schemaRef+c.items)
			}
		}
	})

	t.Run("ValidationError.loc items are string or integer", func(t *testing.T) {
		var types []string
		for _, s := range prop(t, doc, "ValidationError", "loc").Items.Value.AnyOf {
			types = append(types, s.Value.Type.Slice()...)
		}
		if diff := cmp.Diff([]string{"string", "integer"}, types); diff != "" {
			t.Errorf("loc item types (-want +got):\n%s", diff)
		}
	})
}

// field is one row of the per-field facts: type, format, required, nullable
// and (for a $ref) the referenced schema.
type field struct {
	name, typ, format string
	required          bool
	nullable          bool
	ref               string
}

const (
	req  = true
	opt  = false
	null = true
	nonN = false
)

// fields lists every property of every object schema, as polar-api-facts.md
// states them.
var fields = map[string][]field{
	"Error": {
		{"error", "string", "", req, nonN, ""},
		{"detail", "string", "", req, nonN, ""},
	},
	"CheckoutCreate": {
		{"product_price_id", "string", "uuid4", req, nonN, ""},
		{"success_url", "string", "uri", req, nonN, ""},
		{"customer_email", "string", "email", opt, null, ""},
	},
	"Checkout": {
		{"id", "string", "", req, nonN, ""},
		{"url", "string", "", opt, null, ""},
		{"customer_email", "string", "", req, null, ""},
		{"customer_name", "string", "", req, null, ""},
		{"product", "object", "", req, nonN, "Product"},
		{"product_price", "", "", req, nonN, "ProductPrice"},
	},
	"Product": {
		{"created_at", "string", "date-time", req, nonN, ""},
		{"modified_at", "string", "date-time", req, null, ""},
		{"id", "string", "uuid4", req, nonN, ""},
		{"name", "string", "", req, nonN, ""},
		{"description", "string", "", req, null, ""},
		{"is_recurring", "boolean", "", req, nonN, ""},
		{"is_archived", "boolean", "", req, nonN, ""},
		{"organization_id", "string", "uuid4", req, nonN, ""},
		{"type", "string", "", req, null, "SubscriptionTierType"},
		{"is_highlighted", "boolean", "", req, null, ""},
		{"prices", "array", "", req, nonN, ""},
		{"benefits", "array", "", req, nonN, ""},
		{"medias", "array", "", req, nonN, ""},
	},
	"ProductPriceOneTime": {
		{"created_at", "string", "date-time", req, nonN, ""},
		{"modified_at", "string", "date-time", req, null, ""},
		{"id", "string", "uuid4", req, nonN, ""},
		{"price_amount", "integer", "", req, nonN, ""},
		{"price_currency", "string", "", req, nonN, ""},
		{"is_archived", "boolean", "", req, nonN, ""},
		{"type", "string", "", req, nonN, ""},
	},
	"ProductPriceRecurring": {
		{"created_at", "string", "date-time", req, nonN, ""},
		{"modified_at", "string", "date-time", req, null, ""},
		{"id", "string", "uuid4", req, nonN, ""},
		{"price_amount", "integer", "", req, nonN, ""},
		{"price_currency", "string", "", req, nonN, ""},
		{"is_archived", "boolean", "", req, nonN, ""},
		{"type", "string", "", req, nonN, ""},
		{"recurring_interval", "string", "", req, null, "ProductPriceRecurringInterval"},
	},
	"BenefitBase": {
		{"created_at", "string", "date-time", req, nonN, ""},
		{"modified_at", "string", "date-time", req, null, ""},
		{"id", "string", "uuid4", req, nonN, ""},
		{"type", "string", "", req, nonN, "BenefitType"},
		{"description", "string", "", req, nonN, ""},
		{"selectable", "boolean", "", req, nonN, ""},
		{"deletable", "boolean", "", req, nonN, ""},
		{"organization_id", "string", "uuid4", req, nonN, ""},
	},
	"BenefitArticles": {
		{"created_at", "string", "date-time", req, nonN, ""},
		{"modified_at", "string", "date-time", req, null, ""},
		{"id", "string", "uuid4", req, nonN, ""},
		{"type", "string", "", req, nonN, ""},
		{"description", "string", "", req, nonN, ""},
		{"selectable", "boolean", "", req, nonN, ""},
		{"deletable", "boolean", "", req, nonN, ""},
		{"organization_id", "string", "uuid4", req, nonN, ""},
		{"properties", "object", "", req, nonN, "BenefitArticlesProperties"},
	},
	"BenefitArticlesProperties": {
		{"paid_articles", "boolean", "", req, nonN, ""},
	},
	"ProductMediaFileRead": {
		{"id", "string", "", req, nonN, ""},
		{"organization_id", "string", "", req, nonN, ""},
		{"name", "string", "", req, nonN, ""},
		{"path", "string", "", req, nonN, ""},
		{"mime_type", "string", "", req, nonN, ""},
		{"size", "integer", "", req, nonN, ""},
		{"storage_version", "string", "", req, null, ""},
		{"checksum_etag", "string", "", req, null, ""},
		{"checksum_sha256_base64", "string", "", req, null, ""},
		{"checksum_sha256_hex", "string", "", req, null, ""},
		{"last_modified_at", "string", "date-time", req, null, ""},
		{"version", "string", "", req, null, ""},
		{"service", "string", "", req, nonN, ""},
		{"is_uploaded", "boolean", "", req, nonN, ""},
		{"created_at", "string", "date-time", req, nonN, ""},
		{"size_readable", "string", "", req, nonN, ""},
		{"public_url", "string", "", req, nonN, ""},
	},
	"HTTPValidationError": {
		{"detail", "array", "", opt, nonN, ""},
	},
	"ValidationError": {
		{"loc", "array", "", req, nonN, ""},
		{"msg", "string", "", req, nonN, ""},
		{"type", "string", "", req, nonN, ""},
	},
}

func TestFieldFacts(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	for name, want := range fields {
		t.Run(name, func(t *testing.T) {
			s := schema(t, doc, name)
			if !s.Type.Is("object") {
				t.Errorf("type %v, want object", s.Type.Slice())
			}
			var wantNames, wantRequired []string
			for _, f := range want {
				wantNames = append(wantNames, f.name)
				if f.required {
					wantRequired = append(wantRequired, f.name)
				}
			}
			sort.Strings(wantNames)
			sort.Strings(wantRequired)
			if diff := cmp.Diff(wantNames, slices.Sorted(maps.Keys(s.Properties))); diff != "" {
				t.Errorf("properties (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantRequired, slices.Sorted(slices.Values(s.Required))); diff != "" {
				t.Errorf("required (-want +got):\n%s", diff)
			}
			if s.Nullable {
				t.Error("the object itself is nullable")
			}
			for _, f := range want {
				ref := s.Properties[f.name]
				if ref == nil || ref.Value == nil {
					continue // reported by the properties diff
				}
				v := ref.Value
				got := field{
					name:     f.name,
					typ:      strings.Join(v.Type.Slice(), ","),
					format:   v.Format,
					required: slices.Contains(s.Required, f.name),
					nullable: v.Nullable,
					ref:      strings.TrimPrefix(ref.Ref, schemaRef),
				}
				if got != f {
					t.Errorf("%s.%s:\n got %+v\nwant %+v", name, f.name, got, f)
				}
			}
		})
	}
}

func TestStringFacts(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	su := prop(t, doc, "CheckoutCreate", "success_url")
	if su.MinLength != 1 || su.MaxLength == nil || *su.MaxLength != 2083 {
		t.Errorf("success_url length = %d..%v, want 1..2083", su.MinLength, su.MaxLength)
	}
	for _, f := range []string{"product_price_id", "customer_email"} {
		if p := prop(t, doc, "CheckoutCreate", f); p.MinLength != 0 || p.MaxLength != nil {
			t.Errorf("%s has a length limit, want none", f)
		}
	}
}

func TestEnumFacts(t *testing.T) {
	t.Parallel()
	doc := Load(t)
	for _, c := range []struct {
		schema, field string // field "" is the schema itself
		values        []string
		nullable      bool
		deprecated    bool
	}{
		{"ProductPriceOneTime", "type", []string{"one_time"}, false, false},
		{"ProductPriceRecurring", "type", []string{"recurring"}, false, false},
		{"ProductPriceRecurringInterval", "", []string{"month", "year"}, true, false},
		{"SubscriptionTierType", "", []string{"free", "individual", "business"}, true, true},
		{"BenefitType", "", []string{"custom", "articles", "ads", "discord", "github_repository", "downloadables", "license_keys"}, false, false},
		{"BenefitArticles", "type", []string{"articles"}, false, false},
		{"ProductMediaFileRead", "service", []string{"product_media"}, false, false},
	} {
		t.Run(strings.TrimSuffix(c.schema+"."+c.field, "."), func(t *testing.T) {
			s := schema(t, doc, c.schema)
			if c.field != "" {
				s = prop(t, doc, c.schema, c.field)
			}
			var got []string
			for _, v := range s.Enum {
				got = append(got, fmt.Sprint(v))
			}
			if diff := cmp.Diff(c.values, got); diff != "" {
				t.Errorf("enum (-want +got):\n%s", diff)
			}
			if !s.Type.Is("string") || s.Nullable != c.nullable || s.Deprecated != c.deprecated {
				t.Errorf("type %v nullable %v deprecated %v, want string %v %v", s.Type.Slice(), s.Nullable, s.Deprecated, c.nullable, c.deprecated)
			}
		})
	}
	if !prop(t, doc, "Product", "is_highlighted").Deprecated {
		t.Error("Product.is_highlighted is not deprecated")
	}
}

func schema(t *testing.T, doc *openapi3.T, name string) *openapi3.Schema {
	t.Helper()
	ref := doc.Components.Schemas[name]
	if ref == nil || ref.Value == nil {
		t.Fatalf("no schema %s", name)
	}
	return ref.Value
}

func prop(t *testing.T, doc *openapi3.T, name, field string) *openapi3.Schema {
	t.Helper()
	ref := schema(t, doc, name).Properties[field]
	if ref == nil || ref.Value == nil {
		t.Fatalf("no property %s.%s", name, field)
	}
	return ref.Value
}

func refs(rs openapi3.SchemaRefs) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Ref)
	}
	return out
}

// jsonOf is json.Marshal for tests.
func jsonOf(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
