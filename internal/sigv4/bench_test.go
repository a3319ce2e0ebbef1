package sigv4_test

import (
	"net/http"
	"testing"

	"github.com/amityhq/amity/internal/sigv4"
)

// BenchmarkVerify measures what the server runs on every request: Parse and
// Verify of a request as aws-sdk-go-v2 sends it, signing key cached.
func BenchmarkVerify(b *testing.B) {
	cases := []struct {
		name string
		spec spec
	}{
		{"kms json", kmsEncrypt()},
		{"imagebuilder get with query", spec{method: "GET", service: "imagebuilder", region: "us-west-2", creds: temporary,
			url: "/ListImages?owner=Amazon&maxResults=25&nextToken=abc%2Fdef&filters=name%3Damazon"}},
		{"sts query form", spec{method: "POST", url: "/", service: "sts", region: "us-east-1", creds: longTerm,
			header: http.Header{"Content-Type": {formType}}, body: "Action=GetCallerIdentity&Version=2011-06-15"}},
	}
	w := newWire(b)
	for _, c := range cases {
		req := w.request(b, c.spec)
		sign(b, req, c.spec, hashHex(c.spec.body), signingTime)
		d := w.send(b, req)
		v := sigv4.NewVerifier(clockAt(signingTime))
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := verify(v, d, secret); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
