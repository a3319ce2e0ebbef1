package iam_test

import (
	"net/url"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

func TestServiceLinkedRole(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	created := must(root.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{
		AWSServiceName: aws.String("imagebuilder.amazonaws.com")}))(t).Role
	want := "arn:aws:iam::111122223333:role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"
	if *created.Arn != want || *created.Path != "/aws-service-role/imagebuilder.amazonaws.com/" {
		t.Errorf("CreateServiceLinkedRole = %s at %s, want %s", *created.Arn, *created.Path, want)
	}
	trust, _ := url.PathUnescape(*created.AssumeRolePolicyDocument)
	if trust != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"imagebuilder.amazonaws.com"},"Action":"sts:AssumeRole"}]}` {
		t.Errorf("trust policy = %s", trust)
	}
	attached := must(root.ListAttachedRolePolicies(ctx, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("AWSServiceRoleForImageBuilder")}))(t).AttachedPolicies
	if len(attached) != 1 || *attached[0].PolicyArn != slrPolicy {
		t.Errorf("attached = %+v, want the AWS managed AWSServiceRoleForImageBuilder", attached)
	}

	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"a second time", func() error {
			_, err := root.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("imagebuilder.amazonaws.com")})
			return err
		}, apiError{"InvalidInput", "Service role name AWSServiceRoleForImageBuilder has been taken in this account, please try a different suffix.", 400}},
		{"an unknown service", func() error {
			_, err := root.CreateServiceLinkedRole(ctx, &iam.CreateServiceLinkedRoleInput{AWSServiceName: aws.String("nothing.amazonaws.com")})
			return err
		}, apiError{"InvalidInput", "Invalid service principal name: nothing.amazonaws.com", 400}},
		{"DeleteRole", func() error {
			_, err := root.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("AWSServiceRoleForImageBuilder")})
			return err
		}, apiError{"UnmodifiableEntity", "Cannot perform the operation on the protected role 'AWSServiceRoleForImageBuilder' - this role is only modifiable by AWS", 400}},
		{"PutRolePolicy", func() error {
			_, err := root.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("AWSServiceRoleForImageBuilder"),
				PolicyName: aws.String("p"), PolicyDocument: aws.String(readS3)})
			return err
		}, apiError{"UnmodifiableEntity", "Cannot perform the operation on the protected role 'AWSServiceRoleForImageBuilder' - this role is only modifiable by AWS", 400}},
		{"UpdateAssumeRolePolicy", func() error {
			_, err := root.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("AWSServiceRoleForImageBuilder"),
				PolicyDocument: aws.String(trustEC2)})
			return err
		}, apiError{"UnmodifiableEntity", "Cannot perform the operation on the protected role 'AWSServiceRoleForImageBuilder' - this role is only modifiable by AWS", 400}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}

	task := must(root.DeleteServiceLinkedRole(ctx, &iam.DeleteServiceLinkedRoleInput{RoleName: aws.String("AWSServiceRoleForImageBuilder")}))(t)
	if !regexp.MustCompile(`^task/aws-service-role/imagebuilder\.amazonaws\.com/AWSServiceRoleForImageBuilder/[0-9a-f-]{36}$`).MatchString(*task.DeletionTaskId) {
		t.Errorf("DeletionTaskId = %s", *task.DeletionTaskId)
	}
	_, err := root.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("AWSServiceRoleForImageBuilder")})
	wantError(t, err, apiError{"NoSuchEntity", "The role with name AWSServiceRoleForImageBuilder cannot be found.", 404})
}
