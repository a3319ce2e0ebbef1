package awsdata_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
)

// awsDefaultKeyPolicyExample is GetKeyPolicy's example answer in the KMS API
// model (aws-sdk-go v1.55.8 models/apis/kms/2014-11-01/examples-1.json).
const awsDefaultKeyPolicyExample = "{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::111122223333:root\"\n    },\n    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}"

func TestDefaultKeyPolicyIsAWSExample(t *testing.T) {
	if got := awsdata.DefaultKeyPolicy("111122223333"); got != awsDefaultKeyPolicyExample {
		t.Errorf("DefaultKeyPolicy differs from AWS's example:\n%s", got)
	}
}

func TestKeyPoliciesFillPlaceholders(t *testing.T) {
	const account, region = "123456789012", "eu-west-3"
	tests := []struct {
		name   string
		policy string
		want   []string
	}{
		{"default", awsdata.DefaultKeyPolicy(account), []string{
			`"arn:aws:iam::123456789012:root"`,
		}},
		{"aws/ebs", awsdata.AWSManagedKeyPolicy(account, region), []string{
			`"kms:CallerAccount": "123456789012"`,
			`"kms:ViaService": "ec2.eu-west-3.amazonaws.com"`,
			`"arn:aws:iam::123456789012:root"`,
			`"Id": "auto-ebs-2"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !json.Valid([]byte(tt.policy)) {
				t.Fatal("policy is not JSON")
			}
			for _, placeholder := range []string{"ACCOUNT_ID", "REGION"} {
				if strings.Contains(tt.policy, placeholder) {
					t.Errorf("placeholder %s left in policy", placeholder)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(tt.policy, w) {
					t.Errorf("policy lacks %s", w)
				}
			}
			if strings.HasSuffix(tt.policy, "\n") {
				t.Error("policy ends with the file's newline")
			}
		})
	}
}
