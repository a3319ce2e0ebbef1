package imagebuilder

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/store"
)

// A build, as Image Builder runs it in the source account as its
// service-linked role, phase by phase (GetImage's state.status):
//
//	CREATING      assume the service-linked role
//	BUILDING      launch a build instance from the parent image, with the
//	              recipe's block device mappings (EC2 applies encryption
//	              by default and the KMS rules), make an image of it,
//	              terminate it
//	TESTING       nothing to run: components are not executed
//	DISTRIBUTING  distribute per Region and target account (distribute.go)
//	INTEGRATING   point launch templates at the new AMIs
//	AVAILABLE     or FAILED, with the reason AWS words
//
// Every call goes through the Caller as those principals, authorized and
// recorded like a customer's; the phases wait on EC2's own states.

// createdBy is the tag Image Builder puts on what it makes, which its
// service-linked role's policy requires [AWSServiceRoleForImageBuilder].
var createdBy = ec2api.Tag{Key: new("CreatedBy"), Value: new("EC2 Image Builder")}

// buildFailure is a reason a build fails with: the text GetImage shows.
type buildFailure struct{ reason string }

func (f *buildFailure) Error() string { return f.reason }

func buildError(reason string) error { return &buildFailure{reason} }

// reasonOf is the state.reason of a build stopped by err: its own words,
// or the AWS error of the call that failed.
func reasonOf(err error) string {
	var f *buildFailure
	if errors.As(err, &f) {
		return f.reason
	}
	if e, ok := awserr.As(err); ok {
		return e.Message
	}
	return "Image Builder failed with an internal error."
}

// run runs the build of the image arn to its end.
func (s *Service) run(ctx context.Context, arn string) {
	im, ok, err := view[imageRecord](ctx, s.store, imagesTable, arn)
	if err != nil || !ok {
		s.log.Error("image build: reading the image", "image", arn, "error", err)
		return
	}
	err = s.runPhases(ctx, im)
	switch {
	case errors.Is(err, context.Canceled):
		if s.ended(im) { // CancelImageCreation, not amity stopping
			return
		}
		err = buildError(interruptedReason(status(im)))
	case err == nil:
		err = s.setState(context.WithoutCancel(ctx), im, statusAvailable, "")
	}
	if err != nil {
		if serr := s.setState(context.WithoutCancel(ctx), im, statusFailed, reasonOf(err)); serr != nil {
			s.log.Error("image build: recording its failure", "image", arn, "error", serr)
		}
	}
}

// ended reports whether the stored image has reached its end (cancelled).
func (s *Service) ended(im *imageRecord) bool {
	cur, ok, err := view[imageRecord](context.Background(), s.store, imagesTable, deref(im.Arn))
	return err == nil && ok && cur.done()
}

func interruptedReason(phase string) string {
	return "The build was interrupted: amity stopped while the image was " + phase + ". Start it again."
}

// runPhases runs the phases; nil when the image is built and
// distributed.
func (s *Service) runPhases(ctx context.Context, im *imageRecord) error {
	if err := s.enter(ctx, im, statusCreating); err != nil {
		return err
	}
	role, err := s.serviceRole(ctx, im)
	if err != nil {
		return err
	}
	if err := s.enter(ctx, im, statusBuilding); err != nil {
		return err
	}
	ami, err := s.buildAMI(ctx, role, im)
	if err != nil {
		return err
	}
	if err := s.enter(ctx, im, statusTesting); err != nil {
		return err
	}
	if err := s.enter(ctx, im, statusDistributing); err != nil {
		return err
	}
	if err := s.distribute(ctx, role, im, ami); err != nil {
		return err
	}
	if err := s.enter(ctx, im, statusIntegrating); err != nil {
		return err
	}
	return s.integrate(ctx, role, im)
}

// enter records that the build entered phase st. A phase that waits on
// nothing (CREATING, TESTING, INTEGRATING) is held for the pace's least
// time, so that GetImage shows it; BUILDING and DISTRIBUTING last as
// long as the EC2 states they wait on take to settle, which a hold would
// only lengthen.
func (s *Service) enter(ctx context.Context, im *imageRecord, st string) error {
	if err := s.setState(ctx, im, st, ""); err != nil {
		return err
	}
	if st == statusBuilding || st == statusDistributing {
		return nil
	}
	return sleep(ctx, s.pace.Phase)
}

// buildAMI launches the build instance, waits for it, makes the image
// and terminates the instance: it returns the build's AMI in the source
// Region.
func (s *Service) buildAMI(ctx context.Context, role *authz.Request, im *imageRecord) (string, error) {
	parent, err := s.parentAMI(ctx, role, im)
	if err != nil {
		return "", err
	}
	recipe, infra := im.ImageRecipe, im.InfrastructureConfiguration
	run := &ec2api.RunInstancesInput{ImageId: &parent, MinCount: new(int32(1)), MaxCount: new(int32(1)),
		InstanceType: new(defaultInstanceType), SubnetId: infra.SubnetId, SecurityGroupIds: infra.SecurityGroupIds,
		TagSpecifications: []ec2api.TagSpecification{
			{ResourceType: new("instance"), Tags: []ec2api.Tag{createdBy, {Key: new("Name"), Value: new("Build instance for " + deref(im.Arn))}}},
			{ResourceType: new("volume"), Tags: []ec2api.Tag{createdBy}}}}
	if len(infra.InstanceTypes) > 0 {
		run.InstanceType = &infra.InstanceTypes[0]
	}
	if infra.InstanceProfileName != nil {
		run.IamInstanceProfile = &ec2api.IamInstanceProfileSpecification{Name: infra.InstanceProfileName}
	}
	if infra.KeyPair != nil {
		run.KeyName = infra.KeyPair
	}
	for _, m := range recipe.BlockDeviceMappings {
		bdm := ec2api.BlockDeviceMapping{DeviceName: m.DeviceName, NoDevice: m.NoDevice, VirtualName: m.VirtualName}
		if e := m.Ebs; e != nil {
			bdm.Ebs = &ec2api.EbsBlockDevice{DeleteOnTermination: e.DeleteOnTermination, Encrypted: e.Encrypted, Iops: e.Iops,
				KmsKeyId: e.KmsKeyId, SnapshotId: e.SnapshotId, Throughput: e.Throughput, VolumeSize: e.VolumeSize, VolumeType: e.VolumeType}
		}
		run.BlockDeviceMappings = append(run.BlockDeviceMappings, bdm)
	}
	out, err := s.ec2.RunInstances(ctx, role, run)
	if err != nil {
		return "", ec2Error(err)
	}
	instance := deref(out.Instances[0].InstanceId)
	inst, err := s.waitInstance(ctx, role, instance)
	if err != nil {
		return "", err
	}
	if deref(inst.State.Name) != ec2api.InstanceStateNameRunning {
		return "", launchFailure(instance, inst.StateReason)
	}
	created, err := s.ec2.CreateImage(ctx, role, &ec2api.CreateImageInput{InstanceId: &instance, Name: new(buildAMIName(im)),
		TagSpecifications: []ec2api.TagSpecification{{ResourceType: new("image"), Tags: []ec2api.Tag{createdBy}},
			{ResourceType: new("snapshot"), Tags: []ec2api.Tag{createdBy}}}})
	if err != nil {
		return "", ec2Error(err)
	}
	ami := deref(created.ImageId)
	if _, err := s.waitImage(ctx, role, ami); err != nil {
		return "", err
	}
	if _, err := s.ec2.TerminateInstances(ctx, role, &ec2api.TerminateInstancesInput{InstanceIds: []string{instance}}); err != nil {
		return "", ec2Error(err)
	}
	return ami, nil
}

// defaultInstanceType is the build instance's type when the
// infrastructure configuration names none. UNVERIFIED: AWS picks one by
// the parent image.
const defaultInstanceType = "m5.large"

// buildAMIName names the build's AMI, which distribution copies under
// the distribution's names: the recipe, its version and build number
// (UNVERIFIED form).
func buildAMIName(im *imageRecord) string {
	return deref(im.ImageRecipe.Name) + " " + deref(im.ImageRecipe.Version) + " build " + buildNumber(deref(im.Arn))
}

// buildNumber is the build number an image's ARN ends with.
func buildNumber(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// launchFailure is a build instance that did not start: EC2's reason
// (UNVERIFIED wording of Image Builder's own part).
func launchFailure(instance string, reason *ec2api.StateReason) error {
	msg := "Image Builder could not launch the build instance " + instance
	if reason != nil {
		msg += ": " + deref(reason.Message)
	}
	return buildError(msg + ".")
}

// ec2Error names an EC2 refusal as Image Builder reports what EC2 said:
// "EC2 Client Error: '…'" [SCENARIOS.md S1].
func ec2Error(err error) error {
	if e, ok := awserr.As(err); ok {
		return buildError("EC2 Client Error: '" + e.Message + "'")
	}
	return err
}

// setState records the image's status (and reason).
func (s *Service) setState(ctx context.Context, im *imageRecord, st, reason string) error {
	im.State = &imagebuilderapi.ImageState{Status: new(st)}
	if reason != "" {
		im.State.Reason = new(reason)
	}
	return s.saveBuilding(ctx, im)
}

// saveBuilding stores the image a build is making, unless it was
// cancelled or deleted meanwhile (context.Canceled): a build must not
// bring back an image deleted once cancelled.
func (s *Service) saveBuilding(ctx context.Context, im *imageRecord) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		cur, ok, err := get[imageRecord](tx, imagesTable, deref(im.Arn))
		if err != nil {
			return err
		}
		if !ok || cur.done() {
			return context.Canceled
		}
		return put(tx, imagesTable, deref(im.Arn), im)
	})
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// waitInstance polls until an instance leaves pending, and returns its
// state with its reason.
func (s *Service) waitInstance(ctx context.Context, role *authz.Request, id string) (*ec2api.Instance, error) {
	for {
		out, err := s.ec2.DescribeInstances(ctx, role, &ec2api.DescribeInstancesInput{InstanceIds: []string{id}})
		if err != nil {
			return nil, ec2Error(err)
		}
		inst := out.Reservations[0].Instances[0]
		if deref(inst.State.Name) != ec2api.InstanceStateNamePending {
			return &inst, nil
		}
		if err := sleep(ctx, s.pace.Poll); err != nil {
			return nil, err
		}
	}
}

// waitImage polls until an AMI leaves pending; a failed AMI is an error.
func (s *Service) waitImage(ctx context.Context, as *authz.Request, id string) (*ec2api.Image, error) {
	for {
		out, err := s.ec2.DescribeImages(ctx, as, &ec2api.DescribeImagesInput{ImageIds: []string{id}})
		if err != nil {
			return nil, ec2Error(err)
		}
		img := out.Images[0]
		switch deref(img.State) {
		case ec2api.ImageStatePending:
		case ec2api.ImageStateAvailable:
			return &img, nil
		default:
			return &img, amiCopyFailure(id)
		}
		if err := sleep(ctx, s.pace.Poll); err != nil {
			return nil, err
		}
	}
}

// amiCopyFailure is Image Builder's report of an AMI that EC2 failed to
// make [SCENARIOS.md S4].
func amiCopyFailure(ami string) error {
	return buildError("AMI Copy Reported Failure For '" + ami + "'")
}

// matchingImages are the account's images whose build version ARN
// matches arn (a version ARN with x.x.x wildcards, or a build ARN),
// oldest first.
func (s *Service) matchingImages(ctx context.Context, arn string) ([]*imageRecord, error) {
	region, account, _, rest, _ := splitARN(arn)
	parts := strings.Split(rest, "/")
	var out []*imageRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		return scan(tx, imagesTable, arnPrefix(region, account, "image")+parts[0]+"/", func(k string, im *imageRecord) (bool, error) {
			_, _, _, krest, _ := splitARN(k)
			if versionMatches(parts[1:], strings.Split(krest, "/")[1:]) {
				out = append(out, im)
			}
			return true, nil
		})
	})
	slices.SortFunc(out, func(a, b *imageRecord) int { return strings.Compare(deref(a.DateCreated), deref(b.DateCreated)) })
	return out, err
}

// versionMatches matches a version (and build) pattern with x wildcards
// against a build's version and build number.
func versionMatches(pattern, got []string) bool {
	if len(pattern) == 0 || len(got) == 0 {
		return len(pattern) == 0
	}
	want, have := strings.Split(pattern[0], "."), strings.Split(got[0], ".")
	if len(want) != len(have) {
		return false
	}
	for i := range want {
		if want[i] != "x" && want[i] != have[i] {
			return false
		}
	}
	return len(pattern) < 2 || pattern[1] == got[1]
}
