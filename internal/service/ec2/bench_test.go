package ec2_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/amityhq/amity/internal/amitytest"
	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
)

// benchWorld is amity with an account's root request for in-process calls.
type benchWorld struct {
	e   *env
	ctx context.Context
}

func newBenchWorld(b *testing.B) *benchWorld {
	e := &env{Env: amitytest.New(b), rec: &amitytest.Recorder{}}
	return &benchWorld{e: e, ctx: authz.WithRequest(context.Background(), e.Request(b, e.RootConfig(acctA, regionA)))}
}

// image registers an image of one 8 GiB snapshot, encrypted under key
// when key is not "".
func (w *benchWorld) image(b *testing.B, key string) string {
	c := w.e.ec2(acctA, regionA)
	in := &awsec2.CreateVolumeInput{AvailabilityZone: aws.String(zoneA), Size: aws.Int32(8)}
	if key != "" {
		in.Encrypted, in.KmsKeyId = aws.Bool(true), aws.String(key)
	}
	v := must(c.CreateVolume(ctx(), in))(b)
	sn := must(c.CreateSnapshot(ctx(), &awsec2.CreateSnapshotInput{VolumeId: v.VolumeId}))(b)
	im := must(c.RegisterImage(ctx(), &awsec2.RegisterImageInput{Name: aws.String("bench-" + *sn.SnapshotId), RootDeviceName: aws.String("/dev/xvda"),
		BlockDeviceMappings: []types.BlockDeviceMapping{{DeviceName: aws.String("/dev/xvda"), Ebs: &types.EbsBlockDevice{SnapshotId: sn.SnapshotId}}}}))(b)
	if err := awsec2.NewImageAvailableWaiter(c, fast[awsec2.ImageAvailableWaiterOptions]).Wait(ctx(),
		&awsec2.DescribeImagesInput{ImageIds: []string{*im.ImageId}}, waitTime); err != nil {
		b.Fatal(err)
	}
	return *im.ImageId
}

// BenchmarkRunInstancesEncrypted launches one instance with one volume
// encrypted under a customer managed key, in-process: the volume's data
// key re-encrypted through KMS, the grant for the instance's session, its
// Decrypt, and the durable writes (KMS's grant, EC2's instance).
func BenchmarkRunInstancesEncrypted(b *testing.B) {
	w := newBenchWorld(b)
	image := w.image(b, w.e.createKey(b, acctA, regionA, ""))
	in := &ec2api.RunInstancesInput{ImageId: &image, MinCount: new(int32(1)), MaxCount: new(int32(1))}
	b.ReportAllocs()
	for b.Loop() {
		out, err := w.e.App.EC2.RunInstances(w.ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if out.Instances[0].State == nil {
			b.Fatal("no state")
		}
	}
}

// BenchmarkDescribeInstances10k describes instances of an account that has
// 10,000: one by id, and a page of 1,000.
func BenchmarkDescribeInstances10k(b *testing.B) {
	w := newBenchWorld(b)
	image := w.image(b, "")
	var ids []string
	for len(ids) < 10000 {
		out, err := w.e.App.EC2.RunInstances(w.ctx, &ec2api.RunInstancesInput{ImageId: &image, MinCount: new(int32(500)), MaxCount: new(int32(500))})
		if err != nil {
			b.Fatal(err)
		}
		for _, inst := range out.Instances {
			ids = append(ids, *inst.InstanceId)
		}
	}
	b.Run("by id", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			out, err := w.e.App.EC2.DescribeInstances(w.ctx, &ec2api.DescribeInstancesInput{InstanceIds: ids[i%len(ids) : i%len(ids)+1]})
			if err != nil || len(out.Reservations) != 1 {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("page of 1000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			out, err := w.e.App.EC2.DescribeInstances(w.ctx, &ec2api.DescribeInstancesInput{MaxResults: new(int32(1000))})
			if err != nil || out.NextToken == nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkMemoryPerInstance reports the Go heap amity holds per launched
// instance with its encrypted volume (the records live in the store, whose
// pages the kernel maps: not counted here).
func BenchmarkMemoryPerInstance(b *testing.B) {
	w := newBenchWorld(b)
	image := w.image(b, w.e.createKey(b, acctA, regionA, ""))
	before := heapInUse()
	n := 0
	for b.Loop() {
		if _, err := w.e.App.EC2.RunInstances(w.ctx, &ec2api.RunInstancesInput{ImageId: &image, MinCount: new(int32(1)), MaxCount: new(int32(1))}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(heapInUse()-before)/float64(n), "heap-bytes/instance")
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}
