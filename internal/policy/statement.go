package policy

// applies reports how the statement matches req: matchNone when it does not
// apply; otherwise how its Principal names the caller (matchExact when the
// statement has no Principal, as in identity policies, which always speak
// of their holder). bounded says the caller has a permissions boundary. With
// a trace it examines every element; without one it stops at the first that
// fails.
func (st *statement) applies(req *Request, bounded bool, tr *StatementTrace) principalMatch {
	ok := st.matchAction(req.Action, tr)
	if !ok && tr == nil {
		return matchNone
	}
	ok = st.matchResource(req, tr) && ok
	if !ok && tr == nil {
		return matchNone
	}
	m := st.matchPrincipal(req.Principal, bounded, tr)
	ok = m != matchNone && ok
	if !ok && tr == nil {
		return matchNone
	}
	for i := range st.conditions {
		c := &st.conditions[i]
		held := c.eval(req.Context)
		if tr != nil {
			tr.Conditions = append(tr.Conditions, c.trace(req.Context, held))
		}
		ok = held && ok
		if !ok && tr == nil {
			return matchNone
		}
	}
	if tr != nil {
		tr.Applies = ok
	}
	if !ok {
		return matchNone
	}
	return m
}

func (st *statement) matchAction(action string, tr *StatementTrace) bool {
	matched, value := false, ""
	for i := range st.actions {
		if ok, _ := st.actions[i].match(action, nil, true); ok {
			matched, value = true, st.actions[i].raw
			break
		}
	}
	if tr != nil {
		tr.Action = ElementTrace{Not: st.notAction, Matched: matched != st.notAction, Value: value}
	}
	return matched != st.notAction
}

func (st *statement) matchResource(req *Request, tr *StatementTrace) bool {
	if !st.hasResource { // the resource is the one the policy is attached to
		if tr != nil {
			tr.Resource = ElementTrace{Matched: true}
		}
		return true
	}
	matched, unresolved, value := false, false, ""
	for i := range st.resources {
		ok, resolved := st.resources[i].match(req.Resource, req.Context)
		if !resolved {
			unresolved = true
			continue
		}
		if ok {
			matched, value = true, st.resources[i].raw
			break
		}
	}
	// An unresolvable variable makes a NotResource statement inapplicable
	// rather than broader.
	result := matched != st.notResource && !(st.notResource && unresolved)
	if tr != nil {
		tr.Resource = ElementTrace{Not: st.notResource, Matched: result, Value: value, Unresolved: unresolved}
	}
	return result
}

func (st *statement) matchPrincipal(p *Principal, bounded bool, tr *StatementTrace) principalMatch {
	if st.principal == nil {
		return matchExact
	}
	var m principalMatch
	if st.notPrincipal {
		// "The NotPrincipal element with a Deny effect will always deny any
		// IAM principal that has a permissions boundary policy attached,
		// regardless of the values specified in the NotPrincipal element."
		if !st.principal.excludes(p) || (st.deny && bounded) {
			m = matchWildcard
		}
	} else {
		m = st.principal.match(p)
	}
	if tr != nil {
		tr.Principal = &ElementTrace{Not: st.notPrincipal, Matched: m != matchNone}
		if m != matchNone && !st.notPrincipal {
			tr.Principal.Value = st.principal.describe(m, p)
		}
	}
	return m
}

func (c *condition) trace(ctx Context, held bool) ConditionTrace {
	ct := ConditionTrace{Operator: c.operator, Key: c.keyName, RequestValues: ctx.Values(c.key), Matched: held}
	for i := range c.values {
		ct.Values = append(ct.Values, c.values[i].raw)
	}
	return ct
}
