package sts

import (
	"context"
	"errors"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
)

// GetCallerIdentity tells the caller who it is. AWS answers it even to a
// principal whose policies deny everything: no authorization.
func (s *Service) GetCallerIdentity(ctx context.Context, _ *stsapi.GetCallerIdentityInput) (*stsapi.GetCallerIdentityOutput, error) {
	req := authz.FromContext(ctx)
	return &stsapi.GetCallerIdentityOutput{
		UserId:  new(req.PrincipalID()),
		Account: new(req.Principal.Account),
		Arn:     new(req.Principal.ARN),
	}, nil
}

// GetAccessKeyInfo returns the account an access key belongs to. Like
// GetCallerIdentity it needs no permission.
func (s *Service) GetAccessKeyInfo(ctx context.Context, in *stsapi.GetAccessKeyInfoInput) (*stsapi.GetAccessKeyInfoOutput, error) {
	if err := refuseFederated(authz.FromContext(ctx), "sts:GetAccessKeyInfo", "*"); err != nil {
		return nil, err
	}
	c, err := s.ids.Lookup(ctx, *in.AccessKeyId)
	if errors.Is(err, identity.ErrUnknownKey) {
		// AWS derives the account from the key id itself; amity's ids
		// carry none, so an unknown key has no answer. (UNVERIFIED text.)
		return nil, stsapi.Validation("The access key ID " + *in.AccessKeyId + " is not valid.")
	}
	if err != nil {
		return nil, err
	}
	return &stsapi.GetAccessKeyInfoOutput{Account: new(c.Account)}, nil
}
