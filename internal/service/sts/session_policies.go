package sts

import (
	"context"
	"fmt"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/policy"
)

// packedPolicyBytes is what PackedPolicySize is a percentage of: the
// plain text AWS allows session policies (2,048 characters); session
// tags count against the same limit.
const packedPolicyBytes = 2048

// sessionPolicies gathers the session policy documents of AssumeRole or
// GetFederationToken (Policy, then the documents of PolicyArns), validates
// them, and returns their packed size, with the session tags', as a
// percentage of what a session may carry.
func (s *Service) sessionPolicies(ctx context.Context, inline *string, arns []stsapi.PolicyDescriptorType, tags *sessionTags) ([]string, int32, error) {
	var docs []string
	if inline != nil {
		docs = append(docs, *inline)
	}
	for _, pd := range arns {
		if pd.Arn == nil {
			continue
		}
		doc, ok, err := s.roles.ManagedPolicyDocument(ctx, *pd.Arn)
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			return nil, 0, stsapi.Validation(fmt.Sprintf("Policy %s does not exist or is not attachable.", *pd.Arn))
		}
		docs = append(docs, doc)
	}
	size := tags.size()
	for _, doc := range docs {
		if _, err := policy.Parse(policy.Session, "session policy", doc); err != nil {
			return nil, 0, malformedPolicy(err)
		}
		size += policy.Size(doc)
	}
	packed := int32((size*100 + packedPolicyBytes - 1) / packedPolicyBytes)
	if packed > 100 {
		return nil, 0, stsPackedPolicyTooLarge(packed)
	}
	return docs, packed, nil
}
