package doctor

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// keyDenial explains KMS's denial of an action on a key.
func (d *Doctor) keyDenial(ctx context.Context, r *Report, f *Failure, rec *authz.Record, b *buildContext) (*Report, error) {
	key, principal := rec.Resource, rec.Principal
	keyAccount, callerAccount := rec.ResourceAccount, arnAccount(principal)
	lackKey, lackIdentity := rec.Lacking.Has(policy.ResourceBasedPolicy), rec.Lacking.Has(policy.IdentityBasedPolicy)
	_, kind, entity := principalEntity(principal)
	serviceRole := kind == "role" && entity == "AWSServiceRoleForImageBuilder"
	switch {
	case serviceRole && lackKey:
		return d.serviceRoleKey(ctx, r, key, principal)
	case keyAccount != callerAccount && lackKey:
		r.Cause = &Cause{ID: causeKeyNotShared, Summary: "KMS key " + key + " (account " + keyAccount + ") isn't shared with account " +
			callerAccount + ": its key policy names neither the account nor " + principal + "."}
		fix, err := d.shareKey(ctx, key, callerAccount, principal, lackIdentity)
		if err != nil {
			return nil, err
		}
		r.Fixes = append(r.Fixes, fix)
		return r, nil
	case rec.Action == "kms:CreateGrant" && f.InvokedBy != "" && lackIdentity:
		r.Cause = &Cause{ID: causeNoCreateGrant, Summary: principal + " lacks kms:CreateGrant on key " + key +
			": the key policy lets IAM decide and no identity-based policy allows it, so EC2 could not create the grant for the instance on its behalf."}
		return d.createGrantFixes(ctx, r, key, principal, false)
	case rec.Action == "kms:CreateGrant" && f.InvokedBy != "" && lackKey:
		r.Cause = &Cause{ID: causeKeyPolicyNoCaller, Summary: "The key policy of " + key + " neither lets IAM decide nor names " + principal +
			" for kms:CreateGrant, so EC2 could not create the grant for the instance on its behalf."}
		return d.createGrantFixes(ctx, r, key, principal, true)
	case lackIdentity && !strings.Contains(key, ":key/"): // CreateKey, ListKeys: no key to use
		return lacksPermission(r, rec), nil
	case lackIdentity:
		r.Cause = &Cause{ID: causeNoKeyPolicy, Summary: principal + " has no identity-based policy allowing " + rec.Action + " on key " + key + "."}
		if cmd := identityCommand(principal, "KmsKeyUsagePolicy", usagePolicy(key)); cmd != nil {
			r.Fixes = append(r.Fixes, Fix{Summary: "Allow " + principal + " to use the key (the seeds' KmsKeyUsagePolicy).",
				Documents: map[string]json.RawMessage{"identityPolicy": raw(usagePolicy(key))}, Commands: []Command{*cmd}})
		}
		return r, nil
	}
	r.Cause = &Cause{ID: causeOther, Summary: principal + " may not " + rec.Action + " on " + key + rec.Decision.Reason(rec.Action) + "."}
	return r, nil
}

// usagePolicy is the seeds' KmsKeyUsagePolicy for key.
func usagePolicy(key string) map[string]any {
	return doc(
		statement{"Sid": "AllowUseOfTheKey", "Effect": "Allow", "Action": []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}, "Resource": key},
		statement{"Sid": "AllowAttachmentOfPersistentResources", "Effect": "Allow", "Action": []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}, "Resource": key,
			"Condition": map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}})
}

// shareKey shares a key with another account as the seeds do — the
// account's root in "Allow use of the key" and "Allow attachment of
// persistent resources" — and, when the principal lacks them, gives it the
// identity policy too: a fix across two accounts.
func (d *Doctor) shareKey(ctx context.Context, key, account, principal string, identity bool) (Fix, error) {
	root := rootARN(account)
	use := statement{"Sid": "Allow use of the key by " + account, "Effect": "Allow", "Principal": map[string]any{"AWS": root},
		"Action": []string{"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"}, "Resource": "*"}
	attach := statement{"Sid": "Allow attachment of persistent resources by " + account, "Effect": "Allow", "Principal": map[string]any{"AWS": root},
		"Action": []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}, "Resource": "*",
		"Condition": map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}}
	cmd, p, err := d.keyPolicyCommand(ctx, key, use, attach)
	if err != nil {
		return Fix{}, err
	}
	fix := Fix{Summary: "Share key " + key + " with account " + account + " in its key policy", Documents: map[string]json.RawMessage{"keyPolicy": raw(p)},
		Commands: []Command{cmd}}
	if identity {
		if c := identityCommand(principal, "KmsKeyUsagePolicy", usagePolicy(key)); c != nil {
			fix.Summary += ", and allow " + principal + " to use it (the seeds' KmsKeyUsagePolicy)"
			fix.Documents["identityPolicy"] = raw(usagePolicy(key))
			fix.Commands = append(fix.Commands, *c)
		}
	}
	fix.Summary += "."
	return fix, nil
}

// createGrantFixes are S6's fixes, least privilege first [AWS_TEXTS.md
// correction 1]: an identity policy allowing kms:CreateGrant for AWS
// resources (which needs the key policy to let IAM decide), or a key
// policy statement naming the principal.
func (d *Doctor) createGrantFixes(ctx context.Context, r *Report, key, principal string, noDelegation bool) (*Report, error) {
	grantOnly := doc(statement{"Effect": "Allow", "Action": "kms:CreateGrant", "Resource": key,
		"Condition": map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}})
	naming := statement{"Sid": "Allow attachment of persistent resources", "Effect": "Allow", "Principal": map[string]any{"AWS": principal},
		"Action": []string{"kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"}, "Resource": "*",
		"Condition": map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}}
	keyCmd, keyPolicy, err := d.keyPolicyCommand(ctx, key, naming)
	if err != nil {
		return nil, err
	}
	byKey := Fix{Summary: "Name " + principal + " in the key policy of " + key + " for grants to AWS resources.",
		Documents: map[string]json.RawMessage{"keyPolicy": raw(keyPolicy)}, Commands: []Command{keyCmd}}
	idCmd := identityCommand(principal, "AllowCreateGrantForAWSResources", grantOnly)
	if idCmd == nil {
		r.Fixes = append(r.Fixes, byKey)
		return r, nil
	}
	byIdentity := Fix{Summary: "Allow " + principal + " kms:CreateGrant on " + key + " only for AWS resources (kms:GrantIsForAWSResource).",
		Documents: map[string]json.RawMessage{"identityPolicy": raw(grantOnly)}, Commands: []Command{*idCmd}}
	if noDelegation {
		rootCmd, withRoot, err := d.keyPolicyCommand(ctx, key, rootStatement(arnAccount(key)))
		if err != nil {
			return nil, err
		}
		byIdentity.Summary = "Let IAM decide in the key policy of " + key + " and " + strings.ToLower(byIdentity.Summary[:1]) + byIdentity.Summary[1:]
		byIdentity.Documents["keyPolicy"] = raw(withRoot)
		byIdentity.Commands = append([]Command{rootCmd}, byIdentity.Commands...)
		r.Fixes = append(r.Fixes, byKey, byIdentity)
		return r, nil
	}
	r.Fixes = append(r.Fixes, byIdentity, byKey)
	return r, nil
}

// rootStatement is the key policy statement that lets an account's IAM
// decide [the default key policy].
func rootStatement(account string) statement {
	return statement{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": map[string]any{"AWS": rootARN(account)},
		"Action": "kms:*", "Resource": "*"}
}

// serviceRoleKey is S2: the key policy neither lets the account's IAM
// decide nor names Image Builder's service-linked role.
func (d *Doctor) serviceRoleKey(ctx context.Context, r *Report, key, principal string) (*Report, error) {
	account := arnAccount(key)
	role := "arn:aws:iam::" + account + ":role/aws-service-role/imagebuilder.amazonaws.com/AWSServiceRoleForImageBuilder"
	r.Cause = &Cause{ID: causeKeyPolicyNoService, Summary: "The key policy of " + key + " neither lets IAM decide (no statement for " +
		rootARN(account) + ") nor names the service-linked role " + role + ", so Image Builder may not use the key."}
	named := statement{"Sid": "Allow EC2 Image Builder", "Effect": "Allow", "Principal": map[string]any{"AWS": role},
		"Action": imageBuilderKMS, "Resource": "*"}
	cmd, p, err := d.keyPolicyCommand(ctx, key, named)
	if err != nil {
		return nil, err
	}
	rootCmd, withRoot, err := d.keyPolicyCommand(ctx, key, rootStatement(account))
	if err != nil {
		return nil, err
	}
	r.Fixes = append(r.Fixes,
		Fix{Summary: "Name the service-linked role in the key policy, for the seven actions Image Builder uses (run as the key's administrator).",
			Documents: map[string]json.RawMessage{"keyPolicy": raw(p)}, Commands: []Command{cmd}},
		Fix{Summary: "Let IAM decide in the key policy: the service-linked role's own policy then allows the key through EC2 (run as the key's administrator).",
			Documents: map[string]json.RawMessage{"keyPolicy": raw(withRoot)}, Commands: []Command{rootCmd}})
	return r, nil
}

// explicitDeny names the statement that denied.
func (d *Doctor) explicitDeny(ctx context.Context, r *Report, f *Failure, rec *authz.Record) (*Report, error) {
	r.Cause = &Cause{ID: causeExplicitDeny, Summary: "Statement " + sidOr(rec.Sid, rec.Statement) + " of " + rec.Policy +
		" explicitly denies " + rec.Principal + " " + rec.Action + " on " + rec.Resource + "; nothing (no grant, no allow) overrides it."}
	if rec.By == policy.ResourceBasedPolicy && strings.HasPrefix(rec.Action, "kms:") {
		current, ok, err := d.src.KeyPolicies.KeyPolicy(ctx, rec.Resource)
		if err != nil || !ok {
			return r, err
		}
		p, err := withoutStatement(current, rec.Statement)
		if err != nil {
			return nil, err
		}
		r.Fixes = append(r.Fixes, Fix{Summary: "Remove the denying statement from the key policy (or narrow it so it spares " + rec.Principal + ").",
			Documents: map[string]json.RawMessage{"keyPolicy": raw(p)},
			Commands: []Command{{Account: arnAccount(rec.Resource), Region: arnRegion(rec.Resource),
				Argv: []string{"aws", "kms", "put-key-policy", "--key-id", rec.Resource, "--policy-name", "default", "--policy", compact(p)}}}})
	}
	return r, nil
}

func sidOr(sid string, index int) string {
	if sid != "" {
		return "\"" + sid + "\""
	}
	return "#" + itoa(index)
}

// lacksPermission explains a denial for want of an identity-based
// policy, the only policy type lacking: the fix allows exactly the action
// on the resource, nothing wider.
func lacksPermission(r *Report, rec *authz.Record) *Report {
	r.Cause = &Cause{ID: causeNoPermission, Summary: rec.Principal + " has no identity-based policy allowing " + rec.Action + " on " + rec.Resource + "."}
	allow := doc(statement{"Effect": "Allow", "Action": rec.Action, "Resource": rec.Resource})
	name := "Allow" + strings.NewReplacer(":", "", "*", "").Replace(rec.Action)
	if cmd := identityCommand(rec.Principal, name, allow); cmd != nil {
		r.Fixes = append(r.Fixes, Fix{Summary: "Allow " + rec.Principal + " " + rec.Action + " on " + rec.Resource + ".",
			Documents: map[string]json.RawMessage{"identityPolicy": raw(allow)}, Commands: []Command{*cmd}})
	}
	return r
}
