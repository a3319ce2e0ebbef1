package iam

import (
	"context"
	"fmt"

	"github.com/amityhq/amity/internal/api/iamapi"
	"github.com/amityhq/amity/internal/awsid"
	"github.com/amityhq/amity/internal/identity"
	"github.com/amityhq/amity/internal/store"
)

// linkedService is what IAM knows of a service that has a service-linked
// role: the role's name and the AWS managed policy attached to it.
type linkedService struct {
	roleName string
	policy   string
}

// linkedServices are the services amity creates service-linked roles
// for, by service principal.
var linkedServices = map[string]linkedService{
	"imagebuilder.amazonaws.com": {
		roleName: "AWSServiceRoleForImageBuilder",
		policy:   "arn:aws:iam::aws:policy/aws-service-role/AWSServiceRoleForImageBuilder",
	},
}

// CreateServiceLinkedRole creates a service's role at
// /aws-service-role/SERVICE/, trusted by the service alone and with the
// service's managed policy; a CustomSuffix is appended as _SUFFIX.
// InvalidInput when the role exists already or the service is unknown.
func (s *Service) CreateServiceLinkedRole(ctx context.Context, in *iamapi.CreateServiceLinkedRoleInput) (*iamapi.CreateServiceLinkedRoleOutput, error) {
	c := callerOf(ctx)
	service := *in.AWSServiceName
	r, err := s.newServiceLinkedRole(c.account, service, deref(in.CustomSuffix), deref(in.Description))
	if err != nil {
		return nil, err
	}
	conditions := map[string][]string{"iam:awsservicename": {service}}
	if err := s.allow(ctx, c, "iam:CreateServiceLinkedRole", r.ARN(), conditions); err != nil {
		return nil, err
	}
	err = s.update(ctx, func(tx store.Tx) error {
		_, err := getRole(tx, c.account, r.Name)
		if ok, err := found(err); ok || err != nil {
			return existsOr(err, roleNameTaken(r.Name))
		}
		return roleKind.store(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.CreateServiceLinkedRoleOutput{Role: createdRole(r)}, nil
}

// newServiceLinkedRole makes (not stores) service's role.
func (s *Service) newServiceLinkedRole(account, service, suffix, description string) (*Role, error) {
	ls, ok := linkedServices[service]
	if !ok {
		return nil, unknownService(service)
	}
	name := ls.roleName
	if suffix != "" {
		name += "_" + suffix
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"` + service +
		`"},"Action":"sts:AssumeRole"}]}`
	return &Role{Entity: Entity{Account: account, Name: name, Path: "/aws-service-role/" + service + "/",
		ID: s.ids.UniqueID(identity.PrefixRole), Created: s.now(), Attached: []string{ls.policy}},
		TrustPolicy: trust, Description: description, MaxSessionDuration: defaultMaxSessionDuration,
		ServiceLinked: service}, nil
}

// DeleteServiceLinkedRole deletes a service-linked role and returns the
// deletion task's id. AWS deletes asynchronously; amity at once.
func (s *Service) DeleteServiceLinkedRole(ctx context.Context, in *iamapi.DeleteServiceLinkedRoleInput) (*iamapi.DeleteServiceLinkedRoleOutput, error) {
	c := callerOf(ctx)
	var task string
	err := s.deleteEntity(ctx, c, roleKind, *in.RoleName, "iam:DeleteServiceLinkedRole", func(tx store.Tx, rec record) error {
		r := rec.(*Role)
		if r.ServiceLinked == "" {
			return notServiceLinked(r.Name)
		}
		task = "task/aws-service-role/" + r.ServiceLinked + "/" + r.Name + "/" + awsid.NewUUID()
		return roleInUse(tx, r)
	})
	if err != nil {
		return nil, err
	}
	return &iamapi.DeleteServiceLinkedRoleOutput{DeletionTaskId: new(task)}, nil
}

// roleNameTaken: CreateServiceLinkedRole of a role that exists [AWS CLI
// and terraform logs: "InvalidInput: Service role name
// AWSServiceRoleForEC2Spot has been taken in this account, please try a
// different suffix."].
func roleNameTaken(name string) error {
	return iamapi.InvalidInputException("Service role name " + name +
		" has been taken in this account, please try a different suffix.")
}

// unknownService: a service amity has no service-linked role for.
// UNVERIFIED text: no capture of AWS's refusal was found.
func unknownService(service string) error {
	return iamapi.InvalidInputException("Invalid service principal name: " + service)
}

// notServiceLinked: DeleteServiceLinkedRole of a customer's role.
// UNVERIFIED text.
func notServiceLinked(name string) error {
	return iamapi.InvalidInputException(fmt.Sprintf("Role %s is not a service-linked role.", name))
}
