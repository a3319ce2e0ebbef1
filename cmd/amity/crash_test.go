package main

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// written is one acknowledged unit of the write load: a user with an
// access key, a role and a managed policy.
type written struct {
	n             int
	keyID, secret string
}

const crashAccount = "111122223333"

const crashTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const crashPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`

// writeLoad creates users, keys, roles and policies until an error (the
// kill), sending each acknowledged unit.
func writeLoad(client *iam.Client, acked chan<- written) {
	defer close(acked)
	ctx := context.Background()
	for n := 0; ; n++ {
		name := fmt.Sprintf("u%d", n)
		if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}); err != nil {
			return
		}
		key, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(name)})
		if err != nil {
			return
		}
		if _, err := client.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(fmt.Sprintf("r%d", n)),
			AssumeRolePolicyDocument: aws.String(crashTrust)}); err != nil {
			return
		}
		if _, err := client.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String(fmt.Sprintf("p%d", n)),
			PolicyDocument: aws.String(crashPolicy)}); err != nil {
			return
		}
		acked <- written{n: n, keyID: *key.AccessKey.AccessKeyId, secret: *key.AccessKey.SecretAccessKey}
	}
}

// TestKillNineKeepsAcknowledgedWrites kills amity with SIGKILL in the middle
// of a write load; after a restart every acknowledged user, access key,
// role and policy is there, and every key still signs requests.
func TestKillNineKeepsAcknowledgedWrites(t *testing.T) {
	dir := t.TempDir()
	p := startAmity(t, dir)
	acked := make(chan written, 1024)
	go writeLoad(iam.NewFromConfig(p.config(crashAccount, "test")), acked)
	time.Sleep(1500 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_, _ = p.cmd.Process.Wait()
	var all []written
	for w := range acked {
		all = append(all, w)
	}
	if len(all) == 0 {
		t.Fatal("no write was acknowledged before the kill")
	}
	t.Logf("%d units acknowledged before SIGKILL", len(all))

	p = startAmity(t, dir)
	ctx := context.Background()
	client := iam.NewFromConfig(p.config(crashAccount, "test"))
	for _, w := range all {
		if _, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String(fmt.Sprintf("u%d", w.n))}); err != nil {
			t.Errorf("user u%d: %v", w.n, err)
		}
		if _, err := client.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(fmt.Sprintf("r%d", w.n))}); err != nil {
			t.Errorf("role r%d: %v", w.n, err)
		}
		arn := fmt.Sprintf("arn:aws:iam::%s:policy/p%d", crashAccount, w.n)
		if _, err := client.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(arn)}); err != nil {
			t.Errorf("policy p%d: %v", w.n, err)
		}
		id, err := sts.NewFromConfig(p.config(w.keyID, w.secret)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil || *id.Arn != fmt.Sprintf("arn:aws:iam::%s:user/u%d", crashAccount, w.n) {
			t.Errorf("access key of u%d: %v", w.n, err)
		}
	}
}
