package jsonio_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

func TestDecoderReadsValues(t *testing.T) {
	at := time.Date(2026, 5, 18, 5, 25, 7, 123e6, time.UTC)
	tests := []struct {
		json string
		read func(d *jsonio.Decoder) any
		want any
	}{
		{`"plain"`, func(d *jsonio.Decoder) any { return d.StringValue() }, "plain"},
		{`"\u00e9\n\"\\\/"`, func(d *jsonio.Decoder) any { return d.StringValue() }, "é\n\"\\/"},
		{`"\ud83d\ude00"`, func(d *jsonio.Decoder) any { return d.StringValue() }, "😀"},
		{`"\ud800x"`, func(d *jsonio.Decoder) any { return d.StringValue() }, "\uFFFDx"},
		{`null`, func(d *jsonio.Decoder) any { return d.String() == nil }, true},
		{` -2147483648 `, func(d *jsonio.Decoder) any { return d.Int32Value() }, int32(math.MinInt32)},
		{`9007199254740993`, func(d *jsonio.Decoder) any { return d.Int64Value() }, int64(9007199254740993)},
		{`-1.5e2`, func(d *jsonio.Decoder) any { return d.Float64Value() }, -150.0},
		{`"NaN"`, func(d *jsonio.Decoder) any { return math.IsNaN(d.Float64Value()) }, true},
		{`false`, func(d *jsonio.Decoder) any { return *d.Bool() }, false},
		{`"AAEC/w=="`, func(d *jsonio.Decoder) any { return d.Blob() }, []byte{0, 1, 2, 255}},
		{`""`, func(d *jsonio.Decoder) any { return d.Blob() }, []byte{}},
		{`1779081907.123`, func(d *jsonio.Decoder) any { return d.TimeValue(wire.EpochSeconds) }, at},
		{`"2026-05-18T05:25:07.123Z"`, func(d *jsonio.Decoder) any { return d.TimeValue(wire.DateTime) }, at},
		{`{"a":1,"b":{"c":[true,null]},"d":"x"}`, func(d *jsonio.Decoder) any {
			var keys []string
			for o := d.Object(); o.Next(); {
				keys = append(keys, string(o.Key()))
				d.Skip()
			}
			return keys
		}, []string{"a", "b", "d"}},
		{`[ "a" , "b" ]`, func(d *jsonio.Decoder) any {
			var l []string
			for a := d.Array(); a.Next(); {
				l = append(l, d.StringValue())
			}
			return l
		}, []string{"a", "b"}},
		{deep(100), func(d *jsonio.Decoder) any { d.Skip(); return true }, true},
		// Names repeat across objects, and large objects hold distinct names.
		{`{"a":{"a":1},"b":{"a":2},"c":[{"a":3},{"a":4}]}`, func(d *jsonio.Decoder) any { d.Skip(); return true }, true},
		{object(20) + "}", func(d *jsonio.Decoder) any { skipObject(d); return true }, true},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			d := jsonio.NewDecoder([]byte(tt.json))
			got := tt.read(d)
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			if tm, ok := got.(time.Time); ok && tm.Equal(tt.want.(time.Time)) {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDecoderRefusesAsCoralDoes(t *testing.T) {
	tests := []struct {
		json string
		read func(d *jsonio.Decoder)
		want string // the SerializationException message
	}{
		{`"5"`, func(d *jsonio.Decoder) { d.Int32() }, "STRING_VALUE can not be converted to an Integer"},
		{`true`, func(d *jsonio.Decoder) { d.Int64() }, "TRUE_VALUE can not be converted to a Long"},
		{`1.5`, func(d *jsonio.Decoder) { d.Int32() }, "NUMBER_VALUE can not be converted to an Integer"},
		{`2147483648`, func(d *jsonio.Decoder) { d.Int32() }, "NUMBER_VALUE can not be converted to an Integer"},
		{`7`, func(d *jsonio.Decoder) { d.String() }, "NUMBER_VALUE can not be converted to a String"},
		{`false`, func(d *jsonio.Decoder) { d.StringValue() }, "FALSE_VALUE can not be converted to a String"},
		{`{}`, func(d *jsonio.Decoder) { d.String() }, "Start of structure or map found where not expected."},
		{`[]`, func(d *jsonio.Decoder) { d.Bool() }, "Start of list found where not expected"},
		{`"2026"`, func(d *jsonio.Decoder) { d.Time(wire.EpochSeconds) }, "STRING_VALUE can not be converted to milliseconds since epoch"},
		{`"x"`, func(d *jsonio.Decoder) { d.Float64() }, "STRING_VALUE can not be converted to a Double"},
		// Malformed JSON: a bare SerializationException.
		{`{"a":1,}`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
		{`{"a" 1}`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
		{`[1 2]`, func(d *jsonio.Decoder) { d.Skip() }, ""},
		{`01`, func(d *jsonio.Decoder) { d.Int32() }, ""},
		{`"a` + "\x01" + `"`, func(d *jsonio.Decoder) { d.String() }, ""},
		{`"abc`, func(d *jsonio.Decoder) { d.String() }, ""},
		{`"\x"`, func(d *jsonio.Decoder) { d.String() }, ""},
		{`"@@"`, func(d *jsonio.Decoder) { d.Blob() }, ""},
		{`nul`, func(d *jsonio.Decoder) { d.String() }, ""},
		{`{} x`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
		{deep(101), func(d *jsonio.Decoder) { d.Skip() }, ""},
		// A member name repeated in one object, however written.
		{`{"a":1,"a":2}`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
		{`{"a":1,"\u0061":2}`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
		{`{"b":{"a\n":1,"a\n":2}}`, func(d *jsonio.Decoder) { d.Skip() }, ""},
		{object(9) + `,"k0":0}`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
		{object(20) + `,"k19":0}`, func(d *jsonio.Decoder) { skipObject(d) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			d := jsonio.NewDecoder([]byte(tt.json))
			tt.read(d)
			err := d.Err()
			if err == nil || err.Code != "SerializationException" || err.Status != 400 || err.Message != tt.want {
				t.Errorf("got %v, want SerializationException %q", err, tt.want)
			}
		})
	}
}

func skipObject(d *jsonio.Decoder) {
	for o := d.Object(); o.Next(); {
		d.Skip()
	}
}

// object returns the start of an object of n members "k0" to "k<n-1>".
func object(n int) string {
	s := "{"
	for i := range n {
		if i > 0 {
			s += ","
		}
		s += `"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i)
	}
	return s
}

// anyObject reads (and discards) a top-level object.
type anyObject struct{}

func (anyObject) DecodeJSON(d *jsonio.Decoder) { skipObject(d) }

// TestDecodeWantsAnObject: the document of a body is an object, or
// nothing; a null is not read as an empty input.
func TestDecodeWantsAnObject(t *testing.T) {
	for body, ok := range map[string]bool{"": true, " {} ": true, "null": false, " null ": false, "[]": false, "10": false} {
		err := jsonio.Decode([]byte(body), anyObject{})
		if ok != (err == nil) || !ok && (err.Code != "SerializationException" || err.Status != 400) {
			t.Errorf("body %q: %v", body, err)
		}
	}
}

func deep(n int) string {
	s := ""
	for range n {
		s += "["
	}
	for range n {
		s += "]"
	}
	return s
}

func TestEncoderWritesValidJSON(t *testing.T) {
	at := time.Date(2026, 5, 18, 5, 25, 7, 123e6, time.UTC)
	var e jsonio.Encoder
	e.BeginObject()
	e.Key("s")
	e.String("quote\" back\\ nl\n tab\t ctl\x01 é \u2028 bad\xff")
	e.Key("n")
	e.Int(-42)
	e.Key("f")
	e.Float(1.5)
	e.Key("nan")
	e.Float(math.NaN())
	e.Key("inf")
	e.Float(math.Inf(-1))
	e.Key("b")
	e.Bool(true)
	e.Key("blob")
	e.Blob([]byte{0, 1, 2, 255})
	e.Key("epoch")
	e.Time(at, wire.EpochSeconds)
	e.Key("whole")
	e.Time(at.Truncate(time.Second), wire.EpochSeconds)
	e.Key("iso")
	e.Time(at, wire.DateTime)
	e.Key("null")
	e.Null()
	e.Key("raw")
	e.Raw([]byte(`{"k":[1]}`))
	e.Key("list")
	e.BeginArray()
	e.BeginObject()
	e.EndObject()
	e.String("x")
	e.BeginArray()
	e.EndArray()
	e.EndArray()
	e.EndObject()

	var got map[string]any
	if err := json.Unmarshal(e.Bytes(), &got); err != nil {
		t.Fatalf("%s: %v", e.Bytes(), err)
	}
	want := map[string]any{
		"s": "quote\" back\\ nl\n tab\t ctl\x01 é \u2028 bad\uFFFD", "n": -42.0, "f": 1.5, "nan": "NaN", "inf": "-Infinity",
		"b": true, "blob": "AAEC/w==", "epoch": 1779081907.123, "whole": 1779081907.0, "iso": "2026-05-18T05:25:07.123Z",
		"null": nil, "raw": map[string]any{"k": []any{1.0}}, "list": []any{map[string]any{}, "x", []any{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v\n%s", got, want, e.Bytes())
	}
}

// FuzzString: a string reads back as itself, each invalid UTF-8 byte as
// U+FFFD, and is written as it is when it needs no escape. The seeds put
// each kind of byte that needs one at each place of a word of eight and
// of the bytes after the last whole word.
func FuzzString(f *testing.F) {
	for _, special := range []string{`"`, `\`, "\x00", "\x1f", "\n", "\x7f", "é", "\xff", "\u2028"} {
		for at := range 18 {
			f.Add(strings.Repeat("a", at) + special + strings.Repeat("b", 17-at))
		}
	}
	f.Add("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	f.Fuzz(func(t *testing.T, s string) {
		var e jsonio.Encoder
		e.String(s)
		var got string
		if err := json.Unmarshal(e.Bytes(), &got); err != nil || !utf8.Valid(e.Bytes()) {
			t.Fatalf("%q: %v (valid UTF-8: %v)", e.Bytes(), err, utf8.Valid(e.Bytes()))
		}
		if want := string([]rune(s)); got != want {
			t.Errorf("%q read back as %q, want %q", s, got, want)
		}
		plain := !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == '"' || r == '\\' || r >= utf8.RuneSelf })
		if plain && string(e.Bytes()) != `"`+s+`"` {
			t.Errorf("%q written as %q", s, e.Bytes())
		}
	})
}

// BenchmarkString writes the strings of a CloudTrail record's kind: ARNs,
// ids, a user agent.
func BenchmarkString(b *testing.B) {
	strs := []string{"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"a289cb81-e302-4da1-9d67-e91fd7df0f38", "kms.amazonaws.com", "AKIAIOSFODNN7EXAMPLE",
		"aws-sdk-go-v2/1.48.0 ua/2.1 os/linux lang/go#1.26.8 md/GOOS#linux md/GOARCH#amd64 api/kms#1.62.5 m/E"}
	var e jsonio.Encoder
	b.ReportAllocs()
	for b.Loop() {
		e.Reset()
		for _, s := range strs {
			e.String(s)
		}
	}
}
