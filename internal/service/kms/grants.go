package kms

import (
	"context"
	"encoding/hex"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/service/kms/keyring"
	"github.com/amityhq/amity/internal/store"
)

// CreateGrant lets a grantee principal perform the listed operations on a
// key. kms:GrantIsForAWSResource is true only when an AWS service calls on
// the caller's behalf (the EC2 path of the package documentation). With a
// Name, a retry with the same parameters returns the existing grant (with
// a new token).
func (s *Service) CreateGrant(ctx context.Context, in *kmsapi.CreateGrantInput) (*kmsapi.CreateGrantOutput, error) {
	req := authz.FromContext(ctx)
	if err := checkGrantRequest(in); err != nil {
		return nil, err
	}
	key, _, err := s.resolve(ctx, req, deref(in.KeyId), crossAccount)
	if err != nil {
		return nil, err
	}
	g := &grantRecord{
		KeyID:          key.rec.ID,
		Name:           deref(in.Name),
		Grantee:        deref(in.GranteePrincipal),
		Retiring:       deref(in.RetiringPrincipal),
		Operations:     in.Operations,
		IssuingAccount: policy.RootARN(req.Principal.Account),
	}
	if in.Constraints != nil {
		g.ContextSubset, g.ContextEquals = in.Constraints.EncryptionContextSubset, in.Constraints.EncryptionContextEquals
	}
	if _, err := s.authorizeKey(ctx, req, key, &access{action: "kms:CreateGrant", grantTokens: in.GrantTokens,
		conditions: createGrantConditions(req, g), child: g}); err != nil {
		return nil, err
	}
	if err := checkState(key.rec, s.now, enabledOnly); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	ref := key.rec.ref()
	random := make([]byte, grantIDBytes+grantTokenRandom)
	if _, err := io.ReadFull(s.rand, random); err != nil {
		return nil, err
	}
	g.ID, g.Created = hex.EncodeToString(random[:grantIDBytes]), s.now().UTC()
	err = s.update(ctx, func(tx store.Tx, c *changes) error {
		if g.Name != "" {
			grants, err := scanGrants(tx, ref)
			if err != nil {
				return err
			}
			if i := slices.IndexFunc(grants, g.sameRequest); i >= 0 {
				g = grants[i]
				return nil
			}
		}
		c.grantAdded(ref, g)
		if g.Retiring != "" {
			if err := tx.Put(retiringTable, retiringKey(ref, g.Retiring, g.ID), nil); err != nil {
				return err
			}
		}
		return putRecord(tx, grantsTable, grantKey(ref, g.ID), g)
	})
	if err != nil {
		return nil, err
	}
	token := newGrantToken(grantLocation{ref: ref, grantID: g.ID}, random[grantIDBytes:])
	return &kmsapi.CreateGrantOutput{GrantId: new(g.ID), GrantToken: &token}, nil
}

// checkGrantRequest applies KMS's rules to a CreateGrant request: its
// principals are AWS principals (an account, an IAM user or role, an
// assumed role or federated user session, a service principal), and it
// grants more than CreateGrant.
func checkGrantRequest(in *kmsapi.CreateGrantInput) error {
	for _, p := range []*string{in.GranteePrincipal, in.RetiringPrincipal} {
		if p != nil && !isGrantPrincipal(*p) {
			return invalidPrincipal(*p)
		}
	}
	if len(in.Operations) > 0 && !slices.ContainsFunc(in.Operations, func(op string) bool { return op != kmsapi.GrantOperationCreateGrant }) {
		return createGrantOnly()
	}
	return nil
}

// isGrantPrincipal reports whether p is a principal a grant may name.
func isGrantPrincipal(p string) bool {
	if strings.HasSuffix(p, ".amazonaws.com") && !strings.Contains(p, ":") {
		return true // a service principal, ec2.REGION.amazonaws.com
	}
	parts := strings.SplitN(p, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[3] != "" || !isAccountID(parts[4]) {
		return false
	}
	resource := parts[5]
	switch parts[2] {
	case "iam":
		return resource == "root" || strings.HasPrefix(resource, "user/") || strings.HasPrefix(resource, "role/")
	case "sts":
		return strings.HasPrefix(resource, "assumed-role/") || strings.HasPrefix(resource, "federated-user/")
	}
	return false
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// createGrantConditions are the condition keys of a CreateGrant request.
func createGrantConditions(req *authz.Request, g *grantRecord) map[string][]string {
	c := map[string][]string{
		condGrantIsForAWSResource: grantIsForAWSResource(req),
		condGrantOperations:       g.Operations,
		condGranteePrincipal:      {g.Grantee},
	}
	if g.Retiring != "" {
		c[condRetiringPrincipal] = []string{g.Retiring}
	}
	var types []string
	if g.ContextEquals != nil {
		types = append(types, "EncryptionContextEquals")
	}
	if g.ContextSubset != nil {
		types = append(types, "EncryptionContextSubset")
	}
	if types != nil {
		c[condGrantConstraintType] = types
	}
	return c
}

// sameRequest reports whether other was created by a CreateGrant request
// with the same parameters as g's (Name idempotency).
func (g *grantRecord) sameRequest(other *grantRecord) bool {
	return other.Name == g.Name && other.Grantee == g.Grantee && other.Retiring == g.Retiring &&
		slices.Equal(other.Operations, g.Operations) && maps.Equal(other.ContextSubset, g.ContextSubset) &&
		maps.Equal(other.ContextEquals, g.ContextEquals)
}

// ListGrants lists a key's grants by grant id, or one grant, or the grants
// of one grantee.
func (s *Service) ListGrants(ctx context.Context, in *kmsapi.ListGrantsInput) (*kmsapi.ListGrantsOutput, error) {
	key, err := s.grantsKey(ctx, deref(in.KeyId), "kms:ListGrants")
	if err != nil {
		return nil, err
	}
	pg, err := newListing(in.Limit, in.Marker, 50, 100)
	if err != nil {
		return nil, err
	}
	grants, err := s.readGrants(ctx, key.rec.ref())
	if err != nil {
		return nil, err
	}
	grants = slices.DeleteFunc(grants, func(g *grantRecord) bool {
		return (in.GrantId != nil && g.ID != *in.GrantId) || (in.GranteePrincipal != nil && g.Grantee != *in.GranteePrincipal)
	})
	if in.GrantId != nil && len(grants) == 0 {
		return nil, invalidGrantID()
	}
	return grantPage(grants, pg, func(g *grantRecord) string { return g.ID }, func(*grantRecord) string { return key.arn }), nil
}

// ListRetirableGrants lists the grants, on keys of any account in the
// Region, whose retiring principal is the one given. IAM policies of the
// caller's account decide.
func (s *Service) ListRetirableGrants(ctx context.Context, in *kmsapi.ListRetirableGrantsInput) (*kmsapi.ListRetirableGrantsOutput, error) {
	req := authz.FromContext(ctx)
	if _, err := s.authorizeAccount(ctx, req, "kms:ListRetirableGrants", "*", nil); err != nil {
		return nil, err
	}
	pg, err := newListing(in.Limit, in.Marker, 50, 100)
	if err != nil {
		return nil, err
	}
	prefix := req.Region + "/" + deref(in.RetiringPrincipal) + "\x00"
	type located struct {
		g   *grantRecord
		ref keyring.Ref
		pos string
	}
	var found []located
	now := s.now()
	err = s.store.View(ctx, func(tx store.Tx) error {
		return tx.Scan(retiringTable, prefix, "", func(k string, _ []byte) (bool, error) {
			pos := strings.TrimPrefix(k, prefix) // ACCOUNT/KEY-ID/GRANT-ID
			parts := strings.Split(pos, "/")
			if len(parts) != 3 {
				return true, nil
			}
			ref := keyRefOf(parts[0], req.Region, parts[1])
			g, ok, err := getRecord[grantRecord](tx, grantsTable, grantKey(ref, parts[2]))
			if err != nil || !ok {
				return err == nil, err
			}
			// A deleted key's grants are gone with it.
			key, ok, err := getKey(tx, ref)
			if ok && !key.deleted(now) {
				found = append(found, located{g, ref, pos})
			}
			return err == nil, err
		})
	})
	if err != nil {
		return nil, err
	}
	grants := make([]*grantRecord, len(found))
	positions := make(map[*grantRecord]located, len(found))
	for i, l := range found {
		grants[i] = l.g
		positions[l.g] = l
	}
	return grantPage(grants, pg, func(g *grantRecord) string { return positions[g].pos },
		func(g *grantRecord) string { return positions[g].ref.ARN() }), nil
}

// grantPage returns one page of grants sorted by pos, each listed with the
// ARN of its key.
func grantPage(grants []*grantRecord, pg listing, pos, keyARN func(*grantRecord) string) *kmsapi.ListGrantsResponse {
	slices.SortFunc(grants, func(a, b *grantRecord) int { return strings.Compare(pos(a), pos(b)) })
	listed, next, truncated := pageOf(grants, pg, pos)
	out := &kmsapi.ListGrantsResponse{Grants: make([]kmsapi.GrantListEntry, 0, len(listed)), NextMarker: next, Truncated: truncated}
	for _, g := range listed {
		out.Grants = append(out.Grants, g.listEntry(keyARN(g)))
	}
	return out
}

func (g *grantRecord) listEntry(keyARN string) kmsapi.GrantListEntry {
	e := kmsapi.GrantListEntry{
		KeyId:            new(keyARN),
		GrantId:          new(g.ID),
		CreationDate:     new(g.Created),
		GranteePrincipal: new(g.Grantee),
		IssuingAccount:   new(g.IssuingAccount),
		Operations:       g.Operations,
	}
	if g.Name != "" {
		e.Name = new(g.Name)
	}
	if g.Retiring != "" {
		e.RetiringPrincipal = new(g.Retiring)
	}
	if g.ContextSubset != nil || g.ContextEquals != nil {
		e.Constraints = &kmsapi.GrantConstraints{EncryptionContextSubset: g.ContextSubset, EncryptionContextEquals: g.ContextEquals}
	}
	return e
}

// RetireGrant deletes a grant named by its token, or by key and grant id.
// The grant decides who may: its retiring principal, its grantee when it
// allows RetireGrant, and the account that created it (its root, or its
// principals with kms:RetireGrant in their IAM policies).
func (s *Service) RetireGrant(ctx context.Context, in *kmsapi.RetireGrantInput) (*kmsapi.RetireGrantOutput, error) {
	req := authz.FromContext(ctx)
	var loc grantLocation
	switch {
	case in.GrantToken != nil:
		var ok bool
		if loc, ok = parseGrantToken(*in.GrantToken); !ok {
			return nil, invalidGrantToken()
		}
	case in.KeyId != nil && in.GrantId != nil:
		key, _, err := s.resolve(ctx, req, *in.KeyId, crossAccount)
		if err != nil {
			return nil, err
		}
		loc = grantLocation{ref: key.rec.ref(), grantID: *in.GrantId}
	default:
		// UNVERIFIED text [LocalStack's provider].
		return nil, validation("Grant token OR (grant ID, key ID) must be specified")
	}
	g, err := s.grant(ctx, loc)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeRetire(ctx, req, loc, g); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	return nil, s.deleteGrant(ctx, loc, g)
}

// authorizeRetire applies the grant's own rule for RetireGrant.
func (s *Service) authorizeRetire(ctx context.Context, req *authz.Request, loc grantLocation, g *grantRecord) error {
	p := &req.Principal
	switch {
	case g.Retiring != "" && namesCaller(g.Retiring, p):
		return nil
	case isGrantee(g, p) && slices.Contains(g.Operations, kmsapi.GrantOperationRetireGrant):
		return nil
	}
	check := &authz.Check{Action: "kms:RetireGrant", Resource: loc.ref.ARN(), ResourceAccount: req.Principal.Account,
		Context: policy.Keys(callerConditions(req, nil))}
	if policy.RootARN(p.Account) != g.IssuingAccount {
		return denied(req, check, policy.Decision{Effect: policy.ImplicitDeny, By: policy.IdentityBasedPolicy})
	}
	d, err := s.authorizer.Authorize(ctx, req, check)
	if err == nil && !d.Allowed() {
		err = denied(req, check, d)
	}
	return err
}

// RevokeGrant deletes a grant; key policies and IAM policies decide who
// may.
func (s *Service) RevokeGrant(ctx context.Context, in *kmsapi.RevokeGrantInput) (*kmsapi.RevokeGrantOutput, error) {
	key, err := s.grantsKey(ctx, deref(in.KeyId), "kms:RevokeGrant")
	if err != nil {
		return nil, err
	}
	loc := grantLocation{ref: key.rec.ref(), grantID: deref(in.GrantId)}
	g, err := s.grant(ctx, loc)
	if err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	return nil, s.deleteGrant(ctx, loc, g)
}

// grantsKey resolves the key of ListGrants or RevokeGrant (any account's,
// by ARN) and authorizes action on it, with kms:GrantIsForAWSResource.
func (s *Service) grantsKey(ctx context.Context, id, action string) (*keyEntry, error) {
	req := authz.FromContext(ctx)
	key, _, err := s.resolve(ctx, req, id, crossAccount)
	if err != nil {
		return nil, err
	}
	_, err = s.authorizeKey(ctx, req, key, &access{action: action,
		conditions: map[string][]string{condGrantIsForAWSResource: grantIsForAWSResource(req)}})
	return key, err
}

// grant reads one grant; NotFoundException when there is none.
func (s *Service) grant(ctx context.Context, loc grantLocation) (*grantRecord, error) {
	var g *grantRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		g, _, err = getRecord[grantRecord](tx, grantsTable, grantKey(loc.ref, loc.grantID))
		return err
	})
	if err == nil && g == nil {
		err = grantNotFound(loc.grantID)
	}
	return g, err
}

func (s *Service) deleteGrant(ctx context.Context, loc grantLocation, g *grantRecord) error {
	return s.update(ctx, func(tx store.Tx, c *changes) error {
		c.grantRemoved(loc.ref, g.ID)
		if g.Retiring != "" {
			if err := tx.Delete(retiringTable, retiringKey(loc.ref, g.Retiring, g.ID)); err != nil {
				return err
			}
		}
		return tx.Delete(grantsTable, grantKey(loc.ref, g.ID))
	})
}

// scanGrants reads the grants of a key inside a transaction, by grant id.
func scanGrants(tx store.Tx, ref keyring.Ref) ([]*grantRecord, error) {
	var grants []*grantRecord
	err := tx.Scan(grantsTable, keyKey(ref)+"/", "", func(_ string, raw []byte) (bool, error) {
		g, err := decode[grantRecord](raw)
		if err == nil {
			grants = append(grants, g)
		}
		return err == nil, err
	})
	return grants, err
}
