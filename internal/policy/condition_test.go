package policy_test

import (
	"testing"

	"github.com/amityhq/amity/internal/policy"
)

// conditionHolds evaluates an identity policy whose only statement allows
// everything under the given Condition block.
func conditionHolds(t *testing.T, condition string, c policy.Keys) bool {
	t.Helper()
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":` + condition + `}]}`
	p := mustParse(t, policy.Identity, doc)
	req := &policy.Request{Principal: user(acctA, "alice"), Action: "s3:GetObject",
		Resource: "arn:aws:s3:::bucket/key", ResourceAccount: acctA, Context: c}
	return policy.Evaluate(req, &policy.Policies{Identity: []*policy.Policy{p}}, nil).Allowed()
}

func TestConditionOperators(t *testing.T) {
	tests := []struct {
		name      string
		condition string
		ctx       policy.Keys
		want      bool
	}{
		// String operators: values case-sensitive, keys not.
		{"StringEquals match", `{"StringEquals":{"aws:username":"alice"}}`, ctx("aws:username", "alice"), true},
		{"StringEquals case of value", `{"StringEquals":{"aws:username":"Alice"}}`, ctx("aws:username", "alice"), false},
		{"StringEquals key case-insensitive", `{"StringEquals":{"AWS:UserName":"alice"}}`, ctx("aws:username", "alice"), true},
		{"StringEquals values OR", `{"StringEquals":{"aws:username":["bob","alice"]}}`, ctx("aws:username", "alice"), true},
		{"StringEquals missing key", `{"StringEquals":{"aws:username":"alice"}}`, ctx(), false},
		{"StringEquals no wildcards", `{"StringEquals":{"aws:username":"a*"}}`, ctx("aws:username", "alice"), false},
		{"StringNotEquals differs", `{"StringNotEquals":{"aws:username":"bob"}}`, ctx("aws:username", "alice"), true},
		{"StringNotEquals equal", `{"StringNotEquals":{"aws:username":"alice"}}`, ctx("aws:username", "alice"), false},
		{"StringNotEquals several values: none equal", `{"StringNotEquals":{"aws:username":["bob","carol"]}}`, ctx("aws:username", "alice"), true},
		{"StringNotEquals several values: one equal", `{"StringNotEquals":{"aws:username":["bob","alice"]}}`, ctx("aws:username", "alice"), false},
		{"StringNotEquals missing key is true", `{"StringNotEquals":{"aws:username":"alice"}}`, ctx(), true},
		{"StringEqualsIgnoreCase", `{"StringEqualsIgnoreCase":{"aws:username":"ALICE"}}`, ctx("aws:username", "alice"), true},
		{"StringNotEqualsIgnoreCase", `{"StringNotEqualsIgnoreCase":{"aws:username":"ALICE"}}`, ctx("aws:username", "alice"), false},
		{"StringLike star", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "home/alice/x"), true},
		{"StringLike question", `{"StringLike":{"s3:prefix":"h?me"}}`, ctx("s3:prefix", "home"), true},
		{"StringLike case-sensitive", `{"StringLike":{"s3:prefix":"HOME/*"}}`, ctx("s3:prefix", "home/x"), false},
		{"StringLike no match", `{"StringLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "other"), false},
		{"StringNotLike", `{"StringNotLike":{"s3:prefix":"home/*"}}`, ctx("s3:prefix", "other"), true},
		{"StringNotLike missing key is true", `{"StringNotLike":{"s3:prefix":"home/*"}}`, ctx(), true},

		// IfExists.
		{"IfExists missing key", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctx(), true},
		{"IfExists present match", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctx("ec2:InstanceType", "t2.micro"), true},
		{"IfExists present mismatch", `{"StringEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctx("ec2:InstanceType", "m5.large"), false},
		{"NotEqualsIfExists missing", `{"StringNotEqualsIfExists":{"ec2:InstanceType":"t2.micro"}}`, ctx(), true},

		// Numeric.
		{"NumericLessThan", `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx("s3:max-keys", "9"), true},
		{"NumericLessThan equal", `{"NumericLessThan":{"s3:max-keys":"10"}}`, ctx("s3:max-keys", "10"), false},
		{"NumericLessThanEquals", `{"NumericLessThanEquals":{"s3:max-keys":10}}`, ctx("s3:max-keys", "10"), true},
		{"NumericGreaterThan decimal", `{"NumericGreaterThan":{"x:n":"1.5"}}`, ctx("x:n", "1.75"), true},
		{"NumericGreaterThanEquals", `{"NumericGreaterThanEquals":{"x:n":"2"}}`, ctx("x:n", "1"), false},
		{"NumericEquals", `{"NumericEquals":{"x:n":"10"}}`, ctx("x:n", "10.0"), true},
		{"NumericNotEquals", `{"NumericNotEquals":{"x:n":"10"}}`, ctx("x:n", "11"), true},
		{"Numeric request not a number", `{"NumericEquals":{"x:n":"10"}}`, ctx("x:n", "ten"), false},

		// Date: ISO 8601 and epoch, either side.
		{"DateGreaterThan ISO", `{"DateGreaterThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, ctx("aws:CurrentTime", "2026-11-24T10:00:00Z"), true},
		{"DateLessThan ISO", `{"DateLessThan":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, ctx("aws:CurrentTime", "2026-11-24T10:00:00Z"), false},
		{"DateLessThan date only", `{"DateLessThan":{"aws:CurrentTime":"2030-01-01"}}`, ctx("aws:CurrentTime", "2026-11-24T10:00:00Z"), true},
		{"DateGreaterThan epoch policy", `{"DateGreaterThan":{"aws:CurrentTime":"1585699200"}}`, ctx("aws:CurrentTime", "2026-11-24T10:00:00Z"), true},
		{"DateEquals epoch request", `{"DateEquals":{"aws:EpochTime":"2020-04-01T00:00:00Z"}}`, ctx("aws:EpochTime", "1585699200"), true},
		{"DateNotEquals", `{"DateNotEquals":{"aws:CurrentTime":"2020-04-01T00:00:00Z"}}`, ctx("aws:CurrentTime", "2020-04-01T00:00:01Z"), true},
		{"Date with offset", `{"DateEquals":{"aws:CurrentTime":"2020-04-01T02:00:00+02:00"}}`, ctx("aws:CurrentTime", "2020-04-01T00:00:00Z"), true},
		{"DateLessThanEquals millis", `{"DateLessThanEquals":{"aws:CurrentTime":"2020-04-01T00:00:00.000Z"}}`, ctx("aws:CurrentTime", "2020-04-01T00:00:00Z"), true},

		// Bool: the JSON boolean and the string both work (seeds 002/003).
		{"Bool string true", `{"Bool":{"kms:GrantIsForAWSResource":"true"}}`, ctx("kms:GrantIsForAWSResource", "true"), true},
		{"Bool boolean true", `{"Bool":{"kms:GrantIsForAWSResource":true}}`, ctx("kms:GrantIsForAWSResource", "true"), true},
		{"Bool request false", `{"Bool":{"kms:GrantIsForAWSResource":true}}`, ctx("kms:GrantIsForAWSResource", "false"), false},
		{"Bool missing", `{"Bool":{"kms:GrantIsForAWSResource":true}}`, ctx(), false},
		{"Bool false matches false", `{"Bool":{"aws:SecureTransport":"false"}}`, ctx("aws:SecureTransport", "false"), true},
		{"Bool case of request value", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, ctx("aws:MultiFactorAuthPresent", "TRUE"), true},
		{"BoolIfExists missing", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, ctx(), true},

		// Binary.
		{"BinaryEquals", `{"BinaryEquals":{"x:blob":"QmluYXJ5VmFsdWU="}}`, ctx("x:blob", "QmluYXJ5VmFsdWU="), true},
		{"BinaryEquals differs", `{"BinaryEquals":{"x:blob":"QmluYXJ5VmFsdWU="}}`, ctx("x:blob", "b3RoZXI="), false},

		// IP addresses.
		{"IpAddress CIDR", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "203.0.113.7"), true},
		{"IpAddress outside", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "198.51.100.7"), false},
		{"IpAddress single", `{"IpAddress":{"aws:SourceIp":"203.0.113.7"}}`, ctx("aws:SourceIp", "203.0.113.7"), true},
		{"IpAddress v6", `{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}`, ctx("aws:SourceIp", "2001:db8:1234:5678::1"), true},
		{"IpAddress list", `{"IpAddress":{"aws:SourceIp":["192.0.2.0/24","203.0.113.0/24"]}}`, ctx("aws:SourceIp", "203.0.113.9"), true},
		{"NotIpAddress", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "198.51.100.7"), true},
		{"NotIpAddress inside", `{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "203.0.113.1"), false},
		{"IpAddress request not an IP", `{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}`, ctx("aws:SourceIp", "ec2.amazonaws.com"), false},

		// ARN operators: segment by segment, wildcards within a segment.
		{"ArnLike", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:123456789012:topic*"}}`, ctx("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topicA"), true},
		{"ArnEquals with wildcard", `{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:*:123456789012:topic*"}}`, ctx("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:topicB"), true},
		{"ArnLike star does not cross segments", `{"ArnLike":{"aws:SourceArn":"arn:aws:*:topicA"}}`, ctx("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topicA"), false},
		{"ArnLike last segment absorbs colons", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*"}}`, ctx("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:topicA"), true},
		{"ArnLike request not an ARN", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:*:*"}}`, ctx("aws:SourceArn", "topicA"), false},
		{"ArnNotLike", `{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/admin-*"}}`, ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/dev"), true},
		{"ArnNotEquals equal", `{"ArnNotEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/dev"}}`, ctx("aws:PrincipalArn", "arn:aws:iam::111122223333:role/dev"), false},

		// Null.
		{"Null true absent", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx(), true},
		{"Null true present", `{"Null":{"aws:TokenIssueTime":"true"}}`, ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), false},
		{"Null false present", `{"Null":{"aws:TokenIssueTime":false}}`, ctx("aws:TokenIssueTime", "2026-01-01T00:00:00Z"), true},
		{"Null false absent", `{"Null":{"aws:TokenIssueTime":"false"}}`, ctx(), false},

		// Several keys AND, several operators AND.
		{"two keys both hold", `{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-east-1.amazonaws.com"}}`,
			ctx("kms:CallerAccount", acctA, "kms:ViaService", "ec2.us-east-1.amazonaws.com"), true},
		{"two keys one fails", `{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"ec2.us-east-1.amazonaws.com"}}`,
			ctx("kms:CallerAccount", acctA), false},
		{"two operators", `{"StringEquals":{"aws:username":"alice"},"Bool":{"aws:SecureTransport":"true"}}`,
			ctx("aws:username", "alice", "aws:SecureTransport", "false"), false},

		// Set qualifiers.
		{"ForAllValues all in set", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, ctx("aws:TagKeys", []string{"env", "team"}), true},
		{"ForAllValues one outside", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env","team"]}}`, ctx("aws:TagKeys", []string{"env", "cost"}), false},
		{"ForAllValues empty set is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, ctx("aws:TagKeys", []string{}), true},
		{"ForAllValues missing key is true", `{"ForAllValues:StringEquals":{"aws:TagKeys":["env"]}}`, ctx(), true},
		{"ForAnyValue one in set", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, ctx("aws:TagKeys", []string{"cost", "env"}), true},
		{"ForAnyValue none", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, ctx("aws:TagKeys", []string{"cost"}), false},
		{"ForAnyValue missing key is false", `{"ForAnyValue:StringEquals":{"aws:TagKeys":["env"]}}`, ctx(), false},
		{"ForAnyValue IfExists missing", `{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["env"]}}`, ctx(), true},
		{"ForAnyValue:StringNotEquals some value outside", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env","team"]}}`, ctx("aws:TagKeys", []string{"env", "cost"}), true},
		{"ForAnyValue:StringNotEquals all inside", `{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["env","team"]}}`, ctx("aws:TagKeys", []string{"env", "team"}), false},
		{"ForAllValues:StringNotEquals none inside", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, ctx("aws:TagKeys", []string{"env", "team"}), true},
		{"ForAllValues:StringNotEquals one inside", `{"ForAllValues:StringNotEquals":{"aws:TagKeys":["secret"]}}`, ctx("aws:TagKeys", []string{"env", "secret"}), false},
		{"ForAllValues:StringLike", `{"ForAllValues:StringLike":{"kms:EncryptionContextKeys":["aws:ebs:*"]}}`, ctx("kms:EncryptionContextKeys", []string{"aws:ebs:id"}), true},
		{"single operator on multivalued key: any", `{"StringEquals":{"aws:TagKeys":"env"}}`, ctx("aws:TagKeys", []string{"cost", "env"}), true},

		// Operator and qualifier names in another case.
		{"operator case-insensitive", `{"stringequals":{"aws:username":"alice"}}`, ctx("aws:username", "alice"), true},
		{"qualifier case-insensitive", `{"forallvalues:StringEquals":{"aws:TagKeys":["env"]}}`, ctx("aws:TagKeys", []string{"env"}), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := conditionHolds(t, tt.condition, tt.ctx); got != tt.want {
				t.Errorf("condition %s with %v = %v, want %v", tt.condition, tt.ctx, got, tt.want)
			}
		})
	}
}
