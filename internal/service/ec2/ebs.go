package ec2

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"errors"
	"io"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
)

// How EBS uses KMS [AWS_TEXTS.md §9; EC2 User Guide, "How EBS encryption
// works"]: every call goes through the Caller, authorized and recorded
// like a customer's.
//
//   - EBS asks for a data key for each encrypted volume with
//     GenerateDataKeyWithoutPlaintext under the volume's key, encryption
//     context aws:ebs:id = the volume id, on the caller's behalf, and
//     keeps only its encrypted form.
//   - A volume or copy from an encrypted snapshot takes the snapshot's data
//     key re-encrypted (ReEncrypt) under its own key and context, on the
//     caller's behalf: across accounts the caller needs the source key too.
//   - At launch EC2, on the caller's behalf, creates a grant on each
//     encrypted volume's key for the instance's identity-only session
//     (operation Decrypt, constraint aws:ebs:id, retiring principal
//     ec2.REGION.amazonaws.com), and that session decrypts the data key to
//     read the volume. Without the key the bytes stay sealed.

// ebsContext is the encryption context EBS binds a data key to.
const ebsContext = "aws:ebs:id"

// ec2FrontEnd is how CloudTrail names EC2 when it calls KMS for a caller
// [AWS_TEXTS.md §10 and correction 2].
const ec2FrontEnd = "ec2-frontend-api.amazonaws.com"

// dataKeyBytes is the data key length EBS asks for (numberOfBytes 64 in
// CloudTrail's records); amity seals with its first 32 bytes (AES-256).
const dataKeyBytes = 64

// onBehalf is req as EC2 makes it to KMS for the caller.
func onBehalf(req *authz.Request) *authz.Request {
	return req.OnBehalf(ec2Endpoint(req.Region), ec2FrontEnd)
}

// ec2Endpoint is EC2's Regional name, kms:ViaService's value and EBS
// grants' retiring principal.
func ec2Endpoint(region string) string { return "ec2." + region + ".amazonaws.com" }

// ebsKey is a KMS key as EBS uses it.
type ebsKey struct {
	arn        string
	awsManaged bool
	state      string // Enabled, Disabled, PendingDeletion, ...
}

// describeKey resolves a key id, ARN or alias (alias/aws/ebs creates the
// AWS managed key on first use, as DescribeKey does for AWS services) on
// the caller's behalf.
func (s *Service) describeKey(ctx context.Context, req *authz.Request, id string) (ebsKey, error) {
	out, err := s.kms.DescribeKey(ctx, onBehalf(req), &kmsapi.DescribeKeyInput{KeyId: &id})
	if err != nil {
		return ebsKey{}, err
	}
	m := out.KeyMetadata
	return ebsKey{arn: deref(m.Arn), awsManaged: deref(m.KeyManager) == kmsapi.KeyManagerTypeAws, state: deref(m.KeyState)}, nil
}

// newDataKey asks KMS for a data key for resource id under key.
func (s *Service) newDataKey(ctx context.Context, req *authz.Request, key, id string) (*dataKey, error) {
	out, err := s.kms.GenerateDataKeyWithoutPlaintext(ctx, onBehalf(req), &kmsapi.GenerateDataKeyWithoutPlaintextInput{
		KeyId: &key, NumberOfBytes: new(int32(dataKeyBytes)), EncryptionContext: map[string]string{ebsContext: id}})
	if err != nil {
		return nil, err
	}
	return &dataKey{Blob: out.CiphertextBlob, Context: id}, nil
}

// reEncrypt returns dk re-encrypted under key for resource id, as the
// caller: what a volume or copy made from an encrypted snapshot takes.
func (s *Service) reEncrypt(ctx context.Context, req *authz.Request, dk *dataKey, key, id string) (*dataKey, error) {
	out, err := s.kms.ReEncrypt(ctx, onBehalf(req), &kmsapi.ReEncryptInput{CiphertextBlob: dk.Blob,
		SourceEncryptionContext: map[string]string{ebsContext: dk.Context},
		DestinationKeyId:        &key, DestinationEncryptionContext: map[string]string{ebsContext: id}})
	if err != nil {
		return nil, err
	}
	return &dataKey{Blob: out.CiphertextBlob, Context: id}, nil
}

// grantFor creates, on the caller's behalf, the grant that lets an
// instance's session decrypt a volume's data key.
func (s *Service) grantFor(ctx context.Context, req *authz.Request, key, instanceID, volumeID string) (string, error) {
	out, err := s.kms.CreateGrant(ctx, onBehalf(req), &kmsapi.CreateGrantInput{KeyId: &key,
		GranteePrincipal:  new(infraSessionARN(req.Principal.Account, instanceID)),
		Operations:        []string{kmsapi.GrantOperationDecrypt},
		RetiringPrincipal: new(ec2Endpoint(req.Region)),
		Constraints:       &kmsapi.GrantConstraints{EncryptionContextSubset: map[string]string{ebsContext: volumeID}}})
	if err != nil {
		return "", err
	}
	return deref(out.GrantId), nil
}

// retireGrant retires a grant EC2 made for an instance, as EC2 itself
// (the grant's retiring principal).
func (s *Service) retireGrant(ctx context.Context, region string, g grantRef) error {
	as := authz.ServiceRequest(ec2Endpoint(region), region, s.now())
	_, err := s.kms.RetireGrant(ctx, as, &kmsapi.RetireGrantInput{KeyId: &g.KeyARN, GrantId: &g.GrantID})
	return err
}

// infraSessionARN is an instance's EBS session:
// arn:aws:sts::ACCOUNT:assumed-role/aws:ec2-infrastructure/i-….
func infraSessionARN(account, instanceID string) string {
	return "arn:aws:sts::" + account + ":assumed-role/aws:ec2-infrastructure/" + instanceID
}

// infraSession is the request of an instance's EBS session.
func (s *Service) infraSession(account, region, instanceID string) *authz.Request {
	instance := arn(region, account, "instance", instanceID)
	return authz.IdentityOnlySession(account, "aws:ec2-infrastructure", instanceID, region,
		&authz.Scope{IssuerType: "AWS::EC2::Instance", CredentialsIssuedTo: instance}, s.now()).About(instance)
}

// openDataKey decrypts a volume's data key as the instance's session.
func (s *Service) openDataKey(ctx context.Context, session *authz.Request, enc *encryption) ([]byte, error) {
	out, err := s.kms.Decrypt(ctx, session, &kmsapi.DecryptInput{CiphertextBlob: enc.DataKey.Blob, KeyId: &enc.KeyARN,
		EncryptionContext: map[string]string{ebsContext: enc.DataKey.Context}})
	if err != nil {
		return nil, err
	}
	return out.Plaintext, nil
}

// manifest is what amity writes on a root volume: the image it was built
// for and the volume first written. An instance boots by reading it.
type manifest struct {
	Kind   string `json:"kind"` // "amity-boot"
	Image  string `json:"image"`
	Volume string `json:"volume"`
}

const manifestKind = "amity-boot"

func newManifest(image, volume string) []byte {
	b, _ := json.Marshal(manifest{Kind: manifestKind, Image: image, Volume: volume})
	return b
}

// seal encrypts plaintext with a data key (AES-256-GCM, the volume's id
// as associated data).
func seal(rand io.Reader, key []byte, id string, plaintext []byte) ([]byte, error) {
	aead, err := dataCipher(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(rand, nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plaintext, []byte(id)), nil
}

// unseal decrypts what seal wrote.
func unseal(key []byte, id string, sealed []byte) ([]byte, error) {
	aead, err := dataCipher(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errUnreadable
	}
	n := aead.NonceSize()
	pt, err := aead.Open(nil, sealed[:n], sealed[n:], []byte(id))
	if err != nil {
		return nil, errUnreadable
	}
	return pt, nil
}

var errUnreadable = errors.New("ec2: volume data cannot be read with its data key")

func dataCipher(key []byte) (cipher.AEAD, error) {
	if len(key) < 32 {
		return nil, errors.New("ec2: data key too short")
	}
	block, err := aes.NewCipher(key[:32])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// keyStateFailure reports whether a KMS refusal is about the key's state
// (disabled, pending deletion, missing) rather than permissions: a launch
// failure then reads Client.InvalidKMSKey.InvalidState [AWS_TEXTS.md §6h].
func keyStateFailure(err error) bool {
	var e *awserr.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case "DisabledException", "KMSInvalidStateException", "NotFoundException", "KeyUnavailableException":
		return true
	}
	return false
}
