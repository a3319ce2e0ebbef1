package ec2query_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/wire/ec2query"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

type fakeEC2 struct {
	ec2api.API      // the operations these tests do not call
	createVolume    func(*ec2api.CreateVolumeInput) (*ec2api.CreateVolumeOutput, error)
	describeVolumes func(*ec2api.DescribeVolumesInput) (*ec2api.DescribeVolumesOutput, error)
}

func (f *fakeEC2) CreateVolume(_ context.Context, in *ec2api.CreateVolumeInput) (*ec2api.CreateVolumeOutput, error) {
	return f.createVolume(in)
}

func (f *fakeEC2) DescribeVolumes(_ context.Context, in *ec2api.DescribeVolumesInput) (*ec2api.DescribeVolumesOutput, error) {
	return f.describeVolumes(in)
}

func (f *fakeEC2) DescribeRegions(_ context.Context, in *ec2api.DescribeRegionsInput) (*ec2api.DescribeRegionsOutput, error) {
	out := &ec2api.DescribeRegionsOutput{Regions: []ec2api.Region{}}
	for _, name := range in.RegionNames {
		out.Regions = append(out.Regions, ec2api.Region{
			RegionName:  aws.String(name),
			Endpoint:    aws.String("ec2." + name + ".amazonaws.com"),
			OptInStatus: aws.String("opt-in-not-required"),
		})
	}
	return out, nil
}

func newEC2(t *testing.T, fake *fakeEC2) *ec2.Client {
	srv := wiretest.Server(t, ec2query.New, ec2api.Service(fake))
	return ec2.NewFromConfig(wiretest.Config(srv))
}

func apiError(t *testing.T, err error) (code, message string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an API error", err)
	}
	var re *awshttp.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("error %v has no HTTP response", err)
	}
	return ae.ErrorCode(), ae.ErrorMessage(), re.HTTPStatusCode()
}

func TestEC2CreateVolumeRoundTrip(t *testing.T) {
	created := time.Date(2026, 5, 18, 5, 25, 7, 0, time.UTC)
	var got *ec2api.CreateVolumeInput
	client := newEC2(t, &fakeEC2{createVolume: func(in *ec2api.CreateVolumeInput) (*ec2api.CreateVolumeOutput, error) {
		got = in
		return &ec2api.CreateVolumeOutput{
			VolumeId: aws.String("vol-0894f908458cca170"), Size: in.Size, VolumeType: in.VolumeType,
			AvailabilityZone: in.AvailabilityZone, State: aws.String(ec2api.VolumeStateCreating),
			CreateTime: &created, Encrypted: aws.Bool(true), KmsKeyId: in.KmsKeyId,
			Tags:        in.TagSpecifications[0].Tags,
			Attachments: []ec2api.VolumeAttachment{},
		}, nil
	}})
	out, err := client.CreateVolume(context.Background(), &ec2.CreateVolumeInput{
		AvailabilityZone: aws.String("us-east-1a"),
		Size:             aws.Int32(8),
		VolumeType:       types.VolumeTypeGp3,
		Encrypted:        aws.Bool(true),
		KmsKeyId:         aws.String("alias/aws/ebs"),
		ClientToken:      aws.String("tok"),
		TagSpecifications: []types.TagSpecification{{
			ResourceType: types.ResourceTypeVolume,
			Tags:         []types.Tag{{Key: aws.String("Name"), Value: aws.String("data")}, {Key: aws.String("team"), Value: aws.String("")}},
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &ec2api.CreateVolumeInput{
		AvailabilityZone: aws.String("us-east-1a"),
		Size:             aws.Int32(8),
		VolumeType:       aws.String("gp3"),
		Encrypted:        aws.Bool(true),
		KmsKeyId:         aws.String("alias/aws/ebs"),
		ClientToken:      aws.String("tok"),
		TagSpecifications: []ec2api.TagSpecification{{
			ResourceType: aws.String("volume"),
			Tags:         []ec2api.Tag{{Key: aws.String("Name"), Value: aws.String("data")}, {Key: aws.String("team"), Value: aws.String("")}},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if aws.ToString(out.VolumeId) != "vol-0894f908458cca170" || aws.ToInt32(out.Size) != 8 || out.VolumeType != types.VolumeTypeGp3 ||
		out.State != types.VolumeStateCreating || !out.CreateTime.Equal(created) || !aws.ToBool(out.Encrypted) ||
		len(out.Tags) != 2 || aws.ToString(out.Tags[0].Value) != "data" {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestEC2DescribeVolumesRoundTrip(t *testing.T) {
	var got *ec2api.DescribeVolumesInput
	client := newEC2(t, &fakeEC2{describeVolumes: func(in *ec2api.DescribeVolumesInput) (*ec2api.DescribeVolumesOutput, error) {
		got = in
		return &ec2api.DescribeVolumesOutput{
			Volumes: []ec2api.Volume{
				{VolumeId: aws.String("vol-1"), Attachments: []ec2api.VolumeAttachment{{InstanceId: aws.String("i-1"), State: aws.String("attached")}}},
				{VolumeId: aws.String("vol-2")},
			},
			NextToken: aws.String("n"),
		}, nil
	}})
	out, err := client.DescribeVolumes(context.Background(), &ec2.DescribeVolumesInput{
		VolumeIds:  []string{"vol-1", "vol-2"},
		Filters:    []types.Filter{{Name: aws.String("encrypted"), Values: []string{"true"}}, {Name: aws.String("tag:team"), Values: []string{"a", "b"}}},
		MaxResults: aws.Int32(5),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &ec2api.DescribeVolumesInput{
		VolumeIds:  []string{"vol-1", "vol-2"},
		Filters:    []ec2api.Filter{{Name: aws.String("encrypted"), Values: []string{"true"}}, {Name: aws.String("tag:team"), Values: []string{"a", "b"}}},
		MaxResults: aws.Int32(5),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if len(out.Volumes) != 2 || aws.ToString(out.Volumes[0].Attachments[0].InstanceId) != "i-1" || aws.ToString(out.NextToken) != "n" {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestEC2ErrorsReachTheSDK(t *testing.T) {
	tests := []struct {
		fail      error
		code, msg string
		status    int
	}{
		{ec2api.InvalidVolumeNotFound("The volume 'vol-1' does not exist."), "InvalidVolume.NotFound", "The volume 'vol-1' does not exist.", 400},
		{ec2api.UnauthorizedOperation("You are not authorized to perform this operation."), "UnauthorizedOperation",
			"You are not authorized to perform this operation.", 403},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			client := newEC2(t, &fakeEC2{describeVolumes: func(*ec2api.DescribeVolumesInput) (*ec2api.DescribeVolumesOutput, error) {
				return nil, tt.fail
			}})
			_, err := client.DescribeVolumes(context.Background(), &ec2.DescribeVolumesInput{VolumeIds: []string{"vol-1"}})
			code, msg, status := apiError(t, err)
			if code != tt.code || msg != tt.msg || status != tt.status {
				t.Errorf("got %s %q %d", code, msg, status)
			}
		})
	}

	_, err := newEC2(t, &fakeEC2{}).DescribeAddresses(context.Background(), &ec2.DescribeAddressesInput{})
	code, msg, status := apiError(t, err)
	if code != "NotImplemented" || msg != "amity does not implement ec2:DescribeAddresses yet" || status != 501 {
		t.Errorf("got %s %q %d", code, msg, status)
	}
}

func TestEC2RawRequests(t *testing.T) {
	const prolog = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	tests := []struct {
		name, body string
		status     int
		want       string
	}{
		{"success envelope", "Action=DescribeRegions&Version=2016-11-15&RegionName.1=us-east-1", 200, prolog +
			`<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-1</requestId>` +
			`<regionInfo><item><optInStatus>opt-in-not-required</optInStatus><regionName>us-east-1</regionName>` +
			`<regionEndpoint>ec2.us-east-1.amazonaws.com</regionEndpoint></item></regionInfo></DescribeRegionsResponse>`},
		{"unknown action", "Action=Frobnicate&Version=2016-11-15", 400, prolog +
			`<Response><Errors><Error><Code>InvalidAction</Code><Message>The action Frobnicate is not valid for this web service.</Message>` +
			`</Error></Errors><RequestID>req-1</RequestID></Response>`},
		{"unknown parameter", "Action=DescribeRegions&Version=2016-11-15&Frobnicate=1", 400, prolog +
			`<Response><Errors><Error><Code>UnknownParameter</Code><Message>The parameter Frobnicate is not recognized</Message>` +
			`</Error></Errors><RequestID>req-1</RequestID></Response>`},
		{"enum outside the model", "Action=CreateVolume&Version=2016-11-15&VolumeType=gp9", 400, prolog +
			`<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Value (gp9) for parameter VolumeType is invalid.</Message>` +
			`</Error></Errors><RequestID>req-1</RequestID></Response>`},
		{"nested enum", "Action=CreateVolume&Version=2016-11-15&TagSpecification.1.ResourceType=bogus", 400, prolog +
			`<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Value (bogus) for parameter TagSpecification.1.ResourceType is invalid.</Message>` +
			`</Error></Errors><RequestID>req-1</RequestID></Response>`},
		{"malformed integer", "Action=CreateVolume&Version=2016-11-15&Size=big", 400, prolog +
			`<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>Value (big) for parameter Size is invalid.</Message>` +
			`</Error></Errors><RequestID>req-1</RequestID></Response>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := wiretest.Server(t, ec2query.New, ec2api.Service(&fakeEC2{}))
			resp, body := wiretest.Do(t, srv, http.MethodPost, "/", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, tt.body)
			if resp.StatusCode != tt.status || body != tt.want {
				t.Errorf("got %d %s\nwant %d %s", resp.StatusCode, body, tt.status, tt.want)
			}
			if resp.Header.Get("Content-Type") != "text/xml;charset=UTF-8" || resp.Header.Get("X-Amzn-Requestid") != "req-1" {
				t.Errorf("headers %v", resp.Header)
			}
		})
	}
}
