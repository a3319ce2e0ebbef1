package record

import (
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/wire/jsonio"
)

// resourceTypes are the CloudTrail resource types of the ARNs amity's
// services touch, by service and resource-type prefix of the ARN's last
// part ("key/…" in arn:aws:kms:REGION:ACCT:key/…).
var resourceTypes = map[string]map[string]string{
	"kms": {"key": "AWS::KMS::Key", "alias": "AWS::KMS::Alias"},
	"iam": {"user": "AWS::IAM::User", "role": "AWS::IAM::Role", "group": "AWS::IAM::Group",
		"policy": "AWS::IAM::Policy", "instance-profile": "AWS::IAM::InstanceProfile"},
	"sts": {"assumed-role": "AWS::STS::AssumedRole"},
	"ec2": {"volume": "AWS::EC2::Volume", "snapshot": "AWS::EC2::Snapshot", "image": "AWS::EC2::Image",
		"instance": "AWS::EC2::Instance"},
	"cloudtrail": {"trail": "AWS::CloudTrail::Trail"},
	"imagebuilder": {"image": "AWS::ImageBuilder::Image", "image-recipe": "AWS::ImageBuilder::ImageRecipe",
		"image-pipeline": "AWS::ImageBuilder::ImagePipeline", "component": "AWS::ImageBuilder::Component",
		"distribution-configuration":   "AWS::ImageBuilder::DistributionConfiguration",
		"infrastructure-configuration": "AWS::ImageBuilder::InfrastructureConfiguration"},
}

// resourceType is the CloudTrail type of arn, "" when unknown.
func resourceType(arn string) string {
	// arn:PARTITION:SERVICE:REGION:ACCOUNT:KIND/...
	var fields [5]string
	rest := arn
	for i := range 5 {
		var ok bool
		if fields[i], rest, ok = strings.Cut(rest, ":"); !ok {
			return ""
		}
	}
	kind, _, _ := strings.Cut(rest, "/")
	return resourceTypes[fields[2]][kind]
}

// writeResources writes the record's resources: {"accountId","type","ARN"}
// in that order [AWS_TEXTS.md §10].
func writeResources(e *jsonio.Encoder, touched []authz.Resource) {
	e.Key("resources")
	e.BeginArray()
	for _, r := range touched {
		e.BeginObject()
		if r.Account != "" {
			str(e, "accountId", r.Account)
		}
		if t := resourceType(r.ARN); t != "" {
			str(e, "type", t)
		}
		str(e, "ARN", r.ARN)
		e.EndObject()
	}
	e.EndArray()
}

// lookupResources are the resources LookupEvents shows: named by ARN, an
// IAM entity by its name ("ResourceName ... CloudTrail_CloudWatchLogs_Role"
// [CloudTrail User Guide, "Viewing CloudTrail events with the AWS CLI"]).
// A pattern ("…:user/*") names no resource.
func lookupResources(touched []authz.Resource) []Resource {
	var out []Resource
	for _, r := range touched {
		if strings.Contains(r.ARN, "*") {
			continue
		}
		name := r.ARN
		if strings.HasPrefix(r.ARN, "arn:aws:iam:") {
			name = lastSegment(r.ARN)
		}
		out = append(out, Resource{Type: resourceType(r.ARN), Name: name})
	}
	return out
}
