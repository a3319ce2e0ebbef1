package ec2

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/amityhq/amity/internal/authz"
	"github.com/amityhq/amity/internal/store"
)

// Tables. Every resource is kept under REGION/ACCOUNT/ID, so that an
// account's resources in a Region are one Scan, and its id is indexed
// under REGION/ID → ACCOUNT (ec2.ids), since requests name resources of
// other accounts — shared snapshots and images, AWS's public images — by
// id alone.
const (
	volumesTable   = "ec2.volumes"
	snapshotsTable = "ec2.snapshots"
	imagesTable    = "ec2.images"
	instancesTable = "ec2.instances"
	groupsTable    = "ec2.securitygroups"
	keyPairsTable  = "ec2.keypairs"
	templatesTable = "ec2.launchtemplates"
	settingsTable  = "ec2.settings" // REGION/ACCOUNT → settings
	idsTable       = "ec2.ids"      // REGION/ID → ACCOUNT
)

func recordKey(region, account, id string) string { return region + "/" + account + "/" + id }

// getOwned reads the record id of account in region; ok is false when
// there is none.
func getOwned[R any](tx store.Tx, table, region, account, id string) (*R, bool, error) {
	raw, err := tx.Get(table, recordKey(region, account, id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	r, err := decodeRecord[R](raw)
	if err != nil {
		return nil, false, fmt.Errorf("ec2: %s %s: %w", table, id, err)
	}
	return r, true, nil
}

// getAny reads the record id in region whoever owns it, with its owner.
func getAny[R any](tx store.Tx, table, region, id string) (r *R, owner string, ok bool, err error) {
	raw, err := tx.Get(idsTable, region+"/"+id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, err
	}
	owner = string(raw)
	r, ok, err = getOwned[R](tx, table, region, owner, id)
	return r, owner, ok, err
}

// putOwned writes the record id of account in region and indexes its id.
func putOwned(tx store.Tx, table, region, account, id string, r any) error {
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := tx.Put(table, recordKey(region, account, id), raw); err != nil {
		return err
	}
	return tx.Put(idsTable, region+"/"+id, []byte(account))
}

// deleteOwned removes the record id of account in region and its index.
func deleteOwned(tx store.Tx, table, region, account, id string) error {
	if err := tx.Delete(table, recordKey(region, account, id)); err != nil {
		return err
	}
	return tx.Delete(idsTable, region+"/"+id)
}

// scanOwned calls fn for each record of account in region, in id order.
func scanOwned[R any](tx store.Tx, table, region, account string, fn func(*R) (bool, error)) error {
	prefix := region + "/" + account + "/"
	return tx.Scan(table, prefix, "", func(k string, raw []byte) (bool, error) {
		r, err := decodeRecord[R](raw)
		if err != nil {
			return false, fmt.Errorf("ec2: %s %s: %w", table, strings.TrimPrefix(k, prefix), err)
		}
		return fn(r)
	})
}

// scanRegion calls fn for each record in region, whoever owns it: what
// listings of shared and public resources read.
func scanRegion[R any](tx store.Tx, table, region string, fn func(*R) (bool, error)) error {
	return tx.Scan(table, region+"/", "", func(k string, raw []byte) (bool, error) {
		r, err := decodeRecord[R](raw)
		if err != nil {
			return false, fmt.Errorf("ec2: %s %s: %w", table, k, err)
		}
		return fn(r)
	})
}

// scanIDs calls fn for the records of region that ids name, whoever owns
// them, each once and those that exist; with no ids, for every record in
// region (scanRegion). A request naming ids reads those alone through
// the index, not every record of the Region (AWS's public images among
// them), which is what a wait polling one image asks.
func scanIDs[R any](tx store.Tx, table, region string, ids []string, fn func(*R) (bool, error)) error {
	if len(ids) == 0 {
		return scanRegion(tx, table, region, fn)
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		r, _, ok, err := getAny[R](tx, table, region, id)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if more, err := fn(r); err != nil || !more {
			return err
		}
	}
	return nil
}

// decodeRecord reads a stored record: with its own decoder when it has
// one (instances, read by the thousand), else with encoding/json.
func decodeRecord[R any](raw []byte) (*R, error) {
	r := new(R)
	if d, ok := any(r).(interface{ decodeRecord([]byte) error }); ok {
		return r, d.decodeRecord(raw)
	}
	return r, json.Unmarshal(raw, r)
}

// mustJSON marshals a record; records are plain data that always marshal.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("ec2: record does not marshal: " + err.Error())
	}
	return b
}

// listOwned returns the caller's records in its Region: those ids names,
// each of which must exist (notFound refuses the first that does not), or
// all of them, in id order.
func listOwned[R any](ctx context.Context, st store.Store, table string, req *authz.Request, ids []string,
	notFound func(...string) error) ([]*R, error) {
	var out []*R
	err := st.View(ctx, func(tx store.Tx) error {
		if len(ids) == 0 {
			return scanOwned(tx, table, req.Region, req.Principal.Account, func(r *R) (bool, error) {
				out = append(out, r)
				return true, nil
			})
		}
		var missing []string
		for _, id := range slices.Compact(slices.Sorted(slices.Values(ids))) {
			r, ok, err := getOwned[R](tx, table, req.Region, req.Principal.Account, id)
			if err != nil {
				return err
			}
			if !ok {
				missing = append(missing, id)
				continue
			}
			out = append(out, r)
		}
		if len(missing) > 0 {
			return notFound(missing...)
		}
		return nil
	})
	return out, err
}

// pageOwned reads one page of the caller's records in its Region, in id
// order: those keep accepts, after the listing's position, at most its
// limit, and the position the next page starts after ("" when none
// follows). It reads no further than the page needs.
func pageOwned[R any](ctx context.Context, st store.Store, table string, req *authz.Request, l listing,
	id func(*R) string, keep func(*R) bool) ([]*R, string, error) {
	var out []*R
	next := ""
	prefix := req.Region + "/" + req.Principal.Account + "/"
	after := ""
	if l.after != "" {
		after = prefix + l.after
	}
	err := st.View(ctx, func(tx store.Tx) error {
		return tx.Scan(table, prefix, after, func(k string, raw []byte) (bool, error) {
			r, err := decodeRecord[R](raw)
			if err != nil {
				return false, fmt.Errorf("ec2: %s %s: %w", table, strings.TrimPrefix(k, prefix), err)
			}
			if !keep(r) {
				return true, nil
			}
			if l.limit > 0 && len(out) == l.limit {
				next = id(out[len(out)-1])
				return false, nil
			}
			out = append(out, r)
			return true, nil
		})
	})
	return out, next, err
}
