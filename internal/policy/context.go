package policy

import "strings"

// Context holds a request's condition keys (aws:SourceIp, kms:ViaService,
// ...) and their values. Keys are stored lower-cased because AWS compares
// condition key names without regard to case; values keep their case, and
// each operator decides how to compare them. A key with several values is a
// multivalued key (kms:EncryptionContextKeys, aws:TagKeys).
type Context map[string][]string

// Set stores the values of key, replacing earlier ones.
func (c Context) Set(key string, values ...string) {
	c[strings.ToLower(key)] = values
}

// Get returns the values of key (any case), nil when absent.
func (c Context) Get(key string) []string {
	return c[strings.ToLower(key)]
}
