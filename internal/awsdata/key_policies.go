package awsdata

import "strings"

// keyPolicyTemplate returns an embedded key policy without the file's final
// newline: AWS's GetKeyPolicy string ends at the closing brace (see the KMS
// API examples cited in data/SOURCES.md).
func keyPolicyTemplate(name string) string {
	return strings.TrimSuffix(string(mustRead(name)), "\n")
}

// DefaultKeyPolicy returns the key policy CreateKey gives a key created
// without a Policy (Id "key-default-1"), for the given account id, byte for
// byte as GetKeyPolicy returns it.
func DefaultKeyPolicy(account string) string {
	return strings.ReplaceAll(keyPolicyTemplate("kms-default-key-policy.json"), accountPlaceholder, account)
}

// AWSManagedKeyPolicy returns the key policy of the AWS managed key
// alias/aws/ebs (Id "auto-ebs-2") in the given account and Region. Its
// statements are AWS's; its whitespace is not verified (see SOURCES.md).
func AWSManagedKeyPolicy(account, region string) string {
	p := keyPolicyTemplate("kms-aws-managed-key-policy.json")
	return withRegion(strings.ReplaceAll(p, accountPlaceholder, account), region)
}
