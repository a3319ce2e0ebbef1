package sts

import (
	"context"
	"strings"

	"github.com/amityhq/amity/internal/api/stsapi"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/policy"
)

// AWS's refusals of session tags: InvalidParameterValue, HTTP 400
// [LocalStack's STS snapshot recorded on AWS, 2025-04-10,
// test_assume_role_tag_validation and
// test_iam_role_chaining_override_transitive_tags].
var (
	errDuplicateTagKeys = stsapi.InvalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
	errTransitiveNotTag = stsapi.InvalidParameterValue("The specified transitive tag key must be included in the requested tags.")
	errTransitiveFixed  = stsapi.InvalidParameterValue("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.")
)

// sessionTags are the tags a new session carries: those the request
// passes and those inherited as transitive from the calling session.
type sessionTags struct {
	passed           []stsapi.Tag // as the request passed them
	passedTransitive []string     // the request's TransitiveTagKeys
	tags             map[string]string
	transitive       []string // the keys of tags that pass on
}

// newSessionTags validates the Tags and TransitiveTagKeys of a request
// made by caller (a session when roles are chained, else nil) as AWS
// does: tag keys compare without case, so keys differing only in case are
// duplicates; every transitive key must name a passed tag; no passed tag
// may set a key the calling session passes on as transitive. The session
// gets the calling session's transitive tags too, still transitive.
func newSessionTags(passed []stsapi.Tag, transitive []string, caller *identity.Session) (*sessionTags, error) {
	keys := make(map[string]string, len(passed)) // lower-cased key → key as passed
	st := &sessionTags{passed: passed, passedTransitive: transitive, tags: map[string]string{}}
	for _, t := range passed {
		k := strings.ToLower(*t.Key)
		if _, dup := keys[k]; dup {
			return nil, errDuplicateTagKeys
		}
		keys[k] = *t.Key
		st.tags[*t.Key] = *t.Value
	}
	for _, k := range transitive {
		key, ok := keys[strings.ToLower(k)]
		if !ok {
			return nil, errTransitiveNotTag
		}
		st.transitive = append(st.transitive, key) // the tag's own key, whatever case named it
	}
	if caller == nil {
		return st, nil
	}
	for _, k := range caller.TransitiveTagKeys {
		if _, ok := keys[strings.ToLower(k)]; ok {
			return nil, errTransitiveFixed
		}
		st.tags[k] = caller.Tags[k]
		st.transitive = append(st.transitive, k)
	}
	return st, nil
}

// callingSession is the session a request comes from, nil for a caller
// with long-term credentials or none (a service).
func callingSession(req *authz.Request) *identity.Session {
	if req.Credential == nil {
		return nil
	}
	return req.Credential.Session
}

// any reports whether the request passes tags, which needs sts:TagSession.
func (st *sessionTags) any() bool { return len(st.passed) > 0 }

// context adds the request's tag condition keys to c (lower-cased, as
// authz.Check wants them): aws:RequestTag/KEY, aws:TagKeys and
// sts:TransitiveTagKeys.
func (st *sessionTags) context(c map[string][]string) {
	var keys []string
	for _, t := range st.passed {
		c["aws:requesttag/"+strings.ToLower(*t.Key)] = []string{*t.Value}
		keys = append(keys, *t.Key)
	}
	if keys != nil {
		c["aws:tagkeys"] = keys
	}
	if len(st.passedTransitive) > 0 {
		c["sts:transitivetagkeys"] = st.passedTransitive
	}
}

// size is what the passed tags add to a session's packed size: their
// plain text.
func (st *sessionTags) size() int {
	n := 0
	for _, t := range st.passed {
		n += len(*t.Key) + len(*t.Value)
	}
	return n
}

// allowTagging authorizes sts:TagSession, which passing session tags
// requires beside the operation's own action [IAM User Guide,
// id_session-tags: "In addition to the action that matches the API
// operation, you must have the following permissions-only action in your
// policy: sts:TagSession"], with the operation's check otherwise. The
// refusal names the action as AssumeRole's does ["User: ... is not
// authorized to perform: sts:TagSession on resource: arn:aws:iam::...:role/...",
// karpenter logs, 2024-07, status code: 403].
func (s *Service) allowTagging(ctx context.Context, req *authz.Request, check *authz.Check) error {
	tagging := *check
	tagging.Action = "sts:TagSession"
	d, err := s.authz.Authorize(ctx, req, &tagging)
	if err != nil {
		return err
	}
	if !d.Allowed() {
		return accessDenied(authz.DeniedMessage(req.Principal.ARN, &tagging, policy.Decision{}, false))
	}
	return nil
}
