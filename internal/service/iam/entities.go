package iam

import (
	"context"
	"errors"

	"github.com/amityhq/amity/internal/store"
)

// record is a stored user, group or role.
type record interface {
	base() *Entity
}

func (u *User) base() *Entity  { return &u.Entity }
func (g *Group) base() *Entity { return &g.Entity }
func (r *Role) base() *Entity  { return &r.Entity }

func (p *InstanceProfile) base() *Entity { return &p.Entity }

// kind describes users, groups, roles and instance profiles to the
// operations they share: lookups, inline and managed policies, tags and
// permissions boundaries.
type kind struct {
	noun        string // "user": in ARNs and messages
	title       string // "User": in action names (iam:PutUserPolicy)
	display     string // "user": how AccessDenied names one
	table       string
	inlineQuota int    // the sum of the entity's inline policies
	tagQuota    string // IAM's quota name for the entity's tags
	attachQuota string // IAM's quota name for its managed policies
	load        func(tx store.Tx, account, name string) (record, error)
	missing     func(name string) error // NoSuchEntity
	taken       func(name string) error // EntityAlreadyExists
}

var (
	userKind = &kind{noun: "user", title: "User", display: "user", table: usersTable, inlineQuota: userInlineQuota,
		tagQuota: "TagsPerUser", attachQuota: "PoliciesPerUser",
		load: func(tx store.Tx, account, name string) (record, error) {
			return loaded(getUser(tx, account, name))
		},
		missing: func(name string) error { return noSuchEntity("user", name) },
		taken:   func(name string) error { return entityExists("User", name) }}
	groupKind = &kind{noun: "group", title: "Group", display: "group", table: groupsTable, inlineQuota: groupInlineQuota,
		attachQuota: "PoliciesPerGroup",
		load: func(tx store.Tx, account, name string) (record, error) {
			return loaded(getGroup(tx, account, name))
		},
		missing: func(name string) error { return noSuchEntity("group", name) },
		taken:   func(name string) error { return entityExists("Group", name) }}
	roleKind = &kind{noun: "role", title: "Role", display: "role", table: rolesTable, inlineQuota: roleInlineQuota,
		tagQuota: "TagsPerRole", attachQuota: "PoliciesPerRole",
		load: func(tx store.Tx, account, name string) (record, error) {
			return loaded(getRole(tx, account, name))
		},
		missing: func(name string) error { return noSuchEntity("role", name) },
		taken:   func(name string) error { return entityExists("Role", name) }}
	profileKind = &kind{noun: "instance-profile", title: "InstanceProfile", display: "instance profile", table: instanceProfilesTable,
		load: func(tx store.Tx, account, name string) (record, error) {
			return loaded(getInstanceProfile(tx, account, name))
		},
		missing: noSuchInstanceProfile, taken: instanceProfileExists}
)

// loaded turns a typed lookup into a record, keeping a nil record nil.
func loaded[T any, P interface {
	*T
	record
}](v P, err error) (record, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// arn returns the ARN of the entity of this kind at path.
func (k *kind) arn(account, path, name string) string {
	return "arn:aws:iam::" + account + ":" + k.noun + path + name
}

// find loads the entity named name, turning absence into AWS's
// NoSuchEntity.
func (k *kind) find(tx store.Tx, account, name string) (record, error) {
	r, err := k.load(tx, account, name)
	if errors.Is(err, errNotFound) {
		return nil, k.missing(name)
	}
	return r, err
}

func (k *kind) store(tx store.Tx, r record) error {
	e := r.base()
	return put(tx, k.table, e.Account, e.Name, r)
}

// entityARN is the ARN a request about the entity named name is
// authorized against: with the entity's path when it exists, else at "/".
func (s *Service) entityARN(ctx context.Context, k *kind, account, name string) (string, error) {
	path := "/"
	err := s.store.View(ctx, func(tx store.Tx) error {
		r, err := k.load(tx, account, name)
		if err == nil {
			path = r.base().Path
		}
		if errors.Is(err, errNotFound) {
			return nil
		}
		return err
	})
	return k.arn(account, path, name), err
}

// readEntity authorizes action on the entity named name and returns it.
func (s *Service) readEntity(ctx context.Context, c *caller, k *kind, name, action string) (record, error) {
	var r record
	err := s.store.View(ctx, func(tx store.Tx) error {
		var err error
		r, err = k.load(tx, c.account, name)
		if errors.Is(err, errNotFound) {
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	path := "/"
	if r != nil {
		path = r.base().Path
	}
	if err := s.allowAs(ctx, c, action, k.arn(c.account, path, name), k.display+" "+name, c.account, nil); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, k.missing(name)
	}
	return r, nil
}

// withEntity authorizes action on the entity of kind k named name, then
// runs fn on it in a write transaction (NoSuchEntity when it does not
// exist). fn stores, renames or deletes it.
func (s *Service) withEntity(ctx context.Context, c *caller, k *kind, name, action string,
	conditions map[string][]string, fn func(tx store.Tx, r record) error) error {
	if err := s.allowEntity(ctx, c, k, name, action, conditions); err != nil {
		return err
	}
	return s.update(ctx, func(tx store.Tx) error {
		r, err := k.find(tx, c.account, name)
		if err != nil {
			return err
		}
		return fn(tx, r)
	})
}

// updateEntity is withEntity for a change fn makes to the entity, which
// is stored when fn succeeds.
func (s *Service) updateEntity(ctx context.Context, c *caller, k *kind, name, action string,
	conditions map[string][]string, fn func(tx store.Tx, r record) error) error {
	return s.withEntity(ctx, c, k, name, action, conditions, func(tx store.Tx, r record) error {
		if err := fn(tx, r); err != nil {
			return err
		}
		return k.store(tx, r)
	})
}

// deleteEntity is withEntity for a delete: the entity goes unless inUse
// refuses, with the DeleteConflict of what still holds it.
func (s *Service) deleteEntity(ctx context.Context, c *caller, k *kind, name, action string,
	inUse func(tx store.Tx, r record) error) error {
	return s.withEntity(ctx, c, k, name, action, nil, func(tx store.Tx, r record) error {
		if err := inUse(tx, r); err != nil {
			return err
		}
		return del(tx, k.table, c.account, r.base().Name)
	})
}

// policiesLeft is the DeleteConflict of an entity that still has managed
// or inline policies.
func policiesLeft(e *Entity) error {
	switch {
	case len(e.Attached) > 0:
		return errMustDetachPolicies
	case len(e.Inline) > 0:
		return errMustDeletePolicies
	}
	return nil
}

// create stores a new entity, refusing a name already taken in its
// account (names compare without case).
func (k *kind) create(tx store.Tx, r record) error {
	e := r.base()
	if _, err := k.load(tx, e.Account, e.Name); !errors.Is(err, errNotFound) {
		return existsOr(err, k.taken(e.Name))
	}
	return k.store(tx, r)
}

// changePolicies is updateEntity for changes to an entity's policies,
// which the customer may not make to a service-linked role.
func (s *Service) changePolicies(ctx context.Context, c *caller, k *kind, name, action string,
	conditions map[string][]string, fn func(tx store.Tx, r record) error) error {
	return s.updateEntity(ctx, c, k, name, action, conditions, func(tx store.Tx, r record) error {
		if role, ok := r.(*Role); ok && role.ServiceLinked != "" {
			return protectedRole(role.Name)
		}
		return fn(tx, r)
	})
}
