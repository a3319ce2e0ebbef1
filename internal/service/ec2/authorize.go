package ec2

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/policy"
)

// target is a resource an EC2 action is authorized on: its ARN and the
// condition keys the Service Authorization Reference gives it.
type target struct {
	arn        string
	conditions map[string][]string
}

// arn returns arn:aws:ec2:REGION:ACCOUNT:TYPE/ID. Images and snapshots
// have no account in their ARNs (arn:aws:ec2:REGION::image/ami-…), as the
// Service Authorization Reference writes them.
func arn(region, account, kind, id string) string {
	if kind == "image" || kind == "snapshot" {
		account = ""
	}
	return "arn:aws:ec2:" + region + ":" + account + ":" + kind + "/" + id
}

// authorize decides action for req on each target in turn, with ec2:Region
// and the target's keys, and fails with UnauthorizedOperation at the first
// denial. EC2 has no resource-based policies — sharing is its own check —
// so the caller's policies decide, as within one account.
func (s *Service) authorize(ctx context.Context, req *authz.Request, action string, targets ...target) error {
	for _, t := range targets {
		c := map[string][]string{"ec2:region": {req.Region}}
		for k, v := range t.conditions {
			c[k] = v
		}
		check := &authz.Check{Action: action, Resource: t.arn, ResourceAccount: req.Principal.Account, Context: policy.Keys(c)}
		d, err := s.authz.Authorize(ctx, req, check)
		if err != nil {
			return err
		}
		if !d.Allowed() {
			return s.unauthorized(req, check, d)
		}
	}
	return nil
}

// unauthorized is UnauthorizedOperation (HTTP 403) in its current form:
// the principal, the action, the resource and the reason, then the encoded
// message that STS's DecodeAuthorizationMessage reveals [AWS_TEXTS.md §5f].
func (s *Service) unauthorized(req *authz.Request, check *authz.Check, d policy.Decision) error {
	rec, ok := req.Decisions.Denial() // with its trace, when the request keeps decisions
	if !ok {
		rec = authz.Record{Principal: req.Principal.ARN, Action: check.Action, Resource: check.Resource, Decision: d, Conditions: authz.ConditionsOf(check.Context)}
	}
	encoded, err := authz.EncodeAuthorizationMessage(s.sealer, authz.NewAuthorizationMessage(req.PrincipalID(), rec))
	if err != nil {
		return err
	}
	return ec2api.UnauthorizedOperation("You are not authorized to perform this operation. " +
		authz.DeniedMessage(req.Principal.ARN, check, d, true) + ". Encoded authorization failure message: " + encoded)
}

// dryRun answers a request whose DryRun flag is set, once it has been
// authorized: DryRunOperation (HTTP 412); nil when the flag is not set.
func dryRun(flag *bool) error {
	if flag != nil && *flag {
		return ec2api.DryRunOperation("Request would have succeeded, but DryRun flag is set.")
	}
	return nil
}

// describing authorizes a Describe* action, which names no resource
// ("*"), and answers its DryRun; it returns the caller's request.
func (s *Service) describing(ctx context.Context, action string, dry *bool) (*authz.Request, error) {
	req := authz.FromContext(ctx)
	if err := s.authorize(ctx, req, action, target{arn: "*"}); err != nil {
		return nil, err
	}
	return req, dryRun(dry)
}

// tagConditions adds aws:RequestTag/K and aws:TagKeys for tags a request
// sets, and ec2:CreateAction when it sets them at creation.
func tagConditions(c map[string][]string, tags []tag, createAction string) map[string][]string {
	if c == nil {
		c = map[string][]string{}
	}
	var keys []string
	for _, t := range tags {
		c["aws:requesttag/"+strings.ToLower(t.Key)] = []string{t.Value}
		keys = append(keys, t.Key)
	}
	if len(keys) > 0 {
		c["aws:tagkeys"] = keys
	}
	if createAction != "" {
		c["ec2:createaction"] = []string{createAction}
	}
	return c
}

// resourceTags adds ec2:ResourceTag/K (and aws:ResourceTag/K) for the tags
// of an existing resource.
func resourceTags(c map[string][]string, tags []tag) map[string][]string {
	if c == nil {
		c = map[string][]string{}
	}
	for _, t := range tags {
		k := strings.ToLower(t.Key)
		c["ec2:resourcetag/"+k] = []string{t.Value}
		c["aws:resourcetag/"+k] = []string{t.Value}
	}
	return c
}
