package cloudtrail_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/app"
)

// in is the option that keeps amity's state in dir.

// TestRecordsSurviveARestart: what amity answered before a clean shutdown
// is recorded — in the store and in the logging trail's files — without
// anyone flushing; the trail keeps logging after the restart.
func TestRecordsSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	const calls = 50
	t.Run("before", func(t *testing.T) {
		env := amitytest.New(t, amitytest.InDir(dir))
		root := env.RootConfig(owner, region)
		ct := awsct.NewFromConfig(root)
		if _, err := ct.CreateTrail(ctx, &awsct.CreateTrailInput{Name: aws.String("main"), S3BucketName: aws.String("audit-logs")}); err != nil {
			t.Fatal(err)
		}
		if _, err := ct.StartLogging(ctx, &awsct.StartLoggingInput{Name: aws.String("main")}); err != nil {
			t.Fatal(err)
		}
		for range calls {
			if _, err := awssts.NewFromConfig(root).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
				t.Fatal(err)
			}
		}
	})
	env := amitytest.New(t, amitytest.InDir(dir))
	root := env.RootConfig(owner, region)
	if got := lookup(t, root, cttypes.LookupAttributeKeyEventName, "GetCallerIdentity"); len(got) != calls {
		t.Errorf("%d GetCallerIdentity records after the restart, want %d", len(got), calls)
	}
	if got := eventNames(t, logFiles(t, env.App.TrailsDir, "audit-logs"))[region]; len(got) < calls+1 {
		t.Errorf("%d records delivered before the restart, want %d at least", len(got), calls+1)
	}
	status, err := awsct.NewFromConfig(root).GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("main")})
	if err != nil || !aws.ToBool(status.IsLogging) || status.LatestDeliveryTime == nil {
		t.Errorf("status after the restart %+v %v", status, err)
	}
}

// TestRetention: records older than the retention period are deleted
// when amity starts (and every hour), not merely hidden.
func TestRetention(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	keep := func(c *app.Config) { c.CloudTrailRetention = 10 * time.Minute }
	t.Run("before", func(t *testing.T) {
		env := amitytest.New(t, amitytest.InDir(dir), keep)
		if _, err := awssts.NewFromConfig(env.RootConfig(owner, region)).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
			t.Fatal(err)
		}
	})
	// Eleven minutes later (within SigV4's 15-minute skew).
	later := func(c *app.Config) { c.Now = func() time.Time { return time.Now().Add(11 * time.Minute) } }
	env := amitytest.New(t, amitytest.InDir(dir), keep, later)
	out, err := awsct.NewFromConfig(env.RootConfig(owner, region)).LookupEvents(ctx, &awsct.LookupEventsInput{
		StartTime: aws.Time(time.Now().Add(-24 * time.Hour)),
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventName,
			AttributeValue: aws.String("GetCallerIdentity")}}})
	if err != nil || len(out.Events) != 0 {
		t.Errorf("a record past the retention: %v %v", out, err)
	}
}
