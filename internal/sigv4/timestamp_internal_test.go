package sigv4

import (
	"testing"
	"time"
)

// parseISOBasic must agree with time.Parse(isoBasic, …) on every input of
// the layout's length, and accept nothing else.
func FuzzParseISOBasic(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseISOBasic(s)
		want, err := time.Parse(isoBasic, s)
		if ok && (err != nil || !got.Equal(want)) {
			t.Fatalf("parseISOBasic(%q) = %v, time.Parse: %v, %v", s, got, want, err)
		}
		if !ok && err == nil && len(s) == len(isoBasic) {
			t.Fatalf("parseISOBasic(%q) refused what time.Parse reads as %v", s, want)
		}
	})
}
