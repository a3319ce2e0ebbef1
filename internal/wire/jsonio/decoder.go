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
	"net/http"

	"github.com/amityhq/amity/internal/awserr"
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

// syntaxError fails on a body that is not JSON. Coral answers it with a bare
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
	seen  memberNames
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
	start := d.pos
	o.key = d.stringBytes(true)
	if d.err != nil || o.seen.repeated(o.key, d.pos-start-2 != len(o.key)) {
		d.syntaxError()
		return false
	}
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

// Unmarshaler is a generated structure that reads itself from JSON.
type Unmarshaler interface {
	DecodeJSON(d *Decoder)
}

// Decode reads data into v and returns the first error. The document must
// be an object: a body of null is refused like one of [] or 10, as
// Smithy's protocol tests require of servers (restJson1
// RestJsonTechnicallyValidJsonBody: 400 SerializationException for
// "null"; Coral's awsJson services are taken to do the same, UNVERIFIED).
func Decode(data []byte, v Unmarshaler) *awserr.Error {
	d := NewDecoder(data)
	if d.peek() == 'n' {
		d.syntaxError()
	}
	v.DecodeJSON(d)
	return d.Err()
}
