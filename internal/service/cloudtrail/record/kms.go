package record

import (
	"strings"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// kms: no plaintext, ciphertext or signature in any record; the
// cryptographic operations are read-only, so their answer is null; the
// key's resources always listed [KMS Developer Guide, CloudTrail examples
// for Encrypt, Decrypt, ReEncrypt, GenerateDataKeyWithoutPlaintext,
// GenerateRandom, ListAliases].
var kms = rules{
	time: javaTime, dropBlobs: true, resources: alwaysResources,
	requestOf: kmsRequest, errorCode: kmsErrorCode,
	response: kmsResponse,
}

// kmsErrorCode: KMS denials are recorded as AccessDenied, not
// AccessDeniedException; other codes as answered [AWS_TEXTS.md §10; the
// KMS guide's failed Decrypt: "errorCode": "IncorrectKeyException"].
func kmsErrorCode(err *awserr.Error) string {
	if err.Code == "AccessDeniedException" {
		return "AccessDenied"
	}
	return err.Code
}

const symmetricDefault = "SYMMETRIC_DEFAULT"

// kmsRequest fills the algorithm KMS records even when the request left it
// to the default ("The CloudTrail log entry for a Decrypt operation always
// includes the encryptionAlgorithm in the requestParameters even if the
// encryption algorithm wasn't specified in the request" [KMS Developer
// Guide, Decrypt]; the Encrypt and ReEncrypt examples show the same).
func kmsRequest(c *Call) any {
	alg := func(p *string) *string {
		if p == nil {
			return new(symmetricDefault)
		}
		return p
	}
	switch in := c.Input.(type) {
	case *kmsapi.EncryptInput:
		r := *in
		r.EncryptionAlgorithm = alg(in.EncryptionAlgorithm)
		return &r
	case *kmsapi.DecryptInput:
		r := *in
		r.EncryptionAlgorithm = alg(in.EncryptionAlgorithm)
		return &r
	case *kmsapi.ReEncryptInput:
		r := *in
		r.SourceEncryptionAlgorithm = alg(in.SourceEncryptionAlgorithm)
		r.DestinationEncryptionAlgorithm = alg(in.DestinationEncryptionAlgorithm)
		return &r
	}
	return c.Input
}

// kmsResponse: CreateGrant records the grant id and the key's ARN, never
// the grant token [AWS_TEXTS.md §10: "responseElements":{"grantId":…,
// "keyId":"arn:aws:kms:…"}]; other answers as converted.
func kmsResponse(c *Call, r *rules, e *jsonio.Encoder) []byte {
	out, ok := c.Output.(*kmsapi.CreateGrantOutput)
	if !ok {
		return members(c.Output, r, e)
	}
	e.Reset()
	e.BeginObject()
	if out.GrantId != nil {
		str(e, "grantId", *out.GrantId)
	}
	for _, res := range c.Resources {
		if strings.Contains(res.ARN, ":key/") {
			str(e, "keyId", res.ARN)
			break
		}
	}
	e.EndObject()
	return e.Bytes()
}
