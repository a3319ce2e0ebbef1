package kms

import (
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// keyMetadata is DescribeKey's view of a key: the algorithms its spec
// performs for its usage, and for a symmetric encryption key its current
// key material.
func keyMetadata(rec *keyRecord, now time.Time) *kmsapi.KeyMetadata {
	ref := rec.ref()
	state := rec.state(now)
	spec, usage := rec.spec(), rec.usage()
	v := &metadataValues{
		account: rec.Account, id: rec.ID, arn: ref.ARN(), created: rec.Created,
		enabled: state == stateEnabled, description: rec.Description, usage: usage,
		state: state, origin: rec.origin(), manager: rec.Manager,
		masterKeySpec: spec, spec: spec, multiRegion: rec.MultiRegion != nil,
	}
	m := &kmsapi.KeyMetadata{
		AWSAccountId:          &v.account,
		KeyId:                 &v.id,
		Arn:                   &v.arn,
		CreationDate:          &v.created,
		Enabled:               &v.enabled,
		Description:           &v.description,
		KeyUsage:              &v.usage,
		KeyState:              &v.state,
		Origin:                &v.origin,
		KeyManager:            &v.manager,
		CustomerMasterKeySpec: &v.masterKeySpec,
		KeySpec:               &v.spec,
		MultiRegion:           &v.multiRegion,
	}
	if mr := rec.MultiRegion; mr != nil {
		m.MultiRegionConfiguration = multiRegionConfiguration(rec.Account, rec.ID, mr, rec.isReplica(), now)
	}
	algorithms := keySpecs[spec].algorithms(usage)
	switch usage {
	case kmsapi.KeyUsageTypeEncryptDecrypt:
		m.EncryptionAlgorithms = algorithms
	case kmsapi.KeyUsageTypeSignVerify:
		m.SigningAlgorithms = algorithms
	case kmsapi.KeyUsageTypeGenerateVerifyMac:
		m.MacAlgorithms = algorithms
	case kmsapi.KeyUsageTypeKeyAgreement:
		m.KeyAgreementAlgorithms = algorithms
	}
	if spec == kmsapi.KeySpecSymmetricDefault && len(rec.Material) > 0 {
		m.CurrentKeyMaterialId = new(rec.materialID(uint32(len(rec.Material))))
	}
	if im := rec.Imported; im != nil && len(im.Versions) > 0 {
		current := im.Versions[len(im.Versions)-1]
		m.ExpirationModel = new(current.expirationModel())
		if current.Expires && state != statePendingImport {
			m.ValidTo = new(current.ValidTo)
		}
	}
	if state == statePendingDeletion || state == statePendingReplicaDeletion {
		m.PendingDeletionWindowInDays = new(rec.PendingWindow)
		if d, ok := rec.deletionDate(); ok {
			m.DeletionDate = new(d)
		}
	}
	return m
}

// metadataValues are what the fields of a key's KeyMetadata point to,
// allocated together: one allocation instead of one per field, on the
// path of every CreateKey and DescribeKey. Each field has its own value,
// as it had its own allocation, in case a caller changes one.
type metadataValues struct {
	account, id, arn, description, usage, state string
	origin, manager, masterKeySpec, spec        string
	created                                     time.Time
	enabled, multiRegion                        bool
}

// day is the unit of KMS's waiting periods and rotation periods.
const day = 24 * time.Hour

func days(n int32) time.Duration { return time.Duration(n) * day }

// multiRegionConfiguration is a multi-Region key's configuration at now as
// DescribeKey shows it, the same from every one of its keys but for its
// type: deleted replicas are gone from it.
func multiRegionConfiguration(account, id string, mr *multiRegion, replica bool, now time.Time) *kmsapi.MultiRegionConfiguration {
	key := func(region string) kmsapi.MultiRegionKey {
		return kmsapi.MultiRegionKey{Arn: new(keyRefOf(account, region, id).ARN()), Region: new(region)}
	}
	c := &kmsapi.MultiRegionConfiguration{MultiRegionKeyType: new(kmsapi.MultiRegionKeyTypePrimary), ReplicaKeys: []kmsapi.MultiRegionKey{}}
	if replica {
		c.MultiRegionKeyType = new(kmsapi.MultiRegionKeyTypeReplica)
	}
	primary := key(mr.Primary)
	c.PrimaryKey = &primary
	for _, r := range mr.Replicas {
		if mr.live(r, now) {
			c.ReplicaKeys = append(c.ReplicaKeys, key(r))
		}
	}
	return c
}
