package jsonio

import (
	"encoding/base64"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/amityhq/amity/internal/wire"
)

// Encoder writes one JSON document into a byte slice. Separators are its
// business: generated code calls BeginObject, Key, a value, Key, a value, ...
// EndObject, and the encoder places the commas.
type Encoder struct {
	buf   []byte
	comma bool // a value was just written: the next key or element needs a comma
}

// Bytes returns the document written so far.
func (e *Encoder) Bytes() []byte { return e.buf }

// Reset empties the encoder, keeping its buffer.
func (e *Encoder) Reset() { e.buf, e.comma = e.buf[:0], false }

func (e *Encoder) sep() {
	if e.comma {
		e.buf = append(e.buf, ',')
	}
}

// BeginObject opens an object.
func (e *Encoder) BeginObject() {
	e.sep()
	e.buf = append(e.buf, '{')
	e.comma = false
}

// EndObject closes an object.
func (e *Encoder) EndObject() {
	e.buf = append(e.buf, '}')
	e.comma = true
}

// BeginArray opens an array.
func (e *Encoder) BeginArray() {
	e.sep()
	e.buf = append(e.buf, '[')
	e.comma = false
}

// EndArray closes an array.
func (e *Encoder) EndArray() {
	e.buf = append(e.buf, ']')
	e.comma = true
}

// Key writes a member name; the member's value must follow.
func (e *Encoder) Key(k string) {
	e.sep()
	e.buf = appendQuoted(e.buf, k)
	e.buf = append(e.buf, ':')
	e.comma = false
}

// String writes a string.
func (e *Encoder) String(s string) {
	e.sep()
	e.buf = appendQuoted(e.buf, s)
	e.comma = true
}

// Int writes an integer or long.
func (e *Encoder) Int(n int64) {
	e.sep()
	e.buf = strconv.AppendInt(e.buf, n, 10)
	e.comma = true
}

// Float writes a double or float; non-finite values as AWS writes them, as
// the strings "NaN", "Infinity" and "-Infinity".
func (e *Encoder) Float(f float64) {
	switch {
	case math.IsNaN(f):
		e.String("NaN")
	case math.IsInf(f, 1):
		e.String("Infinity")
	case math.IsInf(f, -1):
		e.String("-Infinity")
	default:
		e.sep()
		e.buf = strconv.AppendFloat(e.buf, f, 'g', -1, 64)
		e.comma = true
	}
}

// Bool writes a boolean.
func (e *Encoder) Bool(b bool) {
	e.sep()
	e.buf = strconv.AppendBool(e.buf, b)
	e.comma = true
}

// Null writes null.
func (e *Encoder) Null() {
	e.sep()
	e.buf = append(e.buf, "null"...)
	e.comma = true
}

// Raw writes a value already encoded as JSON (a CloudTrail record kept as
// it was written), which the caller vouches for.
func (e *Encoder) Raw(json []byte) {
	e.sep()
	e.buf = append(e.buf, json...)
	e.comma = true
}

// Blob writes bytes as a base64 string.
func (e *Encoder) Blob(b []byte) {
	e.sep()
	e.buf = append(e.buf, '"')
	e.buf = base64.StdEncoding.AppendEncode(e.buf, b)
	e.buf = append(e.buf, '"')
	e.comma = true
}

// Time writes a timestamp in format f: a number for epoch seconds, else a
// string.
func (e *Encoder) Time(t time.Time, f wire.TimeFormat) {
	if f != wire.EpochSeconds {
		e.String(wire.FormatTime(t, f))
		return
	}
	e.sep()
	e.buf = wire.AppendEpochSeconds(e.buf, t)
	e.comma = true
}

const hex = "0123456789abcdef"

// Words of eight bytes, each byte set to the same value.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWords is the length of the leading whole 8-byte words of s that
// hold only bytes a JSON string keeps as they are (printable ASCII but '"'
// and '\\'), tested eight at a time: most strings amity writes (ids,
// ARNs, names) are nothing else. The tests are the classic bit tricks —
// a byte below 0x20, a zero byte after XOR with '"' or '\\', a high bit —
// each exact as to whether any byte of the word has it.
func plainWords(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		control := (w - 0x20*ones) & ^w
		quote, backslash := w^('"'*ones), w^('\\'*ones)
		if (control|(quote-ones)&^quote|(backslash-ones)&^backslash|w)&highs != 0 {
			break
		}
	}
	return i
}

// appendQuoted appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// a Java service would have decoded it.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i += plainWords(s[i:]); i == len(s) {
			break
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Marshaler is a generated structure that writes itself as JSON.
type Marshaler interface {
	EncodeJSON(e *Encoder)
}
