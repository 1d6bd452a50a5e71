package webhook

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
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
// is wrong, without the body.
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
			plain, ok := s.validString()
			if !ok {
				return env, s.syntax()
			}
			name := s.b[start:s.i]
			s.space()
			if !s.is(':') {
				return env, s.syntax()
			}
			s.i++
			s.space()
			member := memberOf(name, plain)
			if member != 0 && seen&member != 0 {
				return env, fmt.Errorf("%s appears twice", name)
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
					return env, fmt.Errorf("%s is %.20s, not a string", name, s.b[start:s.i])
				}
				plain, ok := s.validString()
				if !ok {
					return env, s.syntax()
				}
				v := unquote(s.b[start:s.i], plain)
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
// b from i on.
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

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// Eight bytes at a time: lows has 0x01 in every byte, highs 0x80.
const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// validString moves past the string literal at s.i (which is '"'). plain
// reports that it has no escape and no byte outside ASCII.
func (s *scanner) validString() (plain, ok bool) {
	b := s.b
	i := s.i + 1
	plain = true
	for {
		// Skip eight bytes at a time while none is a quote, a backslash
		// or a control character.
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			q := x ^ ('"' * lows)
			bs := x ^ ('\\' * lows)
			special := (x-0x20*lows)&^x | (q-lows)&^q | (bs-lows)&^bs
			if special&highs != 0 {
				break
			}
			if x&highs != 0 {
				plain = false
			}
			i += 8
		}
		if i >= len(b) {
			s.i = i
			return false, false
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return plain, true
		case c == '\\':
			plain = false
			if i+1 >= len(b) {
				s.i = i + 1
				return false, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) || !isHex(b[i+2]) || !isHex(b[i+3]) || !isHex(b[i+4]) || !isHex(b[i+5]) {
					s.i = i
					return false, false
				}
				i += 6
			default:
				s.i = i + 1
				return false, false
			}
		case c < 0x20:
			s.i = i
			return false, false
		default:
			if c >= 0x80 {
				plain = false
			}
			i++
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// validNumber moves past the number at s.i.
func (s *scanner) validNumber() bool {
	b, i := s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	default:
		s.i = i
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || !isDigit(b[i]) {
			s.i = i
			return false
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
			s.i = i
			return false
		}
		for i++; i < len(b) && isDigit(b[i]); i++ {
		}
	}
	s.i = i
	return true
}

// validLiteral moves past lit (true, false or null) at s.i.
func (s *scanner) validLiteral(lit string) bool {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return false
	}
	s.i += len(lit)
	return true
}

// validValue moves past the JSON value at s.i, nested at most depth
// objects and arrays deep. It stops at the first byte it cannot accept.
func (s *scanner) validValue(depth int) bool {
	// open holds, per level, whether it is an object (1) or an array (0).
	var open [maxDepth/64 + 1]uint64
	level := 0
	isObject := func() bool { return open[(level-1)/64]&(1<<((level-1)%64)) != 0 }
	for {
		// A value.
		if s.i >= len(s.b) {
			return false
		}
		closed := true
		switch c := s.b[s.i]; {
		case c == '{' || c == '[':
			if level == depth {
				return false
			}
			s.i++
			s.space()
			if s.is(c + 2) { // '}' is '{'+2, ']' is '['+2
				s.i++
				break
			}
			level++
			if c == '{' {
				open[(level-1)/64] |= 1 << ((level - 1) % 64)
				if !s.validMemberName() {
					return false
				}
			} else {
				open[(level-1)/64] &^= 1 << ((level - 1) % 64)
			}
			closed = false
		case c == '"':
			if _, ok := s.validString(); !ok {
				return false
			}
		case c == '-' || isDigit(c):
			if !s.validNumber() {
				return false
			}
		case c == 't':
			if !s.validLiteral("true") {
				return false
			}
		case c == 'f':
			if !s.validLiteral("false") {
				return false
			}
		case c == 'n':
			if !s.validLiteral("null") {
				return false
			}
		default:
			return false
		}
		if !closed {
			s.space()
			continue
		}
		// After a value: close what ends here, then a comma before the
		// next element or member.
		for {
			if level == 0 {
				return true
			}
			s.space()
			if s.i >= len(s.b) {
				return false
			}
			c := s.b[s.i]
			if c == ',' {
				s.i++
				s.space()
				if isObject() && !s.validMemberName() {
					return false
				}
				break
			}
			if isObject() && c == '}' || !isObject() && c == ']' {
				s.i++
				level--
				continue
			}
			return false
		}
		s.space()
	}
}

// validMemberName moves past a member name and its colon, and the space
// after them.
func (s *scanner) validMemberName() bool {
	if !s.is('"') {
		return false
	}
	if _, ok := s.validString(); !ok {
		return false
	}
	s.space()
	if !s.is(':') {
		return false
	}
	s.i++
	s.space()
	return true
}
