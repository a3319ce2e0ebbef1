package awsdata_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
)

func TestPublicImagesMatchFile(t *testing.T) {
	raw, err := os.ReadFile("data/ec2-public-images.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Images []struct{ Source string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	images := awsdata.PublicImages()
	if len(images) != len(f.Images) || len(images) == 0 {
		t.Fatalf("PublicImages() has %d, file has %d", len(images), len(f.Images))
	}
	names := map[string]bool{}
	owners := map[string]bool{"137112412989": true, "099720109477": true, "801119661308": true}
	for i, m := range images {
		if names[m.Name] {
			t.Errorf("%s listed twice", m.Name)
		}
		names[m.Name] = true
		if f.Images[i].Source == "" || m.Description == "" || !owners[m.OwnerID] || m.Created.IsZero() || m.VolumeSize <= 0 ||
			!strings.HasPrefix(m.RootDeviceName, "/dev/") || (m.Architecture != "x86_64" && m.Architecture != "arm64") {
			t.Errorf("image %+v (source %q)", m, f.Images[i].Source)
		}
		if (m.Platform == "windows") != (m.PlatformDetails == "Windows") || (m.Platform == "windows") != (m.UsageOperation == "RunInstances:0002") {
			t.Errorf("%s: platform %q, details %q, usage %q", m.Name, m.Platform, m.PlatformDetails, m.UsageOperation)
		}
	}
	// What the issue asks for: AL2023 on both architectures, AL2, Ubuntu
	// 22.04 and 24.04, Windows Server 2022.
	for _, prefix := range []string{"al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64", "al2023-ami-2023.6.20241212.0-kernel-6.1-arm64",
		"amzn2-ami-kernel-5.10-hvm-", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-",
		"Windows_Server-2022-English-Full-Base-"} {
		found := false
		for n := range names {
			found = found || strings.HasPrefix(n, prefix)
		}
		if !found {
			t.Errorf("no image named %s…", prefix)
		}
	}
}
