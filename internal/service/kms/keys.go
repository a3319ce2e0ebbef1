package kms

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// CreateKey creates a customer managed key of any key spec amity makes in
// the caller's account and Region, with the default key policy unless a
// valid Policy is given.
func (s *Service) CreateKey(ctx context.Context, in *kmsapi.CreateKeyInput) (*kmsapi.CreateKeyOutput, error) {
	req := authz.FromContext(ctx)
	spec, usage, err := newKeySpec(in)
	if err != nil {
		return nil, err
	}
	origin, err := newKeyOrigin(in)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	bypass, multi := deref(in.BypassPolicyLockoutSafetyCheck), deref(in.MultiRegion)
	conditions := tagConditions(map[string][]string{
		condKeySpec:       {spec},
		condKeyUsage:      {usage},
		condKeyOrigin:     {origin},
		condMultiRegion:   boolValue(multi),
		condBypassLockout: boolValue(bypass),
	}, in.Tags, nil)
	if multi {
		conditions[condMultiRegionKeyType] = primaryValue
	}
	if _, err := s.authorizeAccount(ctx, req, "kms:CreateKey", "*", conditions); err != nil {
		return nil, err
	}
	newID := keyring.NewKeyID
	if multi {
		newID = keyring.NewMultiRegionKeyID
	}
	id, err := newID(s.rand)
	if err != nil {
		return nil, err
	}
	ref := keyring.Ref{Account: req.Principal.Account, Region: req.Region, KeyID: id}
	if len(in.Tags) > 0 {
		if _, err := s.authorizeAccount(ctx, req, "kms:TagResource", ref.ARN(), tagConditions(nil, in.Tags, nil)); err != nil {
			return nil, err
		}
	}
	doc := defaultPolicy(ref.Account)
	if in.Policy != nil {
		doc = *in.Policy
		p, err := s.parsePolicy(ctx, doc)
		if err != nil {
			return nil, err
		}
		if !bypass {
			if err := s.checkLockout(ctx, req, ref, p); err != nil {
				return nil, err
			}
		}
	}
	rec := &keyRecord{
		Account: ref.Account, Region: ref.Region, ID: id,
		Created:     s.now().UTC(),
		Description: deref(in.Description),
		Manager:     managerCustomer,
		State:       stateEnabled,
		Policy:      doc,
		Tags:        mergeTags(nil, in.Tags),
		Spec:        spec,
		Usage:       usage,
		Origin:      origin,
	}
	if multi {
		rec.MultiRegion = &multiRegion{Primary: ref.Region}
	}
	if origin == kmsapi.OriginTypeExternal {
		rec.Imported = &importedMaterial{}
	}
	if err := s.createKey(ctx, rec, nil); err != nil {
		return nil, err
	}
	if req.Decisions != nil {
		// CloudTrail lists the new key among the call's resources [KMS
		// Developer Guide, CloudTrail example of CreateKey].
		req.Decisions.Touch(ref.ARN(), ref.Account)
	}
	return &kmsapi.CreateKeyOutput{KeyMetadata: keyMetadata(rec, s.now())}, nil
}

// errAliasTaken: the alias a new key was to get exists already.
var errAliasTaken = errors.New("kms: alias exists")

// createKey gives rec its first key material (unless it is to be
// imported) and stores it, with alias when not nil (failing with
// errAliasTaken when that alias exists).
func (s *Service) createKey(ctx context.Context, rec *keyRecord, alias *aliasRecord) error {
	if rec.Imported == nil {
		v1, err := s.newMaterial(rec)
		if err != nil {
			return err
		}
		rec.Material = [][]byte{v1}
	}
	return s.update(ctx, func(tx store.Tx, c *changes) error {
		if alias != nil {
			existing, err := s.aliasInTx(tx, rec.Account, rec.Region, alias.Name)
			if err != nil {
				return err
			}
			if existing != nil {
				return errAliasTaken
			}
			if err := c.putAlias(tx, rec.Account, rec.Region, alias); err != nil {
				return err
			}
			rec.Aliases = []string{alias.Name}
		}
		c.key(rec)
		return putKey(tx, rec)
	})
}

// newMaterial makes the first key material of a new key, sealed: an AES
// key, a private key or an HMAC key, as its spec says.
func (s *Service) newMaterial(rec *keyRecord) ([]byte, error) {
	var material []byte
	var err error
	switch kindOf(rec.spec()) {
	case symmetricKey:
		return keyring.NewVersion(s.sealer, s.rand, rec.ref(), 1)
	case pairKey:
		material, err = keyring.GeneratePair(s.rand, rec.spec())
	case macKey:
		material, err = keyring.GenerateMACKey(s.rand, rec.spec())
	}
	if err != nil {
		return nil, err
	}
	defer clear(material)
	return keyring.SealMaterial(s.sealer, rec.ref(), 1, material), nil
}

// newKeyOrigin reads CreateKey's Origin. No custom key store exists in
// amity (CreateCustomKeyStore answers NotImplemented), so a key in one is
// refused as AWS refuses a key in a store that does not exist.
func newKeyOrigin(in *kmsapi.CreateKeyInput) (string, error) {
	origin := or(deref(in.Origin), kmsapi.OriginTypeAwsKms)
	switch {
	case in.CustomKeyStoreId != nil:
		return "", customKeyStoreNotFound()
	case origin == kmsapi.OriginTypeAwsCloudhsm || origin == kmsapi.OriginTypeExternalKeyStore || in.XksKeyId != nil:
		return "", customKeyStoreRequired(origin)
	}
	return origin, nil
}

// DescribeKey returns a key's metadata. Naming a predefined AWS alias
// (alias/aws/ebs) creates its AWS managed key on first use.
func (s *Service) DescribeKey(ctx context.Context, in *kmsapi.DescribeKeyInput) (*kmsapi.DescribeKeyOutput, error) {
	req := authz.FromContext(ctx)
	key, alias, err := s.resolve(ctx, req, deref(in.KeyId), byAlias|crossAccount)
	if err != nil {
		return nil, err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:DescribeKey", alias: alias, grantTokens: in.GrantTokens}); err != nil {
		return nil, err
	}
	return &kmsapi.DescribeKeyOutput{KeyMetadata: keyMetadata(key.rec, s.now())}, nil
}

// ListKeys lists the keys of the caller's account and Region, deleted keys
// excepted, in key id order.
func (s *Service) ListKeys(ctx context.Context, in *kmsapi.ListKeysInput) (*kmsapi.ListKeysOutput, error) {
	req := authz.FromContext(ctx)
	if _, err := s.authorizeAccount(ctx, req, "kms:ListKeys", "*", nil); err != nil {
		return nil, err
	}
	pg, err := newListing(in.Limit, in.Marker, 100, 1000)
	if err != nil {
		return nil, err
	}
	out := &kmsapi.ListKeysOutput{Keys: []kmsapi.KeyListEntry{}}
	prefix := req.Principal.Account + "/" + req.Region + "/"
	after, last, more := "", "", false
	if pg.after != "" {
		after = prefix + pg.after
	}
	now := s.now()
	err = s.store.View(ctx, func(tx store.Tx) error {
		return tx.Scan(keysTable, prefix, after, func(k string, raw []byte) (bool, error) {
			rec, err := decodeKey(k, raw)
			if err != nil || rec.deleted(now) {
				return err == nil, err
			}
			if len(out.Keys) == pg.limit {
				more = true
				return false, nil
			}
			out.Keys = append(out.Keys, kmsapi.KeyListEntry{KeyId: new(rec.ID), KeyArn: new(rec.ref().ARN())})
			last = strings.TrimPrefix(k, prefix)
			return true, nil
		})
	})
	if err != nil {
		return nil, err
	}
	if !more {
		last = ""
	}
	out.NextMarker, out.Truncated = nextMarker(last)
	return out, nil
}

// UpdateKeyDescription replaces a key's description.
func (s *Service) UpdateKeyDescription(ctx context.Context, in *kmsapi.UpdateKeyDescriptionInput) (*kmsapi.UpdateKeyDescriptionOutput, error) {
	return nil, s.changeKey(ctx, deref(in.KeyId), "kms:UpdateKeyDescription", nil, func(rec *keyRecord) error {
		if err := checkState(rec, s.now, notPendingDeletion); err != nil {
			return err
		}
		rec.Description = deref(in.Description)
		return nil
	})
}

// EnableKey makes a disabled key usable again.
func (s *Service) EnableKey(ctx context.Context, in *kmsapi.EnableKeyInput) (*kmsapi.EnableKeyOutput, error) {
	return nil, s.setState(ctx, deref(in.KeyId), "kms:EnableKey", stateEnabled)
}

// DisableKey stops a key from being used in cryptographic operations.
func (s *Service) DisableKey(ctx context.Context, in *kmsapi.DisableKeyInput) (*kmsapi.DisableKeyOutput, error) {
	return nil, s.setState(ctx, deref(in.KeyId), "kms:DisableKey", stateDisabled)
}

// setState enables or disables a key, which may not be pending deletion.
func (s *Service) setState(ctx context.Context, id, action, state string) error {
	return s.changeKey(ctx, id, action, nil, func(rec *keyRecord) error {
		if err := checkState(rec, s.now, notPendingDeletion); err != nil {
			return err
		}
		if rec.state(s.now()) == statePendingImport {
			return pendingImport(rec.ref().ARN())
		}
		rec.State = state
		return nil
	})
}

// ScheduleKeyDeletion puts a key in PendingDeletion for 7 to 30 days
// (default 30); once the window has passed, by the service's clock, the key
// is gone.
func (s *Service) ScheduleKeyDeletion(ctx context.Context, in *kmsapi.ScheduleKeyDeletionInput) (*kmsapi.ScheduleKeyDeletionOutput, error) {
	window := int32(30)
	if in.PendingWindowInDays != nil {
		window = *in.PendingWindowInDays
	}
	if window < 7 || window > 30 {
		return nil, pendingWindow(window)
	}
	var out *kmsapi.ScheduleKeyDeletionOutput
	cond := map[string][]string{condPendingWindowInDays: intValue(window)}
	err := s.changeKey(ctx, deref(in.KeyId), "kms:ScheduleKeyDeletion", cond, func(rec *keyRecord) error {
		if err := checkState(rec, s.now, notPendingDeletion); err != nil {
			return err
		}
		if rec.state(s.now()) == statePendingImport {
			return pendingImport(rec.ref().ARN())
		}
		now := s.now().UTC()
		rec.State, rec.DeletionDate, rec.PendingWindow = statePendingDeletion, now.Add(days(window)), window
		out = &kmsapi.ScheduleKeyDeletionOutput{KeyId: new(rec.ref().ARN()), KeyState: new(rec.State), PendingWindowInDays: new(window)}
		if mr := rec.MultiRegion; mr != nil && !rec.isReplica() && slices.ContainsFunc(mr.Replicas, func(r string) bool { return mr.live(r, now) }) {
			// Its deletion date is not known until its replicas are gone.
			rec.State, rec.DeletionDate = statePendingReplicaDeletion, time.Time{}
			out.KeyState = new(rec.State)
			return nil
		}
		out.DeletionDate = new(rec.DeletionDate)
		return nil
	})
	return out, err
}

// CancelKeyDeletion takes a key out of PendingDeletion; it comes back
// Disabled.
func (s *Service) CancelKeyDeletion(ctx context.Context, in *kmsapi.CancelKeyDeletionInput) (*kmsapi.CancelKeyDeletionOutput, error) {
	var arn string
	err := s.changeKey(ctx, deref(in.KeyId), "kms:CancelKeyDeletion", nil, func(rec *keyRecord) error {
		arn = rec.ref().ARN()
		if rec.State != statePendingDeletion && rec.State != statePendingReplicaDeletion {
			return keyNotPendingDeletion(arn)
		}
		rec.State, rec.DeletionDate, rec.PendingWindow = stateDisabled, time.Time{}, 0
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &kmsapi.CancelKeyDeletionOutput{KeyId: &arn}, nil
}

// changeKey is the shape of the management operations on one key of the
// caller's own account: resolve, authorize action, then change the stored
// record (change checks the key's state on the fresh record).
func (s *Service) changeKey(ctx context.Context, id, action string, conditions map[string][]string, change func(*keyRecord) error) error {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, id, 0)
	if err != nil {
		return err
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: action, conditions: conditions}); err != nil {
		return err
	}
	return s.modifyKey(ctx, key.rec.ref(), change)
}
