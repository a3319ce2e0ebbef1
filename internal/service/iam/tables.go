package iam

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/amityhq/amity/internal/store"
)

// Tables, keyed ACCOUNT/lower-cased-name: IAM names are unique without
// regard to case ("Bob" and "bob" cannot both exist) and found the same
// way.
const (
	usersTable            = "iam.users"
	groupsTable           = "iam.groups"
	rolesTable            = "iam.roles"
	policiesTable         = "iam.policies"
	instanceProfilesTable = "iam.instance-profiles"
)

func entityKey(account, name string) string { return account + "/" + strings.ToLower(name) }

// errNotFound is returned by the table readers; operations turn it into
// NoSuchEntity with AWS's text for the entity.
var errNotFound = errors.New("iam: not found")

func get[T any](tx store.Tx, table, account, name string) (*T, error) {
	raw, err := tx.Get(table, entityKey(account, name))
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	v := new(T)
	return v, json.Unmarshal(raw, v)
}

func put(tx store.Tx, table, account, name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(table, entityKey(account, name), raw)
}

func del(tx store.Tx, table, account, name string) error {
	return tx.Delete(table, entityKey(account, name))
}

// list returns the records of an account in name order.
func list[T any](tx store.Tx, table, account string) ([]*T, error) {
	var out []*T
	err := tx.Scan(table, account+"/", "", func(_ string, raw []byte) (bool, error) {
		v := new(T)
		if err := json.Unmarshal(raw, v); err != nil {
			return false, err
		}
		out = append(out, v)
		return true, nil
	})
	return out, err
}

func getUser(tx store.Tx, account, name string) (*User, error) {
	return get[User](tx, usersTable, account, name)
}

func getGroup(tx store.Tx, account, name string) (*Group, error) {
	return get[Group](tx, groupsTable, account, name)
}

func getRole(tx store.Tx, account, name string) (*Role, error) {
	return get[Role](tx, rolesTable, account, name)
}

func getPolicy(tx store.Tx, account, name string) (*ManagedPolicy, error) {
	return get[ManagedPolicy](tx, policiesTable, account, name)
}

func getInstanceProfile(tx store.Tx, account, name string) (*InstanceProfile, error) {
	return get[InstanceProfile](tx, instanceProfilesTable, account, name)
}
