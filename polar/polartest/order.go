package polartest

import (
	"fmt"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
)

// order builds the paid order of r, which has been confirmed (so it has a
// customer), as components/schemas/Order: the data of the order.* webhooks.
// The caller holds s.mu.
//
// gen.Order leaves out some nil keys Polar sends as null (the schema marks
// them optional, so oapi-codegen tags them omitempty): customer.email,
// customer.external_id, customer.locale, customer.default_payment_method_id,
// seats and next_payment_attempt_at. The fields Polar always fills are set
// here, so they are always sent.
func (s *Server) order(r *record) gen.Order {
	c := s.view(r)
	now := s.now()
	p := r.product.w2026
	reason := gen.OrderBillingReasonPurchase
	if p.IsRecurring {
		reason = gen.OrderBillingReasonSubscriptionCreate
	}
	o := gen.Order{
		ID: newID(), CreatedAt: now, ModifiedAt: &now,
		Status: gen.OrderStatusPaid, Paid: true,
		SubtotalAmount: c.Amount, DiscountAmount: c.DiscountAmount, NetAmount: c.NetAmount,
		TaxAmount: 0, TotalAmount: c.TotalAmount, DueAmount: c.TotalAmount,
		Currency: c.Currency, BillingReason: reason,
		BillingName: c.CustomerBillingName, BillingAddress: c.CustomerBillingAddress,
		IsInvoiceGenerated: false, Seats: c.Seats, Units: c.Units,
		CustomerID: *c.CustomerID, ProductID: &p.ID, DiscountID: c.DiscountID, CheckoutID: &c.ID,
		Metadata: orEmpty(c.Metadata), CustomFieldData: orEmpty(c.CustomFieldData),
		Customer: gen.OrderCustomer{
			ID: *c.CustomerID, CreatedAt: now, Metadata: orEmpty(c.CustomerMetadata), ExternalID: c.ExternalCustomerID,
			Email: c.CustomerEmail, Type: gen.CustomerTypeIndividual, Name: c.CustomerName,
			BillingName: c.CustomerBillingName, BillingAddress: c.CustomerBillingAddress,
			Locale: c.Locale, OrganizationID: OrganizationID,
		},
		Product: &gen.OrderProduct{
			Metadata: gen.MetadataOutputType{}, ID: p.ID, CreatedAt: p.CreatedAt, ModifiedAt: p.ModifiedAt,
			TrialInterval: p.TrialInterval, TrialIntervalCount: p.TrialIntervalCount,
			Name: p.Name, Description: p.Description, Visibility: p.Visibility,
			RecurringInterval: p.RecurringInterval, RecurringIntervalCount: p.RecurringIntervalCount,
			MeterInterval: p.MeterInterval, MeterIntervalCount: p.MeterIntervalCount,
			IsRecurring: p.IsRecurring, IsArchived: p.IsArchived, OrganizationID: p.OrganizationID,
		},
		Items: []gen.OrderItemSchema{{
			CreatedAt: now, ModifiedAt: nil, ID: newID(), Label: itemLabel(p.Name, c.Seats, c.Units),
			Amount: c.Amount, ProductPriceID: &r.price.id,
		}},
		Description:         p.Name,
		RefundableAmount:    ptr(c.TotalAmount),
		RefundableTaxAmount: ptr(0),
	}
	if d := r.discount; d != nil {
		o.Discount = &gen.OrderDiscount{}
		if err := o.Discount.FromDiscountPercentageOnceForeverDurationBase(gen.DiscountPercentageOnceForeverDurationBase{
			Duration: gen.DiscountDurationOnce, Type: gen.DiscountTypePercentage, BasisPoints: d.basisPoints,
			CreatedAt: s.cat.organization.CreatedAt, ID: d.id, Metadata: gen.MetadataOutputType{},
			Name: "Launch offer", Code: ptr("LAUNCH25"), OrganizationID: OrganizationID,
		}); err != nil {
			panic("polartest: encode order discount: " + err.Error())
		}
	}
	return o
}

// itemLabel is the label of an order's line: the product's name, with the
// seats or units bought.
func itemLabel(name string, seats, units *int) string {
	switch {
	case seats != nil:
		return fmt.Sprintf("%s (%d %s)", name, *seats, plural(*seats, "seat"))
	case units != nil:
		return fmt.Sprintf("%s (%d %s)", name, *units, plural(*units, "unit"))
	}
	return name
}
