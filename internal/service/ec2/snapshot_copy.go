package ec2

import (
	"context"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// copiedVolume is the VolumeId AWS gives snapshot copies.
const copiedVolume = "vol-ffffffff"

// CopySnapshot copies a snapshot the caller owns or may use, from
// SourceRegion into the caller's account in this Region. An unencrypted
// copy of an encrypted snapshot is refused at once; a key the caller may
// not use is found afterwards: the copy goes to error with "Given key ID is
// not accessible" [AWS_TEXTS.md §2].
func (s *Service) CopySnapshot(ctx context.Context, in *ec2api.CopySnapshotInput) (*ec2api.CopySnapshotOutput, error) {
	req := authz.FromContext(ctx)
	srcRegion, srcID := deref(in.SourceRegion), deref(in.SourceSnapshotId)
	if srcRegion == "" {
		return nil, missingParameter("SourceRegion")
	}
	src, err := s.snapshotIn(ctx, req, srcRegion, srcID)
	if err != nil {
		return nil, err
	}
	tags := specTags(in.TagSpecifications, "snapshot")
	if err := s.authorize(ctx, req, "ec2:CopySnapshot",
		target{arn: arn(req.Region, "", "snapshot", "*"), conditions: tagConditions(nil, tags, "CopySnapshot")},
		target{arn: arn(srcRegion, "", "snapshot", srcID), conditions: src.conditions()}); err != nil {
		return nil, err
	}
	keyID, err := s.chooseKey(ctx, req, &src.encryption, srcID, encryptionChoice{in.Encrypted, in.KmsKeyId}, true)
	if err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	description := deref(in.Description)
	if description == "" {
		description = "[Copied " + srcID + " from " + srcRegion + "]"
	}
	cp := s.copyOfSnapshot(ctx, req, src, keyID, description, tags)
	if err := s.store.Update(ctx, func(tx store.Tx) error {
		return putOwned(tx, snapshotsTable, cp.Region, cp.Account, cp.ID, cp)
	}); err != nil {
		return nil, err
	}
	return &ec2api.CopySnapshotOutput{SnapshotId: new(cp.ID), Tags: apiTags(tags)}, nil
}

// copyOfSnapshot makes (not stores) a copy of src in the caller's account
// and Region under keyID ("" for none): its data key moved under the new
// key on the caller's behalf. A KMS refusal leaves the copy failing, as
// AWS's asynchronous copies do.
func (s *Service) copyOfSnapshot(ctx context.Context, req *authz.Request, src *snapshotRecord, keyID, description string, tags []tag) *snapshotRecord {
	cp := &snapshotRecord{ID: s.newID("snap"), Account: req.Principal.Account, Region: req.Region, VolumeID: copiedVolume,
		VolumeSize: src.VolumeSize, Description: description, Started: s.now().UTC(), Tags: tags}
	if req.Subject == "" { // a copy of its own, not one of an image's
		req = req.About(arn(req.Region, "", "snapshot", cp.ID))
	}
	enc, err := s.moveEncryption(ctx, req, &src.encryption, src.Region, keyID, cp.ID)
	if err != nil {
		cp.Encrypted, cp.KeyARN = true, keyID
		cp.transition = moving(snapshotPending, s.now(), s.pace.Snapshot, snapshotError, "", keyNotAccessible)
		return cp
	}
	cp.encryption = enc
	cp.transition = moving(snapshotPending, s.now(), s.pace.Snapshot, snapshotCompleted, "", "")
	return cp
}

// moveEncryption is encryptFor for a source in another Region: KMS keys
// are Regional, so EBS decrypts the data key in the source's Region and
// encrypts it under the new key in the copy's, both on the caller's
// behalf; in one Region it re-encrypts.
func (s *Service) moveEncryption(ctx context.Context, req *authz.Request, src *encryption, srcRegion, keyID, id string) (encryption, error) {
	if srcRegion == req.Region || !src.Encrypted || keyID == "" {
		return s.encryptFor(ctx, req, src, keyID, id)
	}
	key, err := s.describeKey(ctx, req, keyID)
	if err != nil {
		return encryption{}, err
	}
	there := *req
	there.Region = srcRegion
	pt, err := s.kms.Decrypt(ctx, onBehalf(&there), &kmsapi.DecryptInput{CiphertextBlob: src.DataKey.Blob, KeyId: &src.KeyARN,
		EncryptionContext: map[string]string{ebsContext: src.DataKey.Context}})
	if err != nil {
		return encryption{}, err
	}
	defer clear(pt.Plaintext)
	out, err := s.kms.Encrypt(ctx, onBehalf(req), &kmsapi.EncryptInput{KeyId: &key.arn, Plaintext: pt.Plaintext,
		EncryptionContext: map[string]string{ebsContext: id}})
	if err != nil {
		return encryption{}, err
	}
	return encryption{Encrypted: true, KeyARN: key.arn, AWSManaged: key.awsManaged, Content: src.Content,
		DataKey: &dataKey{Blob: out.CiphertextBlob, Context: id}}, nil
}
