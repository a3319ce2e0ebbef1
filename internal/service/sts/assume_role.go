package sts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// Session lengths, in seconds.
const (
	defaultSessionSeconds = 3600
	minSessionSeconds     = 900
	chainedSessionSeconds = 3600 // role chaining caps a session at one hour
)

// AssumeRole returns credentials for a session of the role. The role's
// trust policy must allow the caller (naming it, or naming its account and
// then the caller's own identity policies must allow sts:AssumeRole too);
// across accounts both always must. A role that does not exist is refused
// exactly like one the caller may not assume.
func (s *Service) AssumeRole(ctx context.Context, in *stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
	req := authz.FromContext(ctx)
	roleARN := *in.RoleArn
	if err := checkARN(roleARN); err != nil {
		return nil, err
	}
	check := &authz.Check{Action: "sts:AssumeRole", Resource: roleARN, Mode: policy.ResourcePolicyRequired}
	denied := accessDenied(authz.DeniedMessage(req.Principal.ARN, check, policy.Decision{}, false))
	if req.Principal.Type == policy.Root {
		return nil, accessDenied("Roles may not be assumed by root accounts.")
	}
	if err := refuseFederated(req, check.Action, roleARN); err != nil {
		return nil, err
	}
	tags, err := newSessionTags(in.Tags, in.TransitiveTagKeys, callingSession(req))
	if err != nil {
		return nil, err
	}
	account, name, ok := splitRoleARN(roleARN)
	if !ok { // an ARN, but of no role: no role to assume (UNVERIFIED: AWS's answer for another kind of ARN)
		return nil, denied
	}
	role, ok, err := s.roles.AssumableRole(ctx, account, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, denied
	}
	check.ResourceAccount, check.ResourcePolicy = account, role.Trust
	check.Context = policy.Keys(assumeRoleContext(in, tags))
	d, err := s.authz.Authorize(ctx, req, check)
	if err != nil {
		return nil, err
	}
	if !d.Allowed() {
		return nil, denied
	}
	if tags.any() {
		if err := s.allowTagging(ctx, req, check); err != nil {
			return nil, err
		}
	}

	// A role session assuming a role chains; a service principal or a
	// user does not. Callers without a credential (services) are served.
	chained := req.Principal.Type == policy.AssumedRole
	seconds, err := sessionSeconds(in.DurationSeconds, role.MaxSessionDuration, chained)
	if err != nil {
		return nil, err
	}
	policies, packed, err := s.sessionPolicies(ctx, in.Policy, in.PolicyArns, tags)
	if err != nil {
		return nil, err
	}
	cred := s.ids.NewTemporaryKey(account, identity.KindSession, req.Time.Add(time.Duration(seconds)*time.Second))
	sess := cred.Session
	sess.RoleName, sess.RolePath, sess.RoleID = role.Name, role.Path, role.ID
	sess.SessionName, sess.SessionPolicies, sess.Chained = *in.RoleSessionName, policies, chained
	sess.SourceArn = req.Principal.ARN
	sess.Tags, sess.TransitiveTagKeys = tags.tags, tags.transitive
	if err := s.ids.SealSession(cred); err != nil {
		return nil, err
	}
	p := cred.Principal()
	out := &stsapi.AssumeRoleOutput{
		Credentials:     credentials(cred),
		AssumedRoleUser: &stsapi.AssumedRoleUser{AssumedRoleId: new(cred.PrincipalID()), Arn: new(p.ARN)},
		SourceIdentity:  in.SourceIdentity,
	}
	if len(policies) > 0 || tags.any() {
		out.PackedPolicySize = new(packed)
	}
	return out, nil
}

// assumeRoleContext gives the trust policy the sts:* condition keys and
// the request's tag keys (lower-cased, as authz.Check wants them).
func assumeRoleContext(in *stsapi.AssumeRoleInput, tags *sessionTags) map[string][]string {
	c := map[string][]string{"sts:rolesessionname": {*in.RoleSessionName}}
	if in.ExternalId != nil {
		c["sts:externalid"] = []string{*in.ExternalId}
	}
	if in.SourceIdentity != nil {
		c["sts:sourceidentity"] = []string{*in.SourceIdentity}
	}
	tags.context(c)
	return c
}

// sessionSeconds applies DurationSeconds' rules.
func sessionSeconds(requested *int32, maxSession int32, chained bool) (int32, error) {
	seconds := int32(defaultSessionSeconds)
	if requested != nil {
		seconds = *requested
	}
	switch {
	case seconds < minSessionSeconds:
		return 0, stsapi.Validation(fmt.Sprintf("1 validation error detected: Value '%d' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to %d", seconds, minSessionSeconds))
	case chained && seconds > chainedSessionSeconds:
		return 0, stsapi.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	case seconds > maxSession:
		return 0, stsapi.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	return seconds, nil
}

// splitRoleARN returns the account and name of arn:aws:iam::ACCT:role/path/NAME.
func splitRoleARN(arn string) (account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !identity.IsAccountID(parts[4]) ||
		!strings.HasPrefix(parts[5], "role/") {
		return "", "", false
	}
	res := parts[5]
	return parts[4], res[strings.LastIndexByte(res, '/')+1:], true
}

func credentials(c *identity.Credential) *stsapi.Credentials {
	return &stsapi.Credentials{
		AccessKeyId:     new(c.AccessKeyID),
		SecretAccessKey: new(c.Secret),
		SessionToken:    new(c.Session.SessionToken),
		Expiration:      new(c.Session.Expiration),
	}
}
