package sts_test

import (
	"testing"

	"github.com/amityhq/amity/internal/amitytest"
)

// TestMalformedRoleArn: a RoleArn that is no ARN is refused with
// ValidationError before anything else, for the root user (who may assume
// no role) as for a user; a well-formed ARN of something that is no role
// is refused like a role that does not exist.
func TestMalformedRoleArn(t *testing.T) {
	env := amitytest.New(t)
	callers := map[string]string{
		"root": "arn:aws:iam::" + acctA + ":root",
		"user": "arn:aws:iam::" + acctA + ":user/dev",
	}
	user := env.NewUser(t, acctA, "us-east-1", "dev", allowAssume)
	for _, arn := range []string{
		"nothing-valid-in-here",
		"arn::b:::something/test-role",
		"arn:a::::something/test-role",
		"arn:a:::something/test-role",
		"arn:a:a::aaaaaaaaaa:",
	} {
		for who := range callers {
			cfg := user
			if who == "root" {
				cfg = env.RootConfig(acctA, "us-east-1")
			}
			_, err := assume(cfg, arn)
			if code, msg, status := apiError(t, err); code != "ValidationError" || status != 400 || msg != arn+" is invalid" {
				t.Errorf("%s, %s: %s %d %q", who, arn, code, status, msg)
			}
		}
	}
	notRole := "arn:aws:iam::" + acctA + ":user/dev"
	_, err := assume(user, notRole)
	if code, msg, status := apiError(t, err); code != "AccessDenied" || status != 403 || msg != deniedMessage(callers["user"], notRole) {
		t.Errorf("a user's ARN: %s %d %q", code, status, msg)
	}
}
