// Package sts is amity's AWS Security Token Service: who a caller is
// (GetCallerIdentity), role sessions (AssumeRole) with trust policies,
// identity policies, session policies, session tags and the role-chaining
// limit, federated user sessions (GetFederationToken), temporary
// credentials (GetSessionToken), and the decoding of EC2's encoded
// authorization failures.
package sts

import (
	"context"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/service/iam"
)

// Roles is what STS needs of IAM.
type Roles interface {
	AssumableRole(ctx context.Context, account, name string) (*iam.AssumableRole, bool, error)
	ManagedPolicyDocument(ctx context.Context, arn string) (string, bool, error)
}

// Service is STS for all accounts and Regions.
type Service struct {
	ids    *identity.Registry
	roles  Roles
	authz  *authz.Authorizer
	sealer identity.Sealer
}

// New returns STS over the registry, reading roles from roles and sealing
// authorization messages with sealer.
func New(ids *identity.Registry, roles Roles, az *authz.Authorizer, sealer identity.Sealer) *Service {
	return &Service{ids: ids, roles: roles, authz: az, sealer: sealer}
}

// accessDenied is STS's refusal: AccessDenied, HTTP 403.
func accessDenied(message string) *awserr.Error {
	return stsapi.AccessDenied(message)
}
