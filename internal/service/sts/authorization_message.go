package sts

import (
	"context"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
)

// DecodeAuthorizationMessage reveals an encoded authorization failure to a
// caller allowed sts:DecodeAuthorizationMessage.
func (s *Service) DecodeAuthorizationMessage(ctx context.Context, in *stsapi.DecodeAuthorizationMessageInput) (*stsapi.DecodeAuthorizationMessageOutput, error) {
	req := authz.FromContext(ctx)
	check := &authz.Check{Action: "sts:DecodeAuthorizationMessage", Resource: "*", ResourceAccount: req.Principal.Account}
	if err := refuseFederated(req, check.Action, check.Resource); err != nil {
		return nil, err
	}
	d, err := s.authz.Authorize(ctx, req, check)
	if err != nil {
		return nil, err
	}
	if !d.Allowed() {
		return nil, accessDenied(authz.DeniedMessage(req.Principal.ARN, check, d, true))
	}
	raw, ok := authz.OpenAuthorizationMessage(s.sealer, *in.EncodedMessage)
	if !ok {
		return nil, invalidMessage()
	}
	return &stsapi.DecodeAuthorizationMessageOutput{DecodedMessage: new(string(raw))}, nil
}

// invalidMessage refuses a message amity did not encode. (UNVERIFIED text.)
func invalidMessage() error {
	return stsapi.InvalidAuthorizationMessageException("The encoded authorization message is invalid.")
}
