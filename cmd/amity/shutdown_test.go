package main

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestSIGTERMShutsDownCleanly: amity exits 0 on SIGTERM, and its data
// directory opens again with what it held, pending last uses included.
func TestSIGTERMShutsDownCleanly(t *testing.T) {
	dir := t.TempDir()
	p := startAmity(t, dir)
	ctx := context.Background()
	client := iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("kept")}); err != nil {
		t.Fatal(err)
	}
	key, err := client.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("kept")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sts.NewFromConfig(p.config(*key.AccessKey.AccessKeyId, *key.AccessKey.SecretAccessKey)).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{}); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("amity exited with %v after SIGTERM", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("amity did not exit after SIGTERM")
	}
	p = startAmity(t, dir)
	client = iam.NewFromConfig(p.config("111122223333", "test"))
	if _, err := client.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("kept")}); err != nil {
		t.Errorf("after a clean restart: %v", err)
	}
	// The key's last use, held in memory, was written at shutdown.
	last, err := client.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: key.AccessKey.AccessKeyId})
	if err != nil || aws.ToString(last.AccessKeyLastUsed.ServiceName) != "sts" {
		t.Errorf("last use after a clean restart: %+v, %v", last, err)
	}
}
