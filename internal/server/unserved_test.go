package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder"

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
