package ec2

import (
	"context"
	"slices"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// ruleChange is an Authorize or Revoke request on one direction of a
// group's rules.
type ruleChange struct {
	action             string // ec2:AuthorizeSecurityGroupIngress, …
	egress             bool
	groupID, groupName string
	perms              []ec2api.IpPermission
	flat               flatRule
	tags               []tag    // Authorize's security-group-rule tags
	ruleIDs            []string // Revoke's SecurityGroupRuleIds
	dry                *bool
}

// rules returns the direction's rules of g.
func (c *ruleChange) rules(g *groupRecord) *[]rule {
	if c.egress {
		return &g.Egress
	}
	return &g.Ingress
}

// begin finds the group, authorizes the action on it (and on the new
// rules' ARN when they are tagged) and answers DryRun.
func (s *Service) begin(ctx context.Context, c *ruleChange) (*authz.Request, *network, string, error) {
	req := authz.FromContext(ctx)
	g, n, err := s.group(ctx, req, c.groupID, c.groupName)
	if err != nil {
		return nil, nil, "", err
	}
	targets := []target{{arn: g.arn(), conditions: g.conditions()}}
	if len(c.tags) > 0 {
		targets = append(targets, target{arn: arn(req.Region, req.Principal.Account, "security-group-rule", "*"),
			conditions: tagConditions(nil, c.tags, "")})
	}
	if err := s.authorize(ctx, req, c.action, targets...); err != nil {
		return nil, nil, "", err
	}
	return req, n, g.ID, dryRun(c.dry)
}

// addRules adds the requested rules, refusing one the group already has
// (InvalidPermission.Duplicate) and adding none then.
func (s *Service) addRules(ctx context.Context, c ruleChange) ([]ec2api.SecurityGroupRule, error) {
	req, n, id, err := s.begin(ctx, &c)
	if err != nil {
		return nil, err
	}
	var out []ec2api.SecurityGroupRule
	err = s.store.Update(ctx, func(tx store.Tx) error {
		g, ok, err := getOwned[groupRecord](tx, groupsTable, req.Region, req.Principal.Account, id)
		if err != nil || !ok {
			return orNotFound(err, ok, groupNotFound, id)
		}
		add, err := rulesIn(tx, n, req.Region, req.Principal.Account, append(c.perms, c.flat.permissions()...))
		if err != nil {
			return err
		}
		rules := c.rules(g)
		for _, r := range add {
			if i := slices.IndexFunc(*rules, r.same); i >= 0 {
				return ruleDuplicate((*rules)[i])
			}
			r.ID, r.Tags = s.newID("sgr"), c.tags
			*rules = append(*rules, r)
			out = append(out, ruleOut(g, r, c.egress))
		}
		return putOwned(tx, groupsTable, g.Region, g.Account, g.ID, g)
	})
	return out, err
}

// removeRules removes the rules SecurityGroupRuleIds name (each must
// exist) or those matching the requested permissions. As AWS does in a
// default VPC — the only kind amity has — permissions matching no rule
// are answered in UnknownIpPermissions rather than refused [EC2 API
// reference, RevokeSecurityGroupIngress]; Return stays true then
// (UNVERIFIED).
func (s *Service) removeRules(ctx context.Context, c ruleChange) ([]ec2api.RevokedSecurityGroupRule, []ec2api.IpPermission, error) {
	req, n, id, err := s.begin(ctx, &c)
	if err != nil {
		return nil, nil, err
	}
	var revoked []ec2api.RevokedSecurityGroupRule
	var unknown []rule
	err = s.store.Update(ctx, func(tx store.Tx) error {
		g, ok, err := getOwned[groupRecord](tx, groupsTable, req.Region, req.Principal.Account, id)
		if err != nil || !ok {
			return orNotFound(err, ok, groupNotFound, id)
		}
		rules := c.rules(g)
		var match func(rule) bool
		var wanted []rule
		if len(c.ruleIDs) > 0 {
			for _, rid := range c.ruleIDs {
				if !slices.ContainsFunc(*rules, func(r rule) bool { return r.ID == rid }) {
					return ruleIDNotFound(rid)
				}
			}
			match = func(r rule) bool { return slices.Contains(c.ruleIDs, r.ID) }
		} else {
			if wanted, err = rulesIn(tx, n, req.Region, req.Principal.Account, append(c.perms, c.flat.permissions()...)); err != nil {
				return err
			}
			match = func(r rule) bool { return slices.ContainsFunc(wanted, r.same) }
			for _, w := range wanted {
				if !slices.ContainsFunc(*rules, w.same) {
					unknown = append(unknown, w)
				}
			}
		}
		*rules = slices.DeleteFunc(*rules, func(r rule) bool {
			if match(r) {
				revoked = append(revoked, revokedOut(g, r, c.egress))
			}
			return match(r)
		})
		return putOwned(tx, groupsTable, g.Region, g.Account, g.ID, g)
	})
	if len(unknown) == 0 {
		return revoked, nil, err
	}
	return revoked, permissionsOut(unknown), err
}

func revokedOut(g *groupRecord, r rule, egress bool) ec2api.RevokedSecurityGroupRule {
	return ec2api.RevokedSecurityGroupRule{SecurityGroupRuleId: new(r.ID), GroupId: new(g.ID), IsEgress: new(egress),
		IpProtocol: new(r.Protocol), FromPort: new(r.From), ToPort: new(r.To), CidrIpv4: optString(r.CIDR),
		CidrIpv6: optString(r.CIDRv6), PrefixListId: optString(r.PrefixList), ReferencedGroupId: optString(r.Group),
		Description: optString(r.Description)}
}

// AuthorizeSecurityGroupIngress adds inbound rules.
func (s *Service) AuthorizeSecurityGroupIngress(ctx context.Context, in *ec2api.AuthorizeSecurityGroupIngressInput) (*ec2api.AuthorizeSecurityGroupIngressOutput, error) {
	added, err := s.addRules(ctx, ruleChange{action: "ec2:AuthorizeSecurityGroupIngress", groupID: deref(in.GroupId),
		groupName: deref(in.GroupName), perms: in.IpPermissions, tags: specTags(in.TagSpecifications, ec2api.ResourceTypeSecurityGroupRule),
		flat: flatRule{protocol: in.IpProtocol, cidr: in.CidrIp, sourceName: in.SourceSecurityGroupName,
			sourceOwner: in.SourceSecurityGroupOwnerId, from: in.FromPort, to: in.ToPort}, dry: in.DryRun})
	if err != nil {
		return nil, err
	}
	return &ec2api.AuthorizeSecurityGroupIngressOutput{Return: new(true), SecurityGroupRules: added}, nil
}

// AuthorizeSecurityGroupEgress adds outbound rules.
func (s *Service) AuthorizeSecurityGroupEgress(ctx context.Context, in *ec2api.AuthorizeSecurityGroupEgressInput) (*ec2api.AuthorizeSecurityGroupEgressOutput, error) {
	added, err := s.addRules(ctx, ruleChange{action: "ec2:AuthorizeSecurityGroupEgress", egress: true, groupID: deref(in.GroupId),
		perms: in.IpPermissions, tags: specTags(in.TagSpecifications, ec2api.ResourceTypeSecurityGroupRule),
		flat: flatRule{protocol: in.IpProtocol, cidr: in.CidrIp, sourceName: in.SourceSecurityGroupName,
			sourceOwner: in.SourceSecurityGroupOwnerId, from: in.FromPort, to: in.ToPort}, dry: in.DryRun})
	if err != nil {
		return nil, err
	}
	return &ec2api.AuthorizeSecurityGroupEgressOutput{Return: new(true), SecurityGroupRules: added}, nil
}

// RevokeSecurityGroupIngress removes inbound rules.
func (s *Service) RevokeSecurityGroupIngress(ctx context.Context, in *ec2api.RevokeSecurityGroupIngressInput) (*ec2api.RevokeSecurityGroupIngressOutput, error) {
	revoked, unknown, err := s.removeRules(ctx, ruleChange{action: "ec2:RevokeSecurityGroupIngress", groupID: deref(in.GroupId),
		groupName: deref(in.GroupName), perms: in.IpPermissions, ruleIDs: in.SecurityGroupRuleIds,
		flat: flatRule{protocol: in.IpProtocol, cidr: in.CidrIp, sourceName: in.SourceSecurityGroupName,
			sourceOwner: in.SourceSecurityGroupOwnerId, from: in.FromPort, to: in.ToPort}, dry: in.DryRun})
	if err != nil {
		return nil, err
	}
	return &ec2api.RevokeSecurityGroupIngressOutput{Return: new(true), RevokedSecurityGroupRules: revoked, UnknownIpPermissions: unknown}, nil
}

// RevokeSecurityGroupEgress removes outbound rules.
func (s *Service) RevokeSecurityGroupEgress(ctx context.Context, in *ec2api.RevokeSecurityGroupEgressInput) (*ec2api.RevokeSecurityGroupEgressOutput, error) {
	revoked, unknown, err := s.removeRules(ctx, ruleChange{action: "ec2:RevokeSecurityGroupEgress", egress: true, groupID: deref(in.GroupId),
		perms: in.IpPermissions, ruleIDs: in.SecurityGroupRuleIds,
		flat: flatRule{protocol: in.IpProtocol, cidr: in.CidrIp, sourceName: in.SourceSecurityGroupName,
			sourceOwner: in.SourceSecurityGroupOwnerId, from: in.FromPort, to: in.ToPort}, dry: in.DryRun})
	if err != nil {
		return nil, err
	}
	return &ec2api.RevokeSecurityGroupEgressOutput{Return: new(true), RevokedSecurityGroupRules: revoked, UnknownIpPermissions: unknown}, nil
}
