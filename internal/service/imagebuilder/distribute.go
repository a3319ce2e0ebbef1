package imagebuilder

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/awsid"
)

// A distribution is one job per Region for the source account — its AMI
// there (the build's, or a copy under the distribution's key) and its
// launch permissions, granted as the service-linked role — and one job
// per target account: the source AMI shared with it, then copied into it
// as its EC2ImageBuilderDistributionCrossAccountRole, which the
// service-linked role assumes. The Regions are distributed to at once,
// and in each the target accounts at once when the source AMI is there
// (UNVERIFIED: that AWS runs them concurrently; its distributions to many
// Regions take about as long as to one). Each job that fails adds a
// numbered sentence to the image's reason, in the configuration's order
// and the seed articles' words [SCENARIOS.md S1–S4]:
//
//	Distribution failed with JobId 'J', status = 'Failed' for ARN 'A'.
//	'Not all distribution jobs are completed. 1) … when distributing the
//	image from the source account (ID: S) to the destination account
//	(ID: T) in Region R.'

// job is a failed distribution job.
type job struct {
	region, account string
	failure         string
}

// distributed is what distributing to one Region made: its AMIs, the
// source's first, and its failed jobs — or err, which ends the build
// (amity failing, or stopping).
type distributed struct {
	amis   []imagebuilderapi.Ami
	failed []job
	err    error
}

// distribute runs the distribution configuration's jobs and records the
// AMIs they made; the error is the image's failure when a job failed.
func (s *Service) distribute(ctx context.Context, role *authz.Request, im *imageRecord, buildAMI string) error {
	var dists []imagebuilderapi.Distribution
	if dc := im.DistributionConfiguration; dc != nil {
		dists = dc.Distributions
	}
	if len(dists) == 0 { // no configuration: the build's AMI, where it was built
		dists = []imagebuilderapi.Distribution{{Region: new(im.Region)}}
	}
	regions := make([]distributed, len(dists))
	var wg sync.WaitGroup
	for i, d := range dists {
		wg.Go(func() { regions[i] = s.distributeTo(ctx, role, im, buildAMI, d) })
	}
	wg.Wait()
	out := &imagebuilderapi.OutputResources{Amis: []imagebuilderapi.Ami{}}
	var failed []job
	for _, r := range regions {
		if r.err != nil {
			return r.err
		}
		out.Amis = append(out.Amis, r.amis...)
		failed = append(failed, r.failed...)
	}
	im.OutputResources = out
	if err := s.saveBuilding(ctx, im); err != nil {
		return err
	}
	if len(failed) == 0 {
		return nil
	}
	return buildError(s.distributionFailure(im, failed))
}

// distributeTo runs one Region's jobs: the source account's, then the
// target accounts' at once.
func (s *Service) distributeTo(ctx context.Context, role *authz.Request, im *imageRecord, buildAMI string, d imagebuilderapi.Distribution) distributed {
	region := deref(d.Region)
	amiCfg := d.AmiDistributionConfiguration
	if amiCfg == nil {
		amiCfg = &imagebuilderapi.AmiDistributionConfiguration{}
	}
	name := s.amiName(im, amiCfg)
	source, err := s.sourceAMI(ctx, role, im, buildAMI, region, name, amiCfg)
	if err == nil && amiCfg.LaunchPermission != nil {
		err = s.grantLaunch(ctx, role.WithRegion(region), source, amiCfg.LaunchPermission)
	}
	if err != nil {
		if !isJobFailure(err) {
			return distributed{err: err}
		}
		return distributed{failed: []job{{region: region, account: im.Account, failure: reasonOf(err)}}}
	}
	targets := amiCfg.TargetAccountIds
	copies, errs := make([]string, len(targets)), make([]error, len(targets))
	var wg sync.WaitGroup
	for i, target := range targets {
		wg.Go(func() { copies[i], errs[i] = s.toAccount(ctx, role, im, source, region, target, name, amiCfg) })
	}
	wg.Wait()
	r := distributed{amis: []imagebuilderapi.Ami{amiOut(region, im.Account, source, name, amiCfg)}}
	for i, target := range targets {
		switch {
		case errs[i] == nil:
			r.amis = append(r.amis, amiOut(region, target, copies[i], name, amiCfg))
		case isJobFailure(errs[i]):
			r.failed = append(r.failed, job{region: region, account: target, failure: reasonOf(errs[i])})
		default:
			return distributed{err: errs[i]}
		}
	}
	return r
}

// isJobFailure reports whether err ends a job — a service's refusal, in
// Image Builder's words or AWS's — rather than the build (amity failing,
// or stopping).
func isJobFailure(err error) bool {
	var f *buildFailure
	_, isAWS := awserr.As(err)
	return errors.As(err, &f) || isAWS
}

// distributionFailure is the image's reason for failed jobs.
func (s *Service) distributionFailure(im *imageRecord, failed []job) string {
	var b strings.Builder
	b.WriteString("Distribution failed with JobId '" + s.jobID() + "', status = 'Failed' for ARN '" + deref(im.Arn) +
		"'. 'Not all distribution jobs are completed.")
	for i, j := range failed {
		b.WriteString(" " + strconv.Itoa(i+1) + ") " + j.failure + " when distributing the image from the source account (ID: " +
			im.Account + ") to the destination account (ID: " + j.account + ") in Region " + j.region + ".")
	}
	b.WriteString("'")
	return b.String()
}

// jobID is a distribution job's id: 14 hex digits (the seeds show
// 14-character ids; their alphabet is UNVERIFIED).
func (s *Service) jobID() string {
	id, _ := awsid.Hex(s.rand, 14)
	return id
}

// amiName is the distributed AMI's name: the configuration's template
// with its variables, or the recipe's name and the build date.
func (s *Service) amiName(im *imageRecord, cfg *imagebuilderapi.AmiDistributionConfiguration) string {
	n, _ := strconv.Atoi(buildNumber(deref(im.Arn)))
	return expandAMIName(deref(cfg.Name), s.now(), n, deref(im.ImageRecipe.Name))
}

func amiOut(region, account, ami, name string, cfg *imagebuilderapi.AmiDistributionConfiguration) imagebuilderapi.Ami {
	return imagebuilderapi.Ami{Region: new(region), AccountId: new(account), Image: new(ami), Name: new(name),
		Description: cfg.Description, State: &imagebuilderapi.ImageState{Status: new(statusAvailable)}}
}

// sourceAMI is the source account's AMI in region: a copy of the build's
// AMI under the configuration's name (and key), made as the service role.
func (s *Service) sourceAMI(ctx context.Context, role *authz.Request, im *imageRecord, buildAMI, region, name string, cfg *imagebuilderapi.AmiDistributionConfiguration) (string, error) {
	in := &ec2api.CopyImageInput{SourceImageId: &buildAMI, SourceRegion: &im.Region, Name: &name, Description: cfg.Description,
		KmsKeyId: cfg.KmsKeyId, TagSpecifications: amiTags(cfg)}
	if cfg.KmsKeyId != nil {
		in.Encrypted = new(true)
	}
	out, err := s.ec2.CopyImage(ctx, role.WithRegion(region), in)
	if err != nil {
		return "", ec2Error(err)
	}
	if _, err := s.waitImage(ctx, role.WithRegion(region), deref(out.ImageId)); err != nil {
		return "", err
	}
	return deref(out.ImageId), nil
}

func amiTags(cfg *imagebuilderapi.AmiDistributionConfiguration) []ec2api.TagSpecification {
	tags := []ec2api.Tag{createdBy}
	for k, v := range cfg.AmiTags {
		tags = append(tags, ec2api.Tag{Key: new(k), Value: new(v)})
	}
	return []ec2api.TagSpecification{{ResourceType: new("image"), Tags: tags}}
}

// grantLaunch applies the configuration's launch permissions to the
// source AMI, as the service role: EC2 refuses sharing an AMI under the
// AWS managed key [S1, S2].
func (s *Service) grantLaunch(ctx context.Context, role *authz.Request, ami string, lp *imagebuilderapi.LaunchPermissionConfiguration) error {
	var add []ec2api.LaunchPermission
	for _, u := range lp.UserIds {
		add = append(add, ec2api.LaunchPermission{UserId: new(u)})
	}
	for _, g := range lp.UserGroups {
		add = append(add, ec2api.LaunchPermission{Group: new(g)})
	}
	for _, o := range lp.OrganizationArns {
		add = append(add, ec2api.LaunchPermission{OrganizationArn: new(o)})
	}
	for _, o := range lp.OrganizationalUnitArns {
		add = append(add, ec2api.LaunchPermission{OrganizationalUnitArn: new(o)})
	}
	if len(add) == 0 {
		return nil
	}
	_, err := s.ec2.ModifyImageAttribute(ctx, role, &ec2api.ModifyImageAttributeInput{ImageId: &ami,
		LaunchPermission: &ec2api.LaunchPermissionModifications{Add: add}})
	return ec2Error(err)
}

// toAccount distributes the source AMI to a target account in region:
// shared with it by the service role, then copied there by the target's
// distribution role, assumed from the source.
func (s *Service) toAccount(ctx context.Context, role *authz.Request, im *imageRecord, source, region, target, name string, cfg *imagebuilderapi.AmiDistributionConfiguration) (string, error) {
	here := role.WithRegion(region)
	_, err := s.ec2.ModifyImageAttribute(ctx, here, &ec2api.ModifyImageAttributeInput{ImageId: &source,
		LaunchPermission: &ec2api.LaunchPermissionModifications{Add: []ec2api.LaunchPermission{{UserId: new(target)}}}})
	if err != nil {
		return "", ec2Error(err)
	}
	targetRole, err := s.distributionRole(ctx, role, target, region)
	if err != nil {
		return "", err
	}
	in := &ec2api.CopyImageInput{SourceImageId: &source, SourceRegion: &region, Name: &name, Description: cfg.Description,
		KmsKeyId: cfg.KmsKeyId, TagSpecifications: amiTags(cfg)}
	if cfg.KmsKeyId != nil {
		in.Encrypted = new(true)
	}
	out, err := s.ec2.CopyImage(ctx, targetRole, in)
	if err != nil {
		return "", ec2Error(err)
	}
	copied := deref(out.ImageId)
	if _, err := s.waitImage(ctx, targetRole, copied); err != nil {
		return "", err
	}
	return copied, nil
}

// distributionRole assumes the target account's distribution role as the
// service role's session. A Region the target has not enabled answers as
// STS does there; either refusal reads as Image Builder words it [S3].
func (s *Service) distributionRole(ctx context.Context, role *authz.Request, target, region string) (*authz.Request, error) {
	roleARN := "arn:aws:iam::" + target + ":role/" + crossAccountRole
	acct, err := s.ids.Account(ctx, target)
	if err == nil && !acct.RegionEnabled(region) {
		return nil, stsFailure("The security token included in the request is invalid")
	}
	r, err := s.assume(ctx, role.WithRegion(region), roleARN, serviceSessionName, region)
	if e, ok := awserr.As(err); ok {
		return nil, stsFailure(e.Message)
	}
	return r, err
}

// stsFailure is Image Builder's report of an STS refusal [SCENARIOS.md S3].
func stsFailure(message string) error {
	return buildError("STS Client Error: '" + message + "'. Please make sure your '" + crossAccountRole +
		"' is setup with correct permission policies. If you are copying AMI to opt-in regions, please make sure the region is enabled in the account")
}
