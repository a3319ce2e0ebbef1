package cloudtrail_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/amityhq/amity/internal/amitytest"
)

func trailARN(region, name string) string {
	return "arn:aws:cloudtrail:" + region + ":" + owner + ":trail/" + name
}

// TestTrailLifecycle: create, read, update, log, select, tag and delete
// trails, with CloudTrail's refusals.
func TestTrailLifecycle(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	ct := awsct.NewFromConfig(env.RootConfig(owner, region))
	euWest := awsct.NewFromConfig(env.RootConfig(owner, "eu-west-1"))

	created, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("main"), S3BucketName: aws.String("audit-logs"),
		S3KeyPrefix: aws.String("org/team"), TagsList: []cttypes.Tag{{Key: aws.String("team"), Value: aws.String("sec")}}})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(created.TrailARN) != trailARN(region, "main") || aws.ToString(created.S3KeyPrefix) != "org/team" ||
		!aws.ToBool(created.IncludeGlobalServiceEvents) || aws.ToBool(created.IsMultiRegionTrail) {
		t.Errorf("created %+v", created)
	}
	if _, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("everywhere"), S3BucketName: aws.String("audit-logs"),
		IsMultiRegionTrail: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}

	refusals := []struct {
		in         awsct.CreateTrailInput
		code, text string
	}{
		{awsct.CreateTrailInput{Name: aws.String("main"), S3BucketName: aws.String("b-b-b")}, "TrailAlreadyExistsException", ""},
		{awsct.CreateTrailInput{Name: aws.String("-main"), S3BucketName: aws.String("b-b-b")}, "InvalidTrailNameException",
			"Trail name must starts with a letter or number."},
		{awsct.CreateTrailInput{Name: aws.String("ab"), S3BucketName: aws.String("b-b-b")}, "InvalidTrailNameException",
			"Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters."},
		{awsct.CreateTrailInput{Name: aws.String("x-1"), S3BucketName: aws.String("Audit_Logs")}, "InvalidS3BucketNameException", ""},
		{awsct.CreateTrailInput{Name: aws.String("x-1"), S3BucketName: aws.String("b-b-b"), S3KeyPrefix: aws.String("a/../../etc")}, "InvalidS3PrefixException", ""},
		{awsct.CreateTrailInput{Name: aws.String("x-1"), S3BucketName: aws.String("b-b-b"), IsMultiRegionTrail: aws.Bool(true),
			IncludeGlobalServiceEvents: aws.Bool(false)}, "InvalidParameterCombinationException", ""},
		{awsct.CreateTrailInput{Name: aws.String("x-1"), S3BucketName: aws.String("b-b-b"), SnsTopicName: aws.String("t")}, "NotImplemented",
			"amity does not implement SNS notifications of trails yet"},
	}
	for _, r := range refusals {
		_, err := ct.CreateTrail(ctx, &r.in)
		if code, msg := apiError(t, err); code != r.code || (r.text != "" && msg != r.text) {
			t.Errorf("CreateTrail %s/%s: %s %q, want %s %q", aws.ToString(r.in.Name), aws.ToString(r.in.S3BucketName), code, msg, r.code, r.text)
		}
	}

	byARN, err := ct.GetTrail(ctx, &awsct.GetTrailInput{Name: aws.String(trailARN(region, "main"))})
	if err != nil || aws.ToString(byARN.Trail.Name) != "main" || aws.ToString(byARN.Trail.HomeRegion) != region || aws.ToBool(byARN.Trail.HasCustomEventSelectors) {
		t.Errorf("GetTrail by ARN: %+v %v", byARN, err)
	}
	_, err = ct.GetTrail(ctx, &awsct.GetTrailInput{Name: aws.String("nope")})
	if code, msg := apiError(t, err); code != "TrailNotFoundException" || msg != "Unknown trail: nope for the user: "+owner {
		t.Errorf("GetTrail nope: %s %q", code, msg)
	}
	_, err = ct.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("nope")})
	if code, msg := apiError(t, err); code != "TrailNotFoundException" || msg != "Unknown trail: "+trailARN(region, "nope")+" for the user: "+owner {
		t.Errorf("GetTrailStatus nope: %s %q", code, msg)
	}

	// A multi-Region trail shows everywhere, changed only at home.
	describe := func(c *awsct.Client, shadows *bool) []string {
		out, err := c.DescribeTrails(ctx, &awsct.DescribeTrailsInput{IncludeShadowTrails: shadows})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tr := range out.TrailList {
			got = append(got, aws.ToString(tr.Name))
		}
		return got
	}
	if got := fmt.Sprint(describe(ct, nil), describe(euWest, nil), describe(euWest, aws.Bool(false))); got != "[everywhere main] [everywhere] []" {
		t.Errorf("DescribeTrails: %s", got)
	}
	_, err = euWest.StartLogging(ctx, &awsct.StartLoggingInput{Name: aws.String("everywhere")})
	if code, _ := apiError(t, err); code != "InvalidHomeRegionException" {
		t.Errorf("StartLogging away from home: %v", err)
	}
	list, err := euWest.ListTrails(ctx, &awsct.ListTrailsInput{})
	if err != nil || len(list.Trails) != 2 {
		t.Errorf("ListTrails %+v %v", list, err)
	}

	updated, err := ct.UpdateTrail(ctx, &awsct.UpdateTrailInput{Name: aws.String("main"), S3KeyPrefix: aws.String("audit")})
	if err != nil || aws.ToString(updated.S3KeyPrefix) != "audit" || aws.ToString(updated.S3BucketName) != "audit-logs" {
		t.Errorf("UpdateTrail %+v %v", updated, err)
	}

	status, err := ct.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("main")})
	if err != nil || aws.ToBool(status.IsLogging) || status.StartLoggingTime != nil {
		t.Errorf("status before logging %+v %v", status, err)
	}
	if _, err := ct.StartLogging(ctx, &awsct.StartLoggingInput{Name: aws.String("main")}); err != nil {
		t.Fatal(err)
	}
	status, err = ct.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String(trailARN(region, "main"))})
	if err != nil || !aws.ToBool(status.IsLogging) || status.StartLoggingTime == nil || status.TimeLoggingStarted == nil {
		t.Errorf("status logging %+v %v", status, err)
	}

	selectors, err := ct.GetEventSelectors(ctx, &awsct.GetEventSelectorsInput{TrailName: aws.String("main")})
	if err != nil || len(selectors.EventSelectors) != 1 || selectors.EventSelectors[0].ReadWriteType != cttypes.ReadWriteTypeAll ||
		!aws.ToBool(selectors.EventSelectors[0].IncludeManagementEvents) {
		t.Errorf("default selectors %+v %v", selectors, err)
	}
	put, err := ct.PutEventSelectors(ctx, &awsct.PutEventSelectorsInput{TrailName: aws.String("main"),
		EventSelectors: []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeWriteOnly}}})
	if err != nil || aws.ToString(put.TrailARN) != trailARN(region, "main") || put.EventSelectors[0].ReadWriteType != cttypes.ReadWriteTypeWriteOnly ||
		!aws.ToBool(put.EventSelectors[0].IncludeManagementEvents) {
		t.Errorf("PutEventSelectors %+v %v", put, err)
	}
	_, err = ct.PutEventSelectors(ctx, &awsct.PutEventSelectorsInput{TrailName: aws.String("main")})
	if code, _ := apiError(t, err); code != "InvalidEventSelectorsException" {
		t.Errorf("no selectors: %v", err)
	}

	if _, err := ct.AddTags(ctx, &awsct.AddTagsInput{ResourceId: aws.String(trailARN(region, "main")),
		TagsList: []cttypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("ops")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ct.RemoveTags(ctx, &awsct.RemoveTagsInput{ResourceId: aws.String(trailARN(region, "main")),
		TagsList: []cttypes.Tag{{Key: aws.String("env")}}}); err != nil {
		t.Fatal(err)
	}
	tags, err := ct.ListTags(ctx, &awsct.ListTagsInput{ResourceIdList: []string{trailARN(region, "main")}})
	if err != nil || len(tags.ResourceTagList) != 1 || len(tags.ResourceTagList[0].TagsList) != 1 ||
		aws.ToString(tags.ResourceTagList[0].TagsList[0].Value) != "ops" {
		t.Errorf("ListTags %+v %v", tags, err)
	}
	_, err = ct.AddTags(ctx, &awsct.AddTagsInput{ResourceId: aws.String(trailARN(region, "gone")), TagsList: []cttypes.Tag{{Key: aws.String("k")}}})
	if code, _ := apiError(t, err); code != "ResourceNotFoundException" {
		t.Errorf("AddTags on no trail: %v", err)
	}

	// Five trails a Region, the multi-Region ones of other Regions counted.
	for i := range 3 {
		if _, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String(fmt.Sprintf("t%d-x", i)), S3BucketName: aws.String("b-b-b")}); err != nil {
			t.Fatal(err)
		}
	}
	_, err = ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("sixth"), S3BucketName: aws.String("b-b-b")})
	if code, _ := apiError(t, err); code != "MaximumNumberOfTrailsExceededException" {
		t.Errorf("sixth trail: %v", err)
	}

	if _, err := ct.DeleteTrail(ctx, &awsct.DeleteTrailInput{Name: aws.String("main")}); err != nil {
		t.Fatal(err)
	}
	_, err = ct.GetTrail(ctx, &awsct.GetTrailInput{Name: aws.String("main")})
	if code, _ := apiError(t, err); code != "TrailNotFoundException" {
		t.Errorf("deleted trail: %v", err)
	}
}

// TestTrailOperationsAreAuthorized: a user may manage trails only as IAM
// allows, resource by resource.
func TestTrailOperationsAreAuthorized(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	ops := env.NewUser(t, owner, region, "ops", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
		"Action":["cloudtrail:CreateTrail","cloudtrail:GetTrail"],"Resource":"`+trailARN(region, "ops-*")+`"}]}`)
	ct := awsct.NewFromConfig(ops)
	if _, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("ops-trail"), S3BucketName: aws.String("b-b-b")}); err != nil {
		t.Fatal(err)
	}
	_, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("main"), S3BucketName: aws.String("b-b-b")})
	code, msg := apiError(t, err)
	if code != "AccessDeniedException" || msg != "User: arn:aws:iam::"+owner+":user/ops is not authorized to perform: cloudtrail:CreateTrail on resource: "+
		trailARN(region, "main")+" because no identity-based policy allows the cloudtrail:CreateTrail action" {
		t.Errorf("%s %q", code, msg)
	}
	if _, err := ct.StartLogging(ctx, &awsct.StartLoggingInput{Name: aws.String("ops-trail")}); err == nil {
		t.Error("StartLogging allowed")
	}
}
