package awsdata

import (
	"encoding/json"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// IAMPolicy is an AWS managed IAM policy as GetPolicy and GetPolicyVersion
// describe it. (The name ManagedPolicy is taken by the lookup function.)
type IAMPolicy struct {
	Name             string
	ID               string // PolicyId, e.g. "ANPAIWMBCKSKIEE64ZLYK".
	ARN              string // e.g. "arn:aws:iam::aws:policy/AdministratorAccess".
	Path             string // "/" or e.g. "/aws-service-role/".
	DefaultVersionID string // e.g. "v1".
	IsAttachable     bool
	CreateDate       time.Time
	UpdateDate       time.Time
	// Document is the policy document exactly as the source file holds it
	// (the bytes of its JSON value, whitespace included), so that a
	// GetPolicyVersion answer does not depend on how amity re-encodes JSON.
	Document string
}

// managedPolicyFile is the layout of data/iam-managed-policies/*.json.
type managedPolicyFile struct {
	PolicyName       string
	PolicyID         string `json:"PolicyId"`
	Arn              string
	Path             string
	DefaultVersionID string `json:"DefaultVersionId"`
	IsAttachable     bool
	CreateDate       time.Time
	UpdateDate       time.Time
	Document         json.RawMessage
}

const managedPolicyDir = "iam-managed-policies"

// managedPolicies parses every managed policy file once, sorted by name.
var managedPolicies = sync.OnceValue(func() []IAMPolicy {
	entries, err := fs.ReadDir(files, path.Join("data", managedPolicyDir))
	if err != nil {
		panic("awsdata: " + err.Error())
	}
	policies := make([]IAMPolicy, 0, len(entries))
	for _, e := range entries {
		var f managedPolicyFile
		mustUnmarshal(path.Join(managedPolicyDir, e.Name()), &f)
		policies = append(policies, IAMPolicy{
			Name:             f.PolicyName,
			ID:               f.PolicyID,
			ARN:              f.Arn,
			Path:             f.Path,
			DefaultVersionID: f.DefaultVersionID,
			IsAttachable:     f.IsAttachable,
			CreateDate:       f.CreateDate,
			UpdateDate:       f.UpdateDate,
			Document:         string(f.Document),
		})
	}
	slices.SortFunc(policies, func(a, b IAMPolicy) int { return strings.Compare(a.Name, b.Name) })
	return policies
})

// ManagedPolicies returns every AWS managed policy amity knows, sorted by
// name. The slice is the caller's own.
func ManagedPolicies() []IAMPolicy {
	return slices.Clone(managedPolicies())
}

// ManagedPolicy returns the AWS managed policy with the given name (e.g.
// "AdministratorAccess"), and false when amity does not know it.
func ManagedPolicy(name string) (IAMPolicy, bool) {
	all := managedPolicies()
	i, found := slices.BinarySearchFunc(all, name, func(p IAMPolicy, n string) int { return strings.Compare(p.Name, n) })
	if !found {
		return IAMPolicy{}, false
	}
	return all[i], true
}
