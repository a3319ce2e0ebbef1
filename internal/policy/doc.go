// Package policy is the IAM policy language: it parses, validates and
// evaluates policy documents the way AWS does. It is pure — no I/O, no
// knowledge of any service — and every authorization decision in amity
// (IAM, STS trust, KMS key policies, EC2, Image Builder) is made here.
//
// # Documents
//
// A document has a Version ("2012-10-17"; "2008-10-17" or none, which knows
// no policy variables), an optional Id and a Statement: one object or an
// array. Each statement has an Effect (Allow or Deny), an optional Sid, the
// actions it covers (Action, or NotAction: every action but those), the
// resources (Resource, or NotResource), for resource-based policies the
// principals (Principal, or NotPrincipal), and an optional Condition.
//
// Parse validates a document for the role it plays — its Kind — and
// compiles it into matchers once; evaluation then allocates nothing. The
// kind decides what is required and what is forbidden: identity policies
// (managed, inline, boundaries, session policies, SCPs) name no principal
// and must name resources; trust policies must name a principal and must
// not name resources; key policies must name both; other resource-based
// policies must name a principal and may omit Resource, which then means the
// resource the policy is attached to; managed policies need Version
// 2012-10-17; key policies may not put ForAllValues on the single-valued
// kms:EncryptionContext:context-key and aws:RequestTag/tag-key (KMS's
// OverlyPermissiveCondition). Refusals carry IAM's MalformedPolicyDocument
// text ("Syntax errors in policy.", "Has prohibited field Resource", ...) in
// a *ValidationError whose Problem lets other services (KMS) use their own
// wording.
//
// # Matching
//
// Actions match without regard to case, with the wildcards * (any run of
// characters) and ? (one character): "kms:ReEncrypt*" covers
// kms:ReEncryptFrom. Resources match with case, ARN segment by segment: a
// wildcard stays within the colon-separated part it is written in, and the
// last part written takes the rest of the ARN ("arn:aws:kms:*" covers every
// KMS ARN). A principal matches when the statement names the caller's own
// ARN, the issuer of the caller's session (its role, or the user that
// called GetFederationToken), "*", or the caller's account
// (a 12-digit id or arn:aws:iam::ACCOUNT:root) — and these differ in force,
// see below. NotPrincipal exempts a caller only when it names every
// identity in the caller's chain (account, role, session), as the IAM guide
// advises for NotPrincipal with Deny — and a Deny's NotPrincipal never
// exempts a caller that has a permissions boundary.
//
// # Conditions
//
// Under Condition, several operators and several keys must all hold; the
// several values of one key are alternatives. Key names ignore case; values
// compare as the operator says (StringEquals with case,
// StringEqualsIgnoreCase without, StringLike with wildcards, Numeric*,
// Date* in ISO 8601 or epoch seconds, Bool with true or "true",
// BinaryEquals, IpAddress with CIDR blocks, Arn* segment by segment, Null
// for presence). A key the request lacks makes an operator false, and a
// negated operator (StringNotEquals, NotIpAddress, ArnNotLike, ...) true;
// ...IfExists makes it true either way. For multivalued keys,
// ForAllValues: holds when every request value matches one of the policy's
// (and so holds for an empty or missing set), ForAnyValue: when at least one
// does (and so fails for a missing key); a negated operator under them
// negates each value's match, not the whole result. For them and for Null, a
// key whose values are all empty strings is null: an empty set, as if
// absent.
//
// Policy variables — ${aws:username}, ${aws:PrincipalTag/team}, any
// context key, with an optional default ${aws:username, 'anonymous'}, and
// the escapes ${*} ${?} ${$} — are resolved from the request context in
// Resource and in condition values. A variable that cannot be resolved
// makes its element fail: the statement does not apply.
//
// # Evaluation
//
// Evaluate follows AWS's "Policy evaluation logic":
//
//  1. An explicit Deny in any applicable policy — service control policy,
//     resource-based policy, identity-based policy, permissions boundary,
//     session policy — decides: ExplicitDeny.
//  2. If service control policies apply, one must allow; otherwise the
//     request is denied (AWS reports this as an explicit deny in a service
//     control policy).
//  3. Across accounts, the resource policy must allow (naming the caller or
//     its account) and the caller's identity policies must allow too,
//     within its boundary and session policies.
//  4. Within one account, a resource policy that names the user or the
//     session itself, or "*", allows on its own, even beyond a boundary or
//     session policy; one that names the session's issuer allows within
//     those limits; one that names only the account delegates to the
//     identity policies.
//  5. Otherwise the identity policies must allow, and the permissions
//     boundary and the session policies, where present, must allow as
//     well; a federated user session must have session policies. The
//     account's root user needs no identity policy.
//  6. Anything not allowed is denied: ImplicitDeny.
//
// Mode ResourcePolicyRequired gives KMS key policies and role trust
// policies their rule: the resource policy is mandatory, so identity
// policies count only where a statement naming the account (its root)
// applies to the request — the key policy "lets IAM decide". A resource's
// grants (KMS grants, given through Policies.Grants) are consulted last,
// only when the policies implicitly deny: a grant allows, it never
// overrides an explicit deny or a service control policy.
//
// A Decision names the policy type that decided, and Reason turns it into
// the sentence AWS appends to AccessDenied messages ("because no
// identity-based policy allows the kms:CreateGrant action"). A Trace, when
// asked for, records every policy and statement examined and why each
// element matched or failed, down to the condition key and the values
// compared.
package policy
