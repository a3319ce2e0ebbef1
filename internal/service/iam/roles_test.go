package iam_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/app"
)

func TestRoleLifecycle(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"ec2.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]\n}"
	created := must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("app"), Path: aws.String("/svc/"),
		AssumeRolePolicyDocument: aws.String(doc), Description: aws.String("the app")}))(t).Role
	if *created.Arn != "arn:aws:iam::111122223333:role/svc/app" || !strings.HasPrefix(*created.RoleId, "AROA") {
		t.Errorf("CreateRole = %s %s", *created.Arn, *created.RoleId)
	}
	if created.MaxSessionDuration != nil {
		t.Errorf("CreateRole shows MaxSessionDuration %d; AWS does not", *created.MaxSessionDuration)
	}
	// Documents come back URL-encoded, white space kept, as AWS sends them.
	if !strings.HasPrefix(*created.AssumeRolePolicyDocument, "%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22") {
		t.Errorf("AssumeRolePolicyDocument = %s, want it URL-encoded", *created.AssumeRolePolicyDocument)
	}
	if decoded, _ := url.PathUnescape(*created.AssumeRolePolicyDocument); decoded != doc {
		t.Errorf("the decoded trust policy = %q, want the document sent", decoded)
	}

	got := must(root.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("APP")}))(t).Role
	if *got.MaxSessionDuration != 3600 || got.RoleLastUsed == nil || *got.Description != "the app" {
		t.Errorf("GetRole = %d %v %s, want 3600, RoleLastUsed, the description", *got.MaxSessionDuration, got.RoleLastUsed, *got.Description)
	}

	must(root.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("app"), MaxSessionDuration: aws.Int32(7200),
		Description: aws.String("new")}))(t)
	trusted := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`
	must(root.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app"), PolicyDocument: aws.String(trusted)}))(t)
	listed := must(root.ListRoles(ctx, &iam.ListRolesInput{PathPrefix: aws.String("/svc/")}))(t).Roles
	if len(listed) != 1 || *listed[0].MaxSessionDuration != 7200 || *listed[0].Description != "new" || listed[0].RoleLastUsed != nil {
		t.Fatalf("ListRoles = %+v", listed)
	}
	if decoded, _ := url.PathUnescape(*listed[0].AssumeRolePolicyDocument); decoded != trusted {
		t.Errorf("trust policy after UpdateAssumeRolePolicy = %s", decoded)
	}

	must(root.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("app")}))(t)
	_, err := root.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("app")})
	wantError(t, err, apiError{"NoSuchEntity", "The role with name app cannot be found.", 404})
}

func TestTrustPolicyValidation(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann"), Path: aws.String("/people/")}))(t)
	must(e.root(other).ListUsers(ctx, &iam.ListUsersInput{}))(t) // the other account now exists
	trusting := func(principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"sts:AssumeRole"}]}`
	}
	tests := []struct {
		name string
		doc  string
		want *apiError // nil: accepted
	}{
		{"an existing user", trusting("arn:aws:iam::111122223333:user/people/ann"), nil},
		{"a known account", trusting("444455556666"), nil},
		{"a known account's root", trusting("arn:aws:iam::444455556666:root"), nil},
		{"a user that does not exist", trusting("arn:aws:iam::111122223333:user/ghost"),
			&apiError{"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/ghost"`, 400}},
		{"a user at the wrong path", trusting("arn:aws:iam::111122223333:user/ann"),
			&apiError{"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/ann"`, 400}},
		// With convenience credentials any account exists: a key id would
		// create it on its first call (TestTrustPolicyStrictAccounts).
		{"an account not used yet", trusting("arn:aws:iam::999988887777:root"), nil},
		{"invalid JSON", `{"Version":`, &apiError{"MalformedPolicyDocument", "This policy contains invalid Json", 400}},
		{"a Resource", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}`,
			&apiError{"MalformedPolicyDocument", "Has prohibited field Resource", 400}},
		{"an action outside STS", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}]}`,
			&apiError{"MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions.", 400}},
		{"over 2,048 characters", `{"Version":"2012-10-17","Statement":[{"Sid":"` + strings.Repeat("a", 2000) +
			`","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			&apiError{"LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048", 409}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r" + string(rune('a'+i))),
				AssumeRolePolicyDocument: aws.String(tc.doc)})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantError(t, err, *tc.want)
		})
	}
}

// TestTrustPolicyStrictAccounts: without convenience credentials, accounts
// exist only once created, and a trust policy naming another is refused.
func TestTrustPolicyStrictAccounts(t *testing.T) {
	env := amitytest.New(t, amitytest.Strict())
	creds, err := env.App.CreateAccount(ctx, app.AccountRequest{ID: account})
	if err != nil {
		t.Fatal(err)
	}
	root := iam.NewFromConfig(env.Config(creds.AccessKeyID, creds.SecretAccessKey, "", "us-east-1"))
	_, err = root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sts:AssumeRole"}]}`)})
	wantError(t, err, apiError{"MalformedPolicyDocument", `Invalid principal in policy: "AWS":"999988887777"`, 400})
}

func TestRoleErrors(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	for _, name := range []string{"attached", "inline", "profiled"} {
		must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	}
	must(root.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("attached"),
		PolicyArn: aws.String("arn:aws:iam::aws:policy/ReadOnlyAccess")}))(t)
	must(root.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("inline"), PolicyName: aws.String("p"),
		PolicyDocument: allowDoc("s3:GetObject", "*")}))(t)
	must(root.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("ip")}))(t)
	must(root.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("ip"),
		RoleName: aws.String("profiled")}))(t)
	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"duplicate", func() error {
			_, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("ATTACHED"), AssumeRolePolicyDocument: aws.String(trustEC2)})
			return err
		}, apiError{"EntityAlreadyExists", "Role with name ATTACHED already exists.", 409}},
		{"session length beyond 12 hours", func() error {
			_, err := root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("long"), AssumeRolePolicyDocument: aws.String(trustEC2),
				MaxSessionDuration: aws.Int32(43201)})
			return err
		}, apiError{"ValidationError", "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200", 400}},
		{"delete with an attached policy", func() error {
			_, err := root.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("attached")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete entity, must detach all policies first.", 409}},
		{"delete with an inline policy", func() error {
			_, err := root.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("inline")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete entity, must delete policies first.", 409}},
		{"delete while in an instance profile", func() error {
			_, err := root.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String("profiled")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409}},
		{"update a missing role", func() error {
			_, err := root.UpdateRole(ctx, &iam.UpdateRoleInput{RoleName: aws.String("missing"), Description: aws.String("x")})
			return err
		}, apiError{"NoSuchEntity", "The role with name missing cannot be found.", 404}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}
}

func TestInstanceProfiles(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	for _, r := range []string{"web", "db"} {
		must(root.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(r), AssumeRolePolicyDocument: aws.String(trustEC2)}))(t)
	}
	created := must(root.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("web-ip"),
		Path: aws.String("/ec2/")}))(t).InstanceProfile
	if *created.Arn != "arn:aws:iam::111122223333:instance-profile/ec2/web-ip" || !strings.HasPrefix(*created.InstanceProfileId, "AIPA") ||
		created.Roles == nil || len(created.Roles) != 0 {
		t.Errorf("CreateInstanceProfile = %+v", created)
	}
	must(root.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("web-ip"), RoleName: aws.String("web")}))(t)
	got := must(root.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String("web-ip")}))(t).InstanceProfile
	if len(got.Roles) != 1 || *got.Roles[0].RoleName != "web" {
		t.Errorf("GetInstanceProfile roles = %+v, want web", got.Roles)
	}
	forRole := must(root.ListInstanceProfilesForRole(ctx, &iam.ListInstanceProfilesForRoleInput{RoleName: aws.String("web")}))(t).InstanceProfiles
	if len(forRole) != 1 || *forRole[0].InstanceProfileName != "web-ip" {
		t.Errorf("ListInstanceProfilesForRole = %+v", forRole)
	}
	if all := must(root.ListInstanceProfiles(ctx, &iam.ListInstanceProfilesInput{PathPrefix: aws.String("/ec2/")}))(t).InstanceProfiles; len(all) != 1 {
		t.Errorf("ListInstanceProfiles(/ec2/) = %d profiles, want 1", len(all))
	}

	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"a second role", func() error {
			_, err := root.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("web-ip"), RoleName: aws.String("db")})
			return err
		}, apiError{"LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409}},
		{"remove a role it does not hold", func() error {
			_, err := root.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: aws.String("web-ip"), RoleName: aws.String("db")})
			return err
		}, apiError{"NoSuchEntity", "Role db in Instance Profile web-ip cannot be found.", 404}},
		{"delete holding a role", func() error {
			_, err := root.DeleteInstanceProfile(ctx, &iam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("web-ip")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409}},
		{"a missing profile", func() error {
			_, err := root.GetInstanceProfile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String("none")})
			return err
		}, apiError{"NoSuchEntity", "Instance Profile none cannot be found.", 404}},
		{"a missing role", func() error {
			_, err := root.AddRoleToInstanceProfile(ctx, &iam.AddRoleToInstanceProfileInput{InstanceProfileName: aws.String("web-ip"), RoleName: aws.String("none")})
			return err
		}, apiError{"NoSuchEntity", "The role with name none cannot be found.", 404}},
		{"duplicate", func() error {
			_, err := root.CreateInstanceProfile(ctx, &iam.CreateInstanceProfileInput{InstanceProfileName: aws.String("web-ip")})
			return err
		}, apiError{"EntityAlreadyExists", "Instance Profile web-ip already exists.", 409}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}

	must(root.RemoveRoleFromInstanceProfile(ctx, &iam.RemoveRoleFromInstanceProfileInput{InstanceProfileName: aws.String("web-ip"), RoleName: aws.String("web")}))(t)
	must(root.DeleteInstanceProfile(ctx, &iam.DeleteInstanceProfileInput{InstanceProfileName: aws.String("web-ip")}))(t)
}
