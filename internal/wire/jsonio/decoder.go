// Package jsonio reads and writes the JSON of AWS's JSON protocols (awsJson
// bodies, restJson payloads) for generated code: a Decoder that generated
// DecodeJSON methods pull values from, and an Encoder that generated
// EncodeJSON methods push values to. No reflection: the generated code knows
// every member's name and type.
//
// Malformed input fails the way AWS's (Coral's) JSON deserializer does, with
// SerializationException and its texts, e.g. "STRING_VALUE can not be
// converted to an Integer".
package jsonio

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
)

// SerializationExceptionCode is AWS's code for a body it cannot read.
const SerializationExceptionCode = "SerializationException"

// maxDepth bounds nesting, so that hostile input cannot exhaust the stack.
const maxDepth = 100

// Decoder reads one JSON document. Errors are sticky: after the first, every
// read returns a zero value and every loop ends, so generated code never
// checks; the caller asks Err at the end.
type Decoder struct {
	data    []byte
	pos     int
	depth   int
	err     *awserr.Error
	scratch []byte // unescaped keys
}

// NewDecoder returns a decoder of data. An empty body reads as {}: AWS
// accepts it for operations whose members are all optional.
func NewDecoder(data []byte) *Decoder {
	d := &Decoder{data: data}
	if d.peek() == 0 {
		d.data, d.pos = []byte("{}"), 0
	}
	return d
}

// Err returns the first error, after checking that nothing but whitespace
// follows the document.
func (d *Decoder) Err() *awserr.Error {
	if d.err == nil && d.peek() != 0 {
		d.syntaxError()
	}
	return d.err
}

// Malformed reports a body that is not JSON. Coral answers it with a bare
// SerializationException [Firehose capture: {"__type":"SerializationException"};
// the KMS text is UNVERIFIED].
func (d *Decoder) syntaxError() { d.fail("") }

func (d *Decoder) fail(message string) {
	if d.err == nil {
		d.err = awserr.New(SerializationExceptionCode, http.StatusBadRequest, message)
	}
	d.pos = len(d.data)
}

// peek skips whitespace and returns the next byte, or 0 at the end (or
// after an error).
func (d *Decoder) peek() byte {
	for d.pos < len(d.data) {
		switch c := d.data[d.pos]; c {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return c
		}
	}
	return 0
}

// Null consumes a null and reports whether there was one.
func (d *Decoder) Null() bool {
	if d.peek() == 'n' {
		d.literal("null")
		return d.err == nil
	}
	return false
}

func (d *Decoder) literal(lit string) {
	if len(d.data)-d.pos < len(lit) || string(d.data[d.pos:d.pos+len(lit)]) != lit {
		d.syntaxError()
		return
	}
	d.pos += len(lit)
}

// mismatch fails because the next value is not of the target type, named as
// Java names it ("an Integer", "a String"), with Coral's texts.
func (d *Decoder) mismatch(target string) {
	switch d.peek() {
	case '{':
		d.fail("Start of structure or map found where not expected.")
	case '[':
		d.fail("Start of list found where not expected")
	case '"':
		d.fail("STRING_VALUE can not be converted to " + target)
	case 't':
		d.fail("TRUE_VALUE can not be converted to " + target)
	case 'f':
		d.fail("FALSE_VALUE can not be converted to " + target)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		d.fail("NUMBER_VALUE can not be converted to " + target)
	default:
		d.syntaxError()
	}
}

// Object iterates the members of an object: for o := d.Object(); o.Next(); {
// switch string(o.Key()) { ... } }. Each member's value must be read (or
// skipped) before the next Next. A null reads as an empty object.
type Object struct {
	d     *Decoder
	key   []byte
	count int
	done  bool
}

// Object starts reading an object.
func (d *Decoder) Object() Object {
	if d.Null() || d.err != nil {
		return Object{d: d, done: true}
	}
	if d.peek() != '{' {
		// Coral's text for a scalar where a structure belongs is UNVERIFIED.
		d.mismatch("a Structure")
		return Object{d: d, done: true}
	}
	d.pos++
	if d.depth++; d.depth > maxDepth {
		d.syntaxError()
	}
	return Object{d: d}
}

// Next moves to the next member and reports whether there is one.
func (o *Object) Next() bool {
	d := o.d
	if o.done || d.err != nil {
		return false
	}
	c := d.peek()
	if c == '}' {
		d.pos++
		d.depth--
		o.done = true
		return false
	}
	if o.count > 0 {
		if c != ',' {
			d.syntaxError()
			return false
		}
		d.pos++
		c = d.peek()
	}
	if c != '"' {
		d.syntaxError()
		return false
	}
	o.key = d.stringBytes(true)
	if d.peek() != ':' {
		d.syntaxError()
		return false
	}
	d.pos++
	o.count++
	return d.err == nil
}

// Key is the current member's name. It is only valid until the next read:
// compare it (switch string(o.Key())), or copy it.
func (o *Object) Key() []byte { return o.key }

// Array iterates the elements of an array: for a := d.Array(); a.Next(); {
// read one value }. A null reads as an empty array.
type Array struct {
	d     *Decoder
	count int
	done  bool
}

// Array starts reading an array.
func (d *Decoder) Array() Array {
	if d.Null() || d.err != nil {
		return Array{d: d, done: true}
	}
	if d.peek() != '[' {
		// Coral's text for a scalar where a list belongs is UNVERIFIED.
		d.mismatch("a List")
		return Array{d: d, done: true}
	}
	d.pos++
	if d.depth++; d.depth > maxDepth {
		d.syntaxError()
	}
	return Array{d: d}
}

// Next moves to the next element and reports whether there is one.
func (a *Array) Next() bool {
	d := a.d
	if a.done || d.err != nil {
		return false
	}
	c := d.peek()
	if c == ']' {
		d.pos++
		d.depth--
		a.done = true
		return false
	}
	if a.count > 0 {
		if c != ',' {
			d.syntaxError()
			return false
		}
		d.pos++
	}
	a.count++
	return true
}

// Skip reads and discards one value of any type.
func (d *Decoder) Skip() {
	switch c := d.peek(); c {
	case '{':
		for o := d.Object(); o.Next(); {
			d.Skip()
		}
	case '[':
		for a := d.Array(); a.Next(); {
			d.Skip()
		}
	case '"':
		d.stringBytes(false)
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		d.number()
	}
}

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

// stringBytes reads a string token. Without escapes it returns a view of
// the input; with them, the unescaped text in scratch (when reuse is true,
// valid until the next call) or in a new slice.
func (d *Decoder) stringBytes(reuse bool) []byte {
	d.pos++ // opening quote
	start := d.pos
	for d.pos < len(d.data) {
		switch c := d.data[d.pos]; {
		case c == '"':
			s := d.data[start:d.pos]
			d.pos++
			return s
		case c == '\\':
			var buf []byte
			if reuse {
				buf = d.scratch[:0]
			}
			buf = d.unescape(append(buf, d.data[start:d.pos]...))
			if reuse {
				d.scratch = buf
			}
			return buf
		case c < 0x20:
			d.syntaxError()
			return nil
		default:
			d.pos++
		}
	}
	d.syntaxError()
	return nil
}

// unescape continues a string that has escapes, appending to buf.
func (d *Decoder) unescape(buf []byte) []byte {
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			return buf
		case c < 0x20:
			d.syntaxError()
			return nil
		case c != '\\':
			buf = append(buf, c)
			d.pos++
			continue
		}
		if d.pos+1 >= len(d.data) {
			break
		}
		e := d.data[d.pos+1]
		d.pos += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				d.syntaxError()
				return nil
			}
			if utf16.IsSurrogate(r) {
				r = d.lowSurrogate(r)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.syntaxError()
			return nil
		}
	}
	d.syntaxError()
	return nil
}

// lowSurrogate completes a surrogate pair; a lone half becomes U+FFFD.
func (d *Decoder) lowSurrogate(high rune) rune {
	if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
		save := d.pos
		d.pos += 2
		if low, ok := d.hex4(); ok {
			if r := utf16.DecodeRune(high, low); r != utf8.RuneError {
				return r
			}
		}
		d.pos = save
	}
	return utf8.RuneError
}

func (d *Decoder) hex4() (rune, bool) {
	if len(d.data)-d.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.data[d.pos : d.pos+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.pos += 4
	return r, true
}

// number reads a number token (JSON grammar) and returns its text.
func (d *Decoder) number() []byte {
	start := d.pos
	if d.pos < len(d.data) && d.data[d.pos] == '-' {
		d.pos++
	}
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && '0' <= d.data[d.pos] && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	intStart := d.pos
	if n := digits(); n == 0 || (n > 1 && d.data[intStart] == '0') {
		d.syntaxError()
		return nil
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			d.syntaxError()
			return nil
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			d.syntaxError()
			return nil
		}
	}
	return d.data[start:d.pos]
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

// Unmarshaler is a generated structure that reads itself from JSON.
type Unmarshaler interface {
	DecodeJSON(d *Decoder)
}

// Decode reads data into v and returns the first error.
func Decode(data []byte, v Unmarshaler) *awserr.Error {
	d := NewDecoder(data)
	v.DecodeJSON(d)
	return d.Err()
}
