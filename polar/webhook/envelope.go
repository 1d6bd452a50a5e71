package webhook

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
)

// envelope is what Verify reads of a raw-format delivery's body: Polar's
// {"type": …, "timestamp": …, "data": …, "api_version": …}.
type envelope struct {
	typ        string
	timestamp  string
	apiVersion string // "" when the body has no "api_version"
	data       []byte // a subslice of the body
}

// The envelope's members, as bits of a set of the members seen.
const (
	memberType = 1 << iota
	memberTimestamp
	memberData
	memberAPIVersion
)

// memberName is the member's name as error texts quote it.
func memberName(member int) string {
	switch member {
	case memberType:
		return `"type"`
	case memberTimestamp:
		return `"timestamp"`
	case memberData:
		return `"data"`
	}
	return `"api_version"`
}

// maxDepth is encoding/json's limit on nesting: an object or array nested
// deeper than this (the envelope itself counting as one) is refused there,
// so it is refused here.
const maxDepth = 10000

// readEnvelope reads body in one pass: it must be exactly one JSON object
// (whitespace around it allowed); the members "type", "timestamp", "data"
// and "api_version" are found by their exact names and may each appear
// once; every other member is validated and skipped. "type", "timestamp"
// and "api_version" must be JSON strings; "data" may be any JSON value and
// is returned as the bytes of the body that hold it. Everything the scanner
// accepts encoding/json accepts too (FuzzReadEnvelope checks it); strings
// are unescaped as encoding/json unescapes them. The error text says what
// is wrong and quotes at most 20 bytes of the body.
func readEnvelope(body []byte) (envelope, error) {
	var env envelope
	s := scanner{b: body}
	s.space()
	if !s.is('{') {
		if s.i == len(s.b) {
			return env, errors.New("empty body")
		}
		if s.validValue(maxDepth) {
			return env, errors.New("body is not a JSON object")
		}
		return env, s.syntax()
	}
	s.i++
	seen := 0
	s.space()
	if s.is('}') {
		s.i++
	} else {
		for {
			if !s.is('"') {
				return env, s.syntax()
			}
			start := s.i
			if !s.validString() {
				return env, s.syntax()
			}
			name := s.b[start:s.i]
			s.space()
			if !s.is(':') {
				return env, s.syntax()
			}
			s.i++
			s.space()
			member := memberOf(name, plain(name))
			if member != 0 && seen&member != 0 {
				return env, fmt.Errorf("%s appears twice", memberName(member))
			}
			seen |= member
			start = s.i
			switch member {
			case memberData:
				if !s.validValue(maxDepth - 1) {
					return env, s.syntax()
				}
				env.data = s.b[start:s.i]
			case memberType, memberTimestamp, memberAPIVersion:
				if !s.is('"') {
					if !s.validValue(maxDepth - 1) {
						return env, s.syntax()
					}
					return env, fmt.Errorf("%s is %.20s, not a string", memberName(member), s.b[start:s.i])
				}
				if !s.validString() {
					return env, s.syntax()
				}
				quoted := s.b[start:s.i]
				if member == memberType && plain(quoted) {
					env.typ = eventType(quoted[1 : len(quoted)-1])
					break
				}
				v := unquote(quoted, plain(quoted))
				switch member {
				case memberType:
					env.typ = v
				case memberTimestamp:
					env.timestamp = v
				default:
					if v == "" {
						return env, errors.New(`"api_version" is empty`)
					}
					env.apiVersion = v
				}
			default:
				if !s.validValue(maxDepth - 1) {
					return env, s.syntax()
				}
			}
			s.space()
			if s.is(',') {
				s.i++
				s.space()
				continue
			}
			if s.is('}') {
				s.i++
				break
			}
			return env, s.syntax()
		}
	}
	s.space()
	if s.i != len(s.b) {
		if s.validValue(maxDepth) {
			return env, errors.New("body holds more than one JSON value")
		}
		return env, s.syntax()
	}
	switch {
	case seen&memberType == 0 || env.typ == "":
		return env, errors.New(`no "type"`)
	case seen&memberTimestamp == 0:
		return env, errors.New(`no "timestamp"`)
	case seen&memberData == 0 || string(env.data) == "null":
		return env, errors.New(`no "data"`)
	}
	return env, nil
}

// eventType returns the event type spelled by b, without allocating for
// the types this package names.
func eventType(b []byte) string {
	switch string(b) {
	case EventCheckoutCreated:
		return EventCheckoutCreated
	case EventCheckoutUpdated:
		return EventCheckoutUpdated
	case EventCheckoutExpired:
		return EventCheckoutExpired
	case EventOrderCreated:
		return EventOrderCreated
	case EventOrderUpdated:
		return EventOrderUpdated
	case EventOrderPaid:
		return EventOrderPaid
	case EventOrderRefunded:
		return EventOrderRefunded
	}
	return string(b)
}

// memberOf returns which envelope member the quoted name is, or 0 for any
// other name. Names match exactly, after unescaping: "TYPE" is not "type".
func memberOf(quoted []byte, plain bool) int {
	if plain {
		switch string(quoted) {
		case `"type"`:
			return memberType
		case `"timestamp"`:
			return memberTimestamp
		case `"data"`:
			return memberData
		case `"api_version"`:
			return memberAPIVersion
		}
		return 0
	}
	if len(quoted) > 6*len("api_version")+2 {
		return 0 // longer than any escaped spelling of ours
	}
	switch unquote(quoted, false) {
	case "type":
		return memberType
	case "timestamp":
		return memberTimestamp
	case "data":
		return memberData
	case "api_version":
		return memberAPIVersion
	}
	return 0
}

// unquote returns the string a valid JSON string literal stands for. A
// plain literal (no escape, only ASCII) is its content; any other is
// decoded by encoding/json, so that escapes, invalid UTF-8 and lone
// surrogates come out exactly as they do there.
func unquote(quoted []byte, plain bool) string {
	if plain {
		return string(quoted[1 : len(quoted)-1])
	}
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return "" // unreachable: quoted was validated
	}
	return s
}

// scanner validates JSON the way encoding/json does (RFC 8259; invalid
// UTF-8 inside strings is accepted, as encoding/json accepts it), reading
// b from i on. Its methods wrap the scan functions below, which take the
// bytes and a position and return the position after what they read, or,
// on invalid JSON, the complement (^) of the position of the first byte
// they cannot accept.
type scanner struct {
	b []byte
	i int
}

func (s *scanner) is(c byte) bool { return s.i < len(s.b) && s.b[s.i] == c }

// syntax is the error for invalid JSON at s.i.
func (s *scanner) syntax() error {
	if s.i >= len(s.b) {
		return errors.New("invalid JSON: unexpected end of the body")
	}
	return fmt.Errorf("invalid JSON at byte %d", s.i)
}

func (s *scanner) space() { s.i = skipSpace(s.b, s.i) }

// validString moves past the string literal at s.i (which is '"').
func (s *scanner) validString() bool { return s.to(scanString(s.b, s.i)) }

// validValue moves past the JSON value at s.i, nested at most depth
// objects and arrays deep.
func (s *scanner) validValue(depth int) bool { return s.to(scanValue(s.b, s.i, depth)) }

func (s *scanner) to(i int) bool {
	if i < 0 {
		s.i = ^i
		return false
	}
	s.i = i
	return true
}

// plain reports whether the string literal quoted has no escape and no
// byte outside ASCII, so that its content is what it stands for.
func plain(quoted []byte) bool {
	for _, c := range quoted {
		if c == '\\' || c >= 0x80 {
			return false
		}
	}
	return true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// Eight bytes at a time: lows has 0x01 in every byte, highs 0x80.
const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// scanString reads the string literal at b[i] == '"'.
func scanString(b []byte, i int) int {
	i++
	for {
		// Eight bytes at a time, up to the first that is a quote, a
		// backslash or a control character. Each of the three masks
		// flags such bytes (and may flag bytes after one): the lowest
		// flag of their union is exact.
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			q := x ^ ('"' * lows)
			bs := x ^ ('\\' * lows)
			special := ((x - 0x20*lows) &^ x) | ((q - lows) &^ q) | ((bs - lows) &^ bs)
			special &= highs
			if special != 0 {
				i += bits.TrailingZeros64(special) >> 3
				break
			}
			i += 8
		}
		if i >= len(b) {
			return ^i
		}
		switch c := b[i]; {
		case c == '"':
			return i + 1
		case c == '\\':
			if i+1 >= len(b) {
				return ^(i + 1)
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					return ^i
				}
				i += 6
			default:
				return ^(i + 1)
			}
		case c < 0x20:
			return ^i
		default:
			i++
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scanNumber reads the number at b[i].
func scanNumber(b []byte, i int) int {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		return ^i
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			return ^i
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || !isDigit(b[i]) {
			return ^i
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	return i
}

// scanLiteral reads lit (true, false or null) at b[i].
func scanLiteral(b []byte, i int, lit string) int {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return ^i
	}
	return i + len(lit)
}

// scanName reads a member name, its colon and the space around them.
func scanName(b []byte, i int) int {
	if i >= len(b) || b[i] != '"' {
		return ^i
	}
	if i = scanString(b, i); i < 0 {
		return i
	}
	if i < len(b) && b[i] != ':' {
		i = skipSpace(b, i)
	}
	if i >= len(b) || b[i] != ':' {
		return ^i
	}
	i++
	if i < len(b) && b[i] <= ' ' {
		i = skipSpace(b, i)
	}
	return i
}

// scanValue reads the JSON value at b[i], nested at most depth objects and
// arrays deep.
func scanValue(b []byte, i, depth int) int {
	// open holds, per level, whether it is an object (1) or an array (0):
	// on the stack for the first 256 levels (any real payload), grown on
	// the heap only for deeper nesting, so that a call does not clear
	// maxDepth bits it will never use.
	var small [4]uint64
	open := small[:]
	level := 0
	for {
		// A value.
		if i >= len(b) {
			return ^i
		}
		switch c := b[i]; {
		case c == '"':
			i = scanString(b, i)
		case c == '{' || c == '[':
			if level == depth {
				return ^i
			}
			i = skipSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // '}' is '{'+2, ']' is '['+2
				i++
				break
			}
			if level>>6 == len(open) {
				open = append(open, 0)
			}
			if c == '{' {
				open[level>>6] |= 1 << (level & 63)
				i = scanName(b, i)
			} else {
				open[level>>6] &^= 1 << (level & 63)
			}
			level++
			if i < 0 {
				return i
			}
			continue
		case c == '-' || isDigit(c):
			i = scanNumber(b, i)
		case c == 't':
			i = scanLiteral(b, i, "true")
		case c == 'f':
			i = scanLiteral(b, i, "false")
		case c == 'n':
			i = scanLiteral(b, i, "null")
		default:
			return ^i
		}
		if i < 0 {
			return i
		}
		// After a value: close what ends here, then a comma before the
		// next element or member.
		for {
			if level == 0 {
				return i
			}
			if i < len(b) && b[i] <= ' ' {
				i = skipSpace(b, i)
			}
			if i >= len(b) {
				return ^i
			}
			object := open[(level-1)>>6]&(1<<((level-1)&63)) != 0
			c := b[i]
			if c == ',' {
				i++
				if i < len(b) && b[i] <= ' ' {
					i = skipSpace(b, i)
				}
				if object {
					if i = scanName(b, i); i < 0 {
						return i
					}
				}
				break
			}
			if object && c == '}' || !object && c == ']' {
				i++
				level--
				continue
			}
			return ^i
		}
	}
}
