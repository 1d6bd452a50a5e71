// Package emailaddr checks an e-mail address as Polar does (pydantic's
// EmailStr, which uses the email-validator package). The polar facade uses
// it to refuse a bad CustomerEmail before sending, and polartest to answer
// with Polar's 422, so both accept and refuse the same addresses.
package emailaddr

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize returns s as Polar stores it (surrounding spaces and a
// "Name <...>" wrapper removed, the domain in lower case) and "", or "" and
// email-validator's reason for refusing s, in its words.
func Normalize(s string) (addr, reason string) {
	const maxLength = 2048 // pydantic's own limit, checked first
	if len(s) > maxLength {
		return "", fmt.Sprintf("Length must not exceed %d characters", maxLength)
	}
	if t := strings.TrimSpace(s); strings.HasSuffix(t, ">") {
		if open := strings.LastIndexByte(t, '<'); open >= 0 {
			s = t[open+1 : len(t)-1]
		}
	}
	s = strings.TrimSpace(s)
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", "An email address must have an @-sign."
	}
	local, domain := s[:at], s[at+1:]
	switch {
	case local == "":
		return "", "There must be something before the @-sign."
	case domain == "":
		return "", "There must be something after the @-sign."
	}
	if bad := invalidRunes(local, isAtext); bad != "" {
		return "", "The email address contains invalid characters before the @-sign: " + bad + "."
	}
	if n := utf8.RuneCountInString(local); n > 64 {
		return "", fmt.Sprintf("The email address is too long before the @-sign (%d characters too many).", n-64)
	}
	if reason := dotsReason(local, true); reason != "" {
		return "", reason
	}
	if bad := invalidRunes(domain, isDomainRune); bad != "" {
		return "", "The part after the @-sign contains invalid characters: " + bad + "."
	}
	if reason := dotsReason(domain, false); reason != "" {
		return "", reason
	}
	domain = strings.ToLower(domain)
	if !strings.Contains(domain, ".") {
		return "", "The part after the @-sign is not valid. It should have a period."
	}
	tld := domain[strings.LastIndexByte(domain, '.')+1:]
	if r, _ := utf8.DecodeLastRuneInString(tld); !unicode.IsLetter(r) {
		return "", "The part after the @-sign is not valid. It is not within a valid top-level domain."
	}
	for _, special := range []string{"arpa", "invalid", "local", "localhost", "onion", "test"} {
		if domain == special || strings.HasSuffix(domain, "."+special) {
			return "", "The part after the @-sign is a special-use or reserved name that cannot be used with email."
		}
	}
	if n := utf8.RuneCountInString(local) + 1 + utf8.RuneCountInString(domain); n > 254 {
		return "", fmt.Sprintf("The email address is too long (%d characters too many).", n-254)
	}
	return local + "@" + domain, ""
}

// isAtext reports whether r may appear in an unquoted local part
// (RFC 5322 atext, the dot, and any non-ASCII letter or digit).
func isAtext(r rune) bool {
	if r >= utf8.RuneSelf {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
		strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.", r)
}

// isDomainRune reports whether r may appear in a domain name (non-ASCII
// letters stand for an internationalized domain).
func isDomainRune(r rune) bool {
	if r >= utf8.RuneSelf {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '.'
}

// invalidRunes lists the distinct runes of s that ok refuses, sorted and
// shown as email-validator shows them: 'x' for a visible character, a name
// for a space and U+XXXX for anything else.
func invalidRunes(s string, ok func(rune) bool) string {
	var bad []rune
	for _, r := range s {
		if !ok(r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	slices.Sort(bad)
	shown := make([]string, len(bad))
	for i, r := range bad {
		switch {
		case r == ' ':
			shown[i] = "SPACE"
		case r == '\'':
			shown[i] = `"'"`
		case unicode.IsGraphic(r):
			shown[i] = "'" + string(r) + "'"
		default:
			shown[i] = fmt.Sprintf("U+%04X", r)
		}
	}
	return strings.Join(shown, ", ")
}

// dotsReason checks where the periods are in a local part or a domain.
func dotsReason(s string, local bool) string {
	switch {
	case strings.HasPrefix(s, "."):
		if local {
			return "An email address cannot start with a period."
		}
		return "An email address cannot have a period immediately after the @-sign."
	case strings.HasSuffix(s, "."):
		if local {
			return "An email address cannot have a period immediately before the @-sign."
		}
		return "An email address cannot end with a period."
	case strings.Contains(s, ".."):
		return "An email address cannot have two periods in a row."
	}
	return ""
}
