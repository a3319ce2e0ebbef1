package kms

import (
	"sync"

	"github.com/amityhq/amity/internal/api/kmsapi"
)

// keyTraits are what a key's spec, usage, origin and multi-Region type
// make of it: its spec's table, its kind, and its own condition values
// (kms:KeySpec, kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion and
// kms:MultiRegionKeyType, nil for a single-Region key). Keys alike share
// one (traitsOf): an entry holds a pointer where it held ten fields.
type keyTraits struct {
	spec                                   *keySpec
	kind                                   keyKind
	specValue, usageValue, originValue     []string
	multiRegionValue, multiRegionTypeValue []string
}

// traitsKey tells keys of the same traits: there are a few dozen sets.
type traitsKey struct {
	spec, usage, origin, multiRegionType string
}

var traits sync.Map // traitsKey → *keyTraits

// traitsOf returns rec's traits; ok is false for a spec amity does not
// know.
func traitsOf(rec *keyRecord) (t *keyTraits, ok bool) {
	k := traitsKey{spec: rec.spec(), usage: rec.usage(), origin: rec.origin()}
	if rec.MultiRegion != nil {
		k.multiRegionType = kmsapi.MultiRegionKeyTypePrimary
		if rec.isReplica() {
			k.multiRegionType = kmsapi.MultiRegionKeyTypeReplica
		}
	}
	if v, hit := traits.Load(k); hit {
		return v.(*keyTraits), true
	}
	spec := keySpecs[k.spec]
	if spec == nil {
		return nil, false
	}
	t = &keyTraits{spec: spec, kind: kindOf(k.spec), specValue: []string{k.spec}, usageValue: []string{k.usage},
		originValue: awsKMS, multiRegionValue: falseValue}
	if k.origin != kmsapi.OriginTypeAwsKms {
		t.originValue = []string{k.origin}
	}
	switch k.multiRegionType {
	case kmsapi.MultiRegionKeyTypePrimary:
		t.multiRegionValue, t.multiRegionTypeValue = trueValue, primaryValue
	case kmsapi.MultiRegionKeyTypeReplica:
		t.multiRegionValue, t.multiRegionTypeValue = trueValue, replicaValue
	}
	v, _ := traits.LoadOrStore(k, t)
	return v.(*keyTraits), true
}
