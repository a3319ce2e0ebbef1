package ec2

import (
	"encoding/json"
	"time"
)

// Tables of what launch commands reference, kept like the others under
// REGION/ACCOUNT/ID with the id index (store.go).
const (
	vpcsTable     = "ec2.vpcs"
	subnetsTable  = "ec2.subnets"
	networksTable = "ec2.networks" // REGION/ACCOUNT → network: the default VPC's parts
)

type vpcRecord struct {
	ID          string `json:"id"`
	Account     string `json:"account"`
	Region      string `json:"region"`
	CIDR        string `json:"cidr"`
	Default     bool   `json:"default,omitempty"`
	DhcpOptions string `json:"dhcpOptions"`
	Tags        []tag  `json:"tags,omitempty"`
}

type subnetRecord struct {
	ID           string `json:"id"`
	Account      string `json:"account"`
	Region       string `json:"region"`
	VpcID        string `json:"vpcId"`
	Zone         string `json:"zone"`
	CIDR         string `json:"cidr"`
	DefaultForAz bool   `json:"defaultForAz,omitempty"`
	MapPublicIP  bool   `json:"mapPublicIp,omitempty"`
	Tags         []tag  `json:"tags,omitempty"`
}

// network is an account's default VPC in a Region: what RunInstances
// falls back on when a request names no subnet or security group.
type network struct {
	VpcID   string            `json:"vpcId"`
	Subnets map[string]string `json:"subnets"` // Availability Zone → default subnet id
	GroupID string            `json:"groupId"` // the VPC's default security group
}

type groupRecord struct {
	ID          string `json:"id"`
	Account     string `json:"account"`
	Region      string `json:"region"`
	VpcID       string `json:"vpcId"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Ingress     []rule `json:"ingress"`
	Egress      []rule `json:"egress"`
	Tags        []tag  `json:"tags,omitempty"`
}

// rule is one security group rule: a protocol and port range for one
// peer, as SecurityGroupRule describes it. IpPermissions group rules that
// share protocol and ports.
type rule struct {
	ID       string `json:"id"`       // sgr-…
	Protocol string `json:"protocol"` // "-1", "tcp", "udp", "icmp", "icmpv6" or a number
	From     int32  `json:"from"`     // -1 where the protocol has no ports
	To       int32  `json:"to"`
	peer
	Description string `json:"description,omitempty"`
	Tags        []tag  `json:"tags,omitempty"`
}

// peer is the other end of a rule: exactly one of its fields is set.
type peer struct {
	CIDR       string `json:"cidr,omitempty"`
	CIDRv6     string `json:"cidrV6,omitempty"`
	PrefixList string `json:"prefixList,omitempty"`
	Group      string `json:"group,omitempty"`      // a security group id
	GroupOwner string `json:"groupOwner,omitempty"` // its account
}

type keyPairRecord struct {
	ID          string    `json:"id"`
	Account     string    `json:"account"`
	Region      string    `json:"region"`
	Name        string    `json:"name"`
	Type        string    `json:"type"` // rsa or ed25519
	Fingerprint string    `json:"fingerprint"`
	PublicKey   string    `json:"publicKey"` // OpenSSH authorized_keys form, without comment
	Created     time.Time `json:"created"`
	Tags        []tag     `json:"tags,omitempty"`
}

type templateRecord struct {
	ID        string            `json:"id"`
	Account   string            `json:"account"`
	Region    string            `json:"region"`
	Name      string            `json:"name"`
	Created   time.Time         `json:"created"`
	CreatedBy string            `json:"createdBy"`
	Default   int64             `json:"default"`
	Versions  []templateVersion `json:"versions"` // by number, from 1
	Tags      []tag             `json:"tags,omitempty"`
}

type templateVersion struct {
	Number      int64     `json:"number"`
	Description string    `json:"description,omitempty"`
	Created     time.Time `json:"created"`
	CreatedBy   string    `json:"createdBy"`
	// Data is the version's LaunchTemplateData as given: the request
	// shape's JSON without its absent members.
	Data json.RawMessage `json:"data"`
}
