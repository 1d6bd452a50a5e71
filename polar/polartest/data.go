package polartest

import (
	"errors"
	"time"

	"github.com/polar-checkouts/polar-go/gen"
)

// The seeded catalogue: one organization selling one product, "Pro Plan",
// with a one-time and a monthly recurring price.
const (
	// OneTimePriceID is the ID of the seeded one-time price of the "Pro Plan"
	// product: 1900 cents in usd, paid once.
	OneTimePriceID = "a5c7b9b8-7745-4cae-8284-ffc79f0bae4a"

	// RecurringPriceID is the ID of the seeded recurring price of the
	// "Pro Plan" product: 1900 cents in usd, every month.
	RecurringPriceID = "4fc1ca0a-c955-46d8-a2b4-dfedfe3f1eb9"

	organizationID    = "8685823d-50be-4512-a82d-1d5e232853c8"
	productID         = "7c2c4ac5-05c9-4a2b-98a3-26c27bfc6545"
	articlesBenefitID = "6ee61469-304d-434b-a88a-440c99fbd90d"
	customBenefitID   = "d7aacf74-5c76-4b73-ae09-18b0a70dc7d8"
	mediaID           = "3bd55668-134c-4750-bfd3-f6be1c1cb984"
)

// seedTime returns a fixed UTC timestamp. Every seeded timestamp has a
// microsecond part whose last digit is not zero, so encoding/json writes
// exactly six fraction digits, as Polar does.
func seedTime(month time.Month, day, hour, min, sec, micro int) time.Time {
	return time.Date(2024, month, day, hour, min, sec, micro*1000, time.UTC)
}

// seed builds the catalogue: the product (with its prices, benefits and
// media embedded) and its prices by ID.
func seed() (gen.Product, map[string]gen.ProductPrice, error) {
	created := seedTime(time.August, 12, 9, 41, 7, 318274)
	modified := seedTime(time.September, 2, 16, 3, 55, 902113)
	monthly := gen.ProductPriceRecurringIntervalMonth
	description := "Everything in Free, plus unlimited projects, priority support and early access to new features."

	var oneTime, recurring gen.ProductPrice
	var articles, custom gen.Benefit
	err := errors.Join(
		oneTime.FromProductPriceOneTime(gen.ProductPriceOneTime{
			CreatedAt:     created,
			ModifiedAt:    nil,
			ID:            OneTimePriceID,
			PriceAmount:   1900,
			PriceCurrency: "usd",
			IsArchived:    false,
		}),
		recurring.FromProductPriceRecurring(gen.ProductPriceRecurring{
			CreatedAt:         created,
			ModifiedAt:        nil,
			ID:                RecurringPriceID,
			PriceAmount:       1900,
			PriceCurrency:     "usd",
			IsArchived:        false,
			RecurringInterval: &monthly,
		}),
		articles.FromBenefitArticles(gen.BenefitArticles{
			CreatedAt:      created,
			ModifiedAt:     nil,
			ID:             articlesBenefitID,
			Type:           gen.BenefitArticlesTypeArticles,
			Description:    "Premium articles",
			Selectable:     false,
			Deletable:      false,
			OrganizationID: organizationID,
			Properties:     gen.BenefitArticlesProperties{PaidArticles: true},
		}),
		custom.FromBenefitBase(gen.BenefitBase{
			CreatedAt:      seedTime(time.August, 12, 9, 44, 51, 620587),
			ModifiedAt:     nil,
			ID:             customBenefitID,
			Type:           gen.BenefitTypeCustom,
			Description:    "Monthly office hours with the team",
			Selectable:     true,
			Deletable:      true,
			OrganizationID: organizationID,
		}),
	)
	if err != nil {
		return gen.Product{}, nil, err
	}

	etag := `"2032f40a4a7f2a6f88134c28e8f92381"`
	sha256Base64 := "tKqs92BoTVW0Mv0VEwHuFR/PjFgN7N6SkFEA6ER/kIU="
	sha256Hex := "b4aaacf760684d55b432fd151301ee151fcf8c580decde92905100e8447f9085"
	uploaded := seedTime(time.August, 12, 9, 43, 12, 74519)
	path := organizationID + "/" + mediaID + "/pro-plan-cover.png"
	media := gen.ProductMediaFileRead{
		ID:                   mediaID,
		OrganizationID:       organizationID,
		Name:                 "pro-plan-cover.png",
		Path:                 path,
		MimeType:             "image/png",
		Size:                 184320,
		StorageVersion:       nil,
		ChecksumEtag:         &etag,
		ChecksumSha256Base64: &sha256Base64,
		ChecksumSha256Hex:    &sha256Hex,
		LastModifiedAt:       &uploaded,
		Version:              nil,
		Service:              gen.ProductMediaFileReadServiceProductMedia,
		IsUploaded:           true,
		CreatedAt:            seedTime(time.August, 12, 9, 43, 9, 551236),
		SizeReadable:         "180.0 KB",
		PublicURL:            "https://polar-public-sandbox-files.s3.amazonaws.com/product_media/" + path,
	}

	product := gen.Product{
		CreatedAt:      created,
		ModifiedAt:     &modified,
		ID:             productID,
		Name:           "Pro Plan",
		Description:    &description,
		IsRecurring:    true,
		IsArchived:     false,
		OrganizationID: organizationID,
		// The deprecated type and is_highlighted stay nil: sent as null,
		// as Polar does for products made since tiers went away.
		Prices:   []gen.ProductPrice{recurring, oneTime},
		Benefits: []gen.Benefit{articles, custom},
		Medias:   []gen.ProductMediaFileRead{media},
	}
	prices := map[string]gen.ProductPrice{
		OneTimePriceID:   oneTime,
		RecurringPriceID: recurring,
	}
	return product, prices, nil
}
