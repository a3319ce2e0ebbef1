package awsquery_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

type fakeSTS struct {
	stsapi.API
	assumeRole func(*stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error)
}

func (f *fakeSTS) AssumeRole(_ context.Context, in *stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
	return f.assumeRole(in)
}

func (f *fakeSTS) GetCallerIdentity(context.Context, *stsapi.GetCallerIdentityInput) (*stsapi.GetCallerIdentityOutput, error) {
	return &stsapi.GetCallerIdentityOutput{
		UserId:  aws.String("AIDAEXAMPLE"),
		Account: aws.String("111122223333"),
		Arn:     aws.String("arn:aws:iam::111122223333:user/ann"),
	}, nil
}

func newSTS(t *testing.T, fake *fakeSTS) *sts.Client {
	srv := wiretest.Server(t, awsquery.New, stsapi.Service(fake))
	return sts.NewFromConfig(wiretest.Config(srv))
}

func TestSTSGetCallerIdentity(t *testing.T) {
	out, err := newSTS(t, &fakeSTS{}).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account) != "111122223333" || aws.ToString(out.Arn) != "arn:aws:iam::111122223333:user/ann" {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestSTSAssumeRoleRoundTrip(t *testing.T) {
	expires := time.Date(2026, 5, 18, 6, 25, 7, 359e6, time.UTC)
	var got *stsapi.AssumeRoleInput
	client := newSTS(t, &fakeSTS{assumeRole: func(in *stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
		got = in
		return &stsapi.AssumeRoleOutput{
			Credentials: &stsapi.Credentials{
				AccessKeyId: aws.String("ASIAEXAMPLE"), SecretAccessKey: aws.String("s"),
				SessionToken: aws.String("tok"), Expiration: &expires,
			},
			AssumedRoleUser: &stsapi.AssumedRoleUser{
				AssumedRoleId: aws.String("AROAEXAMPLE:s1"),
				Arn:           aws.String("arn:aws:sts::111122223333:assumed-role/r/s1"),
			},
			SourceIdentity: aws.String("ann"),
		}, nil
	}})
	out, err := client.AssumeRole(context.Background(), &sts.AssumeRoleInput{
		RoleArn:           aws.String("arn:aws:iam::111122223333:role/r"),
		RoleSessionName:   aws.String("s1"),
		DurationSeconds:   aws.Int32(900),
		PolicyArns:        []types.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
		Tags:              []types.Tag{{Key: aws.String("project"), Value: aws.String("amity")}},
		TransitiveTagKeys: []string{"project"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &stsapi.AssumeRoleInput{
		RoleArn:           aws.String("arn:aws:iam::111122223333:role/r"),
		RoleSessionName:   aws.String("s1"),
		DurationSeconds:   aws.Int32(900),
		PolicyArns:        []stsapi.PolicyDescriptorType{{Arn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}},
		Tags:              []stsapi.Tag{{Key: aws.String("project"), Value: aws.String("amity")}},
		TransitiveTagKeys: []string{"project"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if !out.Credentials.Expiration.Equal(expires) || aws.ToString(out.AssumedRoleUser.Arn) != "arn:aws:sts::111122223333:assumed-role/r/s1" ||
		aws.ToString(out.SourceIdentity) != "ann" {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestSTSErrorsAndValidation(t *testing.T) {
	tests := []struct {
		name      string
		in        *sts.AssumeRoleInput
		fail      error
		code, msg string
		status    int
	}{
		{"access denied (unmodeled, from the overrides)", &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/r"), RoleSessionName: aws.String("s1")},
			stsapi.AccessDenied("User: arn:aws:iam::111122223333:user/ann is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/r"),
			"AccessDenied", "User: arn:aws:iam::111122223333:user/ann is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/r", 403},
		{"modeled exception", &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/r"), RoleSessionName: aws.String("s1")},
			stsapi.RegionDisabledException("STS is not activated in this region."), "RegionDisabledException", "STS is not activated in this region.", 403},
		{"duration below the model's minimum", &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/r"),
			RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(899)}, nil, "ValidationError",
			"1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900", 400},
		{"session name pattern", &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::111122223333:role/r"), RoleSessionName: aws.String("a b")},
			nil, "ValidationError", "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newSTS(t, &fakeSTS{assumeRole: func(*stsapi.AssumeRoleInput) (*stsapi.AssumeRoleOutput, error) {
				return nil, tt.fail
			}})
			_, err := client.AssumeRole(context.Background(), tt.in)
			code, msg, status := apiError(t, err)
			if code != tt.code || msg != tt.msg || status != tt.status {
				t.Errorf("got %s %q %d\nwant %s %q %d", code, msg, status, tt.code, tt.msg, tt.status)
			}
			if tt.code == "RegionDisabledException" && !errors.As(err, new(*types.RegionDisabledException)) {
				t.Errorf("SDK did not map %v", err)
			}
		})
	}
}
