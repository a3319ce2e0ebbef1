package sigv4

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

const (
	algorithm  = "AWS4-HMAC-SHA256"
	terminator = "aws4_request"
)

// Auth is what a request says about its own authentication: who signed it,
// when, and for which region and service. Parse fills it in; Verify checks
// the signature it carries.
type Auth struct {
	AccessKeyID string
	// Time is the request date (X-Amz-Date, or Date), UTC.
	Time    time.Time
	Region  string // from the credential scope
	Service string // from the credential scope, e.g. "kms"
	// SessionToken is X-Amz-Security-Token (header or query), or "".
	SessionToken string
	// Presigned is true when the signature is in the query string.
	Presigned bool
	// Expires is a presigned request's X-Amz-Expires, 0 when absent.
	Expires time.Duration

	algorithm     string
	scope         string // the credential after the access key id
	signedHeaders string // as sent, ';'-separated
	signature     string
	timestamp     string // Time as ISO 8601 basic, for the string to sign
}

// SignedHeaders returns the names of the headers the signature covers.
func (a *Auth) SignedHeaders() []string { return strings.Split(a.signedHeaders, ";") }

// scopeDate is the date element of the credential scope.
func (a *Auth) scopeDate() string { return a.scope[:strings.IndexByte(a.scope, '/')] }

// Verifier verifies requests against a clock. It keeps a small cache of
// derived signing keys, since most requests repeat a (secret, date, region,
// service) seen moments ago. Safe for concurrent use.
type Verifier struct {
	now  func() time.Time
	keys *signingKeys
	bufs sync.Pool // of *scratch
}

// NewVerifier returns a Verifier that reads the time from now.
func NewVerifier(now func() time.Time) *Verifier {
	return &Verifier{now: now, keys: newSigningKeys(signingKeyCacheSize)}
}

// Parse reads a request's SigV4 authentication from its Authorization header
// or, when that is absent, from its query string (a presigned request), and
// checks everything that needs no secret: the parameters are present and well
// formed, the date is within 15 minutes of now (or, presigned, not past
// X-Amz-Expires), Host is signed, the algorithm is AWS4-HMAC-SHA256, the
// credential scope is for the request's date and ends in aws4_request, and
// X-Amz-Target, when present, is signed.
//
// The error is a *Failure.
func (v *Verifier) Parse(r *http.Request) (Auth, error) {
	var (
		a   Auth
		err *Failure
	)
	if h := r.Header.Get("Authorization"); h != "" {
		a, err = parseHeaderAuth(r, h, v.now())
	} else if algo, ok := queryParam(r.URL.RawQuery, "X-Amz-Algorithm"); ok {
		a, err = parsePresigned(r.URL.RawQuery, algo, v.now())
	} else {
		err = Fail(MissingAuthentication)
	}
	if err != nil {
		return Auth{}, err
	}
	if r.Header.Get("X-Amz-Target") != "" && !signsHeader(a.signedHeaders, "x-amz-target") {
		// The header names the operation of an awsJson request: unsigned,
		// anyone on the path could turn an Encrypt into a DisableKey. The
		// text follows AWS's for Host, as dacut/scratchstack-aws-signature
		// renders any header a service requires signed (UNVERIFIED).
		return Auth{}, failf(HeaderNotSigned, "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return a, nil
}

// finish runs the checks shared by both forms, in AWS's order, once the
// time is known and checked: Host signed, algorithm, credential shape, scope
// terminator and date.
func (a *Auth) finish(credential string) *Failure {
	if !signsHeader(a.signedHeaders, "host") && !signsHeader(a.signedHeaders, ":authority") {
		// Current wording (Bedrock, X-Ray and others, 2023-2026); DynamoDB
		// said "'Host' must be ..." in 2013.
		return failf(HeaderNotSigned, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	if a.algorithm != algorithm {
		// DynamoDB, recorded in mhart/dynalite.
		return failf(UnsupportedAlgorithm, "Unsupported AWS 'algorithm': '", a.algorithm, "' (only AWS4-HMAC-SHA256 for now). ")
	}
	// Trailing slashes are ignored (dynalite's note on DynamoDB).
	credential = strings.TrimRight(credential, "/")
	parts, ok := splitCredential(credential)
	if !ok {
		return failf(IncompleteSignature, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '", credential, "'")
	}
	a.AccessKeyID, a.Region, a.Service = parts[0], parts[2], parts[3]
	a.scope = credential[len(parts[0])+1:]
	var wrong []string
	if parts[4] != terminator {
		wrong = append(wrong, "Credential should be scoped with a valid terminator: 'aws4_request', not '"+parts[4]+"'. ")
	}
	// timestamp is ISO 8601 basic, so its first 8 bytes are the date.
	if want := a.timestamp[:len(scopeDateLayout)]; parts[1] != want {
		wrong = append(wrong, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+
			parts[1]+"' != '"+want+"', from '"+a.timestamp+"'. ")
	}
	if wrong != nil {
		return failf(ScopeMismatch, wrong...)
	}
	return nil
}

// CheckScope refuses a credential scoped to another region or service than
// the endpoint the request reached: e.g. IAM, whose endpoint is us-east-1,
// signed for us-east-2. Texts as recorded from DynamoDB (dynalite), IAM
// (JuliaCloud/AWS.jl#565) and Elasticsearch (joona/aws-es-curl#15, with the
// trailing space).
func (a *Auth) CheckScope(region, service string) error {
	var wrong []string
	if a.Region != region {
		wrong = append(wrong, "Credential should be scoped to a valid region, not '"+a.Region+"'. ")
	}
	if a.Service != service {
		wrong = append(wrong, "Credential should be scoped to correct service: '"+service+"'. ")
	}
	if wrong != nil {
		return failf(ScopeMismatch, wrong...)
	}
	return nil
}

// splitCredential splits keyid/date/region/service/term.
func splitCredential(credential string) (parts [5]string, ok bool) {
	rest := credential
	for i := range parts {
		var more bool
		parts[i], rest, more = strings.Cut(rest, "/")
		if more != (i < len(parts)-1) {
			return parts, false
		}
	}
	return parts, true
}

// signsHeader reports whether a ';'-separated header list names header
// (lower case), in any case.
func signsHeader(signedHeaders, header string) bool {
	for name := range strings.SplitSeq(signedHeaders, ";") {
		if strings.EqualFold(name, header) {
			return true
		}
	}
	return false
}
