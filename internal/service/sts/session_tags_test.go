package sts_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	ststypes "github.com/aws/aws-sdk-go-v2/service/sts/types"

	"github.com/amityhq/amity/internal/amitytest"
)

// trustTagging trusts the account for AssumeRole and, under condition
// (a Condition element, or ""), for TagSession.
func trustTagging(condition string) string {
	tagging := `{"Effect":"Allow","Principal":{"AWS":"` + acctA + `"},"Action":"sts:TagSession"`
	if condition != "" {
		tagging += `,"Condition":` + condition
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + acctA + `"},"Action":"sts:AssumeRole"},` + tagging + `}]}`
}

const allowAssumeAndTag = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"*"}]}`

func tags(kv ...string) []ststypes.Tag {
	var out []ststypes.Tag
	for i := 0; i < len(kv); i += 2 {
		out = append(out, ststypes.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return out
}

func withTags(t []ststypes.Tag, transitive ...string) func(*sts.AssumeRoleInput) {
	return func(in *sts.AssumeRoleInput) { in.Tags, in.TransitiveTagKeys = t, transitive }
}

// putListUsersIf lets role list IAM users when condition holds.
func putListUsersIf(t *testing.T, env *amitytest.Env, role, condition string) {
	t.Helper()
	_, err := iam.NewFromConfig(env.RootConfig(acctA, "us-east-1")).PutRolePolicy(context.Background(), &iam.PutRolePolicyInput{
		RoleName: aws.String(role), PolicyName: aws.String("list"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","sts:AssumeRole","sts:TagSession"],"Resource":"*","Condition":` + condition + `}]}`)})
	if err != nil {
		t.Fatal(err)
	}
}

func listUsers(cfg aws.Config) error {
	_, err := iam.NewFromConfig(cfg).ListUsers(context.Background(), &iam.ListUsersInput{})
	return err
}

// TestSessionTagValidation: AWS's refusals of session tags, before the
// role's trust policy is consulted.
func TestSessionTagValidation(t *testing.T) {
	env := amitytest.New(t)
	role := createRole(t, env, acctA, "tagged", trustTagging(""))
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssumeAndTag)
	tests := []struct {
		name string
		opt  func(*sts.AssumeRoleInput)
		want string
	}{
		{"keys differing in case", withTags(tags("SessionTag1", "a", "sessiontag1", "b"), "sessiontag1"),
			"Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"transitive key not passed", withTags(tags("SessionTag1", "a"), "InvalidKey"),
			"The specified transitive tag key must be included in the requested tags."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assume(caller, role, tt.opt)
			if code, msg, status := apiError(t, err); code != "InvalidParameterValue" || status != 400 || msg != tt.want {
				t.Errorf("%s %d %q", code, status, msg)
			}
		})
	}
	// Transitive keys name tags without regard to case.
	if _, err := assume(caller, role, withTags(tags("SessionTag1", "a"), "sessiontag1")); err != nil {
		t.Errorf("transitive key in another case: %v", err)
	}
}

// TestTagSessionPermission: passing tags needs sts:TagSession, which the
// trust policy can limit by the tags' keys and values.
func TestTagSessionPermission(t *testing.T) {
	env := amitytest.New(t)
	plain := createRole(t, env, acctA, "plain", trust(`{"AWS":"`+acctA+`"}`))
	limited := createRole(t, env, acctA, "limited", trustTagging(
		`{"StringEquals":{"aws:RequestTag/team":"blue"},"ForAllValues:StringEquals":{"sts:TransitiveTagKeys":["team"]}}`))
	keys := createRole(t, env, acctA, "keys", trustTagging(`{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost"]}}`))
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssumeAndTag)
	callerARN := "arn:aws:iam::" + acctA + ":user/caller"
	tagDenied := func(role string) string {
		return "User: " + callerARN + " is not authorized to perform: sts:TagSession on resource: " + role
	}

	if _, err := assume(caller, plain); err != nil {
		t.Fatalf("without tags: %v", err)
	}
	tests := []struct {
		name, role string
		opt        func(*sts.AssumeRoleInput)
		denied     bool
	}{
		{"trust without TagSession", plain, withTags(tags("team", "blue")), true},
		{"a value the condition refuses", limited, withTags(tags("team", "red")), true},
		{"a transitive key the condition refuses", limited, withTags(tags("team", "blue", "cost", "1"), "cost"), true},
		{"what the condition allows", limited, withTags(tags("team", "blue", "cost", "1"), "team"), false},
		{"a tag key the condition refuses", keys, withTags(tags("team", "blue", "owner", "x")), true},
		{"tag keys the condition allows", keys, withTags(tags("team", "blue", "cost", "1")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := assume(caller, tt.role, tt.opt)
			if !tt.denied {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if code, msg, status := apiError(t, err); code != "AccessDenied" || status != 403 || msg != tagDenied(tt.role) {
				t.Errorf("%s %d %q", code, status, msg)
			}
		})
	}
}

// TestSessionTagsChain: session tags are the session's principal tags;
// transitive ones pass to the next session of a chain, stay transitive
// and cannot be set again there.
func TestSessionTagsChain(t *testing.T) {
	env := amitytest.New(t)
	first := createRole(t, env, acctA, "first", trustTagging(""))
	second := createRole(t, env, acctA, "second", trustTagging(""))
	third := createRole(t, env, acctA, "third", trustTagging(""))
	// Each role may list users and assume the next only with project=apollo.
	for _, r := range []string{"first", "second", "third"} {
		putListUsersIf(t, env, r, `{"StringEquals":{"aws:PrincipalTag/Project":"apollo"}}`)
	}
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssumeAndTag)

	out, err := assume(caller, first, withTags(tags("project", "gemini")))
	if err != nil {
		t.Fatal(err)
	}
	if err := listUsers(sessionConfig(env, out, "us-east-1")); err == nil {
		t.Error("project=gemini listed users")
	}
	out, err = assume(caller, first, withTags(tags("project", "apollo", "team", "blue"), "PROJECT"))
	if err != nil {
		t.Fatal(err)
	}
	firstSession := sessionConfig(env, out, "us-east-1")
	if err := listUsers(firstSession); err != nil {
		t.Errorf("project=apollo: %v", err)
	}

	// The transitive tag passes on; the other does not.
	out, err = assume(firstSession, second)
	if err != nil {
		t.Fatal(err)
	}
	secondSession := sessionConfig(env, out, "us-east-1")
	if err := listUsers(secondSession); err != nil {
		t.Errorf("second session without the inherited tag: %v", err)
	}
	putListUsersIf(t, env, "third", `{"StringEquals":{"aws:PrincipalTag/team":"blue"}}`)
	out, err = assume(secondSession, third)
	if err != nil {
		t.Fatal(err)
	}
	if err := listUsers(sessionConfig(env, out, "us-east-1")); err == nil {
		t.Error("a tag not transitive reached the third session")
	}

	// An inherited transitive tag cannot be set again, in any case.
	for _, key := range []string{"project", "Project"} {
		_, err := assume(secondSession, third, withTags(tags(key, "gemini")))
		want := "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session."
		if code, msg, status := apiError(t, err); code != "InvalidParameterValue" || status != 400 || msg != want {
			t.Errorf("override %s: %s %d %q", key, code, status, msg)
		}
	}
}
