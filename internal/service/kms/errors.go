package kms

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/wire"
)

// AWS's texts for KMS errors. Sources: AWS_TEXTS.md §3 (LocalStack's
// snapshot recorded on AWS, Jsign's and terraform's captures) unless a
// comment says otherwise.

// keyNotFound: an unknown (or deleted) key id or key ARN. The full ARN even
// when only the id was given, and no period.
func keyNotFound(arn string) error {
	return kmsapi.NotFoundException("Key '" + arn + "' does not exist")
}

// invalidKeyID: a key id that is not a UUID.
func invalidKeyID(id string) error {
	return kmsapi.NotFoundException("Invalid keyId '" + id + "'")
}

// invalidARNRegion: a key ARN naming another Region than the request's.
func invalidARNRegion(region string) error {
	return kmsapi.NotFoundException("Invalid arn " + region)
}

// aliasNotFound names the alias by its ARN, with a period.
func aliasNotFound(aliasARN string) error {
	return kmsapi.NotFoundException("Alias " + aliasARN + " is not found.")
}

// aliasExists [LocalStack's provider, which quotes AWS: "AWS itself uses
// AliasArn instead of AliasName in this exception"; moto the same].
func aliasExists(aliasARN string) error {
	return kmsapi.AlreadyExistsException("An alias with the name " + aliasARN + " already exists")
}

// aliasPrefix: an alias name without "alias/".
func aliasPrefix() error {
	return validation(`Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`)
}

// reservedAlias refuses a customer's alias under alias/aws/. UNVERIFIED:
// moto and local-kms answer NotAuthorizedException without a message (the
// code comes from kmsapi's overrides: the model lacks it); no capture of
// AWS was found. The log says why.
func reservedAlias(name string) error {
	return kmsapi.NotAuthorizedException("").WithDetail("alias " + name + ": names under alias/aws/ are reserved for AWS managed keys")
}

func disabled(arn string) error { return kmsapi.DisabledException(arn + " is disabled.") }

func pendingDeletion(arn string) error {
	return kmsapi.KMSInvalidStateException(arn + " is pending deletion.")
}

// keyNotPendingDeletion: CancelKeyDeletion of a key that is not pending
// deletion. UNVERIFIED: follows the "… is pending deletion." pattern.
func keyNotPendingDeletion(arn string) error {
	return kmsapi.KMSInvalidStateException(arn + " is not pending deletion.")
}

// invalidCiphertext has no message: KMS says nothing about why. The log
// line does (why).
func invalidCiphertext(why string) error {
	return kmsapi.InvalidCiphertextException("").WithDetail(why)
}

// unopened says why a blob of key did not open under the encryption
// context ec (ring.Decrypt's err).
func unopened(err error, keyARN string, ec map[string]string) error {
	if errors.Is(err, keyring.ErrMalformed) {
		return invalidCiphertext("the ciphertext blob is malformed")
	}
	context := "no encryption context"
	if len(ec) > 0 {
		raw, _ := json.Marshal(ec) // a map of strings always marshals
		context = "the encryption context " + string(raw)
	}
	return invalidCiphertext("the blob does not open under " + keyARN + " with " + context +
		": it was encrypted with another context, or its bytes were altered")
}

func incorrectKey() error {
	return kmsapi.IncorrectKeyException("The key ID in the request does not identify a CMK that can perform this operation.")
}

// validation is KMS's validation error (the code the wire layer gives a
// failed model constraint) with a text of KMS's own.
func validation(msg string) error {
	return kmsapi.Validation(msg)
}

// dataKeyLength: GenerateDataKey with both or neither of KeySpec and
// NumberOfBytes [moto and local-kms, written against AWS; floci's tests].
func dataKeyLength() error {
	return validation("Please specify either number of bytes or key spec.")
}

// pendingWindow: a PendingWindowInDays outside 7..30 (the model allows
// 1..365) [LocalStack's provider].
func pendingWindow(days int32) error {
	return validation("PendingWindowInDays should be between 7 and 30, but it is " + strconv.Itoa(int(days)))
}

// limitTooLarge is the Coral message for a Limit above an operation's own
// maximum (the model allows up to 1000 everywhere).
func limitTooLarge(limit int32, max int) error {
	return validation("1 validation error detected: Value '" + strconv.Itoa(int(limit)) +
		"' at 'limit' failed to satisfy constraint: Member must have value less than or equal to " + strconv.Itoa(max))
}

// invalidMarker: a Marker this service did not issue. UNVERIFIED text.
func invalidMarker() error { return kmsapi.InvalidMarkerException("") }

// invalidGrantID: ListGrants with a GrantId the key has no grant of.
// UNVERIFIED: the code is among the model's ListGrants errors; neither
// AWS's text nor whether AWS answers an empty list instead was found.
func invalidGrantID() error { return kmsapi.InvalidGrantIdException("") }

// invalidGrantToken: a grant token this service did not issue.
// UNVERIFIED: no capture of AWS's text was found; it is left empty.
func invalidGrantToken() error { return kmsapi.InvalidGrantTokenException("") }

// grantNotFound: RevokeGrant or RetireGrant of an unknown grant id. The
// code is AWS's (moto#5411, run against AWS); the text is UNVERIFIED.
func grantNotFound(grantID string) error {
	return kmsapi.NotFoundException("Grant ID " + grantID + " not found")
}

// policyNotFound: a PolicyName other than "default" [LocalStack's
// provider].
func policyNotFound() error { return kmsapi.NotFoundException("No such policy exists") }

// malformedPolicy: a key policy KMS cannot parse. KMS gives no detail for
// syntax errors [aws-sdk-ruby#1784: the message is empty]; the log gives
// IAM's text for the mistake (iamText).
func malformedPolicy(iamText string) error {
	return kmsapi.MalformedPolicyDocumentException("").WithDetail("the key policy is malformed; IAM would say: " + iamText)
}

func invalidPrincipals() error {
	return kmsapi.MalformedPolicyDocumentException("Policy contains a statement with one or more invalid principals.")
}

func lockout() error {
	return kmsapi.MalformedPolicyDocumentException("The new key policy will not allow you to update the key policy in the future.")
}

// policyTooLarge: a key policy over KMS's 32 KB quota. UNVERIFIED text;
// LimitExceededException is what the model gives PutKeyPolicy for quotas.
func policyTooLarge() error {
	return kmsapi.LimitExceededException("The key policy exceeds the maximum size of 32768 bytes.")
}

// reservedTag: a tag key beginning with aws: [LocalStack].
func reservedTag() error { return kmsapi.TagException("Tags beginning with aws: are reserved") }

// notImplemented is amity's answer to a kind of key it does not emulate,
// with the code of the wire layer's answer to an operation it does not.
func notImplemented(what string) error {
	return wire.Unsupported(what)
}

// notRotatable: rotation of a key other than a symmetric encryption key.
// UNVERIFIED text; the code is the model's.
func notRotatable(arn, spec, operation string) error {
	return kmsapi.UnsupportedOperationException(arn + " key spec is " + spec + " which is not valid for " + operation + ".")
}

// awsManagedNotRotatable: RotateKeyOnDemand of an AWS managed key, which
// AWS rotates every year. UNVERIFIED text.
func awsManagedNotRotatable(arn string) error {
	return kmsapi.UnsupportedOperationException(arn + " is an AWS managed key, which cannot be rotated on demand.")
}

// onDemandLimit: an on-demand rotation past KMS's quota. UNVERIFIED text;
// the code is the model's.
func onDemandLimit(arn string) error {
	return kmsapi.LimitExceededException("The on-demand rotation limit has been reached for " + arn + ".")
}

// duplicateTagKeys: one request setting a tag key twice. UNVERIFIED text.
func duplicateTagKeys() error { return kmsapi.TagException("Duplicate tag keys") }

// tooManyTags: a key with more than 50 tags. UNVERIFIED text.
func tooManyTags() error {
	return kmsapi.TagException("Tag limit exceeded: a KMS key can have at most 50 tags.")
}

// invalidPrincipal: CreateGrant with a grantee or retiring principal that
// is not an AWS principal KMS accepts (the code AWS answers a principal
// that is no ARN [terraform-provider-aws#3038]; UNVERIFIED text).
func invalidPrincipal(p string) error {
	return kmsapi.InvalidArnException("ARN does not refer to a valid principal: " + p)
}

// createGrantOnly: a grant of CreateGrant alone [boto3 against AWS,
// ansible#31960].
func createGrantOnly() error {
	return validation("Grants must not contain only the CreateGrant operation.")
}
