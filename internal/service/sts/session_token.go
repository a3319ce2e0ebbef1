package sts

import (
	"context"
	"time"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
)

// GetSessionToken durations, in seconds.
const (
	defaultSessionTokenSeconds = 43200
	rootSessionTokenSeconds    = 3600
)

// GetSessionToken returns temporary credentials of the calling user or
// root, with its own permissions. It needs no permission, and session
// credentials may not call it.
func (s *Service) GetSessionToken(ctx context.Context, in *stsapi.GetSessionTokenInput) (*stsapi.GetSessionTokenOutput, error) {
	req := authz.FromContext(ctx)
	caller := req.Credential
	if caller == nil || caller.Session != nil { // a session, or a service or identity-only session
		return nil, accessDenied("Cannot call GetSessionToken with session credentials")
	}
	seconds := int32(defaultSessionTokenSeconds)
	if in.DurationSeconds != nil {
		seconds = *in.DurationSeconds
	}
	if caller.Kind == identity.KindRoot && seconds > rootSessionTokenSeconds {
		seconds = rootSessionTokenSeconds // AWS shortens a root session silently
	}
	cred := s.ids.NewTemporaryKey(caller.Account, caller.Kind, req.Time.Add(time.Duration(seconds)*time.Second))
	cred.UserName, cred.UserID, cred.UserPath = caller.UserName, caller.UserID, caller.UserPath
	if err := s.ids.Save(ctx, cred); err != nil {
		return nil, err
	}
	return &stsapi.GetSessionTokenOutput{Credentials: credentials(cred)}, nil
}
