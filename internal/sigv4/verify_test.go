package sigv4_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/amityhq/amity/internal/sigv4"
)

const (
	jsonType  = "application/x-amz-json-1.1"
	formType  = "application/x-www-form-urlencoded; charset=utf-8"
	emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

func kmsEncrypt() spec {
	return spec{
		method: "POST", url: "/", service: "kms", region: "us-east-1", creds: longTerm,
		header: http.Header{"Content-Type": {jsonType}, "X-Amz-Target": {"TrentService.Encrypt"}},
		body:   `{"KeyId":"alias/aws/ebs","Plaintext":"aGVsbG8="}`,
	}
}

// validRequests are requests as SDK clients of amity's services send them.
var validRequests = []struct {
	name string
	spec spec
}{
	{"kms json", kmsEncrypt()},
	{"kms with session token", func() spec {
		s := kmsEncrypt()
		s.creds, s.region = temporary, "eu-west-3"
		return s
	}()},
	{"sts query", spec{method: "POST", url: "/", service: "sts", region: "us-east-1", creds: longTerm,
		header: http.Header{"Content-Type": {formType}}, body: "Action=GetCallerIdentity&Version=2011-06-15"}},
	{"iam query", spec{method: "POST", url: "/", service: "iam", region: "us-east-1", creds: temporary,
		header: http.Header{"Content-Type": {formType}}, body: "Action=ListPolicies&Scope=AWS&Version=2010-05-08"}},
	{"ec2 query", spec{method: "POST", url: "/", service: "ec2", region: "ap-southeast-2", creds: longTerm,
		header: http.Header{"Content-Type": {formType}}, body: "Action=DescribeVolumes&Version=2016-11-15&VolumeId.1=vol-0123"}},
	{"imagebuilder get with arn in query", spec{method: "GET", service: "imagebuilder", region: "us-west-2", creds: longTerm,
		url: "/GetImage?imageBuildVersionArn=arn%3Aaws%3Aimagebuilder%3Aus-west-2%3Aaws%3Aimage%2Famazon-linux-2-x86%2Fx.x.x%2F1"}},
	{"account rest json", spec{method: "POST", url: "/getContactInformation", service: "account", region: "us-east-1", creds: longTerm,
		header: http.Header{"Content-Type": {"application/json"}}, body: "{}"}},
	{"path needing encoding", spec{method: "GET", service: "imagebuilder", region: "af-south-1", creds: longTerm,
		url: "/p/a%20b/c:d/e~f/%E2%9C%93/%2F/*"}},
	{"query sorted after encoding, repeated and empty", spec{method: "GET", service: "imagebuilder", region: "us-east-1", creds: longTerm,
		url: "/ListImages?b=2&a=a%2Fb&a=a-b&empty=&sp=x%20y&plus=1%2B1&uni=%C3%A9&A=upper"}},
	{"headers with spaces and repeated values", spec{method: "POST", url: "/", service: "kms", region: "us-east-1", creds: longTerm,
		header: http.Header{"Content-Type": {jsonType}, "X-Amz-Target": {"TrentService.ListKeys"},
			"X-Amz-Meta-Note": {"  a   b  c "}, "X-Custom": {"one", "two  words"}},
		body: "{}"}},
	{"large body", spec{method: "POST", url: "/", service: "cloudtrail", region: "us-east-1", creds: longTerm,
		header: http.Header{"Content-Type": {jsonType}, "X-Amz-Target": {"CloudTrail_20131101.LookupEvents"}},
		body:   strings.Repeat("x", 1<<20)}},
	{"secret longer than an HMAC block", spec{method: "POST", url: "/", service: "kms", region: "us-east-1",
		creds:  aws.Credentials{AccessKeyID: "AKIDLONG", SecretAccessKey: strings.Repeat("k", 100)},
		header: http.Header{"X-Amz-Target": {"TrentService.ListKeys"}}, body: "{}"}},
}

func TestVerifyAcceptsSDKSignedRequests(t *testing.T) {
	w := newWire(t)
	v := sigv4.NewVerifier(clockAt(signingTime.Add(time.Minute)))
	for _, tt := range validRequests {
		t.Run(tt.name, func(t *testing.T) {
			req := w.request(t, tt.spec)
			sign(t, req, tt.spec, hashHex(tt.spec.body), signingTime)
			d := w.send(t, req)
			a, err := v.Parse(d.r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if err := v.Verify(d.r, d.body, &a, tt.spec.creds.SecretAccessKey); err != nil {
				t.Fatalf("Verify: %v\ncanonical request:\n%s", err, err.(*sigv4.Failure).CanonicalRequest())
			}
			want := sigv4.Auth{AccessKeyID: tt.spec.creds.AccessKeyID, Time: signingTime, Region: tt.spec.region,
				Service: tt.spec.service, SessionToken: tt.spec.creds.SessionToken}
			if a.AccessKeyID != want.AccessKeyID || !a.Time.Equal(want.Time) || a.Region != want.Region ||
				a.Service != want.Service || a.SessionToken != want.SessionToken || a.Presigned {
				t.Errorf("Parse = %+v, want %+v", a, want)
			}
			if h := a.SignedHeaders(); h[0] != "content-length" && h[0] != "content-type" && h[0] != "host" {
				t.Errorf("SignedHeaders = %v", h)
			}
		})
	}
}

// The verifier's canonical request and string to sign are the signer's,
// byte for byte: checked through the mismatch a wrong secret causes.
func TestCanonicalRequestIsTheSigners(t *testing.T) {
	w := newWire(t)
	v := sigv4.NewVerifier(clockAt(signingTime))
	for _, tt := range validRequests {
		t.Run(tt.name, func(t *testing.T) {
			req := w.request(t, tt.spec)
			sdk := sign(t, req, tt.spec, hashHex(tt.spec.body), signingTime)
			err := verify(v, w.send(t, req), "not the secret")
			f, ok := err.(*sigv4.Failure)
			if !ok || f.Kind != sigv4.SignatureMismatch {
				t.Fatalf("err = %v, want SignatureMismatch", err)
			}
			if f.CanonicalRequest() != sdk.canonicalRequest {
				t.Errorf("canonical request:\n%s\nsigner's:\n%s", f.CanonicalRequest(), sdk.canonicalRequest)
			}
			if f.StringToSign() != sdk.stringToSign {
				t.Errorf("string to sign:\n%s\nsigner's:\n%s", f.StringToSign(), sdk.stringToSign)
			}
		})
	}
}

func TestVerifyAcceptsPresignedRequests(t *testing.T) {
	getCallerIdentity := spec{method: "GET", url: "/?Action=GetCallerIdentity&Version=2011-06-15",
		service: "sts", region: "us-east-1", creds: temporary}
	withExpiry := getCallerIdentity
	withExpiry.url += "&X-Amz-Expires=60"
	tests := []struct {
		name        string
		spec        spec
		payloadHash string
		at          time.Duration // after signing
		expires     time.Duration
	}{
		{"no X-Amz-Expires, within 15 minutes", getCallerIdentity, emptyHash, 14 * time.Minute, 0},
		{"X-Amz-Expires=60, at 59s", withExpiry, emptyHash, 59 * time.Second, time.Minute},
		{"unsigned payload", withExpiry, "UNSIGNED-PAYLOAD", 0, time.Minute},
		{"long-term credentials", spec{method: "GET", url: "/GetImage?imageBuildVersionArn=x&X-Amz-Expires=604800",
			service: "imagebuilder", region: "eu-central-1", creds: longTerm}, emptyHash, 6 * 24 * time.Hour, 604800 * time.Second},
	}
	w := newWire(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := presign(t, w, tt.spec, tt.payloadHash, signingTime)
			d := w.send(t, req)
			v := sigv4.NewVerifier(clockAt(signingTime.Add(tt.at)))
			a, err := v.Parse(d.r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if err := v.Verify(d.r, d.body, &a, secret); err != nil {
				t.Fatalf("Verify: %v\n%s", err, err.(*sigv4.Failure).CanonicalRequest())
			}
			if !a.Presigned || a.Expires != tt.expires || a.SessionToken != tt.spec.creds.SessionToken || a.Service != tt.spec.service {
				t.Errorf("Parse = %+v", a)
			}
		})
	}
}
