package ec2

import (
	"context"
	"slices"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// Instance states, as EC2 names and numbers them.
const (
	instancePending      = ec2api.InstanceStateNamePending
	instanceRunning      = ec2api.InstanceStateNameRunning
	instanceShuttingDown = ec2api.InstanceStateNameShuttingDown
	instanceTerminated   = ec2api.InstanceStateNameTerminated
	instanceStopping     = ec2api.InstanceStateNameStopping
	instanceStopped      = ec2api.InstanceStateNameStopped
)

var stateCodes = map[string]int32{instancePending: 0, instanceRunning: 16, instanceShuttingDown: 32,
	instanceTerminated: 48, instanceStopping: 64, instanceStopped: 80}

// A user's stop or termination [EC2 API reference, StateReason:
// "Client.UserInitiatedShutdown: The instance was shut down using the
// Amazon EC2 API"].
const (
	userShutdownCode    = "Client.UserInitiatedShutdown"
	userShutdownMessage = "Client.UserInitiatedShutdown: User initiated shutdown"
)

func instanceState(name string) *ec2api.InstanceState {
	return &ec2api.InstanceState{Name: new(name), Code: new(stateCodes[name])}
}

// conditions are an instance's keys [Service Authorization Reference,
// Amazon EC2, instance].
func (in *instanceRecord) conditions() map[string][]string {
	c := map[string][]string{
		"ec2:instancetype":     {in.Type},
		"ec2:availabilityzone": {in.Zone},
		"ec2:rootdevicetype":   {"ebs"},
		"ec2:tenancy":          {"default"},
	}
	if in.Profile != "" {
		c["ec2:instanceprofile"] = []string{in.Profile}
	}
	return resourceTags(c, in.Tags)
}

func (in *instanceRecord) arn() string { return arn(in.Region, in.Account, "instance", in.ID) }

// instanceOut is an instance as EC2 describes it at now.
//
// The answer points into in, which the caller must not change after.
func instanceOut(in *instanceRecord, now time.Time) ec2api.Instance {
	state := in.at(now)
	out := ec2api.Instance{InstanceId: &in.ID, ImageId: &in.ImageID, InstanceType: &in.Type,
		State: instanceState(state), LaunchTime: &in.Launched, AmiLaunchIndex: &in.LaunchIndex,
		Architecture: &in.Architecture, RootDeviceName: &in.RootDevice, RootDeviceType: new("ebs"),
		VirtualizationType: new("hvm"), Hypervisor: new("xen"), EbsOptimized: new(false), EnaSupport: new(true),
		SourceDestCheck: new(true), Monitoring: &ec2api.Monitoring{State: new("disabled")},
		Placement:        &ec2api.Placement{AvailabilityZone: &in.Zone, Tenancy: new("default"), GroupName: new("")},
		PrivateIpAddress: &in.PrivateIP, PrivateDnsName: new(privateDNS(in.Region, in.PrivateIP)), PublicDnsName: new(""),
		StateTransitionReason: &in.TransitionReason, ProductCodes: []ec2api.ProductCode{},
		PlatformDetails: new(or(platformDetails(in.Platform), "Linux/UNIX")), UsageOperation: new(usageOperation(in.Platform)),
		Tags: apiTags(in.Tags), BlockDeviceMappings: []ec2api.InstanceBlockDeviceMapping{}, SecurityGroups: []ec2api.GroupIdentifier{}}
	if in.ClientToken != "" {
		out.ClientToken = &in.ClientToken
	}
	if in.KeyName != "" {
		out.KeyName = &in.KeyName
	}
	if in.Platform != "" {
		out.Platform = &in.Platform
	}
	if state != instanceTerminated {
		out.SubnetId, out.VpcId = &in.SubnetID, &in.VpcID
		for i := range in.Volumes {
			v := &in.Volumes[i]
			out.BlockDeviceMappings = append(out.BlockDeviceMappings, ec2api.InstanceBlockDeviceMapping{DeviceName: &v.Device,
				Ebs: &ec2api.EbsInstanceBlockDevice{VolumeId: &v.VolumeID, Status: new("attached"), AttachTime: &v.AttachTime,
					DeleteOnTermination: &v.DeleteOnTermination}})
		}
		for i := range in.Groups {
			g := &in.Groups[i]
			out.SecurityGroups = append(out.SecurityGroups, ec2api.GroupIdentifier{GroupId: &g.ID, GroupName: &g.Name})
		}
	}
	if in.Profile != "" {
		out.IamInstanceProfile = &ec2api.IamInstanceProfile{Arn: &in.Profile, Id: &in.ProfileID}
	}
	if code, msg := in.reason(now); code != "" {
		out.StateReason = &ec2api.StateReason{Code: new(code), Message: new(msg)}
	} else if state == instancePending {
		out.StateReason = &ec2api.StateReason{Code: new("pending"), Message: new("pending")}
	}
	return out
}

func platformDetails(platform string) string {
	if platform == "windows" {
		return "Windows"
	}
	return ""
}

func usageOperation(platform string) string {
	if platform == "windows" {
		return "RunInstances:0002"
	}
	return "RunInstances"
}

// privateDNS is an instance's private name as EC2 gives it.
func privateDNS(region, ip string) string {
	host := "ip-" + replaceDots(ip)
	if region == "us-east-1" {
		return host + ".ec2.internal"
	}
	return host + "." + region + ".compute.internal"
}

func replaceDots(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '.' {
			b[i] = '-'
		}
	}
	return string(b)
}

// instanceFields are DescribeInstances' filters.
func instanceFields(in *instanceRecord, now time.Time) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "instance-id":
			return one(in.ID), true
		case "instance-state-name":
			return one(in.at(now)), true
		case "instance-state-code":
			return one(itoa(stateCodes[in.at(now)])), true
		case "image-id":
			return one(in.ImageID), true
		case "instance-type":
			return one(in.Type), true
		case "availability-zone":
			return one(in.Zone), true
		case "vpc-id":
			return one(in.VpcID), true
		case "subnet-id":
			return one(in.SubnetID), true
		case "key-name":
			return one(in.KeyName), true
		case "reservation-id":
			return one(in.ReservationID), true
		case "owner-id":
			return one(in.Account), true
		case "private-ip-address":
			return one(in.PrivateIP), true
		case "launch-time":
			return one(in.Launched.Format(timeFormat)), true
		case "architecture":
			return one(in.Architecture), true
		case "platform":
			return one(in.Platform), true
		case "root-device-type":
			return one("ebs"), true
		case "iam-instance-profile.arn":
			return one(in.Profile), true
		case "block-device-mapping.volume-id", "block-device-mapping.device-name":
			var out []string
			for _, v := range in.Volumes {
				if name == "block-device-mapping.volume-id" {
					out = append(out, v.VolumeID)
				} else {
					out = append(out, v.Device)
				}
			}
			return out, true
		case "instance.group-id", "instance.group-name":
			var out []string
			for _, g := range in.Groups {
				if name == "instance.group-id" {
					out = append(out, g.ID)
				} else {
					out = append(out, g.Name)
				}
			}
			return out, true
		case "state-reason-code":
			code, _ := in.reason(now)
			return one(code), true
		}
		return nil, false
	}
}

// DescribeInstances describes the caller's instances, grouped in their
// reservations: those it names (each must exist) or all, filtered and
// paginated by instance.
func (s *Service) DescribeInstances(ctx context.Context, in *ec2api.DescribeInstancesInput) (*ec2api.DescribeInstancesOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeInstances", in.DryRun)
	if err != nil {
		return nil, err
	}
	page, next, err := s.listInstances(ctx, req, in.InstanceIds, in.Filters, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := &ec2api.DescribeInstancesOutput{Reservations: make([]ec2api.Reservation, 0, len(page)), NextToken: next}
	byReservation := make(map[string]int, len(page))
	for _, inst := range page {
		i, ok := byReservation[inst.ReservationID]
		if !ok {
			i = len(out.Reservations)
			byReservation[inst.ReservationID] = i
			out.Reservations = append(out.Reservations, ec2api.Reservation{ReservationId: new(inst.ReservationID),
				OwnerId: new(inst.Account), Groups: []ec2api.GroupIdentifier{}})
		}
		out.Reservations[i].Instances = append(out.Reservations[i].Instances, instanceOut(inst, now))
	}
	return out, nil
}

// listInstances reads the page of the caller's instances a Describe asks
// for.
func (s *Service) listInstances(ctx context.Context, req *authz.Request, ids []string, filterIn []ec2api.Filter,
	token *string, maxResults *int32) ([]*instanceRecord, *string, error) {
	if err := checkIDs(ids, "i"); err != nil {
		return nil, nil, err
	}
	now := s.now()
	filters, err := parseFilters(filterIn, instanceFields(&instanceRecord{}, now))
	if err != nil {
		return nil, nil, err
	}
	l, err := newListing(token, maxResults)
	if err != nil {
		return nil, nil, err
	}
	keep := func(in *instanceRecord) bool { return matches(filters, instanceFields(in, now), in.Tags) }
	if len(ids) == 0 { // a page of all: read no further than it
		page, next, err := pageOwned(ctx, s.store, instancesTable, req, l, func(in *instanceRecord) string { return in.ID }, keep)
		if err != nil || next == "" {
			return page, nil, err
		}
		return page, new(pageMarker(next)), nil
	}
	named, err := listOwned[instanceRecord](ctx, s.store, instancesTable, req, ids, instanceNotFound)
	if err != nil {
		return nil, nil, err
	}
	page, next := cut(slices.DeleteFunc(named, func(in *instanceRecord) bool { return !keep(in) }), l,
		func(in *instanceRecord) string { return in.ID })
	return page, next, nil
}

// DescribeInstanceStatus describes the status checks of the caller's
// running instances (all of them with IncludeAllInstances).
func (s *Service) DescribeInstanceStatus(ctx context.Context, in *ec2api.DescribeInstanceStatusInput) (*ec2api.DescribeInstanceStatusOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeInstanceStatus", in.DryRun)
	if err != nil {
		return nil, err
	}
	page, next, err := s.listInstances(ctx, req, in.InstanceIds, in.Filters, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := &ec2api.DescribeInstanceStatusOutput{InstanceStatuses: []ec2api.InstanceStatus{}, NextToken: next}
	for _, inst := range page {
		state := inst.at(now)
		if state != instanceRunning && !deref(in.IncludeAllInstances) {
			continue
		}
		status := "not-applicable"
		if state == instanceRunning {
			status = "ok"
		}
		summary := func() *ec2api.InstanceStatusSummary {
			return &ec2api.InstanceStatusSummary{Status: new(status), Details: []ec2api.InstanceStatusDetails{
				{Name: new("reachability"), Status: new(map[bool]string{true: "passed", false: "not-applicable"}[state == instanceRunning])}}}
		}
		out.InstanceStatuses = append(out.InstanceStatuses, ec2api.InstanceStatus{InstanceId: new(inst.ID),
			AvailabilityZone: new(inst.Zone), AvailabilityZoneId: new(zoneID(inst.Zone)), InstanceState: instanceState(state),
			InstanceStatus: summary(), SystemStatus: summary(), Events: []ec2api.InstanceStatusEvent{}})
	}
	return out, nil
}

// DescribeInstanceAttribute describes one attribute of an instance.
func (s *Service) DescribeInstanceAttribute(ctx context.Context, in *ec2api.DescribeInstanceAttributeInput) (*ec2api.DescribeInstanceAttributeOutput, error) {
	req := authz.FromContext(ctx)
	inst, err := s.ownInstance(ctx, req, deref(in.InstanceId))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DescribeInstanceAttribute", target{arn: inst.arn(), conditions: inst.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	out := &ec2api.DescribeInstanceAttributeOutput{InstanceId: new(inst.ID)}
	full := instanceOut(inst, s.now())
	switch a := deref(in.Attribute); a {
	case ec2api.InstanceAttributeNameInstanceType:
		out.InstanceType = &ec2api.AttributeValue{Value: new(inst.Type)}
	case ec2api.InstanceAttributeNameUserData:
		out.UserData = &ec2api.AttributeValue{}
		if inst.UserData != "" {
			out.UserData.Value = new(inst.UserData)
		}
	case ec2api.InstanceAttributeNameBlockDeviceMapping:
		out.BlockDeviceMappings = full.BlockDeviceMappings
	case ec2api.InstanceAttributeNameRootDeviceName:
		out.RootDeviceName = &ec2api.AttributeValue{Value: new(inst.RootDevice)}
	case ec2api.InstanceAttributeNameGroupSet:
		out.Groups = full.SecurityGroups
	case ec2api.InstanceAttributeNameDisableApiTermination:
		out.DisableApiTermination = &ec2api.AttributeBooleanValue{Value: new(false)}
	case ec2api.InstanceAttributeNameDisableApiStop:
		out.DisableApiStop = &ec2api.AttributeBooleanValue{Value: new(false)}
	case ec2api.InstanceAttributeNameInstanceInitiatedShutdownBehavior:
		out.InstanceInitiatedShutdownBehavior = &ec2api.AttributeValue{Value: new("stop")}
	case ec2api.InstanceAttributeNameSourceDestCheck:
		out.SourceDestCheck = &ec2api.AttributeBooleanValue{Value: new(true)}
	case ec2api.InstanceAttributeNameEbsOptimized:
		out.EbsOptimized = &ec2api.AttributeBooleanValue{Value: new(false)}
	case ec2api.InstanceAttributeNameEnaSupport:
		out.EnaSupport = &ec2api.AttributeBooleanValue{Value: new(true)}
	case ec2api.InstanceAttributeNameProductCodes:
		out.ProductCodes = []ec2api.ProductCode{}
	default:
		return nil, invalidValue(a, "attribute", "")
	}
	return out, nil
}

// ownInstance reads one of the caller's instances.
func (s *Service) ownInstance(ctx context.Context, req *authz.Request, id string) (*instanceRecord, error) {
	if !hasPrefix(id, "i") {
		return nil, malformed("i", id)
	}
	var inst *instanceRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		var err error
		inst, ok, err = getOwned[instanceRecord](tx, instancesTable, req.Region, req.Principal.Account, id)
		if err == nil && !ok {
			return instanceNotFound(id)
		}
		return err
	})
	return inst, err
}
