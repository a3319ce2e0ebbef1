package doctor

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/api/imagebuilderapi"
	"github.com/amityhq/amity/internal/api/kmsapi"
	"github.com/amityhq/amity/internal/authz"
)

// managedKeyShared is S1: EC2 refuses to share what the AWS managed key
// (aws/ebs) encrypts. For an Image Builder image it names which of the
// seeds' five triggers put the key there, and the fixes: a customer
// managed key in the distribution configuration, or a new recipe version
// whose storage names one — shared with the target accounts, whose
// distribution roles may then use it.
func (d *Doctor) managedKeyShared(ctx context.Context, caller *authz.Request, r *Report, f *Failure, b *buildContext) (*Report, error) {
	const base = "The AWS managed key (aws/ebs) encrypts a snapshot of the image, and EC2 never shares what it encrypts with another account"
	if b == nil {
		r.Cause = &Cause{ID: causeManagedKeyShared, Summary: base + ": copy it under a customer managed key and share the copy."}
		return r, nil
	}
	triggers := d.triggers(ctx, caller, b.image)
	r.Cause = &Cause{ID: causeManagedKeyShared, Summary: base + ": " + strings.Join(triggers, "; ") + "."}
	key, err := d.customerKey(ctx, caller)
	if err != nil {
		return nil, err
	}
	targets := targetAccounts(b.image)
	sharing, err := d.keyForTargets(ctx, key, targets)
	if err != nil {
		return nil, err
	}
	// Both fixes name the key in the distribution: without one, Image
	// Builder copies an encrypted image under the default EBS key
	// [AWS_TEXTS.md §8], aws/ebs again.
	var distribution []Command
	if dc := b.image.DistributionConfiguration; dc != nil && dc.Arn != nil {
		dists := encodeList(withKey(dc.Distributions, key))
		distribution = []Command{{Account: caller.Principal.Account, Region: caller.Region, Argv: []string{"aws", "imagebuilder",
			"update-distribution-configuration", "--distribution-configuration-arn", *dc.Arn, "--distributions", dists}}}
		r.Fixes = append(r.Fixes, Fix{Summary: "Name the customer managed key " + key + " in the distribution configuration" + sharedSummary(targets) + ".",
			Documents: map[string]json.RawMessage{"distributions": json.RawMessage(dists)},
			Commands:  slices.Concat(distribution, sharing)})
	}
	if rc := b.image.ImageRecipe; rc != nil {
		r.Fixes = append(r.Fixes, d.recipeFix(caller, rc, key, targets, slices.Concat(distribution, sharing)))
	}
	return r, nil
}

// triggers says which of S1's five triggers hold for an image.
func (d *Doctor) triggers(ctx context.Context, caller *authz.Request, im *imagebuilderapi.Image) []string {
	var out []string
	if rc := im.ImageRecipe; rc != nil {
		for _, m := range rc.BlockDeviceMappings {
			if m.Ebs != nil && d.managed(ctx, caller, deref(m.Ebs.KmsKeyId)) {
				out = append(out, "the recipe's storage ("+deref(m.DeviceName)+") names it")
			}
		}
	}
	if dc := im.DistributionConfiguration; dc != nil {
		for _, dist := range dc.Distributions {
			if a := dist.AmiDistributionConfiguration; a != nil && len(a.TargetAccountIds) > 0 && d.managed(ctx, caller, deref(a.KmsKeyId)) {
				out = append(out, "the distribution configuration names it for target accounts in "+deref(dist.Region))
			}
		}
	}
	if rc := im.ImageRecipe; rc != nil && strings.HasPrefix(deref(rc.ParentImage), "ami-") {
		all, some := d.parentKeys(ctx, caller, deref(rc.ParentImage))
		switch {
		case all:
			out = append(out, "the parent image "+deref(rc.ParentImage)+" is encrypted with it")
		case some:
			out = append(out, "one of the parent image "+deref(rc.ParentImage)+"'s snapshots is encrypted with it")
		}
	}
	if on, err := d.ec2.GetEbsEncryptionByDefault(ctx, caller, &ec2api.GetEbsEncryptionByDefaultInput{}); err == nil && deref(on.EbsEncryptionByDefault) {
		if k, err := d.ec2.GetEbsDefaultKmsKeyId(ctx, caller, &ec2api.GetEbsDefaultKmsKeyIdInput{}); err == nil && d.managed(ctx, caller, deref(k.KmsKeyId)) {
			out = append(out, "EBS encryption by default is on in "+caller.Region+" with it")
		}
	}
	if dc := im.DistributionConfiguration; dc != nil {
		for _, dist := range dc.Distributions {
			if a := dist.AmiDistributionConfiguration; a != nil && len(a.TargetAccountIds) > 0 && deref(a.KmsKeyId) == "" {
				out = append(out, "the distribution configuration names no key for target accounts in "+deref(dist.Region)+
					", so Image Builder copies the encrypted image under the default EBS key")
			}
		}
	}
	if len(out) == 0 {
		out = append(out, "the build's volumes were encrypted with it")
	}
	return out
}

// managed reports whether a key id, alias or ARN is an AWS managed key.
func (d *Doctor) managed(ctx context.Context, caller *authz.Request, id string) bool {
	if id == "" {
		return false
	}
	if id == "alias/aws/ebs" || strings.HasSuffix(id, ":alias/aws/ebs") {
		return true
	}
	out, err := d.kms.DescribeKey(ctx, caller, &kmsapi.DescribeKeyInput{KeyId: &id})
	return err == nil && deref(out.KeyMetadata.KeyManager) == kmsapi.KeyManagerTypeAws
}

// parentKeys tells whether all or some of an AMI's snapshots are
// encrypted with an AWS managed key.
func (d *Doctor) parentKeys(ctx context.Context, caller *authz.Request, ami string) (all, some bool) {
	out, err := d.ec2.DescribeImages(ctx, caller, &ec2api.DescribeImagesInput{ImageIds: []string{ami}})
	if err != nil || len(out.Images) == 0 {
		return false, false
	}
	n := 0
	for _, m := range out.Images[0].BlockDeviceMappings {
		if m.Ebs == nil || m.Ebs.SnapshotId == nil {
			continue
		}
		n++
		sn, err := d.ec2.DescribeSnapshots(ctx, caller, &ec2api.DescribeSnapshotsInput{SnapshotIds: []string{*m.Ebs.SnapshotId}})
		if err == nil && len(sn.Snapshots) == 1 && d.managed(ctx, caller, deref(sn.Snapshots[0].KmsKeyId)) {
			some = true
			n--
		}
	}
	return some && n == 0, some
}

// customerKey is a customer managed key of the caller's account and Region
// to use instead; "<customer-managed-key-arn>" when there is none yet
// (create one first).
func (d *Doctor) customerKey(ctx context.Context, caller *authz.Request) (string, error) {
	keys, err := d.kms.ListKeys(ctx, caller, &kmsapi.ListKeysInput{})
	if err != nil {
		return "", err
	}
	for _, k := range keys.Keys {
		out, err := d.kms.DescribeKey(ctx, caller, &kmsapi.DescribeKeyInput{KeyId: k.KeyArn})
		if err == nil && deref(out.KeyMetadata.KeyManager) == kmsapi.KeyManagerTypeCustomer && deref(out.KeyMetadata.KeyState) == kmsapi.KeyStateEnabled {
			return deref(k.KeyArn), nil
		}
	}
	return "<customer-managed-key-arn>", nil
}

// keyForTargets are the commands that let target accounts' distribution
// roles use key: the key policy sharing it, and each role's policy [S4].
func (d *Doctor) keyForTargets(ctx context.Context, key string, targets []string) ([]Command, error) {
	if len(targets) == 0 || strings.HasPrefix(key, "<") {
		return nil, nil
	}
	var add []statement
	for _, t := range targets {
		add = append(add, statement{"Sid": "Allow distribution to " + t, "Effect": "Allow", "Principal": map[string]any{"AWS": rootARN(t)},
			"Action": imageBuilderKMS, "Resource": "*"})
	}
	cmd, _, err := d.keyPolicyCommand(ctx, key, add...)
	if err != nil {
		return nil, err
	}
	cmds := []Command{cmd}
	rolePolicy := doc(statement{"Effect": "Allow", "Action": imageBuilderKMS, "Resource": key})
	for _, t := range targets {
		cmds = append(cmds, Command{Account: t, Region: iamRegion, Argv: []string{"aws", "iam", "put-role-policy", "--role-name", distributionRole,
			"--policy-name", "ImageBuilderDistributionKMS", "--policy-document", compact(rolePolicy)}})
	}
	return cmds, nil
}

func sharedSummary(targets []string) string {
	if len(targets) == 0 {
		return ""
	}
	return ", shared with " + strings.Join(targets, ", ") + " whose distribution roles may use it"
}

func targetAccounts(im *imagebuilderapi.Image) []string {
	var out []string
	if dc := im.DistributionConfiguration; dc != nil {
		for _, d := range dc.Distributions {
			if a := d.AmiDistributionConfiguration; a != nil {
				out = append(out, a.TargetAccountIds...)
			}
		}
	}
	return out
}

// withKey returns distributions with key as every AMI distribution's key.
func withKey(dists []imagebuilderapi.Distribution, key string) []imagebuilderapi.Distribution {
	out := make([]imagebuilderapi.Distribution, len(dists))
	for i, dist := range dists {
		out[i] = dist
		a := imagebuilderapi.AmiDistributionConfiguration{}
		if dist.AmiDistributionConfiguration != nil {
			a = *dist.AmiDistributionConfiguration
		}
		a.KmsKeyId = &key
		out[i].AmiDistributionConfiguration = &a
	}
	return out
}

// recipeFix is S1's other fix: a new version of the recipe whose storage
// names a customer managed key.
func (d *Doctor) recipeFix(caller *authz.Request, rc *imagebuilderapi.ImageRecipe, key string, targets []string, then []Command) Fix {
	version := nextPatch(deref(rc.Version))
	device := "/dev/xvda"
	if len(rc.BlockDeviceMappings) > 0 && rc.BlockDeviceMappings[0].DeviceName != nil {
		device = *rc.BlockDeviceMappings[0].DeviceName
	}
	mappings := `[{"deviceName":` + compact(device) + `,"ebs":{"encrypted":true,"kmsKeyId":` + compact(key) + `}}]`
	argv := []string{"aws", "imagebuilder", "create-image-recipe", "--name", deref(rc.Name), "--semantic-version", version,
		"--parent-image", deref(rc.ParentImage), "--block-device-mappings", mappings}
	if len(rc.Components) > 0 {
		argv = append(argv, "--components", encodeList(rc.Components))
	}
	return Fix{Summary: "Make version " + version + " of recipe " + deref(rc.Name) + " with storage under the customer managed key " + key +
		sharedSummary(targets) + ", named in the distribution configuration too, and build from it.",
		Documents: map[string]json.RawMessage{"blockDeviceMappings": json.RawMessage(mappings)},
		Commands:  append([]Command{{Account: caller.Principal.Account, Region: caller.Region, Argv: argv}}, then...)}
}

// nextPatch is a semantic version with its patch number one higher.
func nextPatch(v string) string {
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return v
	}
	n := 0
	for _, c := range parts[2] {
		n = n*10 + int(c-'0')
	}
	return parts[0] + "." + parts[1] + "." + itoa(n+1)
}
