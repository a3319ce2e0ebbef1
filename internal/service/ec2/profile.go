package ec2

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/service/iam"
)

// launchProfile is the instance profile an instance runs with.
type launchProfile = iam.LaunchProfile

// launchProfile resolves RunInstances' IamInstanceProfile (by name, or by
// ARN in the caller's account); nil when none is asked for. An unknown
// profile is refused as AWS refuses it [boto and terraform logs: "Value
// (x) for parameter iamInstanceProfile.name is invalid. Invalid IAM
// Instance Profile name"].
func (s *Service) launchProfile(ctx context.Context, req *authz.Request, name, profileARN string) (*launchProfile, error) {
	parameter, given := "iamInstanceProfile.name", name
	if profileARN != "" {
		parameter, given = "iamInstanceProfile.arn", profileARN
		prefix := "arn:aws:iam::" + req.Principal.Account + ":instance-profile/"
		rest, ok := strings.CutPrefix(profileARN, prefix)
		if !ok {
			return nil, invalidValue(profileARN, parameter, "Invalid IAM Instance Profile ARN")
		}
		name = rest[strings.LastIndexByte(rest, '/')+1:]
	}
	if name == "" {
		return nil, nil
	}
	p, ok, err := s.profiles.InstanceProfile(ctx, req.Principal.Account, name)
	if err != nil {
		return nil, err
	}
	if !ok || (profileARN != "" && p.ARN != profileARN) {
		what := "name"
		if profileARN != "" {
			what = "ARN"
		}
		return nil, invalidValue(given, parameter, "Invalid IAM Instance Profile "+what)
	}
	return p, nil
}

// checkPassRole authorizes iam:PassRole of the profile's role to EC2,
// which launching with a profile needs; EC2 refuses a denial as its own
// UnauthorizedOperation.
func (s *Service) checkPassRole(ctx context.Context, req *authz.Request, p *launchProfile) error {
	if p == nil || p.RoleARN == "" {
		return nil
	}
	return s.authorize(ctx, req, "iam:PassRole", target{arn: p.RoleARN,
		conditions: map[string][]string{"iam:passedtoservice": {"ec2.amazonaws.com"}}})
}
