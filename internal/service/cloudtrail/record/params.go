package record

import (
	"reflect"
	"slices"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/amityhq/amity/internal/wire/jsonio"
)

// requestParameters is the call's input as CloudTrail records it; nil
// (null) when the request set nothing.
func requestParameters(c *Call, r *rules, e *jsonio.Encoder) []byte {
	return members(r.request(c), r, e)
}

// responseElements is the call's answer as CloudTrail records it: null for
// a failure, for an operation that changes nothing (unless the service
// records its answer anyway) and for an empty answer [CloudTrail User
// Guide, "CloudTrail record contents": responseElements "If an action does
// not change state (for example, a request to get or list objects), this
// element is omitted"; KMS's examples write null].
func responseElements(c *Call, r *rules, e *jsonio.Encoder) []byte {
	if c.Err != nil || c.Output == nil || (c.ReadOnly && !r.recordsAnswer[c.Operation]) {
		return nil
	}
	if r.response != nil {
		return r.response(c, r, e)
	}
	return members(c.Output, r, e)
}

// members writes v, a generated structure, into e as an object of its
// members that are set, and returns e's bytes; nil when none is set.
func members(v any, r *rules, e *jsonio.Encoder) []byte {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) || isEmpty(reflect.Indirect(rv), r) {
		return nil
	}
	e.Reset()
	(&converter{e: e, r: r}).value(rv)
	return e.Bytes()
}

// converter writes generated structures as CloudTrail writes them:
// members lowerCamel in model order, unset members left out, maps with
// their keys sorted, timestamps in the service's form.
type converter struct {
	e *jsonio.Encoder
	r *rules
}

var timeType = reflect.TypeFor[time.Time]()

func (c *converter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		c.value(v.Elem())
	case reflect.Struct:
		if v.Type() == timeType {
			c.r.time(c.e, v.Interface().(time.Time))
			return
		}
		c.e.BeginObject()
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if absent(fv) || (f.blob && c.r.dropBlobs) {
				continue
			}
			c.e.Key(f.name)
			c.value(fv)
		}
		c.e.EndObject()
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			c.e.Blob(v.Bytes())
			return
		}
		c.e.BeginArray()
		for i := range v.Len() {
			c.value(v.Index(i))
		}
		c.e.EndArray()
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			switch {
			case a.String() < b.String():
				return -1
			case a.String() > b.String():
				return 1
			}
			return 0
		})
		c.e.BeginObject()
		for _, k := range keys {
			c.e.Key(k.String())
			c.value(v.MapIndex(k))
		}
		c.e.EndObject()
	case reflect.String:
		c.e.String(v.String())
	case reflect.Bool:
		c.e.Bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.e.Int(v.Int())
	case reflect.Float32, reflect.Float64:
		c.e.Float(v.Float())
	}
}

// absent reports a member the request or answer did not set.
func absent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return v.IsNil()
	}
	return false
}

// isEmpty reports a structure with no member to write.
func isEmpty(v reflect.Value, r *rules) bool {
	if v.Kind() != reflect.Struct || v.Type() == timeType {
		return false
	}
	for _, f := range fieldsOf(v.Type()) {
		if !absent(v.Field(f.index)) && !(f.blob && r.dropBlobs) {
			return false
		}
	}
	return true
}

// field is a member of a generated structure as records name it.
type field struct {
	index int
	name  string // lowerCamel: the first letter lowered, as AWS's Java
	// bean names do ("AWSAccountId" → "aWSAccountId")
	blob bool
}

var fieldCache sync.Map // reflect.Type → []field

func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		blob := sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Uint8
		fs = append(fs, field{index: i, name: lowerFirst(sf.Name), blob: blob})
	}
	fieldCache.Store(t, fs)
	return fs
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}
