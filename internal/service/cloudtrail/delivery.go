package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/amityhq/amity/internal/service/cloudtrail/record"
)

// delivery holds the records each logging trail has yet to deliver, by
// log file: a trail's records of one account and Region.
type delivery struct {
	dir     string
	mu      sync.Mutex
	pending map[logFile][][]byte
}

// logFile is where a trail delivers records: its bucket folder, account
// and Region.
type logFile struct {
	trailKey        string
	bucket, prefix  string
	account, region string
}

// add queues rec for the trails of trails that log it.
func (d *delivery) add(trails []*trail, rec *record.Record) {
	for _, t := range trails {
		if !t.logs(rec) {
			continue
		}
		f := logFile{trailKey: t.key(), bucket: t.Bucket, prefix: t.Prefix, account: rec.Account, region: rec.Region}
		d.mu.Lock()
		if d.pending == nil {
			d.pending = map[logFile][][]byte{}
		}
		d.pending[f] = append(d.pending[f], rec.JSON)
		d.mu.Unlock()
	}
}

func (d *delivery) take() map[logFile][][]byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := d.pending
	d.pending = nil
	return p
}

// deliver writes a log file per trail, account and Region with what they
// hold, and notes the delivery on the trails.
func (s *Service) deliver(ctx context.Context) error {
	files := s.delivery.take()
	if len(files) == 0 {
		return nil
	}
	now := s.now().UTC()
	delivered := map[string]bool{}
	var errs []error
	for f, recs := range files {
		if err := writeLogFile(s.delivery.dir, f, now, recs); err != nil {
			errs = append(errs, err)
			continue
		}
		delivered[f.trailKey] = true
	}
	for key := range delivered {
		errs = append(errs, s.change(ctx, func(all []*trail) (*trail, *trail, error) {
			for _, t := range all {
				if t.key() == key {
					cp := *t
					cp.DeliveredAt = &now
					return &cp, nil, nil
				}
			}
			return nil, nil, nil // deleted meanwhile
		}))
	}
	return errors.Join(errs...)
}

// writeLogFile writes recs as AWS's log file: a gzipped {"Records":[...]}
// at BUCKET/[PREFIX/]AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/
// ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz [CloudTrail User
// Guide, "Finding your CloudTrail log files"], written whole or not at all.
func writeLogFile(dir string, f logFile, now time.Time, recs [][]byte) error {
	folder := filepath.Join(dir, f.bucket, filepath.FromSlash(f.prefix), "AWSLogs", f.account, "CloudTrail", f.region,
		now.Format("2006"), now.Format("01"), now.Format("02"))
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return err
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write([]byte(`{"Records":[`))
	_, _ = zw.Write(bytes.Join(recs, []byte(",")))
	_, _ = zw.Write([]byte(`]}`))
	if err := zw.Close(); err != nil {
		return err
	}
	name := f.account + "_CloudTrail_" + f.region + "_" + now.Format("20060102T1504Z") + "_" + uniqueName() + ".json.gz"
	tmp := filepath.Join(folder, "."+name+".tmp")
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(folder, name))
}

// uniqueName is the 16 letters and digits ending a log file's name.
func uniqueName() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand never fails
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
