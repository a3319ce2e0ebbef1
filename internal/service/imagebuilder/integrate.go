package imagebuilder

import (
	"context"
	"strconv"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
)

// integrate points the distribution's launch templates at the AMIs it
// made: a new version of each template with the AMI of its account and
// Region (as the service role in the source account, as the distribution
// role in a target account), made the default version when asked.
func (s *Service) integrate(ctx context.Context, role *authz.Request, im *imageRecord) error {
	if im.DistributionConfiguration == nil || im.OutputResources == nil {
		return nil
	}
	for _, d := range im.DistributionConfiguration.Distributions {
		region := deref(d.Region)
		for _, lt := range d.LaunchTemplateConfigurations {
			account := deref(lt.AccountId)
			if account == "" {
				account = im.Account
			}
			ami := ""
			for _, a := range im.OutputResources.Amis {
				if deref(a.Region) == region && deref(a.AccountId) == account {
					ami = deref(a.Image)
				}
			}
			if ami == "" {
				continue // its account's distribution failed and says so
			}
			as := role.WithRegion(region)
			if account != im.Account {
				var err error
				if as, err = s.distributionRole(ctx, role, account, region); err != nil {
					return err
				}
			}
			v, err := s.ec2.CreateLaunchTemplateVersion(ctx, as, &ec2api.CreateLaunchTemplateVersionInput{
				LaunchTemplateId: lt.LaunchTemplateId, SourceVersion: new("$Default"),
				LaunchTemplateData: &ec2api.RequestLaunchTemplateData{ImageId: &ami}})
			if err != nil {
				return ec2Error(err)
			}
			if deref(lt.SetDefaultVersion) {
				n := strconv.FormatInt(deref(v.LaunchTemplateVersion.VersionNumber), 10)
				if _, err := s.ec2.ModifyLaunchTemplate(ctx, as, &ec2api.ModifyLaunchTemplateInput{
					LaunchTemplateId: lt.LaunchTemplateId, DefaultVersion: &n}); err != nil {
					return ec2Error(err)
				}
			}
		}
	}
	return nil
}
