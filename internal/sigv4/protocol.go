package sigv4

import (
	"net/http"

	"github.com/amityhq/amity/internal/awserr"
)

// Protocol is a family of AWS wire protocols that word authentication
// errors alike.
type Protocol uint8

const (
	// JSON is awsJson1.0/1.1 (KMS, CloudTrail).
	JSON Protocol = iota + 1
	// Query is awsQuery (IAM, STS).
	Query
	// EC2 is ec2Query.
	EC2
	// RestJSON is restJson1 (Image Builder, Account).
	RestJSON
)

// The texts below were taken from answers AWS gave, as quoted in public
// sources; where sources disagree the newer recorded answer wins.
//
// Shared texts:
//   - "The security token included in the request is invalid." (with period)
//     for an unknown access key, and without the period for a bad session
//     token: both recorded from DynamoDB in mhart/dynalite index.js (2013);
//     the with-period form from STS/Route 53 (barnybug/cli53#278, 2019), KMS
//     and many JSON services (Go SDK logs, 2018-2025); the without-period form
//     from STS with a session token (segmentio/aws-okta#225) and KMS
//     (BerriAI/litellm#6637, 2024).
//   - "The request signature we calculated does not match ... for details."
//     from IAM GetUser and STS GetCallerIdentity (AWS CLI output quoted in
//     several repositories, 2020-2026), ECS and Secrets Manager (2020s), EC2
//     (aws/aws-cli#134). restJson1 services append the canonical request and
//     string to sign (Lambda aws/aws-sdk-js#168, Cognito Sync
//     aws/aws-sdk-cpp#17, Bedrock and API Gateway captures 2018-2026);
//     the Query and JSON captures of this decade do not.
//   - Clock skew: "Signature expired: 20200706T195306Z is now earlier than
//     20200707T071347Z (20200707T072847Z - 15 min.)" (STS via Terraform,
//     2020; ECR and DynamoDB with InvalidSignatureException) and "Signature
//     not yet current: 20201226T000000Z is still later than 20201122T215827Z
//     (20201122T214327Z + 15 min.)" (DynamoDB, 2020).
const (
	msgInvalidToken      = "The security token included in the request is invalid."
	msgInvalidSession    = "The security token included in the request is invalid"
	msgExpiredToken      = "The security token included in the request is expired"
	msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	// EC2 answers an expired request, an expired session token and clock
	// skew alike (packer and docker-machine logs; AWS EC2 common errors).
	// For presigned requests to other services the same documented code is
	// used: no capture of a non-S3 presigned expiry was found (UNVERIFIED).
	msgRequestExpired = "Request has expired."
	// EC2 AuthFailure, HTTP 401 (fog/fog-aws#585; see AWS_TEXTS.md).
	msgAuthFailure = "AWS was not able to validate the provided access credentials"
)

// rendering is how one protocol family answers one kind: the AWS error code,
// the HTTP status, and the fixed message (empty when the Failure carries it).
type rendering struct {
	code    string
	status  int
	message string
}

// renderings[protocol][kind]. Statuses: JSON services (Coral) answer every
// authentication error with 400 (KMS ListKeys, ECS, Cognito, Secrets
// Manager, CloudWatch Events captures); restJson1 services with 403 (Lambda,
// EKS, Bedrock captures); Query with 403 except IncompleteSignature 400
// (IAM common errors); EC2 as noted per entry.
var renderings = [...][SignatureMismatch + 1]rendering{
	JSON: {
		// "Missing Authentication Token", 400: CloudWatch Events via the Go
		// SDK (2022).
		MissingAuthentication: {"MissingAuthenticationTokenException", http.StatusBadRequest, "Missing Authentication Token"},
		IncompleteSignature:   {"IncompleteSignatureException", http.StatusBadRequest, ""},
		InvalidDate:           {"IncompleteSignatureException", http.StatusBadRequest, ""},
		UnsupportedAlgorithm:  {"IncompleteSignatureException", http.StatusBadRequest, ""},
		HeaderNotSigned:       {"InvalidSignatureException", http.StatusBadRequest, ""},
		ScopeMismatch:         {"InvalidSignatureException", http.StatusBadRequest, ""},
		SignatureExpired:      {"InvalidSignatureException", http.StatusBadRequest, ""},
		RequestExpired:        {"RequestExpired", http.StatusBadRequest, msgRequestExpired},
		UnknownAccessKey:      {"UnrecognizedClientException", http.StatusBadRequest, msgInvalidToken},
		InvalidSessionToken:   {"UnrecognizedClientException", http.StatusBadRequest, msgInvalidSession},
		ExpiredToken:          {"ExpiredTokenException", http.StatusBadRequest, msgExpiredToken},
		SignatureMismatch:     {"InvalidSignatureException", http.StatusBadRequest, msgSignatureMismatch},
	},
	Query: {
		// "Request is missing Authentication Token", 403: STS answers
		// quoted in test fixtures with AWS request ids.
		MissingAuthentication: {"MissingAuthenticationToken", http.StatusForbidden, "Request is missing Authentication Token"},
		IncompleteSignature:   {"IncompleteSignature", http.StatusBadRequest, ""},
		InvalidDate:           {"IncompleteSignature", http.StatusBadRequest, ""},
		UnsupportedAlgorithm:  {"IncompleteSignature", http.StatusBadRequest, ""},
		HeaderNotSigned:       {"SignatureDoesNotMatch", http.StatusForbidden, ""},
		// IAM signed for us-east-2: "SignatureDoesNotMatch -- Credential
		// should be scoped to a valid region, not 'us-east-2'."
		// (JuliaCloud/AWS.jl#565, 2022).
		ScopeMismatch:       {"SignatureDoesNotMatch", http.StatusForbidden, ""},
		SignatureExpired:    {"SignatureDoesNotMatch", http.StatusForbidden, ""},
		RequestExpired:      {"RequestExpired", http.StatusBadRequest, msgRequestExpired},
		UnknownAccessKey:    {"InvalidClientTokenId", http.StatusForbidden, msgInvalidToken},
		InvalidSessionToken: {"InvalidClientTokenId", http.StatusForbidden, msgInvalidSession},
		ExpiredToken:        {"ExpiredToken", http.StatusForbidden, msgExpiredToken},
		SignatureMismatch:   {"SignatureDoesNotMatch", http.StatusForbidden, msgSignatureMismatch},
	},
	EC2: {
		// An unsigned EC2 request: MissingParameter, 400 (live capture of
		// DescribeInstances, 2026-08-27, quoted in a public design report;
		// also ServiceNow KB0829920).
		MissingAuthentication: {"MissingParameter", http.StatusBadRequest, "The request must contain the parameter AWSAccessKeyId"},
		IncompleteSignature:   {"IncompleteSignature", http.StatusBadRequest, ""},
		InvalidDate:           {"IncompleteSignature", http.StatusBadRequest, ""},
		UnsupportedAlgorithm:  {"IncompleteSignature", http.StatusBadRequest, ""},
		// UNVERIFIED for EC2: the Query family's code is assumed.
		HeaderNotSigned:     {"SignatureDoesNotMatch", http.StatusForbidden, ""},
		ScopeMismatch:       {"SignatureDoesNotMatch", http.StatusForbidden, ""},
		SignatureExpired:    {"RequestExpired", http.StatusBadRequest, msgRequestExpired},
		RequestExpired:      {"RequestExpired", http.StatusBadRequest, msgRequestExpired},
		UnknownAccessKey:    {"AuthFailure", http.StatusUnauthorized, msgAuthFailure},
		InvalidSessionToken: {"AuthFailure", http.StatusUnauthorized, msgAuthFailure},
		ExpiredToken:        {"RequestExpired", http.StatusBadRequest, msgRequestExpired},
		SignatureMismatch:   {"SignatureDoesNotMatch", http.StatusForbidden, msgSignatureMismatch},
	},
	RestJSON: {
		// EKS, unsigned GET, 2026: 403 {"message":"Missing Authentication Token"}.
		MissingAuthentication: {"MissingAuthenticationTokenException", http.StatusForbidden, "Missing Authentication Token"},
		IncompleteSignature:   {"IncompleteSignatureException", http.StatusForbidden, ""},
		InvalidDate:           {"IncompleteSignatureException", http.StatusForbidden, ""},
		UnsupportedAlgorithm:  {"IncompleteSignatureException", http.StatusForbidden, ""},
		HeaderNotSigned:       {"InvalidSignatureException", http.StatusForbidden, ""},
		ScopeMismatch:         {"InvalidSignatureException", http.StatusForbidden, ""},
		SignatureExpired:      {"InvalidSignatureException", http.StatusForbidden, ""},
		RequestExpired:        {"RequestExpired", http.StatusBadRequest, msgRequestExpired},
		UnknownAccessKey:      {"UnrecognizedClientException", http.StatusForbidden, msgInvalidToken},
		InvalidSessionToken:   {"UnrecognizedClientException", http.StatusForbidden, msgInvalidSession},
		ExpiredToken:          {"ExpiredTokenException", http.StatusForbidden, msgExpiredToken},
		SignatureMismatch:     {"InvalidSignatureException", http.StatusForbidden, msgSignatureMismatch},
	},
}

// AWSError renders the failure as the error a client of protocol p gets
// from AWS. An unknown protocol or kind renders as awserr.Internal().
func (f *Failure) AWSError(p Protocol) *awserr.Error {
	if int(p) >= len(renderings) || int(f.Kind) >= len(renderings[p]) {
		return awserr.Internal()
	}
	r := renderings[p][f.Kind]
	if r.code == "" {
		return awserr.Internal()
	}
	msg := r.message
	if msg == "" {
		msg = f.detail
	}
	if f.Kind == SignatureMismatch && p == RestJSON {
		msg += quotedComputation(f.canonicalRequest, f.stringToSign)
	}
	return awserr.New(r.code, r.status, msg)
}

// quotedComputation is the appendix restJson1 services add to a signature
// mismatch; its layout (blank lines, quotes, final newline) is as in
// aws/aws-sdk-cpp#17 and aws/aws-sdk-js#168.
func quotedComputation(canonicalRequest, stringToSign string) string {
	return "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest +
		"'\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n"
}
