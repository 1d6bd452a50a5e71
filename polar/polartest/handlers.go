package polartest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// handler implements the generated strict server interface of 2026-10
// and serves every version (see versions.go): a change to an operation in
// openapi/<version>.yaml breaks this package's build. Handlers read the
// raw request body from the context, not request.Body: encoding/json
// cannot tell a missing key from an empty string, matches keys case-
// insensitively and stops at the first error, where Polar does none of
// these; where they decode into a generated type they use decodeExact.
type handler struct {
	s *Server
}

var _ gen.StrictServerInterface = (*handler)(nil)

// rawBody returns the request body saved by Server.record.
func rawBody(ctx context.Context) []byte {
	b, _ := ctx.Value(rawBodyKey{}).([]byte)
	return b
}

// requestValidation is a 422 RequestValidationError (FastAPI's).
func requestValidation(items []gen.ValidationError) gen.HTTPValidationError {
	return validationBody(string(gen.HTTPValidationErrorErrorRequestValidationError), items)
}

// polarValidation is a 422 PolarRequestValidationError (Polar's own
// checks): items carry type, loc, msg and input only.
func polarValidation(items []gen.ValidationError) gen.HTTPValidationError {
	for i := range items {
		items[i].Ctx = nil
	}
	return validationBody(string(gen.HTTPValidationErrorErrorPolarRequestValidationError), items)
}

// notFound is the body of a 404 for an unknown checkout.
var notFound = gen.ResourceNotFound{Error: "ResourceNotFound", Detail: "Not found"}

// expired is the body of a 410 on the client routes.
var expired = gen.ExpiredCheckoutError{Error: "ExpiredCheckoutError", Detail: "This checkout session has expired."}

// notOpen is the 403 for an update or confirm of a checkout that is not
// open.
func notOpen(r *record) gen.CheckoutForbiddenError {
	var e gen.CheckoutForbiddenError
	_ = e.FromNotOpenCheckout(gen.NotOpenCheckout{
		Error:  "NotOpenCheckout",
		Detail: fmt.Sprintf("Checkout %s is not open: %s", r.co.ID, r.co.Status),
	})
	return e
}

// pathID checks the {id} path parameter, a UUID4, and returns it in
// canonical form.
func pathID(id string) (string, []gen.ValidationError) {
	raw, _ := json.Marshal(id)
	if errs := checkUUID4(raw, []any{"path", "id"}); errs != nil {
		return "", errs
	}
	canonical, _, _ := pydantic.ParseUUID(id)
	return canonical, nil
}

// CheckoutsCreate answers POST /v1/checkouts/.
func (h *handler) CheckoutsCreate(ctx context.Context, _ gen.CheckoutsCreateRequestObject) (gen.CheckoutsCreateResponseObject, error) {
	version := codecOf(ctx).version()
	in, form, problems := parseCreate(rawBody(ctx), version)
	if problems != nil {
		return gen.CheckoutsCreate422JSONResponse(requestValidation(problems)), nil
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	var prices json.RawMessage
	if form == formProducts {
		fields, _, _ := decodeObject(rawBody(ctx))
		prices = fields["prices"]
	}
	products, adHoc, pr, d, problems := s.resolveCreate(in, form, prices, version)
	if problems != nil {
		return gen.CheckoutsCreate422JSONResponse(polarValidation(problems)), nil
	}
	r := s.create(in, products, adHoc, pr, d)
	s.emitCheckout(checkoutCreated, r)
	return codecOf(ctx).created(s, r), nil
}

// resolveCreate runs Polar's checks after parsing (facts §5.3): products,
// ad-hoc prices, price, discount, customer, subscription, amount, seats
// and units must exist and fit. The selected price is the first product's
// first price: its first ad-hoc price when prices gives it some. The
// caller holds s.mu.
func (s *Server) resolveCreate(in gen.CheckoutCreate, form createForm, prices json.RawMessage, version string) ([]*product, map[string][]*price, *price, *discount, []gen.ValidationError) {
	var problems []gen.ValidationError
	var products []*product
	var pr *price
	switch form {
	case formProducts:
		for i, id := range in.Products {
			p, ok := s.cat.products[id]
			if !ok {
				problems = append(problems, problem("value_error", "Product does not exist.", id, "body", "products", i))
				continue
			}
			products = append(products, p)
		}
	case formProduct:
		p, ok := s.cat.products[in.ProductID]
		if !ok {
			problems = append(problems, problem("value_error", "Product does not exist.", in.ProductID, "body", "product_id"))
		} else {
			products = []*product{p}
		}
	case formPrice:
		var ok bool
		pr, ok = s.cat.prices[in.ProductPriceID]
		if !ok {
			problems = append(problems, problem("value_error", "Price does not exist.", in.ProductPriceID, "body", "product_price_id"))
		} else {
			products = []*product{s.cat.products[pr.productID]}
		}
	}
	var adHoc map[string][]*price
	if len(products) == len(in.Products) && form == formProducts {
		var more []gen.ValidationError
		adHoc, more = s.adHocPrices(prices, version, products)
		problems = append(problems, more...)
	}
	if len(products) > 0 && pr == nil {
		pr = products[0].prices[0]
		if ps := adHoc[products[0].id]; len(ps) > 0 {
			pr = ps[0]
		}
	}
	var d *discount
	if in.DiscountID != nil {
		id, _, _ := pydantic.ParseUUID(*in.DiscountID)
		var ok bool
		if d, ok = s.cat.discounts[id]; !ok {
			problems = append(problems, problem("value_error", "Discount does not exist.", *in.DiscountID, "body", "discount_id"))
		}
	}
	if in.CustomerID != nil {
		problems = append(problems, problem("value_error", "Customer does not exist.", *in.CustomerID, "body", "customer_id"))
	}
	if in.SubscriptionID != nil {
		problems = append(problems, problem("value_error", "Subscription does not exist.", *in.SubscriptionID, "body", "subscription_id"))
	}
	if pr != nil {
		problems = append(problems, amountProblems(pr, in.Amount)...)
		problems = append(problems, quantityProblems(pr, in.Seats, in.Units, in.MinSeats, in.MaxSeats, in.MinUnits, in.MaxUnits)...)
	}
	return products, adHoc, pr, d, problems
}

// amountProblems checks a custom amount against a custom price's bounds;
// other prices ignore the amount.
func amountProblems(pr *price, amount *int) []gen.ValidationError {
	if pr.kind != kindCustom || amount == nil {
		return nil
	}
	switch {
	case *amount < pr.minimum:
		return []gen.ValidationError{problem("greater_than_equal", "Amount is below minimum.", *amount, "body", "amount")}
	case pr.maximum != nil && *amount > *pr.maximum:
		return []gen.ValidationError{problem("less_than_equal", "Amount is above maximum.", *amount, "body", "amount")}
	}
	return nil
}

// CheckoutsGet answers GET /v1/checkouts/{id}. An expired checkout is
// returned like any other (no 410 here).
func (h *handler) CheckoutsGet(ctx context.Context, req gen.CheckoutsGetRequestObject) (gen.CheckoutsGetResponseObject, error) {
	id, problems := pathID(req.ID)
	if problems != nil {
		return gen.CheckoutsGet422JSONResponse(requestValidation(problems)), nil
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, ok := s.checkouts[id]
	if !ok {
		return gen.CheckoutsGet404JSONResponse(notFound), nil
	}
	return codecOf(ctx).got(s, r), nil
}

// CheckoutsUpdate answers PATCH /v1/checkouts/{id}: only the keys present
// are applied (metadata replaced, custom_field_data merged).
func (h *handler) CheckoutsUpdate(ctx context.Context, req gen.CheckoutsUpdateRequestObject) (gen.CheckoutsUpdateResponseObject, error) {
	id, problems := pathID(req.ID)
	fields, bodyProblems := parseUpdate(rawBody(ctx), updateFields)
	if problems = append(problems, bodyProblems...); problems != nil {
		return gen.CheckoutsUpdate422JSONResponse(requestValidation(problems)), nil
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, ok := s.checkouts[id]
	switch {
	case !ok:
		return gen.CheckoutsUpdate404JSONResponse(notFound), nil
	case r.co.Status != gen.CheckoutStatusOpen:
		return gen.CheckoutsUpdate403JSONResponse(notOpen(r)), nil
	}
	if problems := s.apply(r, fields); problems != nil {
		return gen.CheckoutsUpdate422JSONResponse(polarValidation(problems)), nil
	}
	s.emitCheckout(checkoutUpdated, r)
	return codecOf(ctx).updated(s, r), nil
}

// CheckoutsList answers GET /v1/checkouts/.
func (h *handler) CheckoutsList(ctx context.Context, req gen.CheckoutsListRequestObject) (gen.CheckoutsListResponseObject, error) {
	q, problems := parseList(req.Params)
	if problems != nil {
		return gen.CheckoutsList422JSONResponse(requestValidation(problems)), nil
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	page, pagination := s.list(q)
	return codecOf(ctx).listed(s, page, pagination), nil
}

// clientRecord finds the checkout of a client secret and refuses, as Polar
// does, an unknown one (404) or an expired one (410). The caller holds
// s.mu.
func (s *Server) clientRecord(secret string) (*record, int) {
	r, ok := s.bySecret[secret]
	switch {
	case !ok:
		return nil, http.StatusNotFound
	case s.gone(r):
		return nil, http.StatusGone
	}
	return r, http.StatusOK
}

// CheckoutsClientGet answers GET /v1/checkouts/client/{client_secret}.
func (h *handler) CheckoutsClientGet(ctx context.Context, req gen.CheckoutsClientGetRequestObject) (gen.CheckoutsClientGetResponseObject, error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, status := s.clientRecord(req.ClientSecret)
	switch status {
	case http.StatusNotFound:
		return gen.CheckoutsClientGet404JSONResponse(notFound), nil
	case http.StatusGone:
		return gen.CheckoutsClientGet410JSONResponse(expired), nil
	}
	return codecOf(ctx).clientGot(s, r), nil
}

// CheckoutsClientUpdate answers PATCH /v1/checkouts/client/{client_secret}.
func (h *handler) CheckoutsClientUpdate(ctx context.Context, req gen.CheckoutsClientUpdateRequestObject) (gen.CheckoutsClientUpdateResponseObject, error) {
	fields, problems := parseUpdate(rawBody(ctx), publicUpdateFields)
	if problems != nil {
		return gen.CheckoutsClientUpdate422JSONResponse(requestValidation(problems)), nil
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, status := s.clientRecord(req.ClientSecret)
	switch {
	case status == http.StatusNotFound:
		return gen.CheckoutsClientUpdate404JSONResponse(notFound), nil
	case status == http.StatusGone:
		return gen.CheckoutsClientUpdate410JSONResponse(expired), nil
	case r.co.Status != gen.CheckoutStatusOpen:
		return gen.CheckoutsClientUpdate403JSONResponse(notOpen(r)), nil
	}
	if problems := s.apply(r, fields); problems != nil {
		return gen.CheckoutsClientUpdate422JSONResponse(polarValidation(problems)), nil
	}
	s.emitCheckout(checkoutUpdated, r)
	return codecOf(ctx).clientUpdated(s, r), nil
}

// CheckoutsClientConfirm answers POST
// /v1/checkouts/client/{client_secret}/confirm. Like Polar it needs a
// customer e-mail (on the checkout or in the body) and, when a payment
// form is required, a confirmation_token_id (any string: there is no
// Stripe). The checkout becomes confirmed, and the answer says so; right
// after building the answer, before sending it, the fake completes the
// payment as Stripe's webhook (or, for a free checkout, Polar's job)
// would: order events, then succeeded. A Get that follows the confirm
// therefore sees succeeded.
func (h *handler) CheckoutsClientConfirm(ctx context.Context, req gen.CheckoutsClientConfirmRequestObject) (gen.CheckoutsClientConfirmResponseObject, error) {
	fields, problems := parseUpdate(rawBody(ctx), confirmFields)
	if problems != nil {
		return gen.CheckoutsClientConfirm422JSONResponse(requestValidation(problems)), nil
	}
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep()
	r, status := s.clientRecord(req.ClientSecret)
	switch {
	case status == http.StatusNotFound:
		return gen.CheckoutsClientConfirm404JSONResponse(notFound), nil
	case status == http.StatusGone:
		return gen.CheckoutsClientConfirm410JSONResponse(expired), nil
	case r.co.Status != gen.CheckoutStatusOpen:
		return gen.CheckoutsClientConfirm403JSONResponse(notOpen(r)), nil
	}
	saved := *r
	token, _ := jsonString(fields["confirmation_token_id"])
	delete(fields, "confirmation_token_id")
	problems = s.apply(r, fields)
	if problems == nil {
		if r.co.CustomerEmail == nil {
			problems = append(problems, problem("missing", "Field is required.", nil, "body", "customer_email"))
		}
		if s.view(r).IsPaymentFormRequired && token == "" {
			problems = append(problems, problem("missing", "Confirmation token is required.", nil, "body", "confirmation_token_id"))
		}
	}
	if problems != nil {
		*r = saved
		return gen.CheckoutsClientConfirm422JSONResponse(polarValidation(problems)), nil
	}
	s.confirm(r)
	out := codecOf(ctx).confirmed(s, r, "polar_cst_"+randomAlphanumeric(43))
	s.succeed(r)
	return out, nil
}

// apply applies the keys of a validated update body to r, after Polar's
// own checks (product in the checkout, discount known, amount in range).
// It changes nothing when it returns problems. The caller holds s.mu.
func (s *Server) apply(r *record, fields map[string]json.RawMessage) []gen.ValidationError {
	str := func(k string) *string {
		v, ok := jsonString(fields[k])
		if !ok {
			return nil
		}
		return &v
	}
	next := *r
	c := &next.co
	var problems []gen.ValidationError
	if raw, ok := fields["product_id"]; ok && string(raw) != "null" {
		v, _ := jsonString(raw)
		id, _, _ := pydantic.ParseUUID(v)
		p := s.cat.products[id]
		if p == nil || !slices.Contains(next.products, p) {
			problems = append(problems, problem("value_error", "Product is not available in this checkout.", v, "body", "product_id"))
		} else {
			next.selectProduct(p, next.pricesOf(p)[0])
		}
	}
	if raw, ok := fields["product_price_id"]; ok && string(raw) != "null" {
		v, _ := jsonString(raw)
		id, _, _ := pydantic.ParseUUID(v)
		pr := next.priceByID(id)
		if pr == nil {
			problems = append(problems, problem("value_error", "Price is not available in this checkout.", v, "body", "product_price_id"))
		} else {
			next.selectProduct(s.cat.products[pr.productID], pr)
		}
	}
	if raw, ok := fields["amount"]; ok {
		next.custom = nil
		if string(raw) != "null" {
			var n int
			_ = json.Unmarshal(raw, &n)
			next.custom = &n
		}
	}
	problems = append(problems, amountProblems(next.price, next.custom)...)
	sent := func(k string) *int {
		raw, ok := fields[k]
		if !ok || string(raw) == "null" {
			return nil
		}
		var n int
		_ = json.Unmarshal(raw, &n)
		return &n
	}
	problems = append(problems, quantityProblems(next.price, sent("seats"), sent("units"), c.MinSeats, c.MaxSeats, c.MinUnits, c.MaxUnits)...)
	if raw, ok := fields["discount_id"]; ok {
		next.discount, c.DiscountID = nil, nil
		if string(raw) != "null" {
			v, _ := jsonString(raw)
			id, _, _ := pydantic.ParseUUID(v)
			if d := s.cat.discounts[id]; d == nil {
				problems = append(problems, problem("value_error", "Discount does not exist.", v, "body", "discount_id"))
			} else {
				next.discount, c.DiscountID = d, &d.id
			}
		}
	}
	if raw, ok := fields["discount_code"]; ok {
		next.discount, c.DiscountID = nil, nil
		if string(raw) != "null" {
			v, _ := jsonString(raw)
			d := s.discountByCode(strings.TrimSpace(v))
			if d == nil || !c.AllowDiscountCodes {
				problems = append(problems, problem("value_error", "Discount does not exist.", v, "body", "discount_code"))
			} else {
				next.discount, c.DiscountID = d, &d.id
			}
		}
	}
	if problems != nil {
		return problems
	}
	for k, raw := range fields {
		null := string(raw) == "null"
		switch k {
		case "customer_name", "customer_billing_name", "customer_tax_id":
			*map[string]**string{"customer_name": &c.CustomerName, "customer_billing_name": &c.CustomerBillingName, "customer_tax_id": &c.CustomerTaxID}[k] = blankToNil(str(k))
		case "customer_email":
			c.CustomerEmail = nil
			if v := str(k); v != nil {
				c.CustomerEmail = ptr(normalizedEmail(*v))
			}
		case "customer_ip_address", "embed_origin", "payment_method_type":
			*map[string]**string{"customer_ip_address": &c.CustomerIPAddress, "embed_origin": &c.EmbedOrigin, "payment_method_type": &c.PaymentMethodType}[k] = str(k)
		case "locale":
			// Polar: "If null or unsupported, the locale will default to en".
			c.Locale = ptr("en")
		case "return_url":
			c.ReturnURL = str(k)
		case "success_url":
			c.SuccessURL = ""
			if v := str(k); v != nil {
				c.SuccessURL = *v
			}
		case "customer_billing_address":
			c.CustomerBillingAddress = nil
			if !null {
				var a gen.AddressInput
				_ = decodeExact(raw, &a)
				c.CustomerBillingAddress = address(&a)
			}
		case "metadata":
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			c.Metadata = gen.MetadataOutputType(orEmpty(m))
		case "customer_metadata": // nullable: null clears it
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			c.CustomerMetadata = orEmpty(m)
		case "custom_field_data":
			var m map[string]any
			_ = json.Unmarshal(raw, &m)
			merged := map[string]any{}
			for k, v := range c.CustomFieldData {
				merged[k] = v
			}
			for k, v := range m {
				merged[k] = v
			}
			c.CustomFieldData = merged
		case "is_business_customer", "allow_discount_codes", "require_billing_address":
			// The checkout always has these (its answer cannot show null),
			// so a null leaves them as they are.
			if !null {
				var b bool
				_ = json.Unmarshal(raw, &b)
				*map[string]*bool{"is_business_customer": &c.IsBusinessCustomer, "allow_discount_codes": &c.AllowDiscountCodes, "require_billing_address": &c.RequireBillingAddress}[k] = b
			}
		case "allow_trial":
			c.AllowTrial = nil
			if !null {
				var b bool
				_ = json.Unmarshal(raw, &b)
				c.AllowTrial = &b
			}
		case "trial_interval":
			c.TrialInterval = nil
			if v := str(k); v != nil {
				c.TrialInterval = ptr(gen.TrialInterval(*v))
			}
		case "trial_interval_count":
			c.TrialIntervalCount = sent(k)
		case "seats": // null: back to the fewest the checkout sells
			c.Seats = sent(k)
		case "units":
			c.Units = sent(k)
		}
	}
	next.selectProduct(next.product, next.price) // seats and units cleared or defaulted
	next.touch(s.now())
	*r = next
	return nil
}

// priceByID returns the price of the checkout's products with the id, or
// nil.
func (r *record) priceByID(id string) *price {
	for _, p := range r.products {
		for _, pr := range r.pricesOf(p) {
			if pr.id == id {
				return pr
			}
		}
	}
	return nil
}

// discountByCode finds a discount by its code, case-insensitively.
func (s *Server) discountByCode(code string) *discount {
	for _, d := range s.cat.discounts {
		if c, err := d.wire.AsCheckoutDiscountPercentageOnceForeverDuration(); err == nil && c.Code != nil && strings.EqualFold(*c.Code, code) {
			return d
		}
	}
	return nil
}

// bodyError answers when the generated layer cannot decode a request body
// into its type (a value of the wrong type, or not JSON): the raw body is
// checked again by the operation's own rules so the 422 lists every
// problem as Polar would.
func (h *handler) bodyError(w http.ResponseWriter, r *http.Request, _ error) {
	body := rawBody(r.Context())
	var problems []gen.ValidationError
	switch r.Pattern {
	case "POST /v1/checkouts/{$}":
		_, _, problems = parseCreate(body, codecOf(r.Context()).version())
	case "POST /v1/checkouts/client/{client_secret}/confirm":
		_, problems = parseUpdate(body, confirmFields)
	case "PATCH /v1/checkouts/client/{client_secret}":
		_, problems = parseUpdate(body, publicUpdateFields)
	default:
		_, problems = parseUpdate(body, updateFields)
		if _, p := pathID(r.PathValue("id")); p != nil {
			problems = append(p, problems...)
		}
	}
	if problems == nil {
		problems = []gen.ValidationError{problem("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", decodeAny(body), "body")}
	}
	writeValidation(w, "RequestValidationError", problems)
}
