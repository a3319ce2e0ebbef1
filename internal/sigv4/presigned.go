package sigv4

import (
	"strconv"
	"strings"
	"time"
)

// parsePresigned reads the X-Amz-* query parameters of a presigned request.
func parsePresigned(rawQuery, algo string, now time.Time) (Auth, *Failure) {
	var missing []string
	required := func(name string) string {
		v, ok := queryParam(rawQuery, name)
		if !ok || v == "" {
			missing = append(missing, "AWS query-string parameters must include '"+name+"'. ")
		}
		return v
	}
	credential := required("X-Amz-Credential")
	signature := required("X-Amz-Signature")
	signedHeaders := required("X-Amz-SignedHeaders")
	date := required("X-Amz-Date")
	if missing != nil {
		// Texts as in dacut/scratchstack-aws-signature, which was written
		// against AWS's answers (UNVERIFIED beyond that).
		return Auth{}, failf(IncompleteSignature, strings.Join(missing, "")+"Re-examine the query-string parameters.")
	}
	t, ok := parseRequestTime(date, false)
	if !ok {
		return Auth{}, invalidDate(date)
	}
	a := Auth{
		Time:          t,
		Presigned:     true,
		algorithm:     algo,
		signedHeaders: signedHeaders,
		signature:     signature,
		timestamp:     date,
	}
	a.SessionToken, _ = queryParam(rawQuery, "X-Amz-Security-Token")
	if f := a.checkExpiry(rawQuery, now); f != nil {
		return Auth{}, f
	}
	if f := a.finish(credential); f != nil {
		return Auth{}, f
	}
	return a, nil
}

// checkExpiry applies X-Amz-Expires, or when it is absent the 15-minute
// rule. (STS is reported to apply 15 minutes whatever X-Amz-Expires says,
// aws/aws-sdk-go#2167; amity honours X-Amz-Expires as S3 does.) A date in the
// future is refused as for header-signed requests.
func (a *Auth) checkExpiry(rawQuery string, now time.Time) *Failure {
	raw, ok := queryParam(rawQuery, "X-Amz-Expires")
	if !ok {
		return checkSkew(a.Time, now)
	}
	// S3's texts (AuthorizationQueryParametersError); UNVERIFIED for other
	// services.
	secs, err := strconv.ParseInt(raw, 10, 64)
	switch {
	case err != nil:
		return failf(IncompleteSignature, "X-Amz-Expires should be a number")
	case secs < 0:
		return failf(IncompleteSignature, "X-Amz-Expires must be non-negative")
	case secs > int64(maxPresignExpiry/time.Second):
		return failf(IncompleteSignature, "X-Amz-Expires must be less than a week (in seconds) that is 604800")
	}
	a.Expires = time.Duration(secs) * time.Second
	if now.After(a.Time.Add(a.Expires)) {
		return Fail(RequestExpired)
	}
	if a.Time.After(now.Add(maxSkew)) {
		return checkSkew(a.Time, now)
	}
	return nil
}

// queryParam returns the decoded value of the first query parameter with
// the given (decoded) name, without building a map of the whole query.
func queryParam(rawQuery, name string) (string, bool) {
	for part := range strings.SplitSeq(rawQuery, "&") {
		k, v, _ := strings.Cut(part, "=")
		if unescape(k) == name {
			return unescape(v), true
		}
	}
	return "", false
}

// unescape decodes a query component as form encoding does ('+' is a
// space); a malformed escape is kept literally, so the signature simply does
// not match.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	return string(appendDecoded(nil, s))
}
