package policy

// Evaluate decides req against the policies that apply to it, following
// AWS's policy evaluation logic (see the package documentation), and then,
// when the policies only implicitly deny, against the resource's grants.
// trace, when not nil, receives the record of every policy, statement and
// grant examined; a nil trace makes Evaluate allocation-free.
func Evaluate(req *Request, ps *Policies, trace *Trace) Decision {
	if req.Context == nil {
		r := *req
		r.Context = Keys(nil) // a request without condition keys
		req = &r
	}
	d := evaluatePolicies(req, ps, trace)
	if d.Effect != ImplicitDeny || d.By == ServiceControlPolicy || ps.Grants == nil {
		return d // grants only allow: never past an explicit deny or an SCP
	}
	var grants *[]GrantTrace
	if trace != nil {
		grants = &trace.Grants
	}
	if id, ok := ps.Grants.Allow(req, grants); ok {
		return Decision{Effect: Allow, By: Grant, GrantID: id}
	}
	return d
}

// evaluatePolicies is Evaluate without the grants.
func evaluatePolicies(req *Request, ps *Policies, trace *Trace) Decision {
	var scp, res, id, bnd, ses outcome
	res.bounded = ps.Boundary != nil
	scp.evalAll(req, ps.SCPs, ServiceControlPolicy, trace)
	res.evalOne(req, ps.Resource, ResourceBasedPolicy, trace)
	id.evalAll(req, ps.Identity, IdentityBasedPolicy, trace)
	bnd.evalOne(req, ps.Boundary, PermissionsBoundary, trace)
	ses.evalAll(req, ps.Session, SessionPolicy, trace)

	// An explicit deny in any policy wins. AWS names one policy type in its
	// message; amity names the first in evaluation order.
	for _, o := range [...]*outcome{&scp, &res, &id, &bnd, &ses} {
		if o.deny.st != nil {
			return o.deny.decision(ExplicitDeny, o.typ)
		}
	}
	if ps.SCPs != nil && !scp.allowed() {
		return Decision{Effect: ImplicitDeny, By: ServiceControlPolicy, Lacking: PolicyTypes(0).With(ServiceControlPolicy)}
	}

	p := req.Principal
	// The root user needs no policy, nor does a federated user session it
	// made (GetFederationToken), within that session's policies.
	identity := id.allowed() || p.Type == Root || p.Type == FederatedUser && p.IssuerARN == RootARN(p.Account)
	// Session policies limit a session; a federated user session has none of
	// its user's permissions without one ("If there is no session policy,
	// the code checks whether the principal is a role session. If the
	// principal is a role session, then the request is Allowed. Otherwise,
	// the request is implicitly denied").
	sessionOK := ses.allowed() || (ps.Session == nil && p.Type != FederatedUser)
	limitsOK := (ps.Boundary == nil || bnd.allowed()) && sessionOK
	// The caller's own policy types that would not allow, first to last.
	var lacking PolicyTypes
	if !identity {
		lacking = lacking.With(IdentityBasedPolicy)
	}
	if ps.Boundary != nil && !bnd.allowed() {
		lacking = lacking.With(PermissionsBoundary)
	}
	if !sessionOK {
		lacking = lacking.With(SessionPolicy)
	}
	identityDenial := func() Decision {
		return Decision{Effect: ImplicitDeny, By: lacking.First(), Lacking: lacking}
	}
	// A resource policy that allows nothing is named; the caller's own
	// types that would not allow either are listed beside it.
	resourceDenial := func() Decision {
		if p.Account == "" {
			lacking = 0 // a service or anonymous caller has no policies of its own
		}
		return Decision{Effect: ImplicitDeny, By: ResourceBasedPolicy, Lacking: lacking.With(ResourceBasedPolicy)}
	}

	if req.crossAccount() {
		// Across accounts the resource policy must allow (by naming the
		// caller or its account) and so must the caller's own policies.
		switch {
		case res.match == matchNone:
			return resourceDenial()
		case p.Account == "": // a service or anonymous caller has no identity policies
			return res.allow.decision(Allow, ResourceBasedPolicy)
		case !identity || !limitsOK:
			return identityDenial()
		}
		return res.allow.decision(Allow, ResourceBasedPolicy)
	}

	// Within the account, a resource policy naming the user or the session
	// itself, or everyone, allows on its own, beyond boundaries and session
	// policies; one naming the session's role (or the user that federated)
	// allows within those limits.
	switch {
	case res.match == matchExact, res.match == matchWildcard,
		res.match == matchIssuer && limitsOK:
		return res.allow.decision(Allow, ResourceBasedPolicy)
	}
	if ps.Mode == ResourcePolicyRequired && res.match == matchNone {
		return resourceDenial()
	}
	if identity && limitsOK {
		if id.allow.st == nil { // the root user
			return Decision{Effect: Allow, By: IdentityBasedPolicy}
		}
		return id.allow.decision(Allow, IdentityBasedPolicy)
	}
	return identityDenial()
}

// stmtRef locates a statement for a Decision.
type stmtRef struct {
	policy *Policy
	st     *statement
}

func (r stmtRef) decision(e Effect, by PolicyType) Decision {
	d := Decision{Effect: e, By: by}
	if r.st != nil {
		d.Policy, d.Statement, d.Sid = r.policy.name, r.st.index, r.st.sid
	}
	return d
}

// outcome gathers the statements of one policy type that apply.
type outcome struct {
	typ   PolicyType
	allow stmtRef        // an allowing statement (the best-ranked for resource policies)
	match principalMatch // how the best allowing statement names the caller
	deny  stmtRef        // the first denying statement
	// bounded: the caller has a permissions boundary, which NotPrincipal
	// with Deny does not spare.
	bounded bool
}

func (o *outcome) allowed() bool { return o.allow.st != nil }

func (o *outcome) evalAll(req *Request, policies []*Policy, typ PolicyType, trace *Trace) {
	o.typ = typ
	for _, p := range policies {
		o.eval(req, p, trace)
		if o.deny.st != nil && trace == nil {
			return
		}
	}
}

func (o *outcome) evalOne(req *Request, p *Policy, typ PolicyType, trace *Trace) {
	o.typ = typ
	if p != nil {
		o.eval(req, p, trace)
	}
}

func (o *outcome) eval(req *Request, p *Policy, trace *Trace) {
	var pt *PolicyTrace
	if trace != nil {
		pt = trace.add(o.typ, p)
	}
	for i := range p.statements {
		st := &p.statements[i]
		var stt *StatementTrace
		if pt != nil {
			pt.Statements = append(pt.Statements, StatementTrace{Index: st.index, Sid: st.sid, Deny: st.deny,
				Start: st.start, End: st.end})
			stt = &pt.Statements[len(pt.Statements)-1]
		}
		m := st.applies(req, o.bounded, stt)
		if m == matchNone {
			continue
		}
		if st.deny {
			if o.deny.st == nil {
				o.deny = stmtRef{p, st}
			}
			if trace == nil {
				return
			}
			continue
		}
		if m > o.match {
			o.allow, o.match = stmtRef{p, st}, m
		}
	}
}
