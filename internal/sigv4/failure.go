package sigv4

import (
	"strconv"
	"strings"
)

// Kind says why a request's authentication was refused.
type Kind uint8

const (
	// MissingAuthentication: no Authorization header and no X-Amz-Algorithm
	// query parameter, or an Authorization header that is not SigV4.
	MissingAuthentication Kind = iota + 1
	// IncompleteSignature: a required signing parameter is missing or
	// malformed (Credential, SignedHeaders, Signature, date, X-Amz-Expires).
	IncompleteSignature
	// InvalidDate: the request date is not ISO 8601 basic format.
	InvalidDate
	// UnsupportedAlgorithm: a SigV4-like algorithm other than AWS4-HMAC-SHA256.
	UnsupportedAlgorithm
	// HeaderNotSigned: SignedHeaders lacks host, or X-Amz-Target when the
	// request has one.
	HeaderNotSigned
	// ScopeMismatch: the credential scope names another region, service,
	// terminator or date than the request's.
	ScopeMismatch
	// SignatureExpired: the request date is more than 15 minutes before or
	// after the server's clock.
	SignatureExpired
	// RequestExpired: a presigned request used after X-Amz-Date + X-Amz-Expires.
	RequestExpired
	// UnknownAccessKey: the access key id is not known (decided by the caller).
	UnknownAccessKey
	// InvalidSessionToken: the session token does not belong to the access key
	// (decided by the caller).
	InvalidSessionToken
	// ExpiredToken: the session token has expired (decided by the caller).
	ExpiredToken
	// SignatureMismatch: the signature is not the one the secret gives.
	SignatureMismatch
)

var kindNames = [...]string{
	MissingAuthentication: "MissingAuthentication",
	IncompleteSignature:   "IncompleteSignature",
	InvalidDate:           "InvalidDate",
	UnsupportedAlgorithm:  "UnsupportedAlgorithm",
	HeaderNotSigned:       "HeaderNotSigned",
	ScopeMismatch:         "ScopeMismatch",
	SignatureExpired:      "SignatureExpired",
	RequestExpired:        "RequestExpired",
	UnknownAccessKey:      "UnknownAccessKey",
	InvalidSessionToken:   "InvalidSessionToken",
	ExpiredToken:          "ExpiredToken",
	SignatureMismatch:     "SignatureMismatch",
}

// String returns the kind's name, e.g. "SignatureMismatch".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Failure is a refused authentication. It is an error; AWSError renders it
// for a protocol family.
type Failure struct {
	Kind Kind
	// detail is the request-specific text AWS gives for some kinds (which
	// parameter is missing, the clock-skew window, the scope that is wrong).
	// Empty when the kind's text is fixed.
	detail string
	// canonicalRequest and stringToSign are what the server computed, for
	// SignatureMismatch: some protocols quote them back.
	canonicalRequest, stringToSign string
}

// Fail returns a Failure of a kind whose text does not depend on the
// request; the caller uses it for the kinds it decides (UnknownAccessKey,
// InvalidSessionToken, ExpiredToken).
func Fail(k Kind) *Failure { return &Failure{Kind: k} }

func failf(k Kind, parts ...string) *Failure {
	return &Failure{Kind: k, detail: strings.Join(parts, "")}
}

// Error returns the kind, and the request-specific detail when there is one.
func (f *Failure) Error() string {
	if f.detail == "" {
		return "sigv4: " + f.Kind.String()
	}
	return "sigv4: " + f.Kind.String() + ": " + f.detail
}

// CanonicalRequest returns the canonical request the server computed, for a
// SignatureMismatch (empty otherwise): for logs and debugging clients.
func (f *Failure) CanonicalRequest() string { return f.canonicalRequest }

// StringToSign returns the string to sign the server computed, for a
// SignatureMismatch (empty otherwise).
func (f *Failure) StringToSign() string { return f.stringToSign }
