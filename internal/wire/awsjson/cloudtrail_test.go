package awsjson_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/amityhq/amity/internal/api/cloudtrailapi"
	"github.com/amityhq/amity/internal/wire/awsjson"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

// fakeCloudTrail serves LookupEvents; the other operations are never
// called (the nil API they fall to would panic).
type fakeCloudTrail struct {
	cloudtrailapi.API
	lookup func(*cloudtrailapi.LookupEventsInput) (*cloudtrailapi.LookupEventsOutput, error)
}

func (f *fakeCloudTrail) LookupEvents(_ context.Context, in *cloudtrailapi.LookupEventsInput) (*cloudtrailapi.LookupEventsOutput, error) {
	return f.lookup(in)
}

func newCloudTrail(t *testing.T, fake *fakeCloudTrail) *cloudtrail.Client {
	srv := wiretest.Server(t, awsjson.New, cloudtrailapi.Service(fake))
	return cloudtrail.NewFromConfig(wiretest.Config(srv))
}

// CloudTrail's target prefix is a long Coral name, and its input carries
// timestamps: both must survive the trip.
func TestCloudTrailLookupEventsRoundTrip(t *testing.T) {
	start := time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC)
	end := start.Add(90 * time.Minute)
	at := start.Add(25*time.Minute + 7*time.Second)
	var got *cloudtrailapi.LookupEventsInput
	client := newCloudTrail(t, &fakeCloudTrail{lookup: func(in *cloudtrailapi.LookupEventsInput) (*cloudtrailapi.LookupEventsOutput, error) {
		got = in
		return &cloudtrailapi.LookupEventsOutput{Events: []cloudtrailapi.Event{{
			EventId:         aws.String("e1"),
			EventName:       aws.String("CreateGrant"),
			EventTime:       &at,
			EventSource:     aws.String("kms.amazonaws.com"),
			ReadOnly:        aws.String("false"),
			Resources:       []cloudtrailapi.Resource{{ResourceType: aws.String("AWS::KMS::Key"), ResourceName: aws.String("arn:k")}},
			CloudTrailEvent: aws.String(`{"eventVersion":"1.11"}`),
		}}, NextToken: aws.String("next")}, nil
	}})
	out, err := client.LookupEvents(context.Background(), &cloudtrail.LookupEventsInput{
		LookupAttributes: []types.LookupAttribute{{AttributeKey: types.LookupAttributeKeyEventName, AttributeValue: aws.String("CreateGrant")}},
		StartTime:        &start,
		EndTime:          &end,
		MaxResults:       aws.Int32(50),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &cloudtrailapi.LookupEventsInput{
		LookupAttributes: []cloudtrailapi.LookupAttribute{{AttributeKey: aws.String("EventName"), AttributeValue: aws.String("CreateGrant")}},
		StartTime:        &start,
		EndTime:          &end,
		MaxResults:       aws.Int32(50),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if len(out.Events) != 1 || !out.Events[0].EventTime.Equal(at) || aws.ToString(out.Events[0].CloudTrailEvent) != `{"eventVersion":"1.11"}` ||
		aws.ToString(out.Events[0].Resources[0].ResourceType) != "AWS::KMS::Key" || aws.ToString(out.NextToken) != "next" {
		t.Errorf("SDK parsed %+v", out)
	}
}

// The model's constraints are checked before the service runs (LookupEvents'
// bounds are CloudTrail's own checks: see cloudtrailapi/overrides.txt).
func TestCloudTrailValidation(t *testing.T) {
	client := newCloudTrail(t, &fakeCloudTrail{})
	_, err := client.PutEventSelectors(context.Background(), &cloudtrail.PutEventSelectorsInput{TrailName: aws.String("t"),
		EventSelectors: []types.EventSelector{{ReadWriteType: "Sometimes"}}})
	code, msg, status := apiError(t, err)
	want := "1 validation error detected: Value 'Sometimes' at 'eventSelectors.1.member.readWriteType' failed to satisfy constraint: Member must satisfy enum value set: [ReadOnly, WriteOnly, All]"
	if code != "ValidationException" || msg != want || status != 400 {
		t.Errorf("got %s %q %d", code, msg, status)
	}
}

// botocore (the AWS CLI) sends the namespaced target prefix of the model.
func TestCloudTrailTakesTheNamespacedTarget(t *testing.T) {
	srv := wiretest.Server(t, awsjson.New, cloudtrailapi.Service(&fakeCloudTrail{
		lookup: func(*cloudtrailapi.LookupEventsInput) (*cloudtrailapi.LookupEventsOutput, error) { return nil, nil },
	}))
	for _, target := range []string{"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "CloudTrail_20131101"} {
		resp, body := wiretest.Do(t, srv, http.MethodPost, "/", http.Header{"X-Amz-Target": {target + ".LookupEvents"}}, `{}`)
		if resp.StatusCode != 200 || body != `{}` {
			t.Errorf("%s: got %d %s", target, resp.StatusCode, body)
		}
	}
}
