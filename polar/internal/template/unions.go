//go:build template

package polar

import (
	"encoding/json"
	"errors"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
)

// Polar's unions carry no usable discriminator in its document (prices and
// discounts) or one the generated code cannot extend (a price kind Polar
// adds next year), so the functions below tell the variants apart the way
// Polar's server does and decode the chosen one once. Each returns a value
// of the variant's type, for a type switch:
//
//	v, err := polar.PriceValue(price)
//	switch p := v.(type) {
//	case polar.ProductPriceFixed:
//		fmt.Println(p.PriceAmount, p.PriceCurrency)
//	case polar.Unknown:
//		fmt.Println("a price kind this SDK does not know:", p.Kind)
//	}

// Unknown is a variant this version of the SDK does not know, such as a
// price amount type Polar adds later. It is returned without error, so that
// a new kind on Polar's side never breaks reading a checkout.
type Unknown struct {
	// Kind is what told the variant apart: the amount_type of a price, the
	// type of a custom field, "type/duration" of a discount.
	Kind string
	// JSON is the object as Polar sent it.
	JSON json.RawMessage
}

// PriceValue returns the variant of a product price: ProductPriceFixed,
// ProductPriceCustom, ProductPriceSeatBased, ProductPriceMeteredUnit,
// ProductPriceUnitBased, ProductPriceMeteredTiers,
// LegacyRecurringProductPriceFixed,
// LegacyRecurringProductPriceCustom, or Unknown. Like Polar's server, it
// reads a price with the key "legacy" as a legacy recurring price and any
// other by its amount_type. It fails only on JSON that is no price object.
func PriceValue(p CheckoutProductPrice) (any, error) {
	raw, _ := p.MarshalJSON() // the raw bytes it was decoded from
	var head struct {
		AmountType string          `json:"amount_type"`
		Legacy     json.RawMessage `json:"legacy"`
	}
	if err := unmarshalHead(raw, &head); err != nil {
		return nil, fmt.Errorf("polar: price: %w", err)
	}
	if head.Legacy != nil {
		switch head.AmountType {
		case "fixed":
			return decodeVariant[LegacyRecurringProductPriceFixed]("price", raw)
		case "custom":
			return decodeVariant[LegacyRecurringProductPriceCustom]("price", raw)
		}
		return Unknown{Kind: "legacy " + head.AmountType, JSON: raw}, nil
	}
	switch head.AmountType {
	case "fixed":
		return decodeVariant[ProductPriceFixed]("price", raw)
	case "custom":
		return decodeVariant[ProductPriceCustom]("price", raw)
	case "seat_based":
		return decodeVariant[ProductPriceSeatBased]("price", raw)
	case "metered_unit":
		return decodeVariant[ProductPriceMeteredUnit]("price", raw)
	case "unit_based":
		return decodeVariant[ProductPriceUnitBased]("price", raw)
	case "metered_tiers":
		return decodeVariant[ProductPriceMeteredTiers]("price", raw)
	}
	return Unknown{Kind: head.AmountType, JSON: raw}, nil
}

// DiscountValue returns the variant of a checkout's discount:
// CheckoutDiscountFixedOnceForeverDuration,
// CheckoutDiscountFixedRepeatDuration,
// CheckoutDiscountPercentageOnceForeverDuration,
// CheckoutDiscountPercentageRepeatDuration, or Unknown. Like Polar's
// server, it keys on type and duration together. It fails only on JSON that
// is no discount object.
func DiscountValue(d CheckoutDiscount) (any, error) {
	raw, _ := d.MarshalJSON()
	var head struct {
		Type     string `json:"type"`
		Duration string `json:"duration"`
	}
	if err := unmarshalHead(raw, &head); err != nil {
		return nil, fmt.Errorf("polar: discount: %w", err)
	}
	once := head.Duration == "once" || head.Duration == "forever"
	switch {
	case head.Type == "fixed" && once:
		return decodeVariant[CheckoutDiscountFixedOnceForeverDuration]("discount", raw)
	case head.Type == "fixed" && head.Duration == "repeating":
		return decodeVariant[CheckoutDiscountFixedRepeatDuration]("discount", raw)
	case head.Type == "percentage" && once:
		return decodeVariant[CheckoutDiscountPercentageOnceForeverDuration]("discount", raw)
	case head.Type == "percentage" && head.Duration == "repeating":
		return decodeVariant[CheckoutDiscountPercentageRepeatDuration]("discount", raw)
	}
	return Unknown{Kind: head.Type + "/" + head.Duration, JSON: raw}, nil
}

// CustomFieldValue returns the variant of a custom field: CustomFieldText,
// CustomFieldNumber, CustomFieldDate, CustomFieldCheckbox,
// CustomFieldSelect, or Unknown, by its type. It fails only on JSON that is
// no custom field object.
func CustomFieldValue(f CustomField) (any, error) {
	raw, _ := f.MarshalJSON()
	var head struct {
		Type string `json:"type"`
	}
	if err := unmarshalHead(raw, &head); err != nil {
		return nil, fmt.Errorf("polar: custom field: %w", err)
	}
	switch head.Type {
	case "text":
		return decodeVariant[CustomFieldText]("custom field", raw)
	case "number":
		return decodeVariant[CustomFieldNumber]("custom field", raw)
	case "date":
		return decodeVariant[CustomFieldDate]("custom field", raw)
	case "checkbox":
		return decodeVariant[CustomFieldCheckbox]("custom field", raw)
	case "select":
		return decodeVariant[CustomFieldSelect]("custom field", raw)
	}
	return Unknown{Kind: head.Type, JSON: raw}, nil
}

// BenefitValue returns the variant of a product's benefit:
// BenefitCustomPublic, BenefitDiscordPublic, BenefitDownloadablesPublic,
// BenefitFeatureFlagPublic, BenefitGitHubRepositoryPublic,
// BenefitLicenseKeysPublic, BenefitMeterCreditPublic,
// BenefitSlackSharedChannelPublic, or Unknown, by its type. It fails only
// on JSON that is no benefit object.
func BenefitValue(b BenefitPublic) (any, error) {
	raw, _ := b.MarshalJSON()
	var head struct {
		Type string `json:"type"`
	}
	if err := unmarshalHead(raw, &head); err != nil {
		return nil, fmt.Errorf("polar: benefit: %w", err)
	}
	switch head.Type {
	case "custom":
		return decodeVariant[BenefitCustomPublic]("benefit", raw)
	case "discord":
		return decodeVariant[BenefitDiscordPublic]("benefit", raw)
	case "downloadables":
		return decodeVariant[BenefitDownloadablesPublic]("benefit", raw)
	case "feature_flag":
		return decodeVariant[BenefitFeatureFlagPublic]("benefit", raw)
	case "github_repository":
		return decodeVariant[BenefitGitHubRepositoryPublic]("benefit", raw)
	case "license_keys":
		return decodeVariant[BenefitLicenseKeysPublic]("benefit", raw)
	case "meter_credit":
		return decodeVariant[BenefitMeterCreditPublic]("benefit", raw)
	case "slack_shared_channel":
		return decodeVariant[BenefitSlackSharedChannelPublic]("benefit", raw)
	}
	return Unknown{Kind: head.Type, JSON: raw}, nil
}

// unmarshalHead and decodeVariant read keys by their exact names and refuse
// a duplicated key, as Polar writes them (github.com/go-json-experiment/json;
// encoding/json would match "AMOUNT_TYPE" and keep the last of two
// "amount_type"), so that a union cannot be read two ways.

// unmarshalHead decodes the keys that tell a union's variants apart. JSON
// null (a union nothing was decoded into) is no variant: an error, not an
// Unknown.
func unmarshalHead(raw []byte, head any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return errors.New("no object (null)")
	}
	return jsonv2.Unmarshal(raw, head)
}

func decodeVariant[T any](what string, raw []byte) (any, error) {
	var v T
	if err := jsonv2.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("polar: %s: %w", what, err)
	}
	return v, nil
}
