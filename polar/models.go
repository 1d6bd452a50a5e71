package polar

import "github.com/polar-checkouts/polar-go/gen"

// The request and response types are the generated ones, re-exported so that
// users import only this package. Their fields follow Polar's JSON: a
// required-but-nullable field is a pointer, nil for JSON null.

// CheckoutCreate is the request to create a checkout session.
// ProductPriceID and SuccessURL are required; set CustomerEmail with
// String, e.g. CustomerEmail: polar.String("jane@example.com").
type CheckoutCreate = gen.CheckoutCreate

// Checkout is a checkout session: send the customer to its URL.
type Checkout = gen.Checkout

// Product is the product a checkout sells, with all its prices, benefits and
// medias.
type Product = gen.Product

// ProductPrice is a recurring or a one-time price. Switch on its kind with
// ValueByDiscriminator, which returns a ProductPriceRecurring or a
// ProductPriceOneTime; Discriminator returns "recurring" or "one_time".
type ProductPrice = gen.ProductPrice

// ProductPriceRecurring is a subscription price, billed every
// RecurringInterval.
type ProductPriceRecurring = gen.ProductPriceRecurring

// ProductPriceOneTime is a price paid once.
type ProductPriceOneTime = gen.ProductPriceOneTime

// ProductPriceRecurringType is the type of a recurring price: always
// ProductPriceRecurringTypeRecurring.
type ProductPriceRecurringType = gen.ProductPriceRecurringType

// ProductPriceOneTimeType is the type of a one-time price: always
// ProductPriceOneTimeTypeOneTime.
type ProductPriceOneTimeType = gen.ProductPriceOneTimeType

// ProductPriceRecurringInterval is how often a recurring price is billed.
type ProductPriceRecurringInterval = gen.ProductPriceRecurringInterval

// Benefit is one of a product's benefits: BenefitArticles (AsBenefitArticles)
// or BenefitBase (AsBenefitBase). A BenefitBase may have type articles too.
type Benefit = gen.Benefit

// BenefitBase is a benefit granted by a product.
type BenefitBase = gen.BenefitBase

// BenefitArticles is a benefit granting access to posts.
type BenefitArticles = gen.BenefitArticles

// BenefitArticlesProperties are the settings of a BenefitArticles.
type BenefitArticlesProperties = gen.BenefitArticlesProperties

// BenefitArticlesType is the type of a BenefitArticles: always
// BenefitArticlesTypeArticles.
type BenefitArticlesType = gen.BenefitArticlesType

// BenefitType is the kind of a benefit.
type BenefitType = gen.BenefitType

// SubscriptionTierType is a product's tier type. Polar deprecated it but
// still sends it, so it stays readable.
//
//lint:ignore SA1019 re-exported on purpose: Polar still sends product.type.
type SubscriptionTierType = gen.SubscriptionTierType

// ProductMediaFileRead is a media file (an image) of a product.
type ProductMediaFileRead = gen.ProductMediaFileRead

// ProductMediaFileReadService is the service a media file belongs to.
type ProductMediaFileReadService = gen.ProductMediaFileReadService

// Values of ProductPriceRecurringType and ProductPriceOneTimeType, the
// discriminators of ProductPrice.
const (
	// ProductPriceRecurringTypeRecurring marks a ProductPriceRecurring.
	ProductPriceRecurringTypeRecurring = gen.ProductPriceRecurringTypeRecurring
	// ProductPriceOneTimeTypeOneTime marks a ProductPriceOneTime.
	ProductPriceOneTimeTypeOneTime = gen.ProductPriceOneTimeTypeOneTime
)

// Values of ProductPriceRecurringInterval.
const (
	// ProductPriceRecurringIntervalMonth bills every month.
	ProductPriceRecurringIntervalMonth = gen.ProductPriceRecurringIntervalMonth
	// ProductPriceRecurringIntervalYear bills every year.
	ProductPriceRecurringIntervalYear = gen.ProductPriceRecurringIntervalYear
)

// BenefitArticlesTypeArticles is the type of every BenefitArticles.
const BenefitArticlesTypeArticles = gen.BenefitArticlesTypeArticles

// Values of BenefitType.
const (
	// BenefitTypeCustom is a benefit described in free text.
	BenefitTypeCustom = gen.BenefitTypeCustom
	// BenefitTypeArticles grants access to posts.
	BenefitTypeArticles = gen.BenefitTypeArticles
	// BenefitTypeAds grants ad placements.
	BenefitTypeAds = gen.BenefitTypeAds
	// BenefitTypeDiscord grants a Discord role.
	BenefitTypeDiscord = gen.BenefitTypeDiscord
	// BenefitTypeGithubRepository grants access to a GitHub repository.
	BenefitTypeGithubRepository = gen.BenefitTypeGithubRepository
	// BenefitTypeDownloadables grants file downloads.
	BenefitTypeDownloadables = gen.BenefitTypeDownloadables
	// BenefitTypeLicenseKeys grants license keys.
	BenefitTypeLicenseKeys = gen.BenefitTypeLicenseKeys
)

// Values of SubscriptionTierType (deprecated by Polar).
const (
	// SubscriptionTierTypeFree is a free tier.
	SubscriptionTierTypeFree = gen.SubscriptionTierTypeFree
	// SubscriptionTierTypeIndividual is a tier for individuals.
	SubscriptionTierTypeIndividual = gen.SubscriptionTierTypeIndividual
	// SubscriptionTierTypeBusiness is a tier for businesses.
	SubscriptionTierTypeBusiness = gen.SubscriptionTierTypeBusiness
)

// ProductMediaFileReadServiceProductMedia is the service of every product
// media file.
const ProductMediaFileReadServiceProductMedia = gen.ProductMediaFileReadServiceProductMedia
