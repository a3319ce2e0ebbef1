package iam_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestUserLifecycle(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	created := must(root.CreateUser(ctx, &iam.CreateUserInput{
		UserName: aws.String("ann"), Path: aws.String("/dev/"),
		Tags:                []types.Tag{{Key: aws.String("team"), Value: aws.String("blue")}},
		PermissionsBoundary: aws.String("arn:aws:iam::aws:policy/PowerUserAccess"),
	}))(t).User
	if got, want := *created.Arn, "arn:aws:iam::111122223333:user/dev/ann"; got != want {
		t.Errorf("Arn = %s, want %s", got, want)
	}
	if id := *created.UserId; len(id) != 21 || id[:4] != "AIDA" {
		t.Errorf("UserId = %s, want AIDA and 17 more characters", id)
	}
	if created.CreateDate.Nanosecond() != 0 {
		t.Errorf("CreateDate %v has a fraction of a second; IAM reports whole seconds", created.CreateDate)
	}
	if b := created.PermissionsBoundary; b == nil || *b.PermissionsBoundaryArn != "arn:aws:iam::aws:policy/PowerUserAccess" ||
		b.PermissionsBoundaryType != "Policy" { // AWS's value, not the SDK enum's
		t.Errorf("PermissionsBoundary = %+v", b)
	}

	got := must(root.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("ANN")}))(t).User
	if *got.UserName != "ann" || *got.UserId != *created.UserId || len(got.Tags) != 1 || *got.Tags[0].Value != "blue" {
		t.Errorf("GetUser = %+v, want ann with its tag", got)
	}

	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")}))(t)
	for _, tc := range []struct {
		prefix string
		want   []string
	}{
		{"/", []string{"ann", "bob"}},
		{"/dev/", []string{"ann"}},
		{"/ops/", nil},
	} {
		listed := must(root.ListUsers(ctx, &iam.ListUsersInput{PathPrefix: aws.String(tc.prefix)}))(t)
		if names := userNames(listed.Users); !slices.Equal(names, tc.want) {
			t.Errorf("ListUsers(%s) = %v, want %v", tc.prefix, names, tc.want)
		}
		for _, u := range listed.Users {
			if u.Tags != nil || u.PermissionsBoundary != nil {
				t.Errorf("ListUsers shows %s's tags or boundary; AWS does not", *u.UserName)
			}
		}
	}

	must(root.UpdateUser(ctx, &iam.UpdateUserInput{UserName: aws.String("ann"),
		NewUserName: aws.String("anna"), NewPath: aws.String("/ops/")}))(t)
	moved := must(root.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("anna")}))(t).User
	if *moved.Arn != "arn:aws:iam::111122223333:user/ops/anna" || *moved.UserId != *created.UserId {
		t.Errorf("after UpdateUser: %s %s, want the same user at /ops/anna", *moved.Arn, *moved.UserId)
	}
	_, err := root.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("ann")})
	wantError(t, err, apiError{"NoSuchEntity", "The user with name ann cannot be found.", 404})

	must(root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("anna")}))(t)
	_, err = root.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("anna")})
	wantError(t, err, apiError{"NoSuchEntity", "The user with name anna cannot be found.", 404})
}

func TestUserErrors(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("Bob")}))(t)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("keyed")}))(t)
	must(root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("keyed")}))(t)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("member")}))(t)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("g")}))(t)
	must(root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("g"), UserName: aws.String("member")}))(t)

	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"duplicate name, other case", func() error {
			_, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")})
			return err
		}, apiError{"EntityAlreadyExists", "User with name bob already exists.", 409}},
		{"get missing", func() error {
			_, err := root.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("nobody")})
			return err
		}, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}},
		{"update missing", func() error {
			_, err := root.UpdateUser(ctx, &iam.UpdateUserInput{UserName: aws.String("nobody"), NewPath: aws.String("/x/")})
			return err
		}, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}},
		{"rename onto another user", func() error {
			_, err := root.UpdateUser(ctx, &iam.UpdateUserInput{UserName: aws.String("keyed"), NewUserName: aws.String("BOB")})
			return err
		}, apiError{"EntityAlreadyExists", "User with name BOB already exists.", 409}},
		{"delete missing", func() error {
			_, err := root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("nobody")})
			return err
		}, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}},
		{"delete with an access key", func() error {
			_, err := root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("keyed")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete entity, must delete access keys first.", 409}},
		{"delete a group member", func() error {
			_, err := root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("member")})
			return err
		}, apiError{"DeleteConflict", "Cannot delete entity, must remove user from all groups first.", 409}},
		{"boundary that does not exist", func() error {
			_, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("x"),
				PermissionsBoundary: aws.String("arn:aws:iam::111122223333:policy/none")})
			return err
		}, apiError{"NoSuchEntity", "Scope ARN: arn:aws:iam::111122223333:policy/none does not exist or is not attachable.", 404}},
		{"boundary that is no policy ARN", func() error {
			_, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("x"),
				PermissionsBoundary: aws.String("arn:aws:s3:::some-bucket-name")})
			return err
		}, apiError{"InvalidInput", "ARN arn:aws:s3:::some-bucket-name is not valid.", 400}},
		{"tag keys differing in case", func() error {
			_, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("x"), Tags: []types.Tag{
				{Key: aws.String("k"), Value: aws.String("1")}, {Key: aws.String("K"), Value: aws.String("2")}}})
			return err
		}, apiError{"InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400}},
		{"name breaking the model's pattern", func() error {
			_, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("a b")})
			return err
		}, apiError{"ValidationError", `1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`, 400}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}
}

func TestGetUserDefaultsToCaller(t *testing.T) {
	e := newEnv(t)
	dev := e.user(account, "dev")
	_, err := dev.GetUser(ctx, &iam.GetUserInput{})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::111122223333:user/dev is not authorized to perform: " +
		"iam:GetUser on resource: user dev because no identity-based policy allows the iam:GetUser action", 403})
	must(e.root(account).PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("dev"),
		PolicyName: aws.String("self"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}]}`)}))(t)
	self := must(dev.GetUser(ctx, &iam.GetUserInput{}))(t).User
	if *self.Arn != "arn:aws:iam::111122223333:user/dev" {
		t.Errorf("a user's GetUser() = %s, want itself", *self.Arn)
	}
	root := must(e.root(account).GetUser(ctx, &iam.GetUserInput{}))(t).User
	if *root.Arn != "arn:aws:iam::111122223333:root" || *root.UserId != account || root.UserName != nil {
		t.Errorf("the root user's GetUser() = %+v, want the account id and root ARN alone", root)
	}
}

func TestUsersAreKeptPerAccount(t *testing.T) {
	e := newEnv(t)
	must(e.root(account).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("same")}))(t)
	must(e.root(other).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("same")}))(t)
	got := must(e.root(other).GetUser(ctx, &iam.GetUserInput{UserName: aws.String("same")}))(t).User
	if *got.Arn != "arn:aws:iam::444455556666:user/same" {
		t.Errorf("Arn = %s, want the other account's user", *got.Arn)
	}
}

func TestListUsersPages(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	for _, n := range []string{"u1", "u2", "u3", "u4", "u5"} {
		must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(n)}))(t)
	}
	var names []string
	pages := 0
	for p := iam.NewListUsersPaginator(root, &iam.ListUsersInput{MaxItems: aws.Int32(2)}); p.HasMorePages(); pages++ {
		names = append(names, userNames(must(p.NextPage(ctx))(t).Users)...)
	}
	if want := []string{"u1", "u2", "u3", "u4", "u5"}; !slices.Equal(names, want) || pages != 3 {
		t.Errorf("paged through %v in %d pages, want %v in 3", names, pages, want)
	}
}

func userNames(users []types.User) []string {
	var names []string
	for _, u := range users {
		names = append(names, *u.UserName)
	}
	return names
}
