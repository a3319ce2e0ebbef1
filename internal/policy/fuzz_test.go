package policy_test

import (
	"errors"
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

var fuzzKinds = []policy.Kind{policy.Identity, policy.Inline, policy.Trust, policy.Resource, policy.Key, policy.SCP, policy.Session}

// FuzzParse feeds arbitrary documents to the parser for every kind: it must
// return a policy or a *ValidationError, never panic or hang, and a policy
// it accepts must evaluate (with and without a trace) without panicking.
// The seed corpus is testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		for _, kind := range fuzzKinds {
			p, err := policy.Parse(kind, "fuzz", doc)
			if err != nil {
				var verr *policy.ValidationError
				if !errors.As(err, &verr) || verr.Message == "" {
					t.Fatalf("Parse(%s) returned %T %v", kind, err, err)
				}
				continue
			}
			for _, req := range fuzzRequests() {
				ps := &policy.Policies{Identity: []*policy.Policy{p}}
				if kind == policy.Key || kind == policy.Trust || kind == policy.Resource {
					ps = &policy.Policies{Mode: policy.ResourcePolicyRequired, Resource: p}
				}
				var tr policy.Trace
				if policy.Evaluate(req, ps, &tr) != policy.Evaluate(req, ps, nil) {
					t.Fatalf("traced and untraced decisions differ for %s", doc)
				}
			}
		}
	})
}

func fuzzRequests() []*policy.Request {
	c := ctx("aws:username", "alice", "aws:SourceIp", "203.0.113.7", "aws:CurrentTime", "2026-11-24T10:00:00Z",
		"kms:EncryptionContextKeys", []string{"aws:ebs:id"}, "kms:GrantIsForAWSResource", "true")
	return []*policy.Request{
		{Principal: user(acctA, "alice"), Action: "kms:Decrypt", Resource: keyARN, ResourceAccount: acctA, Context: c},
		{Principal: session(acctB, "r", "s"), Action: "s3:GetObject", Resource: "*", ResourceAccount: acctA, Context: c},
		{Principal: service("ec2.amazonaws.com"), Action: "sts:AssumeRole", Resource: "arn:aws:iam::111122223333:role/x", ResourceAccount: acctA},
	}
}

// FuzzEvaluate fuzzes the request against a fixed set of policies that use
// every operator family, wildcards and variables.
func FuzzEvaluate(f *testing.F) {
	ps := &policy.Policies{
		Mode:     policy.ResourcePolicyRequired,
		Resource: mustParse(f, policy.Key, seedKeyPolicy(`"arn:aws:iam::444455556666:root"`)),
		Identity: []*policy.Policy{mustParse(f, policy.Identity, `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Action":["kms:*","s3:Get?bject"],"Resource":"arn:aws:*:*:${aws:PrincipalAccount}:key/${aws:username, 'x'}*",
			 "Condition":{"ForAnyValue:StringLike":{"kms:EncryptionContextKeys":"aws:*"},"NumericLessThanIfExists":{"x:n":"10"},
			 "DateGreaterThan":{"aws:CurrentTime":"2020-01-01"},"IpAddressIfExists":{"aws:SourceIp":["10.0.0.0/8","::1/128"]},
			 "ArnLikeIfExists":{"aws:SourceArn":"arn:aws:ec2:*:*:instance/*"},"BoolIfExists":{"aws:SecureTransport":true},
			 "Null":{"x:absent":"true"},"BinaryEquals":{"x:bin":"YQ=="}}},
			{"Effect":"Deny","NotAction":"kms:*","NotResource":"arn:aws:s3:::${aws:username}/*"}]}`)},
	}
	f.Add("kms:Decrypt", keyARN, "alice", "aws:ebs:id", "5", "2026-11-24T00:00:00Z", "10.1.2.3", "YQ==")
	f.Fuzz(func(t *testing.T, action, resource, username, ctxKey, num, date, ip, bin string) {
		c := ctx("aws:username", username, "kms:EncryptionContextKeys", []string{ctxKey, username},
			"x:n", num, "aws:CurrentTime", date, "aws:SourceIp", ip, "x:bin", bin, "aws:PrincipalAccount", acctB)
		req := &policy.Request{Principal: user(acctB, username), Action: action, Resource: resource,
			ResourceAccount: acctA, Context: c}
		var tr policy.Trace
		d := policy.Evaluate(req, ps, &tr)
		if d != policy.Evaluate(req, ps, nil) {
			t.Fatal("traced and untraced decisions differ")
		}
		_ = d.Reason(action)
	})
}
