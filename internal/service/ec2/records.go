package ec2

import "time"

// tag is a resource tag.
type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// permissions are who may use a shared resource besides its owner: a
// snapshot's createVolumePermission or an image's launchPermission.
type permissions struct {
	Users []string `json:"users,omitempty"`
	All   bool     `json:"all,omitempty"` // group "all": public
	Orgs  []string `json:"orgs,omitempty"`
	OUs   []string `json:"ous,omitempty"`
}

// encryption is how a volume's or snapshot's bytes are protected: under
// which KMS key, and the EBS data key that seals them.
type encryption struct {
	Encrypted bool   `json:"encrypted,omitempty"`
	KeyARN    string `json:"keyArn,omitempty"`
	// AWSManaged: the key is an AWS managed key (aws/ebs), which EC2
	// learnt from KMS (DescribeKey's KeyManager) when it chose the key.
	AWSManaged bool     `json:"awsManaged,omitempty"`
	DataKey    *dataKey `json:"dataKey,omitempty"`
	Content    content  `json:"content"`
}

// dataKey is an EBS data key as EBS keeps it: encrypted by KMS under the
// resource's key, bound to the encryption context aws:ebs:id = Context.
type dataKey struct {
	Blob    []byte `json:"blob"`
	Context string `json:"context"`
}

// content is what a volume or snapshot holds: a small boot manifest. An
// unencrypted resource keeps it plain. An encrypted one keeps it sealed
// with its data key — except an encrypted volume made from an unencrypted
// source, which keeps its source's plain bytes until its first attachment
// decrypts its data key and seals them, as EBS encrypts a volume's blocks
// as they are first written.
type content struct {
	Plain  []byte `json:"plain,omitempty"`
	Sealed []byte `json:"sealed,omitempty"`
	// Origin is the resource the bytes were sealed for, their associated
	// data: the sealed bytes travel unchanged from volume to snapshot to
	// copy, with their data key re-encrypted.
	Origin string `json:"origin,omitempty"`
}

type volumeRecord struct {
	ID         string    `json:"id"`
	Account    string    `json:"account"`
	Region     string    `json:"region"`
	Zone       string    `json:"zone"`
	Size       int32     `json:"size"`
	Type       string    `json:"type"`
	Iops       int32     `json:"iops,omitempty"`
	Throughput int32     `json:"throughput,omitempty"`
	SnapshotID string    `json:"snapshotId,omitempty"`
	Created    time.Time `json:"created"`
	transition
	encryption
	Attachment *attachment `json:"attachment,omitempty"`
	Tags       []tag       `json:"tags,omitempty"`
	// Modification is the volume's last ModifyVolume.
	Modification *modification `json:"modification,omitempty"`
}

// modification is what a ModifyVolume changed.
type modification struct {
	Start          time.Time `json:"start"`
	FromSize       int32     `json:"fromSize"`
	ToSize         int32     `json:"toSize"`
	FromType       string    `json:"fromType"`
	ToType         string    `json:"toType"`
	FromIops       int32     `json:"fromIops,omitempty"`
	ToIops         int32     `json:"toIops,omitempty"`
	FromThroughput int32     `json:"fromThroughput,omitempty"`
	ToThroughput   int32     `json:"toThroughput,omitempty"`
}

// attachment is a volume attached to an instance.
type attachment struct {
	Instance            string    `json:"instance"`
	Device              string    `json:"device"`
	DeleteOnTermination bool      `json:"deleteOnTermination,omitempty"`
	Time                time.Time `json:"time"`
	transition
}

type snapshotRecord struct {
	ID          string    `json:"id"`
	Account     string    `json:"account"`
	Region      string    `json:"region"`
	VolumeID    string    `json:"volumeId,omitempty"`
	VolumeSize  int32     `json:"volumeSize"`
	Description string    `json:"description,omitempty"`
	Started     time.Time `json:"started"`
	OwnerAlias  string    `json:"ownerAlias,omitempty"` // "amazon" for AWS's public snapshots
	transition
	encryption
	CreateVolume permissions `json:"createVolume"`
	Tags         []tag       `json:"tags,omitempty"`
}

type imageRecord struct {
	ID                 string    `json:"id"`
	Account            string    `json:"account"`
	Region             string    `json:"region"`
	Name               string    `json:"name"`
	Description        string    `json:"description,omitempty"`
	Architecture       string    `json:"architecture"`
	Platform           string    `json:"platform,omitempty"` // "windows" or empty
	PlatformDetails    string    `json:"platformDetails"`
	UsageOperation     string    `json:"usageOperation"`
	RootDeviceName     string    `json:"rootDeviceName"`
	VirtualizationType string    `json:"virtualizationType"`
	BootMode           string    `json:"bootMode,omitempty"`
	EnaSupport         bool      `json:"enaSupport,omitempty"`
	OwnerAlias         string    `json:"ownerAlias,omitempty"`
	Created            time.Time `json:"created"`
	SourceImageID      string    `json:"sourceImageId,omitempty"`
	SourceRegion       string    `json:"sourceRegion,omitempty"`
	SourceInstanceID   string    `json:"sourceInstanceId,omitempty"`
	transition
	Mappings []mapping   `json:"mappings"`
	Launch   permissions `json:"launch"`
	Tags     []tag       `json:"tags,omitempty"`
}

// mapping is an image's block device mapping.
type mapping struct {
	Device              string `json:"device"`
	SnapshotID          string `json:"snapshotId,omitempty"`
	VolumeSize          int32  `json:"volumeSize"`
	VolumeType          string `json:"volumeType"`
	Iops                int32  `json:"iops,omitempty"`
	Throughput          int32  `json:"throughput,omitempty"`
	DeleteOnTermination bool   `json:"deleteOnTermination"`
	Encrypted           bool   `json:"encrypted,omitempty"`
	KeyARN              string `json:"keyArn,omitempty"`
}

type instanceRecord struct {
	ID            string    `json:"id"`
	Account       string    `json:"account"`
	Region        string    `json:"region"`
	ReservationID string    `json:"reservationId"`
	ImageID       string    `json:"imageId"`
	Type          string    `json:"type"`
	KeyName       string    `json:"keyName,omitempty"`
	Zone          string    `json:"zone"`
	SubnetID      string    `json:"subnetId"`
	VpcID         string    `json:"vpcId"`
	PrivateIP     string    `json:"privateIp"`
	LaunchIndex   int32     `json:"launchIndex"`
	Launched      time.Time `json:"launched"`
	ClientToken   string    `json:"clientToken,omitempty"`
	Architecture  string    `json:"architecture"`
	Platform      string    `json:"platform,omitempty"`
	RootDevice    string    `json:"rootDevice"`
	Profile       string    `json:"profile,omitempty"` // instance profile ARN
	ProfileID     string    `json:"profileId,omitempty"`
	UserData      string    `json:"userData,omitempty"`
	transition
	// TransitionReason is StateTransitionReason: why the instance last
	// changed state, as EC2 words it.
	TransitionReason string           `json:"transitionReason,omitempty"`
	Volumes          []instanceVolume `json:"volumes"`
	Groups           []groupRef       `json:"groups"`
	Grants           []grantRef       `json:"grants,omitempty"`
	Tags             []tag            `json:"tags,omitempty"`
}

// instanceVolume is a volume attached to an instance.
type instanceVolume struct {
	Device              string    `json:"device"`
	VolumeID            string    `json:"volumeId"`
	DeleteOnTermination bool      `json:"deleteOnTermination"`
	AttachTime          time.Time `json:"attachTime"`
}

type groupRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// grantRef is a grant EC2 created for an instance's session, which it
// retires when the instance terminates.
type grantRef struct {
	KeyARN  string `json:"keyArn"`
	GrantID string `json:"grantId"`
}

// settings are an account's EBS settings in a Region.
type settings struct {
	EncryptByDefault bool   `json:"encryptByDefault,omitempty"`
	DefaultKey       string `json:"defaultKey,omitempty"` // a key id, ARN or alias; empty: alias/aws/ebs
}
