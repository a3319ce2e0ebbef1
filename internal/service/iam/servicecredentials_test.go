package iam_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/amityhq/amity/internal/amitytest"
)

func TestServiceSpecificCredentialLifecycle(t *testing.T) {
	for _, service := range []string{"codecommit.amazonaws.com", "cassandra.amazonaws.com"} {
		t.Run(service, func(t *testing.T) {
			e := newEnv(t)
			root := e.root(account)
			must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("jane")}))(t)
			created := must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
				UserName: aws.String("jane"), ServiceName: aws.String(service)}))(t).ServiceSpecificCredential
			id, password := aws.ToString(created.ServiceSpecificCredentialId), aws.ToString(created.ServicePassword)
			if !strings.HasPrefix(id, "ACCA") || len(id) != 21 || len(password) != 60 || !strings.HasSuffix(password, "=") ||
				aws.ToString(created.ServiceUserName) != "jane-at-"+account || aws.ToString(created.ServiceName) != service ||
				aws.ToString(created.UserName) != "jane" || created.Status != types.StatusTypeActive || created.CreateDate == nil ||
				created.ServiceCredentialAlias != nil || created.ServiceCredentialSecret != nil || created.ExpirationDate != nil {
				t.Fatalf("created %+v", created)
			}

			list := func() []types.ServiceSpecificCredentialMetadata {
				return must(root.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{
					UserName: aws.String("jane"), ServiceName: aws.String(service)}))(t).ServiceSpecificCredentials
			}
			if l := list(); len(l) != 1 || aws.ToString(l[0].ServiceSpecificCredentialId) != id || l[0].Status != types.StatusTypeActive ||
				aws.ToString(l[0].ServiceUserName) != "jane-at-"+account {
				t.Errorf("listed %+v", l)
			}
			must(root.UpdateServiceSpecificCredential(ctx, &iam.UpdateServiceSpecificCredentialInput{UserName: aws.String("jane"),
				ServiceSpecificCredentialId: aws.String(id), Status: types.StatusTypeInactive}))(t)
			if l := list(); len(l) != 1 || l[0].Status != types.StatusTypeInactive {
				t.Errorf("after Inactive: %+v", l)
			}
			reset := must(root.ResetServiceSpecificCredential(ctx, &iam.ResetServiceSpecificCredentialInput{UserName: aws.String("jane"),
				ServiceSpecificCredentialId: aws.String(id)}))(t).ServiceSpecificCredential
			if p := aws.ToString(reset.ServicePassword); len(p) != 60 || p == password || reset.Status != types.StatusTypeInactive {
				t.Errorf("reset %+v", reset)
			}
			must(root.DeleteServiceSpecificCredential(ctx, &iam.DeleteServiceSpecificCredentialInput{UserName: aws.String("jane"),
				ServiceSpecificCredentialId: aws.String(id)}))(t)
			if l := list(); len(l) != 0 {
				t.Errorf("after delete: %+v", l)
			}
			// Another service's credentials are listed apart.
			must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
				UserName: aws.String("jane"), ServiceName: aws.String("bedrock.amazonaws.com")}))(t)
			if l := list(); len(l) != 0 {
				t.Errorf("another service's credential listed: %+v", l)
			}
		})
	}
}

// TestServiceSpecificAPIKey: Bedrock's credentials are API keys: an alias
// and a secret, expiring when asked.
func TestServiceSpecificAPIKey(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("jane")}))(t)
	key := must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{UserName: aws.String("jane"),
		ServiceName: aws.String("bedrock.amazonaws.com"), CredentialAgeDays: aws.Int32(30)}))(t).ServiceSpecificCredential
	if aws.ToString(key.ServiceCredentialAlias) != "jane-at-"+account || !strings.HasPrefix(aws.ToString(key.ServiceCredentialSecret), "ABSK") ||
		key.ServiceUserName != nil || key.ServicePassword != nil || key.ExpirationDate == nil ||
		!key.ExpirationDate.Equal(key.CreateDate.AddDate(0, 0, 30)) {
		t.Fatalf("API key %+v", key)
	}
	// Once its expiry has passed it is listed Expired.
	e.Clock.Advance(31 * 24 * time.Hour)
	_, body := e.PostForm(t, aws.Credentials{AccessKeyID: account, SecretAccessKey: "test"}, "iam", "us-east-1",
		url.Values{"Action": {"ListServiceSpecificCredentials"}, "Version": {"2010-05-08"}, "UserName": {"jane"}}.Encode())
	if !strings.Contains(body, "<Status>Expired</Status>") || !strings.Contains(body, "<ServiceCredentialAlias>jane-at-"+account) ||
		strings.Contains(body, "ServiceCredentialSecret") {
		t.Errorf("listed after expiry: %s", body)
	}
}

func TestServiceSpecificCredentialErrors(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("jane")}))(t)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("joe")}))(t)
	id := aws.ToString(must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("codecommit.amazonaws.com")}))(t).ServiceSpecificCredential.ServiceSpecificCredentialId)
	create := func(user, service string) error {
		_, err := root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{UserName: aws.String(user), ServiceName: aws.String(service)})
		return err
	}
	update := func(user, id string, status types.StatusType) error {
		_, err := root.UpdateServiceSpecificCredential(ctx, &iam.UpdateServiceSpecificCredentialInput{UserName: aws.String(user),
			ServiceSpecificCredentialId: aws.String(id), Status: status})
		return err
	}
	reset := func(user, id string) error {
		_, err := root.ResetServiceSpecificCredential(ctx, &iam.ResetServiceSpecificCredentialInput{UserName: aws.String(user), ServiceSpecificCredentialId: aws.String(id)})
		return err
	}
	remove := func(user, id string) error {
		_, err := root.DeleteServiceSpecificCredential(ctx, &iam.DeleteServiceSpecificCredentialInput{UserName: aws.String(user), ServiceSpecificCredentialId: aws.String(id)})
		return err
	}
	noUser := apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}
	noService := func(s string) apiError {
		return apiError{"NoSuchEntity", "No such service " + s + " is supported for Service Specific Credentials", 404}
	}
	noCredential := func(id string) apiError { return apiError{"NoSuchEntity", "No such credential " + id + " exists", 404} }
	badID := apiError{"ValidationError", "1 validation error detected: Value 'totally-wrong-credential-id-with-hyphens' at " +
		"'serviceSpecificCredentialId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+", 400}
	tests := []struct {
		name string
		err  error
		want apiError
	}{
		{"create for an unknown user", create("nobody", "codecommit.amazonaws.com"), noUser},
		{"an unknown user before an unknown service", create("nobody", "nonexistentservice.amazonaws.com"), noUser},
		{"an unknown service", create("jane", "nonexistentservice.amazonaws.com"), noService("nonexistentservice.amazonaws.com")},
		{"no service at all", create("jane", "o3on3n3onosneo"), noService("o3on3n3onosneo")},
		{"a service without such credentials", create("jane", "lambda.amazonaws.com"), noService("lambda.amazonaws.com")},
		{"update for an unknown user", update("nobody", id, types.StatusTypeInactive), noUser},
		{"reset for an unknown user", reset("nobody", id), noUser},
		{"delete for an unknown user", remove("nobody", id), noUser},
		{"update another user's", update("joe", id, types.StatusTypeInactive), noCredential(id)},
		{"reset another user's", reset("joe", id), noCredential(id)},
		{"delete another user's", remove("joe", id), noCredential(id)},
		{"update an id that is none", update("jane", "satisfiesregexbutstillinvalid", types.StatusTypeInactive), noCredential("satisfiesregexbutstillinvalid")},
		{"reset a malformed id", reset("jane", "totally-wrong-credential-id-with-hyphens"), badID},
		{"update to no status", update("jane", id, "Invalid"), apiError{"ValidationError", "1 validation error detected: Value 'Invalid' at " +
			"'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]", 400}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantError(t, tt.err, tt.want) })
	}
	_, err := root.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{UserName: aws.String("jane"),
		ServiceName: aws.String("nonexistentservice.amazonaws.com")})
	wantError(t, err, noService("nonexistentservice.amazonaws.com"))

	// Two per service; the second's user name differs.
	second := must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("codecommit.amazonaws.com")}))(t).ServiceSpecificCredential
	if aws.ToString(second.ServiceUserName) != "jane+1-at-"+account {
		t.Errorf("second credential's user name %s", aws.ToString(second.ServiceUserName))
	}
	wantError(t, create("jane", "codecommit.amazonaws.com"),
		apiError{"LimitExceeded", "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2", 409})

	// A user with credentials cannot be deleted.
	_, err = root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("jane")})
	wantError(t, err, apiError{"DeleteConflict", "Cannot delete entity, must remove referenced objects first.", 409})
}

// TestServiceSpecificCredentialsFollowTheUser: a renamed user keeps its
// credentials, which keep their service user name; the root user, like a
// role session, must name a user.
func TestServiceSpecificCredentialsFollowTheUser(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("jane")}))(t)
	must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("codecommit.amazonaws.com")}))(t)
	must(root.UpdateUser(ctx, &iam.UpdateUserInput{UserName: aws.String("jane"), NewUserName: aws.String("janet")}))(t)
	l := must(root.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{UserName: aws.String("janet")}))(t).ServiceSpecificCredentials
	if len(l) != 1 || aws.ToString(l[0].UserName) != "janet" || aws.ToString(l[0].ServiceUserName) != "jane-at-"+account {
		t.Errorf("after the rename: %+v", l)
	}
	all := must(root.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{AllUsers: aws.Bool(true)}))(t).ServiceSpecificCredentials
	if len(all) != 1 {
		t.Errorf("AllUsers: %+v", all)
	}
	_, err := root.ListServiceSpecificCredentials(ctx, &iam.ListServiceSpecificCredentialsInput{})
	wantError(t, err, apiError{"ValidationError", "Must specify userName when calling with non-User credentials", 400})
}

// TestServiceSpecificCredentialPermissions: the calls are authorized on
// the user, with the service's name as a condition key.
func TestServiceSpecificCredentialPermissions(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("jane")}))(t)
	admin := e.user(account, "admin")
	must(root.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String("admin"), PolicyName: aws.String("git"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateServiceSpecificCredential",` +
			`"Resource":"*","Condition":{"StringEquals":{"iam:ServiceSpecificCredentialServiceName":"codecommit.amazonaws.com"}}}]}`)}))(t)
	if _, err := admin.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("codecommit.amazonaws.com")}); err != nil {
		t.Errorf("allowed service: %v", err)
	}
	_, err := admin.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("bedrock.amazonaws.com")})
	wantError(t, err, apiError{"AccessDenied", "User: arn:aws:iam::" + account + ":user/admin is not authorized to perform: " +
		"iam:CreateServiceSpecificCredential on resource: user jane because no identity-based policy allows the iam:CreateServiceSpecificCredential action", 403})
}

// TestServiceSpecificSecretsAreNotRecorded: the secrets shown once by
// Create and Reset stay out of what the server records of the requests.
func TestServiceSpecificSecretsAreNotRecorded(t *testing.T) {
	rec := &amitytest.Recorder{}
	e := &env{Env: amitytest.New(t, amitytest.Audit(rec)), t: t}
	root := e.root(account)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("jane")}))(t)
	created := must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("codecommit.amazonaws.com")}))(t).ServiceSpecificCredential
	key := must(root.CreateServiceSpecificCredential(ctx, &iam.CreateServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceName: aws.String("bedrock.amazonaws.com")}))(t).ServiceSpecificCredential
	reset := must(root.ResetServiceSpecificCredential(ctx, &iam.ResetServiceSpecificCredentialInput{
		UserName: aws.String("jane"), ServiceSpecificCredentialId: created.ServiceSpecificCredentialId}))(t).ServiceSpecificCredential
	for _, op := range []string{"CreateServiceSpecificCredential", "ResetServiceSpecificCredential"} {
		for _, ev := range rec.Events(op) {
			out, err := json.Marshal(ev.Output())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(out), "ACCA") { // the answer is recorded, but for its secret
				t.Errorf("%s recorded %s", op, out)
			}
			for _, secret := range []*string{created.ServicePassword, key.ServiceCredentialSecret, reset.ServicePassword} {
				if strings.Contains(string(out), *secret) {
					t.Errorf("%s recorded a secret: %s", op, out)
				}
			}
		}
	}
}
