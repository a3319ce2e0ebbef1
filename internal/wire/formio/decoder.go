// Package formio reads the form parameters of AWS's query protocols
// (awsQuery, ec2Query) for generated DecodeQuery methods: scalars by key,
// lists as Name.member.1, Name.member.2 (Name.1 when flattened, and always
// on EC2), maps as Name.entry.1.key / Name.entry.1.value.
//
// Decoding costs time linear in the parameters' length: names are indexed
// segment by segment (names.go), and bounded.
package formio

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire"
)

// InvalidParameterValueCode is the error for a parameter whose text does
// not parse as its type.
const InvalidParameterValueCode = "InvalidParameterValue"

// Decoder reads typed values out of a request's parameters. Errors are
// sticky: after the first, reads return zero values and the caller asks Err.
type Decoder struct {
	values url.Values
	names  names           // every key, by segments
	read   map[string]bool // keys a read has consumed
	err    *awserr.Error
}

// NewDecoder returns a decoder of values. A name longer than
// MaxNameBytes, or of more than MaxNameSegments segments, fails the
// decoder with InvalidQueryParameter before anything is read.
func NewDecoder(values url.Values) *Decoder {
	d := &Decoder{values: values, read: map[string]bool{}}
	for key := range values {
		if d.err = checkName(key); d.err != nil {
			return d
		}
	}
	for key := range values {
		d.names.add(key)
	}
	return d
}

// Err returns the first error.
func (d *Decoder) Err() *awserr.Error { return d.err }

// Unread returns, sorted, the parameters no read consumed.
func (d *Decoder) Unread() []string {
	var out []string
	for key := range d.values {
		if !d.read[key] {
			out = append(out, key)
		}
	}
	slices.Sort(out)
	return out
}

// Has reports whether any parameter is key or starts with key + ".".
func (d *Decoder) Has(key string) bool { return d.err == nil && d.names.find(key) != nil }

// raw returns a parameter's text and marks it read.
func (d *Decoder) raw(key string) (string, bool) {
	vs, ok := d.values[key]
	if !ok || d.err != nil {
		return "", false
	}
	d.read[key] = true
	return vs[0], true
}

// invalid fails on a value that does not parse [EC2's wording; for awsQuery
// services UNVERIFIED].
func (d *Decoder) invalid(key, value string) {
	if d.err == nil {
		d.err = awserr.New(InvalidParameterValueCode, http.StatusBadRequest,
			"Value ("+value+") for parameter "+key+" is invalid.")
	}
}

// String reads a string member: nil when absent.
func (d *Decoder) String(key string) *string {
	s, ok := d.raw(key)
	if !ok {
		return nil
	}
	return &s
}

// StringValue reads a string list element or map key or value.
func (d *Decoder) StringValue(key string) string {
	s, _ := d.raw(key)
	return s
}

func (d *Decoder) integer(key string, bits int) (int64, bool) {
	s, ok := d.raw(key)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, bits)
	if err != nil {
		d.invalid(key, s)
		return 0, false
	}
	return n, true
}

// Int32 reads an integer member: nil when absent.
func (d *Decoder) Int32(key string) *int32 {
	n, ok := d.integer(key, 32)
	if !ok {
		return nil
	}
	v := int32(n)
	return &v
}

// Int32Value reads an integer list element or map value.
func (d *Decoder) Int32Value(key string) int32 {
	n, _ := d.integer(key, 32)
	return int32(n)
}

// Int64 reads a long member: nil when absent.
func (d *Decoder) Int64(key string) *int64 {
	n, ok := d.integer(key, 64)
	if !ok {
		return nil
	}
	return &n
}

// Int64Value reads a long list element or map value.
func (d *Decoder) Int64Value(key string) int64 {
	n, _ := d.integer(key, 64)
	return n
}

// Float64 reads a double or float member: nil when absent.
func (d *Decoder) Float64(key string) *float64 {
	s, ok := d.raw(key)
	if !ok {
		return nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		d.invalid(key, s)
		return nil
	}
	return &f
}

// Float64Value reads a double list element or map value.
func (d *Decoder) Float64Value(key string) float64 {
	if p := d.Float64(key); p != nil {
		return *p
	}
	return 0
}

// Bool reads a boolean member ("true" or "false", any case): nil when absent.
func (d *Decoder) Bool(key string) *bool {
	s, ok := d.raw(key)
	if !ok {
		return nil
	}
	var b bool
	switch strings.ToLower(s) {
	case "true":
		b = true
	case "false":
	default:
		d.invalid(key, s)
		return nil
	}
	return &b
}

// BoolValue reads a boolean list element or map value.
func (d *Decoder) BoolValue(key string) bool {
	p := d.Bool(key)
	return p != nil && *p
}

// Blob reads base64 text: nil when absent.
func (d *Decoder) Blob(key string) []byte {
	s, ok := d.raw(key)
	if !ok {
		return nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		d.invalid(key, s)
		return nil
	}
	return b
}

// Time reads a timestamp written in format f: nil when absent.
func (d *Decoder) Time(key string, f wire.TimeFormat) *time.Time {
	s, ok := d.raw(key)
	if !ok {
		return nil
	}
	t, ok := wire.ParseTime(s, f)
	if !ok {
		d.invalid(key, s)
		return nil
	}
	return &t
}

// TimeValue reads a timestamp list element or map value.
func (d *Decoder) TimeValue(key string, f wire.TimeFormat) time.Time {
	if p := d.Time(key, f); p != nil {
		return *p
	}
	return time.Time{}
}

// List returns the keys of a list's elements in the order of their
// indexes: key.member.N (key.N when member is ""). Indexes need not be
// consecutive: every element sent is read, so none is dropped and the
// model's bound on the list's length applies to all of them (how AWS
// orders or refuses sparse indexes is UNVERIFIED). It returns nil when the
// list is absent, and an empty list for "key=", which is how SDKs send an
// empty one.
func (d *Decoder) List(key, member string) []string {
	if !d.Has(key) {
		return nil
	}
	if _, ok := d.values[key]; ok {
		d.read[key] = true
	}
	base := key
	if member != "" {
		base += "." + member
	}
	keys := []string{}
	n := d.names.find(base)
	if n == nil {
		return keys
	}
	for _, index := range n.indexes() {
		keys = append(keys, base+"."+index)
	}
	return keys
}

// Unmarshaler is a generated structure that reads itself from parameters.
type Unmarshaler interface {
	DecodeQuery(d *Decoder, prefix string)
}
