package doctor

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/amityhq/amity/internal/store"
)

// Tables: the failures by request id, and the indexes an explanation
// reads them by — the resource a service worked on, the parent request,
// and time per account and Region.
const (
	failuresTable = "doctor.failures" // REQUEST-ID → Failure
	subjectsTable = "doctor.subjects" // SUBJECT \x00 TIME \x00 REQUEST-ID → ""
	parentsTable  = "doctor.parents"  // PARENT-ID \x00 REQUEST-ID → ""
	recentTable   = "doctor.recent"   // ACCOUNT/REGION/TIME \x00 REQUEST-ID → ""
	agesTable     = "doctor.ages"     // TIME \x00 REQUEST-ID → "" (retention)
)

// stamp writes a time so that stamps sort as times do.
func stamp(t time.Time) string { return t.UTC().Format("20060102T150405.000000000") }

// indexKeys are the index entries of a failure.
func indexKeys(f *Failure) map[string]string {
	at := stamp(f.Time)
	keys := map[string]string{agesTable: at + "\x00" + f.RequestID}
	if f.Subject != "" {
		keys[subjectsTable] = f.Subject + "\x00" + at + "\x00" + f.RequestID
	}
	if f.ParentID != "" {
		keys[parentsTable] = f.ParentID + "\x00" + f.RequestID
	}
	if f.Account != "" {
		keys[recentTable] = f.Account + "/" + f.Region + "/" + at + "\x00" + f.RequestID
	}
	return keys
}

func putFailure(tx store.Tx, f *Failure) error {
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := tx.Put(failuresTable, f.RequestID, raw); err != nil {
		return err
	}
	for table, key := range indexKeys(f) {
		if err := tx.Put(table, key, nil); err != nil {
			return err
		}
	}
	return nil
}

func deleteFailure(tx store.Tx, requestID string) error {
	f, ok, err := getFailure(tx, requestID)
	if err != nil || !ok {
		return err
	}
	for table, key := range indexKeys(f) {
		if err := tx.Delete(table, key); err != nil {
			return err
		}
	}
	return tx.Delete(failuresTable, requestID)
}

func getFailure(tx store.Tx, requestID string) (*Failure, bool, error) {
	raw, err := tx.Get(failuresTable, requestID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var f Failure
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, false, err
	}
	return &f, true, nil
}

// failuresUnder returns the failures an index lists under prefix, oldest
// first for time-ordered indexes.
func failuresUnder(tx store.Tx, table, prefix string) ([]*Failure, error) {
	var out []*Failure
	err := tx.Scan(table, prefix, "", func(k string, _ []byte) (bool, error) {
		id := k[lastNul(k)+1:]
		f, ok, err := getFailure(tx, id)
		if err != nil {
			return false, err
		}
		if ok {
			out = append(out, f)
		}
		return true, nil
	})
	return out, err
}

func lastNul(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == 0 {
			return i
		}
	}
	return -1
}

// Store is the failures amity keeps, for explanations.
type Store struct {
	st store.Store
}

// BySubject returns the failures of calls made while working on the
// resource arn, oldest first.
func (s *Store) BySubject(ctx context.Context, arn string) ([]*Failure, error) {
	var out []*Failure
	err := s.st.View(ctx, func(tx store.Tx) error {
		var err error
		out, err = failuresUnder(tx, subjectsTable, arn+"\x00")
		return err
	})
	return out, err
}

// ByRequest returns the failure of a request and those of the calls made
// while serving it.
func (s *Store) ByRequest(ctx context.Context, requestID string) (*Failure, []*Failure, error) {
	var self *Failure
	var children []*Failure
	err := s.st.View(ctx, func(tx store.Tx) error {
		var err error
		if self, _, err = getFailure(tx, requestID); err != nil {
			return err
		}
		children, err = failuresUnder(tx, parentsTable, requestID+"\x00")
		return err
	})
	return self, children, err
}

// Recent returns an account's failures in a Region since since, oldest
// first.
func (s *Store) Recent(ctx context.Context, account, region string, since time.Time) ([]*Failure, error) {
	var out []*Failure
	err := s.st.View(ctx, func(tx store.Tx) error {
		prefix := account + "/" + region + "/"
		return tx.Scan(recentTable, prefix, prefix+stamp(since), func(k string, _ []byte) (bool, error) {
			f, ok, err := getFailure(tx, k[lastNul(k)+1:])
			if err == nil && ok {
				out = append(out, f)
			}
			return err == nil, err
		})
	})
	return out, err
}
