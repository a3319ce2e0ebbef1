package ec2

import (
	"context"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// groupARN is a security group's ARN.
func (g *groupRecord) arn() string { return arn(g.Region, g.Account, "security-group", g.ID) }

// conditions are a security group's keys [Service Authorization
// Reference, Amazon EC2, security-group: aws:ResourceTag, ec2:ResourceTag,
// ec2:Vpc].
func (g *groupRecord) conditions() map[string][]string {
	return resourceTags(map[string][]string{"ec2:vpc": {arn(g.Region, g.Account, "vpc", g.VpcID)}}, g.Tags)
}

// findGroup reads one of account's groups by id, or by name in the
// default VPC (the only place EC2 looks groups up by name).
func findGroup(tx store.Tx, n *network, region, account, id, name string) (*groupRecord, error) {
	if id != "" {
		if !hasPrefix(id, "sg") {
			return nil, groupIDMalformed(id)
		}
		g, ok, err := getOwned[groupRecord](tx, groupsTable, region, account, id)
		return g, orNotFound(err, ok, groupNotFound, id)
	}
	var found *groupRecord
	err := scanOwned(tx, groupsTable, region, account, func(g *groupRecord) (bool, error) {
		if g.VpcID == n.VpcID && g.Name == name {
			found = g
			return false, nil
		}
		return true, nil
	})
	if err == nil && found == nil {
		err = groupNameNotFound(name, n.VpcID)
	}
	return found, err
}

// group reads the group a request names by GroupId or GroupName, making
// the default VPC on first need.
func (s *Service) group(ctx context.Context, req *authz.Request, id, name string) (*groupRecord, *network, error) {
	if id == "" && name == "" {
		return nil, nil, missingParameter("groupName or groupId")
	}
	n, err := s.defaultNetwork(ctx, req.Principal.Account, req.Region)
	if err != nil {
		return nil, nil, err
	}
	var g *groupRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		g, err = findGroup(tx, n, req.Region, req.Principal.Account, id, name)
		return err
	})
	return g, n, err
}

// securityGroups resolves RunInstances' SecurityGroupIds and
// SecurityGroups (names, looked up in the default VPC) for an instance in
// vpcID, the VPC of its subnet; with neither, the VPC's default group.
// A group of another VPC is refused as AWS refuses it.
func (s *Service) securityGroups(ctx context.Context, account, region string, sub *subnetRecord, ids, names []string) ([]groupRef, error) {
	n, err := s.defaultNetwork(ctx, account, region)
	if err != nil {
		return nil, err
	}
	var out []groupRef
	err = s.store.View(ctx, func(tx store.Tx) error {
		var found []*groupRecord
		for _, id := range ids {
			g, err := findGroup(tx, n, region, account, id, "")
			if err != nil {
				return err
			}
			found = append(found, g)
		}
		for _, name := range names {
			g, err := findGroup(tx, n, region, account, "", name)
			if err != nil {
				return err
			}
			found = append(found, g)
		}
		if len(found) == 0 {
			g, err := findGroup(tx, n, region, account, "", defaultGroupName)
			if err != nil {
				return err
			}
			found = append(found, g)
		}
		for _, g := range found {
			if g.VpcID != sub.VpcID {
				return differentNetworks(g.ID, sub.ID)
			}
			if !slices.ContainsFunc(out, func(r groupRef) bool { return r.ID == g.ID }) {
				out = append(out, groupRef{ID: g.ID, Name: g.Name})
			}
		}
		return nil
	})
	return out, err
}

// CreateSecurityGroup creates a group in the default VPC, or the VPC
// VpcId names, with AWS's default outbound rule (all traffic to
// 0.0.0.0/0).
func (s *Service) CreateSecurityGroup(ctx context.Context, in *ec2api.CreateSecurityGroupInput) (*ec2api.CreateSecurityGroupOutput, error) {
	req := authz.FromContext(ctx)
	name, vpcID := deref(in.GroupName), deref(in.VpcId)
	n, err := s.defaultNetwork(ctx, req.Principal.Account, req.Region)
	if err != nil {
		return nil, err
	}
	if vpcID == "" {
		vpcID = n.VpcID
	}
	var vpc *vpcRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		vpc, ok, err = getOwned[vpcRecord](tx, vpcsTable, req.Region, req.Principal.Account, vpcID)
		return orNotFound(err, ok, vpcNotFound, vpcID)
	})
	if err != nil {
		return nil, err
	}
	tags := specTags(in.TagSpecifications, ec2api.ResourceTypeSecurityGroup)
	vpcARN := arn(req.Region, req.Principal.Account, "vpc", vpcID)
	if err := s.authorize(ctx, req, "ec2:CreateSecurityGroup",
		target{arn: arn(req.Region, req.Principal.Account, "security-group", "*"),
			conditions: tagConditions(map[string][]string{"ec2:vpc": {vpcARN}}, tags, "CreateSecurityGroup")},
		target{arn: vpcARN, conditions: resourceTags(map[string][]string{"ec2:tenancy": {ec2api.TenancyDefault}}, vpc.Tags)}); err != nil {
		return nil, err
	}
	switch {
	case name == defaultGroupName:
		return nil, groupReserved()
	case strings.HasPrefix(name, "sg-"):
		// UNVERIFIED text.
		return nil, ec2api.InvalidParameterValue("Group names may not be in the format sg-*.")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	g := &groupRecord{ID: s.newID("sg"), Account: req.Principal.Account, Region: req.Region, VpcID: vpcID, Name: name,
		Description: deref(in.Description), Ingress: []rule{}, Tags: tags,
		Egress: []rule{{ID: s.newID("sgr"), Protocol: "-1", From: -1, To: -1, peer: peer{CIDR: "0.0.0.0/0"}}}}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		err := scanOwned(tx, groupsTable, req.Region, req.Principal.Account, func(o *groupRecord) (bool, error) {
			if o.VpcID == vpcID && o.Name == name {
				return false, groupDuplicate(name, vpcID)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		return putOwned(tx, groupsTable, g.Region, g.Account, g.ID, g)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.CreateSecurityGroupOutput{GroupId: new(g.ID), SecurityGroupArn: new(g.arn()), Tags: apiTags(g.Tags)}, nil
}

// DeleteSecurityGroup deletes a group no instance and no other group's
// rule references; a VPC's default group cannot be deleted.
func (s *Service) DeleteSecurityGroup(ctx context.Context, in *ec2api.DeleteSecurityGroupInput) (*ec2api.DeleteSecurityGroupOutput, error) {
	req := authz.FromContext(ctx)
	g, n, err := s.group(ctx, req, deref(in.GroupId), deref(in.GroupName))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DeleteSecurityGroup", target{arn: g.arn(), conditions: g.conditions()}); err != nil {
		return nil, err
	}
	if g.ID == n.GroupID {
		return nil, cannotDeleteDefault(g.ID)
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.Update(ctx, func(tx store.Tx) error {
		err := scanOwned(tx, instancesTable, req.Region, req.Principal.Account, func(i *instanceRecord) (bool, error) {
			if i.at(now) != instanceTerminated && slices.ContainsFunc(i.Groups, func(r groupRef) bool { return r.ID == g.ID }) {
				return false, groupInUse(g.ID)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		err = scanOwned(tx, groupsTable, req.Region, req.Principal.Account, func(o *groupRecord) (bool, error) {
			refers := func(r rule) bool { return r.Group == g.ID }
			if o.ID != g.ID && (slices.ContainsFunc(o.Ingress, refers) || slices.ContainsFunc(o.Egress, refers)) {
				return false, groupInUse(g.ID)
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		return deleteOwned(tx, groupsTable, req.Region, req.Principal.Account, g.ID)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.DeleteSecurityGroupOutput{Return: new(true), GroupId: new(g.ID)}, nil
}

// DescribeSecurityGroups describes the caller's groups: those GroupIds
// and GroupNames (default VPC) name, each of which must exist, or all,
// filtered and paginated.
func (s *Service) DescribeSecurityGroups(ctx context.Context, in *ec2api.DescribeSecurityGroupsInput) (*ec2api.DescribeSecurityGroupsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeSecurityGroups", in.DryRun)
	if err != nil {
		return nil, err
	}
	filters, err := parseFilters(in.Filters, groupFields(&groupRecord{}))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	n, err := s.defaultNetwork(ctx, req.Principal.Account, req.Region)
	if err != nil {
		return nil, err
	}
	var groups []*groupRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		if len(in.GroupIds) == 0 && len(in.GroupNames) == 0 {
			return scanOwned(tx, groupsTable, req.Region, req.Principal.Account, func(g *groupRecord) (bool, error) {
				groups = append(groups, g)
				return true, nil
			})
		}
		for _, id := range in.GroupIds {
			g, err := findGroup(tx, n, req.Region, req.Principal.Account, id, "")
			if err != nil {
				return err
			}
			groups = append(groups, g)
		}
		for _, name := range in.GroupNames {
			g, err := findGroup(tx, n, req.Region, req.Principal.Account, "", name)
			if err != nil {
				return err
			}
			groups = append(groups, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(groups, func(a, b *groupRecord) int { return strings.Compare(a.ID, b.ID) })
	groups = slices.CompactFunc(groups, func(a, b *groupRecord) bool { return a.ID == b.ID })
	var kept []*groupRecord
	for _, g := range groups {
		if matches(filters, groupFields(g), g.Tags) {
			kept = append(kept, g)
		}
	}
	page, next := cut(kept, l, func(g *groupRecord) string { return g.ID })
	out := &ec2api.DescribeSecurityGroupsOutput{SecurityGroups: make([]ec2api.SecurityGroup, 0, len(page)), NextToken: next}
	for _, g := range page {
		out.SecurityGroups = append(out.SecurityGroups, ec2api.SecurityGroup{GroupId: new(g.ID), GroupName: new(g.Name),
			Description: new(g.Description), VpcId: new(g.VpcID), OwnerId: new(g.Account), SecurityGroupArn: new(g.arn()),
			IpPermissions: permissionsOut(g.Ingress), IpPermissionsEgress: permissionsOut(g.Egress), Tags: apiTags(g.Tags)})
	}
	return out, nil
}

// groupFields are DescribeSecurityGroups' filters; ip-permission.* match
// any inbound rule, egress.ip-permission.* any outbound one.
func groupFields(g *groupRecord) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "group-id":
			return one(g.ID), true
		case "group-name":
			return one(g.Name), true
		case "description":
			return one(g.Description), true
		case "vpc-id":
			return one(g.VpcID), true
		case "owner-id":
			return one(g.Account), true
		}
		rules := g.Ingress
		field, ok := strings.CutPrefix(name, "ip-permission.")
		if !ok {
			rules = g.Egress
			if field, ok = strings.CutPrefix(name, "egress.ip-permission."); !ok {
				return nil, false
			}
		}
		if _, known := (rule{}).field(field); !known {
			return nil, false
		}
		var out []string
		for _, r := range rules {
			v, _ := r.field(field)
			out = append(out, v...)
		}
		return out, true
	}
}
