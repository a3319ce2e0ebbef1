package kms

import (
	"strconv"
	"strings"
	"sync"

	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
)

// KMS's condition keys, lower-cased as the policy engine stores them.
const (
	condCallerAccount          = "kms:calleraccount"
	condViaService             = "kms:viaservice"
	condEncryptionContextKeys  = "kms:encryptioncontextkeys"
	condEncryptionContextKey   = "kms:encryptioncontext:" // + the context key
	condEncryptionAlgorithm    = "kms:encryptionalgorithm"
	condKeySpec                = "kms:keyspec"
	condKeyUsage               = "kms:keyusage"
	condKeyOrigin              = "kms:keyorigin"
	condMultiRegion            = "kms:multiregion"
	condRequestAlias           = "kms:requestalias"
	condResourceAliases        = "kms:resourcealiases"
	condGrantIsForAWSResource  = "kms:grantisforawsresource"
	condGrantOperations        = "kms:grantoperations"
	condGranteePrincipal       = "kms:granteeprincipal"
	condRetiringPrincipal      = "kms:retiringprincipal"
	condGrantConstraintType    = "kms:grantconstrainttype"
	condBypassLockout          = "kms:bypasspolicylockoutsafetycheck"
	condReEncryptOnSameKey     = "kms:reencryptonsamekey"
	condRotationPeriodInDays   = "kms:rotationperiodindays"
	condPendingWindowInDays    = "kms:schedulekeydeletionpendingwindowindays"
	condResourceTag            = "aws:resourcetag/" // + the tag key
	condRequestTag             = "aws:requesttag/"  // + the tag key
	condTagKeys                = "aws:tagkeys"
	condCustomerMasterKeySpec  = "kms:customermasterkeyspec"
	condCustomerMasterKeyUsage = "kms:customermasterkeyusage"
	condSigningAlgorithm       = "kms:signingalgorithm"
	condMessageType            = "kms:messagetype"
	condMacAlgorithm           = "kms:macalgorithm"
	condKeyAgreementAlgorithm  = "kms:keyagreementalgorithm"
	condDataKeyPairSpec        = "kms:datakeypairspec"
	condMultiRegionKeyType     = "kms:multiregionkeytype"
	condReplicaRegion          = "kms:replicaregion"
	condPrimaryRegion          = "kms:primaryregion"
	condWrappingAlgorithm      = "kms:wrappingalgorithm"
	condWrappingKeySpec        = "kms:wrappingkeyspec"
	condExpirationModel        = "kms:expirationmodel"
)

// Shared values: the context map is read, never written, by the engine.
var (
	encryptDecrypt = []string{kmsapi.KeyUsageTypeEncryptDecrypt}
	awsKMS         = []string{kmsapi.OriginTypeAwsKms}
	falseValue     = []string{"false"}
	primaryValue   = []string{kmsapi.MultiRegionKeyTypePrimary}
	replicaValue   = []string{kmsapi.MultiRegionKeyTypeReplica}
	trueValue      = []string{"true"}
)

// enumConditions are the condition maps of requests that differ only by
// one or two enumerated values (an algorithm, a message type, a key pair
// spec), each made once and shared: the engine only reads them, and
// building one per request costs more than deciding it. The values are
// the model's enums (validated before the service sees them), so the
// cache stays small.
type enumConditions struct {
	mu   sync.RWMutex
	maps map[[4]string]map[string][]string
}

var sharedConditions enumConditions

// of returns {k1: [v1]} or, when k2 is not empty, {k1: [v1], k2: [v2]}.
func (ec *enumConditions) of(k1, v1, k2, v2 string) map[string][]string {
	key := [4]string{k1, v1, k2, v2}
	ec.mu.RLock()
	m, ok := ec.maps[key]
	ec.mu.RUnlock()
	if ok {
		return m
	}
	m = map[string][]string{k1: {v1}}
	if k2 != "" {
		m[k2] = []string{v2}
	}
	ec.mu.Lock()
	defer ec.mu.Unlock()
	if ec.maps == nil {
		ec.maps = make(map[[4]string]map[string][]string)
	}
	ec.maps[key] = m
	return m
}

// callerConditions are the keys every KMS request carries: who calls, and
// through which service.
func callerConditions(req *authz.Request, c map[string][]string) map[string][]string {
	if c == nil {
		c = make(map[string][]string, 4)
	}
	if req.Principal.Account != "" {
		c[condCallerAccount] = []string{req.Principal.Account}
	}
	if req.ViaService != "" {
		c[condViaService] = []string{req.ViaService}
	}
	return c
}

// conditionSet answers the condition keys of one request on a key as the
// engine asks for them: the caller's, the key's (spec, usage, origin,
// aliases, tags), the request's encryption context and alias, and the
// operation's own. Most decisions read few keys, so nothing is built
// ahead, not even the encryption context's pairs. Sets are pooled: a map per
// cryptographic request cost more than the rest of KMS's work. The engine
// reads a set only during Authorize.
type conditionSet struct {
	req *authz.Request
	key *keyEntry
	a   *access // &access, the request's, copied so as not to keep the caller's
	access
	// One-value slices for the engine, kept in the set so that answering
	// allocates nothing.
	callerAccount, viaService, alias [1]string
	// The encryption context's pairs, gathered on first need.
	gathered bool
	keys     []string // kms:EncryptionContextKeys
	values   []string // the value of each of keys, in order
	grants   keyGrants
}

var conditionSets = sync.Pool{New: func() any { return new(conditionSet) }}

// release returns a set to the pool; nothing may use it afterwards.
func (cs *conditionSet) release() {
	keys, values := cs.keys[:0], cs.values[:0]
	clear(cs.keys)
	clear(cs.values)
	*cs = conditionSet{keys: keys, values: values}
	conditionSets.Put(cs)
}

// keyConditions are the condition keys of a request on a key. Release the
// set once the authorization is decided.
func keyConditions(req *authz.Request, key *keyEntry, a *access) *conditionSet {
	cs := conditionSets.Get().(*conditionSet)
	cs.req, cs.key, cs.access = req, key, *a
	cs.a = &cs.access
	cs.callerAccount[0], cs.viaService[0], cs.alias[0] = req.Principal.Account, req.ViaService, a.alias
	return cs
}

// contextPairs returns the keys of the request's encryption context and
// their values, in the same order. Gathered when a policy first asks:
// iterating the map cost more than most decisions.
func (cs *conditionSet) contextPairs() (keys, values []string) {
	if !cs.gathered {
		for k, v := range cs.ec {
			cs.keys = append(cs.keys, k)
			cs.values = append(cs.values, v)
		}
		cs.gathered = true
	}
	return cs.keys, cs.values
}

// Values implements policy.Context. The operation's own keys come first,
// as they may replace the key's (kms:EncryptionAlgorithm, ...).
func (cs *conditionSet) Values(name string) []string {
	if v, ok := cs.a.conditions[name]; ok {
		return v
	}
	key := cs.key
	switch name {
	case condCallerAccount:
		return oneValue(cs.callerAccount[:])
	case condViaService:
		return oneValue(cs.viaService[:])
	case condKeySpec, condCustomerMasterKeySpec:
		return key.specValue
	case condKeyUsage, condCustomerMasterKeyUsage:
		return key.usageValue
	case condKeyOrigin:
		return key.originValue
	case condMultiRegion:
		return key.multiRegionValue
	case condMultiRegionKeyType:
		return key.multiRegionTypeValue
	case condResourceAliases:
		if len(key.rec.Aliases) > 0 {
			return key.rec.Aliases
		}
	case condRequestAlias:
		return oneValue(cs.alias[:])
	case condEncryptionContextKeys:
		if keys, _ := cs.contextPairs(); len(keys) > 0 {
			return keys
		}
	}
	if k, ok := strings.CutPrefix(name, condEncryptionContextKey); ok {
		keys, values := cs.contextPairs()
		for i, ck := range keys {
			if lowerASCIIEquals(ck, k) { // condition key names ignore case
				return values[i : i+1 : i+1]
			}
		}
	}
	if k, ok := strings.CutPrefix(name, condResourceTag); ok {
		for _, t := range key.rec.Tags {
			if strings.EqualFold(t.Key, k) {
				return []string{t.Value}
			}
		}
	}
	return nil
}

// Each implements authz.ServiceKeys, for the record of a denial.
func (cs *conditionSet) Each(f func(key string, values []string)) {
	for _, name := range [...]string{condCallerAccount, condViaService, condKeySpec, condCustomerMasterKeySpec,
		condKeyUsage, condCustomerMasterKeyUsage, condKeyOrigin, condMultiRegion, condMultiRegionKeyType,
		condResourceAliases, condRequestAlias, condEncryptionContextKeys} {
		if _, own := cs.a.conditions[name]; !own {
			if v := cs.Values(name); v != nil {
				f(name, v)
			}
		}
	}
	keys, values := cs.contextPairs()
	for i, k := range keys {
		f(condEncryptionContextKey+strings.ToLower(k), values[i:i+1])
	}
	for _, t := range cs.key.rec.Tags {
		f(condResourceTag+strings.ToLower(t.Key), []string{t.Value})
	}
	for k, v := range cs.a.conditions {
		f(k, v)
	}
}

// oneValue is v, a one-value slice, or nil when its value is empty.
func oneValue(v []string) []string {
	if v[0] == "" {
		return nil
	}
	return v
}

// lowerASCIIEquals reports whether s, with its ASCII letters lower-cased,
// is lower.
func lowerASCIIEquals(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if b != lower[i] {
			return false
		}
	}
	return true
}

// grantIsForAWSResource is kms:GrantIsForAWSResource for CreateGrant,
// ListGrants and RevokeGrant: true only when an AWS service integrated
// with KMS makes the call on the caller's behalf, so a user can never
// satisfy it by calling directly (AWS_TEXTS.md, correction 4).
func grantIsForAWSResource(req *authz.Request) []string {
	if req.ViaService != "" {
		return trueValue
	}
	return falseValue
}

func boolValue(b bool) []string {
	if b {
		return trueValue
	}
	return falseValue
}

func intValue(n int32) []string { return []string{strconv.Itoa(int(n))} }

// tagConditions are aws:RequestTag/K and aws:TagKeys of a request that
// sets or removes tags.
func tagConditions(c map[string][]string, tags []kmsapi.Tag, keys []string) map[string][]string {
	if c == nil {
		c = make(map[string][]string, len(tags)+1)
	}
	for _, t := range tags {
		k := deref(t.TagKey)
		c[condRequestTag+strings.ToLower(k)] = []string{deref(t.TagValue)}
		keys = append(keys, k)
	}
	if len(keys) > 0 {
		c[condTagKeys] = keys
	}
	return c
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
