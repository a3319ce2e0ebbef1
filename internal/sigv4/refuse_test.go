package sigv4_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/sigv4"
)

// editAuth rewrites the Authorization header of a signed request.
func editAuth(edit func(string) string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", edit(r.Header.Get("Authorization"))) }
}

// replace returns an edit replacing old with new, which must occur.
func replace(t *testing.T, old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("%q not in %q", old, s)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// editQuery rewrites the query string of a presigned request.
func editQuery(edit func(string) string) func(*http.Request) {
	return func(r *http.Request) { r.URL.RawQuery = edit(r.URL.RawQuery) }
}

func TestVerifyRefusesTamperedRequests(t *testing.T) {
	imageGet := spec{method: "GET", url: "/GetImage?imageBuildVersionArn=x", service: "imagebuilder", region: "us-west-2", creds: longTerm}
	presignedSTS := spec{method: "GET", url: "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60",
		service: "sts", region: "us-east-1", creds: temporary}
	presignedNoExpiry := presignedSTS
	presignedNoExpiry.url = "/?Action=GetCallerIdentity&Version=2011-06-15"
	withContentHash := func(hash string) spec {
		s := kmsEncrypt()
		s.header = s.header.Clone()
		s.header.Set("X-Amz-Content-Sha256", hash)
		return s
	}
	tests := []struct {
		name        string
		spec        spec
		presigned   bool
		payloadHash string // default: SHA-256 of the body
		mutate      func(t *testing.T) func(*http.Request)
		clock       time.Duration // after signing
		secret      string        // default: the signer's
		want        sigv4.Kind
	}{
		{name: "untouched", spec: kmsEncrypt()},
		{name: "clock 14 minutes ahead", spec: kmsEncrypt(), clock: 14 * time.Minute},
		{name: "clock 14 minutes behind", spec: kmsEncrypt(), clock: -14 * time.Minute},
		{name: "body changed", spec: kmsEncrypt(), want: sigv4.SignatureMismatch, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) {
				b := strings.Replace(kmsEncrypt().body, "aGVsbG8=", "aGVsbG9=", 1)
				r.Body = io.NopCloser(strings.NewReader(b))
			}
		}},
		{name: "signed header changed", spec: kmsEncrypt(), want: sigv4.SignatureMismatch, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.Header.Set("X-Amz-Target", "TrentService.Decrypt") }
		}},
		{name: "session token changed", spec: func() spec { s := kmsEncrypt(); s.creds = temporary; return s }(), want: sigv4.SignatureMismatch,
			mutate: func(*testing.T) func(*http.Request) {
				return func(r *http.Request) { r.Header.Set("X-Amz-Security-Token", "other") }
			}},
		{name: "query changed", spec: imageGet, want: sigv4.SignatureMismatch, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.URL.RawQuery = "imageBuildVersionArn=y" }
		}},
		{name: "path changed", spec: imageGet, want: sigv4.SignatureMismatch, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.URL.Path = "/GetImagePolicy" }
		}},
		{name: "method changed", spec: imageGet, want: sigv4.SignatureMismatch, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.Method = "DELETE" }
		}},
		{name: "date changed by a second", spec: kmsEncrypt(), want: sigv4.SignatureMismatch, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261124T100001Z") }
		}},
		{name: "wrong secret", spec: kmsEncrypt(), secret: "wrong", want: sigv4.SignatureMismatch},
		{name: "scope region changed", spec: kmsEncrypt(), want: sigv4.SignatureMismatch, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, "/us-east-1/", "/us-east-2/"))
		}},
		{name: "scope service changed", spec: kmsEncrypt(), want: sigv4.SignatureMismatch, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, "/kms/", "/sts/"))
		}},
		{name: "unsigned payload outside a presigned request", spec: withContentHash("UNSIGNED-PAYLOAD"), payloadHash: "UNSIGNED-PAYLOAD", want: sigv4.SignatureMismatch},
		{name: "content hash header of another body", spec: withContentHash(hashHex("other")), payloadHash: hashHex("other"), want: sigv4.SignatureMismatch},
		{name: "host not signed", spec: kmsEncrypt(), want: sigv4.HeaderNotSigned, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, ";host;", ";"))
		}},
		{name: "target not signed", spec: kmsEncrypt(), want: sigv4.HeaderNotSigned, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, ";x-amz-target", ""))
		}},
		{name: "no authorization", spec: kmsEncrypt(), want: sigv4.MissingAuthentication, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.Header.Del("Authorization") }
		}},
		{name: "signature version 2 header", spec: kmsEncrypt(), want: sigv4.MissingAuthentication, mutate: func(*testing.T) func(*http.Request) {
			return editAuth(func(string) string { return "AWS AKIDEXAMPLE:c2lnbmF0dXJl" })
		}},
		{name: "other algorithm", spec: kmsEncrypt(), want: sigv4.UnsupportedAlgorithm, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"))
		}},
		{name: "credential of four elements", spec: kmsEncrypt(), want: sigv4.IncompleteSignature, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, "/aws4_request", ""))
		}},
		{name: "no signature parameter", spec: kmsEncrypt(), want: sigv4.IncompleteSignature, mutate: func(*testing.T) func(*http.Request) {
			return editAuth(func(s string) string { return s[:strings.Index(s, ", Signature=")] })
		}},
		{name: "parameter without equal sign", spec: kmsEncrypt(), want: sigv4.IncompleteSignature, mutate: func(*testing.T) func(*http.Request) {
			return editAuth(func(s string) string { return s + ", Extra" })
		}},
		{name: "no date", spec: kmsEncrypt(), want: sigv4.IncompleteSignature, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.Header.Del("X-Amz-Date") }
		}},
		{name: "date not ISO 8601 basic", spec: kmsEncrypt(), want: sigv4.InvalidDate, mutate: func(*testing.T) func(*http.Request) {
			return func(r *http.Request) { r.Header.Set("X-Amz-Date", "2026-11-24T10:00:00Z") }
		}},
		{name: "scope terminator", spec: kmsEncrypt(), want: sigv4.ScopeMismatch, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, "aws4_request", "aws5_request"))
		}},
		{name: "scope date another day", spec: kmsEncrypt(), want: sigv4.ScopeMismatch, mutate: func(t *testing.T) func(*http.Request) {
			return editAuth(replace(t, "/20261124/", "/20261123/"))
		}},
		{name: "clock 16 minutes ahead", spec: kmsEncrypt(), clock: 16 * time.Minute, want: sigv4.SignatureExpired},
		{name: "clock 16 minutes behind", spec: kmsEncrypt(), clock: -16 * time.Minute, want: sigv4.SignatureExpired},

		{name: "presigned, untouched", spec: presignedSTS, presigned: true, clock: 60 * time.Second},
		{name: "presigned, past X-Amz-Expires", spec: presignedSTS, presigned: true, clock: 61 * time.Second, want: sigv4.RequestExpired},
		{name: "presigned without X-Amz-Expires, 16 minutes on", spec: presignedNoExpiry, presigned: true, clock: 16 * time.Minute, want: sigv4.SignatureExpired},
		{name: "presigned, dated 16 minutes ahead", spec: presignedSTS, presigned: true, clock: -16 * time.Minute, want: sigv4.SignatureExpired},
		{name: "presigned, X-Amz-Expires over a week", spec: presignedSTS, presigned: true, want: sigv4.IncompleteSignature,
			mutate: func(t *testing.T) func(*http.Request) {
				return editQuery(replace(t, "X-Amz-Expires=60", "X-Amz-Expires=604801"))
			}},
		{name: "presigned, X-Amz-Expires not a number", spec: presignedSTS, presigned: true, want: sigv4.IncompleteSignature,
			mutate: func(t *testing.T) func(*http.Request) {
				return editQuery(replace(t, "X-Amz-Expires=60", "X-Amz-Expires=1m"))
			}},
		{name: "presigned, no signature", spec: presignedSTS, presigned: true, want: sigv4.IncompleteSignature,
			mutate: func(*testing.T) func(*http.Request) {
				return editQuery(func(q string) string { return q[:strings.Index(q, "&X-Amz-Signature=")] })
			}},
		{name: "presigned, signature altered", spec: presignedSTS, presigned: true, want: sigv4.SignatureMismatch,
			mutate: func(t *testing.T) func(*http.Request) {
				return editQuery(replace(t, "X-Amz-Signature=", "X-Amz-Signature=0"))
			}},
		{name: "presigned, other algorithm", spec: presignedSTS, presigned: true, want: sigv4.UnsupportedAlgorithm,
			mutate: func(t *testing.T) func(*http.Request) {
				return editQuery(replace(t, "X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1"))
			}},
		{name: "presigned, parameter added", spec: presignedSTS, presigned: true, want: sigv4.SignatureMismatch,
			mutate: func(*testing.T) func(*http.Request) {
				return editQuery(func(q string) string { return q + "&Extra=1" })
			}},
	}
	w := newWire(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hash := tt.payloadHash
			if hash == "" {
				hash = hashHex(tt.spec.body)
			}
			var req *http.Request
			if tt.presigned {
				req, _ = presign(t, w, tt.spec, hash, signingTime)
			} else {
				req = w.request(t, tt.spec)
				sign(t, req, tt.spec, hash, signingTime)
			}
			if tt.mutate != nil {
				tt.mutate(t)(req)
			}
			secret := tt.secret
			if secret == "" {
				secret = tt.spec.creds.SecretAccessKey
			}
			v := sigv4.NewVerifier(clockAt(signingTime.Add(tt.clock)))
			err := verify(v, w.send(t, req), secret)
			if got := kindOf(t, err); got != tt.want {
				t.Errorf("got %v (%v), want %v", got, err, tt.want)
			}
		})
	}
}

func TestCheckScope(t *testing.T) {
	iamFromOhio := spec{method: "POST", url: "/", service: "iam", region: "us-east-2", creds: longTerm,
		header: http.Header{"Content-Type": {formType}}, body: "Action=ListUsers&Version=2010-05-08"}
	tests := []struct {
		name            string
		region, service string // the endpoint's
		want            string // "" when the scope fits
	}{
		{"fits", "us-east-2", "iam", ""},
		{"global service signed for another region", "us-east-1", "iam",
			"Credential should be scoped to a valid region, not 'us-east-2'. "},
		{"another service", "us-east-2", "sts", "Credential should be scoped to correct service: 'sts'. "},
		{"both", "us-east-1", "sts",
			"Credential should be scoped to a valid region, not 'us-east-2'. Credential should be scoped to correct service: 'sts'. "},
	}
	w := newWire(t)
	req := w.request(t, iamFromOhio)
	sign(t, req, iamFromOhio, hashHex(iamFromOhio.body), signingTime)
	v := sigv4.NewVerifier(clockAt(signingTime))
	a, err := v.Parse(w.send(t, req).r)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := a.CheckScope(tt.region, tt.service)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("CheckScope: %v", err)
				}
				return
			}
			if kindOf(t, err) != sigv4.ScopeMismatch {
				t.Fatalf("CheckScope: %v, want ScopeMismatch", err)
			}
			if got := err.(*sigv4.Failure).AWSError(sigv4.Query); got.Message != tt.want || got.Code != "SignatureDoesNotMatch" {
				t.Errorf("AWSError = %q %q, want SignatureDoesNotMatch %q", got.Code, got.Message, tt.want)
			}
		})
	}
}
