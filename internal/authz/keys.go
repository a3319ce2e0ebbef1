package authz

import (
	"strconv"
	"strings"
	"time"

	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// requestKeys is a request's condition keys, answered as the engine asks
// for them: the service's own first, then AWS's global keys computed from
// the request. Most decisions read few keys or none, so nothing is built
// ahead.
type requestKeys struct {
	req     *Request
	service ServiceKeys       // nil when the service has none
	tags    map[string]string // the principal's tags
}

var (
	trueValues  = []string{"true"}
	falseValues = []string{"false"}
)

func boolValues(b bool) []string {
	if b {
		return trueValues
	}
	return falseValues
}

// Values implements policy.Context.
func (k *requestKeys) Values(key string) []string {
	if k.service != nil {
		if v := k.service.Values(key); v != nil {
			return v
		}
	}
	req, p := k.req, &k.req.Principal
	switch key {
	case "aws:currenttime":
		return []string{req.Time.UTC().Format(time.RFC3339)}
	case "aws:epochtime":
		return []string{strconv.FormatInt(req.Time.Unix(), 10)}
	case "aws:securetransport":
		return boolValues(req.SecureTransport)
	case "aws:viaawsservice":
		return boolValues(req.ViaService != "")
	case "aws:calledvia":
		return req.CalledVia
	case "aws:calledviafirst":
		if len(req.CalledVia) > 0 {
			return req.CalledVia[:1]
		}
	case "aws:calledvialast":
		if n := len(req.CalledVia); n > 0 {
			return req.CalledVia[n-1:]
		}
	case "aws:principalisawsservice":
		return boolValues(p.Type == policy.Service)
	case "aws:principalservicename":
		if p.Type == policy.Service {
			return []string{p.ARN}
		}
	case "aws:sourcearn":
		return nonEmpty(req.SourceARN)
	case "aws:sourceaccount":
		return nonEmpty(req.SourceAccount)
	case "aws:requestedregion":
		return nonEmpty(req.Region)
	case "aws:sourceip":
		if req.ViaService == "" { // a service's call has no caller address
			return nonEmpty(req.SourceIP)
		}
	case "aws:principalaccount":
		return nonEmpty(p.Account)
	case "aws:principaltype":
		if p.Account != "" {
			return []string{p.Type.String()}
		}
	case "aws:principalarn":
		if p.Type == policy.AssumedRole {
			return []string{p.IssuerARN} // a role session's is its role's
		}
		if p.Account != "" {
			return []string{p.ARN}
		}
	case "aws:userid":
		return nonEmpty(req.PrincipalID())
	case "aws:username":
		if c := req.Credential; c != nil && c.Kind == identity.KindUser {
			return []string{c.UserName}
		}
	}
	if tag, ok := strings.CutPrefix(key, "aws:principaltag/"); ok {
		for name, value := range k.tags {
			if strings.EqualFold(name, tag) { // tag keys compare without case
				return []string{value}
			}
		}
	}
	return nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
