// Package xmlio writes the XML responses of AWS's query protocols (awsQuery,
// ec2Query) for generated EncodeXML methods: one element per member, lists
// as <member> (EC2: <item>) children, maps as <entry><key/><value/></entry>.
package xmlio

import (
	"encoding/base64"
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/amityhq/amity/internal/wire"
)

// Encoder writes an XML document into a byte slice.
type Encoder struct {
	buf []byte
}

// Bytes returns the document written so far.
func (e *Encoder) Bytes() []byte { return e.buf }

// Prolog writes the XML declaration EC2 starts its responses with.
func (e *Encoder) Prolog() {
	e.buf = append(e.buf, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"...)
}

// Start opens element name.
func (e *Encoder) Start(name string) {
	e.buf = append(e.buf, '<')
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, '>')
}

// StartNS opens element name declaring the default namespace ns.
func (e *Encoder) StartNS(name, ns string) {
	e.buf = append(e.buf, '<')
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, ` xmlns="`...)
	e.buf = appendEscaped(e.buf, ns)
	e.buf = append(e.buf, `">`...)
}

// End closes element name.
func (e *Encoder) End(name string) {
	e.buf = append(e.buf, '<', '/')
	e.buf = append(e.buf, name...)
	e.buf = append(e.buf, '>')
}

// Text writes escaped character data.
func (e *Encoder) Text(s string) { e.buf = appendEscaped(e.buf, s) }

func (e *Encoder) element(name string, text []byte) {
	e.Start(name)
	e.buf = append(e.buf, text...)
	e.End(name)
}

// String writes <name>s</name>.
func (e *Encoder) String(name, s string) {
	e.Start(name)
	e.Text(s)
	e.End(name)
}

// Int writes an integer or long element.
func (e *Encoder) Int(name string, n int64) { e.element(name, strconv.AppendInt(nil, n, 10)) }

// Float writes a double or float element; non-finite values as AWS spells
// them (NaN, Infinity, -Infinity).
func (e *Encoder) Float(name string, f float64) {
	switch {
	case math.IsInf(f, 1):
		e.String(name, "Infinity")
	case math.IsInf(f, -1):
		e.String(name, "-Infinity")
	default:
		e.element(name, strconv.AppendFloat(nil, f, 'g', -1, 64))
	}
}

// Bool writes a boolean element.
func (e *Encoder) Bool(name string, b bool) { e.element(name, strconv.AppendBool(nil, b)) }

// Blob writes bytes as base64.
func (e *Encoder) Blob(name string, b []byte) {
	e.element(name, base64.StdEncoding.AppendEncode(nil, b))
}

// Time writes a timestamp in format f.
func (e *Encoder) Time(name string, t time.Time, f wire.TimeFormat) {
	e.String(name, wire.FormatTime(t, f))
}

// appendEscaped appends s as XML character data: markup characters as
// entities, characters XML 1.0 cannot carry (most controls, invalid UTF-8)
// as U+FFFD, carriage returns as a reference so parsers keep them.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\r':
			b = append(b, "&#xD;"...)
		case r == '\n' || r == '\t':
			b = append(b, byte(r))
		case r < 0x20 || (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF:
			b = utf8.AppendRune(b, utf8.RuneError)
		default:
			b = append(b, s[i-size:i]...)
		}
	}
	return b
}

// Marshaler is a generated structure that writes its members as elements.
type Marshaler interface {
	EncodeXML(e *Encoder)
}
