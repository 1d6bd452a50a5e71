package polartest

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
)

// This file serves the hosted checkout page a checkout's url points at
// (Polar's is https://polar.sh/checkout/<client_secret>): plain HTML from
// html/template, no JavaScript. It shows the product, the price, the
// discount and the amount due, and a form whose button, labelled Pay, does
// what Server.Pay does and then sends the browser (303) to the checkout's
// success_url with {CHECKOUT_ID} replaced, or to this package's own
// confirmation page when the checkout has none.

// pageData is what the page templates show.
type pageData struct {
	Title          string
	State          string // open, paid, expired or missing
	Message        string
	ProductName    string
	Price          string
	Discount       string
	DiscountAmount string
	Total          string
	PayAction      string
	ReturnURL      string
	CheckoutID     string
	Status         string
}

// pageTemplate is the checkout page, the confirmation page and the not
// found page in one.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}} · polartest checkout</title>
</head>
<body>
<main>
{{- if eq .State "missing"}}
<h1>Checkout not found</h1>
<p>This checkout does not exist.</p>
{{- else if eq .State "confirmation"}}
<h1>Thank you!</h1>
<p>Your payment for <strong>{{.ProductName}}</strong> was received.</p>
<p>Checkout <code>{{.CheckoutID}}</code> is <span class="status">{{.Status}}</span>.</p>
{{- else}}
<h1>{{.ProductName}}</h1>
<p class="price">{{.Price}}</p>
{{- if .Discount}}
<p class="discount">Discount {{.Discount}}: −{{.DiscountAmount}}</p>
{{- end}}
<p class="total">Amount due: <strong>{{.Total}}</strong></p>
{{- if .Message}}
<p class="message">{{.Message}}</p>
{{- end}}
{{- if eq .State "open"}}
<form method="post" action="{{.PayAction}}">
<button type="submit">Pay</button>
</form>
{{- else if eq .State "paid"}}
<p class="status">This checkout has been paid.</p>
{{- else}}
<p class="status">This checkout has expired.</p>
{{- end}}
{{- end}}
{{- if .ReturnURL}}
<p><a href="{{.ReturnURL}}">Back</a></p>
{{- end}}
</main>
</body>
</html>
`))

// pageRoutes adds the hosted pages to mux.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /checkout/{secret}", s.showPage)
	mux.HandleFunc("POST /checkout/{secret}/pay", s.payPage)
	mux.HandleFunc("GET /checkout/{secret}/confirmation", s.confirmationPage)
	mux.HandleFunc("/checkout/", func(w http.ResponseWriter, _ *http.Request) { renderNotFound(w) })
}

// lockedRecord locks s, brings expiries up to date and returns the
// checkout of the request's secret, with s.mu held. For an unknown secret
// it unlocks, answers the not-found page and returns nil.
func (s *Server) lockedRecord(w http.ResponseWriter, r *http.Request) *record {
	s.mu.Lock()
	s.sweep()
	rec := s.bySecret[r.PathValue("secret")]
	if rec == nil {
		s.mu.Unlock()
		renderNotFound(w)
	}
	return rec
}

func renderNotFound(w http.ResponseWriter) {
	renderPage(w, http.StatusNotFound, pageData{Title: "Not found", State: "missing"})
}

// showPage answers GET /checkout/{secret}.
func (s *Server) showPage(w http.ResponseWriter, r *http.Request) {
	rec := s.lockedRecord(w, r)
	if rec == nil {
		return
	}
	data := s.pageData(rec)
	s.mu.Unlock()
	renderPage(w, http.StatusOK, data)
}

// payPage answers POST /checkout/{secret}/pay: it pays like Pay and
// redirects to the success URL, or shows why it cannot.
func (s *Server) payPage(w http.ResponseWriter, r *http.Request) {
	rec := s.lockedRecord(w, r)
	if rec == nil {
		return
	}
	if _, err := s.openRecord(rec.co.ID); err != nil {
		data := s.pageData(rec)
		s.mu.Unlock()
		status := http.StatusConflict
		if errors.Is(err, ErrExpired) {
			status = http.StatusGone
		}
		renderPage(w, status, data)
		return
	}
	s.confirm(rec)
	s.succeed(rec)
	target := s.successURL(rec)
	s.mu.Unlock()
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// confirmationPage answers GET /checkout/{secret}/confirmation, where a
// checkout without success_url sends the buyer.
func (s *Server) confirmationPage(w http.ResponseWriter, r *http.Request) {
	rec := s.lockedRecord(w, r)
	if rec == nil {
		return
	}
	data := s.pageData(rec)
	data.Title, data.State = "Thank you", "confirmation"
	s.mu.Unlock()
	renderPage(w, http.StatusOK, data)
}

// pageData describes rec for the page. The caller holds s.mu.
func (s *Server) pageData(rec *record) pageData {
	c := s.view(rec)
	d := pageData{
		Title:       rec.product.name,
		ProductName: rec.product.name,
		Price:       priceLabel(rec.product, rec.price, c.Amount),
		Total:       money(c.TotalAmount, c.Currency),
		PayAction:   "/checkout/" + c.ClientSecret + "/pay",
		CheckoutID:  c.ID,
		Status:      string(c.Status),
	}
	if c.ReturnURL != nil {
		d.ReturnURL = *c.ReturnURL
	}
	if rec.discount != nil && c.DiscountAmount > 0 {
		if pd, err := rec.discount.wire.AsCheckoutDiscountPercentageOnceForeverDuration(); err == nil {
			d.Discount = fmt.Sprintf("%s (%s)", pd.Name, valueOr(pd.Code, ""))
		}
		d.DiscountAmount = money(c.DiscountAmount, c.Currency)
	}
	switch {
	case c.Status == gen.CheckoutStatusSucceeded || c.Status == gen.CheckoutStatusConfirmed:
		d.State = "paid"
	case s.gone(rec) || c.Status != gen.CheckoutStatusOpen:
		d.State = "expired"
	default:
		d.State = "open"
	}
	return d
}

// renderPage writes the page with status.
func renderPage(w http.ResponseWriter, status int, data pageData) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, data); err != nil {
		http.Error(w, "polartest: render page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// priceLabel shows a price as a buyer reads it: "$19.00 / month",
// "$49.00", "Free", "Pay what you want (from $5.00)".
func priceLabel(p *product, pr *price, amount int) string {
	switch {
	case pr.kind == kindCustom:
		return fmt.Sprintf("Pay what you want (from %s): %s", money(pr.minimum, pr.currency), money(amount, pr.currency))
	case pr.free():
		return "Free"
	case pr.kind == kindMeteredUnit || pr.kind == kindMeteredTiers:
		return "Billed by usage"
	}
	label := money(amount, pr.currency)
	if iv := p.w2026.RecurringInterval; iv != nil {
		n := valueOr(p.w2026.RecurringIntervalCount, 1)
		if n == 1 {
			label += " / " + string(*iv)
		} else {
			label += fmt.Sprintf(" / %d %ss", n, *iv)
		}
	}
	return label
}

// money formats cents of currency: $19.00, €17.00, GBP 5.00.
func money(cents int, currency string) string {
	symbol := map[string]string{"usd": "$", "eur": "€", "gbp": "£"}[currency]
	if symbol == "" {
		symbol = strings.ToUpper(currency) + " "
	}
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%s%d.%02d", sign, symbol, cents/100, cents%100)
}
