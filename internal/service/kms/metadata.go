package kms

import (
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// keyMetadata is DescribeKey's view of a key, as AWS returns it for a
// symmetric encryption key.
func keyMetadata(rec *keyRecord) *kmsapi.KeyMetadata {
	ref := rec.ref()
	m := &kmsapi.KeyMetadata{
		AWSAccountId:          new(rec.Account),
		KeyId:                 new(rec.ID),
		Arn:                   new(ref.ARN()),
		CreationDate:          new(rec.Created),
		Enabled:               new(rec.State == stateEnabled),
		Description:           new(rec.Description),
		KeyUsage:              new(kmsapi.KeyUsageTypeEncryptDecrypt),
		KeyState:              new(rec.State),
		Origin:                new(kmsapi.OriginTypeAwsKms),
		KeyManager:            new(rec.Manager),
		CustomerMasterKeySpec: new(kmsapi.CustomerMasterKeySpecSymmetricDefault),
		KeySpec:               new(kmsapi.KeySpecSymmetricDefault),
		EncryptionAlgorithms:  []string{kmsapi.EncryptionAlgorithmSpecSymmetricDefault},
		MultiRegion:           new(false),
	}
	if rec.State == statePendingDeletion {
		m.DeletionDate = new(rec.DeletionDate)
		m.PendingDeletionWindowInDays = new(rec.PendingWindow)
	}
	return m
}

// day is the unit of KMS's waiting periods and rotation periods.
const day = 24 * time.Hour

func days(n int32) time.Duration { return time.Duration(n) * day }
