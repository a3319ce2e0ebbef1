package awsquery_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/wire/awsquery"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

// fakeIAM answers with what a test sets; unset methods panic through the
// nil embedded API.
type fakeIAM struct {
	iamapi.API
	createUser    func(*iamapi.CreateUserInput) (*iamapi.CreateUserOutput, error)
	listUsers     func(*iamapi.ListUsersInput) (*iamapi.ListUsersOutput, error)
	putRolePolicy func(*iamapi.PutRolePolicyInput) (*iamapi.PutRolePolicyOutput, error)
	untagUser     func(*iamapi.UntagUserInput) (*iamapi.UntagUserOutput, error)
}

func (f *fakeIAM) CreateUser(_ context.Context, in *iamapi.CreateUserInput) (*iamapi.CreateUserOutput, error) {
	return f.createUser(in)
}

func (f *fakeIAM) ListUsers(_ context.Context, in *iamapi.ListUsersInput) (*iamapi.ListUsersOutput, error) {
	return f.listUsers(in)
}

func (f *fakeIAM) PutRolePolicy(_ context.Context, in *iamapi.PutRolePolicyInput) (*iamapi.PutRolePolicyOutput, error) {
	return f.putRolePolicy(in)
}

func (f *fakeIAM) UntagUser(_ context.Context, in *iamapi.UntagUserInput) (*iamapi.UntagUserOutput, error) {
	return f.untagUser(in)
}

func newIAM(t *testing.T, fake *fakeIAM) *iam.Client {
	srv := wiretest.Server(t, awsquery.New, iamapi.Service(fake))
	return iam.NewFromConfig(wiretest.Config(srv))
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

func TestIAMCreateUserRoundTrip(t *testing.T) {
	created := time.Date(2026, 5, 18, 5, 25, 7, 0, time.UTC)
	var got *iamapi.CreateUserInput
	client := newIAM(t, &fakeIAM{createUser: func(in *iamapi.CreateUserInput) (*iamapi.CreateUserOutput, error) {
		got = in
		return &iamapi.CreateUserOutput{User: &iamapi.User{
			Path: in.Path, UserName: in.UserName, UserId: aws.String("AIDA&<>\"'\r\n"),
			Arn:        aws.String("arn:aws:iam::111122223333:user/dev/ann"),
			CreateDate: &created,
			PermissionsBoundary: &iamapi.AttachedPermissionsBoundary{
				PermissionsBoundaryType: aws.String(iamapi.PermissionsBoundaryAttachmentTypePermissionsBoundaryPolicy),
				PermissionsBoundaryArn:  in.PermissionsBoundary,
			},
			Tags: in.Tags,
		}}, nil
	}})
	out, err := client.CreateUser(context.Background(), &iam.CreateUserInput{
		UserName:            aws.String("ann"),
		Path:                aws.String("/dev/"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess"),
		Tags:                []types.Tag{{Key: aws.String("team"), Value: aws.String("a b:/=+-@ é")}, {Key: aws.String("empty"), Value: aws.String("")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &iamapi.CreateUserInput{
		UserName:            aws.String("ann"),
		Path:                aws.String("/dev/"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess"),
		Tags:                []iamapi.Tag{{Key: aws.String("team"), Value: aws.String("a b:/=+-@ é")}, {Key: aws.String("empty"), Value: aws.String("")}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	u := out.User
	if aws.ToString(u.Arn) != "arn:aws:iam::111122223333:user/dev/ann" || !u.CreateDate.Equal(created) ||
		aws.ToString(u.UserId) != "AIDA&<>\"'\r\n" ||
		u.PermissionsBoundary.PermissionsBoundaryType != types.PermissionsBoundaryAttachmentTypePolicy ||
		len(u.Tags) != 2 || aws.ToString(u.Tags[0].Value) != "a b:/=+-@ é" || aws.ToString(u.Tags[1].Value) != "" {
		t.Errorf("SDK parsed %+v", u)
	}
}

// Policy documents arrive URL-encoded in a form value and must come out as
// the very string the caller wrote.
func TestIAMPolicyDocumentSurvivesFormEncoding(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*",` +
		`"Condition":{"StringLike":{"s3:prefix":["a+b=c&d%20é/*"]}}}]}`
	var got string
	client := newIAM(t, &fakeIAM{putRolePolicy: func(in *iamapi.PutRolePolicyInput) (*iamapi.PutRolePolicyOutput, error) {
		got = aws.ToString(in.PolicyDocument)
		return nil, nil
	}})
	if _, err := client.PutRolePolicy(context.Background(), &iam.PutRolePolicyInput{
		RoleName: aws.String("r"), PolicyName: aws.String("p"), PolicyDocument: aws.String(doc),
	}); err != nil {
		t.Fatal(err)
	}
	if got != doc {
		t.Errorf("got %s", got)
	}
}

func TestIAMListsAndEmptyLists(t *testing.T) {
	var untagged *iamapi.UntagUserInput
	client := newIAM(t, &fakeIAM{
		listUsers: func(in *iamapi.ListUsersInput) (*iamapi.ListUsersOutput, error) {
			if aws.ToInt32(in.MaxItems) != 2 || aws.ToString(in.PathPrefix) != "/dev/" {
				t.Errorf("decoded %+v", in)
			}
			return &iamapi.ListUsersOutput{
				Users:       []iamapi.User{{UserName: aws.String("a")}, {UserName: aws.String("b")}},
				IsTruncated: aws.Bool(true),
				Marker:      aws.String("m2"),
			}, nil
		},
		untagUser: func(in *iamapi.UntagUserInput) (*iamapi.UntagUserOutput, error) {
			untagged = in
			return nil, nil
		},
	})
	out, err := client.ListUsers(context.Background(), &iam.ListUsersInput{MaxItems: aws.Int32(2), PathPrefix: aws.String("/dev/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Users) != 2 || aws.ToString(out.Users[1].UserName) != "b" || !out.IsTruncated || aws.ToString(out.Marker) != "m2" {
		t.Errorf("SDK parsed %+v", out)
	}
	if _, err := client.UntagUser(context.Background(), &iam.UntagUserInput{UserName: aws.String("a"), TagKeys: []string{}}); err != nil {
		t.Fatal(err)
	}
	if untagged.TagKeys == nil || len(untagged.TagKeys) != 0 {
		t.Errorf("an empty list must decode as empty, not absent: %#v", untagged.TagKeys)
	}
}

func TestIAMErrorsReachTheSDK(t *testing.T) {
	tests := []struct {
		fail      error
		code, msg string
		status    int
		typed     any
	}{
		{iamapi.NoSuchEntityException("The user with name ann cannot be found."), "NoSuchEntity",
			"The user with name ann cannot be found.", 404, &types.NoSuchEntityException{}},
		{iamapi.EntityAlreadyExistsException("User with name ann already exists."), "EntityAlreadyExists",
			"User with name ann already exists.", 409, &types.EntityAlreadyExistsException{}},
		{iamapi.ServiceFailureException("down"), "ServiceFailure", "down", 500, &types.ServiceFailureException{}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			client := newIAM(t, &fakeIAM{createUser: func(*iamapi.CreateUserInput) (*iamapi.CreateUserOutput, error) {
				return nil, tt.fail
			}})
			_, err := client.CreateUser(context.Background(), &iam.CreateUserInput{UserName: aws.String("ann")})
			code, msg, status := apiError(t, err)
			if code != tt.code || msg != tt.msg || status != tt.status {
				t.Errorf("got %s %q %d", code, msg, status)
			}
			if !errors.As(err, reflect.New(reflect.TypeOf(tt.typed)).Interface()) {
				t.Errorf("SDK did not map the error to %T", tt.typed)
			}
		})
	}
}

func TestIAMNotImplemented(t *testing.T) {
	client := newIAM(t, &fakeIAM{})
	_, err := client.CreateLoginProfile(context.Background(), &iam.CreateLoginProfileInput{UserName: aws.String("a"), Password: aws.String("p")})
	code, msg, status := apiError(t, err)
	if code != "NotImplemented" || msg != "amity does not implement iam:CreateLoginProfile yet" || status != 501 {
		t.Errorf("got %s %q %d", code, msg, status)
	}
}

func TestIAMRawRequests(t *testing.T) {
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}
	longKey := strings.Repeat("k", 129)
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"missing required member", "POST", "/", "Action=CreateUser&Version=2010-05-08", 400,
			`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
				`<Message>1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null</Message></Error>` +
				`<RequestId>req-1</RequestId></ErrorResponse>`},
		{"pattern and nested list path", "POST", "/",
			"Action=CreateUser&Version=2010-05-08&UserName=bad+name%21&Tags.member.1.Key=" + longKey + "&Tags.member.1.Value=v", 400,
			`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
				`<Message>2 validation errors detected: Value 'bad name!' at 'userName' failed to satisfy constraint: ` +
				`Member must satisfy regular expression pattern: [\w+=,.@-]+; Value '` + longKey + `' at 'tags.1.member.key' ` +
				`failed to satisfy constraint: Member must have length less than or equal to 128</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`},
		{"unknown action", "POST", "/", "Action=Frobnicate&Version=2010-05-08", 400,
			`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
				`<Message>Could not find operation Frobnicate for version 2010-05-08</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`},
		{"wrong version", "POST", "/", "Action=CreateUser&Version=2011-06-15", 400,
			`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
				`<Message>Could not find operation CreateUser for version 2011-06-15</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`},
		{"no action", "POST", "/", "Version=2010-05-08", 400,
			`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>MissingAction</Code>` +
				`<Message>Missing Action</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`},
		{"malformed integer", "POST", "/", "Action=ListUsers&Version=2010-05-08&MaxItems=ten", 400,
			`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>InvalidParameterValue</Code>` +
				`<Message>Value (ten) for parameter MaxItems is invalid.</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`},
		{"GET, and a success envelope", "GET", "/?Action=ListUsers&Version=2010-05-08&MaxItems=1", "", 200,
			`<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users><member><UserName>a</UserName></member></Users>` +
				`<IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListUsersResponse>`},
		{"operation without output", "POST", "/", "Action=PutRolePolicy&Version=2010-05-08&RoleName=r&PolicyName=p&PolicyDocument=%7B%7D", 200,
			`<PutRolePolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PutRolePolicyResponse>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := wiretest.Server(t, awsquery.New, iamapi.Service(&fakeIAM{
				listUsers: func(*iamapi.ListUsersInput) (*iamapi.ListUsersOutput, error) {
					return &iamapi.ListUsersOutput{Users: []iamapi.User{{UserName: aws.String("a")}}, IsTruncated: aws.Bool(false)}, nil
				},
				putRolePolicy: func(*iamapi.PutRolePolicyInput) (*iamapi.PutRolePolicyOutput, error) { return nil, nil },
			}))
			resp, body := wiretest.Do(t, srv, tt.method, tt.path, form, tt.body)
			if resp.StatusCode != tt.status || body != tt.want {
				t.Errorf("got %d %s\nwant %d %s", resp.StatusCode, body, tt.status, tt.want)
			}
			if resp.Header.Get("Content-Type") != "text/xml" || resp.Header.Get("X-Amzn-Requestid") != "req-1" {
				t.Errorf("headers %v", resp.Header)
			}
		})
	}
}
