package polartest

import (
	"encoding/json"
	"slices"
	"strings"

	gen "github.com/polar-checkouts/polar-go/gen/v2026_10"
	"github.com/polar-checkouts/polar-go/internal/pydantic"
)

// This file answers GET /v1/checkouts/ (facts §8): filters as repeated
// keys (OR within one, AND across), query as a case-insensitive substring
// of customer_email, page and limit (above 100 clamped to 100), repeated
// sorting keys.

// maxLimit is the largest page Polar serves.
const maxLimit = 100

// listQuery is a checked list request.
type listQuery struct {
	organizations, products, customers, externals map[string]bool
	statuses                                      map[gen.CheckoutStatus]bool
	query                                         string
	page, limit                                   int
	sorting                                       []gen.CheckoutSortProperty
}

// set returns the values as a set, or nil when there are none (no filter).
func set[T comparable](vs []T, canon func(T) T) map[T]bool {
	if len(vs) == 0 {
		return nil
	}
	m := map[T]bool{}
	for _, v := range vs {
		m[canon(v)] = true
	}
	return m
}

// parseList checks the list parameters as FastAPI does.
func parseList(p gen.CheckoutsListParams) (listQuery, []gen.ValidationError) {
	var problems []gen.ValidationError
	uuids := func(name string, vs []string) {
		for i, v := range vs {
			raw, _ := json.Marshal(v)
			problems = append(problems, checkUUID4(raw, []any{"query", name, i})...)
		}
	}
	uuids("organization_id", p.OrganizationID)
	uuids("product_id", p.ProductID)
	uuids("customer_id", p.CustomerID)
	for i, v := range p.Status {
		if !v.Valid() {
			problems = append(problems, gen.ValidationError{Type: "enum", Loc: []any{"query", "status", i},
				Msg: "Input should be 'open', 'expired', 'confirmed', 'succeeded' or 'failed'", Input: string(v),
				Ctx: &map[string]any{"expected": "'open', 'expired', 'confirmed', 'succeeded' or 'failed'"}})
		}
	}
	q := listQuery{page: 1, limit: 10, query: strings.ToLower(valueOr(p.Query, ""))}
	for _, x := range []struct {
		name string
		v    *int
		dst  *int
	}{{"page", p.Page, &q.page}, {"limit", p.Limit, &q.limit}} {
		if x.v == nil {
			continue
		}
		if *x.v <= 0 {
			problems = append(problems, gen.ValidationError{Type: "greater_than", Loc: []any{"query", x.name},
				Msg: "Input should be greater than 0", Input: *x.v, Ctx: &map[string]any{"gt": 0}})
			continue
		}
		*x.dst = *x.v
	}
	q.limit = min(q.limit, maxLimit)
	for i, v := range p.Sorting {
		if !v.Valid() {
			problems = append(problems, gen.ValidationError{Type: "enum", Loc: []any{"query", "sorting", i},
				Msg: "Input should be 'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'", Input: string(v),
				Ctx: &map[string]any{"expected": "'created_at', '-created_at', 'expires_at', '-expires_at', 'status' or '-status'"}})
		}
	}
	if problems != nil {
		return q, problems
	}
	canonical := func(s string) string { id, _, _ := pydantic.ParseUUID(s); return id }
	same := func(s string) string { return s }
	q.organizations = set(p.OrganizationID, canonical)
	q.products = set(p.ProductID, canonical)
	q.customers = set(p.CustomerID, canonical)
	q.externals = set(p.ExternalCustomerID, same)
	q.statuses = set(p.Status, func(s gen.CheckoutStatus) gen.CheckoutStatus { return s })
	q.sorting = p.Sorting
	if len(q.sorting) == 0 {
		q.sorting = []gen.CheckoutSortProperty{gen.CheckoutSortPropertyMinusCreatedAt}
	}
	return q, nil
}

// matches reports whether r passes q's filters.
func (q listQuery) matches(r *record) bool {
	c := &r.co
	in := func(m map[string]bool, v *string) bool { return m == nil || v != nil && m[*v] }
	return in(q.organizations, &c.OrganizationID) &&
		in(q.products, c.ProductID) &&
		in(q.customers, c.CustomerID) &&
		in(q.externals, c.ExternalCustomerID) &&
		(q.statuses == nil || q.statuses[c.Status]) &&
		(q.query == "" || c.CustomerEmail != nil && strings.Contains(strings.ToLower(*c.CustomerEmail), q.query))
}

// list returns one page of the checkouts q selects and the pagination.
// The caller holds s.mu.
func (s *Server) list(q listQuery) ([]*record, gen.Pagination) {
	var rs []*record
	for _, r := range s.sortedRecords() {
		if q.matches(r) {
			rs = append(rs, r)
		}
	}
	slices.SortStableFunc(rs, func(a, b *record) int {
		for _, key := range q.sorting {
			k, desc := strings.CutPrefix(string(key), "-")
			var c int
			switch k {
			case "created_at":
				c = a.co.CreatedAt.Compare(b.co.CreatedAt)
			case "expires_at":
				c = a.co.ExpiresAt.Compare(b.co.ExpiresAt)
			case "status":
				c = strings.Compare(string(a.co.Status), string(b.co.Status))
			}
			if desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		// Ties (timestamps have whole seconds) keep creation order,
		// reversed when the first key is descending, as a database
		// ordering by a fine-grained timestamp would.
		if strings.HasPrefix(string(q.sorting[0]), "-") {
			return b.seq - a.seq
		}
		return a.seq - b.seq
	})
	total := len(rs)
	p := gen.Pagination{TotalCount: total, MaxPage: (total + q.limit - 1) / q.limit}
	if q.page-1 > total/q.limit {
		return nil, p // past the end (and no overflow for a huge page)
	}
	start := (q.page - 1) * q.limit
	return rs[start:min(total, start+q.limit)], p
}
