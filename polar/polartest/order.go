package polartest

import (
	"time"

	"github.com/polar-checkouts/polar-go/gen"
)

// The order a paid checkout makes, for the order.* webhooks. gen has no
// Order type (oapi-codegen keeps only the schemas the seven operations
// reach), so these structs follow components/schemas/Order of
// openapi.yaml by hand; internal/spectest's tests validate what they
// encode against WebhookOrder*Payload.

// order is components/schemas/Order.
type order struct {
	ID                   string         `json:"id"`
	CreatedAt            time.Time      `json:"created_at"`
	ModifiedAt           *time.Time     `json:"modified_at"`
	Status               string         `json:"status"`
	Paid                 bool           `json:"paid"`
	SubtotalAmount       int            `json:"subtotal_amount"`
	DiscountAmount       int            `json:"discount_amount"`
	NetAmount            int            `json:"net_amount"`
	TaxAmount            int            `json:"tax_amount"`
	TotalAmount          int            `json:"total_amount"`
	AppliedBalanceAmount int            `json:"applied_balance_amount"`
	DueAmount            int            `json:"due_amount"`
	RefundedAmount       int            `json:"refunded_amount"`
	RefundedTaxAmount    int            `json:"refunded_tax_amount"`
	Currency             string         `json:"currency"`
	BillingReason        string         `json:"billing_reason"`
	BillingName          *string        `json:"billing_name"`
	BillingAddress       *gen.Address   `json:"billing_address"`
	InvoiceNumber        *string        `json:"invoice_number"`
	IsInvoiceGenerated   bool           `json:"is_invoice_generated"`
	ReceiptNumber        *string        `json:"receipt_number"`
	Seats                *int           `json:"seats"`
	CustomerID           string         `json:"customer_id"`
	ProductID            *string        `json:"product_id"`
	DiscountID           *string        `json:"discount_id"`
	SubscriptionID       *string        `json:"subscription_id"`
	CheckoutID           *string        `json:"checkout_id"`
	NextPaymentAttemptAt *time.Time     `json:"next_payment_attempt_at"`
	Metadata             map[string]any `json:"metadata"`
	CustomFieldData      map[string]any `json:"custom_field_data"`
	PlatformFeeAmount    int            `json:"platform_fee_amount"`
	PlatformFeeCurrency  *string        `json:"platform_fee_currency"`
	Customer             orderCustomer  `json:"customer"`
	Product              *orderProduct  `json:"product"`
	Discount             *orderDiscount `json:"discount"`
	Subscription         *struct{}      `json:"subscription"`
	Items                []orderItem    `json:"items"`
	Description          string         `json:"description"`
	RefundableAmount     int            `json:"refundable_amount"`
	RefundableTaxAmount  int            `json:"refundable_tax_amount"`
}

// orderCustomer is components/schemas/OrderCustomer.
type orderCustomer struct {
	ID                     string         `json:"id"`
	CreatedAt              time.Time      `json:"created_at"`
	ModifiedAt             *time.Time     `json:"modified_at"`
	Metadata               map[string]any `json:"metadata"`
	ExternalID             *string        `json:"external_id"`
	Email                  *string        `json:"email"`
	EmailVerified          bool           `json:"email_verified"`
	Type                   string         `json:"type"`
	Name                   *string        `json:"name"`
	BillingName            *string        `json:"billing_name"`
	BillingAddress         *gen.Address   `json:"billing_address"`
	TaxID                  []any          `json:"tax_id"`
	Locale                 *string        `json:"locale"`
	OrganizationID         string         `json:"organization_id"`
	DefaultPaymentMethodID *string        `json:"default_payment_method_id"`
	DeletedAt              *time.Time     `json:"deleted_at"`
	FirstUserEventAt       *time.Time     `json:"first_user_event_at"`
	AvatarURL              *string        `json:"avatar_url"`
}

// orderProduct is components/schemas/OrderProduct.
type orderProduct struct {
	Metadata               map[string]any         `json:"metadata"`
	ID                     string                 `json:"id"`
	CreatedAt              time.Time              `json:"created_at"`
	ModifiedAt             *time.Time             `json:"modified_at"`
	TrialInterval          *gen.TrialInterval     `json:"trial_interval"`
	TrialIntervalCount     *int                   `json:"trial_interval_count"`
	Name                   string                 `json:"name"`
	Description            *string                `json:"description"`
	Visibility             gen.ProductVisibility  `json:"visibility"`
	RecurringInterval      *gen.RecurringInterval `json:"recurring_interval"`
	RecurringIntervalCount *int                   `json:"recurring_interval_count"`
	MeterInterval          *gen.RecurringInterval `json:"meter_interval"`
	MeterIntervalCount     *int                   `json:"meter_interval_count"`
	IsRecurring            bool                   `json:"is_recurring"`
	IsArchived             bool                   `json:"is_archived"`
	OrganizationID         string                 `json:"organization_id"`
}

// orderDiscount is components/schemas/DiscountPercentageOnceForeverDurationBase,
// the only kind of discount seeded.
type orderDiscount struct {
	Duration                  gen.DiscountDuration `json:"duration"`
	Type                      gen.DiscountType     `json:"type"`
	BasisPoints               int                  `json:"basis_points"`
	CreatedAt                 time.Time            `json:"created_at"`
	ModifiedAt                *time.Time           `json:"modified_at"`
	ID                        string               `json:"id"`
	Metadata                  map[string]any       `json:"metadata"`
	Name                      string               `json:"name"`
	Code                      *string              `json:"code"`
	StartsAt                  *time.Time           `json:"starts_at"`
	EndsAt                    *time.Time           `json:"ends_at"`
	MaxRedemptions            *int                 `json:"max_redemptions"`
	MaxRedemptionsPerCustomer *int                 `json:"max_redemptions_per_customer"`
	RedemptionsCount          int                  `json:"redemptions_count"`
	OrganizationID            string               `json:"organization_id"`
}

// orderItem is components/schemas/OrderItemSchema.
type orderItem struct {
	CreatedAt      time.Time  `json:"created_at"`
	ModifiedAt     *time.Time `json:"modified_at"`
	ID             string     `json:"id"`
	Label          string     `json:"label"`
	Amount         int        `json:"amount"`
	TaxAmount      int        `json:"tax_amount"`
	Proration      bool       `json:"proration"`
	ProductPriceID *string    `json:"product_price_id"`
}

// order builds the paid order of r, which has been confirmed (so it has a
// customer). The caller holds s.mu.
func (s *Server) order(r *record) order {
	c := s.view(r)
	now := s.now()
	p := r.product.wire
	reason := "purchase"
	if p.IsRecurring {
		reason = "subscription_create"
	}
	o := order{
		ID: newID(), CreatedAt: now, ModifiedAt: &now,
		Status: "paid", Paid: true,
		SubtotalAmount: c.Amount, DiscountAmount: c.DiscountAmount, NetAmount: c.NetAmount,
		TaxAmount: 0, TotalAmount: c.TotalAmount, DueAmount: c.TotalAmount,
		Currency: c.Currency, BillingReason: reason,
		BillingName: c.CustomerBillingName, BillingAddress: c.CustomerBillingAddress,
		IsInvoiceGenerated: false, Seats: c.Seats,
		CustomerID: *c.CustomerID, ProductID: &p.ID, DiscountID: c.DiscountID, CheckoutID: &c.ID,
		Metadata: c.Metadata, CustomFieldData: c.CustomFieldData,
		Customer: orderCustomer{
			ID: *c.CustomerID, CreatedAt: now, Metadata: c.CustomerMetadata, ExternalID: c.ExternalCustomerID,
			Email: c.CustomerEmail, Type: "individual", Name: c.CustomerName,
			BillingName: c.CustomerBillingName, BillingAddress: c.CustomerBillingAddress,
			Locale: c.Locale, OrganizationID: OrganizationID,
		},
		Product: &orderProduct{
			Metadata: map[string]any{}, ID: p.ID, CreatedAt: p.CreatedAt, ModifiedAt: p.ModifiedAt,
			TrialInterval: p.TrialInterval, TrialIntervalCount: p.TrialIntervalCount,
			Name: p.Name, Description: p.Description, Visibility: p.Visibility,
			RecurringInterval: p.RecurringInterval, RecurringIntervalCount: p.RecurringIntervalCount,
			MeterInterval: p.MeterInterval, MeterIntervalCount: p.MeterIntervalCount,
			IsRecurring: p.IsRecurring, IsArchived: p.IsArchived, OrganizationID: p.OrganizationID,
		},
		Items: []orderItem{{
			CreatedAt: now, ModifiedAt: nil, ID: newID(), Label: p.Name,
			Amount: c.Amount, ProductPriceID: &r.price.id,
		}},
		Description:      p.Name,
		RefundableAmount: c.TotalAmount,
	}
	if o.Metadata == nil {
		o.Metadata = map[string]any{}
	}
	if o.CustomFieldData == nil {
		o.CustomFieldData = map[string]any{}
	}
	if o.Customer.Metadata == nil {
		o.Customer.Metadata = map[string]any{}
	}
	if d := r.discount; d != nil {
		o.Discount = &orderDiscount{
			Duration: gen.DiscountDurationOnce, Type: gen.DiscountTypePercentage, BasisPoints: d.basisPoints,
			CreatedAt: s.cat.organization.CreatedAt, ID: d.id, Metadata: map[string]any{},
			Name: "Launch offer", Code: ptr("LAUNCH25"), OrganizationID: OrganizationID,
		}
	}
	return o
}
