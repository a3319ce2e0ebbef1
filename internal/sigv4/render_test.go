package sigv4_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/sigv4"
)

const mismatchText = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

// The caller-decided kinds and the fixed-text refusals, per protocol family.
func TestAWSErrorFixedTexts(t *testing.T) {
	tests := []struct {
		kind     sigv4.Kind
		protocol sigv4.Protocol
		want     awserr.Error
	}{
		{sigv4.UnknownAccessKey, sigv4.JSON, awserr.Error{Code: "UnrecognizedClientException", Status: 400, Message: "The security token included in the request is invalid."}},
		{sigv4.UnknownAccessKey, sigv4.Query, awserr.Error{Code: "InvalidClientTokenId", Status: 403, Message: "The security token included in the request is invalid."}},
		{sigv4.UnknownAccessKey, sigv4.EC2, awserr.Error{Code: "AuthFailure", Status: 401, Message: "AWS was not able to validate the provided access credentials"}},
		{sigv4.UnknownAccessKey, sigv4.RestJSON, awserr.Error{Code: "UnrecognizedClientException", Status: 403, Message: "The security token included in the request is invalid."}},
		{sigv4.InvalidSessionToken, sigv4.JSON, awserr.Error{Code: "UnrecognizedClientException", Status: 400, Message: "The security token included in the request is invalid"}},
		{sigv4.InvalidSessionToken, sigv4.Query, awserr.Error{Code: "InvalidClientTokenId", Status: 403, Message: "The security token included in the request is invalid"}},
		{sigv4.InvalidSessionToken, sigv4.EC2, awserr.Error{Code: "AuthFailure", Status: 401, Message: "AWS was not able to validate the provided access credentials"}},
		{sigv4.ExpiredToken, sigv4.JSON, awserr.Error{Code: "ExpiredTokenException", Status: 400, Message: "The security token included in the request is expired"}},
		{sigv4.ExpiredToken, sigv4.Query, awserr.Error{Code: "ExpiredToken", Status: 403, Message: "The security token included in the request is expired"}},
		{sigv4.ExpiredToken, sigv4.EC2, awserr.Error{Code: "RequestExpired", Status: 400, Message: "Request has expired."}},
		{sigv4.ExpiredToken, sigv4.RestJSON, awserr.Error{Code: "ExpiredTokenException", Status: 403, Message: "The security token included in the request is expired"}},
		{sigv4.MissingAuthentication, sigv4.JSON, awserr.Error{Code: "MissingAuthenticationTokenException", Status: 400, Message: "Missing Authentication Token"}},
		{sigv4.MissingAuthentication, sigv4.Query, awserr.Error{Code: "MissingAuthenticationToken", Status: 403, Message: "Request is missing Authentication Token"}},
		{sigv4.MissingAuthentication, sigv4.EC2, awserr.Error{Code: "MissingParameter", Status: 400, Message: "The request must contain the parameter AWSAccessKeyId"}},
		{sigv4.MissingAuthentication, sigv4.RestJSON, awserr.Error{Code: "MissingAuthenticationTokenException", Status: 403, Message: "Missing Authentication Token"}},
		{sigv4.RequestExpired, sigv4.Query, awserr.Error{Code: "RequestExpired", Status: 400, Message: "Request has expired."}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			if got := sigv4.Fail(tt.kind).AWSError(tt.protocol); *got != tt.want {
				t.Errorf("protocol %d: got %+v, want %+v", tt.protocol, *got, tt.want)
			}
		})
	}
}

func TestAWSErrorUnknownProtocolIsInternal(t *testing.T) {
	if got := sigv4.Fail(sigv4.SignatureMismatch).AWSError(0); got.Code != awserr.InternalFailureCode {
		t.Errorf("got %+v", got)
	}
	if got := sigv4.Fail(sigv4.Kind(200)).AWSError(sigv4.JSON); got.Code != awserr.InternalFailureCode {
		t.Errorf("got %+v", got)
	}
}

// Refusals whose text depends on the request, produced by real requests.
func TestAWSErrorRequestTexts(t *testing.T) {
	header := func(edit func(string) string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", edit(r.Header.Get("Authorization"))) }
	}
	tests := []struct {
		name     string
		mutate   func(*http.Request)
		clock    time.Duration
		protocol sigv4.Protocol
		code     string
		status   int
		message  func(auth string) string // auth: the Authorization header sent
	}{
		{"signature expired", nil, 20 * time.Minute, sigv4.JSON, "InvalidSignatureException", 400, func(string) string {
			return "Signature expired: 20261124T100000Z is now earlier than 20261124T100500Z (20261124T102000Z - 15 min.)"
		}},
		{"signature not yet current", nil, -20 * time.Minute, sigv4.Query, "SignatureDoesNotMatch", 403, func(string) string {
			return "Signature not yet current: 20261124T100000Z is still later than 20261124T095500Z (20261124T094000Z + 15 min.)"
		}},
		{"skew on EC2", nil, 20 * time.Minute, sigv4.EC2, "RequestExpired", 400, func(string) string { return "Request has expired." }},
		{"missing parameters", header(func(s string) string { return s[:strings.Index(s, ", SignedHeaders=")] }), 0, sigv4.Query,
			"IncompleteSignature", 400, func(auth string) string {
				return "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=" + auth
			}},
		{"missing equal sign", header(func(s string) string { return s + ",Extra" }), 0, sigv4.JSON, "IncompleteSignatureException", 400,
			func(auth string) string {
				return "'Extra' not a valid key=value pair (missing equal-sign) in Authorization header: '" + auth + "'."
			}},
		{"bad date", func(r *http.Request) { r.Header.Set("X-Amz-Date", "201") }, 0, sigv4.RestJSON, "IncompleteSignatureException", 403,
			func(string) string {
				return "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601"
			}},
		{"host not signed", header(func(s string) string { return strings.Replace(s, ";host;", ";", 1) }), 0, sigv4.JSON,
			"InvalidSignatureException", 400, func(string) string {
				return "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
			}},
		{"algorithm", header(func(s string) string { return strings.Replace(s, "SHA256", "SHA25", 1) }), 0, sigv4.JSON,
			"IncompleteSignatureException", 400, func(string) string {
				return "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). "
			}},
		{"credential shape", header(func(s string) string { return strings.Replace(s, "/kms/aws4_request", "", 1) }), 0, sigv4.Query,
			"IncompleteSignature", 400, func(string) string {
				return "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20261124/us-east-1'"
			}},
		{"scope terminator and date", header(func(s string) string {
			return strings.Replace(s, "20261124/us-east-1/kms/aws4_request", "20261123/us-east-1/kms/aws4", 1)
		}), 0, sigv4.JSON, "InvalidSignatureException", 400, func(string) string {
			return "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4'. " +
				"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261123' != '20261124', from '20261124T100000Z'. "
		}},
		{"mismatch, JSON", func(r *http.Request) { r.Header.Set("X-Amz-Target", "TrentService.Decrypt") }, 0, sigv4.JSON,
			"InvalidSignatureException", 400, func(string) string { return mismatchText }},
		{"mismatch, Query", func(r *http.Request) { r.Header.Set("X-Amz-Target", "TrentService.Decrypt") }, 0, sigv4.Query,
			"SignatureDoesNotMatch", 403, func(string) string { return mismatchText }},
		{"mismatch, EC2", func(r *http.Request) { r.Header.Set("X-Amz-Target", "TrentService.Decrypt") }, 0, sigv4.EC2,
			"SignatureDoesNotMatch", 403, func(string) string { return mismatchText }},
	}
	w := newWire(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := kmsEncrypt()
			req := w.request(t, s)
			sign(t, req, s, hashHex(s.body), signingTime)
			if tt.mutate != nil {
				tt.mutate(req)
			}
			err := verify(sigv4.NewVerifier(clockAt(signingTime.Add(tt.clock))), w.send(t, req), secret)
			if kindOf(t, err) == 0 {
				t.Fatal("verified")
			}
			got := err.(*sigv4.Failure).AWSError(tt.protocol)
			want := awserr.Error{Code: tt.code, Status: tt.status, Message: tt.message(req.Header.Get("Authorization"))}
			if *got != want {
				t.Errorf("got  %+v\nwant %+v", *got, want)
			}
		})
	}
}

// restJson1 services quote the canonical request and string to sign after
// the mismatch text; the quoted ones are the signer's for the signed request.
func TestAWSErrorRestJSONQuotesComputation(t *testing.T) {
	w := newWire(t)
	s := spec{method: "GET", url: "/GetComponent?componentBuildVersionArn=x", service: "imagebuilder", region: "us-east-1", creds: longTerm}
	req := w.request(t, s)
	sdk := sign(t, req, s, emptyHash, signingTime)
	err := verify(sigv4.NewVerifier(clockAt(signingTime)), w.send(t, req), "wrong secret")
	got := err.(*sigv4.Failure).AWSError(sigv4.RestJSON)
	want := mismatchText + "\n\nThe Canonical String for this request should have been\n'" + sdk.canonicalRequest +
		"'\n\nThe String-to-Sign should have been\n'" + sdk.stringToSign + "'\n"
	if got.Code != "InvalidSignatureException" || got.Status != 403 || got.Message != want {
		t.Errorf("got %s %d\n%s\nwant\n%s", got.Code, got.Status, got.Message, want)
	}
}

// Paths are normalised as AWS documents (and botocore signs) before
// encoding; aws-sdk-go-v2 does not normalise, so its signature over such a
// path is refused, and the quoted canonical request shows the normal form.
func TestCanonicalURINormalisesPaths(t *testing.T) {
	tests := []struct{ wire, canonical string }{
		{"/a//b", "/a/b"},
		{"/./", "/"},
		{"/a/./b/../c/", "/a/c/"},
		{"/a/../..", "/"},
		{"/a%20b//c", "/a%2520b/c"},
		{"/%2E/x", "/%252E/x"},
	}
	w := newWire(t)
	for _, tt := range tests {
		t.Run(tt.wire, func(t *testing.T) {
			s := spec{method: "GET", url: tt.wire, service: "imagebuilder", region: "us-east-1", creds: longTerm}
			req := w.request(t, s)
			sign(t, req, s, emptyHash, signingTime)
			err := verify(sigv4.NewVerifier(clockAt(signingTime)), w.send(t, req), "wrong secret")
			f, ok := err.(*sigv4.Failure)
			if !ok {
				t.Fatalf("err = %v", err)
			}
			if got := strings.Split(f.CanonicalRequest(), "\n")[1]; got != tt.canonical {
				t.Errorf("canonical URI %q, want %q", got, tt.canonical)
			}
		})
	}
}
