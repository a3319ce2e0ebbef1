package ec2

import (
	"context"
	"testing"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/awserr"
	"github.com/amityhq/amity/internal/policy"
	"github.com/amityhq/amity/internal/store"
)

// wantCode checks an AWS error's code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if e, ok := awserr.As(err); !ok || e.Code != code {
		t.Fatalf("error = %v, want %s", err, code)
	}
}

// What RunInstances resolves through: the default network, a subnet,
// security groups by id and name, a key pair by name.
func TestNetworkHelpers(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	const acct, region = "111122223333", "us-east-1"
	n, err := s.defaultNetwork(ctx, acct, region)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.defaultNetwork(ctx, acct, region)
	if err != nil || again.VpcID != n.VpcID || again.GroupID != n.GroupID || len(n.Subnets) != 3 {
		t.Fatalf("network %+v, again %+v (%v)", n, again, err)
	}
	sub, err := s.subnet(ctx, acct, region, n.Subnets["us-east-1b"])
	if err != nil || sub.Zone != "us-east-1b" || sub.VpcID != n.VpcID || !sub.DefaultForAz {
		t.Fatalf("subnet %+v (%v)", sub, err)
	}
	_, err = s.subnet(ctx, "444455556666", region, sub.ID)
	wantCode(t, err, "InvalidSubnetID.NotFound")

	groups, err := s.securityGroups(ctx, acct, region, sub, nil, nil)
	if err != nil || len(groups) != 1 || groups[0] != (groupRef{ID: n.GroupID, Name: "default"}) {
		t.Fatalf("default groups %+v (%v)", groups, err)
	}
	groups, err = s.securityGroups(ctx, acct, region, sub, []string{n.GroupID}, []string{"default"})
	if err != nil || len(groups) != 1 {
		t.Fatalf("named twice %+v (%v)", groups, err)
	}
	_, err = s.securityGroups(ctx, acct, region, sub, nil, []string{"web"})
	wantCode(t, err, "InvalidGroup.NotFound")
	_, err = s.securityGroups(ctx, acct, region, &subnetRecord{ID: "subnet-0123456789abcdef0", VpcID: "vpc-0123456789abcdef0"}, nil, nil)
	wantCode(t, err, "InvalidParameter")

	_, err = s.keyPair(ctx, acct, region, "deploy")
	wantCode(t, err, "InvalidKeyPair.NotFound")
	k := &keyPairRecord{ID: s.newID("key"), Account: acct, Region: region, Name: "deploy", Type: "ed25519"}
	if err := s.putKeyPair(ctx, k); err != nil {
		t.Fatal(err)
	}
	if got, err := s.keyPair(ctx, acct, region, "deploy"); err != nil || got.ID != k.ID {
		t.Fatalf("key pair %+v (%v)", got, err)
	}
}

func TestLaunchTemplateData(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	req := &authz.Request{Region: "us-east-1", Principal: policy.Principal{Account: "111122223333"}}
	data := func(typ string) templateVersion {
		return templateVersion{Data: keptData(&ec2api.RequestLaunchTemplateData{ImageId: new("ami-0123456789abcdef0"), InstanceType: &typ,
			BlockDeviceMappings: []ec2api.LaunchTemplateBlockDeviceMappingRequest{{DeviceName: new("/dev/xvda"),
				Ebs: &ec2api.LaunchTemplateEbsBlockDeviceRequest{Encrypted: new(true), KmsKeyId: new("alias/app"), VolumeSize: new(int32(20))}}}})}
	}
	v1, v2, v3 := data("t3.micro"), data("m5.large"), data("c5.large")
	v1.Number, v2.Number, v3.Number = 1, 2, 3
	tpl := &templateRecord{ID: s.newID("lt"), Account: "111122223333", Region: "us-east-1", Name: "web", Default: 2,
		Versions: []templateVersion{v1, v2, v3}}
	if err := s.store.Update(ctx, func(tx store.Tx) error {
		return putOwned(tx, templatesTable, tpl.Region, tpl.Account, tpl.ID, tpl)
	}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		spec ec2api.LaunchTemplateSpecification
		want string
	}{
		{ec2api.LaunchTemplateSpecification{LaunchTemplateId: new(tpl.ID)}, "m5.large"},
		{ec2api.LaunchTemplateSpecification{LaunchTemplateName: new("web"), Version: new("$Latest")}, "c5.large"},
		{ec2api.LaunchTemplateSpecification{LaunchTemplateName: new("web"), Version: new("$Default")}, "m5.large"},
		{ec2api.LaunchTemplateSpecification{LaunchTemplateId: new(tpl.ID), Version: new("1")}, "t3.micro"},
	} {
		d, err := s.launchTemplateData(ctx, req, &c.spec)
		if err != nil || deref(d.InstanceType) != c.want ||
			deref(d.BlockDeviceMappings[0].Ebs.KmsKeyId) != "alias/app" || !deref(d.BlockDeviceMappings[0].Ebs.Encrypted) {
			t.Errorf("%+v: %+v (%v)", c.spec, d, err)
		}
	}
	_, err := s.launchTemplateData(ctx, req, &ec2api.LaunchTemplateSpecification{LaunchTemplateId: new(tpl.ID), Version: new("7")})
	wantCode(t, err, "InvalidLaunchTemplateId.VersionNotFound")
	_, err = s.launchTemplateData(ctx, req, &ec2api.LaunchTemplateSpecification{LaunchTemplateName: new("nope")})
	wantCode(t, err, "InvalidLaunchTemplateName.NotFoundException")
	_, err = s.launchTemplateData(ctx, req, &ec2api.LaunchTemplateSpecification{LaunchTemplateId: new("lt-0123456789abcdef0")})
	wantCode(t, err, "InvalidLaunchTemplateId.NotFound")
}
