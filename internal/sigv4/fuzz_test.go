package sigv4_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/sigv4"
)

// checkOutcome runs Parse and, when it succeeds, Verify, and requires a
// *Failure or success; a panic or hang fails the fuzzer by itself.
func checkOutcome(t *testing.T, r *http.Request) {
	v := sigv4.NewVerifier(clockAt(signingTime))
	a, err := v.Parse(r)
	if err == nil {
		if !signsHost(a.SignedHeaders()) {
			t.Fatalf("Parse accepted SignedHeaders %q, which lack host", a.SignedHeaders())
		}
		if d := a.Time.Sub(signingTime); d > 15*time.Minute || !a.Presigned && d < -15*time.Minute {
			t.Fatalf("Parse accepted a request dated %v, %v from the clock", a.Time, d)
		}
		err = v.Verify(r, []byte("{}"), &a, secret)
	}
	var f *sigv4.Failure
	if err != nil && !errors.As(err, &f) {
		t.Fatalf("error %v (%T) is not a *sigv4.Failure", err, err)
	}
	if f != nil {
		for _, p := range []sigv4.Protocol{sigv4.JSON, sigv4.Query, sigv4.EC2, sigv4.RestJSON} {
			if e := f.AWSError(p); e.Code == "" || e.Status == 0 {
				t.Fatalf("kind %v renders as %+v", f.Kind, e)
			}
		}
	}
}

func signsHost(names []string) bool {
	for _, n := range names {
		if strings.EqualFold(n, "host") || n == ":authority" {
			return true
		}
	}
	return false
}

func FuzzParseAuthorization(f *testing.F) {
	f.Fuzz(func(t *testing.T, authorization, date string) {
		r := &http.Request{Method: "POST", URL: &url.URL{Path: "/"}, Host: "kms.us-east-1.amazonaws.com",
			Header: http.Header{"Authorization": {authorization}, "X-Amz-Date": {date}}}
		checkOutcome(t, r)
	})
}

func FuzzParsePresigned(f *testing.F) {
	f.Fuzz(func(t *testing.T, requestURI string) {
		u, err := url.ParseRequestURI(requestURI)
		if err != nil {
			return
		}
		r := &http.Request{Method: "GET", URL: u, RequestURI: requestURI, Host: "sts.amazonaws.com", Header: http.Header{}}
		checkOutcome(t, r)
	})
}
