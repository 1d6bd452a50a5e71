package spectest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/polar-checkouts/polar-go/gen"
)

// TestRoundTrip decodes every fixture into its generated type and encodes
// it back: the result must be the same JSON value. Decoding refuses keys
// the generated struct does not know.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		fixture string
		newV    func() any
		// dropped lists keys that hold null in the fixture and that the
		// generated type leaves out when encoding (optional + nullable
		// fields get `omitempty`): null and absent mean the same there.
		dropped []string
	}{
		{fixture: "checkout.json", newV: func() any { return new(gen.Checkout) }},
		{fixture: "checkout_no_url.json", newV: func() any { return new(gen.Checkout) }},
		{fixture: "checkout_nulls.json", newV: func() any { return new(gen.Checkout) }, dropped: []string{"url"}},
		{fixture: "checkout_create.json", newV: func() any { return new(gen.CheckoutCreate) }},
		{fixture: "checkout_create_minimal.json", newV: func() any { return new(gen.CheckoutCreate) }},
		{fixture: "validation_error.json", newV: func() any { return new(gen.HTTPValidationError) }},
		{fixture: "error.json", newV: func() any { return new(gen.Error) }},
	} {
		t.Run(c.fixture, func(t *testing.T) {
			t.Parallel()
			raw := Fixture(t, c.fixture)
			v := c.newV()
			decodeStrict(t, raw, v)
			out := jsonOf(t, v)

			want := decodeFixture(t, c.fixture).(map[string]any)
			for _, k := range c.dropped {
				if val, ok := want[k]; !ok || val != nil {
					t.Fatalf("%s: want %q present and null in the fixture", c.fixture, k)
				}
				delete(want, k)
			}
			var got any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("re-encoded JSON does not decode: %v", err)
			}
			if diff := cmp.Diff(any(want), got); diff != "" {
				t.Errorf("round trip through %T changed the JSON (-fixture +re-encoded):\n%s", v, diff)
			}
			if err := ValidateSchema(t, fixtureSchemas[c.fixture], out); err != nil {
				t.Errorf("re-encoded JSON is not a valid %s: %v", fixtureSchemas[c.fixture], err)
			}
		})
	}
}

// TestRoundTripUnions re-encodes every price and benefit through its
// concrete generated struct (the unions themselves keep raw JSON, so the
// plain round trip would not exercise those structs).
func TestRoundTripUnions(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"checkout.json", "checkout_no_url.json", "checkout_nulls.json"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var c gen.Checkout
			decodeStrict(t, Fixture(t, name), &c)
			prices := append([]gen.ProductPrice{c.ProductPrice}, c.Product.Prices...)
			for i, p := range prices {
				v, err := p.ValueByDiscriminator()
				if err != nil {
					t.Fatalf("price %d: %v", i, err)
				}
				sameJSON(t, jsonOf(t, p), jsonOf(t, v))
				strictAgain(t, jsonOf(t, p), v)
			}
			for i, b := range c.Product.Benefits {
				var v any
				var err error
				if benefitType(t, b) == "articles" {
					v, err = b.AsBenefitArticles()
				} else {
					v, err = b.AsBenefitBase()
				}
				if err != nil {
					t.Fatalf("benefit %d: %v", i, err)
				}
				sameJSON(t, jsonOf(t, b), jsonOf(t, v))
				strictAgain(t, jsonOf(t, b), v)
			}
			for _, m := range c.Product.Medias {
				strictAgain(t, jsonOf(t, m), m)
			}
		})
	}
}

// strictAgain decodes raw into a fresh value of v's type, refusing unknown
// keys, so a struct that misses a field fails.
func strictAgain(t *testing.T, raw []byte, v any) {
	t.Helper()
	decodeStrict(t, raw, reflect.New(reflect.TypeOf(v)).Interface())
}

// benefitType returns the type key of a benefit.
func benefitType(t *testing.T, b gen.Benefit) string {
	t.Helper()
	base, err := b.AsBenefitBase()
	if err != nil {
		t.Fatalf("benefit: %v", err)
	}
	return string(base.Type)
}

func TestDecodedCheckout(t *testing.T) {
	t.Parallel()
	var c gen.Checkout
	decodeStrict(t, Fixture(t, "checkout.json"), &c)

	if !strings.HasPrefix(c.ID, "cs_test_") {
		t.Errorf("ID = %q", c.ID)
	}
	if c.URL == nil || *c.URL != "https://sandbox.polar.sh/checkout/"+c.ID {
		t.Errorf("URL = %v", c.URL)
	}
	if c.CustomerEmail == nil || *c.CustomerEmail != "jane.doe@example.com" {
		t.Errorf("CustomerEmail = %v", c.CustomerEmail)
	}
	if c.CustomerName != nil {
		t.Errorf("CustomerName = %q, want nil for null", *c.CustomerName)
	}
	p := c.Product
	if p.Name != "Pro Plan" || !p.IsRecurring || p.IsArchived {
		t.Errorf("product = %q recurring %v archived %v", p.Name, p.IsRecurring, p.IsArchived)
	}
	if p.Type != nil {
		t.Errorf("product Type = %q, want nil for null", *p.Type)
	}
	if p.IsHighlighted == nil || *p.IsHighlighted {
		t.Errorf("IsHighlighted = %v, want false", p.IsHighlighted)
	}
	if p.Description == nil || p.ModifiedAt == nil {
		t.Error("product description or modified_at decoded as nil")
	}
	if want := time.Date(2024, 8, 19, 9, 15, 42, 318274000, time.UTC); !p.CreatedAt.Equal(want) {
		t.Errorf("product CreatedAt = %v, want %v", p.CreatedAt, want)
	}

	// Prices: the discriminator picks the concrete type.
	if len(p.Prices) != 2 {
		t.Fatalf("%d prices, want 2", len(p.Prices))
	}
	rec := recurring(t, p.Prices[0])
	if rec.PriceAmount != 1900 || rec.PriceCurrency != "usd" || rec.Type != gen.ProductPriceRecurringTypeRecurring {
		t.Errorf("recurring price = %d %s %s", rec.PriceAmount, rec.PriceCurrency, rec.Type)
	}
	if rec.RecurringInterval == nil || *rec.RecurringInterval != gen.ProductPriceRecurringIntervalMonth {
		t.Errorf("RecurringInterval = %v, want month", rec.RecurringInterval)
	}
	if rec.ModifiedAt != nil {
		t.Errorf("recurring ModifiedAt = %v, want nil for null", rec.ModifiedAt)
	}
	v, err := p.Prices[1].ValueByDiscriminator()
	if err != nil {
		t.Fatal(err)
	}
	one, ok := v.(gen.ProductPriceOneTime)
	if !ok {
		t.Fatalf("price 1 decodes to %T, want ProductPriceOneTime", v)
	}
	if one.Type != gen.ProductPriceOneTimeTypeOneTime || one.PriceAmount != 19900 || one.ModifiedAt == nil {
		t.Errorf("one-time price = %+v", one)
	}
	if got := recurring(t, c.ProductPrice); got.ID != rec.ID {
		t.Errorf("product_price %s, want the recurring price %s", got.ID, rec.ID)
	}

	// Benefits: both kinds of the anyOf.
	if len(p.Benefits) != 2 {
		t.Fatalf("%d benefits, want 2", len(p.Benefits))
	}
	art, err := p.Benefits[0].AsBenefitArticles()
	if err != nil {
		t.Fatal(err)
	}
	if art.Type != gen.BenefitArticlesTypeArticles || !art.Properties.PaidArticles || art.ModifiedAt != nil {
		t.Errorf("articles benefit = %+v", art)
	}
	base, err := p.Benefits[1].AsBenefitBase()
	if err != nil {
		t.Fatal(err)
	}
	if base.Type != gen.BenefitTypeCustom || !base.Selectable || base.ModifiedAt == nil {
		t.Errorf("custom benefit = %+v", base)
	}

	// Media.
	if len(p.Medias) != 1 {
		t.Fatalf("%d medias, want 1", len(p.Medias))
	}
	m := p.Medias[0]
	if m.Service != gen.ProductMediaFileReadServiceProductMedia || m.Size != 48213 || !m.IsUploaded {
		t.Errorf("media = %+v", m)
	}
	if m.StorageVersion != nil || m.Version != nil {
		t.Error("media storage_version/version: want nil for null")
	}
	if m.ChecksumEtag == nil || m.ChecksumSha256Hex == nil || m.ChecksumSha256Base64 == nil || m.LastModifiedAt == nil {
		t.Error("media checksums/last_modified_at decoded as nil")
	}
}

func TestDecodedNulls(t *testing.T) {
	t.Parallel()
	var c gen.Checkout
	decodeStrict(t, Fixture(t, "checkout_nulls.json"), &c)
	p := c.Product
	for name, isNil := range map[string]bool{
		"url":            c.URL == nil,
		"customer_email": c.CustomerEmail == nil,
		"customer_name":  c.CustomerName == nil,
		"description":    p.Description == nil,
		"modified_at":    p.ModifiedAt == nil,
		"type":           p.Type == nil,
		"is_highlighted": p.IsHighlighted == nil,
	} {
		if !isNil {
			t.Errorf("%s: want nil for null", name)
		}
	}
	rec := recurring(t, c.ProductPrice)
	if rec.RecurringInterval != nil || rec.ModifiedAt != nil {
		t.Errorf("recurring_interval/modified_at = %v/%v, want nil", rec.RecurringInterval, rec.ModifiedAt)
	}
	m := p.Medias[0]
	for name, ptr := range map[string]*string{
		"storage_version": m.StorageVersion, "checksum_etag": m.ChecksumEtag,
		"checksum_sha256_base64": m.ChecksumSha256Base64, "checksum_sha256_hex": m.ChecksumSha256Hex,
		"version": m.Version,
	} {
		if ptr != nil {
			t.Errorf("media %s = %q, want nil", name, *ptr)
		}
	}
	if m.LastModifiedAt != nil {
		t.Errorf("media last_modified_at = %v, want nil", m.LastModifiedAt)
	}
	if _, off := p.CreatedAt.Zone(); off != 2*60*60 {
		t.Errorf("product created_at offset %ds, want +02:00 kept", off)
	}
}

func TestDecodedNoURL(t *testing.T) {
	t.Parallel()
	var c gen.Checkout
	decodeStrict(t, Fixture(t, "checkout_no_url.json"), &c)
	if c.URL != nil {
		t.Errorf("URL = %q, want nil when absent", *c.URL)
	}
	if c.CustomerName == nil || *c.CustomerName != "Jane Doe" {
		t.Errorf("CustomerName = %v", c.CustomerName)
	}
	if c.Product.Type == nil || *c.Product.Type != gen.SubscriptionTierTypeIndividual {
		t.Errorf("product Type = %v, want individual", c.Product.Type)
	}
	if rec := recurring(t, c.ProductPrice); rec.RecurringInterval == nil || *rec.RecurringInterval != gen.ProductPriceRecurringIntervalYear {
		t.Errorf("RecurringInterval = %v, want year", rec.RecurringInterval)
	}
	if bytes.Contains(jsonOf(t, c), []byte(`"url"`)) {
		t.Error(`re-encoded checkout has a "url" key`)
	}
}

func TestDecodedCheckoutCreate(t *testing.T) {
	t.Parallel()
	var full, min gen.CheckoutCreate
	decodeStrict(t, Fixture(t, "checkout_create.json"), &full)
	decodeStrict(t, Fixture(t, "checkout_create_minimal.json"), &min)
	if full.CustomerEmail == nil || *full.CustomerEmail != "jane.doe@example.com" {
		t.Errorf("CustomerEmail = %v", full.CustomerEmail)
	}
	const placeholder = "{CHECKOUT_SESSION_ID}"
	if !strings.HasSuffix(full.SuccessURL, "?session_id="+placeholder) {
		t.Errorf("SuccessURL = %q", full.SuccessURL)
	}
	if !bytes.Contains(jsonOf(t, full), []byte(placeholder)) {
		t.Errorf("encoding escapes the placeholder: %s", jsonOf(t, full))
	}
	if min.CustomerEmail != nil || min.ProductPriceID == "" || min.SuccessURL == "" {
		t.Errorf("minimal = %+v", min)
	}
	if bytes.Contains(jsonOf(t, min), []byte("customer_email")) {
		t.Errorf("minimal re-encodes customer_email: %s", jsonOf(t, min))
	}
}

func TestDecodedErrors(t *testing.T) {
	t.Parallel()
	var ve gen.HTTPValidationError
	decodeStrict(t, Fixture(t, "validation_error.json"), &ve)
	if ve.Detail == nil || len(*ve.Detail) != 2 {
		t.Fatalf("detail = %v, want 2 items", ve.Detail)
	}
	d := *ve.Detail
	if d[0].Type != "url_parsing" || d[1].Msg != "Field required" || d[1].Type != "missing" {
		t.Errorf("detail = %+v", d)
	}
	var loc []any
	for _, item := range d[1].Loc {
		if s, err := item.AsValidationErrorLoc0(); err == nil {
			loc = append(loc, s)
			continue
		}
		n, err := item.AsValidationErrorLoc1()
		if err != nil {
			t.Fatalf("loc item %s is neither string nor integer", jsonOf(t, item))
		}
		loc = append(loc, n)
	}
	if diff := cmp.Diff([]any{"body", "items", 0}, loc); diff != "" {
		t.Errorf("loc (-want +got):\n%s", diff)
	}

	var e gen.Error
	decodeStrict(t, Fixture(t, "error.json"), &e)
	if e.Error != "ResourceNotFound" || e.Detail != "Not found" {
		t.Errorf("error = %+v", e)
	}
}

func recurring(t *testing.T, p gen.ProductPrice) gen.ProductPriceRecurring {
	t.Helper()
	kind, err := p.Discriminator()
	if err != nil || kind != "recurring" {
		t.Fatalf("price discriminator = %q, %v; want recurring", kind, err)
	}
	v, err := p.ValueByDiscriminator()
	if err != nil {
		t.Fatal(err)
	}
	r, ok := v.(gen.ProductPriceRecurring)
	if !ok {
		t.Fatalf("recurring price decodes to %T", v)
	}
	return r
}

// decodeStrict decodes raw into v, refusing unknown keys and trailing data.
func decodeStrict(t *testing.T, raw []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode into %T: %v", v, err)
	}
	if dec.More() {
		t.Fatalf("decode into %T: trailing data", v)
	}
}

// sameJSON fails the test unless a and b encode the same JSON value.
func sameJSON(t *testing.T, a, b []byte) {
	t.Helper()
	var av, bv any
	if err := json.Unmarshal(a, &av); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &bv); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(av, bv); diff != "" {
		t.Errorf("JSON differs (-want +got):\n%s", diff)
	}
}
