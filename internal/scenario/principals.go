package scenario

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// freshAccount is a random 12-digit account id.
func freshAccount() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%012d", binary.BigEndian.Uint64(b[:])%1_000_000_000_000)
}

// globalRegion is where the global services — IAM, the Account API —
// are signed for, whatever Region a step names.
const globalRegion = "us-east-1"

func signingRegion(call, region string) string {
	service, _, _ := strings.Cut(call, " ")
	if service == "iam" || service == "account" {
		return globalRegion
	}
	return region
}

// config is the SDK configuration of a principal (a step's As) in a
// Region: an account's root signs with the convenience credentials (its
// id, secret "test"); a user with an access key the root creates for it
// once per run.
func (r *Run) config(ctx context.Context, as, region string) (aws.Config, error) {
	account, user, err := r.file.principal(as)
	if err != nil {
		return aws.Config{}, err
	}
	cfg := aws.Config{Region: region, BaseEndpoint: aws.String(r.opts.Endpoint), HTTPClient: r.opts.HTTPClient,
		Credentials: credentials.NewStaticCredentialsProvider(r.accounts[account], "test", "")}
	if user == "" {
		return cfg, nil
	}
	key := account + "/user/" + user
	if creds, ok := r.users[key]; ok {
		cfg.Credentials = creds
		return cfg, nil
	}
	root := cfg.Copy()
	root.Region = globalRegion
	out, err := iam.NewFromConfig(root).CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String(user)})
	if err != nil {
		return aws.Config{}, fmt.Errorf("an access key for %s: %w", key, err)
	}
	cfg.Credentials = credentials.NewStaticCredentialsProvider(*out.AccessKey.AccessKeyId, *out.AccessKey.SecretAccessKey, "")
	r.users[key] = cfg.Credentials
	return cfg, nil
}
