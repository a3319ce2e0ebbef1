package imagebuilder

import (
	"context"
	"errors"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/service/iam"
)

// The principals Image Builder acts as [AWS_TEXTS.md §8; SCENARIOS.md S2,
// S3]: its service-linked role in the source account, whose session is
// named Ec2ImageBuilderIntegrationService, and the distribution role each
// target account creates.
const (
	servicePrincipal   = "imagebuilder.amazonaws.com"
	serviceRoleName    = "AWSServiceRoleForImageBuilder"
	serviceSessionName = "Ec2ImageBuilderIntegrationService"
	crossAccountRole   = "EC2ImageBuilderDistributionCrossAccountRole"
)

// Roles is what Image Builder reads of IAM: whether its service-linked
// role exists yet. IAM implements it.
type Roles interface {
	AssumableRole(ctx context.Context, account, name string) (*iam.AssumableRole, bool, error)
}

func serviceRoleARN(account string) string {
	return "arn:aws:iam::" + account + ":role/aws-service-role/" + servicePrincipal + "/" + serviceRoleName
}

// ensureServiceRole creates the service-linked role, on the caller's
// behalf, the first time the account uses Image Builder, as AWS does: the
// caller then needs iam:CreateServiceLinkedRole.
func (s *Service) ensureServiceRole(ctx context.Context, req *authz.Request) error {
	_, ok, err := s.roles.AssumableRole(ctx, req.Principal.Account, serviceRoleName)
	if err != nil || ok {
		return err
	}
	_, err = s.iam.CreateServiceLinkedRole(ctx, req.OnBehalf("imagebuilder."+req.Region+".amazonaws.com", servicePrincipal),
		&iamapi.CreateServiceLinkedRoleInput{AWSServiceName: new(servicePrincipal)})
	var e *awserr.Error
	if errors.As(err, &e) && e.Code == "InvalidInput" { // created meanwhile
		return nil
	}
	return err
}

// assume assumes role as principal (the service, or its role's session)
// and returns the session's request in region, used by the service.
func (s *Service) assume(ctx context.Context, as *authz.Request, role, session, region string) (*authz.Request, error) {
	out, err := s.sts.AssumeRole(ctx, as, &stsapi.AssumeRoleInput{RoleArn: &role, RoleSessionName: &session})
	if err != nil {
		return nil, err
	}
	c := out.Credentials
	r, err := s.caller.Session(ctx, *c.AccessKeyId, *c.SessionToken, region, servicePrincipal)
	if err != nil {
		return nil, err
	}
	r.Subject = as.Subject // the image the session works on
	return r, nil
}

// serviceRole is the source account's service-linked role session for an
// image's build, assumed by the service on the image's behalf
// (aws:SourceArn, aws:SourceAccount).
func (s *Service) serviceRole(ctx context.Context, im *imageRecord) (*authz.Request, error) {
	as := authz.ServiceRequest(servicePrincipal, im.Region, s.now()).ForResource(deref(im.Arn), im.Account).About(deref(im.Arn))
	return s.assume(ctx, as, serviceRoleARN(im.Account), serviceSessionName, im.Region)
}
