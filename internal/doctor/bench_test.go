package doctor_test

import (
	"testing"

	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	ibtypes "github.com/aws/aws-sdk-go-v2/service/imagebuilder/types"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/doctor"
)

// BenchmarkExplainInstance is doctor's explanation of S6's stopped
// instance, fixes included (target < 20 ms).
func BenchmarkExplainInstance(b *testing.B) {
	env := amitytest.New(b)
	admin := awsec2.NewFromConfig(env.RootConfig(acctA, region))
	key := *must(awskms.NewFromConfig(env.RootConfig(acctA, region)).CreateKey(ctx(), &awskms.CreateKeyInput{}))(b).KeyMetadata.Arn
	id, _ := launch(b, admin, key)
	must(admin.StopInstances(ctx(), &awsec2.StopInstancesInput{InstanceIds: []string{id}}))(b)
	settled(b, admin, id)
	user := awsec2.NewFromConfig(env.NewUser(b, acctA, region, "test", ec2All))
	must(user.StartInstances(ctx(), &awsec2.StartInstancesInput{InstanceIds: []string{id}}))(b)
	settled(b, user, id)
	env.App.Failures.Flush()
	root := env.Request(b, env.RootConfig(acctA, region))
	for b.Loop() {
		if r := must(env.App.Doctor.Explain(ctx(), root, doctor.KindInstance, id))(b); r.Cause == nil {
			b.Fatal("no cause")
		}
	}
}

// BenchmarkExplainImage is doctor's explanation of S1's image (the
// trigger found among five, fixes with whole key policies).
func BenchmarkExplainImage(b *testing.B) {
	f := newImageFlow(b).toTarget("alias/aws/ebs")
	f.targetRole(b, false)
	f.create(b)
	im := f.build(b)
	if im.State.Status != ibtypes.ImageStatusFailed {
		b.Fatal(im.State.Status)
	}
	f.env.App.Failures.Flush()
	root := f.env.Request(b, f.env.RootConfig(acctA, region))
	for b.Loop() {
		if r := must(f.env.App.Doctor.Explain(ctx(), root, doctor.KindImage, *im.Arn))(b); r.Cause == nil {
			b.Fatal("no cause")
		}
	}
}
