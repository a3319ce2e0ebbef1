package sts

import (
	"context"
	"time"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// defaultFederationSeconds is a federated user session's duration unless
// asked [STS API reference: "from 900 seconds (15 minutes) up to a
// maximum of 129,600 seconds (36 hours). The default session duration is
// 43,200 seconds (12 hours). Temporary credentials obtained by using the
// root user credentials have a maximum duration of 3,600 seconds (1
// hour)"]; the model checks the range.
const defaultFederationSeconds = 43200

// GetFederationToken returns the credentials of a federated user session
// named Name, arn:aws:sts::ACCOUNT:federated-user/NAME, for the calling
// user (or root user): its permissions are the intersection of the
// caller's and the session policies passed, none without them, plus what
// resource policies grant the federated user by name. The caller needs
// sts:GetFederationToken on the federated user (and sts:TagSession to
// pass tags); session credentials are refused. The session may call no
// IAM operation (the server refuses it) and no STS operation but
// GetCallerIdentity.
func (s *Service) GetFederationToken(ctx context.Context, in *stsapi.GetFederationTokenInput) (*stsapi.GetFederationTokenOutput, error) {
	req := authz.FromContext(ctx)
	caller := req.Credential
	tags, err := newSessionTags(in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	fedARN := "arn:aws:sts::" + caller.Account + ":federated-user/" + *in.Name
	conditions := policy.Keys{}
	tags.context(conditions)
	check := &authz.Check{Action: "sts:GetFederationToken", Resource: fedARN, ResourceAccount: caller.Account,
		Context: conditions}
	d, err := s.authz.Authorize(ctx, req, check)
	if err != nil {
		return nil, err
	}
	// No reason suffix ["AccessDenied: User: arn:aws:iam::[ID] is not
	// authorized to perform: sts:GetFederationToken on resource:
	// arn:aws:sts::[ID]:federated-user/S3UploadWebToken", 2024].
	if !d.Allowed() {
		return nil, accessDenied(authz.DeniedMessage(req.Principal.ARN, check, policy.Decision{}, false))
	}
	if caller.Session != nil {
		// Checked after the permission, as AWS answers a role session
		// allowed sts:GetFederationToken [hashicorp/vault#4108, 2018].
		return nil, accessDenied("Cannot call GetFederationToken with session credentials")
	}
	if tags.any() {
		if err := s.allowTagging(ctx, req, check); err != nil {
			return nil, err
		}
	}
	policies, packed, err := s.sessionPolicies(ctx, in.Policy, in.PolicyArns, tags)
	if err != nil {
		return nil, err
	}
	// Shortened for the root user as GetSessionToken does (UNVERIFIED for
	// GetFederationToken: refused or shortened).
	seconds := userSessionSeconds(in.DurationSeconds, defaultFederationSeconds, caller)
	cred := s.ids.NewTemporaryKey(caller.Account, identity.KindFederated, req.Time.Add(time.Duration(seconds)*time.Second))
	cred.UserName, cred.UserID, cred.UserPath = caller.UserName, caller.UserID, caller.UserPath
	sess := cred.Session
	sess.SessionName, sess.SessionPolicies, sess.Tags = *in.Name, policies, tags.tags
	if err := s.ids.SealSession(cred); err != nil {
		return nil, err
	}
	// PackedPolicySize is present even without policies ("PackedPolicySize":
	// 0 [LocalStack's STS snapshot recorded on AWS, 2024-06-05]).
	return &stsapi.GetFederationTokenOutput{
		Credentials:      credentials(cred),
		FederatedUser:    &stsapi.FederatedUser{FederatedUserId: new(cred.PrincipalID()), Arn: new(cred.Principal().ARN)},
		PackedPolicySize: new(packed),
	}, nil
}
