package sts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/amityhq/amity/internal/amitytest"
)

const (
	acctA = "111122223333"
	acctB = "444455556666"
)

func apiError(t *testing.T, err error) (code, message string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an AWS API error", err)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		status = re.HTTPStatusCode()
	}
	return ae.ErrorCode(), ae.ErrorMessage(), status
}

func trust(principal string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"sts:AssumeRole"}]}`
}

const allowAssume = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`

func createRole(t *testing.T, env *amitytest.Env, account, name, trustPolicy string, managed ...string) string {
	t.Helper()
	client := iam.NewFromConfig(env.RootConfig(account, "us-east-1"))
	out, err := client.CreateRole(context.Background(), &iam.CreateRoleInput{
		RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trustPolicy)})
	if err != nil {
		t.Fatalf("CreateRole %s: %v", name, err)
	}
	for _, arn := range managed {
		if _, err := client.AttachRolePolicy(context.Background(), &iam.AttachRolePolicyInput{
			RoleName: aws.String(name), PolicyArn: aws.String(arn)}); err != nil {
			t.Fatalf("AttachRolePolicy %s: %v", arn, err)
		}
	}
	return *out.Role.Arn
}

func assume(cfg aws.Config, roleARN string, opts ...func(*sts.AssumeRoleInput)) (*sts.AssumeRoleOutput, error) {
	in := &sts.AssumeRoleInput{RoleArn: aws.String(roleARN), RoleSessionName: aws.String("s1")}
	for _, o := range opts {
		o(in)
	}
	return sts.NewFromConfig(cfg).AssumeRole(context.Background(), in)
}

func sessionConfig(env *amitytest.Env, out *sts.AssumeRoleOutput, region string) aws.Config {
	c := out.Credentials
	return env.Config(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken, region)
}

func deniedMessage(caller, role string) string {
	return "User: " + caller + " is not authorized to perform: sts:AssumeRole on resource: " + role
}

func TestAssumeRoleSameAccount(t *testing.T) {
	env := amitytest.New(t)
	alice := env.NewUser(t, acctA, "us-east-1", "alice")
	aliceARN := "arn:aws:iam::" + acctA + ":user/alice"
	named := createRole(t, env, acctA, "named", trust(`{"AWS":"`+aliceARN+`"}`))
	delegated := createRole(t, env, acctA, "delegated", trust(`{"AWS":"`+acctA+`"}`))

	// A trust policy naming the user allows on its own.
	out, err := assume(alice, named)
	if err != nil {
		t.Fatalf("AssumeRole named: %v", err)
	}
	if got, want := *out.AssumedRoleUser.Arn, "arn:aws:sts::"+acctA+":assumed-role/named/s1"; got != want {
		t.Errorf("AssumedRoleUser.Arn = %s, want %s", got, want)
	}
	if !strings.HasPrefix(*out.AssumedRoleUser.AssumedRoleId, "AROA") || !strings.HasSuffix(*out.AssumedRoleUser.AssumedRoleId, ":s1") {
		t.Errorf("AssumedRoleId = %s", *out.AssumedRoleUser.AssumedRoleId)
	}
	id, err := sts.NewFromConfig(sessionConfig(env, out, "us-east-1")).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity as the session: %v", err)
	}
	if *id.Arn != *out.AssumedRoleUser.Arn || *id.UserId != *out.AssumedRoleUser.AssumedRoleId || *id.Account != acctA {
		t.Errorf("session identity = %s %s %s", *id.Arn, *id.UserId, *id.Account)
	}

	// The session's use is its role's: GetRole shows it (RoleLastUsed); a
	// role never used shows an empty one.
	root := iam.NewFromConfig(env.RootConfig(acctA, "us-east-1"))
	got, err := root.GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String("named")})
	if err != nil || got.Role.RoleLastUsed == nil || aws.ToString(got.Role.RoleLastUsed.Region) != "us-east-1" ||
		got.Role.RoleLastUsed.LastUsedDate == nil {
		t.Errorf("RoleLastUsed of a used role = %+v, %v", got.Role.RoleLastUsed, err)
	}
	got, err = root.GetRole(context.Background(), &iam.GetRoleInput{RoleName: aws.String("delegated")})
	if err != nil || got.Role.RoleLastUsed == nil || got.Role.RoleLastUsed.LastUsedDate != nil {
		t.Errorf("RoleLastUsed of an unused role = %+v, %v", got.Role.RoleLastUsed, err)
	}

	// A trust policy naming the account delegates to the user's policies.
	_, err = assume(alice, delegated)
	code, msg, status := apiError(t, err)
	if code != "AccessDenied" || status != 403 || msg != deniedMessage(aliceARN, delegated) {
		t.Errorf("delegated without identity policy: %s %d %q", code, status, msg)
	}
	bob := env.NewUser(t, acctA, "us-east-1", "bob", allowAssume)
	if _, err := assume(bob, delegated); err != nil {
		t.Errorf("delegated with identity policy: %v", err)
	}

	// A role that does not exist is refused like a forbidden one.
	missing := "arn:aws:iam::" + acctA + ":role/missing"
	_, err = assume(bob, missing)
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != deniedMessage("arn:aws:iam::"+acctA+":user/bob", missing) {
		t.Errorf("missing role: %s %q", code, msg)
	}

	// Root may not assume roles.
	_, err = assume(env.RootConfig(acctA, "us-east-1"), named)
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != "Roles may not be assumed by root accounts." {
		t.Errorf("root: %s %q", code, msg)
	}
}

func TestAssumeRoleCrossAccount(t *testing.T) {
	env := amitytest.New(t)
	role := createRole(t, env, acctB, "cross", trust(`{"AWS":"arn:aws:iam::`+acctA+`:root"}`))
	other := createRole(t, env, acctB, "other", trust(`{"AWS":"arn:aws:iam::999988887777:root"}`))
	plain := env.NewUser(t, acctA, "us-east-1", "plain")
	allowed := env.NewUser(t, acctA, "us-east-1", "allowed", allowAssume)

	if _, err := assume(allowed, role); err != nil {
		t.Errorf("trust and identity policy: %v", err)
	}
	_, err := assume(plain, role)
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != deniedMessage("arn:aws:iam::"+acctA+":user/plain", role) {
		t.Errorf("trust only: %s %q", code, msg)
	}
	if _, err := assume(allowed, other); err == nil {
		t.Errorf("identity policy only: allowed")
	}
}

func TestAssumeRoleDurationsAndChaining(t *testing.T) {
	env := amitytest.New(t)
	first := createRole(t, env, acctA, "first", trust(`{"AWS":"`+acctA+`"}`), "arn:aws:iam::aws:policy/AdministratorAccess")
	second := createRole(t, env, acctA, "second", trust(`{"AWS":"`+acctA+`"}`))
	admin := env.NewUser(t, acctA, "us-east-1", "admin", allowAssume)

	_, err := assume(admin, first, func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(7200) })
	if code, msg, _ := apiError(t, err); code != "ValidationError" || msg != "The requested DurationSeconds exceeds the MaxSessionDuration set for this role." {
		t.Errorf("over MaxSessionDuration: %s %q", code, msg)
	}
	out, err := assume(admin, first)
	if err != nil {
		t.Fatal(err)
	}
	session := sessionConfig(env, out, "us-east-1")
	_, err = assume(session, second, func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(3601) })
	if code, msg, _ := apiError(t, err); code != "ValidationError" || msg != "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." {
		t.Errorf("chained over an hour: %s %q", code, msg)
	}
	if _, err := assume(session, second); err != nil {
		t.Errorf("chained within an hour: %v", err)
	}
}

func TestSessionPolicyLimits(t *testing.T) {
	env := amitytest.New(t)
	role := createRole(t, env, acctA, "admin", trust(`{"AWS":"`+acctA+`"}`), "arn:aws:iam::aws:policy/AdministratorAccess")
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssume)
	out, err := assume(caller, role, func(in *sts.AssumeRoleInput) {
		in.Policy = aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}`)
	})
	if err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 AssumeRole still returns PackedPolicySize
	if size := out.PackedPolicySize; size == nil || *size <= 0 {
		t.Errorf("PackedPolicySize = %v", size)
	}
	_, err = iam.NewFromConfig(sessionConfig(env, out, "us-east-1")).ListUsers(context.Background(), &iam.ListUsersInput{})
	want := "User: arn:aws:sts::" + acctA + ":assumed-role/admin/s1 is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::" + acctA + ":user/ because no session policy allows the iam:ListUsers action"
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != want {
		t.Errorf("session policy: %s %q\nwant %q", code, msg, want)
	}

	_, err = assume(caller, role, func(in *sts.AssumeRoleInput) { in.Policy = aws.String(`{"Version":"2012-10-17"}`) })
	if code, _, _ := apiError(t, err); code != "MalformedPolicyDocument" {
		t.Errorf("malformed session policy: %s", code)
	}
}

func TestExternalIDCondition(t *testing.T) {
	env := amitytest.New(t)
	role := createRole(t, env, acctA, "vendor", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+acctA+`"},
		"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"secret-42"}}}]}`)
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssume)
	if _, err := assume(caller, role); err == nil {
		t.Error("assumed without the external id")
	}
	if _, err := assume(caller, role, func(in *sts.AssumeRoleInput) { in.ExternalId = aws.String("secret-42") }); err != nil {
		t.Errorf("with the external id: %v", err)
	}
}

func TestSessionExpires(t *testing.T) {
	env := amitytest.New(t)
	role := createRole(t, env, acctA, "short", trust(`{"AWS":"`+acctA+`"}`))
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssume)
	out, err := assume(caller, role, func(in *sts.AssumeRoleInput) { in.DurationSeconds = aws.Int32(900) })
	if err != nil {
		t.Fatal(err)
	}
	creds := aws.Credentials{AccessKeyID: *out.Credentials.AccessKeyId, SecretAccessKey: *out.Credentials.SecretAccessKey,
		SessionToken: *out.Credentials.SessionToken}
	form := "Action=GetCallerIdentity&Version=2011-06-15"
	if status, body := env.PostForm(t, creds, "sts", "us-east-1", form); status != 200 {
		t.Fatalf("fresh session: %d %s", status, body)
	}
	env.Clock.Advance(901 * time.Second)
	status, body := env.PostForm(t, creds, "sts", "us-east-1", form)
	if status != 403 || !strings.Contains(body, "<Code>ExpiredToken</Code>") ||
		!strings.Contains(body, "<Message>The security token included in the request is expired</Message>") {
		t.Errorf("expired session: %d %s", status, body)
	}
	wrong := creds
	wrong.SessionToken = "forged"
	env.Clock.Advance(-901 * time.Second)
	if status, body := env.PostForm(t, wrong, "sts", "us-east-1", form); status != 403 || !strings.Contains(body, "<Code>InvalidClientTokenId</Code>") {
		t.Errorf("forged token: %d %s", status, body)
	}
}

func TestGetSessionToken(t *testing.T) {
	env := amitytest.New(t)
	user := env.NewUser(t, acctA, "us-east-1", "u")
	out, err := sts.NewFromConfig(user).GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(*out.Credentials.AccessKeyId, "ASIA") {
		t.Errorf("key id %s", *out.Credentials.AccessKeyId)
	}
	c := out.Credentials
	id, err := sts.NewFromConfig(env.Config(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken, "us-east-1")).
		GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil || *id.Arn != "arn:aws:iam::"+acctA+":user/u" {
		t.Errorf("session of a user: %v %v", id, err)
	}
	_, err = sts.NewFromConfig(env.Config(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken, "us-east-1")).
		GetSessionToken(context.Background(), &sts.GetSessionTokenInput{})
	if code, msg, _ := apiError(t, err); code != "AccessDenied" || msg != "Cannot call GetSessionToken with session credentials" {
		t.Errorf("from a session: %s %q", code, msg)
	}
}
