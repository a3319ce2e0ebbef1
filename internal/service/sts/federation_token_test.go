package sts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
)

// allowFederation lets a user federate and use KMS key listing.
const allowFederation = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetFederationToken","kms:ListKeys","kms:DescribeKey"],"Resource":"*"}]}`

const onlyListKeys = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*"}]}`

func federate(cfg aws.Config, name string, opts ...func(*sts.GetFederationTokenInput)) (*sts.GetFederationTokenOutput, error) {
	in := &sts.GetFederationTokenInput{Name: aws.String(name)}
	for _, o := range opts {
		o(in)
	}
	return sts.NewFromConfig(cfg).GetFederationToken(context.Background(), in)
}

func withPolicy(doc string) func(*sts.GetFederationTokenInput) {
	return func(in *sts.GetFederationTokenInput) { in.Policy = aws.String(doc) }
}

func federatedConfig(env *amitytest.Env, out *sts.GetFederationTokenOutput) aws.Config {
	c := out.Credentials
	return env.Config(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken, "us-east-1")
}

// packedSize is the output's PackedPolicySize, which AWS still returns.
func packedSize(out *sts.GetFederationTokenOutput) *int32 {
	//lint:ignore SA1019 GetFederationToken still returns PackedPolicySize
	return out.PackedPolicySize
}

func listKeys(cfg aws.Config) error {
	_, err := kms.NewFromConfig(cfg).ListKeys(context.Background(), &kms.ListKeysInput{})
	return err
}

// TestGetFederationToken: the federated user's identity, and permissions
// that are the intersection of the user's and the session policies.
func TestGetFederationToken(t *testing.T) {
	env := amitytest.New(t)
	user := env.NewUser(t, acctA, "us-east-1", "broker", allowFederation)
	fedARN := "arn:aws:sts::" + acctA + ":federated-user/Bob"

	out, err := federate(user, "Bob", withPolicy(onlyListKeys))
	if err != nil {
		t.Fatal(err)
	}
	if size := packedSize(out); *out.FederatedUser.Arn != fedARN || *out.FederatedUser.FederatedUserId != acctA+":Bob" ||
		!strings.HasPrefix(*out.Credentials.AccessKeyId, "ASIA") || size == nil || *size <= 0 {
		t.Errorf("output = %+v %v", out.FederatedUser, size)
	}
	if got := out.Credentials.Expiration.Sub(env.Clock.Now()).Round(time.Second); got != 12*time.Hour {
		t.Errorf("default duration %v, want 12h", got)
	}
	bob := federatedConfig(env, out)
	id, err := sts.NewFromConfig(bob).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != fedARN || *id.UserId != acctA+":Bob" || *id.Account != acctA {
		t.Fatalf("GetCallerIdentity = %+v, %v", id, err)
	}
	if err := listKeys(bob); err != nil {
		t.Errorf("allowed by both the user's and the session policy: %v", err)
	}
	_, err = kms.NewFromConfig(bob).DescribeKey(context.Background(), &kms.DescribeKeyInput{KeyId: aws.String("alias/aws/ebs")})
	if code, msg, _ := apiError(t, err); code != "AccessDeniedException" || !strings.HasSuffix(msg, "because no session policy allows the kms:DescribeKey action") {
		t.Errorf("allowed by the user's policy only: %s %q", code, msg)
	}

	// Without a session policy the federated user has no permissions.
	out, err = federate(user, "Nobody")
	if err != nil {
		t.Fatal(err)
	}
	if size := packedSize(out); size == nil || *size != 0 {
		t.Errorf("PackedPolicySize without policies = %v, want 0", size)
	}
	if err := listKeys(federatedConfig(env, out)); err == nil {
		t.Error("a federated user without a session policy listed keys")
	}

	// A session policy grants nothing the user lacks.
	weak := env.NewUser(t, acctA, "us-east-1", "weak", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetFederationToken","Resource":"*"}]}`)
	out, err = federate(weak, "Carol", withPolicy(onlyListKeys))
	if err != nil {
		t.Fatal(err)
	}
	if err := listKeys(federatedConfig(env, out)); err == nil {
		t.Error("a session policy granted what the user lacks")
	}
}

// TestFederatedUserResourcePolicy: a resource policy naming the federated
// user grants it access beyond its session policies.
func TestFederatedUserResourcePolicy(t *testing.T) {
	env := amitytest.New(t)
	user := env.NewUser(t, acctA, "us-east-1", "broker", allowFederation)
	fedARN := "arn:aws:sts::" + acctA + ":federated-user/Bob"
	key, err := kms.NewFromConfig(env.RootConfig(acctA, "us-east-1")).CreateKey(context.Background(), &kms.CreateKeyInput{
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acctA + `:root"},"Action":"kms:*","Resource":"*"},` +
			`{"Effect":"Allow","Principal":{"AWS":"` + fedARN + `"},"Action":"kms:DescribeKey","Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	out, err := federate(user, "Bob", withPolicy(onlyListKeys))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kms.NewFromConfig(federatedConfig(env, out)).DescribeKey(context.Background(),
		&kms.DescribeKeyInput{KeyId: key.KeyMetadata.KeyId}); err != nil {
		t.Errorf("key policy naming the federated user: %v", err)
	}
}

// TestGetFederationTokenRefusals: who may not federate, and what a
// federated user may not call.
func TestGetFederationTokenRefusals(t *testing.T) {
	env := amitytest.New(t)
	plain := env.NewUser(t, acctA, "us-east-1", "plain")
	_, err := federate(plain, "Bob")
	want := "User: arn:aws:iam::" + acctA + ":user/plain is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::" + acctA + ":federated-user/Bob"
	if code, msg, status := apiError(t, err); code != "AccessDenied" || status != 403 || msg != want {
		t.Errorf("without permission: %s %d %q", code, status, msg)
	}

	// A role session allowed to federate is refused for being a session.
	role := createRole(t, env, acctA, "broker", trust(`{"AWS":"`+acctA+`"}`), "arn:aws:iam::aws:policy/AdministratorAccess")
	assumed, err := assume(env.NewUser(t, acctA, "us-east-1", "assumer", allowAssume), role)
	if err != nil {
		t.Fatal(err)
	}
	_, err = federate(sessionConfig(env, assumed, "us-east-1"), "Bob")
	if code, msg, status := apiError(t, err); code != "AccessDenied" || status != 403 || msg != "Cannot call GetFederationToken with session credentials" {
		t.Errorf("role session: %s %d %q", code, status, msg)
	}

	// The root user may federate, for an hour at most.
	out, err := federate(env.RootConfig(acctA, "us-east-1"), "RootFed", withPolicy(onlyListKeys),
		func(in *sts.GetFederationTokenInput) { in.DurationSeconds = aws.Int32(7200) })
	if err != nil {
		t.Fatalf("root: %v", err)
	}
	if got := out.Credentials.Expiration.Sub(env.Clock.Now()).Round(time.Second); got != time.Hour {
		t.Errorf("root's federated session lasts %v, want 1h", got)
	}
	rootFed := federatedConfig(env, out)
	if err := listKeys(rootFed); err != nil {
		t.Errorf("root's federated user within its session policy: %v", err)
	}

	// A federated user may call no IAM operation and no STS operation but
	// GetCallerIdentity.
	_, err = iam.NewFromConfig(rootFed).ListUsers(context.Background(), &iam.ListUsersInput{})
	if code, msg, status := apiError(t, err); code != "InvalidClientTokenId" || status != 403 || msg != "The security token included in the request is invalid" {
		t.Errorf("IAM: %s %d %q", code, status, msg)
	}
	_, err = sts.NewFromConfig(rootFed).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != "Cannot call GetSessionToken with session credentials" {
		t.Errorf("GetSessionToken: %s %q", code, msg)
	}
	_, err = assume(rootFed, role)
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != deniedMessage("arn:aws:sts::"+acctA+":federated-user/RootFed", role) {
		t.Errorf("AssumeRole: %s %q", code, msg)
	}

	// The session expires (signed at amity's clock, which has moved).
	out, err = federate(env.RootConfig(acctA, "us-east-1"), "Brief",
		func(in *sts.GetFederationTokenInput) { in.DurationSeconds = aws.Int32(900) })
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(901 * time.Second)
	c := out.Credentials
	creds := aws.Credentials{AccessKeyID: *c.AccessKeyId, SecretAccessKey: *c.SecretAccessKey, SessionToken: *c.SessionToken}
	status, body := env.PostForm(t, creds, "sts", "us-east-1", "Action=GetCallerIdentity&Version=2011-06-15")
	if status != 403 || !strings.Contains(body, "<Code>ExpiredToken</Code>") {
		t.Errorf("after its 900 seconds: %d %s", status, body)
	}
}

// TestGetSessionTokenCredentialsRefusedByIAM: IAM refuses a user's
// GetSessionToken credentials (without MFA) as an invalid token.
func TestGetSessionTokenCredentialsRefusedByIAM(t *testing.T) {
	env := amitytest.New(t)
	user := env.NewUser(t, acctA, "us-east-1", "u", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}`)
	out, err := sts.NewFromConfig(user).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	_, err = iam.NewFromConfig(env.Config(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken, "us-east-1")).
		ListUsers(context.Background(), &iam.ListUsersInput{})
	if code, msg, status := apiError(t, err); code != "InvalidClientTokenId" || status != 403 || msg != "The security token included in the request is invalid" {
		t.Errorf("%s %d %q", code, status, msg)
	}
}

// TestFederationSessionTags: session tags join the user's tags as the
// federated user's principal tags; passing them needs sts:TagSession.
func TestFederationSessionTags(t *testing.T) {
	env := amitytest.New(t)
	root := iam.NewFromConfig(env.RootConfig(acctA, "us-east-1"))
	broker := env.NewUser(t, acctA, "us-east-1", "broker", `{"Version":"2012-10-17","Statement":[`+
		`{"Effect":"Allow","Action":["sts:GetFederationToken","sts:TagSession"],"Resource":"*"},`+
		`{"Effect":"Allow","Action":"kms:ListKeys","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue","aws:PrincipalTag/site":"paris"}}}]}`)
	if _, err := root.TagUser(context.Background(), &iam.TagUserInput{UserName: aws.String("broker"),
		Tags: []iamtypes.Tag{{Key: aws.String("site"), Value: aws.String("paris")}, {Key: aws.String("Team"), Value: aws.String("red")}}}); err != nil {
		t.Fatal(err)
	}
	withTags := func(team string) func(*sts.GetFederationTokenInput) {
		return func(in *sts.GetFederationTokenInput) { in.Tags = tags("TEAM", team) }
	}
	for team, allowed := range map[string]bool{"blue": true, "green": false} {
		out, err := federate(broker, "Bob", withPolicy(onlyListKeys), withTags(team))
		if err != nil {
			t.Fatal(err)
		}
		if err := listKeys(federatedConfig(env, out)); (err == nil) != allowed {
			t.Errorf("session tag team=%s: %v, want allowed %v", team, err, allowed)
		}
	}
	plain := env.NewUser(t, acctA, "us-east-1", "plain", allowFederation)
	_, err := federate(plain, "Bob", withTags("blue"))
	want := "User: arn:aws:iam::" + acctA + ":user/plain is not authorized to perform: sts:TagSession on resource: arn:aws:sts::" + acctA + ":federated-user/Bob"
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != want {
		t.Errorf("without sts:TagSession: %s %q", code, msg)
	}
	_, err = federate(broker, "Bob", func(in *sts.GetFederationTokenInput) { in.Tags = tags("a", "1", "A", "2") })
	if code, _, _ := apiError(t, err); code != "InvalidParameterValue" {
		t.Errorf("duplicate keys: %v", err)
	}
}
