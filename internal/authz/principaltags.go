package authz

import (
	"strings"

	"github.com/amityhq/amity/internal/identity"
)

// principalTags are the tags aws:PrincipalTag answers for a request: the
// user's or role's tags, overridden by the session's tags of the same key
// in any case ("New session tags override existing assumed role or
// federated user tags with the same tag key, regardless of case" [IAM
// User Guide, id_session-tags]).
func principalTags(entity map[string]string, s *identity.Session) map[string]string {
	if s == nil || len(s.Tags) == 0 {
		return entity
	}
	tags := make(map[string]string, len(entity)+len(s.Tags))
	for k, v := range entity {
		if !hasKeyFold(s.Tags, k) {
			tags[k] = v
		}
	}
	for k, v := range s.Tags {
		tags[k] = v
	}
	return tags
}

func hasKeyFold(m map[string]string, key string) bool {
	for k := range m {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}
