package iam

import (
	"errors"
	"strings"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// awsAccount owns AWS managed policies: arn:aws:iam::aws:policy/...
const awsAccount = "aws"

// splitPolicyARN returns the account, path and name of
// arn:aws:iam::ACCOUNT:policy/PATH/NAME; ok is false for anything else.
func splitPolicyARN(arn string) (account, path, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "iam" || parts[3] != "" {
		return "", "", "", false
	}
	res, found := strings.CutPrefix(parts[5], "policy/")
	if !found || res == "" || strings.HasSuffix(res, "/") {
		return "", "", "", false
	}
	i := strings.LastIndexByte(res, '/')
	return parts[4], "/" + res[:i+1], res[i+1:], true
}

// policyNameOf is the name at the end of a policy ARN.
func policyNameOf(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// lookupPolicy returns the managed policy an ARN names, AWS's (which
// exist in every account, with their real documents) or an account's;
// errNotFound when there is none at that exact ARN.
func lookupPolicy(tx store.Tx, arn string) (*ManagedPolicy, error) {
	account, path, name, ok := splitPolicyARN(arn)
	if !ok {
		return nil, errNotFound
	}
	if account == awsAccount {
		mp, ok := awsdata.ManagedPolicy(name)
		if !ok || mp.ARN != arn {
			return nil, errNotFound
		}
		return awsManaged(&mp), nil
	}
	p, err := getPolicy(tx, account, name)
	if err != nil {
		return nil, err
	}
	if p.Path != path || p.Name != name {
		return nil, errNotFound
	}
	return p, nil
}

// findPolicy is lookupPolicy for operations: a malformed ARN is
// InvalidInput, a missing policy NoSuchEntity.
func findPolicy(tx store.Tx, arn string) (*ManagedPolicy, error) {
	if _, _, _, ok := splitPolicyARN(arn); !ok {
		return nil, invalidARN(arn)
	}
	p, err := lookupPolicy(tx, arn)
	if errors.Is(err, errNotFound) {
		return nil, noSuchPolicy(arn)
	}
	return p, err
}

// awsManaged presents an AWS managed policy as a record: its default
// version is the one amity has the document of.
func awsManaged(mp *awsdata.IAMPolicy) *ManagedPolicy {
	return &ManagedPolicy{Account: awsAccount, Name: mp.Name, Path: mp.Path, ID: mp.ID,
		Created: mp.CreateDate, Updated: mp.UpdateDate, DefaultVersion: mp.DefaultVersionID,
		Versions: []PolicyVersion{{ID: mp.DefaultVersionID, Document: mp.Document, Created: mp.UpdateDate}}}
}

// serviceRolePolicy reports whether a policy may be attached only to
// service-linked roles: AWS's policies under /aws-service-role/.
func serviceRolePolicy(p *ManagedPolicy) bool {
	return p.Account == awsAccount && strings.HasPrefix(p.Path, "/aws-service-role/")
}
