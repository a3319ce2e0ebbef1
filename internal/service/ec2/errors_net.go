package ec2

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
)

// The texts of VPCs, security groups, key pairs, launch templates and
// Regions, each with its source; texts no capture confirms are marked
// UNVERIFIED (errors.go's convention).

// vpcNotFound [terraform logs: "InvalidVpcID.NotFound: The vpc ID
// 'vpc-…' does not exist"].
func vpcNotFound(ids ...string) error {
	return ec2api.InvalidVpcIDNotFound("The vpc ID '" + strings.Join(ids, ", ") + "' does not exist")
}

// subnetNotFound [terraform logs: "InvalidSubnetID.NotFound: The subnet
// ID 'subnet-…' does not exist"].
func subnetNotFound(ids ...string) error {
	return ec2api.InvalidSubnetIDNotFound("The subnet ID '" + strings.Join(ids, ", ") + "' does not exist")
}

// groupNotFound names a group id [terraform and CLI logs:
// "InvalidGroup.NotFound: The security group 'sg-…' does not exist"].
func groupNotFound(ids ...string) error {
	return ec2api.InvalidGroupNotFound("The security group '" + strings.Join(ids, ", ") + "' does not exist")
}

// groupNameNotFound names a group of the default VPC by name [AWS SDK
// for Java logs: "The security group 'WebServerSecurityGroup' does not
// exist in default VPC 'vpc-…'"].
func groupNameNotFound(name, vpc string) error {
	return ec2api.InvalidGroupNotFound("The security group '" + name + "' does not exist in default VPC '" + vpc + "'")
}

// groupDuplicate [terraform logs: "InvalidGroup.Duplicate: The security
// group 'secgrp-app' already exists for VPC 'vpc-…'"].
func groupDuplicate(name, vpc string) error {
	return ec2api.InvalidGroupDuplicate("The security group '" + name + "' already exists for VPC '" + vpc + "'")
}

// groupReserved: CreateSecurityGroup named "default". UNVERIFIED text
// (Eucalyptus, which answers as EC2 does, words it so).
func groupReserved() error {
	return ec2api.InvalidGroupReserved("The security group 'default' is reserved")
}

// cannotDeleteDefault: DeleteSecurityGroup on a VPC's default group. The
// ending `"default" cannot be deleted by a user` is what scripts match in
// AWS's answer; the beginning is UNVERIFIED.
func cannotDeleteDefault(id string) error {
	return ec2api.CannotDelete(`the specified group: "` + id + `" name: "default" cannot be deleted by a user`)
}

// groupInUse: a group instances or other groups' rules still reference
// [terraform logs: "DependencyViolation: resource sg-… has a dependent
// object"].
func groupInUse(id string) error {
	return ec2api.DependencyViolation("resource " + id + " has a dependent object")
}

// differentNetworks: a launch naming a group of another VPC than its
// subnet's [terraform logs: "InvalidParameter: Security group sg-… and
// subnet subnet-… belong to different networks."].
func differentNetworks(group, subnet string) error {
	return ec2api.InvalidParameter("Security group " + group + " and subnet " + subnet + " belong to different networks.")
}

// ruleDuplicate [many logs: `the specified rule "peer: 0.0.0.0/0, TCP,
// from port: 22, to port: 22, ALLOW" already exists`, `"peer:
// 0.0.0.0/0, ALL, ALLOW"`, `"peer: 0.0.0.0/0, protocol: 50, ALLOW"`; the
// ICMP form is UNVERIFIED].
func ruleDuplicate(r rule) error {
	return ec2api.InvalidPermissionDuplicate(`the specified rule "` + r.describe() + `" already exists`)
}

// describe is how EC2's duplicate message writes a rule.
func (r rule) describe() string {
	parts := []string{"peer: " + r.peer.String()}
	switch r.Protocol {
	case "-1":
		parts = append(parts, "ALL")
	case "tcp", "udp":
		parts = append(parts, strings.ToUpper(r.Protocol), "from port: "+strconv.Itoa(int(r.From)), "to port: "+strconv.Itoa(int(r.To)))
	case "icmp", "icmpv6":
		parts = append(parts, strings.ToUpper(r.Protocol), "type: "+strconv.Itoa(int(r.From)), "code: "+strconv.Itoa(int(r.To)))
	default:
		parts = append(parts, "protocol: "+r.Protocol)
	}
	return strings.Join(append(parts, "ALLOW"), ", ")
}

// ruleIDNotFound: a SecurityGroupRuleIds entry the group lacks. UNVERIFIED
// text.
func ruleIDNotFound(id string) error {
	return ec2api.InvalidSecurityGroupRuleIdNotFound("The security group rule ID '" + id + "' does not exist")
}

// keyPairNotFound [terraform logs: "InvalidKeyPair.NotFound: The key pair
// 'devops2' does not exist"].
func keyPairNotFound(name string) error {
	return ec2api.InvalidKeyPairNotFound("The key pair '" + name + "' does not exist")
}

// keyPairIDNotFound: a KeyPairIds entry. UNVERIFIED text.
func keyPairIDNotFound(id string) error {
	return ec2api.InvalidKeyPairNotFound("The key pair ID '" + id + "' does not exist")
}

// keyPairDuplicate: the name is taken. aws-sdk-go-v2-era logs of both
// CreateKeyPair and ImportKeyPair read "The keypair already exists";
// older ones named the key ("The keypair 'x' already exists.").
func keyPairDuplicate() error {
	return ec2api.InvalidKeyPairDuplicate("The keypair already exists")
}

// keyFormat: ImportKeyPair's material is no key EC2 accepts [AWS
// workshop guides quoting the CLI: "An error occurred (InvalidKey.Format)
// when calling the ImportKeyPair operation: Key is not in valid OpenSSH
// public key format"].
func keyFormat() error {
	return ec2api.InvalidKeyFormat("Key is not in valid OpenSSH public key format")
}

// templateNameTaken [terraform logs:
// "InvalidLaunchTemplateName.AlreadyExistsException: Launch template name
// already in use."].
func templateNameTaken() error {
	return ec2api.InvalidLaunchTemplateNameAlreadyExistsException("Launch template name already in use.")
}

// templatesNotFound: DescribeLaunchTemplates naming one that does not
// exist [CLI logs of DescribeLaunchTemplates and
// DescribeLaunchTemplateVersions].
func templatesNotFound() error {
	return ec2api.InvalidLaunchTemplateNameNotFoundException("At least one of the launch templates specified in the request does not exist.")
}

// templateIDNotFound [CLI logs of CreateLaunchTemplateVersion: "The
// specified launch template, with template ID lt-…, does not exist."].
func templateIDNotFound(id string) error {
	return ec2api.InvalidLaunchTemplateIdNotFound("The specified launch template, with template ID " + id + ", does not exist.")
}

// templateNameNotFound: one template named by LaunchTemplateName.
// UNVERIFIED text, by analogy with the id's.
func templateNameNotFound(name string) error {
	return ec2api.InvalidLaunchTemplateNameNotFoundException("The specified launch template, with template name " + name + ", does not exist.")
}

// templateVersionNotFound. UNVERIFIED text.
func templateVersionNotFound(id, version string) error {
	return ec2api.InvalidLaunchTemplateIdVersionNotFound(fmt.Sprintf("Could not find specified version %s for launch template with ID %s.", version, id))
}

// templateIDMalformed. UNVERIFIED text, in the form of the other
// malformed ids.
func templateIDMalformed(id string) error {
	return ec2api.InvalidLaunchTemplateIdMalformed(fmt.Sprintf("Invalid id: %q (expecting %q)", id, "lt-..."))
}

// groupIDMalformed [boto logs: 'Invalid id: "x" (expecting "sg-...")'].
func groupIDMalformed(id string) error {
	return ec2api.InvalidGroupIdMalformed(fmt.Sprintf("Invalid id: %q (expecting %q)", id, "sg-..."))
}

// invalidRegion: a RegionNames entry the partition lacks. UNVERIFIED
// text.
func invalidRegion(name string) error {
	return ec2api.InvalidParameterValue("Invalid region: " + name)
}

// invalidZones: ZoneNames or ZoneIds the Region lacks. UNVERIFIED text.
func invalidZones(names []string) error {
	return ec2api.InvalidParameterValue("Invalid availability zone: [" + strings.Join(names, ", ") + "]")
}
