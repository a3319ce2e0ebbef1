package formio_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/wire"
	"github.com/amityhq/amity/internal/wire/formio"
)

func decoder(t *testing.T, form string) *formio.Decoder {
	t.Helper()
	values, err := url.ParseQuery(form)
	if err != nil {
		t.Fatal(err)
	}
	return formio.NewDecoder(values)
}

func TestList(t *testing.T) {
	tests := []struct {
		form, key, member string
		want              []string
	}{
		{"Tags.member.1.Key=a&Tags.member.2.Key=b&Tags.member.4.Key=d", "Tags", "member", []string{"Tags.member.1", "Tags.member.2", "Tags.member.4"}},
		// Elements in index order, however sparse; what is not an index is not an element.
		{"Tags.member.99999999.Key=z&Tags.member.10.Key=b&Tags.member.9.Key=a&Tags.member.01.Key=x&Tags.member.%2B3.Key=y&Tags.member.0.Key=w",
			"Tags", "member", []string{"Tags.member.9", "Tags.member.10", "Tags.member.99999999"}},
		{"Tags.member.2147483648.Key=x", "Tags", "member", []string{}},
		{"Tags=", "Tags", "member", []string{}}, // how SDKs send an empty list
		{"Other=1", "Tags", "member", nil},
		{"VolumeId.1=a&VolumeId.2=b", "VolumeId", "", []string{"VolumeId.1", "VolumeId.2"}},
		{"Filter.1.Value.1=x", "Filter.1.Value", "", []string{"Filter.1.Value.1"}},
		{"Attributes.entry.1.key=k&Attributes.entry.1.value=v", "Attributes", "entry", []string{"Attributes.entry.1"}},
	}
	for _, tt := range tests {
		if got := decoder(t, tt.form).List(tt.key, tt.member); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: List(%q, %q) = %#v, want %#v", tt.form, tt.key, tt.member, got, tt.want)
		}
	}
}

func TestScalarsAndUnread(t *testing.T) {
	d := decoder(t, "Name=ann&Count=7&On=TRUE&Blob=aGk%3D&When=2026-05-18T05:25:07Z&Extra=1&Tags=")
	if *d.String("Name") != "ann" || *d.Int32("Count") != 7 || !*d.Bool("On") || string(d.Blob("Blob")) != "hi" ||
		d.Time("When", wire.DateTime).Year() != 2026 || d.String("Missing") != nil || d.List("Tags", "member") == nil {
		t.Error("scalar reads")
	}
	if got := d.Unread(); !reflect.DeepEqual(got, []string{"Extra"}) {
		t.Errorf("Unread() = %v", got)
	}
	if !d.Has("Name") || d.Has("Nam") || d.Err() != nil {
		t.Error("Has or Err")
	}
}

func TestMalformedValues(t *testing.T) {
	tests := []struct {
		form string
		read func(d *formio.Decoder)
		want string
	}{
		{"Count=seven", func(d *formio.Decoder) { d.Int32("Count") }, "Value (seven) for parameter Count is invalid."},
		{"Count=3000000000", func(d *formio.Decoder) { d.Int32("Count") }, "Value (3000000000) for parameter Count is invalid."},
		{"On=yes", func(d *formio.Decoder) { d.Bool("On") }, "Value (yes) for parameter On is invalid."},
		{"Blob=%21%21", func(d *formio.Decoder) { d.Blob("Blob") }, "Value (!!) for parameter Blob is invalid."},
		{"When=soon", func(d *formio.Decoder) { d.Time("When", wire.DateTime) }, "Value (soon) for parameter When is invalid."},
		{"Ratio=x", func(d *formio.Decoder) { d.Float64("Ratio") }, "Value (x) for parameter Ratio is invalid."},
	}
	for _, tt := range tests {
		d := decoder(t, tt.form)
		tt.read(d)
		if err := d.Err(); err == nil || err.Code != "InvalidParameterValue" || err.Status != 400 || err.Message != tt.want {
			t.Errorf("%s: got %v", tt.form, err)
		}
	}
}

// TestNameBounds: a parameter name beyond MaxNameBytes or MaxNameSegments
// fails the whole decoding, before any read; names at the bounds decode.
func TestNameBounds(t *testing.T) {
	long := strings.Repeat("a", formio.MaxNameBytes)
	deep := strings.Repeat("a.", formio.MaxNameSegments-1) + "a"
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{long, true},
		{long + "a", false},
		{deep, true},
		{deep + ".a", false},
		{strings.Repeat("a.", 1<<19), false}, // 1 MiB of dots: refused, not hashed prefix by prefix
	} {
		d := formio.NewDecoder(url.Values{tt.name: {"1"}, "UserName": {"ann"}})
		got := d.String("UserName")
		err := d.Err()
		if tt.ok != (err == nil) || tt.ok != (got != nil) {
			t.Errorf("name of %d bytes: read %v, err %v", len(tt.name), got, err)
		}
		if !tt.ok && (err.Code != "InvalidQueryParameter" || err.Status != 400) {
			t.Errorf("name of %d bytes: %v", len(tt.name), err)
		}
	}
}
