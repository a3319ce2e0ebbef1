package iam

import (
	"strconv"

	"github.com/amityhq/amity/internal/api/iamapi"
)

// AWS's texts for IAM errors. Unless a comment says otherwise they are
// quoted from LocalStack's snapshot files recorded against AWS in February
// 2026 (tests/aws/services/iam/test_iam_*.snapshot.json).

// noSuchEntity is NoSuchEntity for a user, group or role:
// "The user with name bob cannot be found."
func noSuchEntity(noun, name string) error {
	return iamapi.NoSuchEntityException("The " + noun + " with name " + name + " cannot be found.")
}

// entityExists is EntityAlreadyExists for a user, group or role:
// "User with name bob already exists." (the noun capitalized).
func entityExists(title, name string) error {
	return iamapi.EntityAlreadyExistsException(title + " with name " + name + " already exists.")
}

func noSuchInstanceProfile(name string) error {
	return iamapi.NoSuchEntityException("Instance Profile " + name + " cannot be found.")
}

func instanceProfileExists(name string) error {
	return iamapi.EntityAlreadyExistsException("Instance Profile " + name + " already exists.")
}

// roleNotInInstanceProfile: RemoveRoleFromInstanceProfile of a role the
// profile does not hold.
func roleNotInInstanceProfile(role, profile string) error {
	return iamapi.NoSuchEntityException("Role " + role + " in Instance Profile " + profile + " cannot be found.")
}

// unattachablePolicy: the attach calls naming a managed policy ARN that
// names nothing, or a policy of another account.
func unattachablePolicy(arn string) error {
	return iamapi.NoSuchEntityException("Policy " + arn + " does not exist or is not attachable.")
}

// noSuchPolicy: any other call naming a managed policy ARN that names
// nothing; the text differs from the attach calls' ["NoSuchEntity: Policy
// arn:aws:iam::301721915996:policy/yuwan-testp999 was not found.", GetPolicy
// through aws-sdk-go-v2, rosa CLI logs, StatusCode: 404; LocalStack's
// provider written against its 2026 snapshots answers DeletePolicy, the
// tag calls, CreatePolicyVersion and ListPolicyVersions so too;
// ListEntitiesForPolicy alike is UNVERIFIED].
func noSuchPolicy(arn string) error {
	return iamapi.NoSuchEntityException("Policy " + arn + " was not found.")
}

func noSuchPolicyVersion(arn, version string) error {
	return iamapi.NoSuchEntityException("Policy " + arn + " version " + version + " does not exist or is not attachable.")
}

// policyNotAttached: Detach*Policy of a policy the entity does not have.
func policyNotAttached(arn string) error {
	return iamapi.NoSuchEntityException("Policy " + arn + " was not found.")
}

// noSuchInlinePolicy: "The role policy with name x cannot be found."
func noSuchInlinePolicy(noun, name string) error {
	return iamapi.NoSuchEntityException("The " + noun + " policy with name " + name + " cannot be found.")
}

func noSuchAccessKey(id string) error {
	return iamapi.NoSuchEntityException("The Access Key with id " + id + " cannot be found.")
}

func policyExists(name string) error {
	return iamapi.EntityAlreadyExistsException("A policy called " + name + " already exists. Duplicate names are not allowed.")
}

// invalidARN: a PolicyArn or permissions boundary that is not a policy
// ARN: InvalidInput for boundaries and the policy calls, and, since 2026,
// ValidationError from the attach and detach calls (attachARN) [LocalStack
// snapshots recorded on AWS, 2026-02: "ARN longpolicynamebutnoarn is not
// valid." with ValidationError from AttachRolePolicy, with InvalidInput
// from PutRolePermissionsBoundary and CreateRole].
func invalidARN(arn string) error {
	return iamapi.InvalidInputException("ARN " + arn + " is not valid.")
}

// checkAttachARN refuses, as the attach and detach calls do, a PolicyArn
// that is no policy ARN (see invalidARN).
func checkAttachARN(arn string) error {
	if _, _, _, ok := splitPolicyARN(arn); !ok {
		return iamapi.Validation("ARN " + arn + " is not valid.")
	}
	return nil
}

// Delete conflicts. The group, instance-profile, access-key, group
// membership and policy texts are from terraform and CLI logs quoted in
// public repositories (e.g. "DeleteConflict: Cannot delete entity, must
// delete access keys first.").
var (
	errMustDetachPolicies   = iamapi.DeleteConflictException("Cannot delete entity, must detach all policies first.")
	errMustDeletePolicies   = iamapi.DeleteConflictException("Cannot delete entity, must delete policies first.")
	errMustDeleteAccessKeys = iamapi.DeleteConflictException("Cannot delete entity, must delete access keys first.")
	errMustLeaveGroups      = iamapi.DeleteConflictException("Cannot delete entity, must remove user from all groups first.")
	errMustRemoveUsers      = iamapi.DeleteConflictException("Cannot delete entity, must remove users from group first.")
	// errMustRemoveRoles: DeleteInstanceProfile of a profile holding a
	// role, and DeleteRole of a role in a profile.
	errMustRemoveRoles      = iamapi.DeleteConflictException("Cannot delete entity, must remove roles from instance profile first.")
	errPolicyAttached       = iamapi.DeleteConflictException("Cannot delete a policy attached to entities.")
	errPolicyHasVersions    = iamapi.DeleteConflictException("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
	errDeleteDefaultVersion = iamapi.DeleteConflictException("Cannot delete the default version of a policy.")
)

// Quotas.
var (
	errAccessKeyQuota      = iamapi.LimitExceededException("Cannot exceed quota for AccessKeysPerUser: 2")
	errPolicyVersionQuota  = iamapi.LimitExceededException("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")
	errInstanceProfileFull = iamapi.LimitExceededException("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
	// The two document quotas appear verbatim in many terraform and
	// CloudFormation logs ("LimitExceeded: Cannot exceed quota for
	// PolicySize: 6144"; "... for ACLSizePerRole: 2048" from CreateRole and
	// UpdateAssumeRolePolicy).
	errManagedPolicySize = iamapi.LimitExceededException("Cannot exceed quota for PolicySize: 6144")
	errTrustPolicySize   = iamapi.LimitExceededException("Cannot exceed quota for ACLSizePerRole: 2048")
)

// inlinePolicySize: the aggregate size of an entity's inline policies
// passed its quota. "Maximum policy size of 10240 bytes exceeded for role
// lambda-execution-role" [botocore LimitExceededException in public logs;
// CloudFormation shows the same text with Status Code: 409].
func inlinePolicySize(noun, name string, quota int) error {
	return iamapi.LimitExceededException("Maximum policy size of " + strconv.Itoa(quota) +
		" bytes exceeded for " + noun + " " + name)
}

// tagQuota: more than 50 tags on one entity. UNVERIFIED text: the quota
// names follow IAM's "Cannot exceed quota for NAME: N" pattern.
func tagQuota(quotaName string) error {
	return iamapi.LimitExceededException("Cannot exceed quota for " + quotaName + ": 50")
}

// errDuplicateTagKeys [moto's DuplicateTags, written against AWS].
var errDuplicateTagKeys = iamapi.InvalidInputException("Duplicate tag keys found. Please note that Tag keys are case insensitive.")

// protectedRole: a write to a service-linked role through the customer
// API [CLI logs: "Cannot perform the operation on the protected role
// 'AWSServiceRoleForConfig' - this role is only modifiable by AWS"].
func protectedRole(name string) error {
	return iamapi.UnmodifiableEntityException("Cannot perform the operation on the protected role '" + name +
		"' - this role is only modifiable by AWS")
}

// errServiceRolePolicy: an aws-service-role managed policy attached to a
// customer's entity [terraform logs: "PolicyNotAttachable: Cannot attach a
// Service Role Policy to a Customer Role."].
var errServiceRolePolicy = iamapi.PolicyNotAttachableException("Cannot attach a Service Role Policy to a Customer Role.")

// errNonUserCredentials: an operation whose UserName defaults to the
// caller, called by a role session (or, in amity, the root user) without
// one [LocalStack snapshot recorded on AWS, DeleteAccessKey, 2026].
var errNonUserCredentials = iamapi.Validation("Must specify userName when calling with non-User credentials")

// malformedPolicy is MalformedPolicyDocument with the engine's text.
func malformedPolicy(message string) error {
	return iamapi.MalformedPolicyDocumentException(message)
}

// noSuchBoundary: a permissions boundary ARN that names no managed policy
// [rosa CLI logs: "NoSuchEntity: Scope ARN: arn:aws:iam::301721915996:policy/xuelinop
// does not exist or is not attachable." status code: 404].
func noSuchBoundary(arn string) error {
	return iamapi.NoSuchEntityException("Scope ARN: " + arn + " does not exist or is not attachable.")
}

// attachQuota: an eleventh managed policy on one entity ["LimitExceeded:
// Cannot exceed quota for PoliciesPerUser: 10", AttachUserPolicy, in many
// public logs; PoliciesPerRole the same].
func attachQuota(quotaName string) error {
	return iamapi.LimitExceededException("Cannot exceed quota for " + quotaName + ": 10")
}
