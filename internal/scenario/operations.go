package scenario

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/imagebuilder"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// operation is an AWS operation a scenario may call: the input type a
// step's input must fit, and the call — through aws-sdk-go-v2 (sdk), or
// amity's own awsJson client (awsJSON).
type operation struct {
	input reflect.Type
	call  func(ctx context.Context, cfg aws.Config, in any) (any, error)
}

// sdk makes the operation of an SDK client's method, e.g.
// sdk(ec2.NewFromConfig, (*ec2.Client).RunInstances).
func sdk[C, In, Out, Opts any](client func(aws.Config, ...func(*Opts)) C,
	method func(C, context.Context, *In, ...func(*Opts)) (*Out, error)) operation {
	return operation{
		input: reflect.TypeFor[In](),
		call: func(ctx context.Context, cfg aws.Config, in any) (any, error) {
			return method(client(cfg), ctx, in.(*In))
		},
	}
}

// prepare is the SDK input of an operation from a step's input, its
// variables already expanded.
func (op operation) prepare(in Input) (any, error) {
	dst := reflect.New(op.input).Interface()
	if err := decode(map[string]any(in), dst); err != nil {
		return nil, fmt.Errorf("input: %w", err)
	}
	return dst, nil
}

// operations are the operations scenarios call, by "SERVICE Operation":
// those the shipped examples need and their close kin. Another is one
// line here.
var operations = map[string]operation{
	"account EnableRegion":       sdk(account.NewFromConfig, (*account.Client).EnableRegion),
	"account DisableRegion":      sdk(account.NewFromConfig, (*account.Client).DisableRegion),
	"account GetRegionOptStatus": sdk(account.NewFromConfig, (*account.Client).GetRegionOptStatus),

	"ec2 CopyImage":                    sdk(ec2.NewFromConfig, (*ec2.Client).CopyImage),
	"ec2 CopySnapshot":                 sdk(ec2.NewFromConfig, (*ec2.Client).CopySnapshot),
	"ec2 CreateImage":                  sdk(ec2.NewFromConfig, (*ec2.Client).CreateImage),
	"ec2 CreateSnapshot":               sdk(ec2.NewFromConfig, (*ec2.Client).CreateSnapshot),
	"ec2 CreateVolume":                 sdk(ec2.NewFromConfig, (*ec2.Client).CreateVolume),
	"ec2 DescribeImages":               sdk(ec2.NewFromConfig, (*ec2.Client).DescribeImages),
	"ec2 DescribeInstances":            sdk(ec2.NewFromConfig, (*ec2.Client).DescribeInstances),
	"ec2 DescribeSnapshots":            sdk(ec2.NewFromConfig, (*ec2.Client).DescribeSnapshots),
	"ec2 DescribeVolumes":              sdk(ec2.NewFromConfig, (*ec2.Client).DescribeVolumes),
	"ec2 EnableEbsEncryptionByDefault": sdk(ec2.NewFromConfig, (*ec2.Client).EnableEbsEncryptionByDefault),
	"ec2 ModifyEbsDefaultKmsKeyId":     sdk(ec2.NewFromConfig, (*ec2.Client).ModifyEbsDefaultKmsKeyId),
	"ec2 ModifyImageAttribute":         sdk(ec2.NewFromConfig, (*ec2.Client).ModifyImageAttribute),
	"ec2 ModifySnapshotAttribute":      sdk(ec2.NewFromConfig, (*ec2.Client).ModifySnapshotAttribute),
	"ec2 RegisterImage":                sdk(ec2.NewFromConfig, (*ec2.Client).RegisterImage),
	"ec2 RunInstances":                 sdk(ec2.NewFromConfig, (*ec2.Client).RunInstances),
	"ec2 StartInstances":               sdk(ec2.NewFromConfig, (*ec2.Client).StartInstances),
	"ec2 StopInstances":                sdk(ec2.NewFromConfig, (*ec2.Client).StopInstances),
	"ec2 TerminateInstances":           sdk(ec2.NewFromConfig, (*ec2.Client).TerminateInstances),

	"iam AddRoleToInstanceProfile": sdk(iam.NewFromConfig, (*iam.Client).AddRoleToInstanceProfile),
	"iam AttachRolePolicy":         sdk(iam.NewFromConfig, (*iam.Client).AttachRolePolicy),
	"iam AttachUserPolicy":         sdk(iam.NewFromConfig, (*iam.Client).AttachUserPolicy),
	"iam CreateAccessKey":          sdk(iam.NewFromConfig, (*iam.Client).CreateAccessKey),
	"iam CreateInstanceProfile":    sdk(iam.NewFromConfig, (*iam.Client).CreateInstanceProfile),
	"iam CreatePolicy":             sdk(iam.NewFromConfig, (*iam.Client).CreatePolicy),
	"iam CreateRole":               sdk(iam.NewFromConfig, (*iam.Client).CreateRole),
	"iam CreateServiceLinkedRole":  sdk(iam.NewFromConfig, (*iam.Client).CreateServiceLinkedRole),
	"iam CreateUser":               sdk(iam.NewFromConfig, (*iam.Client).CreateUser),
	"iam PutRolePolicy":            sdk(iam.NewFromConfig, (*iam.Client).PutRolePolicy),
	"iam PutUserPolicy":            sdk(iam.NewFromConfig, (*iam.Client).PutUserPolicy),
	"iam UpdateAssumeRolePolicy":   sdk(iam.NewFromConfig, (*iam.Client).UpdateAssumeRolePolicy),

	"imagebuilder CreateComponent":                   sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).CreateComponent),
	"imagebuilder CreateDistributionConfiguration":   sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).CreateDistributionConfiguration),
	"imagebuilder CreateImage":                       sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).CreateImage),
	"imagebuilder CreateImagePipeline":               sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).CreateImagePipeline),
	"imagebuilder CreateImageRecipe":                 sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).CreateImageRecipe),
	"imagebuilder CreateInfrastructureConfiguration": sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).CreateInfrastructureConfiguration),
	"imagebuilder GetImage":                          sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).GetImage),
	"imagebuilder StartImagePipelineExecution":       sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).StartImagePipelineExecution),
	"imagebuilder UpdateDistributionConfiguration":   sdk(imagebuilder.NewFromConfig, (*imagebuilder.Client).UpdateDistributionConfiguration),

	"kms CreateAlias":  awsJSON[kmsapi.CreateAliasInput, kmsapi.CreateAliasOutput](kmsapi.Metadata, "CreateAlias"),
	"kms CreateGrant":  awsJSON[kmsapi.CreateGrantInput, kmsapi.CreateGrantOutput](kmsapi.Metadata, "CreateGrant"),
	"kms CreateKey":    awsJSON[kmsapi.CreateKeyInput, kmsapi.CreateKeyOutput](kmsapi.Metadata, "CreateKey"),
	"kms DescribeKey":  awsJSON[kmsapi.DescribeKeyInput, kmsapi.DescribeKeyOutput](kmsapi.Metadata, "DescribeKey"),
	"kms PutKeyPolicy": awsJSON[kmsapi.PutKeyPolicyInput, kmsapi.PutKeyPolicyOutput](kmsapi.Metadata, "PutKeyPolicy"),

	"sts GetCallerIdentity": sdk(sts.NewFromConfig, (*sts.Client).GetCallerIdentity),
}

// operationList names the operations, for an error.
func operationList() string {
	return strings.Join(slices.Sorted(maps.Keys(operations)), ", ")
}
