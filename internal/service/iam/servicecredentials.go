package iam

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// credentialServices are the services IAM makes service-specific
// credentials for, by service name: a user name and password for
// CodeCommit and Keyspaces, an API key (a public alias and a secret) for
// Bedrock and CloudWatch Logs ["You can create service-specific
// credentials for Amazon Bedrock, Amazon CloudWatch Logs, CodeCommit and
// Amazon Keyspaces", IAM API reference, CreateServiceSpecificCredential].
var credentialServices = map[string]struct {
	apiKey bool
	// keyPrefix begins an API key's secret: "ABSK" for Bedrock's
	// ["ServiceCredentialSecret (starting with ABSK) is your API key",
	// public Bedrock guides, 2025-2026]; UNVERIFIED for the rest of the
	// secret's form and for CloudWatch Logs' keys, which get none.
	keyPrefix string
}{
	"codecommit.amazonaws.com": {},
	"cassandra.amazonaws.com":  {},
	"bedrock.amazonaws.com":    {apiKey: true, keyPrefix: "ABSK"},
	"logs.amazonaws.com":       {apiKey: true},
}

// maxServiceCredentials is IAM's quota per user and service ["You can
// have a maximum of two sets of service-specific credentials for each
// supported service per user", IAM API reference].
const maxServiceCredentials = 2

// CreateServiceSpecificCredential creates a credential of a user for one
// service: NoSuchEntity for an unknown user (checked first) or a service
// IAM makes none for, LimitExceeded beyond two per service. The secret is
// shown once. CredentialAgeDays gives an API key an expiry; password
// credentials ignore it (UNVERIFIED: AWS documents it for API keys only).
func (s *Service) CreateServiceSpecificCredential(ctx context.Context, in *iamapi.CreateServiceSpecificCredentialInput) (*iamapi.CreateServiceSpecificCredentialOutput, error) {
	c := callerOf(ctx)
	service := *in.ServiceName
	// The condition keys of API keys [aws-samples/service-control-policy-
	// examples, "Deny Bedrock api keys longer than 30 days"].
	conditions := map[string][]string{"iam:servicespecificcredentialservicename": {service}}
	if in.CredentialAgeDays != nil {
		conditions["iam:servicespecificcredentialagedays"] = []string{strconv.Itoa(int(*in.CredentialAgeDays))}
	}
	var cred *identity.ServiceCredential
	err := s.withUser(ctx, c, in.UserName, "iam:CreateServiceSpecificCredential", conditions, func(tx store.Tx, u *User) error {
		kind, ok := credentialServices[service]
		if !ok {
			return unsupportedService(service)
		}
		all, err := s.ids.UserServiceCredentials(tx, c.account, u.Name)
		if err != nil {
			return err
		}
		mine := forService(all, service)
		if len(mine) >= maxServiceCredentials {
			return errServiceCredentialQuota
		}
		cred = &identity.ServiceCredential{ID: s.ids.NewServiceCredentialID(), Account: c.account, UserName: u.Name,
			Service: service, Status: identity.StatusActive, Created: s.now()}
		name := serviceUserName(u.Name, c.account, mine)
		if kind.apiKey {
			cred.Alias = name
			if in.CredentialAgeDays != nil {
				cred.Expires = new(cred.Created.AddDate(0, 0, int(*in.CredentialAgeDays)))
			}
		} else {
			cred.ServiceUserName = name
		}
		cred.Secret = s.newServiceSecret(cred)
		return s.ids.PutServiceCredential(tx, cred)
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.CreateServiceSpecificCredentialOutput{ServiceSpecificCredential: s.withSecret(cred)}, nil
}

// ListServiceSpecificCredentials lists a user's credentials (the calling
// user's when none is named), or with AllUsers every user's, optionally
// of one service; without their secrets.
func (s *Service) ListServiceSpecificCredentials(ctx context.Context, in *iamapi.ListServiceSpecificCredentialsInput) (*iamapi.ListServiceSpecificCredentialsOutput, error) {
	c := callerOf(ctx)
	allUsers := in.AllUsers != nil && *in.AllUsers
	if allUsers && in.UserName != nil {
		// UNVERIFIED text: the API reference says only that AllUsers
		// "cannot be specified together with UserName".
		return nil, iamapi.InvalidInputException("AllUsers cannot be specified together with UserName.")
	}
	if in.ServiceName != nil {
		if _, ok := credentialServices[*in.ServiceName]; !ok {
			return nil, unsupportedService(*in.ServiceName)
		}
	}
	var creds []*identity.ServiceCredential
	if allUsers {
		// Authorized on every user of the account (UNVERIFIED resource).
		if err := s.allow(ctx, c, "iam:ListServiceSpecificCredentials", userKind.arn(c.account, "/", "*"), nil); err != nil {
			return nil, err
		}
		err := s.store.View(ctx, func(tx store.Tx) error {
			var err error
			creds, err = s.ids.AccountServiceCredentials(tx, c.account)
			return err
		})
		if err != nil {
			return nil, err
		}
	} else {
		err := s.withUser(ctx, c, in.UserName, "iam:ListServiceSpecificCredentials", nil, func(tx store.Tx, u *User) error {
			var err error
			creds, err = s.ids.UserServiceCredentials(tx, c.account, u.Name)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if in.ServiceName != nil {
		creds = forService(creds, *in.ServiceName)
	}
	list := make([]iamapi.ServiceSpecificCredentialMetadata, 0, len(creds))
	for _, cr := range creds {
		list = append(list, s.credentialMetadata(cr))
	}
	p, err := paginate(list, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.ListServiceSpecificCredentialsOutput{ServiceSpecificCredentials: p.items, IsTruncated: p.truncated, Marker: p.marker}, nil
}

// UpdateServiceSpecificCredential makes a credential Active or Inactive.
func (s *Service) UpdateServiceSpecificCredential(ctx context.Context, in *iamapi.UpdateServiceSpecificCredentialInput) (*iamapi.UpdateServiceSpecificCredentialOutput, error) {
	return nil, s.updateServiceCredential(ctx, in.UserName, *in.ServiceSpecificCredentialId, "iam:UpdateServiceSpecificCredential",
		func(cr *identity.ServiceCredential) { cr.Status = *in.Status })
}

// ResetServiceSpecificCredential replaces a credential's secret, which
// the answer shows, and invalidates the old one.
func (s *Service) ResetServiceSpecificCredential(ctx context.Context, in *iamapi.ResetServiceSpecificCredentialInput) (*iamapi.ResetServiceSpecificCredentialOutput, error) {
	var reset *identity.ServiceCredential
	err := s.updateServiceCredential(ctx, in.UserName, *in.ServiceSpecificCredentialId, "iam:ResetServiceSpecificCredential",
		func(cr *identity.ServiceCredential) {
			cr.Secret = s.newServiceSecret(cr)
			reset = cr
		})
	if err != nil {
		return nil, err
	}
	return &iamapi.ResetServiceSpecificCredentialOutput{ServiceSpecificCredential: s.withSecret(reset)}, nil
}

// DeleteServiceSpecificCredential deletes a credential.
func (s *Service) DeleteServiceSpecificCredential(ctx context.Context, in *iamapi.DeleteServiceSpecificCredentialInput) (*iamapi.DeleteServiceSpecificCredentialOutput, error) {
	c := callerOf(ctx)
	return nil, s.withServiceCredential(ctx, c, in.UserName, *in.ServiceSpecificCredentialId, "iam:DeleteServiceSpecificCredential",
		func(tx store.Tx, cr *identity.ServiceCredential) error { return s.ids.DeleteServiceCredential(tx, cr) })
}

// updateServiceCredential applies change to a user's credential and
// stores it.
func (s *Service) updateServiceCredential(ctx context.Context, userName *string, id, action string, change func(*identity.ServiceCredential)) error {
	c := callerOf(ctx)
	return s.withServiceCredential(ctx, c, userName, id, action, func(tx store.Tx, cr *identity.ServiceCredential) error {
		change(cr)
		return s.ids.PutServiceCredential(tx, cr)
	})
}

// withServiceCredential authorizes action on the user an operation on a
// credential is about and runs fn with the credential in a write
// transaction: NoSuchEntity for an unknown user, and for a credential the
// user does not have ["No such credential ID exists", LocalStack's IAM
// provider, written against its snapshot recorded on AWS].
func (s *Service) withServiceCredential(ctx context.Context, c *caller, userName *string, id, action string,
	fn func(tx store.Tx, cr *identity.ServiceCredential) error) error {
	return s.withUser(ctx, c, userName, action, nil, func(tx store.Tx, u *User) error {
		cr, err := s.ids.GetServiceCredential(tx, c.account, u.Name, id)
		if errors.Is(err, identity.ErrNoSuchServiceCredential) {
			return iamapi.NoSuchEntityException("No such credential " + id + " exists")
		}
		if err != nil {
			return err
		}
		return fn(tx, cr)
	})
}

// unsupportedService: a service IAM makes no service-specific credentials
// for. AWS answers NoSuchEntity, not its model's NotSupportedService
// ["No such service X is supported for Service Specific Credentials",
// LocalStack's IAM provider, written against its snapshot recorded on
// AWS].
func unsupportedService(service string) error {
	return iamapi.NoSuchEntityException("No such service " + service + " is supported for Service Specific Credentials")
}

// errServiceCredentialQuota: a third credential for one service.
// UNVERIFIED text, in IAM's "Cannot exceed quota for NAME: N" form.
var errServiceCredentialQuota = iamapi.LimitExceededException("Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2")

// errMustDeleteServiceCredentials: DeleteUser of a user with
// service-specific credentials ["Cannot delete entity, must remove
// referenced objects first.", LocalStack's IAM provider, written against
// its snapshot recorded on AWS].
var errMustDeleteServiceCredentials = iamapi.DeleteConflictException("Cannot delete entity, must remove referenced objects first.")

// serviceUserName is the name a new credential shows, USER-at-ACCOUNT
// ("jane-at-123456789012" [IAM API reference, ServiceSpecificCredential]),
// and USER+1-at-ACCOUNT when the user's other credential for the service
// has that (UNVERIFIED).
func serviceUserName(user, account string, others []*identity.ServiceCredential) string {
	name := user + "-at-" + account
	for _, o := range others {
		if o.ServiceUserName == name || o.Alias == name {
			return user + "+1-at-" + account
		}
	}
	return name
}

// newServiceSecret makes a credential's secret: a password, or an API
// key's secret, which names the key (its alias) and carries a password.
func (s *Service) newServiceSecret(cr *identity.ServiceCredential) string {
	password := s.ids.NewServiceSecret()
	if cr.Alias == "" {
		return password
	}
	return credentialServices[cr.Service].keyPrefix + base64.StdEncoding.EncodeToString([]byte(cr.Alias+":"+password))
}

func forService(creds []*identity.ServiceCredential, service string) []*identity.ServiceCredential {
	var out []*identity.ServiceCredential
	for _, cr := range creds {
		if strings.EqualFold(cr.Service, service) {
			out = append(out, cr)
		}
	}
	return out
}

// status is a credential's status, Expired once an API key's expiry has
// passed.
func (s *Service) status(cr *identity.ServiceCredential) string {
	if cr.Expires != nil && !s.now().Before(*cr.Expires) {
		return iamapi.StatusTypeExpired
	}
	return cr.Status
}

// withSecret is a credential as Create and Reset show it, with its secret.
func (s *Service) withSecret(cr *identity.ServiceCredential) *iamapi.ServiceSpecificCredential {
	out := &iamapi.ServiceSpecificCredential{CreateDate: new(cr.Created), ExpirationDate: cr.Expires,
		ServiceName: new(cr.Service), ServiceSpecificCredentialId: new(cr.ID), UserName: new(cr.UserName),
		Status: new(s.status(cr))}
	if cr.Alias != "" {
		out.ServiceCredentialAlias, out.ServiceCredentialSecret = new(cr.Alias), new(cr.Secret)
	} else {
		out.ServiceUserName, out.ServicePassword = new(cr.ServiceUserName), new(cr.Secret)
	}
	return out
}

// credentialMetadata is a credential as listed: without its secret.
func (s *Service) credentialMetadata(cr *identity.ServiceCredential) iamapi.ServiceSpecificCredentialMetadata {
	return iamapi.ServiceSpecificCredentialMetadata{UserName: new(cr.UserName), Status: new(s.status(cr)),
		ServiceUserName: optional(cr.ServiceUserName), ServiceCredentialAlias: optional(cr.Alias),
		CreateDate: new(cr.Created), ExpirationDate: cr.Expires, ServiceSpecificCredentialId: new(cr.ID),
		ServiceName: new(cr.Service)}
}
