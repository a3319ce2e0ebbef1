package iam

import "testing"

// FuzzSplitPolicyARN checks that what splitPolicyARN accepts is exactly
// the ARN its parts build again, so that a policy is found only at its own
// ARN.
func FuzzSplitPolicyARN(f *testing.F) {
	f.Add("arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForImageBuilder")
	f.Fuzz(func(t *testing.T, arn string) {
		account, path, name, ok := splitPolicyARN(arn)
		if !ok {
			return
		}
		if got := policyARN(account, path, name); got != arn {
			t.Fatalf("splitPolicyARN(%q) = %q %q %q, which build %q", arn, account, path, name, got)
		}
		if name == "" || path[0] != '/' || path[len(path)-1] != '/' {
			t.Fatalf("splitPolicyARN(%q) = path %q, name %q", arn, path, name)
		}
	})
}
