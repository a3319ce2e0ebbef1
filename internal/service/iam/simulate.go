package iam

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// simulation is what a Simulate* request evaluates: a principal, its
// identity policies and boundary, a resource policy, and the request's
// context keys. Each policy's name maps back to the SourcePolicyId AWS
// reports in MatchedStatements.
type simulation struct {
	principal policy.Principal
	policies  policy.Policies
	sources   map[string]string
	context   policy.Keys
	owner     string // the account owning resources whose ARN names none
}

func newSimulation(owner string) *simulation {
	return &simulation{sources: map[string]string{}, context: policy.Keys{}, owner: owner}
}

// add records a compiled document's SourcePolicyId: the managed or inline
// policy's name, "PolicyInputList.N" or "ResourcePolicy" [AWS CLI
// examples of simulate-principal-policy and simulate-custom-policy;
// public captures of SimulateCustomPolicy answers].
func (sim *simulation) add(p *policy.Policy, id string) *policy.Policy {
	sim.sources[p.Name()] = id
	return p
}

// addInputs parses the request's policy documents: identity policies
// (PolicyInputList), the boundary that replaces any other
// (PermissionsBoundaryPolicyInputList) and a resource policy, which,
// unlike AWS's simulator, amity evaluates for roles too. A document that
// is no policy is InvalidInput with the engine's text.
func (sim *simulation) addInputs(identity, boundaries []string, resource *string) error {
	for i, doc := range identity {
		p, err := simParse(policy.Inline, "PolicyInputList."+strconv.Itoa(i+1), doc)
		if err != nil {
			return err
		}
		sim.policies.Identity = append(sim.policies.Identity, sim.add(p, p.Name()))
	}
	for i, doc := range boundaries {
		p, err := simParse(policy.Inline, "PermissionsBoundaryPolicyInputList."+strconv.Itoa(i+1), doc)
		if err != nil {
			return err
		}
		sim.policies.Boundary = sim.add(p, p.Name())
	}
	if resource != nil {
		p, err := simParse(policy.Resource, "ResourcePolicy", *resource)
		if err != nil {
			return err
		}
		sim.policies.Resource = sim.add(p, p.Name())
	}
	return nil
}

func simParse(kind policy.Kind, name, doc string) (*policy.Policy, error) {
	p, err := policy.Parse(kind, name, doc)
	var ve *policy.ValidationError
	if errors.As(err, &ve) {
		return nil, iamapi.InvalidInputException(ve.Message)
	}
	return p, err
}

// addContext adds the principal's global keys and the request's
// ContextEntries. A simulated caller without an ARN (SimulateCustomPolicy
// without CallerArn) has no aws:PrincipalArn: a condition on it is
// reported missing rather than met by an invented value.
func (sim *simulation) addContext(entries []iamapi.ContextEntry) {
	p := &sim.principal
	if p.ARN != "" {
		sim.context.Set("aws:PrincipalArn", p.ARN)
	}
	sim.context.Set("aws:PrincipalAccount", p.Account)
	sim.context.Set("aws:PrincipalType", p.Type.String())
	for _, e := range entries {
		sim.context.Set(*e.ContextKeyName, e.ContextKeyValues...)
	}
}

// SimulatePrincipalPolicy evaluates actions on resources for a user, group
// or role of the account: its inline and attached policies (a user's
// groups' too) and boundary, plus the request's policies. With a
// CallerArn the requests are made as that user, with the source's
// policies ("as if Bob had David's policies", the API reference).
func (s *Service) SimulatePrincipalPolicy(ctx context.Context, in *iamapi.SimulatePrincipalPolicyInput) (*iamapi.SimulatePrincipalPolicyOutput, error) {
	c := callerOf(ctx)
	source := *in.PolicySourceArn
	if err := s.allow(ctx, c, "iam:SimulatePrincipalPolicy", source, nil); err != nil {
		return nil, err
	}
	sim := newSimulation(ownerOf(in.ResourceOwner, c.account))
	err := s.store.View(ctx, func(tx store.Tx) error { return s.addSource(tx, sim, c.account, source) })
	if err != nil {
		return nil, err
	}
	if in.CallerArn != nil {
		sim.callAs(*in.CallerArn, c.account)
	}
	if err := sim.addInputs(in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy); err != nil {
		return nil, err
	}
	sim.addContext(in.ContextEntries)
	return sim.run(in.ActionNames, in.ResourceArns, in.Marker, in.MaxItems)
}

// SimulateCustomPolicy evaluates actions on resources against the
// request's policies alone, for CallerArn (a user) or, without one, a user
// of the caller's account that no policy's Principal names (the API
// reference requires CallerArn for a ResourcePolicy to name anyone).
func (s *Service) SimulateCustomPolicy(ctx context.Context, in *iamapi.SimulateCustomPolicyInput) (*iamapi.SimulateCustomPolicyOutput, error) {
	c := callerOf(ctx)
	if err := s.allow(ctx, c, "iam:SimulateCustomPolicy", "*", nil); err != nil {
		return nil, err
	}
	sim := newSimulation(ownerOf(in.ResourceOwner, c.account))
	sim.principal = policy.Principal{Type: policy.User, Account: c.account}
	if in.CallerArn != nil {
		sim.callAs(*in.CallerArn, c.account)
	}
	if err := sim.addInputs(in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy); err != nil {
		return nil, err
	}
	sim.addContext(in.ContextEntries)
	return sim.run(in.ActionNames, in.ResourceArns, in.Marker, in.MaxItems)
}

// callAs makes the simulated caller the IAM user at arn (CallerArn), with
// its name for ${aws:username}.
func (sim *simulation) callAs(arn, account string) {
	sim.principal = policy.Principal{Type: policy.User, Account: arnAccount(arn, account), ARN: arn}
	sim.context.Set("aws:username", arn[strings.LastIndexByte(arn, '/')+1:])
}

// addSource adds the principal a PolicySourceArn names and its policies.
func (s *Service) addSource(tx store.Tx, sim *simulation, account, arn string) error {
	k, name, ok := sourceKind(arn, account)
	if !ok {
		return iamapi.InvalidInputException("Invalid ARN: Could not be parsed!")
	}
	r, err := k.find(tx, account, name)
	if err != nil {
		return err
	}
	e := r.base()
	sim.principal = policy.Principal{Type: policy.User, Account: account, ARN: arn}
	if k == roleKind {
		sim.principal = policy.Principal{Type: policy.AssumedRole, Account: account, ARN: arn, IssuerARN: arn}
	}
	if err := s.addEntity(tx, sim, k, e); err != nil {
		return err
	}
	if u, ok := r.(*User); ok {
		sim.context.Set("aws:username", u.Name)
		for _, g := range u.Groups {
			gr, err := groupKind.find(tx, account, g)
			if err != nil {
				return err
			}
			if err := s.addEntity(tx, sim, groupKind, gr.base()); err != nil {
				return err
			}
		}
	}
	if e.Boundary != "" {
		p, err := s.simManaged(tx, sim, e.Boundary)
		if err != nil {
			return err
		}
		sim.policies.Boundary = p
	}
	return nil
}

// addEntity adds an entity's inline and attached policies, compiled as
// for authorization.
func (s *Service) addEntity(tx store.Tx, sim *simulation, k *kind, e *Entity) error {
	for _, name := range sortedNames(e.Inline) {
		p, err := s.policies.documents.compile(policy.Inline, k.noun+"/"+e.Name+" inline "+name, e.Inline[name])
		if err != nil {
			return err
		}
		sim.policies.Identity = append(sim.policies.Identity, sim.add(p, name))
	}
	for _, arn := range e.Attached {
		p, err := s.simManaged(tx, sim, arn)
		if err != nil {
			return err
		}
		if p != nil {
			sim.policies.Identity = append(sim.policies.Identity, p)
		}
	}
	return nil
}

// simManaged compiles a managed policy's default version, or returns nil
// for one that no longer exists.
func (s *Service) simManaged(tx store.Tx, sim *simulation, arn string) (*policy.Policy, error) {
	p, err := s.policies.managedPolicy(tx, arn)
	if p == nil || err != nil {
		return nil, err
	}
	return sim.add(p, policyNameOf(arn)), nil
}

// sourceKind reads a user, group or role ARN of account.
func sourceKind(arn, account string) (*kind, string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[4] != account {
		return nil, "", false
	}
	noun, rest, _ := strings.Cut(parts[5], "/")
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	for _, k := range []*kind{userKind, groupKind, roleKind} {
		if k.noun == noun && name != "" {
			return k, name, true
		}
	}
	return nil, "", false
}

// ownerOf is the account a simulation's resources belong to when their
// ARNs name none: ResourceOwner (an account id or an ARN naming one), else
// the caller's.
func ownerOf(resourceOwner *string, caller string) string {
	if resourceOwner == nil {
		return caller
	}
	return arnAccount(*resourceOwner, *resourceOwner)
}

// arnAccount is the account field of an ARN, or def when it has none.
func arnAccount(arn, def string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && parts[4] != "" && parts[4] != awsAccount {
		return parts[4]
	}
	return def
}
