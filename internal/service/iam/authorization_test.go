package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

const trustEC2 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

// allowDoc is an identity policy allowing actions on resource.
func allowDoc(action, resource string) *string {
	return aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action +
		`","Resource":"` + resource + `"}]}`)
}

func TestAuthorization(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	dev := e.user(account, "dev")
	createRole := func(name string) error {
		_, err := dev.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustEC2)})
		return err
	}

	// No policy at all: the request is refused with AWS's text and reason.
	wantError(t, createRole("x"), apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to " +
		"perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/x because no identity-based policy allows " +
		"the iam:CreateRole action", 403})
	// A refused caller learns nothing of what exists.
	_, err := dev.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("missing")})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: " +
		"iam:GetRole on resource: role missing because no identity-based policy allows the iam:GetRole action", 403})

	// A group's policy applies to its members; one resource pattern allows
	// x and not y.
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("builders")}))(t)
	must(root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("builders"), UserName: aws.String("dev")}))(t)
	must(root.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: aws.String("builders"), PolicyName: aws.String("roles"),
		PolicyDocument: allowDoc("iam:*Role", "arn:aws:iam::111122223333:role/x*")}))(t)
	if err := createRole("x"); err != nil {
		t.Fatalf("CreateRole allowed by the group's policy: %v", err)
	}
	wantError(t, createRole("y"), apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to " +
		"perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/y because no identity-based policy allows " +
		"the iam:CreateRole action", 403})
	// Allowed, the caller learns that a role does not exist.
	_, err = dev.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("xmissing")})
	wantError(t, err, apiError{"NoSuchEntity", "The role with name xmissing cannot be found.", 404})

	// An explicit deny wins over the allow.
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("dev"), PolicyName: aws.String("deny"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateRole","Resource":"*"}]}`)}))(t)
	wantError(t, createRole("x2"), apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to " +
		"perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/x2 with an explicit deny in an identity-based policy", 403})

	// Changes apply to the next request: removing the deny allows again.
	must(root.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String("dev"), PolicyName: aws.String("deny")}))(t)
	if err := createRole("x2"); err != nil {
		t.Errorf("CreateRole after the deny was deleted: %v", err)
	}
}

func TestPermissionsBoundaryLimitsAUser(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	dev := e.user(account, "dev")
	must(root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("dev"),
		PolicyArn: aws.String("arn:aws:iam::aws:policy/AdministratorAccess")}))(t)
	must(dev.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("before")}))(t)

	must(root.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: aws.String("dev"),
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))(t)
	must(dev.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("before")}))(t)
	_, err := dev.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("after")})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: " +
		"iam:CreateUser on resource: arn:aws:iam::111122223333:user/after because no permissions boundary allows " +
		"the iam:CreateUser action", 403})

	got := must(root.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("dev")}))(t).User
	if got.PermissionsBoundary == nil || *got.PermissionsBoundary.PermissionsBoundaryArn != "arn:aws:iam::aws:policy/ReadOnlyAccess" {
		t.Errorf("GetUser's PermissionsBoundary = %+v", got.PermissionsBoundary)
	}
	must(root.DeleteUserPermissionsBoundary(ctx, &iam.DeleteUserPermissionsBoundaryInput{UserName: aws.String("dev")}))(t)
	must(dev.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("after")}))(t)
}

func TestListDenialsNameTheirScope(t *testing.T) {
	e := newEnv(t)
	dev := e.user(account, "dev")
	_, err := dev.ListUsers(ctx, &iam.ListUsersInput{})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: " +
		"iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows the iam:ListUsers action", 403})
	_, err = dev.ListPolicies(ctx, &iam.ListPoliciesInput{})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: " +
		"iam:ListPolicies on resource: policy path / because no identity-based policy allows the iam:ListPolicies action", 403})
}
