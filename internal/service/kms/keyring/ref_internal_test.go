package keyring

import (
	"regexp"
	"strings"
	"testing"
)

// keyIDForm is the grammar scanKeyID reads, for comparison.
var keyIDForm = regexp.MustCompile(`^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?i:mrk)-[0-9a-fA-F]{32})$`)

func FuzzScanKeyID(f *testing.F) {
	for _, s := range []string{"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab",
		"MRK-1234ABCD12AB34CD56EF1234567890AB", "1234abcd-12ab-34cd-56ef-1234567890-b", "mrk-1234abcd12ab34cd56ef1234567890-b",
		"1234abcd-12ab-34cd-56ef-1234567890aG", "00000000-0000-0000-0000-00-000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		multiRegion, upper, ok := scanKeyID(s)
		if want := keyIDForm.MatchString(s); ok != want {
			t.Fatalf("scanKeyID(%q) ok = %v", s, ok)
		}
		if ok && (multiRegion != IsMultiRegion(s) || upper != (strings.ToLower(s) != s)) {
			t.Fatalf("scanKeyID(%q) = %v, %v", s, multiRegion, upper)
		}
	})
}
