package ec2

import (
	"context"
	"slices"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// keyPairARN: key pairs' ARNs end with the key's name [Service
// Authorization Reference, Amazon EC2, key-pair:
// arn:aws:ec2:REGION:ACCOUNT:key-pair/${KeyPairName}].
func keyPairARN(region, account, name string) string { return arn(region, account, "key-pair", name) }

// keyPairConditions are a key pair's keys (ec2:KeyPairName,
// ec2:KeyPairType, and its tags when it exists).
func keyPairConditions(name, typ string, tags []tag) map[string][]string {
	return resourceTags(map[string][]string{"ec2:keypairname": {name}, "ec2:keypairtype": {typ}}, tags)
}

// keyPairNamed reads one of account's key pairs by name; nil when it has
// none of that name.
func keyPairNamed(tx store.Tx, region, account, name string) (*keyPairRecord, error) {
	var found *keyPairRecord
	err := scanOwned(tx, keyPairsTable, region, account, func(k *keyPairRecord) (bool, error) {
		if k.Name == name {
			found = k
			return false, nil
		}
		return true, nil
	})
	return found, err
}

// keyPair returns one of account's key pairs in region by name, for
// RunInstances' KeyName (InvalidKeyPair.NotFound when there is none).
func (s *Service) keyPair(ctx context.Context, account, region, name string) (*keyPairRecord, error) {
	var k *keyPairRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		if k, err = keyPairNamed(tx, region, account, name); err == nil && k == nil {
			return keyPairNotFound(name)
		}
		return err
	})
	return k, err
}

// putKeyPair stores a new key pair unless its name is taken.
func (s *Service) putKeyPair(ctx context.Context, k *keyPairRecord) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		taken, err := keyPairNamed(tx, k.Region, k.Account, k.Name)
		if err != nil {
			return err
		}
		if taken != nil {
			return keyPairDuplicate()
		}
		return putOwned(tx, keyPairsTable, k.Region, k.Account, k.ID, k)
	})
}

// newKeyPairRecord authorizes action on a new key pair and answers
// DryRun; the record it returns lacks the key.
func (s *Service) newKeyPairRecord(ctx context.Context, action, name, typ string, specs []ec2api.TagSpecification, dry *bool) (*keyPairRecord, error) {
	req := authz.FromContext(ctx)
	tags := specTags(specs, ec2api.ResourceTypeKeyPair)
	c := tagConditions(keyPairConditions(name, typ, nil), tags, action[len("ec2:"):])
	if err := s.authorize(ctx, req, action, target{arn: keyPairARN(req.Region, req.Principal.Account, name), conditions: c}); err != nil {
		return nil, err
	}
	if err := dryRun(dry); err != nil {
		return nil, err
	}
	return &keyPairRecord{ID: s.newID("key"), Account: req.Principal.Account, Region: req.Region, Name: name, Type: typ,
		Created: s.now().UTC(), Tags: tags}, nil
}

// CreateKeyPair makes a key pair (RSA 2048 unless KeyType is ed25519) and
// returns its private key, in KeyFormat (pem unless ppk), this once.
func (s *Service) CreateKeyPair(ctx context.Context, in *ec2api.CreateKeyPairInput) (*ec2api.CreateKeyPairOutput, error) {
	typ, format := deref(in.KeyType), deref(in.KeyFormat)
	if typ == "" {
		typ = ec2api.KeyTypeRsa
	}
	k, err := s.newKeyPairRecord(ctx, "ec2:CreateKeyPair", deref(in.KeyName), typ, in.TagSpecifications, in.DryRun)
	if err != nil {
		return nil, err
	}
	m, err := newKeyPair(s.rand, typ, format, k.Name)
	if err != nil {
		return nil, err
	}
	k.PublicKey, k.Fingerprint = m.public, m.fingerprint
	if err := s.putKeyPair(ctx, k); err != nil {
		return nil, err
	}
	return &ec2api.CreateKeyPairOutput{KeyPairId: new(k.ID), KeyName: new(k.Name), KeyFingerprint: new(k.Fingerprint),
		KeyMaterial: new(m.private), Tags: apiTags(k.Tags)}, nil
}

// ImportKeyPair keeps a public key made elsewhere.
func (s *Service) ImportKeyPair(ctx context.Context, in *ec2api.ImportKeyPairInput) (*ec2api.ImportKeyPairOutput, error) {
	typ, public, fingerprint, err := importedKey(in.PublicKeyMaterial)
	if err != nil {
		return nil, keyFormat()
	}
	k, err := s.newKeyPairRecord(ctx, "ec2:ImportKeyPair", deref(in.KeyName), typ, in.TagSpecifications, in.DryRun)
	if err != nil {
		return nil, err
	}
	k.PublicKey, k.Fingerprint = public, fingerprint
	if err := s.putKeyPair(ctx, k); err != nil {
		return nil, err
	}
	return &ec2api.ImportKeyPairOutput{KeyPairId: new(k.ID), KeyName: new(k.Name), KeyFingerprint: new(k.Fingerprint),
		Tags: apiTags(k.Tags)}, nil
}

// DescribeKeyPairs describes the caller's key pairs: those KeyNames and
// KeyPairIds name (each must exist) or all, filtered; the public key,
// with the key's name as its comment, when IncludePublicKey is set [EC2
// User Guide, "Describe your key pairs"].
func (s *Service) DescribeKeyPairs(ctx context.Context, in *ec2api.DescribeKeyPairsInput) (*ec2api.DescribeKeyPairsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeKeyPairs", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, keyPairFields(&keyPairRecord{}))
	if err != nil {
		return nil, err
	}
	var all []*keyPairRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		return scanOwned(tx, keyPairsTable, req.Region, req.Principal.Account, func(k *keyPairRecord) (bool, error) {
			all = append(all, k)
			return true, nil
		})
	})
	if err != nil {
		return nil, err
	}
	for _, name := range in.KeyNames {
		if !slices.ContainsFunc(all, func(k *keyPairRecord) bool { return k.Name == name }) {
			return nil, keyPairNotFound(name)
		}
	}
	for _, id := range in.KeyPairIds {
		if !slices.ContainsFunc(all, func(k *keyPairRecord) bool { return k.ID == id }) {
			return nil, keyPairIDNotFound(id)
		}
	}
	out := &ec2api.DescribeKeyPairsOutput{KeyPairs: []ec2api.KeyPairInfo{}}
	for _, k := range all {
		named := (len(in.KeyNames) == 0 || slices.Contains(in.KeyNames, k.Name)) &&
			(len(in.KeyPairIds) == 0 || slices.Contains(in.KeyPairIds, k.ID))
		if !named || !matches(filters, keyPairFields(k), k.Tags) {
			continue
		}
		info := ec2api.KeyPairInfo{KeyPairId: new(k.ID), KeyName: new(k.Name), KeyType: new(k.Type),
			KeyFingerprint: new(k.Fingerprint), CreateTime: new(k.Created), Tags: apiTags(k.Tags)}
		if deref(in.IncludePublicKey) {
			info.PublicKey = new(k.PublicKey + " " + k.Name)
		}
		out.KeyPairs = append(out.KeyPairs, info)
	}
	return out, nil
}

// keyPairFields are DescribeKeyPairs' filters.
func keyPairFields(k *keyPairRecord) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "key-pair-id":
			return one(k.ID), true
		case "key-name":
			return one(k.Name), true
		case "fingerprint":
			return one(k.Fingerprint), true
		case "key-type":
			return one(k.Type), true
		}
		return nil, false
	}
}

// DeleteKeyPair deletes a key pair by name or id. Deleting one that does
// not exist succeeds, as on AWS (for a KeyPairId, UNVERIFIED).
func (s *Service) DeleteKeyPair(ctx context.Context, in *ec2api.DeleteKeyPairInput) (*ec2api.DeleteKeyPairOutput, error) {
	req := authz.FromContext(ctx)
	name, id := deref(in.KeyName), deref(in.KeyPairId)
	if name == "" && id == "" {
		return nil, missingParameter("keyName or keyPairId")
	}
	var k *keyPairRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		if id != "" {
			k, _, err = getOwned[keyPairRecord](tx, keyPairsTable, req.Region, req.Principal.Account, id)
		} else {
			k, err = keyPairNamed(tx, req.Region, req.Principal.Account, name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	t := target{arn: keyPairARN(req.Region, req.Principal.Account, name)}
	if k != nil {
		t = target{arn: keyPairARN(req.Region, req.Principal.Account, k.Name), conditions: keyPairConditions(k.Name, k.Type, k.Tags)}
	} else if name == "" {
		t.arn = keyPairARN(req.Region, req.Principal.Account, "*")
	}
	if err := s.authorize(ctx, req, "ec2:DeleteKeyPair", t); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	out := &ec2api.DeleteKeyPairOutput{Return: new(true)}
	if k == nil {
		return out, nil
	}
	out.KeyPairId = new(k.ID)
	if err := s.store.Update(ctx, func(tx store.Tx) error {
		return deleteOwned(tx, keyPairsTable, req.Region, req.Principal.Account, k.ID)
	}); err != nil {
		return nil, err
	}
	return out, nil
}
