//go:build template

package polar

import gen "github.com/polar-checkouts/polar-go/gen/v2026_10"

// The request and response types are the generated ones (gen/v2026_10,
// made from openapi/2026-10.yaml, which make spec derives from Polar's own
// document for 2026-10), re-exported so that users import only this
// package; each one's doc lists its fields. Their fields follow Polar's
// JSON: a required-but-nullable field is a pointer, nil for JSON null; an
// optional field of a create is a pointer or, where the empty value is
// never meaningful to Polar, a plain value left out when empty; a field of
// an update that Polar lets you clear is a Nullable (see Set and Null).

// Requests.
type (
	// CheckoutCreate is the body of Create: set exactly one of Products (the
	// current form), ProductID or ProductPriceID (older forms Polar still
	// accepts), and optionally SuccessURL and the rest.
	CheckoutCreate = gen.CheckoutCreate
	// CheckoutUpdate is the body of Update; only the fields set are sent.
	CheckoutUpdate = gen.CheckoutUpdate
	// CheckoutUpdatePublic is the body of ClientUpdate, what a customer may
	// change on the checkout page.
	CheckoutUpdatePublic = gen.CheckoutUpdatePublic
	// CheckoutConfirmStripe is the body of ClientConfirm: a
	// CheckoutUpdatePublic plus Stripe's ConfirmationTokenID.
	CheckoutConfirmStripe = gen.CheckoutConfirmStripe
	// AddressInput is a billing address sent to Polar.
	AddressInput = gen.AddressInput
)

// Checkouts.
type (
	// Checkout is a checkout session as the merchant sees it: send the
	// customer to its URL.
	Checkout = gen.Checkout
	// CheckoutPublic is a checkout session as its customer sees it, read
	// with the client secret (ClientGet, ClientUpdate).
	CheckoutPublic = gen.CheckoutPublic
	// CheckoutPublicConfirmed is the answer of ClientConfirm.
	CheckoutPublicConfirmed = gen.CheckoutPublicConfirmed
	// CheckoutList is one page of List: Items and Pagination.
	CheckoutList = gen.ListResourceCheckout
	// Pagination says how many checkouts match (TotalCount) and the last
	// page number (MaxPage, 0 when none match).
	Pagination = gen.Pagination
	// CheckoutStatus is where a checkout is in its life: open, expired,
	// confirmed, succeeded or failed.
	CheckoutStatus = gen.CheckoutStatus
	// CheckoutSortProperty is a sort key of List, such as
	// CheckoutSortPropertyMinusCreatedAt (newest first, the default).
	CheckoutSortProperty = gen.CheckoutSortProperty
	// CheckoutOrganization is the organization selling, on CheckoutPublic.
	CheckoutOrganization = gen.CheckoutOrganization
	// Address is a customer's billing address.
	Address = gen.Address
	// TrialInterval is the unit of a trial period.
	TrialInterval = gen.TrialInterval
	// PresentmentCurrency is a lower-case currency code Polar can charge in.
	PresentmentCurrency = gen.PresentmentCurrency
)

// Products and prices. Switch on a price's kind with PriceValue.
type (
	// CheckoutProduct is a product on sale in a checkout.
	CheckoutProduct = gen.CheckoutProduct
	// CheckoutProductPrice is a price of a checkout's product: a
	// ProductPrice or a LegacyRecurringProductPrice; see PriceValue.
	CheckoutProductPrice = gen.CheckoutProductPrice
	// ProductPrice is a price by amount type; see PriceValue.
	ProductPrice = gen.ProductPrice
	// ProductPriceFixed is a fixed price (amount type "fixed").
	ProductPriceFixed = gen.ProductPriceFixed
	// ProductPriceCustom is a pay-what-you-want price ("custom").
	ProductPriceCustom = gen.ProductPriceCustom
	// ProductPriceSeatBased is a price per seat, in tiers ("seat_based").
	ProductPriceSeatBased = gen.ProductPriceSeatBased
	// ProductPriceMeteredUnit is a usage-based price per meter unit
	// ("metered_unit").
	ProductPriceMeteredUnit = gen.ProductPriceMeteredUnit
	// ProductPriceUnitBased is a price per unit ("unit_based"), which Polar
	// sends but does not document.
	ProductPriceUnitBased = gen.ProductPriceUnitBased
	// LegacyRecurringProductPrice is a deprecated recurring price; see
	// PriceValue.
	LegacyRecurringProductPrice = gen.LegacyRecurringProductPrice
	// LegacyRecurringProductPriceFixed is a deprecated recurring fixed price.
	LegacyRecurringProductPriceFixed = gen.LegacyRecurringProductPriceFixed
	// LegacyRecurringProductPriceCustom is a deprecated recurring
	// pay-what-you-want price.
	LegacyRecurringProductPriceCustom = gen.LegacyRecurringProductPriceCustom
	// RecurringInterval is how often a recurring price bills.
	RecurringInterval = gen.RecurringInterval
	// ProductPriceMeteredTiers is a usage-based price in tiers of meter
	// units ("metered_tiers").
	ProductPriceMeteredTiers = gen.ProductPriceMeteredTiers
	// Tiers are the tiers of a tiered price: Type (volume or graduated) and
	// the Tiers themselves, each up to its Bound.
	Tiers = gen.Tiers
	// Tier is one tier: UnitAmount (a decimal string, in cents) up to Bound
	// units (nil: no upper bound).
	Tier = gen.Tier
	// TierType says how tiers apply: volume (every unit at the matching
	// tier's rate) or graduated (each tier's range at its own rate).
	TierType = gen.TierType
	// ProductPriceMeter is the meter of a metered price.
	ProductPriceMeter = gen.ProductPriceMeter
	// BenefitPublic is a benefit a product grants; see BenefitValue.
	BenefitPublic = gen.BenefitPublic
	// BenefitCustomPublic is a custom benefit ("custom").
	BenefitCustomPublic = gen.BenefitCustomPublic
	// BenefitDiscordPublic is a Discord invite ("discord").
	BenefitDiscordPublic = gen.BenefitDiscordPublic
	// BenefitDownloadablesPublic is a set of files ("downloadables").
	BenefitDownloadablesPublic = gen.BenefitDownloadablesPublic
	// BenefitFeatureFlagPublic is a feature flag ("feature_flag").
	BenefitFeatureFlagPublic = gen.BenefitFeatureFlagPublic
	// BenefitGitHubRepositoryPublic is access to a GitHub repository
	// ("github_repository").
	BenefitGitHubRepositoryPublic = gen.BenefitGitHubRepositoryPublic
	// BenefitLicenseKeysPublic is a licence key ("license_keys").
	BenefitLicenseKeysPublic = gen.BenefitLicenseKeysPublic
	// BenefitMeterCreditPublic is a credit of meter units ("meter_credit").
	BenefitMeterCreditPublic = gen.BenefitMeterCreditPublic
	// BenefitSlackSharedChannelPublic is a shared Slack channel
	// ("slack_shared_channel").
	BenefitSlackSharedChannelPublic = gen.BenefitSlackSharedChannelPublic
	// ProductMediaFileRead is an image of a product.
	ProductMediaFileRead = gen.ProductMediaFileRead
)

// Orders, as the order.* webhooks carry them (OrderFromEvent).
type (
	// Order is an order: what a customer bought and paid, made when a
	// checkout succeeds. Fulfil on order.paid.
	Order = gen.Order
	// OrderItem is one line of an order: its label, amount and the price it
	// was bought at.
	OrderItem = gen.OrderItemSchema
	// OrderCustomer is the customer of an order.
	OrderCustomer = gen.OrderCustomer
	// OrderProduct is the product of an order.
	OrderProduct = gen.OrderProduct
	// OrderStatus is pending, paid, refunded or partially_refunded.
	OrderStatus = gen.OrderStatus
	// OrderBillingReason says why an order was made: purchase,
	// subscription_create, subscription_cycle or subscription_update.
	OrderBillingReason = gen.OrderBillingReason
	// OrderDiscount is the discount applied to an order.
	OrderDiscount = gen.OrderDiscount
	// OrderSubscription is the subscription an order belongs to, if any.
	OrderSubscription = gen.OrderSubscription
)

// Discounts. Switch on a discount's kind with DiscountValue.
type (
	// CheckoutDiscount is the discount applied to a checkout.
	CheckoutDiscount = gen.CheckoutDiscount
	// CheckoutDiscountFixedOnceForeverDuration takes a fixed amount off,
	// once or forever.
	CheckoutDiscountFixedOnceForeverDuration = gen.CheckoutDiscountFixedOnceForeverDuration
	// CheckoutDiscountFixedRepeatDuration takes a fixed amount off for
	// DurationInMonths.
	CheckoutDiscountFixedRepeatDuration = gen.CheckoutDiscountFixedRepeatDuration
	// CheckoutDiscountPercentageOnceForeverDuration takes BasisPoints
	// (10000 = 100 %) off, once or forever.
	CheckoutDiscountPercentageOnceForeverDuration = gen.CheckoutDiscountPercentageOnceForeverDuration
	// CheckoutDiscountPercentageRepeatDuration takes BasisPoints off for
	// DurationInMonths.
	CheckoutDiscountPercentageRepeatDuration = gen.CheckoutDiscountPercentageRepeatDuration
	// DiscountType is fixed or percentage.
	DiscountType = gen.DiscountType
	// DiscountDuration is once, forever or repeating.
	DiscountDuration = gen.DiscountDuration
)

// Custom fields. Switch on a field's kind with CustomFieldValue.
type (
	// AttachedCustomField is a custom field asked for on a checkout.
	AttachedCustomField = gen.AttachedCustomField
	// CustomField is a custom field of any kind.
	CustomField = gen.CustomField
	// CustomFieldText is a text field.
	CustomFieldText = gen.CustomFieldText
	// CustomFieldNumber is a number field.
	CustomFieldNumber = gen.CustomFieldNumber
	// CustomFieldDate is a date field.
	CustomFieldDate = gen.CustomFieldDate
	// CustomFieldCheckbox is a checkbox.
	CustomFieldCheckbox = gen.CustomFieldCheckbox
	// CustomFieldSelect is a choice among options.
	CustomFieldSelect = gen.CustomFieldSelect
)

// Values of CheckoutStatus.
const (
	// CheckoutStatusOpen: created, waiting for the customer.
	CheckoutStatusOpen = gen.CheckoutStatusOpen
	// CheckoutStatusExpired: not paid within its 24 hours.
	CheckoutStatusExpired = gen.CheckoutStatusExpired
	// CheckoutStatusConfirmed: the customer confirmed; payment is under way.
	CheckoutStatusConfirmed = gen.CheckoutStatusConfirmed
	// CheckoutStatusSucceeded: paid; the order exists.
	CheckoutStatusSucceeded = gen.CheckoutStatusSucceeded
	// CheckoutStatusFailed: exists in Polar's API, but Polar sets it nowhere
	// today.
	CheckoutStatusFailed = gen.CheckoutStatusFailed
)

// Values of CheckoutSortProperty.
const (
	// CheckoutSortPropertyCreatedAt sorts oldest first.
	CheckoutSortPropertyCreatedAt = gen.CheckoutSortPropertyCreatedAt
	// CheckoutSortPropertyMinusCreatedAt sorts newest first (Polar's default).
	CheckoutSortPropertyMinusCreatedAt = gen.CheckoutSortPropertyMinusCreatedAt
	// CheckoutSortPropertyExpiresAt sorts by expiry, soonest first.
	CheckoutSortPropertyExpiresAt = gen.CheckoutSortPropertyExpiresAt
	// CheckoutSortPropertyMinusExpiresAt sorts by expiry, latest first.
	CheckoutSortPropertyMinusExpiresAt = gen.CheckoutSortPropertyMinusExpiresAt
	// CheckoutSortPropertyStatus sorts by status.
	CheckoutSortPropertyStatus = gen.CheckoutSortPropertyStatus
	// CheckoutSortPropertyMinusStatus sorts by status, descending.
	CheckoutSortPropertyMinusStatus = gen.CheckoutSortPropertyMinusStatus
)

// Values of RecurringInterval and TrialInterval.
const (
	// RecurringIntervalDay bills every day.
	RecurringIntervalDay = gen.RecurringIntervalDay
	// RecurringIntervalWeek bills every week.
	RecurringIntervalWeek = gen.RecurringIntervalWeek
	// RecurringIntervalMonth bills every month.
	RecurringIntervalMonth = gen.RecurringIntervalMonth
	// RecurringIntervalYear bills every year.
	RecurringIntervalYear = gen.RecurringIntervalYear
	// TrialIntervalDay counts a trial in days.
	TrialIntervalDay = gen.TrialIntervalDay
	// TrialIntervalWeek counts a trial in weeks.
	TrialIntervalWeek = gen.TrialIntervalWeek
	// TrialIntervalMonth counts a trial in months.
	TrialIntervalMonth = gen.TrialIntervalMonth
	// TrialIntervalYear counts a trial in years.
	TrialIntervalYear = gen.TrialIntervalYear
)

// Values of DiscountType and DiscountDuration.
const (
	// DiscountTypeFixed takes an amount off.
	DiscountTypeFixed = gen.DiscountTypeFixed
	// DiscountTypePercentage takes a share off.
	DiscountTypePercentage = gen.DiscountTypePercentage
	// DiscountDurationOnce applies to the first payment.
	DiscountDurationOnce = gen.DiscountDurationOnce
	// DiscountDurationForever applies to every payment.
	DiscountDurationForever = gen.DiscountDurationForever
	// DiscountDurationRepeating applies for DurationInMonths.
	DiscountDurationRepeating = gen.DiscountDurationRepeating
)
