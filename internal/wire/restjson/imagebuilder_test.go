package restjson_test

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/wire/restjson"
	"github.com/amityhq/amity/internal/wire/wiretest"
)

type fakeImageBuilder struct {
	imagebuilderapi.API // the operations these tests do not call
	getImage            func(*imagebuilderapi.GetImageInput) (*imagebuilderapi.GetImageOutput, error)
	listImages          func(*imagebuilderapi.ListImagesInput) (*imagebuilderapi.ListImagesOutput, error)
	createRecipe        func(*imagebuilderapi.CreateImageRecipeInput) (*imagebuilderapi.CreateImageRecipeOutput, error)
}

func (f *fakeImageBuilder) GetImage(_ context.Context, in *imagebuilderapi.GetImageInput) (*imagebuilderapi.GetImageOutput, error) {
	return f.getImage(in)
}

func (f *fakeImageBuilder) ListImages(_ context.Context, in *imagebuilderapi.ListImagesInput) (*imagebuilderapi.ListImagesOutput, error) {
	return f.listImages(in)
}

func (f *fakeImageBuilder) CreateImageRecipe(_ context.Context, in *imagebuilderapi.CreateImageRecipeInput) (*imagebuilderapi.CreateImageRecipeOutput, error) {
	return f.createRecipe(in)
}

func newImageBuilder(t *testing.T, fake *fakeImageBuilder) *imagebuilder.Client {
	srv := wiretest.Server(t, restjson.New, imagebuilderapi.Service(fake))
	return imagebuilder.NewFromConfig(wiretest.Config(srv))
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

const imageArn = "arn:aws:imagebuilder:us-east-1:111122223333:image/golden/1.0.0/1"

// GetImage binds its input to the query string of a GET.
func TestImageBuilderGetImageRoundTrip(t *testing.T) {
	var got *imagebuilderapi.GetImageInput
	client := newImageBuilder(t, &fakeImageBuilder{getImage: func(in *imagebuilderapi.GetImageInput) (*imagebuilderapi.GetImageOutput, error) {
		got = in
		return &imagebuilderapi.GetImageOutput{
			RequestId: aws.String("r1"),
			Image: &imagebuilderapi.Image{
				Arn:         in.ImageBuildVersionArn,
				Name:        aws.String("golden"),
				Type:        aws.String(imagebuilderapi.ImageTypeAmi),
				DateCreated: aws.String("2026-05-18T05:25:07.123Z"),
				State: &imagebuilderapi.ImageState{
					Status: aws.String(imagebuilderapi.ImageStatusFailed),
					Reason: aws.String("Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot."),
				},
				OutputResources: &imagebuilderapi.OutputResources{Amis: []imagebuilderapi.Ami{
					{Region: aws.String("us-east-1"), Image: aws.String("ami-1"), AccountId: aws.String("111122223333")},
				}},
				Tags: map[string]string{"team": "img", "env": "test"},
			},
		}, nil
	}})
	out, err := client.GetImage(context.Background(), &imagebuilder.GetImageInput{ImageBuildVersionArn: aws.String(imageArn)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.ImageBuildVersionArn) != imageArn {
		t.Errorf("decoded %+v", got)
	}
	img := out.Image
	if aws.ToString(out.RequestId) != "r1" || aws.ToString(img.Arn) != imageArn || img.Type != types.ImageTypeAmi ||
		img.State.Status != types.ImageStatusFailed || !strings.Contains(aws.ToString(img.State.Reason), "can't be shared") ||
		aws.ToString(img.OutputResources.Amis[0].Image) != "ami-1" || !reflect.DeepEqual(img.Tags, map[string]string{"team": "img", "env": "test"}) {
		t.Errorf("SDK parsed %+v", img)
	}
}

func TestImageBuilderCreateImageRecipeRoundTrip(t *testing.T) {
	var got *imagebuilderapi.CreateImageRecipeInput
	client := newImageBuilder(t, &fakeImageBuilder{createRecipe: func(in *imagebuilderapi.CreateImageRecipeInput) (*imagebuilderapi.CreateImageRecipeOutput, error) {
		got = in
		return &imagebuilderapi.CreateImageRecipeOutput{
			RequestId:      aws.String("r2"),
			ClientToken:    in.ClientToken,
			ImageRecipeArn: aws.String("arn:aws:imagebuilder:us-east-1:111122223333:image-recipe/golden/1.0.0"),
		}, nil
	}})
	out, err := client.CreateImageRecipe(context.Background(), &imagebuilder.CreateImageRecipeInput{
		Name:            aws.String("golden"),
		SemanticVersion: aws.String("1.0.0"),
		ParentImage:     aws.String("ami-0abcdef"),
		ClientToken:     aws.String("token-1"),
		Components: []types.ComponentConfiguration{{
			ComponentArn: aws.String("arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.0.2/1"),
			Parameters:   []types.ComponentParameter{{Name: aws.String("p"), Value: []string{"a", "b"}}},
		}},
		BlockDeviceMappings: []types.InstanceBlockDeviceMapping{{
			DeviceName: aws.String("/dev/xvda"),
			Ebs: &types.EbsInstanceBlockDeviceSpecification{
				Encrypted: aws.Bool(true), KmsKeyId: aws.String("alias/aws/ebs"), VolumeSize: aws.Int32(8), VolumeType: types.EbsVolumeTypeGp3,
			},
		}},
		Tags: map[string]string{"team": "img"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &imagebuilderapi.CreateImageRecipeInput{
		Name:            aws.String("golden"),
		SemanticVersion: aws.String("1.0.0"),
		ParentImage:     aws.String("ami-0abcdef"),
		ClientToken:     aws.String("token-1"),
		Components: []imagebuilderapi.ComponentConfiguration{{
			ComponentArn: aws.String("arn:aws:imagebuilder:us-east-1:aws:component/update-linux/1.0.2/1"),
			Parameters:   []imagebuilderapi.ComponentParameter{{Name: aws.String("p"), Value: []string{"a", "b"}}},
		}},
		BlockDeviceMappings: []imagebuilderapi.InstanceBlockDeviceMapping{{
			DeviceName: aws.String("/dev/xvda"),
			Ebs: &imagebuilderapi.EbsInstanceBlockDeviceSpecification{
				Encrypted: aws.Bool(true), KmsKeyId: aws.String("alias/aws/ebs"), VolumeSize: aws.Int32(8), VolumeType: aws.String("gp3"),
			},
		}},
		Tags: map[string]string{"team": "img"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if aws.ToString(out.ImageRecipeArn) == "" || aws.ToString(out.ClientToken) != "token-1" {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestImageBuilderListImagesRoundTrip(t *testing.T) {
	var got *imagebuilderapi.ListImagesInput
	client := newImageBuilder(t, &fakeImageBuilder{listImages: func(in *imagebuilderapi.ListImagesInput) (*imagebuilderapi.ListImagesOutput, error) {
		got = in
		return &imagebuilderapi.ListImagesOutput{
			ImageVersionList: []imagebuilderapi.ImageVersion{{Arn: aws.String(imageArn), Version: aws.String("1.0.0")}},
			NextToken:        aws.String("n"),
		}, nil
	}})
	out, err := client.ListImages(context.Background(), &imagebuilder.ListImagesInput{
		Owner:      types.OwnershipSelf,
		Filters:    []types.Filter{{Name: aws.String("name"), Values: []string{"golden"}}},
		MaxResults: aws.Int32(25),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := &imagebuilderapi.ListImagesInput{
		Owner:      aws.String("Self"),
		Filters:    []imagebuilderapi.Filter{{Name: aws.String("name"), Values: []string{"golden"}}},
		MaxResults: aws.Int32(25),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded input\n got %+v\nwant %+v", got, want)
	}
	if len(out.ImageVersionList) != 1 || aws.ToString(out.NextToken) != "n" {
		t.Errorf("SDK parsed %+v", out)
	}
}

func TestImageBuilderErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        *imagebuilder.CreateImageRecipeInput
		fail      error
		code, msg string
		status    int
	}{
		{"modeled 403", recipe(), imagebuilderapi.ForbiddenException("You are not authorized to perform this operation."),
			"ForbiddenException", "You are not authorized to perform this operation.", 403},
		{"modeled 500", recipe(), imagebuilderapi.ServiceException("boom"), "ServiceException", "boom", 500},
		{"pattern", func() *imagebuilder.CreateImageRecipeInput {
			r := recipe()
			r.SemanticVersion = aws.String("1.0")
			return r
		}(), nil,
			"InvalidParameterValueException", `1 validation error detected: Value '1.0' at 'semanticVersion' failed to satisfy constraint: ` +
				`Member must satisfy regular expression pattern: ^(?:[0-9]+|x)\.(?:[0-9]+|x)\.(?:[0-9]+|x)$`, 400},
		{"map keys", func() *imagebuilder.CreateImageRecipeInput {
			r := recipe()
			r.Tags = map[string]string{"aws:reserved": "v"}
			return r
		}(), nil, "InvalidParameterValueException", `1 validation error detected: Value '{aws:reserved=v}' at 'tags' failed to satisfy constraint: ` +
			`Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, ` +
			`Member must satisfy regular expression pattern: ^(?!aws:)[a-zA-Z0-9\s_.:/=+\-@]*$]`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := newImageBuilder(t, &fakeImageBuilder{createRecipe: func(*imagebuilderapi.CreateImageRecipeInput) (*imagebuilderapi.CreateImageRecipeOutput, error) {
				return nil, tt.fail
			}})
			_, err := client.CreateImageRecipe(context.Background(), tt.in)
			code, msg, status := apiError(t, err)
			if code != tt.code || msg != tt.msg || status != tt.status {
				t.Errorf("got %s %q %d\nwant %s %q %d", code, msg, status, tt.code, tt.msg, tt.status)
			}
			if tt.code == "ForbiddenException" && !errors.As(err, new(*types.ForbiddenException)) {
				t.Errorf("SDK did not map %v", err)
			}
		})
	}
}

func recipe() *imagebuilder.CreateImageRecipeInput {
	return &imagebuilder.CreateImageRecipeInput{
		Name: aws.String("golden"), SemanticVersion: aws.String("1.0.0"), ParentImage: aws.String("ami-1"), ClientToken: aws.String("t"),
	}
}

func TestImageBuilderRouting(t *testing.T) {
	client := newImageBuilder(t, &fakeImageBuilder{})
	_, err := client.ListWorkflows(context.Background(), &imagebuilder.ListWorkflowsInput{})
	code, msg, status := apiError(t, err)
	if code != "NotImplemented" || msg != "amity does not implement imagebuilder:ListWorkflows yet" || status != 501 {
		t.Errorf("got %s %q %d", code, msg, status)
	}

	srv := wiretest.Server(t, restjson.New, imagebuilderapi.Service(&fakeImageBuilder{}))
	tests := []struct{ method, path string }{
		{http.MethodGet, "/NoSuchThing"},
		{http.MethodPost, "/GetImage"}, // right path, wrong method
		{http.MethodGet, "/GetImage/extra"},
	}
	for _, tt := range tests {
		resp, body := wiretest.Do(t, srv, tt.method, tt.path, nil, "")
		if resp.StatusCode != 404 || resp.Header.Get("X-Amzn-Errortype") != "UnknownOperationException" || body != "{}" {
			t.Errorf("%s %s: got %d %v %s", tt.method, tt.path, resp.StatusCode, resp.Header, body)
		}
	}
}
