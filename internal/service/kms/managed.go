package kms

import (
	"context"
	"errors"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/service/kms/keyring"
)

// managedAlias is a predefined AWS alias: AWS creates its AWS managed key
// in an account and Region the first time a service uses it, or anyone
// names the alias (DescribeKey, Encrypt, ...).
type managedAlias struct {
	description string
	policy      func(account, region string) string
}

// managedAliases are the predefined aliases amity knows AWS's key policy
// and description for.
var managedAliases = map[string]managedAlias{
	"alias/aws/ebs": {
		description: "Default key that protects my EBS volumes when no other key is defined",
		policy:      awsdata.AWSManagedKeyPolicy,
	},
}

// ensureManagedKey returns the id of the AWS managed key behind a
// predefined alias, creating key and alias when they do not exist yet.
func (s *Service) ensureManagedKey(ctx context.Context, account, region, name string, m managedAlias) (string, error) {
	id, err := keyring.NewKeyID(s.rand)
	if err != nil {
		return "", err
	}
	now := s.now().UTC()
	rec := &keyRecord{
		Account: account, Region: region, ID: id,
		Created:     now,
		Description: m.description,
		Manager:     managerAWS,
		State:       stateEnabled,
		Policy:      m.policy(account, region),
		Rotation:    rotationFrom(now, defaultRotationDays),
	}
	err = s.createKey(ctx, rec, &aliasRecord{Name: name, KeyID: id, Created: now, Updated: now})
	if errors.Is(err, errAliasTaken) {
		// Created meanwhile by another request: use that one.
		a, err := s.alias(ctx, account, region, name)
		if err != nil || a == nil {
			return "", err
		}
		return a.KeyID, nil
	}
	return id, err
}
