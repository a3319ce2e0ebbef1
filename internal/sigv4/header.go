package sigv4

import (
	"net/http"
	"strings"
	"time"
)

// parseHeaderAuth reads an Authorization header of the form
//
//	AWS4-HMAC-SHA256 Credential=AKID/20261124/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=…
//
// AWS separates the parameters by commas, spaces around them optional.
func parseHeaderAuth(r *http.Request, header string, now time.Time) (Auth, *Failure) {
	trimmed := strings.TrimLeft(header, " \t")
	algo, params, _ := strings.Cut(trimmed, " ")
	if !strings.HasPrefix(algo, "AWS4-") {
		// DynamoDB answers any other scheme as unauthenticated (dynalite).
		return Auth{}, Fail(MissingAuthentication)
	}
	var credential, signedHeaders, signature string
	var haveCredential, haveSignedHeaders, haveSignature bool
	for param := range strings.SplitSeq(params, ",") {
		param = strings.Trim(param, " \t")
		if param == "" {
			continue
		}
		key, value, ok := strings.Cut(param, "=")
		if !ok {
			// Recorded from DynamoDB in dynalite's comments.
			return Auth{}, failf(IncompleteSignature, "'", param,
				"' not a valid key=value pair (missing equal-sign) in Authorization header: '", header, "'.")
		}
		switch key {
		case "Credential":
			credential, haveCredential = value, value != ""
		case "SignedHeaders":
			signedHeaders, haveSignedHeaders = value, value != ""
		case "Signature":
			signature, haveSignature = value, value != ""
		}
	}
	date, fromDate := r.Header.Get("X-Amz-Date"), false
	if date == "" {
		date, fromDate = r.Header.Get("Date"), true
	}
	// All that is missing is reported at once, then the header itself
	// (DynamoDB's answer, recorded in dynalite).
	var missing []string
	for _, p := range [...]struct {
		name    string
		present bool
	}{{"Credential", haveCredential}, {"Signature", haveSignature}, {"SignedHeaders", haveSignedHeaders}} {
		if !p.present {
			missing = append(missing, "Authorization header requires '"+p.name+"' parameter. ")
		}
	}
	if date == "" {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if missing != nil {
		return Auth{}, failf(IncompleteSignature, strings.Join(missing, "")+"Authorization="+header)
	}
	t, ok := parseRequestTime(date, fromDate)
	if !ok {
		return Auth{}, invalidDate(date)
	}
	if f := checkSkew(t, now); f != nil {
		return Auth{}, f
	}
	a := Auth{
		Time:          t,
		SessionToken:  r.Header.Get("X-Amz-Security-Token"),
		algorithm:     algo,
		signedHeaders: signedHeaders,
		signature:     signature,
		timestamp:     date,
	}
	if fromDate {
		a.timestamp = t.Format(isoBasic)
	}
	if f := a.finish(credential); f != nil {
		return Auth{}, f
	}
	return a, nil
}
