// Package htmljson undoes encoding/json's HTML escaping. json.Marshal and
// an Encoder without SetEscapeHTML(false) write &, < and > as \u0026,
// \u003c and \u003e; Polar (pydantic) writes them as they are. The SDK
// sends request bodies as written and polartest answers as Polar does, so
// both turn those escapes back where a type's own MarshalJSON (a generated
// union, nullable.Nullable, the strict server's encoder) wrote them.
package htmljson

import "bytes"

// Unescape returns the JSON text b with \u0026, \u003c and \u003e (in either
// case of hex digit) replaced by &, < and >. Every backslash escape is read
// as a whole, so an escaped backslash followed by "u0026" stays as it is.
// b itself is returned when it holds no such escape.
func Unescape(b []byte) []byte {
	if !bytes.Contains(b, []byte(`\u00`)) {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+5 < len(b) && b[i+2] == '0' && b[i+3] == '0' {
			var c byte
			switch string([]byte{b[i+4], b[i+5] | 0x20}) {
			case "26":
				c = '&'
			case "3c":
				c = '<'
			case "3e":
				c = '>'
			}
			if c != 0 {
				out, i = append(out, c), i+5
				continue
			}
		}
		out, i = append(out, b[i], b[i+1]), i+1 // an escape kept as it is
	}
	return out
}
