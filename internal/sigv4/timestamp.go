package sigv4

import (
	"net/http"
	"time"
)

const (
	// isoBasic is ISO 8601 basic format, the form of X-Amz-Date.
	isoBasic = "20060102T150405Z"
	// scopeDateLayout is the date in the credential scope.
	scopeDateLayout = "20060102"
	// maxSkew is how far the request date may be from the server's clock,
	// either way (AWS SigV4 docs; "- 15 min." in recorded answers).
	maxSkew = 15 * time.Minute
	// maxPresignExpiry is the longest X-Amz-Expires, seven days.
	maxPresignExpiry = 604800 * time.Second
)

// parseRequestTime reads X-Amz-Date (ISO 8601 basic only) or, when fromDate,
// an HTTP Date header, which may also be in the HTTP date format.
func parseRequestTime(s string, fromDate bool) (time.Time, bool) {
	if t, ok := parseISOBasic(s); ok {
		return t, true
	}
	if fromDate {
		if t, err := http.ParseTime(s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseISOBasic parses "20060102T150405Z" as time.Parse(isoBasic, s) would,
// in a fraction of the time: it runs on every request.
func parseISOBasic(s string) (time.Time, bool) {
	if len(s) != len(isoBasic) || s[8] != 'T' || s[15] != 'Z' {
		return time.Time{}, false
	}
	var n [6]int // year, month, day, hour, minute, second
	for i, span := range [6][2]int{{0, 4}, {4, 6}, {6, 8}, {9, 11}, {11, 13}, {13, 15}} {
		for _, c := range []byte(s[span[0]:span[1]]) {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
			n[i] = n[i]*10 + int(c-'0')
		}
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.UTC)
	// time.Date normalises out-of-range fields (month 13, 31 June); Parse
	// refuses them.
	if t.Month() != time.Month(n[1]) || t.Day() != n[2] || n[3] > 23 || n[4] > 59 || n[5] > 59 {
		return time.Time{}, false
	}
	return t, true
}

// invalidDate is AWS's refusal of a date it cannot read (DynamoDB answer
// recorded in mhart/dynalite: "Date must be in ISO-8601 'basic format'. Got
// '201'. See http://en.wikipedia.org/wiki/ISO_8601").
func invalidDate(got string) *Failure {
	return failf(InvalidDate, "Date must be in ISO-8601 'basic format'. Got '", got, "'. See http://en.wikipedia.org/wiki/ISO_8601")
}

// checkSkew refuses a request date more than maxSkew from now, in AWS's words
// (see protocol.go for the recorded texts).
func checkSkew(t, now time.Time) *Failure {
	if earliest := now.Add(-maxSkew); t.Before(earliest) {
		return failf(SignatureExpired, "Signature expired: ", t.Format(isoBasic), " is now earlier than ",
			earliest.Format(isoBasic), " (", now.UTC().Format(isoBasic), " - 15 min.)")
	}
	if latest := now.Add(maxSkew); t.After(latest) {
		return failf(SignatureExpired, "Signature not yet current: ", t.Format(isoBasic), " is still later than ",
			latest.Format(isoBasic), " (", now.UTC().Format(isoBasic), " + 15 min.)")
	}
	return nil
}
