package emailaddr_test

import (
	"testing"

	"github.com/polar-checkouts/polar-go/internal/emailaddr"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want, reason string }{
		{"jane@example.com", "jane@example.com", ""},
		{" Jane.Doe+shop@Mail.Example.CO.uk ", "Jane.Doe+shop@mail.example.co.uk", ""},
		{"Jane Doe <jane@example.com>", "jane@example.com", ""},
		{"", "", "An email address must have an @-sign."},
		{"not-an-email", "", "An email address must have an @-sign."},
		{"@example.com", "", "There must be something before the @-sign."},
		{"jane@", "", "There must be something after the @-sign."},
		{"ja ne@example.com", "", "The email address contains invalid characters before the @-sign: SPACE."},
		{".jane@example.com", "", "An email address cannot start with a period."},
		{"jane@example.com.", "", "An email address cannot end with a period."},
		{"ja..ne@example.com", "", "An email address cannot have two periods in a row."},
		{"jane@localhost", "", "The part after the @-sign is not valid. It should have a period."},
		{"jane@example.123", "", "The part after the @-sign is not valid. It is not within a valid top-level domain."},
		{"jane@example.test", "", "The part after the @-sign is a special-use or reserved name that cannot be used with email."},
	} {
		got, reason := emailaddr.Normalize(tc.in)
		if got != tc.want || reason != tc.reason {
			t.Errorf("Normalize(%q) = %q, %q; want %q, %q", tc.in, got, reason, tc.want, tc.reason)
		}
	}
}
