package iam

import (
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/store"
)

// sortedNames returns a map's keys in order, for deterministic output.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// IAM names compare without regard to case: a user's list of groups and
// an instance profile's list of roles name entities as IAM finds them.

// hasName reports whether names holds name.
func hasName(names []string, name string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
}

// withoutName removes name from names.
func withoutName(names []string, name string) []string {
	return slices.DeleteFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
}

// holding returns the records of table in account whose list of names
// holds name: a group's members (users), a role's instance profiles.
func holding[T any](tx store.Tx, table, account, name string, names func(*T) []string) ([]*T, error) {
	all, err := list[T](tx, table, account)
	return slices.DeleteFunc(all, func(r *T) bool { return !hasName(names(r), name) }), err
}
