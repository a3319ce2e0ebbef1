package scenario

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/kmsapi"
)

// TestJSONMembersAreTheGivenOnes: an input is sent with the members
// given — absent pointers, lists and maps left out, as aws-sdk-go-v2
// leaves them —, blobs in base64 and timestamps in epoch seconds.
func TestJSONMembersAreTheGivenOnes(t *testing.T) {
	validTo := time.Unix(1796310245, 250e6)
	in := &kmsapi.ImportKeyMaterialInput{KeyId: aws.String("k"), ImportToken: []byte{1, 2, 3}, ValidTo: &validTo}
	got, err := json.Marshal(jsonMembers(reflect.ValueOf(in)))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"ImportToken":"AQID","KeyId":"k","ValidTo":1796310245.25}`; string(got) != want {
		t.Fatalf("sent %s, want %s", got, want)
	}
	tags := &kmsapi.CreateKeyInput{Tags: []kmsapi.Tag{{TagKey: aws.String("a")}}}
	if got, _ := json.Marshal(jsonMembers(reflect.ValueOf(tags))); string(got) != `{"Tags":[{"TagKey":"a"}]}` {
		t.Fatalf("sent %s", got)
	}
}

// TestKMSCallsAnswerAsTheSDKDoes: through amity's awsJson client, an
// answer reads as aws-sdk-go-v2's would — every member, timestamps as RFC
// 3339 text — and a refusal is a smithy.APIError with AWS's code and
// message, its request id where the SDK keeps it.
func TestKMSCallsAnswerAsTheSDKDoes(t *testing.T) {
	env := amitytest.New(t)
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(env.URL),
		Credentials: credentials.NewStaticCredentialsProvider("111122223333", "test", "")}
	ctx := context.Background()
	call := func(op string, in Input) (any, error) {
		t.Helper()
		o := operations[op]
		input, err := o.prepare(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := o.call(ctx, cfg, input)
		if err != nil {
			return nil, err
		}
		return outputValue(out)
	}
	before := time.Now().Add(-time.Minute)
	created, err := call("kms CreateKey", Input{"Description": "d", "Tags": []any{map[string]any{"TagKey": "k", "TagValue": "v"}}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := lookup(created, "KeyMetadata.KeyId")
	if err != nil {
		t.Fatal(err)
	}
	described, err := call("kms DescribeKey", Input{"KeyId": id})
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]any{"KeyMetadata.KeyId": id, "KeyMetadata.Description": "d", "KeyMetadata.KeyState": "Enabled"} {
		if got, err := lookup(described, path); err != nil || got != want {
			t.Errorf("%s is %v (%v), want %v", path, got, err, want)
		}
	}
	date, err := lookup(described, "KeyMetadata.CreationDate")
	if err != nil {
		t.Fatal(err)
	}
	if at, err := time.Parse(time.RFC3339Nano, text(date)); err != nil || at.Before(before) || at.After(time.Now().Add(time.Minute)) {
		t.Errorf("CreationDate is %v (%v), want the time of the call in RFC 3339", date, err)
	}

	_, err = call("kms DescribeKey", Input{"KeyId": "alias/none"})
	var refusal smithy.APIError
	if !errors.As(err, &refusal) || refusal.ErrorCode() != "NotFoundException" ||
		refusal.ErrorMessage() != "Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found." || requestID(err) == "" {
		t.Fatalf("refusal %v (request id %q)", err, requestID(err))
	}
}
