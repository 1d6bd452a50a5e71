package polar_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	polar "github.com/polar-checkouts/polar-go/polar/v2026_10"
)

// TestTheZeroClientReturnsErrors: a Client or CheckoutsService not made by
// NewClient (the zero value, a nil pointer, the nil Checkouts of a zero
// Client) returns an error from every method instead of panicking; All
// yields that error once.
func TestTheZeroClientReturnsErrors(t *testing.T) {
	t.Parallel()
	var zero polar.Client
	for _, tc := range []struct {
		name string
		s    *polar.CheckoutsService
	}{
		{"zero CheckoutsService", &polar.CheckoutsService{}},
		{"nil *CheckoutsService", nil},
		{"the zero Client's Checkouts", zero.Checkouts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, o := range ops {
				t.Run(o.name, func(t *testing.T) {
					var err error
					func() {
						defer func() {
							if p := recover(); p != nil {
								t.Fatalf("%s panicked: %v", o.name, p)
							}
						}()
						err = callOn(tc.s, o.name)
					}()
					if err == nil || !strings.Contains(err.Error(), "not made by NewClient") {
						t.Errorf("err = %v, want one saying the client was not made by NewClient", err)
					}
				})
			}
		})
	}
	t.Run("CloseIdleConnections", func(t *testing.T) {
		t.Parallel()
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("panicked: %v", p)
			}
		}()
		zero.CloseIdleConnections()
		(*polar.Client)(nil).CloseIdleConnections()
	})
}

// callOn calls the method named name on s with valid input, and returns
// its error; for All, the one error it yields (an error if it yields
// another number of pairs).
func callOn(s *polar.CheckoutsService, name string) error {
	ctx := context.Background()
	var err error
	switch name {
	case "Create":
		_, err = s.Create(ctx, seedCreate)
	case "Get":
		_, err = s.Get(ctx, checkoutID)
	case "Update":
		_, err = s.Update(ctx, checkoutID, polar.CheckoutUpdate{CustomerName: polar.Set("J")})
	case "List":
		_, err = s.List(ctx, polar.CheckoutListParams{})
	case "All":
		var errs []error
		for co, e := range s.All(ctx, polar.CheckoutListParams{}) {
			if co != nil {
				return fmt.Errorf("All yielded a checkout")
			}
			errs = append(errs, e)
		}
		if len(errs) != 1 {
			return fmt.Errorf("All yielded %d pairs, want 1: %v", len(errs), errs)
		}
		err = errs[0]
	case "ClientGet":
		_, err = s.ClientGet(ctx, clientSecret)
	case "ClientUpdate":
		_, err = s.ClientUpdate(ctx, clientSecret, polar.CheckoutUpdatePublic{})
	case "ClientConfirm":
		_, err = s.ClientConfirm(ctx, clientSecret, polar.CheckoutConfirmStripe{ConfirmationTokenID: polar.Set("ctoken_1")})
	default:
		err = fmt.Errorf("no method %s", name)
	}
	return err
}
