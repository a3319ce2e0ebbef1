package policy

import "fmt"

// Problem classifies why a document was refused, so that each service can
// answer with its own code and, where its text differs from IAM's (KMS),
// its own message.
type Problem uint8

const (
	ProblemInvalidJSON        Problem = iota + 1 // not JSON at all
	ProblemSyntax                                // unknown element, wrong type, unknown operator, empty Statement
	ProblemLegacyParsing                         // odd-cased Effect, malformed date or number
	ProblemVersion                               // managed policy without Version 2012-10-17
	ProblemPrincipalForbidden                    // Principal in an identity policy
	ProblemPrincipalMissing                      // no Principal in a trust, key or resource policy
	ProblemInvalidPrincipal                      // a Principal value of the wrong form
	ProblemResourceForbidden                     // Resource in a trust policy
	ProblemNoResources                           // no Resource/NotResource
	ProblemNoActions                             // no Action/NotAction
	ProblemVendor                                // action or condition key without "vendor:"
	ProblemColon                                 // action with two colons
	ProblemResourceFormat                        // resource neither an ARN nor "*"
	ProblemDuplicateSid                          // two statements with one Sid
	ProblemSidFormat                             // a Sid that is not alphanumeric (IAM policies)
	ProblemOverlyPermissive                      // ForAllValues on a single-valued key (KMS key policies)
)

// ValidationError is a refused policy document. Message is IAM's text for
// the problem (MalformedPolicyDocument).
type ValidationError struct {
	Problem Problem
	Message string
}

func (e *ValidationError) Error() string { return e.Message }

func invalid(p Problem, msg string) *ValidationError {
	return &ValidationError{Problem: p, Message: msg}
}

func invalidf(p Problem, format string, args ...any) *ValidationError {
	return &ValidationError{Problem: p, Message: fmt.Sprintf(format, args...)}
}

// IAM's MalformedPolicyDocument texts (AWS_TEXTS.md §7i).
const (
	msgSyntax             = "Syntax errors in policy."
	msgInvalidJSON        = "This policy contains invalid Json"
	msgLegacyParsing      = "The policy failed legacy parsing"
	msgVersion            = "Policy document must be version 2012-10-17 or greater."
	msgPrincipalForbidden = "Policy document should not specify a principal."
	msgPrincipalMissing   = "Missing required field Principal"
	msgResourceForbidden  = "Has prohibited field Resource"
	msgNoResources        = "Policy statement must contain resources."
	msgNoActions          = "Policy statement must contain actions."
	msgVendor             = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgColon              = "Actions/Condition can contain only one colon."
	msgDuplicateSid       = "Statement IDs (SID) in a single policy must be unique."
	msgSidFormat          = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
)

// msgOverlyPermissive is KMS's refusal of ForAllValues with
// kms:EncryptionContext:context-key or aws:RequestTag/tag-key, as the KMS
// guide (conditions-kms) prints it: "OverlyPermissiveCondition: Using the
// ForAllValues set operator with a single-valued condition key matches
// requests without the specified [encryption context or tag] or with an
// unspecified [encryption context or tag]. To fix, remove ForAllValues."
// The bracketed alternative is filled in with the key's kind (%[1]s);
// UNVERIFIED against a recorded AWS answer.
const msgOverlyPermissive = "OverlyPermissiveCondition: Using the ForAllValues set operator with a single-valued condition key " +
	"matches requests without the specified %[1]s or with an unspecified %[1]s. To fix, remove ForAllValues."

// InvalidPrincipal returns IAM's refusal of a principal that has the right
// form but does not exist, e.g. `Invalid principal in policy:
// "AWS":"arn:aws:iam::111111111111:root"`. The engine cannot know what
// exists; the IAM service checks Principals() and calls this.
func InvalidPrincipal(typ, value string) *ValidationError {
	return invalidf(ProblemInvalidPrincipal, "Invalid principal in policy: %q:%q", typ, value)
}
