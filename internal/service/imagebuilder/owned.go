package imagebuilder

import (
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/awsdata"
)

// AWS-owned resources — owner "Amazon", ARN account "aws" — come from
// awsdata's catalogue (shared/aws/imagebuilder-aws-owned.json), which
// names each component and image but no concrete version: AWS publishes
// none. So they are listed and answered with their x.x.x ARNs and no
// version, and any version of one resolves to it.

// ownerAmazon is the owner Image Builder reports for AWS's resources.
const ownerAmazon = imagebuilderapi.OwnershipAmazon

// awsAccount is the account field of AWS-owned resources' ARNs.
const awsAccount = "aws"

// ownedComponent returns the AWS-owned component name in region; the
// names AWS no longer lists still resolve, as old recipes name them.
func ownedComponent(region, name string) (awsdata.ImageBuilderComponent, bool) {
	for _, c := range awsdata.ImageBuilderComponents(region) {
		if c.Name == name {
			return c, true
		}
	}
	if slices.Contains(awsdata.RetiredImageBuilderComponentNames(), name) {
		return awsdata.ImageBuilderComponent{Name: name,
			ARN: versionARN(arnPrefix(region, awsAccount, "component")+name, version{wildcard, wildcard, wildcard})}, true
	}
	return awsdata.ImageBuilderComponent{}, false
}

// ownedImage returns the AWS-owned image name in region.
func ownedImage(region, name string) (awsdata.ImageBuilderImage, bool) {
	for _, m := range awsdata.ImageBuilderImages(region) {
		if m.Name == name {
			return m, true
		}
	}
	return awsdata.ImageBuilderImage{}, false
}

// osPlatform is the platform of an operating system as the catalogue
// names it ("Windows Server 2022 Full", "macOS 14", "Ubuntu 22.04").
func osPlatform(os string) string {
	switch {
	case strings.HasPrefix(os, "Windows"):
		return imagebuilderapi.PlatformWindows
	case strings.HasPrefix(os, "macOS"):
		return imagebuilderapi.PlatformMacOS
	}
	return imagebuilderapi.PlatformLinux
}

// ownedImageType is an image's type as the API spells it: the catalogue
// says "AMI" or "Docker".
func ownedImageType(m awsdata.ImageBuilderImage) string {
	if m.Type == "Docker" {
		return imagebuilderapi.ImageTypeDocker
	}
	return imagebuilderapi.ImageTypeAmi
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return new(s)
}

// ownedComponentAnswer is an AWS-owned component as GetComponent shows
// it.
func ownedComponentAnswer(c awsdata.ImageBuilderComponent) *imagebuilderapi.Component {
	return &imagebuilderapi.Component{Arn: new(c.ARN), Name: new(c.Name), Description: nonEmpty(c.Description),
		Platform: nonEmpty(c.Platform), Owner: new(ownerAmazon),
		State: &imagebuilderapi.ComponentState{Status: new(imagebuilderapi.ComponentStatusActive)}}
}

// ownedImageAnswer is an AWS-owned image as GetImage shows it.
func ownedImageAnswer(m awsdata.ImageBuilderImage) *imagebuilderapi.Image {
	return &imagebuilderapi.Image{Arn: new(m.ARN), Name: new(m.Name), Type: new(ownedImageType(m)),
		Platform: new(osPlatform(m.OS)), OsVersion: new(m.OS), ImageSource: new(imagebuilderapi.ImageSourceAmazonManaged),
		State: &imagebuilderapi.ImageState{Status: new(imagebuilderapi.ImageStatusAvailable)}}
}
