package ec2

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/amityhq/amity/internal/api/ec2api"
	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// Snapshot states, as EC2 names them.
const (
	snapshotPending   = "pending"
	snapshotCompleted = "completed"
	snapshotError     = "error"
)

// conditions are a snapshot's keys [Service Authorization Reference,
// Amazon EC2, snapshot].
func (sn *snapshotRecord) conditions() map[string][]string {
	c := map[string][]string{
		"ec2:encrypted":    boolField(sn.Encrypted),
		"ec2:volumesize":   {strconv.Itoa(int(sn.VolumeSize))},
		"ec2:owner":        {sn.owner()},
		"ec2:snapshottime": {sn.Started.Format(time.RFC3339)},
	}
	if sn.VolumeID != "" {
		c["ec2:parentvolume"] = []string{arn(sn.Region, sn.Account, "volume", sn.VolumeID)}
	}
	return resourceTags(c, sn.Tags)
}

// owner is ec2:Owner's value: the alias for AWS's, else the account.
func (sn *snapshotRecord) owner() string {
	if sn.OwnerAlias != "" {
		return sn.OwnerAlias
	}
	return sn.Account
}

// usableSnapshot reads a snapshot in the caller's Region that the caller
// owns or may create volumes from; any other answers as one that does not
// exist, as AWS does.
func (s *Service) usableSnapshot(ctx context.Context, req *authz.Request, id string) (*snapshotRecord, error) {
	return s.snapshotIn(ctx, req, req.Region, id)
}

// snapshotIn is usableSnapshot in another Region (a copy's source).
func (s *Service) snapshotIn(ctx context.Context, req *authz.Request, region, id string) (*snapshotRecord, error) {
	if !hasPrefix(id, "snap") {
		return nil, malformed("snap", id)
	}
	var sn *snapshotRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		var err error
		sn, _, ok, err = getAny[snapshotRecord](tx, snapshotsTable, region, id)
		if err == nil && (!ok || (sn.Account != req.Principal.Account && !sn.CreateVolume.allows(req.Principal.Account))) {
			return snapshotNotFound(id)
		}
		return err
	})
	return sn, err
}

// CreateSnapshot snapshots one of the caller's volumes: its bytes and its
// data key as they are, under the volume's key.
func (s *Service) CreateSnapshot(ctx context.Context, in *ec2api.CreateSnapshotInput) (*ec2api.CreateSnapshotOutput, error) {
	req := authz.FromContext(ctx)
	id := deref(in.VolumeId)
	v, err := s.ownVolume(ctx, req, id)
	if err != nil {
		return nil, err
	}
	tags := specTags(in.TagSpecifications, "snapshot")
	c := tagConditions(map[string][]string{"ec2:encrypted": boolField(v.Encrypted), "ec2:volumesize": {strconv.Itoa(int(v.Size))},
		"ec2:parentvolume": {arn(req.Region, req.Principal.Account, "volume", id)}}, tags, "CreateSnapshot")
	if err := s.authorize(ctx, req, "ec2:CreateSnapshot",
		target{arn: arn(req.Region, "", "snapshot", "*"), conditions: c},
		target{arn: arn(req.Region, req.Principal.Account, "volume", id), conditions: v.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	sn := s.snapshotOf(v, deref(in.Description), tags)
	if err := s.store.Update(ctx, func(tx store.Tx) error {
		return putOwned(tx, snapshotsTable, sn.Region, sn.Account, sn.ID, sn)
	}); err != nil {
		return nil, err
	}
	out := s.snapshotOut(sn, time.Time{}) // as created: the state it starts in
	return &out, nil
}

// snapshotOf makes (not stores) a snapshot of volume v.
func (s *Service) snapshotOf(v *volumeRecord, description string, tags []tag) *snapshotRecord {
	return &snapshotRecord{ID: s.newID("snap"), Account: v.Account, Region: v.Region, VolumeID: v.ID,
		VolumeSize: v.Size, Description: description, Started: s.now().UTC(), encryption: v.encryption,
		transition: moving(snapshotPending, s.now(), s.pace.Snapshot, snapshotCompleted, "", ""), Tags: tags}
}

// snapshotOut is a snapshot as EC2 describes it at now.
func (s *Service) snapshotOut(sn *snapshotRecord, now time.Time) ec2api.Snapshot {
	state := sn.at(now)
	progress := "0%"
	if state != snapshotPending {
		progress = "100%"
	}
	out := ec2api.Snapshot{SnapshotId: new(sn.ID), VolumeId: new(sn.VolumeID), VolumeSize: new(sn.VolumeSize),
		State: &state, Progress: &progress, StartTime: new(sn.Started), OwnerId: new(sn.Account),
		Description: new(sn.Description), Encrypted: new(sn.Encrypted), Tags: apiTags(sn.Tags),
		StorageTier: new(ec2api.StorageTierStandard)}
	if sn.OwnerAlias != "" {
		out.OwnerAlias = new(sn.OwnerAlias)
	}
	if sn.Encrypted {
		out.KmsKeyId = new(sn.KeyARN)
	}
	if _, msg := sn.reason(now); msg != "" {
		out.StateMessage = &msg
	}
	return out
}

// snapshotFields are DescribeSnapshots' filters.
func (s *Service) snapshotFields(sn *snapshotRecord, now time.Time) fields {
	return func(name string) ([]string, bool) {
		switch name {
		case "snapshot-id":
			return one(sn.ID), true
		case "volume-id":
			return one(sn.VolumeID), true
		case "status":
			return one(sn.at(now)), true
		case "owner-id":
			return one(sn.Account), true
		case "owner-alias":
			return one(sn.OwnerAlias), true
		case "description":
			return one(sn.Description), true
		case "encrypted":
			return boolField(sn.Encrypted), true
		case "start-time":
			return one(sn.Started.Format(timeFormat)), true
		case "volume-size":
			return one(strconv.Itoa(int(sn.VolumeSize))), true
		case "progress":
			return one(deref(s.snapshotOut(sn, now).Progress)), true
		case "storage-tier":
			return one(ec2api.StorageTierStandard), true
		}
		return nil, false
	}
}

// DescribeSnapshots describes the snapshots the caller may see: its own,
// those shared with it and public ones, narrowed by SnapshotIds (each
// must be visible), OwnerIds (self, amazon, account ids),
// RestorableByUserIds and Filters.
func (s *Service) DescribeSnapshots(ctx context.Context, in *ec2api.DescribeSnapshotsInput) (*ec2api.DescribeSnapshotsOutput, error) {
	req, err := s.describing(ctx, "ec2:DescribeSnapshots", in.DryRun)
	if err != nil {
		return nil, err
	}
	if err := checkIDs(in.SnapshotIds, "snap"); err != nil {
		return nil, err
	}
	now := s.now()
	filters, err := parseFilters(in.Filters, s.snapshotFields(&snapshotRecord{}, now))
	if err != nil {
		return nil, err
	}
	l, err := newListing(in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	me := req.Principal.Account
	var kept []*snapshotRecord
	err = s.store.View(ctx, func(tx store.Tx) error {
		return scanIDs(tx, snapshotsTable, req.Region, in.SnapshotIds, func(sn *snapshotRecord) (bool, error) {
			visible := sn.Account == me || sn.CreateVolume.allows(me)
			if visible &&
				ownedBy(in.OwnerIds, me, sn.Account, sn.OwnerAlias) && restorableBy(in.RestorableByUserIds, me, sn) &&
				matches(filters, s.snapshotFields(sn, now), sn.Tags) {
				kept = append(kept, sn)
			}
			return true, nil
		})
	})
	if err != nil {
		return nil, err
	}
	if missing := missingIDs(in.SnapshotIds, kept, func(sn *snapshotRecord) string { return sn.ID }); len(missing) > 0 && len(in.Filters) == 0 {
		return nil, snapshotNotFound(missing...)
	}
	slices.SortFunc(kept, func(a, b *snapshotRecord) int { return cmpString(a.ID, b.ID) })
	page, next := cut(kept, l, func(sn *snapshotRecord) string { return sn.ID })
	out := &ec2api.DescribeSnapshotsOutput{Snapshots: make([]ec2api.Snapshot, 0, len(page)), NextToken: next}
	for _, sn := range page {
		out.Snapshots = append(out.Snapshots, s.snapshotOut(sn, now))
	}
	return out, nil
}

// ownedBy applies OwnerIds: "self", "amazon", or account ids.
func ownedBy(owners []string, me, account, alias string) bool {
	if len(owners) == 0 {
		return true
	}
	for _, o := range owners {
		if (o == "self" && account == me) || (o == alias && alias != "") || o == account {
			return true
		}
	}
	return false
}

// restorableBy applies RestorableByUserIds: snapshots the named accounts
// ("self" for the caller) may create volumes from.
func restorableBy(users []string, me string, sn *snapshotRecord) bool {
	for _, u := range users {
		if u == "self" {
			u = me
		}
		if u != sn.Account && !sn.CreateVolume.allows(u) {
			return false
		}
	}
	return true
}

// missingIDs are the named ids that found no record.
func missingIDs[R any](ids []string, found []*R, id func(*R) string) []string {
	var missing []string
	for _, want := range ids {
		if !slices.ContainsFunc(found, func(r *R) bool { return id(r) == want }) && !slices.Contains(missing, want) {
			missing = append(missing, want)
		}
	}
	return missing
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DeleteSnapshot deletes one of the caller's snapshots, unless an image
// of the caller's uses it.
func (s *Service) DeleteSnapshot(ctx context.Context, in *ec2api.DeleteSnapshotInput) (*ec2api.DeleteSnapshotOutput, error) {
	req := authz.FromContext(ctx)
	sn, err := s.ownSnapshot(ctx, req, deref(in.SnapshotId))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(ctx, req, "ec2:DeleteSnapshot", target{arn: arn(req.Region, "", "snapshot", sn.ID), conditions: sn.conditions()}); err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	err = s.store.Update(ctx, func(tx store.Tx) error {
		var user string
		err := scanOwned(tx, imagesTable, req.Region, req.Principal.Account, func(im *imageRecord) (bool, error) {
			if slices.ContainsFunc(im.Mappings, func(m mapping) bool { return m.SnapshotID == sn.ID }) {
				user = im.ID
				return false, nil
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		if user != "" {
			return snapshotInUse(sn.ID, user)
		}
		return deleteOwned(tx, snapshotsTable, req.Region, req.Principal.Account, sn.ID)
	})
	if err != nil {
		return nil, err
	}
	return &ec2api.DeleteSnapshotOutput{}, nil
}

// ownSnapshot reads one of the caller's snapshots.
func (s *Service) ownSnapshot(ctx context.Context, req *authz.Request, id string) (*snapshotRecord, error) {
	if !hasPrefix(id, "snap") {
		return nil, malformed("snap", id)
	}
	var sn *snapshotRecord
	err := s.store.View(ctx, func(tx store.Tx) error {
		var ok bool
		var err error
		sn, ok, err = getOwned[snapshotRecord](tx, snapshotsTable, req.Region, req.Principal.Account, id)
		if err == nil && !ok {
			return snapshotNotFound(id)
		}
		return err
	})
	return sn, err
}
