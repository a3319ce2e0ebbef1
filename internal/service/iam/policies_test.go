package iam_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/amityhq/amity/internal/awsdata"
)

const (
	adminARN   = "arn:aws:iam::aws:policy/AdministratorAccess"
	slrPolicy  = "arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForImageBuilder"
	readS3     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	localARN   = "arn:aws:iam::111122223333:policy/team/read-s3"
	missingARN = "arn:aws:iam::111122223333:policy/none"
)

func TestManagedPolicyVersions(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	created := must(root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("read-s3"), Path: aws.String("/team/"),
		PolicyDocument: aws.String(readS3), Description: aws.String("reads")}))(t).Policy
	if *created.Arn != localARN || *created.DefaultVersionId != "v1" || *created.AttachmentCount != 0 ||
		!created.IsAttachable || !strings.HasPrefix(*created.PolicyId, "ANPA") {
		t.Errorf("CreatePolicy = %+v", created)
	}

	v2doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}`
	v2 := must(root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(localARN),
		PolicyDocument: aws.String(v2doc), SetAsDefault: true}))(t).PolicyVersion
	if *v2.VersionId != "v2" || !v2.IsDefaultVersion || v2.Document != nil {
		t.Errorf("CreatePolicyVersion = %+v, want v2, default, no document", v2)
	}
	got := must(root.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(localARN), VersionId: aws.String("v2")}))(t).PolicyVersion
	if decoded, _ := url.QueryUnescape(*got.Document); decoded != v2doc || !strings.HasPrefix(*got.Document, "%7B%22Version%22") {
		t.Errorf("GetPolicyVersion document = %s, want v2's, URL-encoded", *got.Document)
	}
	for range 3 {
		must(root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(localARN), PolicyDocument: aws.String(readS3)}))(t)
	}
	versions := must(root.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: aws.String(localARN)}))(t).Versions
	var ids []string
	for _, v := range versions {
		ids = append(ids, *v.VersionId)
	}
	if !slices.Equal(ids, []string{"v5", "v4", "v3", "v2", "v1"}) || !versions[3].IsDefaultVersion {
		t.Errorf("ListPolicyVersions = %v (default %v), want v5..v1 with v2 the default", ids, versions[3].IsDefaultVersion)
	}

	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"a sixth version", func() error {
			_, err := root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: aws.String(localARN), PolicyDocument: aws.String(readS3)})
			return err
		}, apiError{"LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.", 409}},
		{"delete the default version", func() error {
			_, err := root.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(localARN), VersionId: aws.String("v2")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete the default version of a policy.", 409}},
		{"delete a missing version", func() error {
			_, err := root.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(localARN), VersionId: aws.String("v9")})
			return err
		}, apiError{"NoSuchEntity", "Policy " + localARN + " version v9 does not exist or is not attachable.", 404}},
		{"default a missing version", func() error {
			_, err := root.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(localARN), VersionId: aws.String("v7")})
			return err
		}, apiError{"NoSuchEntity", "Policy " + localARN + " version v7 does not exist or is not attachable.", 404}},
		{"a version of a missing policy", func() error {
			_, err := root.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(missingARN), VersionId: aws.String("v1")})
			return err
		}, apiError{"NoSuchEntity", "Policy " + missingARN + " version v1 does not exist or is not attachable.", 404}},
		{"delete with versions left", func() error {
			_, err := root.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(localARN)})
			return err
		}, apiError{"DeleteConflict", "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.", 409}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}

	must(root.SetDefaultPolicyVersion(ctx, &iam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(localARN), VersionId: aws.String("v5")}))(t)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		must(root.DeletePolicyVersion(ctx, &iam.DeletePolicyVersionInput{PolicyArn: aws.String(localARN), VersionId: aws.String(v)}))(t)
	}
	p := must(root.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(localARN)}))(t).Policy
	if *p.DefaultVersionId != "v5" || *p.Description != "reads" {
		t.Errorf("GetPolicy = %s %s, want v5 and the description", *p.DefaultVersionId, *p.Description)
	}
	must(root.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(localARN)}))(t)
	_, err := root.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(localARN)})
	wantError(t, err, apiError{"NoSuchEntity", "Policy " + localARN + " was not found.", 404})
}

func TestManagedPolicyDocuments(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("taken"), PolicyDocument: aws.String(readS3)}))(t)
	tests := []struct {
		name, policyName, doc string
		want                  apiError
	}{
		{"a name taken at another path", "TAKEN", readS3,
			apiError{"EntityAlreadyExists", "A policy called TAKEN already exists. Duplicate names are not allowed.", 409}},
		{"a principal", "p1", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`,
			apiError{"MalformedPolicyDocument", "Policy document should not specify a principal.", 400}},
		{"an old version", "p2", `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			apiError{"MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater.", 400}},
		{"no resources", "p3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`,
			apiError{"MalformedPolicyDocument", "Policy statement must contain resources.", 400}},
		{"over 6,144 characters", "p4", `{"Version":"2012-10-17","Statement":[{"Sid":"` + strings.Repeat("a", 6100) +
			`","Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			apiError{"LimitExceeded", "Cannot exceed quota for PolicySize: 6144", 409}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(tc.policyName),
				Path: aws.String("/other/"), PolicyDocument: aws.String(tc.doc)})
			wantError(t, err, tc.want)
		})
	}
}

func TestAWSManagedPolicies(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	must(root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(adminARN)}))(t)

	p := must(root.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(adminARN)}))(t).Policy
	if *p.PolicyId != "ANPAIWMBCKSKIEE64ZLYK" || *p.AttachmentCount != 1 || *p.Path != "/" {
		t.Errorf("GetPolicy(AdministratorAccess) = %+v, want AWS's id, attached once here", p)
	}
	if n := *must(e.root(other).GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(adminARN)}))(t).Policy.AttachmentCount; n != 0 {
		t.Errorf("another account sees AttachmentCount %d, want 0: usage is per account", n)
	}
	v := must(root.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(adminARN), VersionId: aws.String("v1")}))(t).PolicyVersion
	want, _ := awsdata.ManagedPolicy("AdministratorAccess")
	if doc, _ := url.QueryUnescape(*v.Document); doc != want.Document {
		t.Errorf("AdministratorAccess v1 = %s, want AWS's document", doc)
	}

	slr := must(root.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(slrPolicy)}))(t).Policy
	if *slr.Path != "/aws-service-role/" || *slr.PolicyName != "AWSServiceRoleForImageBuilder" {
		t.Errorf("service-role policy = %s at %s", *slr.PolicyName, *slr.Path)
	}
	_, err := root.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String("arn:aws:iam::aws:policy/AWSServiceRoleForImageBuilder")})
	wantError(t, err, apiError{"NoSuchEntity", "Policy arn:aws:iam::aws:policy/AWSServiceRoleForImageBuilder was not found.", 404})
	_, err = root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(slrPolicy)})
	wantError(t, err, apiError{"PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.", 400})
	_, err = root.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(adminARN)})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:root is not authorized to perform: " +
		"iam:DeletePolicy on resource: policy " + adminARN + " because no resource-based policy allows the iam:DeletePolicy action", 403})
}

func TestAttachments(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("read-s3"), Path: aws.String("/team/"), PolicyDocument: aws.String(readS3)}))(t)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann"), Path: aws.String("/people/")}))(t)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs")}))(t)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	must(root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(localARN)}))(t)
	must(root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(adminARN)}))(t)
	must(root.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(localARN)}))(t)
	must(root.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(localARN)}))(t)
	must(root.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: aws.String("app"), PermissionsBoundary: aws.String(localARN)}))(t)

	attached := must(root.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String("ann")}))(t).AttachedPolicies
	if len(attached) != 2 || *attached[0].PolicyName != "read-s3" || *attached[1].PolicyArn != adminARN {
		t.Errorf("ListAttachedUserPolicies = %+v", attached)
	}
	if team := must(root.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: aws.String("ann"),
		PathPrefix: aws.String("/team/")}))(t).AttachedPolicies; len(team) != 1 {
		t.Errorf("ListAttachedUserPolicies(/team/) = %+v, want read-s3 alone", team)
	}
	for _, tc := range []struct {
		in    *iam.ListEntitiesForPolicyInput
		users []string
		group []string
		roles []string
	}{
		{&iam.ListEntitiesForPolicyInput{}, []string{"ann"}, []string{"devs"}, []string{"app", "app"}},
		{&iam.ListEntitiesForPolicyInput{EntityFilter: types.EntityTypeUser}, []string{"ann"}, nil, nil},
		{&iam.ListEntitiesForPolicyInput{PolicyUsageFilter: types.PolicyUsageTypePermissionsBoundary}, nil, nil, []string{"app"}},
		{&iam.ListEntitiesForPolicyInput{PathPrefix: aws.String("/people/")}, []string{"ann"}, nil, nil},
	} {
		tc.in.PolicyArn = aws.String(localARN)
		out := must(root.ListEntitiesForPolicy(ctx, tc.in))(t)
		var users, groups, roles []string
		for _, u := range out.PolicyUsers {
			users = append(users, *u.UserName)
		}
		for _, g := range out.PolicyGroups {
			groups = append(groups, *g.GroupName)
		}
		for _, r := range out.PolicyRoles {
			roles = append(roles, *r.RoleName)
		}
		if !slices.Equal(users, tc.users) || !slices.Equal(groups, tc.group) || !slices.Equal(roles, tc.roles) {
			t.Errorf("ListEntitiesForPolicy(%+v) = %v %v %v, want %v %v %v", tc.in, users, groups, roles, tc.users, tc.group, tc.roles)
		}
	}

	local := must(root.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal}))(t).Policies
	if len(local) != 1 || *local[0].AttachmentCount != 3 || *local[0].PermissionsBoundaryUsageCount != 1 {
		t.Errorf("ListPolicies(Local) = %+v, want read-s3 attached 3 times, 1 boundary", local)
	}
	attachedOnly := must(root.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, OnlyAttached: true}))(t).Policies
	if len(attachedOnly) != 1 || *attachedOnly[0].Arn != adminARN {
		t.Errorf("ListPolicies(AWS, OnlyAttached) = %d policies, want AdministratorAccess alone", len(attachedOnly))
	}
	if all := must(root.ListPolicies(ctx, &iam.ListPoliciesInput{}))(t).Policies; len(all) != len(awsdata.ManagedPolicies())+1 {
		t.Errorf("ListPolicies() = %d policies, want AWS's %d and the account's", len(all), len(awsdata.ManagedPolicies()))
	}

	_, err := root.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: aws.String(localARN)})
	wantError(t, err, apiError{"DeleteConflict", "Cannot delete a policy attached to entities.", 409})
	_, err = root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("ann")})
	wantError(t, err, apiError{"DeleteConflict", "Cannot delete entity, must detach all policies first.", 409})

	must(root.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(localARN)}))(t)
	_, err = root.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(localARN)})
	wantError(t, err, apiError{"NoSuchEntity", "Policy " + localARN + " was not found.", 404})
}

// TestAttachMalformedARN: every attach and detach call answers a PolicyArn
// that is no policy ARN with ValidationError, whatever the entity.
func TestAttachMalformedARN(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("devs")}))(t)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	const bad = "longpolicynamebutnoarn"
	calls := map[string]func() error{
		"AttachUserPolicy": func() error {
			_, err := root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(bad)})
			return err
		},
		"AttachGroupPolicy": func() error {
			_, err := root.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(bad)})
			return err
		},
		"AttachRolePolicy": func() error {
			_, err := root.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(bad)})
			return err
		},
		"DetachUserPolicy": func() error {
			_, err := root.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: aws.String(bad)})
			return err
		},
		"DetachGroupPolicy": func() error {
			_, err := root.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String("devs"), PolicyArn: aws.String(bad)})
			return err
		},
		"DetachRolePolicy": func() error {
			_, err := root.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(bad)})
			return err
		},
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			wantError(t, call(), apiError{"ValidationError", "ARN " + bad + " is not valid.", 400})
		})
	}
	// A permissions boundary keeps InvalidInput.
	_, err := root.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: aws.String("ann"), PermissionsBoundary: aws.String(bad)})
	wantError(t, err, apiError{"InvalidInput", "ARN " + bad + " is not valid.", 400})
}

// TestMissingPolicyTexts: a policy that does not exist is "not found" to
// the policy calls, "not attachable" to the attach calls, and a missing
// version to the version calls.
func TestMissingPolicyTexts(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	arn := aws.String(missingARN)
	notFound := apiError{"NoSuchEntity", "Policy " + missingARN + " was not found.", 404}
	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"GetPolicy", func() error { _, err := root.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: arn}); return err }, notFound},
		{"DeletePolicy", func() error { _, err := root.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: arn}); return err }, notFound},
		{"ListPolicyVersions", func() error {
			_, err := root.ListPolicyVersions(ctx, &iam.ListPolicyVersionsInput{PolicyArn: arn})
			return err
		}, notFound},
		{"CreatePolicyVersion", func() error {
			_, err := root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{PolicyArn: arn, PolicyDocument: aws.String(readS3)})
			return err
		}, notFound},
		{"TagPolicy", func() error {
			_, err := root.TagPolicy(ctx, &iam.TagPolicyInput{PolicyArn: arn, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		}, notFound},
		{"UntagPolicy", func() error {
			_, err := root.UntagPolicy(ctx, &iam.UntagPolicyInput{PolicyArn: arn, TagKeys: []string{"k"}})
			return err
		}, notFound},
		{"ListPolicyTags", func() error { _, err := root.ListPolicyTags(ctx, &iam.ListPolicyTagsInput{PolicyArn: arn}); return err }, notFound},
		{"ListEntitiesForPolicy", func() error {
			_, err := root.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: arn})
			return err
		}, notFound},
		{"AttachUserPolicy", func() error {
			_, err := root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("ann"), PolicyArn: arn})
			return err
		}, apiError{"NoSuchEntity", "Policy " + missingARN + " does not exist or is not attachable.", 404}},
		{"GetPolicyVersion", func() error {
			_, err := root.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: arn, VersionId: aws.String("v1")})
			return err
		}, apiError{"NoSuchEntity", "Policy " + missingARN + " version v1 does not exist or is not attachable.", 404}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}
}

func TestAttachErrors(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	attach := func(arn string) error {
		_, err := root.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("app"), PolicyArn: aws.String(arn)})
		return err
	}
	wantError(t, attach(missingARN), apiError{"NoSuchEntity", "Policy " + missingARN + " does not exist or is not attachable.", 404})
	wantError(t, attach("arn:aws:iam::444455556666:policy/theirs"),
		apiError{"NoSuchEntity", "Policy arn:aws:iam::444455556666:policy/theirs does not exist or is not attachable.", 404})

	var arns []string
	for _, mp := range awsdata.ManagedPolicies() {
		if !strings.Contains(mp.ARN, "/aws-service-role/") {
			arns = append(arns, mp.ARN)
		}
	}
	if len(arns) < 11 {
		t.Fatalf("awsdata has %d attachable policies, want 11 for this test", len(arns))
	}
	for _, arn := range arns[:10] {
		if err := attach(arn); err != nil {
			t.Fatal(err)
		}
	}
	wantError(t, attach(arns[10]), apiError{"LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10", 409})
}
