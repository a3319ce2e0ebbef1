package cloudtrail_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	awssts "github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
)

// logFile is a delivered log file, parsed.
type logFile struct {
	path    string // relative to the trails folder
	region  string
	records []json.RawMessage
}

// logFileName is AWS's layout [CloudTrail User Guide, "Finding your
// CloudTrail log files"].
var logFileName = regexp.MustCompile(`^([a-z0-9.-]+)/(?:(.+)/)?AWSLogs/(\d{12})/CloudTrail/([a-z0-9-]+)/\d{4}/\d{2}/\d{2}/` +
	`(\d{12})_CloudTrail_([a-z0-9-]+)_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$`)

// logFiles reads every log file of bucket, checking each name and format.
func logFiles(t *testing.T, dir, bucket string) []logFile {
	t.Helper()
	var out []logFile
	err := filepath.WalkDir(filepath.Join(dir, bucket), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		m := logFileName.FindStringSubmatch(filepath.ToSlash(rel))
		if m == nil || m[3] != m[5] || m[4] != m[6] {
			t.Errorf("log file %s is not named as AWS names them", rel)
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			return err
		}
		var doc struct{ Records []json.RawMessage }
		if err := json.Unmarshal(body, &doc); err != nil || len(doc.Records) == 0 {
			t.Errorf("%s: %v, %d records", rel, err, len(doc.Records))
		}
		out = append(out, logFile{path: rel, region: m[4], records: doc.Records})
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// eventNames are the eventNames of a bucket's records, by Region.
func eventNames(t *testing.T, files []logFile) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, f := range files {
		for _, raw := range f.records {
			var rec struct{ EventName, AwsRegion string }
			if err := json.Unmarshal(raw, &rec); err != nil {
				t.Fatal(err)
			}
			if rec.AwsRegion != f.region {
				t.Errorf("%s holds a record of %s", f.path, rec.AwsRegion)
			}
			out[f.region] = append(out[f.region], rec.EventName)
		}
	}
	return out
}

// TestTrailsDeliverLogFiles: a multi-Region trail delivers every Region's
// records and the global ones; a single-Region trail selecting write
// events without global ones delivers only those; a stopped trail nothing
// more. Each record in a file is byte for byte the one LookupEvents gives.
func TestTrailsDeliverLogFiles(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	root := env.RootConfig(owner, region)
	ct := awsct.NewFromConfig(root)
	for _, in := range []*awsct.CreateTrailInput{
		{Name: aws.String("all"), S3BucketName: aws.String("audit-logs"), S3KeyPrefix: aws.String("org/prod"), IsMultiRegionTrail: aws.Bool(true)},
		{Name: aws.String("writes"), S3BucketName: aws.String("writes-only"), IncludeGlobalServiceEvents: aws.Bool(false)},
	} {
		if _, err := ct.CreateTrail(ctx, in); err != nil {
			t.Fatal(err)
		}
		if _, err := ct.StartLogging(ctx, &awsct.StartLoggingInput{Name: in.Name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ct.PutEventSelectors(ctx, &awsct.PutEventSelectorsInput{TrailName: aws.String("writes"),
		EventSelectors: []cttypes.EventSelector{{ReadWriteType: cttypes.ReadWriteTypeWriteOnly}}}); err != nil {
		t.Fatal(err)
	}
	createKey(t, root, &awskms.CreateKeyInput{})
	if _, err := awsiam.NewFromConfig(root).CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("dev")}); err != nil {
		t.Fatal(err)
	}
	if _, err := awssts.NewFromConfig(env.RootConfig(owner, "eu-west-1")).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := awssts.NewFromConfig(env.RootConfig(other, region)).GetCallerIdentity(ctx, &awssts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if err := env.App.CloudTrail.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	all := logFiles(t, env.App.TrailsDir, "audit-logs")
	byRegion := eventNames(t, all)
	for _, f := range all {
		if m := logFileName.FindStringSubmatch(filepath.ToSlash(f.path)); m[2] != "org/prod" {
			t.Errorf("%s: prefix %q", f.path, m[2])
		}
	}
	for region, names := range map[string][]string{region: {"CreateKey", "CreateUser", "PutEventSelectors"}, "eu-west-1": {"GetCallerIdentity"}} {
		for _, n := range names {
			if !slices.Contains(byRegion[region], n) {
				t.Errorf("audit-logs %s: %v lacks %s", region, byRegion[region], n)
			}
		}
	}
	if slices.Contains(byRegion[region], "GetCallerIdentity") {
		t.Errorf("another account's call reached the trail: %v", byRegion)
	}
	writes := eventNames(t, logFiles(t, env.App.TrailsDir, "writes-only"))
	if len(writes) != 1 || !slices.Contains(writes[region], "CreateKey") || slices.Contains(writes[region], "CreateUser") ||
		slices.Contains(writes[region], "GetTrailStatus") {
		t.Errorf("writes-only: %v", writes)
	}
	for _, n := range writes[region] {
		if n == "DescribeTrails" || n == "GetCallerIdentity" {
			t.Errorf("a read-only call reached the write-only trail: %v", writes)
		}
	}

	// The files hold the records LookupEvents gives.
	key := lookup(t, root, cttypes.LookupAttributeKeyEventName, "CreateKey")[0]
	found := false
	for _, f := range all {
		for _, raw := range f.records {
			found = found || string(raw) == aws.ToString(key.CloudTrailEvent)
		}
	}
	if !found {
		t.Errorf("the CreateKey record is not in a file as LookupEvents gives it:\n%s", aws.ToString(key.CloudTrailEvent))
	}
	status, err := ct.GetTrailStatus(ctx, &awsct.GetTrailStatusInput{Name: aws.String("all")})
	if err != nil || status.LatestDeliveryTime == nil {
		t.Errorf("status after delivery %+v %v", status, err)
	}

	// Stopped, a trail delivers nothing more.
	if _, err := ct.StopLogging(ctx, &awsct.StopLoggingInput{Name: aws.String("writes")}); err != nil {
		t.Fatal(err)
	}
	if err := env.App.CloudTrail.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	before := len(logFiles(t, env.App.TrailsDir, "writes-only"))
	if _, err := awsiam.NewFromConfig(root).CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("late")}); err != nil {
		t.Fatal(err)
	}
	createKey(t, root, &awskms.CreateKeyInput{})
	if err := env.App.CloudTrail.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if after := len(logFiles(t, env.App.TrailsDir, "writes-only")); after != before {
		t.Errorf("a stopped trail delivered: %d files, then %d", before, after)
	}
}
