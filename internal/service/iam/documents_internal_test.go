package iam

import (
	"net/url"
	"testing"
)

// FuzzURLEncode checks that every document comes back from IAM's
// encoding as it went in, and that the encoding leaves only the
// characters encodeURIComponent leaves.
func FuzzURLEncode(f *testing.F) {
	f.Add("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}")
	f.Fuzz(func(t *testing.T, doc string) {
		enc := urlEncode(doc)
		if back, err := url.PathUnescape(enc); err != nil || back != doc {
			t.Fatalf("urlEncode(%q) = %q, which decodes to %q (%v)", doc, enc, back, err)
		}
		for i := 0; i < len(enc); i++ {
			if c := enc[i]; c != '%' && !unreservedURIByte(c) {
				t.Fatalf("urlEncode(%q) = %q keeps %q", doc, enc, c)
			}
		}
	})
}

func TestURLEncodeAsAWS(t *testing.T) {
	tests := []struct{ doc, want string }{
		// Recorded AWS answers (AWS CLI and SDK captures in public repositories).
		{`{"Version":"2012-10-17"}`, "%7B%22Version%22%3A%222012-10-17%22%7D"},
		{"{\n  \"Version\": ", "%7B%0A%20%20%22Version%22%3A%20"},
		{`"Resource":"*"`, "%22Resource%22%3A%22*%22"},
		{`"s3:*"`, "%22s3%3A*%22"},
		{"é", "%C3%A9"},
	}
	for _, tc := range tests {
		if got := urlEncode(tc.doc); got != tc.want {
			t.Errorf("urlEncode(%q) = %q, want %q", tc.doc, got, tc.want)
		}
	}
}
