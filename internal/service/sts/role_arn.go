package sts

import (
	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/policy"
)

// checkARN refuses a RoleArn that is no ARN at all, before anything else
// is looked at, whoever the caller is: AWS answers ValidationError "X is
// invalid" for a value without the arn prefix, an empty partition, an
// empty service, fewer than six colon-separated fields or an empty
// resource [LocalStack's STS snapshot recorded on AWS, 2025-07-21:
// "nothing-valid-in-here is invalid", "arn::b:::something/test-role is
// invalid", "arn:a::::something/test-role is invalid",
// "arn:a:::something/test-role is invalid", "arn:a:a::aaaaaaaaaa: is
// invalid"]. The Region and account fields may be empty.
func checkARN(arn string) error {
	if !policy.IsARN(arn) {
		return stsapi.Validation(arn + " is invalid")
	}
	return nil
}
