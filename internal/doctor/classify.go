package doctor

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// buildContext is what an Image Builder failure is explained with: the
// image as GetImage shows it (recipe, distribution) and its reason.
type buildContext struct {
	image  *imagebuilderapi.Image
	reason string
}

// Causes amity names, in the seed articles' terms.
const (
	causeManagedKeyShared   = "aws-managed-key-shared"      // S1
	causeKeyPolicyNoService = "key-policy-excludes-service" // S2
	causeRoleMissing        = "distribution-role-missing"   // S3
	causeTrustNoSource      = "trust-policy-excludes-source"
	causeRegionDisabled     = "region-not-enabled"
	causeKeyNotShared       = "key-not-shared"               // S4, S5 (a)
	causeNoKeyPolicy        = "principal-lacks-key-policy"   // S4, S5 (b)
	causeNoCreateGrant      = "principal-lacks-create-grant" // S6
	causeKeyPolicyNoCaller  = "key-policy-excludes-caller"   // S6 without delegation
	causeExplicitDeny       = "explicit-deny"
	causeKeyState           = "key-unusable"
	causeNoPermission       = "principal-lacks-permission"
	causeOther              = "refused"
)

// classify finds the failure that decided among fs and fills r's cause,
// statements and fixes.
func (d *Doctor) classify(ctx context.Context, caller *authz.Request, r *Report, fs []*Failure, b *buildContext) (*Report, error) {
	r.Requests = requestIDs(fs)
	if b != nil && strings.Contains(b.reason, "The security token included in the request is invalid") {
		return d.regionDisabled(ctx, caller, r, b)
	}
	f, rec := decisive(fs)
	switch {
	case f == nil:
		r.Cause = &Cause{ID: causeOther, Summary: "amity kept no failed call for it (failures are kept a week)."}
		return r, nil
	case rec == nil:
		return d.refusal(ctx, caller, r, f, b)
	}
	r.Statements = statementsOf(rec)
	switch {
	case rec.Effect == policy.ExplicitDeny:
		return d.explicitDeny(ctx, r, f, rec)
	case rec.Action == "sts:AssumeRole":
		return d.assumeRole(ctx, r, f, rec, b)
	case strings.HasPrefix(rec.Action, "kms:"):
		return d.keyDenial(ctx, r, f, rec, b)
	case rec.Lacking == policy.PolicyTypes(0).With(policy.IdentityBasedPolicy):
		return lacksPermission(r, rec), nil
	}
	r.Cause = &Cause{ID: causeOther, Summary: rec.Principal + " may not " + rec.Action + " on " + rec.Resource + rec.Decision.Reason(rec.Action) + "."}
	return r, nil
}

// decisive picks the failure that explains the outcome: the last denied
// authorization, else the last refused call.
func decisive(fs []*Failure) (*Failure, *authz.Record) {
	for i := len(fs) - 1; i >= 0; i-- {
		if n := len(fs[i].Denials); n > 0 {
			return fs[i], &fs[i].Denials[n-1]
		}
	}
	if len(fs) > 0 {
		return fs[len(fs)-1], nil
	}
	return nil, nil
}

// refusal explains a call refused without a denied authorization: EC2's
// sharing rule, a role that does not exist, a key in a bad state.
func (d *Doctor) refusal(ctx context.Context, caller *authz.Request, r *Report, f *Failure, b *buildContext) (*Report, error) {
	switch {
	case strings.Contains(f.ErrorMessage, "AWS Managed CMK can't be shared") || strings.Contains(f.ErrorMessage, "EBS default key cannot be shared"):
		return d.managedKeyShared(ctx, caller, r, f, b)
	case f.Operation == "AssumeRole" && f.ErrorCode == "AccessDenied":
		return d.roleMissing(r, f)
	case f.ErrorCode == "DisabledException" || f.ErrorCode == "KMSInvalidStateException" || f.ErrorCode == "NotFoundException":
		r.Cause = &Cause{ID: causeKeyState, Summary: "The KMS key cannot be used: " + f.ErrorMessage}
		return r, nil
	}
	r.Cause = &Cause{ID: causeOther, Summary: f.Service + ":" + f.Operation + " was refused: " + f.ErrorCode + ": " + f.ErrorMessage}
	return r, nil
}

// statementsOf lists the statements of a denial's trace that could have
// decided it — those whose action matched — and what each lacked.
func statementsOf(rec *authz.Record) []Statement {
	out := []Statement{}
	if rec.Trace == nil {
		return out
	}
	for _, p := range rec.Trace.Policies {
		for _, st := range p.Statements {
			if !st.Action.Matched {
				continue
			}
			s := Statement{Policy: p.Name, Type: p.Type.String(), Sid: st.Sid, Index: st.Index, Effect: "Allow",
				Applied: st.Applies, Principal: rec.Principal, Action: rec.Action, Resource: rec.Resource}
			if st.Deny {
				s.Effect = "Deny"
			}
			switch {
			case st.Principal != nil && !st.Principal.Matched:
				s.Lacked = "principal"
			case !st.Resource.Matched:
				s.Lacked = "resource"
			default:
				for _, c := range st.Conditions {
					if !c.Matched {
						s.Lacked = "condition " + c.Key
						break
					}
				}
			}
			out = append(out, s)
		}
	}
	return out
}
