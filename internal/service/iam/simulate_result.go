package iam

import (
	"slices"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/policy"
)

// The names AWS's simulator gives policy types in a matched statement's
// SourcePolicyType — not the model's enum values (user, aws-managed, ...)
// — ["SourcePolicyType": "IAM Policy" for inline, managed and
// PolicyInputList policies, "Resource Policy" for the ResourcePolicy, in
// public captures of SimulatePrincipalPolicy and SimulateCustomPolicy
// answers, 2020-2025]. EvalDecisionDetails is keyed by the same names
// (UNVERIFIED: no capture of a cross-account simulation was found).
const (
	sourceIAMPolicy      = "IAM Policy"
	sourceResourcePolicy = "Resource Policy"
)

// run checks the resources and evaluates every action on every resource
// ("*" when none is given), one result per pair, and pages the results.
func (sim *simulation) run(actions, resources []string, marker *string, maxItems *int32) (*iamapi.SimulatePolicyResponse, error) {
	for _, r := range resources {
		if r != "*" && !policy.IsARN(r) {
			// ["InvalidInput ... SimulatePrincipalPolicy operation:
			// ResourceNames are not in a valid ARN format:
			// 14a050d4-021e-4efe-84bb-0871bf6d0fda.",
			// aws-containers/amazon-ecs-exec-checker#35, 2021]
			return nil, iamapi.InvalidInputException("ResourceNames are not in a valid ARN format: " + r + ".")
		}
	}
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	var results []iamapi.EvaluationResult
	for _, a := range actions {
		for _, r := range resources {
			results = append(results, sim.evaluate(a, r))
		}
	}
	pg, err := paginate(results, marker, maxItems)
	if err != nil {
		return nil, err
	}
	return &iamapi.SimulatePolicyResponse{EvaluationResults: pg.items, IsTruncated: pg.truncated, Marker: pg.marker}, nil
}

// evaluate simulates action on resource. For "*" the result carries the
// missing context keys itself; for a resource ARN they are in its
// ResourceSpecificResults entry, and EvalDecisionDetails is present —
// empty within the account, each policy type's decision across accounts
// [IAM API reference, EvaluationResult; a captured answer of 2020 for a
// resource ARN in the caller's account: "EvalDecisionDetails": {},
// "MissingContextValues": [], one ResourceSpecificResults entry].
// OrganizationsDecisionDetail is absent: amity's accounts belong to no
// organization ("Only applies if the simulated user's account is part of
// an organization").
func (sim *simulation) evaluate(action, resource string) iamapi.EvaluationResult {
	req := &policy.Request{Principal: &sim.principal, Action: action, Resource: resource,
		ResourceAccount: arnAccount(resource, sim.owner), Context: sim.context}
	var trace policy.Trace
	d := policy.Evaluate(req, &sim.policies, &trace)
	t := sim.read(&trace)
	out := iamapi.EvaluationResult{EvalActionName: new(action), EvalResourceName: new(resource),
		EvalDecision: new(decisionName(d.Effect)), MatchedStatements: t.matched, MissingContextValues: []string{},
		PermissionsBoundaryDecisionDetail: t.boundaryDetail()}
	if resource == "*" {
		out.MissingContextValues = t.missing
		return out
	}
	rs := iamapi.ResourceSpecificResult{EvalResourceName: new(resource), EvalResourceDecision: out.EvalDecision,
		MatchedStatements: t.matched, MissingContextValues: t.missing, PermissionsBoundaryDecisionDetail: out.PermissionsBoundaryDecisionDetail}
	out.EvalDecisionDetails = map[string]string{}
	if req.ResourceAccount != sim.principal.Account {
		out.EvalDecisionDetails = t.details(sim.policies.Resource != nil)
		rs.EvalDecisionDetails = out.EvalDecisionDetails
	}
	out.ResourceSpecificResults = []iamapi.ResourceSpecificResult{rs}
	return out
}

// traced is what a simulation reports of an evaluation's trace.
type traced struct {
	matched  []iamapi.Statement
	missing  []string
	identity side // the identity-based policies'
	resource side // the resource policy's
	boundary side
	bounded  bool
}

// side is what one kind of policy said: an applying Deny, an applying
// Allow.
type side struct{ deny, allow bool }

func (s side) decision() string {
	switch {
	case s.deny:
		return iamapi.PolicyEvaluationDecisionTypeExplicitDeny
	case s.allow:
		return iamapi.PolicyEvaluationDecisionTypeAllowed
	}
	return iamapi.PolicyEvaluationDecisionTypeImplicitDeny
}

// read gathers, from a trace, every applying statement of the identity
// and resource policies — whatever its effect: an explicit deny lists the
// allowing statements too [a captured SimulateCustomPolicy answer lists a
// resource policy's Deny and the identity policy's Allow for one
// explicitDeny; UNVERIFIED: that an implicit deny lists the Allows that
// applied, and that a permissions boundary's statements are never listed,
// its say being PermissionsBoundaryDecisionDetail] — located in its
// document; the condition keys that
// statements matching the action and resource asked for and the request
// lacks; and what each kind of policy said.
func (sim *simulation) read(tr *policy.Trace) traced {
	t := traced{matched: []iamapi.Statement{}, missing: []string{}}
	for _, pt := range tr.Policies {
		var sd *side
		typ := ""
		switch pt.Type {
		case policy.IdentityBasedPolicy:
			sd, typ = &t.identity, sourceIAMPolicy
		case policy.ResourceBasedPolicy:
			sd, typ = &t.resource, sourceResourcePolicy
		case policy.PermissionsBoundary:
			sd, t.bounded = &t.boundary, true
		default:
			continue
		}
		for _, st := range pt.Statements {
			if st.Applies {
				sd.deny, sd.allow = sd.deny || st.Deny, sd.allow || !st.Deny
				if typ != "" {
					t.matched = append(t.matched, iamapi.Statement{SourcePolicyId: new(sim.sources[pt.Name]),
						SourcePolicyType: new(typ), StartPosition: position(st.Start), EndPosition: position(st.End)})
				}
			}
			if !st.Action.Matched || !st.Resource.Matched {
				continue
			}
			for _, ct := range st.Conditions {
				if ct.RequestValues == nil && !slices.Contains(t.missing, ct.Key) {
					t.missing = append(t.missing, ct.Key)
				}
			}
		}
	}
	return t
}

// boundaryDetail says whether a permissions boundary allows what was
// evaluated: one of its Allows applies and none of its Denies; nil
// without a boundary.
func (t *traced) boundaryDetail() *iamapi.PermissionsBoundaryDecisionDetail {
	if !t.bounded {
		return nil
	}
	return &iamapi.PermissionsBoundaryDecisionDetail{AllowedByPermissionsBoundary: new(t.boundary.allow && !t.boundary.deny)}
}

// details is a cross-account result's EvalDecisionDetails: the decision
// of the caller's identity-based policies (within its boundary) and, when
// one was given, the resource policy's.
func (t *traced) details(withResource bool) map[string]string {
	identity := t.identity
	if t.bounded {
		identity = side{deny: identity.deny || t.boundary.deny, allow: identity.allow && t.boundary.allow && !t.boundary.deny}
	}
	m := map[string]string{sourceIAMPolicy: identity.decision()}
	if withResource {
		m[sourceResourcePolicy] = t.resource.decision()
	}
	return m
}

func position(p policy.Position) *iamapi.Position {
	return &iamapi.Position{Line: new(int32(p.Line)), Column: new(int32(p.Column))}
}

func decisionName(e policy.Effect) string {
	switch e {
	case policy.Allow:
		return iamapi.PolicyEvaluationDecisionTypeAllowed
	case policy.ExplicitDeny:
		return iamapi.PolicyEvaluationDecisionTypeExplicitDeny
	}
	return iamapi.PolicyEvaluationDecisionTypeImplicitDeny
}
