package jsonio

import (
	"encoding/base64"
	"strconv"
	"time"

	"github.com/amityhq/amity/internal/wire"
)

// StringValue reads a string; null reads as "".
func (d *Decoder) StringValue() string {
	if d.Null() {
		return ""
	}
	if d.peek() != '"' {
		d.mismatch("a String")
		return ""
	}
	return string(d.stringBytes(false))
}

// String reads a string member: nil for null.
func (d *Decoder) String() *string {
	if d.Null() || d.err != nil {
		return nil
	}
	s := d.StringValue()
	if d.err != nil {
		return nil
	}
	return &s
}

func isNumberStart(c byte) bool { return c == '-' || ('0' <= c && c <= '9') }

// integer reads an integral number that fits in bits, for target (Java's
// name of the type).
func (d *Decoder) integer(bits int, target string) (int64, bool) {
	if !isNumberStart(d.peek()) {
		d.mismatch(target)
		return 0, false
	}
	text := d.number()
	if d.err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(text), 10, bits)
	if err != nil {
		d.fail("NUMBER_VALUE can not be converted to " + target)
		return 0, false
	}
	return n, true
}

// Int32 reads an integer member: nil for null.
func (d *Decoder) Int32() *int32 {
	if d.Null() {
		return nil
	}
	n, ok := d.integer(32, "an Integer")
	if !ok {
		return nil
	}
	v := int32(n)
	return &v
}

// Int32Value reads an integer list element or map value; null reads as 0.
func (d *Decoder) Int32Value() int32 {
	if p := d.Int32(); p != nil {
		return *p
	}
	return 0
}

// Int64 reads a long member: nil for null.
func (d *Decoder) Int64() *int64 {
	if d.Null() {
		return nil
	}
	n, ok := d.integer(64, "a Long")
	if !ok {
		return nil
	}
	return &n
}

// Int64Value reads a long list element or map value; null reads as 0.
func (d *Decoder) Int64Value() int64 {
	if p := d.Int64(); p != nil {
		return *p
	}
	return 0
}

// Float64 reads a double or float member: nil for null. Besides numbers,
// AWS writes "NaN", "Infinity" and "-Infinity" as strings.
func (d *Decoder) Float64() *float64 {
	if d.Null() {
		return nil
	}
	var text string
	switch c := d.peek(); {
	case isNumberStart(c):
		text = string(d.number())
	case c == '"':
		text = string(d.stringBytes(false))
		if text != "NaN" && text != "Infinity" && text != "-Infinity" {
			d.fail("STRING_VALUE can not be converted to a Double")
		}
	default:
		d.mismatch("a Double")
	}
	if d.err != nil {
		return nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		d.fail("NUMBER_VALUE can not be converted to a Double")
		return nil
	}
	return &f
}

// Float64Value reads a double list element or map value; null reads as 0.
func (d *Decoder) Float64Value() float64 {
	if p := d.Float64(); p != nil {
		return *p
	}
	return 0
}

// Bool reads a boolean member: nil for null.
func (d *Decoder) Bool() *bool {
	var b bool
	switch d.peek() {
	case 'n':
		d.Null()
		return nil
	case 't':
		d.literal("true")
		b = true
	case 'f':
		d.literal("false")
	default:
		d.mismatch("a Boolean")
		return nil
	}
	if d.err != nil {
		return nil
	}
	return &b
}

// BoolValue reads a boolean list element or map value; null reads as false.
func (d *Decoder) BoolValue() bool {
	p := d.Bool()
	return p != nil && *p
}

// Blob reads a base64 string: nil for null, non-nil for "". Coral's texts
// for a non-string or bad base64 are UNVERIFIED; both fail bare.
func (d *Decoder) Blob() []byte {
	if d.Null() {
		return nil
	}
	if d.peek() != '"' {
		d.mismatch("a ByteBuffer")
		return nil
	}
	text := d.stringBytes(false)
	b := make([]byte, base64.StdEncoding.DecodedLen(len(text)))
	n, err := base64.StdEncoding.Decode(b, text)
	if err != nil {
		d.syntaxError()
		return nil
	}
	return b[:n]
}

// Time reads a timestamp member in format f: nil for null.
func (d *Decoder) Time(f wire.TimeFormat) *time.Time {
	if d.Null() {
		return nil
	}
	const target = "milliseconds since epoch" // Coral's text [X-Ray answer]
	var (
		t  time.Time
		ok bool
	)
	switch c := d.peek(); {
	case f == wire.EpochSeconds && isNumberStart(c):
		if n, err := strconv.ParseFloat(string(d.number()), 64); err == nil {
			t, ok = wire.EpochSecondsTime(n)
		}
		if !ok {
			d.fail("NUMBER_VALUE can not be converted to " + target)
		}
	case f != wire.EpochSeconds && c == '"':
		if t, ok = wire.ParseTime(string(d.stringBytes(false)), f); !ok {
			d.fail("STRING_VALUE can not be converted to " + target)
		}
	default:
		d.mismatch(target)
	}
	if d.err != nil {
		return nil
	}
	return &t
}

// TimeValue reads a timestamp list element or map value; null reads as the
// zero time.
func (d *Decoder) TimeValue(f wire.TimeFormat) time.Time {
	if p := d.Time(f); p != nil {
		return *p
	}
	return time.Time{}
}
