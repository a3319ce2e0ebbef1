package ec2

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
	"github.com/amityhq/amity/internal/store/bolt"
)

// newTestService is a Service on a store of its own, for the helpers
// other operations call (no authorization involved).
func newTestService(t *testing.T) *Service {
	t.Helper()
	st, err := bolt.Open(filepath.Join(t.TempDir(), "ec2.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return New(Options{Store: st})
}

func TestPublicImages(t *testing.T) {
	s := newTestService(t)
	ctx := context.Background()
	for range 2 { // idempotent
		if err := s.ensurePublicImages(ctx, "us-east-1"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ensurePublicImages(ctx, "eu-west-1"); err != nil {
		t.Fatal(err)
	}
	catalogue := awsdata.PublicImages()
	count := map[string]int{}
	err := s.store.View(ctx, func(tx store.Tx) error {
		for _, region := range []string{"us-east-1", "eu-west-1"} {
			err := scanRegion(tx, imagesTable, region, func(im *imageRecord) (bool, error) {
				count[region]++
				return true, nil
			})
			if err != nil {
				return err
			}
		}
		for _, m := range catalogue {
			id := publicImageID("us-east-1", m.Name)
			if id == publicImageID("eu-west-1", m.Name) || !hasPrefix(id, "ami") {
				t.Errorf("%s: id %s", m.Name, id)
			}
			im, owner, ok, err := getAny[imageRecord](tx, imagesTable, "us-east-1", id)
			if err != nil || !ok {
				t.Fatalf("%s: %v %v", m.Name, ok, err)
			}
			if owner != m.OwnerID || im.OwnerAlias != "amazon" || !im.Launch.All || im.Name != m.Name || im.at(time.Now()) != imageAvailable ||
				len(im.Mappings) != 1 || im.Mappings[0].Device != m.RootDeviceName || im.Mappings[0].Encrypted {
				t.Errorf("image %+v", im)
			}
			sn, snOwner, ok, err := getAny[snapshotRecord](tx, snapshotsTable, "us-east-1", im.Mappings[0].SnapshotID)
			if err != nil || !ok || snOwner != m.OwnerID || sn.Encrypted || sn.at(time.Now()) != snapshotCompleted || sn.VolumeSize != m.VolumeSize {
				t.Fatalf("snapshot %+v (%v %v)", sn, ok, err)
			}
			var boot manifest
			if err := json.Unmarshal(sn.Content.Plain, &boot); err != nil || boot.Kind != manifestKind || boot.Image != id {
				t.Errorf("snapshot content %s (%v)", sn.Content.Plain, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count["us-east-1"] != len(catalogue) || count["eu-west-1"] != len(catalogue) {
		t.Fatalf("images per Region %v, catalogue %d", count, len(catalogue))
	}
	// Root devices as AWS names them.
	for _, m := range catalogue {
		want := "/dev/sda1"
		if strings.HasPrefix(m.Name, "al2023-") || strings.HasPrefix(m.Name, "amzn2-") {
			want = "/dev/xvda"
		}
		if m.RootDeviceName != want {
			t.Errorf("%s: root %s", m.Name, m.RootDeviceName)
		}
	}
}
