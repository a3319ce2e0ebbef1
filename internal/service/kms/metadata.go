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
		AWSAccountId:          ptr(rec.Account),
		KeyId:                 ptr(rec.ID),
		Arn:                   ptr(ref.ARN()),
		CreationDate:          ptr(rec.Created),
		Enabled:               ptr(rec.State == stateEnabled),
		Description:           ptr(rec.Description),
		KeyUsage:              ptr(kmsapi.KeyUsageTypeEncryptDecrypt),
		KeyState:              ptr(rec.State),
		Origin:                ptr(kmsapi.OriginTypeAwsKms),
		KeyManager:            ptr(rec.Manager),
		CustomerMasterKeySpec: ptr(kmsapi.CustomerMasterKeySpecSymmetricDefault),
		KeySpec:               ptr(kmsapi.KeySpecSymmetricDefault),
		EncryptionAlgorithms:  []string{kmsapi.EncryptionAlgorithmSpecSymmetricDefault},
		MultiRegion:           ptr(false),
	}
	if rec.State == statePendingDeletion {
		m.DeletionDate = ptr(rec.DeletionDate)
		m.PendingDeletionWindowInDays = ptr(rec.PendingWindow)
	}
	return m
}

func ptr[T any](v T) *T { return &v }

// day is the unit of KMS's waiting periods and rotation periods.
const day = 24 * time.Hour

func days(n int32) time.Duration { return time.Duration(n) * day }
