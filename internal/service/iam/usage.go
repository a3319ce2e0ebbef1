package iam

import (
	"github.com/amityhq/amity/internal/store"
)

// usage is how one account uses a managed policy: the entities it is
// attached to and those it bounds.
type usage struct {
	users, groups, roles []*Entity // attached to, in name order
	boundedUsers         []*Entity
	boundedRoles         []*Entity
}

func (u *usage) attachments() int { return len(u.users) + len(u.groups) + len(u.roles) }
func (u *usage) boundaries() int  { return len(u.boundedUsers) + len(u.boundedRoles) }

// accountUsage gathers, in one pass over the account's users, groups and
// roles, the usage of every managed policy they name, by policy ARN.
// IAM keeps no counters: the entities are the truth.
func accountUsage(tx store.Tx, account string) (map[string]*usage, error) {
	all := map[string]*usage{}
	of := func(arn string) *usage {
		u := all[arn]
		if u == nil {
			u = &usage{}
			all[arn] = u
		}
		return u
	}
	users, err := list[User](tx, usersTable, account)
	if err != nil {
		return nil, err
	}
	for _, e := range users {
		for _, arn := range e.Attached {
			of(arn).users = append(of(arn).users, &e.Entity)
		}
		if e.Boundary != "" {
			of(e.Boundary).boundedUsers = append(of(e.Boundary).boundedUsers, &e.Entity)
		}
	}
	groups, err := list[Group](tx, groupsTable, account)
	if err != nil {
		return nil, err
	}
	for _, e := range groups {
		for _, arn := range e.Attached {
			of(arn).groups = append(of(arn).groups, &e.Entity)
		}
	}
	roles, err := list[Role](tx, rolesTable, account)
	if err != nil {
		return nil, err
	}
	for _, e := range roles {
		for _, arn := range e.Attached {
			of(arn).roles = append(of(arn).roles, &e.Entity)
		}
		if e.Boundary != "" {
			of(e.Boundary).boundedRoles = append(of(e.Boundary).boundedRoles, &e.Entity)
		}
	}
	return all, nil
}

// policyUsage is accountUsage for one policy; never nil.
func policyUsage(tx store.Tx, account, arn string) (*usage, error) {
	all, err := accountUsage(tx, account)
	if err != nil {
		return nil, err
	}
	if u := all[arn]; u != nil {
		return u, nil
	}
	return &usage{}, nil
}
