package ec2

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/store"
)

// String is how EC2 names a rule's peer in its messages.
func (p peer) String() string {
	switch {
	case p.CIDR != "":
		return p.CIDR
	case p.CIDRv6 != "":
		return p.CIDRv6
	case p.PrefixList != "":
		return p.PrefixList
	}
	return p.Group
}

// same reports whether two rules allow the same traffic: protocol, ports
// and peer (a description does not make a rule another).
func (r rule) same(o rule) bool {
	return r.Protocol == o.Protocol && r.From == o.From && r.To == o.To && r.peer == o.peer
}

// field gives a rule's values for an ip-permission.* filter.
func (r rule) field(name string) ([]string, bool) {
	switch name {
	case "protocol":
		return one(r.Protocol), true
	case "from-port":
		return one(strconv.Itoa(int(r.From))), true
	case "to-port":
		return one(strconv.Itoa(int(r.To))), true
	case "cidr":
		return one(r.CIDR), true
	case "ipv6-cidr":
		return one(r.CIDRv6), true
	case "prefix-list-id":
		return one(r.PrefixList), true
	case "group-id":
		return one(r.Group), true
	case "user-id":
		return one(r.GroupOwner), true
	}
	return nil, false
}

// protocols are the names EC2 accepts for the protocol numbers it names
// in answers [EC2 API reference, IpPermission: "tcp, udp, icmp, icmpv6 or
// a number"; -1 or all: every protocol].
var protocols = map[string]string{"-1": "-1", "all": "-1", "tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp",
	"icmp": "icmp", "1": "icmp", "icmpv6": "icmpv6", "58": "icmpv6"}

// normalProtocol returns a protocol as EC2 keeps it. UNVERIFIED text for
// an unknown one.
func normalProtocol(p string) (string, error) {
	if n, ok := protocols[strings.ToLower(p)]; ok {
		return n, nil
	}
	if n, err := strconv.Atoi(p); err == nil && n >= 0 && n <= 255 {
		return p, nil
	}
	return "", ec2api.InvalidParameterValue("Invalid value '" + p + "' for IP protocol. Unknown protocol.")
}

// ports reads a permission's port range: TCP and UDP need one within
// 0-65535, ICMP takes a type and code (-1: any), other protocols none.
// The texts of the refusals are UNVERIFIED.
func ports(protocol string, from, to *int32) (int32, int32, error) {
	switch protocol {
	case "tcp", "udp":
		if from == nil || to == nil {
			return 0, 0, missingParameter("fromPort and toPort")
		}
		if *from < 0 || *to > 65535 || *from > *to {
			return 0, 0, ec2api.InvalidParameterValue("Invalid port range " + strconv.Itoa(int(*from)) + "-" + strconv.Itoa(int(*to)) + ".")
		}
		return *from, *to, nil
	case "icmp", "icmpv6":
		f, t := int32(-1), int32(-1)
		if from != nil {
			f = *from
		}
		if to != nil {
			t = *to
		}
		return f, t, nil
	}
	return -1, -1, nil
}

// flatRule is the older form of Authorize/Revoke: one protocol and port
// range with one CIDR or one source group.
type flatRule struct {
	protocol, cidr, sourceName, sourceOwner *string
	from, to                                *int32
}

// permissions returns the flat form as IpPermissions (none when it is
// not used). A source group without a protocol means all traffic.
func (f flatRule) permissions() []ec2api.IpPermission {
	if f.protocol == nil && f.cidr == nil && f.sourceName == nil {
		return nil
	}
	p := ec2api.IpPermission{IpProtocol: f.protocol, FromPort: f.from, ToPort: f.to}
	if p.IpProtocol == nil {
		p.IpProtocol = new("-1")
	}
	if f.cidr != nil {
		p.IpRanges = []ec2api.IpRange{{CidrIp: f.cidr}}
	}
	if f.sourceName != nil {
		p.UserIdGroupPairs = []ec2api.UserIdGroupPair{{GroupName: f.sourceName, UserId: f.sourceOwner}}
	}
	return []ec2api.IpPermission{p}
}

// rulesIn reads a request's permissions into rules, one per peer,
// resolving peer groups (by id, or by name in the default VPC).
func rulesIn(tx store.Tx, n *network, region, account string, perms []ec2api.IpPermission) ([]rule, error) {
	var out []rule
	for _, p := range perms {
		protocol, err := normalProtocol(deref(p.IpProtocol))
		if err != nil {
			return nil, err
		}
		from, to, err := ports(protocol, p.FromPort, p.ToPort)
		if err != nil {
			return nil, err
		}
		add := func(pr peer, description *string) {
			out = append(out, rule{Protocol: protocol, From: from, To: to, peer: pr, Description: deref(description)})
		}
		for _, r := range p.IpRanges {
			cidr, err := checkCIDR(deref(r.CidrIp), false)
			if err != nil {
				return nil, err
			}
			add(peer{CIDR: cidr}, r.Description)
		}
		for _, r := range p.Ipv6Ranges {
			cidr, err := checkCIDR(deref(r.CidrIpv6), true)
			if err != nil {
				return nil, err
			}
			add(peer{CIDRv6: cidr}, r.Description)
		}
		for _, r := range p.PrefixListIds {
			add(peer{PrefixList: deref(r.PrefixListId)}, r.Description)
		}
		for _, pair := range p.UserIdGroupPairs {
			g, err := peerGroup(tx, n, region, account, pair)
			if err != nil {
				return nil, err
			}
			add(peer{Group: g.ID, GroupOwner: g.Account}, pair.Description)
		}
	}
	if len(out) == 0 {
		return nil, missingParameter("ipPermissions") // UNVERIFIED text
	}
	return out, nil
}

// peerGroup resolves a rule's source or destination group: by id in the
// Region (another account's when UserId names it), or by name among the
// account's default-VPC groups.
func peerGroup(tx store.Tx, n *network, region, account string, pair ec2api.UserIdGroupPair) (*groupRecord, error) {
	id := deref(pair.GroupId)
	if id == "" || deref(pair.UserId) == "" || deref(pair.UserId) == account {
		return findGroup(tx, n, region, account, id, deref(pair.GroupName))
	}
	g, _, ok, err := getAny[groupRecord](tx, groupsTable, region, id)
	if err == nil && (!ok || g.Account != deref(pair.UserId)) {
		return nil, groupNotFound(id)
	}
	return g, err
}

// checkCIDR refuses a malformed CIDR block [boto logs:
// "InvalidParameterValue: CIDR block 10.0.0.0/33 is malformed"].
func checkCIDR(cidr string, v6 bool) (string, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil || p.Addr().Is6() != v6 {
		return "", ec2api.InvalidParameterValue("CIDR block " + cidr + " is malformed")
	}
	return cidr, nil
}

// permissionsOut groups rules into IpPermissions by protocol and ports,
// in the order they were added, as DescribeSecurityGroups answers.
func permissionsOut(rules []rule) []ec2api.IpPermission {
	out := []ec2api.IpPermission{}
	index := map[[3]string]int{}
	for _, r := range rules {
		k := [3]string{r.Protocol, strconv.Itoa(int(r.From)), strconv.Itoa(int(r.To))}
		i, ok := index[k]
		if !ok {
			p := ec2api.IpPermission{IpProtocol: new(r.Protocol), IpRanges: []ec2api.IpRange{}, Ipv6Ranges: []ec2api.Ipv6Range{},
				PrefixListIds: []ec2api.PrefixListId{}, UserIdGroupPairs: []ec2api.UserIdGroupPair{}}
			if r.Protocol != "-1" {
				p.FromPort, p.ToPort = new(r.From), new(r.To)
			}
			i = len(out)
			index[k] = i
			out = append(out, p)
		}
		p := &out[i]
		desc := optString(r.Description)
		switch {
		case r.CIDR != "":
			p.IpRanges = append(p.IpRanges, ec2api.IpRange{CidrIp: new(r.CIDR), Description: desc})
		case r.CIDRv6 != "":
			p.Ipv6Ranges = append(p.Ipv6Ranges, ec2api.Ipv6Range{CidrIpv6: new(r.CIDRv6), Description: desc})
		case r.PrefixList != "":
			p.PrefixListIds = append(p.PrefixListIds, ec2api.PrefixListId{PrefixListId: new(r.PrefixList), Description: desc})
		default:
			p.UserIdGroupPairs = append(p.UserIdGroupPairs, ec2api.UserIdGroupPair{GroupId: new(r.Group), UserId: new(r.GroupOwner), Description: desc})
		}
	}
	return out
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ruleOut is a rule as SecurityGroupRules describe it.
func ruleOut(g *groupRecord, r rule, egress bool) ec2api.SecurityGroupRule {
	out := ec2api.SecurityGroupRule{SecurityGroupRuleId: new(r.ID), GroupId: new(g.ID), GroupOwnerId: new(g.Account),
		IsEgress: new(egress), IpProtocol: new(r.Protocol), FromPort: new(r.From), ToPort: new(r.To),
		CidrIpv4: optString(r.CIDR), CidrIpv6: optString(r.CIDRv6), PrefixListId: optString(r.PrefixList),
		Description: optString(r.Description), Tags: apiTags(r.Tags),
		SecurityGroupRuleArn: new(arn(g.Region, g.Account, "security-group-rule", r.ID))}
	if r.Group != "" {
		out.ReferencedGroupInfo = &ec2api.ReferencedSecurityGroup{GroupId: new(r.Group), UserId: new(r.GroupOwner)}
	}
	return out
}
