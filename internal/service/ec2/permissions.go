package ec2

import (
	"slices"

	"github.com/amityhq/amity/internal/identity"
)

// allows reports whether account may use a resource shared with these
// permissions (its owner always may).
func (p *permissions) allows(account string) bool {
	return p.All || slices.Contains(p.Users, account)
}

// change applies an add or remove of user ids and the group "all".
func (p *permissions) change(add bool, users []string, all bool) {
	if add {
		for _, u := range users {
			if !slices.Contains(p.Users, u) {
				p.Users = append(p.Users, u)
			}
		}
		p.All = p.All || all
	} else {
		p.Users = slices.DeleteFunc(p.Users, func(u string) bool { return slices.Contains(users, u) })
		p.All = p.All && !all
	}
	slices.Sort(p.Users)
}

// checkUsers refuses a user id that is not an account id.
func checkUsers(users []string) error {
	for _, u := range users {
		if !identity.IsAccountID(u) {
			return invalidUser(u)
		}
	}
	return nil
}
