package ec2

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/amityhq/amity/internal/awsdata"
	"github.com/amityhq/amity/internal/store"
)

// AWS's public images: every Region has the catalogue of
// internal/awsdata (Amazon Linux, Ubuntu, Windows Server), each image
// owned by its real owner account, launchable by all, with one
// unencrypted root snapshot holding a plain boot manifest. Their ids are
// derived from the Region and the name, so that they are the same in
// every run and differ between Regions, as AWS's do.

// publicImageID is a catalogue image's id in region; publicSnapshotID its
// root snapshot's.
func publicImageID(region, name string) string { return "ami-" + derivedHex(region+"/"+name) }

func publicSnapshotID(region, name string) string {
	return "snap-" + derivedHex(region+"/"+name+"/root")
}

// derivedHex is 17 hex digits derived from s.
func derivedHex(s string) string {
	sum := sha256.Sum256([]byte("amity-public-image/" + s))
	return hex.EncodeToString(sum[:])[:17]
}

// ensurePublicImages makes sure region has AWS's public images, as
// imageRecords and snapshotRecords under their owners' accounts, creating
// those missing. DescribeImages and RunInstances call it before reading
// images (it opens its own transactions: not inside one).
func (s *Service) ensurePublicImages(ctx context.Context, region string) error {
	catalogue := awsdata.PublicImages()
	complete := true
	err := s.store.View(ctx, func(tx store.Tx) error {
		for _, m := range catalogue {
			_, err := tx.Get(imagesTable, recordKey(region, m.OwnerID, publicImageID(region, m.Name)))
			if errors.Is(err, store.ErrNotFound) {
				complete = false
				return nil
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || complete {
		return err
	}
	return s.store.Update(ctx, func(tx store.Tx) error {
		for _, m := range catalogue {
			im, sn := publicImage(region, m)
			if _, ok, err := getOwned[imageRecord](tx, imagesTable, region, im.Account, im.ID); err != nil || ok {
				if err != nil {
					return err
				}
				continue
			}
			if err := putOwned(tx, snapshotsTable, region, sn.Account, sn.ID, sn); err != nil {
				return err
			}
			if err := putOwned(tx, imagesTable, region, im.Account, im.ID, im); err != nil {
				return err
			}
		}
		return nil
	})
}

// publicImage is a catalogue entry's image and root snapshot in region.
// The snapshot is not itself public: launching from the image needs its
// launch permission only, as on AWS (UNVERIFIED: whether AWS's own
// snapshots are shared).
func publicImage(region string, m awsdata.PublicImage) (*imageRecord, *snapshotRecord) {
	imageID, snapID := publicImageID(region, m.Name), publicSnapshotID(region, m.Name)
	sn := &snapshotRecord{ID: snapID, Account: m.OwnerID, Region: region, VolumeSize: m.VolumeSize, Started: m.Created,
		OwnerAlias: m.OwnerAlias, transition: still(snapshotCompleted),
		encryption: encryption{Content: content{Plain: newManifest(imageID, "")}}}
	im := &imageRecord{ID: imageID, Account: m.OwnerID, Region: region, Name: m.Name, Description: m.Description,
		Architecture: m.Architecture, Platform: m.Platform, PlatformDetails: m.PlatformDetails, UsageOperation: m.UsageOperation,
		RootDeviceName: m.RootDeviceName, VirtualizationType: "hvm", BootMode: m.BootMode, EnaSupport: m.EnaSupport,
		OwnerAlias: m.OwnerAlias, Created: m.Created, transition: still(imageAvailable),
		Mappings: []mapping{{Device: m.RootDeviceName, SnapshotID: snapID, VolumeSize: m.VolumeSize, VolumeType: m.VolumeType,
			Iops: m.Iops, Throughput: m.Throughput, DeleteOnTermination: true}},
		Launch: permissions{All: true}}
	return im, sn
}
