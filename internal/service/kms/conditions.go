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

// conditionSet is the condition keys of one authorization. Sets are
// pooled: building a fresh map for every cryptographic request costs more
// than the rest of KMS's work, and authz only reads the map during
// Authorize.
type conditionSet struct {
	m      map[string][]string
	keys   []string // kms:EncryptionContextKeys
	values []string // the values of kms:EncryptionContext:K
	grants keyGrants
}

var conditionSets = sync.Pool{New: func() any { return &conditionSet{m: make(map[string][]string, 16)} }}

// release returns a set to the pool; nothing may use it afterwards.
func (cs *conditionSet) release() {
	clear(cs.m)
	cs.keys, cs.values = cs.keys[:0], cs.values[:0]
	cs.grants = keyGrants{}
	conditionSets.Put(cs)
}

// keyConditions are the condition keys of a request on a key: the caller's,
// the key's (spec, usage, origin, aliases, tags), the request's encryption
// context and alias, and the operation's own. Release the set once the
// authorization is decided.
func keyConditions(req *authz.Request, key *keyEntry, a *access) *conditionSet {
	rec := key.rec
	cs := conditionSets.Get().(*conditionSet)
	c := cs.m
	callerConditions(req, c)
	c[condKeySpec] = key.specValue
	c[condCustomerMasterKeySpec] = key.specValue
	c[condKeyUsage] = key.usageValue
	c[condCustomerMasterKeyUsage] = key.usageValue
	c[condKeyOrigin] = key.originValue
	c[condMultiRegion] = key.multiRegionValue
	if key.multiRegionTypeValue != nil {
		c[condMultiRegionKeyType] = key.multiRegionTypeValue
	}
	if len(rec.Aliases) > 0 {
		c[condResourceAliases] = rec.Aliases
	}
	if a.alias != "" {
		c[condRequestAlias] = []string{a.alias}
	}
	for _, t := range rec.Tags {
		c[condResourceTag+strings.ToLower(t.Key)] = []string{t.Value}
	}
	if len(a.ec) > 0 {
		cs.addContext(a.ec)
	}
	for k, v := range a.conditions {
		c[k] = v
	}
	return cs
}

// addContext adds kms:EncryptionContext:K for each pair of ec, and
// kms:EncryptionContextKeys. The names share one string.
func (cs *conditionSet) addContext(ec map[string]string) {
	n := 0
	for k := range ec {
		n += len(condEncryptionContextKey) + len(k)
	}
	var names strings.Builder
	names.Grow(n)
	for k, v := range ec {
		names.WriteString(condEncryptionContextKey)
		for i := 0; i < len(k); i++ { // condition key names ignore case
			b := k[i]
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			names.WriteByte(b)
		}
		cs.keys = append(cs.keys, k)
		cs.values = append(cs.values, v)
	}
	all, i := names.String(), 0
	for j, k := range cs.keys {
		end := i + len(condEncryptionContextKey) + len(k)
		cs.m[all[i:end]] = cs.values[j : j+1 : j+1]
		i = end
	}
	cs.m[condEncryptionContextKeys] = cs.keys
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
