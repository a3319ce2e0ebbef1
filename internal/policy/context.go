package policy

import "strings"

// Context gives the condition keys of a request (aws:SourceIp,
// kms:ViaService, ...) and the values of policy variables. AWS compares
// condition key names without regard to case, so the engine asks for keys
// lower-cased; values keep their case, and each operator decides how to
// compare them. A key with several values is a multivalued key
// (kms:EncryptionContextKeys, aws:TagKeys).
//
// Context is an interface so that a caller can answer keys as they are
// asked for — most requests are decided without reading most keys —
// instead of building a map for every request.
type Context interface {
	// Values returns the values of the key, named in lower case; nil when
	// the request does not have it.
	Values(key string) []string
}

// Keys is a Context kept in a map under lower-cased names.
type Keys map[string][]string

// Set stores the values of key (any case), replacing earlier ones.
func (k Keys) Set(key string, values ...string) {
	k[strings.ToLower(key)] = values
}

// Values implements Context.
func (k Keys) Values(key string) []string { return k[key] }

// Each calls f with every key and its values, in no order.
func (k Keys) Each(f func(key string, values []string)) {
	for key, values := range k {
		f(key, values)
	}
}
