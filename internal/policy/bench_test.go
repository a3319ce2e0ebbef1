package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/policy"
)

// BenchmarkSeedKeyPolicy is one KMS decision on the seeds' key policy: a
// cross-account user whose KmsKeyUsagePolicy and the key policy both allow a
// CreateGrant made by EC2 on its behalf. Target: < 1 µs, 0 allocations.
func BenchmarkSeedKeyPolicy(b *testing.B) {
	key := mustParse(b, policy.Key, seedKeyPolicy(`"arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:user/UserA"`))
	id := mustParse(b, policy.Identity, kmsKeyUsagePolicy(keyARN, "true"))
	ps := &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: key, Identity: []*policy.Policy{id}}
	req := &policy.Request{Principal: user(acctB, "launcher"), Action: "kms:CreateGrant", Resource: keyARN,
		ResourceAccount: acctA, Context: kmsCtx(acctB, true, true)}
	if !policy.Evaluate(req, ps, nil).Allowed() {
		b.Fatal("benchmark request is denied")
	}
	b.ReportAllocs()
	for b.Loop() {
		policy.Evaluate(req, ps, nil)
	}
}

// BenchmarkAWSManagedKeyDenied is a denial on the aws/ebs key policy:
// every statement is examined.
func BenchmarkAWSManagedKeyDenied(b *testing.B) {
	key := mustParse(b, policy.Key, awsdata.AWSManagedKeyPolicy(acctA, "us-east-1"))
	ps := &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: key}
	req := &policy.Request{Principal: user(acctA, "alice"), Action: "kms:Encrypt", Resource: keyARN,
		ResourceAccount: acctA, Context: kmsCtx(acctA, false, false)}
	b.ReportAllocs()
	for b.Loop() {
		policy.Evaluate(req, ps, nil)
	}
}

// BenchmarkIdentityPolicy50 evaluates a 50-statement identity policy whose
// only matching statement is the last one, with a condition per statement.
// Target: < 5 µs.
func BenchmarkIdentityPolicy50(b *testing.B) {
	var sts []string
	for i := 0; i < 49; i++ {
		sts = append(sts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":["ec2:Describe%d*","s3:Get%d"],
			"Resource":"arn:aws:s3:::bucket%d/*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}`, i, i, i, i))
	}
	sts = append(sts, `{"Sid":"Last","Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:*:111122223333:key/*",
		"Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"},"Bool":{"aws:SecureTransport":"true"}}}`)
	id := mustParse(b, policy.Identity, `{"Version":"2012-10-17","Statement":[`+strings.Join(sts, ",")+`]}`)
	ps := &policy.Policies{Identity: []*policy.Policy{id}}
	req := &policy.Request{Principal: user(acctA, "alice"), Action: "kms:Decrypt", Resource: keyARN, ResourceAccount: acctA,
		Context: ctx("aws:RequestedRegion", "us-east-1", "aws:SecureTransport", "true")}
	if !policy.Evaluate(req, ps, nil).Allowed() {
		b.Fatal("benchmark request is denied")
	}
	b.ReportAllocs()
	for b.Loop() {
		policy.Evaluate(req, ps, nil)
	}
}

// BenchmarkParseKeyPolicy compiles the seeds' key policy: done once per
// policy version, not per request.
func BenchmarkParseKeyPolicy(b *testing.B) {
	doc := seedKeyPolicy(`"arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Parse(policy.Key, "key", doc); err != nil {
			b.Fatal(err)
		}
	}
}
