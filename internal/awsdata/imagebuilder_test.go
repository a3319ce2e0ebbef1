package awsdata_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/amityhq/amity/internal/awsdata"
)

func TestImageBuilderMatchesFile(t *testing.T) {
	raw, err := os.ReadFile("data/imagebuilder-aws-owned.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Components               []json.RawMessage
		Images                   []json.RawMessage
		ComponentsNoLongerListed struct{ Names []string }
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	const region = "ap-southeast-2"
	components := awsdata.ImageBuilderComponents(region)
	images := awsdata.ImageBuilderImages(region)
	retired := awsdata.RetiredImageBuilderComponentNames()
	if len(components) != len(f.Components) || len(images) != len(f.Images) || len(retired) != len(f.ComponentsNoLongerListed.Names) {
		t.Fatalf("counts %d/%d/%d, file has %d/%d/%d", len(components), len(images), len(retired),
			len(f.Components), len(f.Images), len(f.ComponentsNoLongerListed.Names))
	}
	for _, c := range components {
		want := "arn:aws:imagebuilder:" + region + ":aws:component/" + c.Name + "/x.x.x"
		if c.ARN != want || c.Description == "" {
			t.Errorf("component %q: ARN %q (want %q), description %q", c.Name, c.ARN, want, c.Description)
		}
	}
	for _, m := range images {
		want := "arn:aws:imagebuilder:" + region + ":aws:image/" + m.Name + "/x.x.x"
		if m.ARN != want || m.OS == "" || (m.Type != "AMI" && m.Type != "Docker") {
			t.Errorf("image %+v, want ARN %q", m, want)
		}
	}
	for _, name := range retired {
		for _, c := range components {
			if c.Name == name {
				t.Errorf("retired component %q is also listed", name)
			}
		}
		if strings.TrimSpace(name) == "" {
			t.Error("empty retired name")
		}
	}
}
