package awsdata

import (
	"slices"
	"sync"
)

// ImageBuilderComponent is an AWS-owned (owner "Amazon") Image Builder
// component as ListComponents lists it.
type ImageBuilderComponent struct {
	Name        string // e.g. "update-linux".
	Description string // as ListComponents returns it.
	Platform    string // "Linux", "Windows", or "" where the source states none.
	// ARN names the latest version (x.x.x), since AWS publishes no list of
	// current concrete versions.
	ARN string
}

// ImageBuilderImage is an AWS-owned Image Builder image, usable as a
// recipe's parent image.
type ImageBuilderImage struct {
	Name         string // e.g. "amazon-linux-2-x86".
	OS           string // e.g. "Amazon Linux 2".
	Architecture string // "x86_64" or "arm64".
	Type         string // "AMI" or "Docker".
	ARN          string // names the latest version (x.x.x).
}

// imageBuilderFile is the layout of data/imagebuilder-aws-owned.json
// (fields amity uses). ARNs hold the REGION placeholder.
type imageBuilderFile struct {
	Components []struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Platform    string `json:"platform"`
		ARN         string `json:"arn"`
	} `json:"components"`
	ComponentsNoLongerListed struct {
		Names []string `json:"names"`
	} `json:"componentsNoLongerListed"`
	Images []struct {
		Name         string `json:"name"`
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
		Type         string `json:"type"`
		ARN          string `json:"arn"`
	} `json:"images"`
}

var imageBuilderData = sync.OnceValue(func() imageBuilderFile {
	var f imageBuilderFile
	mustUnmarshal("imagebuilder-aws-owned.json", &f)
	return f
})

// ImageBuilderComponents returns the AWS-owned components that
// ListComponents(owner=Amazon) lists, with ARNs in the given Region.
func ImageBuilderComponents(region string) []ImageBuilderComponent {
	src := imageBuilderData().Components
	out := make([]ImageBuilderComponent, len(src))
	for i, c := range src {
		out[i] = ImageBuilderComponent{Name: c.Name, Description: c.Description, Platform: c.Platform, ARN: withRegion(c.ARN, region)}
	}
	return out
}

// RetiredImageBuilderComponentNames returns names of AWS-owned components
// that ListComponents no longer lists but old recipes may still name.
func RetiredImageBuilderComponentNames() []string {
	return slices.Clone(imageBuilderData().ComponentsNoLongerListed.Names)
}

// ImageBuilderImages returns the AWS-owned images, with ARNs in the given
// Region.
func ImageBuilderImages(region string) []ImageBuilderImage {
	src := imageBuilderData().Images
	out := make([]ImageBuilderImage, len(src))
	for i, m := range src {
		out[i] = ImageBuilderImage{Name: m.Name, OS: m.OS, Architecture: m.Architecture, Type: m.Type, ARN: withRegion(m.ARN, region)}
	}
	return out
}
