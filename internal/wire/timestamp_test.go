package wire_test

import (
	"testing"
	"time"

	"github.com/amityhq/amity/internal/wire"
)

func TestTimestamps(t *testing.T) {
	whole := time.Date(2026, 5, 18, 5, 25, 7, 0, time.UTC)
	milli := whole.Add(359 * time.Millisecond)
	tests := []struct {
		t      time.Time
		format wire.TimeFormat
		text   string
	}{
		{whole, wire.EpochSeconds, "1779081907"},
		{milli, wire.EpochSeconds, "1779081907.359"},
		{whole, wire.DateTime, "2026-05-18T05:25:07Z"},     // IAM's form
		{milli, wire.DateTime, "2026-05-18T05:25:07.359Z"}, // STS's form
		{whole, wire.HTTPDate, "Mon, 18 May 2026 05:25:07 GMT"},
	}
	for _, tt := range tests {
		if got := wire.FormatTime(tt.t.In(time.FixedZone("X", 3600)), tt.format); got != tt.text {
			t.Errorf("FormatTime(%v, %d) = %q, want %q", tt.t, tt.format, got, tt.text)
		}
		back, ok := wire.ParseTime(tt.text, tt.format)
		if !ok || !back.Equal(tt.t) {
			t.Errorf("ParseTime(%q) = %v %v", tt.text, back, ok)
		}
	}
	for _, bad := range []string{"", "yesterday", "1e400", "NaN"} {
		if _, ok := wire.ParseTime(bad, wire.EpochSeconds); ok {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}
