package sts_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/store"
)

// records counts what the store holds, in every table a session could
// have been written to.
func records(t *testing.T, env *amitytest.Env) int {
	t.Helper()
	n := 0
	err := env.App.Dir.Store.View(context.Background(), func(tx store.Tx) error {
		for _, table := range []string{"credentials", "credentials.user", "credentials.last-used"} {
			err := tx.Scan(table, "", "", func(string, []byte) (bool, error) { n++; return true, nil })
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSessionsTakeNoSpace: a steady AssumeRole load leaves the store as it
// was; every session works all the same.
func TestSessionsTakeNoSpace(t *testing.T) {
	env := amitytest.New(t)
	role := createRole(t, env, acctA, "worker", trust(`{"AWS":"`+acctA+`"}`))
	caller := env.NewUser(t, acctA, "us-east-1", "caller", allowAssume)
	session := func() {
		t.Helper()
		out, err := assume(caller, role)
		if err != nil {
			t.Fatal(err)
		}
		id, err := sts.NewFromConfig(sessionConfig(env, out, "us-east-1")).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		if err != nil || *id.Arn != "arn:aws:sts::"+acctA+":assumed-role/worker/s1" {
			t.Fatalf("session: %v %v", id, err)
		}
	}
	flush := func() {
		t.Helper()
		if _, err := env.App.Identities.FlushUses(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	session() // the caller's key and the role get their last use
	flush()
	before := records(t, env)
	for range 50 {
		session()
	}
	flush()
	if after := records(t, env); after != before {
		t.Errorf("50 sessions added %d records", after-before)
	}
}

// TestDeletingAUserEndsItsSessions: the GetSessionToken credentials of a
// deleted user are refused, even once a user of the same name exists again.
func TestDeletingAUserEndsItsSessions(t *testing.T) {
	env := amitytest.New(t)
	ctx := context.Background()
	user := env.NewUser(t, acctA, "us-east-1", "leaver")
	out, err := sts.NewFromConfig(user).GetSessionToken(ctx, &sts.GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	session := sts.NewFromConfig(env.Config(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken, "us-east-1"))
	if _, err := session.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	root := iam.NewFromConfig(env.RootConfig(acctA, "us-east-1"))
	keyID, err := user.Credentials.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := root.DeleteAccessKey(ctx, &iam.DeleteAccessKeyInput{UserName: aws.String("leaver"), AccessKeyId: aws.String(keyID.AccessKeyID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("leaver")}); err != nil {
		t.Fatal(err)
	}
	if _, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("leaver")}); err != nil {
		t.Fatal(err)
	}
	_, err = session.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if code, msg, status := apiError(t, err); code != "InvalidClientTokenId" || status != 403 ||
		msg != "The security token included in the request is invalid." {
		t.Errorf("session of a deleted user: %s %q %d", code, msg, status)
	}
}
