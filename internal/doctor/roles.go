package doctor

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/lazyregexp"
	"github.com/amityhq/amity/internal/policy"
)

// distributionRole and its AWS managed policy [SCENARIOS.md S3].
const (
	distributionRole       = "EC2ImageBuilderDistributionCrossAccountRole"
	distributionRolePolicy = "arn:aws:iam::aws:policy/Ec2ImageBuilderCrossAccountDistributionAccess"
)

// assumeRole explains a refused sts:AssumeRole: the trust policy does not
// name the caller (or its account), or the caller's own policies do not
// allow it.
func (d *Doctor) assumeRole(ctx context.Context, r *Report, f *Failure, rec *authz.Record, b *buildContext) (*Report, error) {
	role, caller := rec.Resource, rec.Principal
	account, _, name := principalEntity(role)
	source := arnAccount(caller)
	if !rec.Lacking.Has(policy.ResourceBasedPolicy) {
		r.Cause = &Cause{ID: causeOther, Summary: caller + " may not assume " + role + rec.Decision.Reason("sts:AssumeRole") + "."}
		return r, nil
	}
	r.Cause = &Cause{ID: causeTrustNoSource, Summary: "The trust policy of " + role + " does not name the source account " + source +
		" (nor " + caller + "), so the role cannot be assumed from it."}
	trust, ok, err := d.src.Trusts.RoleTrust(ctx, account, name)
	if err != nil || !ok {
		return r, err
	}
	p, err := withStatements(trust, trustStatement(source))
	if err != nil {
		return nil, err
	}
	r.Fixes = append(r.Fixes, Fix{Summary: "Trust the source account " + source + " in the trust policy of " + role + ".",
		Documents: map[string]json.RawMessage{"trustPolicy": raw(p)},
		Commands: []Command{{Account: account, Region: iamRegion, Argv: []string{"aws", "iam", "update-assume-role-policy",
			"--role-name", name, "--policy-document", compact(p)}}}})
	return r, nil
}

func trustStatement(source string) statement {
	return statement{"Sid": "ImageBuilderDistributionFrom" + source, "Effect": "Allow",
		"Principal": map[string]any{"AWS": rootARN(source)}, "Action": "sts:AssumeRole"}
}

// roleARNPattern finds the role a refused AssumeRole named. This file's
// expressions are compiled when doctor first needs them, not at every
// start of amity (amity serve links doctor but never explains).
var roleARNPattern = lazyregexp.New(`on resource: (arn:aws:iam::\d{12}:role/\S+)`)

// roleMissing is an AssumeRole refused before any policy was read: the
// role does not exist [S3].
func (d *Doctor) roleMissing(r *Report, f *Failure) (*Report, error) {
	m := roleARNPattern().FindStringSubmatch(f.ErrorMessage)
	if m == nil {
		r.Cause = &Cause{ID: causeOther, Summary: "sts:AssumeRole was refused: " + f.ErrorMessage}
		return r, nil
	}
	role := strings.TrimRight(m[1], "'.")
	account, _, name := principalEntity(role)
	source := arnAccount(f.Principal)
	r.Cause = &Cause{ID: causeRoleMissing, Summary: "Account " + account + " has no role " + name + " for " + f.Principal + " to assume."}
	if name != distributionRole {
		return r, nil
	}
	trust := doc(trustStatement(source))
	r.Fixes = append(r.Fixes, Fix{Summary: "Create " + distributionRole + " in account " + account + ", trusting the source account " +
		source + ", with AWS's policy " + distributionRolePolicy + " (no KMS: a key needs S4's policy too).",
		Documents: map[string]json.RawMessage{"trustPolicy": raw(trust)},
		Commands: []Command{
			{Account: account, Region: iamRegion, Argv: []string{"aws", "iam", "create-role", "--role-name", distributionRole,
				"--assume-role-policy-document", compact(trust)}},
			{Account: account, Region: iamRegion, Argv: []string{"aws", "iam", "attach-role-policy", "--role-name", distributionRole,
				"--policy-arn", distributionRolePolicy}},
		}})
	return r, nil
}

// jobRegion finds the target account and Region of S3's Region refusal
// in an image's reason.
var jobRegion = lazyregexp.New(`The security token included in the request is invalid'.*?to the destination account \(ID: (\d{12})\) in Region ([a-z0-9-]+)`)

// regionDisabled is a distribution to a Region the target account has not
// enabled [S3].
func (d *Doctor) regionDisabled(_ context.Context, _ *authz.Request, r *Report, b *buildContext) (*Report, error) {
	m := jobRegion().FindStringSubmatch(b.reason)
	if m == nil {
		r.Cause = &Cause{ID: causeRegionDisabled, Summary: "A Region of the distribution is not enabled in its target account."}
		return r, nil
	}
	account, region := m[1], m[2]
	r.Cause = &Cause{ID: causeRegionDisabled, Summary: "Region " + region + " is not enabled in account " + account +
		": the distribution role cannot be assumed there."}
	r.Fixes = append(r.Fixes, Fix{Summary: "Enable " + region + " in account " + account + " (the Account API; AWS CLI v2 before 2.10 lacks it: use the SDKs or CLI v1).",
		Commands: []Command{{Account: account, Region: iamRegion, Argv: []string{"aws", "account", "enable-region", "--region-name", region}}}})
	return r, nil
}
