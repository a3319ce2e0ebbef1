package imagebuilder

import (
	"context"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
)

// managedImageAMIs names, for the AWS-owned Image Builder images that
// amity's public AMI catalogue carries, the AMI names each resolves to
// (EC2 name filters, as the AMIs are named in the catalogue).
var managedImageAMIs = map[string]string{
	"amazon-linux-2023-x86":                     "al2023-ami-2023.*-x86_64",
	"amazon-linux-2023-arm64":                   "al2023-ami-2023.*-arm64",
	"amazon-linux-2-x86":                        "amzn2-ami-kernel-5.10-hvm-*-x86_64-gp2",
	"amazon-linux-2-arm64":                      "amzn2-ami-kernel-5.10-hvm-*-arm64-gp2",
	"ubuntu-server-22-lts-x86":                  "ubuntu/images/hvm-ssd*/ubuntu-jammy-22.04-amd64-server-*",
	"ubuntu-server-24-lts-x86":                  "ubuntu/images/hvm-ssd*/ubuntu-noble-24.04-amd64-server-*",
	"windows-server-2022-english-full-base-x86": "Windows_Server-2022-English-Full-Base-*",
}

// parentAMI resolves a recipe's parentImage to an AMI in the image's
// Region, as the service role sees it: an AMI id as it is, the output AMI
// of one of the account's Image Builder images, or — for an AWS-owned
// image ARN — the newest public AMI of that operating system.
func (s *Service) parentAMI(ctx context.Context, role *authz.Request, im *imageRecord) (string, error) {
	parent := deref(im.ImageRecipe.ParentImage)
	if strings.HasPrefix(parent, "ami-") {
		return parent, nil
	}
	_, owner, kind, rest, ok := splitARN(parent)
	if !ok || kind != "image" {
		return "", buildError("The parent image " + parent + " cannot be resolved to an AMI.")
	}
	name, _, _ := strings.Cut(rest, "/")
	if owner == "aws" {
		pattern, ok := managedImageAMIs[name]
		if !ok {
			return "", buildError("amity has no AMI for the AWS-owned image " + parent + ".")
		}
		out, err := s.ec2.DescribeImages(ctx, role, &ec2api.DescribeImagesInput{Owners: []string{"amazon"},
			Filters: []ec2api.Filter{{Name: new("name"), Values: []string{pattern}}}})
		if err != nil {
			return "", err
		}
		if len(out.Images) == 0 {
			return "", buildError("No AMI of the AWS-owned image " + parent + " is in " + im.Region + ".")
		}
		newest := slices.MaxFunc(out.Images, func(a, b ec2api.Image) int { return strings.Compare(deref(a.CreationDate), deref(b.CreationDate)) })
		return deref(newest.ImageId), nil
	}
	ami, err := s.outputAMI(ctx, parent, im.Region)
	if err != nil {
		return "", err
	}
	if ami == "" {
		return "", buildError("The parent image " + parent + " has no AMI in " + im.Region + ".")
	}
	return ami, nil
}

// outputAMI is the AMI an available Image Builder image (an exact build
// version ARN, or the newest build matching x.x.x wildcards) distributed
// in region in its own account.
func (s *Service) outputAMI(ctx context.Context, arn, region string) (string, error) {
	images, err := s.matchingImages(ctx, arn)
	if err != nil {
		return "", err
	}
	for i := len(images) - 1; i >= 0; i-- {
		im := images[i]
		if status(im) != statusAvailable || im.OutputResources == nil {
			continue
		}
		for _, a := range im.OutputResources.Amis {
			if deref(a.Region) == region && deref(a.AccountId) == im.Account {
				return deref(a.Image), nil
			}
		}
	}
	return "", nil
}
