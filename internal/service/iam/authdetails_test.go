package iam_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestAccountAuthorizationDetails(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann"), Tags: tagList("team", "blue")}))(t)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")}))(t)
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("ann"), PolicyName: aws.String("own"), PolicyDocument: aws.String(readS3)}))(t)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs")}))(t)
	must(root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("devs"), UserName: aws.String("ann")}))(t)
	must(root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("read-s3"), Path: aws.String("/team/"), PolicyDocument: aws.String(readS3)}))(t)
	must(root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(localARN), PolicyDocument: aws.String(readS3), SetAsDefault: true}))(t)
	must(root.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(localARN)}))(t)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	must(root.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(adminARN)}))(t)
	must(root.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("app-ip")}))(t)
	must(root.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("app-ip"), RoleName: aws.String("app")}))(t)

	out := must(root.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{}))(t)
	if len(out.UserDetailList) != 2 || len(out.GroupDetailList) != 1 || len(out.RoleDetailList) != 1 || len(out.Policies) != 2 {
		t.Fatalf("details: %d users, %d groups, %d roles, %d policies; want 2, 1, 1 and read-s3 with the AdministratorAccess it uses",
			len(out.UserDetailList), len(out.GroupDetailList), len(out.RoleDetailList), len(out.Policies))
	}
	ann, bob := out.UserDetailList[0], out.UserDetailList[1]
	if !slices.Equal(ann.GroupList, []string{"devs"}) || len(ann.UserPolicyList) != 1 || *ann.UserPolicyList[0].PolicyName != "own" ||
		len(ann.Tags) != 1 {
		t.Errorf("ann = %+v", ann)
	}
	if doc, _ := url.QueryUnescape(*ann.UserPolicyList[0].PolicyDocument); doc != readS3 {
		t.Errorf("ann's inline document = %s, want it URL-encoded", *ann.UserPolicyList[0].PolicyDocument)
	}
	if bob.UserPolicyList != nil {
		t.Errorf("bob's UserPolicyList = %+v; AWS leaves it out when empty", bob.UserPolicyList)
	}
	devs := out.GroupDetailList[0]
	if len(devs.AttachedManagedPolicies) != 1 || *devs.AttachedManagedPolicies[0].PolicyArn != localARN {
		t.Errorf("devs = %+v", devs)
	}
	app := out.RoleDetailList[0]
	if len(app.InstanceProfileList) != 1 || *app.InstanceProfileList[0].InstanceProfileName != "app-ip" ||
		len(app.InstanceProfileList[0].Roles) != 1 || app.RoleLastUsed == nil {
		t.Errorf("app = %+v", app)
	}
	if doc, _ := url.QueryUnescape(*app.AssumeRolePolicyDocument); doc != trustEC2 {
		t.Errorf("app's trust policy = %s", *app.AssumeRolePolicyDocument)
	}
	var local, admin types.ManagedPolicyDetail
	for _, p := range out.Policies {
		if *p.Arn == localARN {
			local = p
		} else {
			admin = p
		}
	}
	if len(local.PolicyVersionList) != 2 || *local.PolicyVersionList[0].VersionId != "v2" || !local.PolicyVersionList[0].IsDefaultVersion ||
		*local.AttachmentCount != 1 {
		t.Errorf("read-s3 detail = %+v, want v2 (default) then v1, attached once", local)
	}
	if *admin.Arn != adminARN || *admin.AttachmentCount != 1 || len(admin.PolicyVersionList) != 1 || admin.PolicyVersionList[0].Document == nil {
		t.Errorf("AdministratorAccess detail = %+v", admin)
	}

	onlyRoles := must(root.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{types.EntityTypeRole, types.EntityTypeAWSManagedPolicy}}))(t)
	if len(onlyRoles.UserDetailList)+len(onlyRoles.GroupDetailList) != 0 || len(onlyRoles.RoleDetailList) != 1 ||
		len(onlyRoles.Policies) != 1 || *onlyRoles.Policies[0].Arn != adminARN {
		t.Errorf("Filter Role, AWSManagedPolicy gave %d users, %d groups, %d roles, %d policies",
			len(onlyRoles.UserDetailList), len(onlyRoles.GroupDetailList), len(onlyRoles.RoleDetailList), len(onlyRoles.Policies))
	}

	// Pages run through users, groups, roles and policies as one list.
	var users, groups, roles, policies int
	for p := iam.NewGetAccountAuthorizationDetailsPaginator(root, &iam.GetAccountAuthorizationDetailsInput{MaxItems: aws.Int32(2)}); p.HasMorePages(); {
		page := must(p.NextPage(ctx))(t)
		users += len(page.UserDetailList)
		groups += len(page.GroupDetailList)
		roles += len(page.RoleDetailList)
		policies += len(page.Policies)
	}
	if users != 2 || groups != 1 || roles != 1 || policies != 2 {
		t.Errorf("paged: %d users, %d groups, %d roles, %d policies", users, groups, roles, policies)
	}
}

// TestAuthorizationDetailsOnTheWire checks what the SDK cannot tell
// apart: which empty lists AWS sends and which it leaves out.
func TestAuthorizationDetailsOnTheWire(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")}))(t)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	creds := aws.Credentials{AccessKeyID: account, SecretAccessKey: "test"}
	status, body := e.PostForm(t, creds, "iam", "us-east-1", "Action=GetAccountAuthorizationDetails&Version=2010-05-08")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	for _, want := range []string{
		"<UserName>bob</UserName><UserId>",
		"<GroupList></GroupList><AttachedManagedPolicies></AttachedManagedPolicies><Tags></Tags></member>",
		"<AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22",
		"<InstanceProfileList></InstanceProfileList><RolePolicyList></RolePolicyList><AttachedManagedPolicies></AttachedManagedPolicies>",
		"<RoleLastUsed></RoleLastUsed>",
		"<GroupDetailList></GroupDetailList>", "<Policies></Policies>", "<IsTruncated>false</IsTruncated>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the answer lacks %s:\n%s", want, body)
		}
	}
	if strings.Contains(body, "UserPolicyList") {
		t.Errorf("a user without inline policies has a UserPolicyList; AWS leaves it out:\n%s", body)
	}
}
