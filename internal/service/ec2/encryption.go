package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
)

// encryptionChoice is what a request asks of a new volume's or copy's
// encryption.
type encryptionChoice struct {
	encrypted *bool
	kmsKeyID  *string
}

// chooseKey decides whether a new volume, snapshot copy or image copy is
// encrypted and under which key, as AWS does: an encrypted source stays
// encrypted (under the requested key, or its own for a volume); otherwise
// Encrypted or the account's encryption by default encrypts it, under the
// requested key or the account's default key. "" means unencrypted.
// copyOf says the resource is a copy, whose unencrypted form is refused
// when its source is encrypted, and which takes the default key rather
// than its source's.
func (s *Service) chooseKey(ctx context.Context, req *authz.Request, source *encryption, sourceID string, c encryptionChoice, copyOf bool) (string, error) {
	st, err := s.settings(ctx, req.Region, req.Principal.Account)
	if err != nil {
		return "", err
	}
	srcEncrypted := source != nil && source.Encrypted
	if srcEncrypted && copyOf && c.encrypted != nil && !*c.encrypted {
		return "", unencryptedCopy(sourceID)
	}
	encrypted := srcEncrypted || deref(c.encrypted) || st.EncryptByDefault
	switch {
	case c.kmsKeyID != nil && !encrypted:
		return "", ec2api.InvalidParameterDependency("The parameter KmsKeyId requires the parameter Encrypted to be set.")
	case !encrypted:
		return "", nil
	case c.kmsKeyID != nil:
		return *c.kmsKeyID, nil
	case srcEncrypted && !copyOf && source.KeyARN != "":
		return source.KeyARN, nil
	}
	return st.defaultKey(), nil
}

// encryptFor gives resource id its encryption under keyID ("" for none):
// the KMS key resolved on the caller's behalf, and a data key — the
// source's re-encrypted when the source is encrypted, a new one otherwise
// — with the source's bytes. The error is KMS's refusal, which callers
// turn into the failure AWS shows for their operation.
func (s *Service) encryptFor(ctx context.Context, req *authz.Request, source *encryption, keyID, id string) (encryption, error) {
	var src encryption
	if source != nil {
		src = *source
	}
	if keyID == "" {
		return encryption{Content: src.Content}, nil
	}
	key, err := s.describeKey(ctx, req, keyID)
	if err != nil {
		return encryption{}, err
	}
	enc := encryption{Encrypted: true, KeyARN: key.arn, AWSManaged: key.awsManaged, Content: src.Content}
	if src.Encrypted {
		enc.DataKey, err = s.reEncrypt(ctx, req, src.DataKey, key.arn, id)
	} else {
		enc.DataKey, err = s.newDataKey(ctx, req, key.arn, id)
	}
	if err != nil {
		return encryption{}, err
	}
	return enc, nil
}
