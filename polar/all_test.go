package polar_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// pager serves pages of size checkouts each (the last lastSize, when
// not 0), pages in all, with ids pageID(page, i); failPage (when > 0)
// answers 500 instead.
type pager struct {
	pages, size, lastSize, failPage int
}

func pageID(page, i int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%06d%06d", page, i)
}

func (p pager) serve(t *testing.T) http.HandlerFunc {
	co := checkoutJSON(t)
	return func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == 0 {
			page = 1
		}
		if page == p.failPage {
			serveJSON(500, []byte(`{"error":"InternalServerError","detail":"boom"}`))(w, r)
			return
		}
		var items [][]byte
		size, total := p.size, p.pages*p.size
		if p.lastSize != 0 {
			total += p.lastSize - p.size
			if page == p.pages {
				size = p.lastSize
			}
		}
		if page <= p.pages {
			for i := range size {
				items = append(items, withID(co, pageID(page, i)))
			}
		}
		serveJSON(200, listJSON(p.pages, total, items...))(w, r)
	}
}

// allIDs ranges over All, stopping after stopAfter items (0: never), and
// returns the ids and errors it saw.
func allIDs(c *polar.Client, params polar.CheckoutListParams, stopAfter int) (ids []string, errs []error) {
	for co, err := range c.Checkouts.All(context.Background(), params) {
		if err != nil {
			if co != nil {
				errs = append(errs, errors.New("an error came with a checkout"))
			}
			errs = append(errs, err)
			continue // a second pair would show up here
		}
		ids = append(ids, co.ID)
		if len(ids) == stopAfter {
			break
		}
	}
	return ids, errs
}

func TestAll(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		pager     pager
		params    polar.CheckoutListParams
		stopAfter int
		wantIDs   int
		wantQuery []string
		wantErr   bool
	}{
		{name: "starts at page 1 and pages until max_page", pager: pager{pages: 3, size: 2}, params: polar.CheckoutListParams{Limit: 2},
			wantIDs: 6, wantQuery: []string{"page=1&limit=2", "page=2&limit=2", "page=3&limit=2"}},
		{name: "starts at params.Page with params.Limit and keeps the filters", pager: pager{pages: 4, size: 7},
			params:  polar.CheckoutListParams{Page: 3, Limit: 7, Status: []polar.CheckoutStatus{polar.CheckoutStatusOpen}},
			wantIDs: 14, wantQuery: []string{"status=open&page=3&limit=7", "status=open&page=4&limit=7"}},
		{name: "a break on the first item asks for nothing more", pager: pager{pages: 3, size: 2}, params: polar.CheckoutListParams{Limit: 2},
			stopAfter: 1, wantIDs: 1, wantQuery: []string{"page=1&limit=2"}},
		{name: "a break on the last item of a page asks for nothing more", pager: pager{pages: 3, size: 2}, params: polar.CheckoutListParams{Limit: 2},
			stopAfter: 4, wantIDs: 4, wantQuery: []string{"page=1&limit=2", "page=2&limit=2"}},
		{name: "a failing page is yielded once and ends the loop", pager: pager{pages: 3, size: 2, failPage: 2}, params: polar.CheckoutListParams{Limit: 2},
			wantIDs: 2, wantErr: true, wantQuery: []string{"page=1&limit=2", "page=2&limit=2"}},
		{name: "a failing first page", pager: pager{pages: 3, size: 2, failPage: 1}, wantErr: true,
			wantQuery: []string{"page=1&limit=100"}},
		{name: "max_page 0 yields nothing after one request", pager: pager{}, wantQuery: []string{"page=1&limit=100"}},
		{name: "a short last page ends the loop", pager: pager{pages: 2, size: 2, lastSize: 1}, params: polar.CheckoutListParams{Limit: 2},
			wantIDs: 3, wantQuery: []string{"page=1&limit=2", "page=2&limit=2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newRecorder(t, tc.pager.serve(t))
			cc := &closeCounter{next: http.DefaultClient}
			c := srv.client(t, polar.WithHTTPClient(cc))
			ids, errs := allIDs(c, tc.params, tc.stopAfter)
			if len(ids) != tc.wantIDs {
				t.Errorf("yielded %d checkouts, want %d", len(ids), tc.wantIDs)
			}
			for i, id := range ids {
				page, n := tc.params.Page, i
				if page == 0 {
					page = 1
				}
				page += n / tc.pager.size
				if want := pageID(page, n%tc.pager.size); id != want {
					t.Errorf("checkout %d = %s, want %s (in page order)", i, id, want)
				}
			}
			switch {
			case tc.wantErr && len(errs) != 1:
				t.Errorf("errors = %v, want exactly one", errs)
			case tc.wantErr && !errors.Is(errs[0], polar.ErrServer):
				t.Errorf("error = %v, want the 500", errs[0])
			case !tc.wantErr && len(errs) != 0:
				t.Errorf("errors = %v", errs)
			}
			var got []string
			for _, r := range srv.requests() {
				got = append(got, r.RawQuery)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.wantQuery) {
				t.Errorf("queries = %q, want %q", got, tc.wantQuery)
			}
			if n := cc.unclosed(); n != 0 {
				t.Errorf("%d response bodies left open", n)
			}
		})
	}
}

// TestAllIsLazy: nothing is sent until the loop starts, and each range
// starts again from the first page.
func TestAllIsLazy(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, pager{pages: 2, size: 1}.serve(t))
	seq := srv.client(t).Checkouts.All(context.Background(), polar.CheckoutListParams{Limit: 1})
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("All sent %d requests before the loop", n)
	}
	for range 2 {
		n := 0
		for _, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		if n != 2 {
			t.Errorf("a range yielded %d checkouts, want 2", n)
		}
	}
	if n := len(srv.requests()); n != 4 {
		t.Errorf("two ranges sent %d requests, want 4", n)
	}
}

// TestAllStopsOnAnEmptyPage: a page with no items ends the loop even if
// max_page says more (a checkout expired away between pages).
func TestAllStopsOnAnEmptyPage(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, serveJSON(200, listJSON(5, 50)))
	ids, errs := allIDs(srv.client(t), polar.CheckoutListParams{}, 0)
	if len(ids) != 0 || len(errs) != 0 || len(srv.requests()) != 1 {
		t.Errorf("ids %v, errs %v, %d requests; want nothing after one request", ids, errs, len(srv.requests()))
	}
}

// TestAllRefusesBadParamsOnce: a refusal before sending is yielded once.
func TestAllRefusesBadParamsOnce(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, pager{pages: 1, size: 1}.serve(t))
	ids, errs := allIDs(srv.client(t), polar.CheckoutListParams{Status: []polar.CheckoutStatus{"nope"}}, 0)
	var verr *polar.ValidationError
	if len(ids) != 0 || len(errs) != 1 || !errors.As(errs[0], &verr) || len(srv.requests()) != 0 {
		t.Errorf("ids %v, errs %v, %d requests; want one ValidationError and nothing sent", ids, errs, len(srv.requests()))
	}
}

// TestAllCannotRunAway: a server that claims endless pages (max_page in
// the millions) costs a bounded number of requests: All stops on a page
// shorter than the page size, and after the last page the first page's
// total_count allows. The server gives up with a 500 after 20 requests,
// so a runaway loop ends as a failure rather than a hang.
func TestAllCannotRunAway(t *testing.T) {
	t.Parallel()
	const lyingMaxPage = 1_000_000
	for _, tc := range []struct {
		name          string
		total, items  int // total_count every page claims; items every page has
		params        polar.CheckoutListParams
		wantRequests  int
		wantCheckouts int
	}{
		{name: "full pages forever, total_count 6, limit 2", total: 6, items: 2, params: polar.CheckoutListParams{Limit: 2},
			wantRequests: 3, wantCheckouts: 6},
		{name: "full pages forever, total_count 7, limit 2: ceil(7/2) pages", total: 7, items: 2, params: polar.CheckoutListParams{Limit: 2},
			wantRequests: 4, wantCheckouts: 8},
		{name: "full pages forever from page 3, total_count 10, limit 2", total: 10, items: 2, params: polar.CheckoutListParams{Page: 3, Limit: 2},
			wantRequests: 3, wantCheckouts: 6},
		{name: "short pages, total_count a million", total: lyingMaxPage, items: 1, params: polar.CheckoutListParams{Limit: 2},
			wantRequests: 1, wantCheckouts: 1},
		{name: "short pages at the default limit 100", total: lyingMaxPage, items: 3,
			wantRequests: 1, wantCheckouts: 3},
		{name: "a limit above 100 is read as 100: short pages still end it", total: lyingMaxPage, items: 3, params: polar.CheckoutListParams{Limit: 500},
			wantRequests: 1, wantCheckouts: 3},
		{name: "empty pages", total: lyingMaxPage, items: 0, params: polar.CheckoutListParams{Limit: 2},
			wantRequests: 1, wantCheckouts: 0},
		{name: "total_count 0 with items", total: 0, items: 2, params: polar.CheckoutListParams{Limit: 2},
			wantRequests: 1, wantCheckouts: 2},
		{name: "a negative total_count", total: -5, items: 2, params: polar.CheckoutListParams{Limit: 2},
			wantRequests: 1, wantCheckouts: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			co := []byte(`{"id":"` + checkoutID + `","client_secret":"` + clientSecret + `"}`)
			var n int
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				n++ // the recorder's handler runs one request at a time here: All is sequential
				if n > 20 {
					serveJSON(500, []byte(`{"error":"InternalServerError","detail":"enough"}`))(w, r)
					return
				}
				items := make([][]byte, tc.items)
				for i := range items {
					items[i] = co
				}
				serveJSON(200, listJSON(lyingMaxPage, tc.total, items...))(w, r)
			})
			ids, errs := allIDs(srv.client(t), tc.params, 0)
			if len(errs) != 0 {
				t.Errorf("errors %v: All ran on", errs)
			}
			if got := len(srv.requests()); got != tc.wantRequests {
				t.Errorf("All sent %d requests, want %d", got, tc.wantRequests)
			}
			if len(ids) != tc.wantCheckouts {
				t.Errorf("All yielded %d checkouts, want %d", len(ids), tc.wantCheckouts)
			}
		})
	}
}
