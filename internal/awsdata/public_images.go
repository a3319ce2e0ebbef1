package awsdata

import (
	"slices"
	"sync"
	"time"
)

// PublicImage is an Amazon-owned public AMI as DescribeImages shows it,
// with its single root EBS mapping (unencrypted).
type PublicImage struct {
	Name            string
	Description     string
	OwnerID         string // the real owner: 137112412989 Amazon Linux, 099720109477 Canonical, 801119661308 Windows
	OwnerAlias      string // ImageOwnerAlias, where AWS shows one
	Architecture    string // x86_64 or arm64
	Platform        string // "windows" or ""
	PlatformDetails string // "Linux/UNIX", "Windows"
	UsageOperation  string // "RunInstances", "RunInstances:0002"
	RootDeviceName  string
	VolumeSize      int32 // GiB
	VolumeType      string
	Iops            int32 // 0 where the volume type has none to show
	Throughput      int32
	BootMode        string // "" where AWS shows none
	EnaSupport      bool
	Created         time.Time
}

// publicImagesFile is the layout of data/ec2-public-images.json.
type publicImagesFile struct {
	Images []struct {
		Name            string    `json:"name"`
		Description     string    `json:"description"`
		OwnerID         string    `json:"ownerId"`
		OwnerAlias      string    `json:"ownerAlias"`
		Architecture    string    `json:"architecture"`
		Platform        string    `json:"platform"`
		PlatformDetails string    `json:"platformDetails"`
		UsageOperation  string    `json:"usageOperation"`
		RootDeviceName  string    `json:"rootDeviceName"`
		VolumeSize      int32     `json:"volumeSize"`
		VolumeType      string    `json:"volumeType"`
		Iops            int32     `json:"iops"`
		Throughput      int32     `json:"throughput"`
		BootMode        string    `json:"bootMode"`
		EnaSupport      bool      `json:"enaSupport"`
		CreationDate    time.Time `json:"creationDate"`
	} `json:"images"`
}

var publicImages = sync.OnceValue(func() []PublicImage {
	var f publicImagesFile
	mustUnmarshal("ec2-public-images.json", &f)
	out := make([]PublicImage, len(f.Images))
	for i, m := range f.Images {
		out[i] = PublicImage{Name: m.Name, Description: m.Description, OwnerID: m.OwnerID, OwnerAlias: m.OwnerAlias,
			Architecture: m.Architecture, Platform: m.Platform, PlatformDetails: m.PlatformDetails, UsageOperation: m.UsageOperation,
			RootDeviceName: m.RootDeviceName, VolumeSize: m.VolumeSize, VolumeType: m.VolumeType, Iops: m.Iops,
			Throughput: m.Throughput, BootMode: m.BootMode, EnaSupport: m.EnaSupport, Created: m.CreationDate}
	}
	return out
})

// PublicImages returns the catalogue of Amazon-owned public AMIs that
// every Region has, in the file's order. The slice is the caller's own.
func PublicImages() []PublicImage {
	return slices.Clone(publicImages())
}
