package doctor_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsaccount "github.com/aws/aws-sdk-go-v2/service/account"
	awsct "github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/doctor"
)

const (
	acctA  = "111122223333"
	acctB  = "444455556666"
	region = "eu-west-1"
)

func ctx() context.Context { return context.Background() }

func must[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// settled waits for an instance to leave its transitional states.
func settled(t testing.TB, c *awsec2.Client, id string) ec2types.Instance {
	t.Helper()
	for range 2000 {
		out := must(c.DescribeInstances(ctx(), &awsec2.DescribeInstancesInput{InstanceIds: []string{id}}))(t)
		inst := out.Reservations[0].Instances[0]
		switch inst.State.Name {
		case ec2types.InstanceStateNamePending, ec2types.InstanceStateNameStopping, ec2types.InstanceStateNameShuttingDown:
			time.Sleep(time.Millisecond)
			continue
		}
		return inst
	}
	t.Fatalf("instance %s never settled", id)
	return ec2types.Instance{}
}

// launch runs an instance of the public Amazon Linux image in account,
// its root volume encrypted under key, and returns its id once settled.
func launch(t testing.TB, c *awsec2.Client, key string) (string, ec2types.Instance) {
	t.Helper()
	ami := must(c.DescribeImages(ctx(), &awsec2.DescribeImagesInput{Owners: []string{"amazon"},
		Filters: []ec2types.Filter{{Name: aws.String("name"), Values: []string{"al2023-ami-2023*-x86_64"}}}}))(t).Images[0].ImageId
	out := must(c.RunInstances(ctx(), &awsec2.RunInstancesInput{ImageId: ami, MinCount: aws.Int32(1), MaxCount: aws.Int32(1),
		BlockDeviceMappings: []ec2types.BlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"),
			Ebs: &ec2types.EbsBlockDevice{Encrypted: aws.Bool(true), KmsKeyId: aws.String(key)}}}}))(t)
	id := *out.Instances[0].InstanceId
	return id, settled(t, c, id)
}

// applyFirstFix runs the first fix's commands with the AWS CLI as each
// command's account's root, or as the principal it names.
func applyFirstFix(t *testing.T, env *amitytest.Env, r *doctor.Report) {
	t.Helper()
	applyFix(t, env, r, 0)
}

// applyFix runs the commands of fix n.
func applyFix(t *testing.T, env *amitytest.Env, r *doctor.Report, n int) {
	t.Helper()
	if len(r.Fixes) <= n {
		t.Fatalf("no fix %d for %s (%+v)", n, r.Resource, r.Cause)
	}
	for _, c := range r.Fixes[n].Commands {
		creds := aws.Credentials{AccessKeyID: c.Account, SecretAccessKey: "test"}
		if c.As != "" {
			creds = userCredentials(t, env, c.As)
		}
		if len(c.Argv) > 2 && c.Argv[1] == "account" && c.Argv[2] == "enable-region" && !cliHasEnableRegion(t, env) {
			// The AWS CLI v2 before 2.13 (Debian's 2.9.19) lacks the
			// command: the SDK makes the same call.
			must(awsaccount.NewFromConfig(env.RootConfig(c.Account, c.Region)).EnableRegion(ctx(),
				&awsaccount.EnableRegionInput{RegionName: aws.String(c.Argv[len(c.Argv)-1])}))(t)
			continue
		}
		if out, err := env.CLIAs(t, creds, c.Region, c.Argv...); err != nil {
			t.Fatalf("fix command %s: %v\n%s", strings.Join(c.Argv, " "), err, out)
		}
	}
}

// userCredentials makes an access key for the IAM user arn names.
func userCredentials(t *testing.T, env *amitytest.Env, arn string) aws.Credentials {
	t.Helper()
	account, name, ok := strings.Cut(strings.TrimPrefix(arn, "arn:aws:iam::"), ":user/")
	if !ok {
		t.Fatalf("a fix runs as %s, not an IAM user", arn)
	}
	key := must(awsiam.NewFromConfig(env.RootConfig(account, "us-east-1")).CreateAccessKey(ctx(),
		&awsiam.CreateAccessKeyInput{UserName: aws.String(name[strings.LastIndexByte(name, '/')+1:])}))(t).AccessKey
	return aws.Credentials{AccessKeyID: *key.AccessKeyId, SecretAccessKey: *key.SecretAccessKey}
}

// cliHasEnableRegion reports whether the installed AWS CLI has `aws
// account enable-region`.
func cliHasEnableRegion(t *testing.T, env *amitytest.Env) bool {
	out, err := env.CLI(t, acctA, "us-east-1", "account", "enable-region", "help")
	return err == nil || !strings.Contains(out, "Invalid choice")
}

// TestDoctorS6 explains seed 004's stopped instance — the starting user
// lacks kms:CreateGrant, the key policy letting IAM decide — with both of
// AWS_TEXTS.md's fixes, least privilege first; the first, applied with the
// AWS CLI, makes the next start succeed.
func TestDoctorS6(t *testing.T) {
	env := amitytest.New(t)
	admin := awsec2.NewFromConfig(env.RootConfig(acctA, region))
	key := *must(awskms.NewFromConfig(env.RootConfig(acctA, region)).CreateKey(ctx(), &awskms.CreateKeyInput{}))(t).KeyMetadata.Arn
	id, _ := launch(t, admin, key)
	must(admin.StopInstances(ctx(), &awsec2.StopInstancesInput{InstanceIds: []string{id}}))(t)
	settled(t, admin, id)
	user := awsec2.NewFromConfig(env.NewUser(t, acctA, region, "test", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`))
	start := func() ec2types.Instance {
		must(user.StartInstances(ctx(), &awsec2.StartInstancesInput{InstanceIds: []string{id}}))(t)
		return settled(t, user, id)
	}
	if inst := start(); inst.State.Name != ec2types.InstanceStateNameStopped {
		t.Fatalf("the start: %s", inst.State.Name)
	}
	root := env.Request(t, env.RootConfig(acctA, region))
	env.App.Failures.Flush()
	r := must(env.App.Doctor.Explain(ctx(), root, doctor.KindInstance, id))(t)
	if !r.Failed || r.Cause == nil || r.Cause.ID != "principal-lacks-create-grant" || len(r.Fixes) != 2 ||
		!strings.Contains(r.Cause.Summary, "arn:aws:iam::"+acctA+":user/test lacks kms:CreateGrant on key "+key) {
		t.Fatalf("report = %+v, cause %+v", r, r.Cause)
	}
	if got := r.Fixes[0].Commands[0].Argv[:3]; strings.Join(got, " ") != "aws iam put-user-policy" {
		t.Errorf("first fix = %v, want the identity policy (least privilege)", r.Fixes[0].Commands)
	}
	if len(r.Statements) == 0 {
		t.Errorf("no statements: %+v", r)
	}
	// The CloudTrail event of the refused CreateGrant explains the same.
	events := must(awsct.NewFromConfig(env.RootConfig(acctA, region)).LookupEvents(ctx(), &awsct.LookupEventsInput{
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventName, AttributeValue: aws.String("CreateGrant")}}}))(t)
	if len(events.Events) == 0 {
		t.Fatal("no CreateGrant event")
	}
	byEvent := must(env.App.Doctor.Explain(ctx(), root, doctor.KindEvent, *events.Events[0].EventId))(t)
	if !byEvent.Failed || byEvent.Cause == nil || byEvent.Cause.ID != r.Cause.ID {
		t.Errorf("doctor event %s: %+v", *events.Events[0].EventId, byEvent)
	}
	applyFirstFix(t, env, r)
	if inst := start(); inst.State.Name != ec2types.InstanceStateNameRunning {
		t.Fatalf("after the fix: %s %+v", inst.State.Name, inst.StateReason)
	}
	ok := must(env.App.Doctor.Explain(ctx(), root, doctor.KindInstance, id))(t)
	if ok.Failed {
		t.Errorf("a running instance reported failed: %+v", ok)
	}
}

// TestFailuresHoldNoSecret: a refused Encrypt is kept with its trace, and
// neither its plaintext nor the plaintext of an allowed one is anywhere
// in the data directory, in clear or in base64.
func TestFailuresHoldNoSecret(t *testing.T) {
	env := amitytest.New(t, amitytest.InDir(t.TempDir()))
	key := *must(awskms.NewFromConfig(env.RootConfig(acctA, region)).CreateKey(ctx(), &awskms.CreateKeyInput{}))(t).KeyMetadata.Arn
	user := awskms.NewFromConfig(env.NewUser(t, acctA, region, "dev"))
	refusedSecret := []byte("refused-plaintext-7f3a9c1e")
	if _, err := user.Encrypt(ctx(), &awskms.EncryptInput{KeyId: &key, Plaintext: refusedSecret}); err == nil {
		t.Fatal("a user without permissions encrypted")
	}
	allowedSecret := []byte("allowed-plaintext-2b8d4e6f")
	must(awskms.NewFromConfig(env.RootConfig(acctA, region)).Encrypt(ctx(), &awskms.EncryptInput{KeyId: &key, Plaintext: allowedSecret}))(t)
	env.App.Failures.Flush()
	kept := must(env.App.Failures.Recent(ctx(), acctA, region, time.Time{}))(t)
	if len(kept) != 1 || kept[0].Operation != "Encrypt" || len(kept[0].Denials) != 1 || kept[0].Denials[0].Trace == nil {
		t.Fatalf("kept failures: %+v", kept)
	}
	if err := env.App.CloudTrail.Flush(ctx()); err != nil { // the records are written too
		t.Fatal(err)
	}
	err := filepath.WalkDir(env.DataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range [][]byte{refusedSecret, allowedSecret} {
			for _, form := range [][]byte{secret, []byte(base64.StdEncoding.EncodeToString(secret))} {
				if bytes.Contains(raw, form) {
					t.Errorf("%s holds %q", path, form)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDoctorMissingPermission: a user refused kms:CreateKey for want of
// an identity-based policy is told so, and the fix allows that action
// alone; after it the call succeeds.
func TestDoctorMissingPermission(t *testing.T) {
	env := amitytest.New(t)
	user := awskms.NewFromConfig(env.NewUser(t, acctA, region, "dev"))
	_, err := user.CreateKey(ctx(), &awskms.CreateKeyInput{})
	if err == nil {
		t.Fatal("a user without permissions created a key")
	}
	env.App.Failures.Flush()
	reports := must(env.App.Doctor.Recent(ctx(), env.Request(t, env.RootConfig(acctA, region)), time.Time{}))(t)
	if len(reports) != 1 || reports[0].Cause == nil || reports[0].Cause.ID != "principal-lacks-permission" {
		t.Fatalf("reports: %+v", reports)
	}
	fix := reports[0].Fixes[0]
	if doc := string(fix.Documents["identityPolicy"]); doc != `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:CreateKey","Resource":"*"}]}` {
		t.Errorf("the fix's policy: %s", doc)
	}
	applyFirstFix(t, env, reports[0])
	must(user.CreateKey(ctx(), &awskms.CreateKeyInput{}))(t)
}
