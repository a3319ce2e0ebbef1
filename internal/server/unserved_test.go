package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestUnservedServicesAnswerNotImplemented: an operation of a served
// service outside its allowlist answers with its own protocol's
// NotImplemented, which its SDK client can read.
func TestUnservedServicesAnswerNotImplemented(t *testing.T) {
	env := amitytest.New(t)
	cfg := env.RootConfig("111122223333", "us-east-1")
	ctx := context.Background()
	_, err := cloudtrail.NewFromConfig(cfg).ListEventDataStores(ctx, &cloudtrail.ListEventDataStoresInput{})
	if code, msg, status := apiError(t, err); code != "NotImplemented" || status != http.StatusNotImplemented ||
		msg != "amity does not implement cloudtrail:ListEventDataStores yet" {
		t.Errorf("cloudtrail (awsJson): %s %d %q", code, status, msg)
	}
	_, err = imagebuilder.NewFromConfig(cfg).ListWorkflows(ctx, &imagebuilder.ListWorkflowsInput{})
	if code, msg, status := apiError(t, err); code != "NotImplemented" || status != http.StatusNotImplemented ||
		msg != "amity does not implement imagebuilder:ListWorkflows yet" {
		t.Errorf("imagebuilder (restJson1): %s %d %q", code, status, msg)
	}
}

// TestUnservedServicesAnswerInTheirProtocol: a request to a service amity
// does not serve gets NotImplemented in the envelope its own SDK reads —
// S3's <Error>, SQS's JSON, SNS's awsQuery XML — naming the services amity
// serves, and a log line naming the service and operation.
func TestUnservedServicesAnswerInTheirProtocol(t *testing.T) {
	var log amitytest.Log
	env := amitytest.New(t, amitytest.LogTo(&log))
	cfg := env.RootConfig("111122223333", "us-east-1")
	ctx := context.Background()
	calls := []struct {
		service, operation string
		err                error
	}{
		{"s3", "", func() error {
			_, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListBuckets(ctx, &s3.ListBucketsInput{})
			return err
		}()},
		{"sqs", "ListQueues", func() error {
			_, err := sqs.NewFromConfig(cfg).ListQueues(ctx, &sqs.ListQueuesInput{})
			return err
		}()},
		{"sns", "ListTopics", func() error {
			_, err := sns.NewFromConfig(cfg).ListTopics(ctx, &sns.ListTopicsInput{})
			return err
		}()},
	}
	for i, c := range calls {
		want := "amity does not serve " + c.service + "; it serves account, cloudtrail, ec2, iam, imagebuilder, kms, sts"
		if code, msg, status := apiError(t, c.err); code != "NotImplemented" || msg != want || status != http.StatusNotImplemented {
			t.Errorf("%s: %s %d %q", c.service, code, status, msg)
		}
		lines := log.Requests("")
		if len(lines) != len(calls) || lines[i]["service"] != c.service || lines[i]["operation"] != c.operation ||
			lines[i]["status"] != 501.0 {
			t.Errorf("%s: log lines %v", c.service, lines)
		}
	}
}

// TestAWSCLIUnservedServices: the AWS CLI, calling a service amity does
// not serve, shows amity's text whatever the service's protocol (S3's
// XML, DynamoDB's JSON, Lambda's REST JSON).
func TestAWSCLIUnservedServices(t *testing.T) {
	env := amitytest.New(t)
	// Each command's service has the CLI's name as its signing name.
	for _, args := range [][]string{{"s3", "ls"}, {"dynamodb", "list-tables"}, {"lambda", "list-functions"}} {
		out, err := env.CLI(t, "111122223333", "us-east-1", args...)
		want := "amity does not serve " + args[0] + "; it serves account, cloudtrail, ec2, iam, imagebuilder, kms, sts"
		if err == nil || !strings.Contains(out, "(NotImplemented) when calling the ") || !strings.HasSuffix(strings.TrimSpace(out), want) {
			t.Errorf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
