package iam

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/store"
)

// maxPolicyVersions is IAM's quota of versions per managed policy.
const maxPolicyVersions = 5

// CreatePolicyVersion adds a version to a customer managed policy,
// optionally as its default. LimitExceeded when it has five already.
func (s *Service) CreatePolicyVersion(ctx context.Context, in *iamapi.CreatePolicyVersionInput) (*iamapi.CreatePolicyVersionOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:CreatePolicyVersion", *in.PolicyArn, true); err != nil {
		return nil, err
	}
	if _, err := s.parseManaged(*in.PolicyArn, *in.PolicyDocument); err != nil {
		return nil, err
	}
	var out iamapi.PolicyVersion
	err := s.updatePolicy(ctx, *in.PolicyArn, noSuchPolicy(*in.PolicyArn), func(p *ManagedPolicy) error {
		if len(p.Versions) >= maxPolicyVersions {
			return errPolicyVersionQuota
		}
		v := PolicyVersion{ID: "v" + strconv.Itoa(p.NextVersion), Document: *in.PolicyDocument, Created: s.now()}
		p.NextVersion++
		p.Versions = append(p.Versions, v)
		p.Updated = v.Created
		if in.SetAsDefault != nil && *in.SetAsDefault {
			p.DefaultVersion = v.ID
		}
		out = versionShape(p, &v, false)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.CreatePolicyVersionOutput{PolicyVersion: &out}, nil
}

// GetPolicyVersion returns a version with its document, URL-encoded as
// IAM returns documents. Of AWS's policies amity knows the default
// version only.
func (s *Service) GetPolicyVersion(ctx context.Context, in *iamapi.GetPolicyVersionInput) (*iamapi.GetPolicyVersionOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:GetPolicyVersion", *in.PolicyArn, false); err != nil {
		return nil, err
	}
	var out iamapi.PolicyVersion
	err := s.store.View(ctx, func(tx store.Tx) error {
		p, v, err := findVersion(tx, *in.PolicyArn, *in.VersionId)
		if err == nil {
			out = versionShape(p, v, true)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.GetPolicyVersionOutput{PolicyVersion: &out}, nil
}

// findVersion loads a policy's version; a missing policy or version are
// both "Policy ARN version V does not exist or is not attachable."
func findVersion(tx store.Tx, arn, id string) (*ManagedPolicy, *PolicyVersion, error) {
	p, err := lookupPolicy(tx, arn)
	if errors.Is(err, errNotFound) {
		return nil, nil, noSuchPolicyVersion(arn, id)
	}
	if err != nil {
		return nil, nil, err
	}
	v, ok := p.Version(id)
	if !ok {
		return nil, nil, noSuchPolicyVersion(arn, id)
	}
	return p, v, nil
}

// ListPolicyVersions lists a policy's versions, newest first, without
// documents.
func (s *Service) ListPolicyVersions(ctx context.Context, in *iamapi.ListPolicyVersionsInput) (*iamapi.ListPolicyVersionsOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:ListPolicyVersions", *in.PolicyArn, false); err != nil {
		return nil, err
	}
	var versions []iamapi.PolicyVersion
	err := s.store.View(ctx, func(tx store.Tx) error {
		p, err := findPolicy(tx, *in.PolicyArn)
		if err != nil {
			return err
		}
		for _, v := range newestFirst(p.Versions) {
			versions = append(versions, versionShape(p, &v, false))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	pg, err := paginate(versions, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListPolicyVersionsOutput{Versions: pg.items, IsTruncated: pg.truncated, Marker: pg.marker}, nil
}

// newestFirst orders versions v5, v4, ... as AWS lists them.
func newestFirst(vs []PolicyVersion) []PolicyVersion {
	out := slices.Clone(vs)
	slices.SortFunc(out, func(a, b PolicyVersion) int { return cmp.Compare(versionNumber(b.ID), versionNumber(a.ID)) })
	return out
}

func versionNumber(id string) int {
	n, _ := strconv.Atoi(id[1:])
	return n
}

// DeletePolicyVersion deletes a version other than the default
// (DeleteConflict for the default).
func (s *Service) DeletePolicyVersion(ctx context.Context, in *iamapi.DeletePolicyVersionInput) (*iamapi.DeletePolicyVersionOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:DeletePolicyVersion", *in.PolicyArn, true); err != nil {
		return nil, err
	}
	missing := noSuchPolicyVersion(*in.PolicyArn, *in.VersionId)
	return nil, s.updatePolicy(ctx, *in.PolicyArn, missing, func(p *ManagedPolicy) error {
		if _, ok := p.Version(*in.VersionId); !ok {
			return missing
		}
		if *in.VersionId == p.DefaultVersion {
			return errDeleteDefaultVersion
		}
		p.Versions = slices.DeleteFunc(p.Versions, func(v PolicyVersion) bool { return v.ID == *in.VersionId })
		return nil
	})
}

// SetDefaultPolicyVersion makes a version the one in force.
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, in *iamapi.SetDefaultPolicyVersionInput) (*iamapi.SetDefaultPolicyVersionOutput, error) {
	c := callerOf(ctx)
	if err := s.allowPolicy(ctx, c, "iam:SetDefaultPolicyVersion", *in.PolicyArn, true); err != nil {
		return nil, err
	}
	missing := noSuchPolicyVersion(*in.PolicyArn, *in.VersionId)
	return nil, s.updatePolicy(ctx, *in.PolicyArn, missing, func(p *ManagedPolicy) error {
		if _, ok := p.Version(*in.VersionId); !ok {
			return missing
		}
		p.DefaultVersion = *in.VersionId
		return nil
	})
}

// updatePolicy runs fn on the customer managed policy at arn in a write
// transaction and stores it when fn succeeds; missing is the answer when
// there is no such policy (operations on a version name the version).
func (s *Service) updatePolicy(ctx context.Context, arn string, missing error, fn func(p *ManagedPolicy) error) error {
	return s.update(ctx, func(tx store.Tx) error {
		p, err := lookupPolicy(tx, arn)
		if errors.Is(err, errNotFound) {
			return missing
		}
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
		return put(tx, policiesTable, p.Account, p.Name, p)
	})
}
