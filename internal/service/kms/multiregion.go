package kms

import (
	"context"
	"slices"
	"time"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// Multi-Region keys: a primary key and its replicas in other Regions of
// the same account share their id (mrk-…), key spec, usage, origin, key
// material and its rotation; each has its own policy, description, tags,
// aliases, grants and state. The primary's record is the authority on
// what they share: every write to it copies that to the replicas, in the
// same transaction.

// ReplicateKey makes a replica of a multi-Region primary key in another
// Region, with its own key policy (the default unless given), description
// and tags: kms:ReplicateKey on the primary (with kms:ReplicaRegion), and
// kms:CreateKey (and kms:TagResource for tags) in the replica's Region.
func (s *Service) ReplicateKey(ctx context.Context, in *kmsapi.ReplicateKeyInput) (*kmsapi.ReplicateKeyOutput, error) {
	req := authz.FromContext(ctx)
	region := deref(in.ReplicaRegion)
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	cond := map[string][]string{condReplicaRegion: {region}}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:ReplicateKey", conditions: cond}); err != nil {
		return nil, err
	}
	if err := checkPrimary(key.rec, "ReplicateKey"); err != nil {
		return nil, err
	}
	if err := checkState(key.rec, s.now, notPendingDeletion); err != nil {
		return nil, err
	}
	if _, ok := awsdata.Region(region); !ok {
		return nil, unknownRegion(region)
	}
	if region == key.rec.Region || key.rec.MultiRegion.live(region, s.now()) {
		return nil, replicaExists(key.rec.ID, region)
	}
	there := *req
	there.Region = region
	ref := keyRefOf(key.rec.Account, region, key.rec.ID)
	if err := s.authorizeReplica(ctx, &there, ref, in.Tags); err != nil {
		return nil, err
	}
	doc, err := s.replicaPolicy(ctx, &there, ref, in.Policy, deref(in.BypassPolicyLockoutSafetyCheck))
	if err != nil {
		return nil, err
	}
	replica := &keyRecord{
		Account: ref.Account, Region: region, ID: ref.KeyID,
		Created: s.now().UTC(), Description: deref(in.Description), Manager: managerCustomer, State: stateEnabled,
		Policy: doc, Tags: mergeTags(nil, in.Tags),
		Spec: key.rec.Spec, Usage: key.rec.Usage, Origin: key.rec.Origin,
	}
	if key.rec.Imported != nil {
		replica.Imported = &importedMaterial{}
	}
	err = s.update(ctx, func(tx store.Tx, c *changes) error {
		primary, ok, err := getKey(tx, key.rec.ref())
		if err != nil || !ok {
			return err
		}
		mr := primary.MultiRegion
		switch {
		case mr.live(region, s.now()):
			return replicaExists(primary.ID, region)
		case slices.Contains(mr.Replicas, region):
			// A new replica where one was deleted: it takes the ARN
			// without what the deleted one left.
			delete(mr.Deleting, region)
			if err := forgetKey(tx, c, ref); err != nil {
				return err
			}
		default:
			mr.Replicas = append(mr.Replicas, region)
		}
		c.key(replica)
		if err := putKey(tx, replica); err != nil {
			return err
		}
		c.key(primary)
		if err := putKey(tx, primary); err != nil {
			return err
		}
		return s.syncReplicas(tx, c, primary)
	})
	if err != nil {
		return nil, err
	}
	stored, ok, err := s.key(ctx, ref)
	if err != nil || !ok {
		return nil, err
	}
	// AWS answers while it makes the replica: Creating, not yet enabled
	// [KMS Developer Guide, CloudTrail example of ReplicateKey]. amity has
	// made it when it answers: DescribeKey shows it Enabled.
	m := keyMetadata(stored.rec, s.now())
	m.KeyState, m.Enabled = new(kmsapi.KeyStateCreating), new(false)
	out := &kmsapi.ReplicateKeyOutput{ReplicaKeyMetadata: m, ReplicaPolicy: &stored.rec.Policy, ReplicaTags: []kmsapi.Tag{}}
	for _, t := range stored.rec.Tags {
		out.ReplicaTags = append(out.ReplicaTags, kmsapi.Tag{TagKey: new(t.Key), TagValue: new(t.Value)})
	}
	return out, nil
}

// authorizeReplica checks, in the replica's Region, what creating its key
// needs of the caller's IAM policies.
func (s *Service) authorizeReplica(ctx context.Context, req *authz.Request, ref keyring.Ref, tags []kmsapi.Tag) error {
	cond := map[string][]string{condMultiRegion: trueValue, condMultiRegionKeyType: replicaValue}
	if _, err := s.authorizeAccount(ctx, req, "kms:CreateKey", "*", tagConditions(cond, tags, nil)); err != nil {
		return err
	}
	if len(tags) > 0 {
		if _, err := s.authorizeAccount(ctx, req, "kms:TagResource", ref.ARN(), tagConditions(nil, tags, nil)); err != nil {
			return err
		}
	}
	return nil
}

// replicaPolicy is the key policy of a new replica: the default one, or
// the one given, validated as CreateKey validates it.
func (s *Service) replicaPolicy(ctx context.Context, req *authz.Request, ref keyring.Ref, given *string, bypass bool) (string, error) {
	if given == nil {
		return defaultPolicy(ref.Account), nil
	}
	p, err := s.parsePolicy(ctx, *given)
	if err != nil {
		return "", err
	}
	if !bypass {
		if err := s.checkLockout(ctx, req, ref, p); err != nil {
			return "", err
		}
	}
	return *given, nil
}

// UpdatePrimaryRegion makes the replica in PrimaryRegion the primary key
// and the current primary a replica: kms:UpdatePrimaryRegion on both
// (with kms:PrimaryRegion on the current primary).
func (s *Service) UpdatePrimaryRegion(ctx context.Context, in *kmsapi.UpdatePrimaryRegionInput) (*kmsapi.UpdatePrimaryRegionOutput, error) {
	req := authz.FromContext(ctx)
	region := deref(in.PrimaryRegion)
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), 0)
	if err != nil {
		return nil, err
	}
	cond := map[string][]string{condPrimaryRegion: {region}}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:UpdatePrimaryRegion", conditions: cond}); err != nil {
		return nil, err
	}
	if err := checkPrimary(key.rec, "UpdatePrimaryRegion"); err != nil {
		return nil, err
	}
	if !key.rec.MultiRegion.live(region, s.now()) {
		return nil, keyNotFound(keyRefOf(key.rec.Account, region, key.rec.ID).ARN())
	}
	next, ok, err := s.key(ctx, keyRefOf(key.rec.Account, region, key.rec.ID))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, keyNotFound(keyRefOf(key.rec.Account, region, key.rec.ID).ARN())
	}
	if _, err := s.authorizeKey(ctx, req, next, &access{action: "kms:UpdatePrimaryRegion", conditions: cond}); err != nil {
		return nil, err
	}
	for _, k := range []*keyEntry{key, next} {
		if err := checkState(k.rec, s.now, notPendingDeletion); err != nil {
			return nil, err
		}
	}
	return nil, s.update(ctx, func(tx store.Tx, c *changes) error {
		old, ok, err := getKey(tx, key.rec.ref())
		if err != nil || !ok {
			return err
		}
		primary, ok, err := getKey(tx, next.rec.ref())
		if err != nil || !ok {
			return err
		}
		mr := &multiRegion{Primary: region, Replicas: append(slices.DeleteFunc(slices.Clone(old.MultiRegion.Replicas),
			func(r string) bool { return r == region }), old.Region), Deleting: old.MultiRegion.Deleting}
		primary.MultiRegion, primary.Rotation = mr, old.Rotation
		c.key(primary)
		if err := putKey(tx, primary); err != nil {
			return err
		}
		return s.syncReplicas(tx, c, primary)
	})
}

// checkPrimary refuses, for operations of multi-Region primary keys, a
// single-Region key or a replica.
func checkPrimary(rec *keyRecord, operation string) error {
	switch {
	case rec.MultiRegion == nil:
		return notMultiRegion(rec.ref().ARN(), operation)
	case rec.isReplica():
		return notPrimary(rec.ref().ARN(), operation)
	}
	return nil
}

// syncReplicas copies to each replica of a primary key what they share
// with it: key material (sealed anew for each), rotation schedule and
// history, and the multi-Region configuration.
func (s *Service) syncReplicas(tx store.Tx, c *changes, primary *keyRecord) error {
	for _, region := range primary.MultiRegion.Replicas {
		ref := keyRefOf(primary.Account, region, primary.ID)
		rec, ok, err := getKey(tx, ref)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		for v := len(rec.Material) + 1; v <= len(primary.Material); v++ {
			if primary.Imported != nil {
				// Each key imports the material itself; the replica
				// learns which (EXISTING_KEY_MATERIAL).
				rec.Material = append(rec.Material, nil)
				rec.Imported.Versions = append(rec.Imported.Versions, importedVersion{ID: primary.Imported.Versions[v-1].ID})
				continue
			}
			sealed, err := keyring.Reseal(s.sealer, primary.ref(), ref, uint32(v), primary.Material[v-1])
			if err != nil {
				return err
			}
			rec.Material = append(rec.Material, sealed)
		}
		rec.Rotation, rec.Rotations, rec.MultiRegion = primary.Rotation, primary.Rotations, primary.MultiRegion
		c.key(rec)
		if err := putKey(tx, rec); err != nil {
			return err
		}
	}
	return nil
}

// noteReplicaDeletion records in the primary key of replica — and so in
// every replica — when replica is deleted, or that it no longer is
// scheduled for deletion: the configuration then leaves it out, and a
// primary waiting in PendingReplicaDeletion knows its own deletion date.
func (s *Service) noteReplicaDeletion(tx store.Tx, c *changes, replica *keyRecord) error {
	ref := keyRefOf(replica.Account, replica.MultiRegion.Primary, replica.ID)
	primary, ok, err := getKey(tx, ref)
	if err != nil || !ok {
		return err
	}
	mr := primary.MultiRegion
	scheduled := replica.State == statePendingDeletion
	if d, had := mr.Deleting[replica.Region]; had == scheduled && d.Equal(replica.DeletionDate) {
		return nil
	}
	if scheduled {
		if mr.Deleting == nil {
			mr.Deleting = map[string]time.Time{}
		}
		mr.Deleting[replica.Region] = replica.DeletionDate
	} else {
		delete(mr.Deleting, replica.Region)
	}
	c.key(primary)
	if err := putKey(tx, primary); err != nil {
		return err
	}
	return s.syncReplicas(tx, c, primary)
}

// forgetKey removes what the deleted key ref left in the store — its
// grants and the aliases still naming it — before a new key takes its ARN
// (a replica made again in the Region of a deleted one).
func forgetKey(tx store.Tx, c *changes, ref keyring.Ref) error {
	old, ok, err := getKey(tx, ref)
	if err != nil || !ok {
		return err
	}
	grants, err := scanGrants(tx, ref)
	if err != nil {
		return err
	}
	c.grantsOf(ref)
	for _, g := range grants {
		if g.Retiring != "" {
			if err := tx.Delete(retiringTable, retiringKey(ref, g.Retiring, g.ID)); err != nil {
				return err
			}
		}
		if err := tx.Delete(grantsTable, grantKey(ref, g.ID)); err != nil {
			return err
		}
	}
	for _, name := range old.Aliases {
		a, ok, err := getRecord[aliasRecord](tx, aliasesTable, aliasKey(ref.Account, ref.Region, name))
		if err != nil {
			return err
		}
		if ok && a.KeyID == ref.KeyID {
			if err := c.deleteAlias(tx, ref.Account, ref.Region, name); err != nil {
				return err
			}
		}
	}
	return nil
}
