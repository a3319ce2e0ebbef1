package cloudtrail

import (
	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/wire"
)

// settings are the members CreateTrail and UpdateTrail share, as
// CreateTrail names them.
type settings cloudtrailapi.CreateTrailInput

// apply sets what st sets. The features amity has nothing to deliver to
// — SNS, CloudWatch Logs, SSE-KMS on S3 objects, digest files,
// organizations — are refused as not implemented rather than accepted and
// ignored.
func (t *trail) apply(st settings) error {
	switch {
	case st.SnsTopicName != nil && *st.SnsTopicName != "":
		return wire.Unsupported("SNS notifications of trails")
	case st.CloudWatchLogsLogGroupArn != nil && *st.CloudWatchLogsLogGroupArn != "",
		st.CloudWatchLogsRoleArn != nil && *st.CloudWatchLogsRoleArn != "":
		return wire.Unsupported("CloudWatch Logs delivery of trails")
	case st.KmsKeyId != nil && *st.KmsKeyId != "":
		return wire.Unsupported("SSE-KMS encryption of trail log files")
	case st.EnableLogFileValidation != nil && *st.EnableLogFileValidation:
		return wire.Unsupported("log file integrity validation")
	case st.IsOrganizationTrail != nil && *st.IsOrganizationTrail:
		return wire.Unsupported("organization trails")
	}
	if st.S3BucketName != nil {
		if err := checkBucketName(*st.S3BucketName); err != nil {
			return err
		}
		t.Bucket = *st.S3BucketName
	}
	if st.S3KeyPrefix != nil {
		if err := checkPrefix(*st.S3KeyPrefix); err != nil {
			return err
		}
		t.Prefix = *st.S3KeyPrefix
	}
	if st.IncludeGlobalServiceEvents != nil {
		t.IncludeGlobal = *st.IncludeGlobalServiceEvents
	}
	if st.IsMultiRegionTrail != nil {
		t.MultiRegion = *st.IsMultiRegionTrail
	}
	if t.MultiRegion && !t.IncludeGlobal {
		// A multi-Region trail must include global service events
		// [CloudTrail API Reference, UpdateTrail]. UNVERIFIED text.
		return cloudtrailapi.InvalidParameterCombinationException("Multi-Region trail must include global service events.")
	}
	return nil
}

// settingsOutput is CreateTrail's answer (UpdateTrail's has the same
// members).
func (t *trail) settingsOutput() cloudtrailapi.CreateTrailOutput {
	return cloudtrailapi.CreateTrailOutput{
		Name: new(t.Name), S3BucketName: new(t.Bucket), S3KeyPrefix: t.prefix(),
		IncludeGlobalServiceEvents: new(t.IncludeGlobal), IsMultiRegionTrail: new(t.MultiRegion),
		TrailARN: new(t.ARN()), LogFileValidationEnabled: new(false), IsOrganizationTrail: new(false),
	}
}

// describe is the trail as GetTrail and DescribeTrails answer.
func (t *trail) describe() *cloudtrailapi.Trail {
	return &cloudtrailapi.Trail{
		Name: new(t.Name), S3BucketName: new(t.Bucket), S3KeyPrefix: t.prefix(),
		IncludeGlobalServiceEvents: new(t.IncludeGlobal), IsMultiRegionTrail: new(t.MultiRegion),
		HomeRegion: new(t.HomeRegion), TrailARN: new(t.ARN()), LogFileValidationEnabled: new(false),
		HasCustomEventSelectors: new(t.Selectors != nil), HasInsightSelectors: new(false), IsOrganizationTrail: new(false),
	}
}

func (t *trail) prefix() *string {
	if t.Prefix == "" {
		return nil
	}
	return new(t.Prefix)
}
