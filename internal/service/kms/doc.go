// Package kms is amity's AWS Key Management Service: symmetric encryption,
// asymmetric (RSA, NIST curves, secp256k1, Ed25519) and HMAC keys with
// real cryptography, imported key material and multi-Region keys, key
// policies and grants enforced as KMS enforces them, aliases, tags,
// rotation, deletion, and the AWS managed keys (alias/aws/ebs), in every
// account and Region.
//
// Service implements kmsapi.API. Each method takes the request from the
// context (authz.FromContext): the caller's principal and credential, the
// Region, and — for a call an AWS service makes on someone's behalf — the
// service it came through. The account and Region of a call are the
// caller's; a key belongs to the account and Region in its ARN, and only a
// key ARN or alias ARN reaches another account's key, in the operations
// KMS allows across accounts.
//
// # Authorization
//
// Every operation on a key is decided by authz with the key policy as a
// mandatory resource policy (policy.ResourcePolicyRequired): identity
// policies count only where the key policy names the caller's account.
// The condition keys KMS defines are supplied — kms:CallerAccount,
// kms:ViaService, kms:EncryptionContext:K and kms:EncryptionContextKeys,
// kms:GrantIsForAWSResource, kms:GrantOperations, kms:GranteePrincipal,
// kms:RetiringPrincipal, kms:KeySpec, kms:KeyUsage, kms:KeyOrigin,
// kms:MultiRegion, kms:MultiRegionKeyType, kms:RequestAlias,
// kms:ResourceAliases, aws:ResourceTag/K, and the operation's own
// (kms:EncryptionAlgorithm, kms:SigningAlgorithm, kms:MessageType,
// kms:MacAlgorithm, kms:KeyAgreementAlgorithm, kms:DataKeyPairSpec,
// kms:WrappingAlgorithm, kms:WrappingKeySpec, kms:ExpirationModel,
// kms:ReplicaRegion, kms:PrimaryRegion, kms:RotationPeriodInDays, ...) —
// and authz adds the global aws:* keys. When the
// policies only implicitly deny, a grant whose grantee is the caller (or
// the caller's role) and whose constraints the encryption context meets
// allows the operation (policy.AllowedByGrant); nothing overrides an
// explicit deny. CreateKey, ListKeys, ListAliases, ListRetirableGrants and
// GenerateRandom act on no key: the caller's IAM policies decide. Aliases
// are authorized on the alias (IAM policies) and on each key involved.
// A denial is an AccessDeniedException (HTTP 400) naming the caller's ARN
// — a role session's own ARN — and AWS's reason.
//
// # Calls from other amity services
//
// EC2 and Image Builder call these methods directly, as AWS services call
// KMS, and are authorized exactly like a customer:
//
//   - On a caller's behalf (a forward access session): the context carries
//     req.OnBehalf("ec2.REGION.amazonaws.com", "ec2-frontend-api.amazonaws.com")
//     — the caller's own principal and policies, with kms:ViaService set
//     and kms:GrantIsForAWSResource true for CreateGrant, ListGrants and
//     RevokeGrant. This is how EBS asks for GenerateDataKeyWithoutPlaintext
//     with the context aws:ebs:id, and how EC2 creates the grant for an
//     instance's volume (grantee the instance's
//     arn:aws:sts::ACCT:assumed-role/aws:ec2-infrastructure/i-…
//     session, operation Decrypt, constraint aws:ebs:id, retiring principal
//     ec2.REGION.amazonaws.com). A user can never call CreateGrant with
//     kms:GrantIsForAWSResource true directly.
//   - As a service-linked role: a context whose request carries the role
//     session's credential and principal, so that the role's IAM policies
//     and the key policy decide, as for Image Builder's
//     AWSServiceRoleForImageBuilder.
//   - As a grantee: the EC2 infrastructure session decrypts with a request
//     whose principal is that session; the grant allows it.
//
// The decision of each authorization is returned by the internal helpers
// to the method that asked, so that CloudTrail can record it.
//
// # Keys and key material
//
// Keys live in the store (tables kms.*), which this Service alone writes;
// it caches keys, their compiled policies and aliases in memory and keeps
// the cache current on every write, so that using a key costs no store
// access. Key material — a keyring.Ring of AES versions, a keyring.Pair or
// a keyring.MAC, as the key spec says — is sealed at rest by the store's
// master key and opened on first use; it never appears in an answer (but
// GenerateDataKeyPair's private key, as AWS gives it), a log line, an
// error or a trace. A key of Origin EXTERNAL is PendingImport while its
// current material is absent: never imported, deleted, or expired by the
// Service's clock. A multi-Region key's replicas share its material and
// rotation: every write to the primary's record copies them in the same
// transaction. A key scheduled for deletion is deleted once
// its waiting period has passed by the Service's clock: it then answers
// as a key that never existed. Automatic rotation happens, by the same
// clock, at the first encryption after it comes due.
package kms
