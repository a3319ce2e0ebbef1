package ec2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// Image states, as EC2 names them.
const (
	imagePending   = ec2api.ImageStatePending
	imageAvailable = ec2api.ImageStateAvailable
	imageFailed    = ec2api.ImageStateFailed
)

// conditions are an image's keys [Service Authorization Reference, Amazon
// EC2, image].
func (im *imageRecord) conditions() map[string][]string {
	c := map[string][]string{
		"ec2:owner":          {im.owner()},
		"ec2:public":         boolField(im.Launch.All),
		"ec2:imagetype":      {"machine"},
		"ec2:rootdevicetype": {"ebs"},
	}
	return resourceTags(c, im.Tags)
}

func (im *imageRecord) owner() string {
	if im.OwnerAlias != "" {
		return im.OwnerAlias
	}
	return im.Account
}

// launchableBy reports whether account may see and launch the image: its
// owner, or an account its launch permissions name (organizations and
// OUs never match: amity's accounts belong to none).
func (im *imageRecord) launchableBy(account string) bool {
	return im.Account == account || im.Launch.allows(account)
}

// visibleImage reads an image in region that the caller may launch; any
// other answers as one that does not exist.
func (s *Service) visibleImage(ctx context.Context, req *authz.Request, region, id string) (*imageRecord, error) {
	if !hasPrefix(id, "ami") {
		return nil, malformed("ami", id)
	}
	var im *imageRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		var err error
		im, _, ok, err = getAny[imageRecord](tx, imagesTable, region, id)
		if err == nil && (!ok || !im.launchableBy(req.Principal.Account)) {
			return imageNotFound(id)
		}
		return err
	})
	return im, err
}

// ownImage reads one of the caller's images.
func (s *Service) ownImage(ctx context.Context, req *authz.Request, id string) (*imageRecord, error) {
	im, err := s.visibleImage(ctx, req, req.Region, id)
	if err == nil && im.Account != req.Principal.Account {
		return nil, imageNotFound(id)
	}
	return im, err
}

// validImageName reports whether AWS allows name as an AMI name [EC2 API
// reference, RegisterImage: "Constraints: 3-128 alphanumeric characters,
// parentheses (()), square brackets ([]), spaces ( ), periods (.), slashes
// (/), dashes (-), single quotes ('), at-signs (@), or underscores(_)"]:
// the regular expression ^[A-Za-z0-9()\[\] ./\-'@_]{3,128}$, checked by
// hand because compiling it (128 copies of the class) cost every start
// 0.35 ms and 120 KB. Every allowed character is ASCII, so bytes count as
// characters.
func validImageName(name string) bool {
	if len(name) < 3 || len(name) > 128 {
		return false
	}
	for i := range len(name) {
		switch c := name[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("()[] ./-'@_", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// checkImageName refuses a name AWS would not take, or one the account
// already uses in the Region.
func (s *Service) checkImageName(ctx context.Context, req *authz.Request, name string) error {
	if !validImageName(name) {
		return ec2api.InvalidAMINameMalformed("AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'")
	}
	// An account's images are many and their names rarely repeat: only
	// the records holding the name as json.Marshal writes it are read.
	quoted, err := json.Marshal(name)
	if err != nil {
		return err
	}
	field := append([]byte(`"name":`), quoted...)
	return s.store.View(ctx, func(tx store.Tx) error {
		return tx.Scan(imagesTable, req.Region+"/"+req.Principal.Account+"/", "", func(k string, raw []byte) (bool, error) {
			if !bytes.Contains(raw, field) {
				return true, nil
			}
			im, err := decodeRecord[imageRecord](raw)
			if err != nil {
				return false, fmt.Errorf("ec2: %s %s: %w", imagesTable, k, err)
			}
			if im.Name == name && im.at(s.now()) != imageFailed {
				return false, imageNameTaken(name, im.ID)
			}
			return true, nil
		})
	})
}

// RegisterImage makes an image of snapshots the caller owns.
func (s *Service) RegisterImage(ctx context.Context, in *ec2api.RegisterImageInput) (*ec2api.RegisterImageOutput, error) {
	req := authz.FromContext(ctx)
	name := deref(in.Name)
	if name == "" {
		return nil, missingParameter("name")
	}
	if len(in.BlockDeviceMappings) == 0 {
		return nil, missingParameter("BlockDeviceMapping")
	}
	im := &imageRecord{ID: s.newID("ami"), Account: req.Principal.Account, Region: req.Region, Name: name,
		Description: deref(in.Description), Architecture: or(deref(in.Architecture), ec2api.ArchitectureValuesX8664),
		VirtualizationType: or(deref(in.VirtualizationType), "hvm"), BootMode: deref(in.BootMode), EnaSupport: deref(in.EnaSupport),
		PlatformDetails: "Linux/UNIX", UsageOperation: "RunInstances", Created: s.now().UTC(),
		Tags: specTags(in.TagSpecifications, "image")}
	targets := []target{{arn: arn(req.Region, "", "image", "*"), conditions: tagConditions(nil, im.Tags, "RegisterImage")}}
	for _, bdm := range in.BlockDeviceMappings {
		m := mapping{Device: deref(bdm.DeviceName), VolumeType: ec2api.VolumeTypeGp2, DeleteOnTermination: true}
		if e := bdm.Ebs; e != nil {
			sn, err := s.ownSnapshot(ctx, req, deref(e.SnapshotId))
			if err != nil {
				return nil, err
			}
			m.SnapshotID, m.VolumeSize, m.Encrypted, m.KeyARN = sn.ID, sn.VolumeSize, sn.Encrypted, sn.KeyARN
			m.VolumeSize = or(deref(e.VolumeSize), m.VolumeSize)
			m.VolumeType = or(deref(e.VolumeType), m.VolumeType)
			m.Iops, m.Throughput = deref(e.Iops), deref(e.Throughput)
			if e.DeleteOnTermination != nil {
				m.DeleteOnTermination = *e.DeleteOnTermination
			}
			targets = append(targets, target{arn: arn(req.Region, "", "snapshot", sn.ID), conditions: sn.conditions()})
		}
		im.Mappings = append(im.Mappings, m)
	}
	im.RootDeviceName = or(deref(in.RootDeviceName), im.Mappings[0].Device)
	if err := s.authorize(ctx, req, "ec2:RegisterImage", targets...); err != nil {
		return nil, err
	}
	if err := s.checkImageName(ctx, req, name); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	im.transition = moving(imagePending, s.now(), s.pace.Image, imageAvailable, "", "")
	if err := s.putImage(ctx, im); err != nil {
		return nil, err
	}
	return &ec2api.RegisterImageOutput{ImageId: new(im.ID)}, nil
}

func (s *Service) putImage(ctx context.Context, im *imageRecord) error {
	return s.store.Update(ctx, func(tx store.Tx) error {
		return putOwned(tx, imagesTable, im.Region, im.Account, im.ID, im)
	})
}

// or is v, or def when v is the zero value.
func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// imageOut is an image as EC2 describes it at now.
func imageOut(im *imageRecord, now time.Time) ec2api.Image {
	state := im.at(now)
	out := ec2api.Image{ImageId: new(im.ID), Name: new(im.Name), OwnerId: new(im.Account), State: &state,
		Architecture: new(im.Architecture), ImageType: new("machine"), Public: new(im.Launch.All),
		RootDeviceName: new(im.RootDeviceName), RootDeviceType: new("ebs"), VirtualizationType: new(im.VirtualizationType),
		Hypervisor: new("xen"), PlatformDetails: new(im.PlatformDetails), UsageOperation: new(im.UsageOperation),
		CreationDate: new(im.Created.Format(timeFormat)), EnaSupport: new(im.EnaSupport), Tags: apiTags(im.Tags),
		ImageLocation: new(im.Account + "/" + im.Name), BlockDeviceMappings: []ec2api.BlockDeviceMapping{}}
	if im.OwnerAlias != "" {
		out.ImageOwnerAlias, out.ImageLocation = new(im.OwnerAlias), new(im.OwnerAlias+"/"+im.Name)
	}
	if im.Description != "" {
		out.Description = new(im.Description)
	}
	if im.Platform != "" {
		out.Platform = new(im.Platform)
	}
	if im.BootMode != "" {
		out.BootMode = new(im.BootMode)
	}
	if im.SourceImageID != "" {
		out.SourceImageId, out.SourceImageRegion = new(im.SourceImageID), new(im.SourceRegion)
	}
	if im.SourceInstanceID != "" {
		out.SourceInstanceId = new(im.SourceInstanceID)
	}
	if code, msg := im.reason(now); code != "" {
		out.StateReason = &ec2api.StateReason{Code: new(code), Message: new(msg)}
	}
	for _, m := range im.Mappings {
		out.BlockDeviceMappings = append(out.BlockDeviceMappings, m.out())
	}
	return out
}

func (m mapping) out() ec2api.BlockDeviceMapping {
	e := &ec2api.EbsBlockDevice{DeleteOnTermination: new(m.DeleteOnTermination), VolumeSize: new(m.VolumeSize),
		VolumeType: new(m.VolumeType), Encrypted: new(m.Encrypted)}
	if m.SnapshotID != "" {
		e.SnapshotId = new(m.SnapshotID)
	}
	if m.Iops != 0 {
		e.Iops = new(m.Iops)
	}
	if m.Throughput != 0 {
		e.Throughput = new(m.Throughput)
	}
	return ec2api.BlockDeviceMapping{DeviceName: new(m.Device), Ebs: e}
}

// imageFields are DescribeImages' filters.
func imageFields(im *imageRecord, now time.Time) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "image-id":
			return one(im.ID), true
		case "name":
			return one(im.Name), true
		case "description":
			return one(im.Description), true
		case "owner-id":
			return one(im.Account), true
		case "owner-alias":
			return one(im.OwnerAlias), true
		case "state":
			return one(im.at(now)), true
		case "architecture":
			return one(im.Architecture), true
		case "platform":
			return one(im.Platform), true
		case "platform-details":
			return one(im.PlatformDetails), true
		case "is-public":
			return boolField(im.Launch.All), true
		case "image-type":
			return one("machine"), true
		case "root-device-type":
			return one("ebs"), true
		case "root-device-name":
			return one(im.RootDeviceName), true
		case "virtualization-type":
			return one(im.VirtualizationType), true
		case "hypervisor":
			return one("xen"), true
		case "ena-support":
			return boolField(im.EnaSupport), true
		case "creation-date":
			return one(im.Created.Format(timeFormat)), true
		case "source-image-id":
			return one(im.SourceImageID), true
		case "block-device-mapping.snapshot-id", "block-device-mapping.encrypted", "block-device-mapping.device-name",
			"block-device-mapping.volume-size", "block-device-mapping.volume-type", "block-device-mapping.delete-on-termination":
			var out []string
			for _, m := range im.Mappings {
				switch name {
				case "block-device-mapping.snapshot-id":
					out = append(out, m.SnapshotID)
				case "block-device-mapping.encrypted":
					out = append(out, boolField(m.Encrypted)...)
				case "block-device-mapping.device-name":
					out = append(out, m.Device)
				case "block-device-mapping.volume-size":
					out = append(out, itoa(m.VolumeSize))
				case "block-device-mapping.volume-type":
					out = append(out, m.VolumeType)
				default:
					out = append(out, boolField(m.DeleteOnTermination)...)
				}
			}
			return out, true
		}
		return nil, false
	}
}

// DescribeImages describes the images the caller may launch — its own,
// those shared with it, the public ones — narrowed by ImageIds (each must
// be visible), Owners (self, amazon, account ids), ExecutableUsers (self,
// all, account ids) and Filters.
func (s *Service) DescribeImages(ctx context.Context, in *ec2api.DescribeImagesInput) (*ec2api.DescribeImagesOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeImages", in.DryRun)
	if err != nil {
		return nil, err
	}
	if err := checkIDs(in.ImageIds, "ami"); err != nil {
		return nil, err
	}
	if err := s.ensurePublicImages(ctx, req.Region); err != nil {
		return nil, err
	}
	now := s.now()
	filters, err := parseFilters(in.Filters, imageFields(&imageRecord{}, now))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	me := req.Principal.Account
	var kept []*imageRecord
	keep := func(im *imageRecord) (bool, error) {
		if im.launchableBy(me) &&
			ownedBy(in.Owners, me, im.Account, im.OwnerAlias) && executableBy(in.ExecutableUsers, me, im) &&
			matches(filters, imageFields(im, now), im.Tags) {
			kept = append(kept, im)
		}
		return true, nil
	}
	err = s.store.View(ctx, func(tx store.Tx) error {
		if len(in.ImageIds) > 0 || len(in.Owners) == 0 {
			return scanIDs(tx, imagesTable, req.Region, in.ImageIds, keep)
		}
		for _, account := range imageOwners(in.Owners, me) {
			if err := scanOwned(tx, imagesTable, req.Region, account, keep); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if missing := missingIDs(in.ImageIds, kept, func(im *imageRecord) string { return im.ID }); len(missing) > 0 && len(in.Filters) == 0 {
		return nil, imageNotFound(missing...)
	}
	slices.SortFunc(kept, func(a, b *imageRecord) int { return cmpString(a.ID, b.ID) })
	page, next := cut(kept, l, func(im *imageRecord) string { return im.ID })
	out := &ec2api.DescribeImagesOutput{Images: make([]ec2api.Image, 0, len(page)), NextToken: next}
	for _, im := range page {
		out.Images = append(out.Images, imageOut(im, now))
	}
	return out, nil
}

// imageOwners are the accounts whose images Owners may select, so that
// DescribeImages reads theirs alone and not every account's in the Region:
// the caller for "self", and for any other entry the account it names and
// those of the public images it is the alias of ("amazon"). ownedBy
// still decides.
func imageOwners(owners []string, me string) []string {
	var accounts []string
	for _, o := range owners {
		if o == "self" {
			o = me
		}
		accounts = append(accounts, o)
		for _, m := range awsdata.PublicImages() {
			if m.OwnerAlias == o {
				accounts = append(accounts, m.OwnerID)
			}
		}
	}
	slices.Sort(accounts)
	return slices.Compact(accounts)
}

// executableBy applies ExecutableUsers: images the named accounts ("self"
// for the caller, "all" for public ones) may launch explicitly.
func executableBy(users []string, me string, im *imageRecord) bool {
	if len(users) == 0 {
		return true
	}
	for _, u := range users {
		switch {
		case u == "all" && im.Launch.All:
			return true
		case u == "self" && (im.Account == me || im.Launch.allows(me)):
			return true
		case slices.Contains(im.Launch.Users, u) || u == im.Account:
			return true
		}
	}
	return false
}

// DeregisterImage deregisters one of the caller's images, and its
// snapshots when asked.
func (s *Service) DeregisterImage(ctx context.Context, in *ec2api.DeregisterImageInput) (*ec2api.DeregisterImageOutput, error) {
	req := authz.FromContext(ctx)
	im, err := s.ownImage(ctx, req, deref(in.ImageId))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DeregisterImage", target{arn: arn(req.Region, "", "image", im.ID), conditions: im.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	out := &ec2api.DeregisterImageOutput{Return: new(true)}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		if err := deleteOwned(tx, imagesTable, req.Region, req.Principal.Account, im.ID); err != nil {
			return err
		}
		if !deref(in.DeleteAssociatedSnapshots) {
			return nil
		}
		for _, m := range im.Mappings {
			if m.SnapshotID == "" {
				continue
			}
			if err := deleteOwned(tx, snapshotsTable, req.Region, req.Principal.Account, m.SnapshotID); err != nil {
				return err
			}
			out.DeleteSnapshotResults = append(out.DeleteSnapshotResults, ec2api.DeleteSnapshotReturnCode{
				SnapshotId: new(m.SnapshotID), ReturnCode: new(ec2api.SnapshotReturnCodesSuccess)})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
