package ec2

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// fill sets every field of v, nested ones too, to a value of its own, so
// that a field the decoder forgets shows.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+*n%26)) + time.Duration(*n).String())
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int32, reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Struct:
		if t, ok := v.Addr().Interface().(*time.Time); ok {
			*t = time.Date(2026, 12, 2, 10, *n%60, 5, *n*1000, time.UTC)
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), n)
		}
		v.Set(s)
	}
}

// TestInstanceRecordDecoding: the instance record's own decoder reads
// every field as encoding/json does — of a record with each field set,
// and of one with none.
func TestInstanceRecordDecoding(t *testing.T) {
	full := &instanceRecord{}
	n := 0
	fill(reflect.ValueOf(full).Elem(), &n)
	for name, rec := range map[string]*instanceRecord{"every field": full, "no field": {}} {
		raw, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var want instanceRecord
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeRecord[instanceRecord](raw)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", name, *got, want)
		}
	}
	if _, err := decodeRecord[instanceRecord]([]byte(`{"launched":"yesterday"}`)); err == nil {
		t.Error("a time that is not RFC 3339 was read")
	}
}
