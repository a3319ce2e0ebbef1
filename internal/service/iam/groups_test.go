package iam_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func TestGroupMembership(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	for _, g := range []string{"admins", "devs"} {
		must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String(g), Path: aws.String("/teams/")}))(t)
	}
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("ann")}))(t)
	for _, g := range []string{"devs", "admins", "devs"} { // adding twice changes nothing
		must(root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(g), UserName: aws.String("ann")}))(t)
	}

	got := must(root.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String("devs")}))(t)
	if *got.Group.Arn != "arn:aws:iam::111122223333:group/teams/devs" || len(got.Users) != 1 || *got.Users[0].UserName != "ann" {
		t.Errorf("GetGroup = %s with %v, want teams/devs with ann", *got.Group.Arn, userNames(got.Users))
	}
	groups := must(root.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: aws.String("ann")}))(t).Groups
	if names := groupNames(groups); !slices.Equal(names, []string{"admins", "devs"}) {
		t.Errorf("ListGroupsForUser = %v, want admins and devs", names)
	}
	if names := groupNames(must(root.ListGroups(ctx, &iam.ListGroupsInput{PathPrefix: aws.String("/teams/")}))(t).Groups); len(names) != 2 {
		t.Errorf("ListGroups(/teams/) = %v, want both groups", names)
	}

	_, err := root.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String("devs")})
	wantError(t, err, apiError{"DeleteConflict", "Cannot delete entity, must remove users from group first.", 409})
	for range 2 { // removing a non-member does nothing, as AWS
		must(root.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String("devs"), UserName: aws.String("ann")}))(t)
	}
	must(root.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String("devs")}))(t)
	_, err = root.GetGroup(ctx, &iam.GetGroupInput{GroupName: aws.String("devs")})
	wantError(t, err, apiError{"NoSuchEntity", "The group with name devs cannot be found.", 404})
}

func TestGroupErrors(t *testing.T) {
	e := newEnv(t)
	root := e.root(account)
	must(root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("g")}))(t)
	must(root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("u")}))(t)
	tests := []struct {
		name string
		call func() error
		want apiError
	}{
		{"duplicate", func() error {
			_, err := root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("G")})
			return err
		}, apiError{"EntityAlreadyExists", "Group with name G already exists.", 409}},
		{"add a missing user", func() error {
			_, err := root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("g"), UserName: aws.String("nobody")})
			return err
		}, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}},
		{"add to a missing group", func() error {
			_, err := root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("none"), UserName: aws.String("u")})
			return err
		}, apiError{"NoSuchEntity", "The group with name none cannot be found.", 404}},
		{"both missing names the user", func() error {
			_, err := root.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String("none"), UserName: aws.String("nobody")})
			return err
		}, apiError{"NoSuchEntity", "The user with name nobody cannot be found.", 404}},
		{"delete missing", func() error {
			_, err := root.DeleteGroup(ctx, &iam.DeleteGroupInput{GroupName: aws.String("none")})
			return err
		}, apiError{"NoSuchEntity", "The group with name none cannot be found.", 404}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { wantError(t, tc.call(), tc.want) })
	}
}

func groupNames(groups []types.Group) []string {
	var names []string
	for _, g := range groups {
		names = append(names, *g.GroupName)
	}
	return names
}
