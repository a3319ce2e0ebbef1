package kms

import (
	"context"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// alias returns an alias from the cache or the store, nil when there is
// none or its key has been deleted (AWS deletes a key's aliases with it).
// The cache holds nil for aliases known not to exist after a delete.
func (s *Service) alias(ctx context.Context, account, region, name string) (*aliasRecord, error) {
	k := aliasKey(account, region, name)
	v, hit := s.aliases.Load(k)
	if !hit {
		var a *aliasRecord
		err := s.store.View(ctx, func(tx store.Tx) error {
			var err error
			a, _, err = getRecord[aliasRecord](tx, aliasesTable, k)
			return err
		})
		if err != nil || a == nil {
			return nil, err
		}
		v, _ = s.aliases.LoadOrStore(k, a)
	}
	a := v.(*aliasRecord)
	if a == nil {
		return nil, nil
	}
	if _, ok, err := s.key(ctx, keyRefOf(account, region, a.KeyID)); err != nil || !ok {
		return nil, err
	}
	return a, nil
}

// aliasInTx reads an alias in a write transaction, nil when there is none
// or its key has been deleted.
func (s *Service) aliasInTx(tx store.Tx, account, region, name string) (*aliasRecord, error) {
	a, ok, err := getRecord[aliasRecord](tx, aliasesTable, aliasKey(account, region, name))
	if err != nil || !ok {
		return nil, err
	}
	rec, ok, err := getKey(tx, keyRefOf(account, region, a.KeyID))
	if err != nil || !ok || rec.deletedNow(s.now) {
		return nil, err
	}
	return a, nil
}

// putAlias stores an alias in a write transaction; c.aliases carries it
// to the cache once committed.
func (c *changes) putAlias(tx store.Tx, account, region string, a *aliasRecord) error {
	k := aliasKey(account, region, a.Name)
	c.alias(k, a)
	return putRecord(tx, aliasesTable, k, a)
}

func (c *changes) deleteAlias(tx store.Tx, account, region, name string) error {
	k := aliasKey(account, region, name)
	c.alias(k, nil)
	return tx.Delete(aliasesTable, k)
}

// alias notes the alias under k put (a), or deleted (nil).
func (c *changes) alias(k string, a *aliasRecord) {
	if c.aliases == nil {
		c.aliases = map[string]*aliasRecord{}
	}
	c.aliases[k] = a
}

// aliasTargetRecord reads, in a write transaction, the key an alias change
// touches and records it as changed.
func aliasTargetRecord(tx store.Tx, c *changes, key *keyEntry, change func(*keyRecord)) error {
	ref := key.rec.ref()
	rec, ok, err := getKey(tx, ref)
	if err != nil || !ok {
		return err
	}
	change(rec)
	c.key(rec)
	return putKey(tx, rec)
}

// checkAliasName applies KMS's rules to a customer's alias name: the
// alias/ prefix, and alias/aws/ reserved for AWS managed keys.
func checkAliasName(name string) error {
	switch {
	case !strings.HasPrefix(name, "alias/"):
		return aliasPrefix()
	case strings.HasPrefix(name, "alias/aws/"):
		return reservedAlias(name)
	}
	return nil
}

// CreateAlias gives a customer managed key of the caller's account a new
// alias: kms:CreateAlias on the alias (IAM policy) and on the key (key
// policy).
func (s *Service) CreateAlias(ctx context.Context, in *kmsapi.CreateAliasInput) (*kmsapi.CreateAliasOutput, error) {
	req := authz.FromContext(ctx)
	name := deref(in.AliasName)
	if err := checkAliasName(name); err != nil {
		return nil, err
	}
	key, _, err := s.resolve(ctx, req, deref(in.TargetKeyId), 0)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeAlias(ctx, req, "kms:CreateAlias", name, key); err != nil {
		return nil, err
	}
	if err := checkState(key.rec, s.now, notPendingDeletion); err != nil {
		return nil, err
	}
	account, region := req.Principal.Account, req.Region
	now := s.now().UTC()
	return nil, s.update(ctx, func(tx store.Tx, c *changes) error {
		existing, err := s.aliasInTx(tx, account, region, name)
		if err != nil {
			return err
		}
		if existing != nil {
			return aliasExists(aliasARN(account, region, name))
		}
		if err := c.putAlias(tx, account, region, &aliasRecord{Name: name, KeyID: key.rec.ID, Created: now, Updated: now}); err != nil {
			return err
		}
		return aliasTargetRecord(tx, c, key, func(rec *keyRecord) { rec.Aliases = addName(rec.Aliases, name) })
	})
}

// UpdateAlias points an alias at another key of the same account:
// kms:UpdateAlias on the alias, the current key and the new key.
func (s *Service) UpdateAlias(ctx context.Context, in *kmsapi.UpdateAliasInput) (*kmsapi.UpdateAliasOutput, error) {
	req := authz.FromContext(ctx)
	name := deref(in.AliasName)
	a, current, err := s.customerAlias(ctx, req, name)
	if err != nil {
		return nil, err
	}
	target, _, err := s.resolve(ctx, req, deref(in.TargetKeyId), 0)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeAlias(ctx, req, "kms:UpdateAlias", name, current, target); err != nil {
		return nil, err
	}
	if err := checkState(target.rec, s.now, notPendingDeletion); err != nil {
		return nil, err
	}
	updated := *a
	updated.KeyID, updated.Updated = target.rec.ID, s.now().UTC()
	return nil, s.update(ctx, func(tx store.Tx, c *changes) error {
		if err := c.putAlias(tx, req.Principal.Account, req.Region, &updated); err != nil {
			return err
		}
		if err := aliasTargetRecord(tx, c, current, func(rec *keyRecord) { rec.Aliases = removeName(rec.Aliases, name) }); err != nil {
			return err
		}
		return aliasTargetRecord(tx, c, target, func(rec *keyRecord) { rec.Aliases = addName(rec.Aliases, name) })
	})
}

// DeleteAlias deletes an alias: kms:DeleteAlias on the alias and its key.
func (s *Service) DeleteAlias(ctx context.Context, in *kmsapi.DeleteAliasInput) (*kmsapi.DeleteAliasOutput, error) {
	req := authz.FromContext(ctx)
	name := deref(in.AliasName)
	_, key, err := s.customerAlias(ctx, req, name)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeAlias(ctx, req, "kms:DeleteAlias", name, key); err != nil {
		return nil, err
	}
	return nil, s.update(ctx, func(tx store.Tx, c *changes) error {
		if err := c.deleteAlias(tx, req.Principal.Account, req.Region, name); err != nil {
			return err
		}
		return aliasTargetRecord(tx, c, key, func(rec *keyRecord) { rec.Aliases = removeName(rec.Aliases, name) })
	})
}

// customerAlias finds, for UpdateAlias and DeleteAlias, a customer's alias
// of the caller's account and Region and the key it names: a name outside
// alias/ or under alias/aws/ is refused as CreateAlias refuses it, and a
// missing alias is a NotFoundException.
func (s *Service) customerAlias(ctx context.Context, req *authz.Request, name string) (*aliasRecord, *keyEntry, error) {
	if err := checkAliasName(name); err != nil {
		return nil, nil, err
	}
	account, region := req.Principal.Account, req.Region
	a, err := s.alias(ctx, account, region, name)
	if err != nil {
		return nil, nil, err
	}
	if a == nil {
		return nil, nil, aliasNotFound(aliasARN(account, region, name))
	}
	key, _, err := s.resolve(ctx, req, a.KeyID, 0)
	return a, key, err
}

// authorizeAlias checks action on the alias (IAM policies decide: aliases
// have no policy of their own) and then on each key (their key policies).
func (s *Service) authorizeAlias(ctx context.Context, req *authz.Request, action, name string, keys ...*keyEntry) error {
	if _, err := s.authorizeAccount(ctx, req, action, aliasARN(req.Principal.Account, req.Region, name), nil); err != nil {
		return err
	}
	for _, key := range keys {
		if _, err := s.authorizeKey(ctx, req, key, &access{action: action}); err != nil {
			return err
		}
	}
	return nil
}

// ListAliases lists the aliases of the caller's account and Region by
// name, predefined AWS aliases whose key does not exist yet included
// (without TargetKeyId, as AWS lists them), or those of one key.
func (s *Service) ListAliases(ctx context.Context, in *kmsapi.ListAliasesInput) (*kmsapi.ListAliasesOutput, error) {
	req := authz.FromContext(ctx)
	if _, err := s.authorizeAccount(ctx, req, "kms:ListAliases", "*", nil); err != nil {
		return nil, err
	}
	var only string
	if in.KeyId != nil {
		key, _, err := s.resolve(ctx, req, *in.KeyId, 0)
		if err != nil {
			return nil, err
		}
		only = key.rec.ID
	}
	pg, err := newListing(in.Limit, in.Marker, 50, 100)
	if err != nil {
		return nil, err
	}
	account, region := req.Principal.Account, req.Region
	entries, err := s.aliasEntries(ctx, account, region, only)
	if err != nil {
		return nil, err
	}
	out := &kmsapi.ListAliasesOutput{}
	out.Aliases, out.NextMarker, out.Truncated = pageOf(entries, pg, func(e kmsapi.AliasListEntry) string { return *e.AliasName })
	return out, nil
}

// aliasEntries returns the aliases of an account and Region sorted by
// name, leaving out those of deleted keys; only keyID's when not empty.
func (s *Service) aliasEntries(ctx context.Context, account, region, keyID string) ([]kmsapi.AliasListEntry, error) {
	var aliases []*aliasRecord
	prefix := aliasKey(account, region, "")
	err := s.store.View(ctx, func(tx store.Tx) error {
		return tx.Scan(aliasesTable, prefix, "", func(_ string, raw []byte) (bool, error) {
			a, err := decode[aliasRecord](raw)
			if err == nil && (keyID == "" || a.KeyID == keyID) {
				aliases = append(aliases, a)
			}
			return err == nil, err
		})
	})
	if err != nil {
		return nil, err
	}
	entries := make([]kmsapi.AliasListEntry, 0, len(aliases)+len(managedAliases))
	seen := map[string]bool{}
	for _, a := range aliases {
		seen[a.Name] = true
		_, ok, err := s.key(ctx, keyRefOf(account, region, a.KeyID))
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		entries = append(entries, kmsapi.AliasListEntry{AliasName: new(a.Name), AliasArn: new(aliasARN(account, region, a.Name)),
			TargetKeyId: new(a.KeyID), CreationDate: new(a.Created), LastUpdatedDate: new(a.Updated)})
	}
	if keyID == "" {
		for name := range managedAliases {
			if !seen[name] {
				entries = append(entries, kmsapi.AliasListEntry{AliasName: new(name), AliasArn: new(aliasARN(account, region, name))})
			}
		}
	}
	slices.SortFunc(entries, func(a, b kmsapi.AliasListEntry) int { return strings.Compare(*a.AliasName, *b.AliasName) })
	return entries, nil
}

func addName(names []string, name string) []string {
	if slices.Contains(names, name) {
		return names
	}
	names = append(names, name)
	slices.Sort(names)
	return names
}

func removeName(names []string, name string) []string {
	return slices.DeleteFunc(names, func(n string) bool { return n == name })
}
