package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/amityhq/amity/internal/amitytest"
)

// BenchmarkGetRoleAsUser measures an authorized read over HTTP: SigV4,
// the user's identity policies (AWS's AdministratorAccess through a
// group), the decision and the XML answer.
func BenchmarkGetRoleAsUser(b *testing.B) {
	e := amitytest.New(b)
	root := iam.NewFromConfig(e.RootConfig(account, "us-east-1"))
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(b)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("admins")}))(b)
	dev := iam.NewFromConfig(e.NewUser(b, account, "us-east-1", "dev"))
	must(root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("admins"), UserName: aws.String("dev")}))(b)
	must(root.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("admins"), PolicyArn: aws.String(adminARN)}))(b)
	in := &iam.GetRoleInput{RoleName: aws.String("app")}
	for b.Loop() {
		if _, err := dev.GetRole(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
