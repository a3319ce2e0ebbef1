package sts

import (
	"context"
	"time"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
)

// Durations of users' temporary credentials, in seconds: GetSessionToken's
// default, and the most a root user's session may last
// (GetSessionToken's and GetFederationToken's).
const (
	defaultSessionTokenSeconds = 43200
	rootSessionSeconds         = 3600
)

// userSessionSeconds is how long temporary credentials of a user or the
// root user last: requested, else def; at most an hour for the root user,
// which AWS shortens silently rather than refuse.
func userSessionSeconds(requested *int32, def int32, caller *identity.Credential) int32 {
	seconds := def
	if requested != nil {
		seconds = *requested
	}
	if caller.Kind == identity.KindRoot && seconds > rootSessionSeconds {
		seconds = rootSessionSeconds
	}
	return seconds
}

// GetSessionToken returns temporary credentials of the calling user or
// root, with its own permissions. It needs no permission, and session
// credentials may not call it.
func (s *Service) GetSessionToken(ctx context.Context, in *stsapi.GetSessionTokenInput) (*stsapi.GetSessionTokenOutput, error) {
	req := authz.FromContext(ctx)
	caller := req.Credential
	if caller == nil || caller.Session != nil { // a session, or a service or identity-only session
		return nil, accessDenied("Cannot call GetSessionToken with session credentials")
	}
	seconds := userSessionSeconds(in.DurationSeconds, defaultSessionTokenSeconds, caller)
	cred := s.ids.NewTemporaryKey(caller.Account, caller.Kind, req.Time.Add(time.Duration(seconds)*time.Second))
	cred.UserName, cred.UserID, cred.UserPath = caller.UserName, caller.UserID, caller.UserPath
	if err := s.ids.SealSession(cred); err != nil {
		return nil, err
	}
	return &stsapi.GetSessionTokenOutput{Credentials: credentials(cred)}, nil
}
