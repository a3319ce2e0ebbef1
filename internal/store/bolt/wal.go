package bolt

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// The write-ahead log, in two files: the database file's path with
// "-wal" and "-wal2", a generation in one while a checkpoint writes the
// one before from the other (overlay.go). Each commit is one record
// appended to the active log and made durable with one fdatasync,
// where a bbolt commit writes a page per B+tree node it touched and syncs
// twice (on this project's VMs 150 µs instead of 540). Records are
// applied to the database file in checkpoints (overlay.go).
//
// A record is
//
//	length    uint32  bytes after the CRC
//	crc       uint32  CRC-32C of the bytes after it
//	gen       uint64  the log's generation
//	seq       uint64  0, 1, 2, … within the generation
//	writes            each: kind byte (put, del), table, key and, for a
//	                  put, value, each as a uvarint length and its bytes
//
// A generation is the log between two freezes; it is written from its
// file's start, over what an older one left. The database file
// keeps the generation whose records it does not hold yet (walGenBucket),
// so that at Open the records to replay are exactly those of that
// generation and the next (whichever file holds each) that follow each
// other from sequence 0 with a good CRC: the
// first that does not — a tail torn by a crash, or an older generation's
// record — ends the log. A database file's first generation is random,
// given with its first write (nameLog): a log another file left at this
// path never matches it.
const (
	walSuffix    = "-wal"
	recordHeader = 4 + 4 + 8 + 8
	// walChunk is how much the log file grows by, written with zeros and
	// synced once: a commit then overwrites allocated blocks, and its
	// fdatasync has no file size to write (an append's costs half again).
	walChunk = 4 << 20
)

// maxKeptBuffer is the largest record buffer kept for the next record.
const maxKeptBuffer = 64 << 10

const (
	kindPut byte = iota
	kindDelete
)

// castagnoli is made on first use, not at every start of amity (making it
// took 0.18 ms).
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// wal is the log's file and where its next record goes.
type wal struct {
	path string
	fs   logFS
	f    logFile // nil until the first record creates the file
	gen  uint64  // the generation records are written in
	// unnamed: the database file expects no generation yet (nameLog).
	unnamed bool
	seq     uint64 // the next record's sequence number
	off     int64  // where the next record goes
	size    int64  // the file's length, zeroed or written up to it
	// dirSynced: the file's directory entry is durable.
	dirSynced bool
	buf       []byte // the record being written, reused
	// err, once set, fails every later append: after a failed write or
	// sync, what the file holds is unknown (as PostgreSQL, amity does not
	// retry an fsync; a record whose sync failed may still reach the disk,
	// and come back at the next Open, though its Update failed); after a
	// failed checkpoint, what the database file holds is.
	err error
}

// readLog reads the records at the start of the log file at path — of
// one generation, consecutive, whole and with good CRCs: all replay can
// use — and stops there: the rest of the file is zeros (it grows by 4 MiB
// chunks) or an earlier generation's records. A missing file is empty.
func readLog(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("bolt: read log: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bolt: read log: %w", err)
	}
	r := bufio.NewReaderSize(f, 64<<10)
	var data []byte
	var gen uint64
	for seq := uint64(0); ; seq++ {
		head, err := r.Peek(recordHeader)
		if err != nil {
			return data, readLogEnd(err)
		}
		n := int64(binary.LittleEndian.Uint32(head))
		if n < recordHeader-8 || int64(len(data))+8+n > info.Size() {
			return data, nil // not a record: a zero length, or past the file
		}
		if seq == 0 {
			gen = binary.LittleEndian.Uint64(head[8:])
		}
		start := len(data)
		data = slices.Grow(data, int(8+n))[:start+int(8+n)]
		if _, err := io.ReadFull(r, data[start:]); err != nil {
			return data[:start], readLogEnd(err)
		}
		if _, _, ok := nextRecord(data[start:], gen, seq); !ok {
			return data[:start], nil
		}
	}
}

// readLogEnd is what a read that ended a log's records means: the file's
// end (a torn record) is no error.
func readLogEnd(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return fmt.Errorf("bolt: read log: %w", err)
}

// walRecords is the records of generation gen at the start of a log
// file's data, in order.
func walRecords(data []byte, gen uint64) ([][]write, error) {
	var records [][]write
	for seq := uint64(0); ; seq++ {
		body, rest, ok := nextRecord(data, gen, seq)
		if !ok {
			return records, nil
		}
		writes, err := decodeWrites(body)
		if err != nil {
			// A record whose CRC holds decodes: this is not a torn tail.
			return nil, fmt.Errorf("bolt: log record %d of generation %d: %w", seq, gen, err)
		}
		records, data = append(records, writes), rest
	}
}

// nextRecord splits data's first record off if it is record seq of gen,
// whole and with a good CRC.
func nextRecord(data []byte, gen, seq uint64) (body, rest []byte, ok bool) {
	if len(data) < recordHeader {
		return nil, nil, false
	}
	n := int(binary.LittleEndian.Uint32(data))
	if n < recordHeader-8 || n > len(data)-8 {
		return nil, nil, false
	}
	rec := data[8 : 8+n]
	if crc32.Checksum(rec, castagnoli()) != binary.LittleEndian.Uint32(data[4:]) ||
		binary.LittleEndian.Uint64(rec) != gen || binary.LittleEndian.Uint64(rec[8:]) != seq {
		return nil, nil, false
	}
	return rec[16:], data[8+n:], true
}

func decodeWrites(b []byte) ([]write, error) {
	var writes []write
	for len(b) > 0 {
		kind := b[0]
		b = b[1:]
		var table, key, value []byte
		var ok bool
		if table, b, ok = cutBytes(b); !ok {
			return nil, errors.New("short table name")
		}
		if key, b, ok = cutBytes(b); !ok {
			return nil, errors.New("short key")
		}
		switch kind {
		case kindPut:
			if value, b, ok = cutBytes(b); !ok {
				return nil, errors.New("short value")
			}
			writes = append(writes, write{table: string(table), key: string(key), value: value})
		case kindDelete:
			writes = append(writes, write{table: string(table), key: string(key), deleted: true})
		default:
			return nil, fmt.Errorf("unknown write kind %d", kind)
		}
	}
	return writes, nil
}

// cutBytes splits a uvarint length and that many bytes off b.
func cutBytes(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	return b[w : w+int(n)], b[w+int(n):], true
}

// append writes the record of writes and makes it durable.
func (l *wal) append(writes []write) error {
	if l.err != nil {
		return l.err
	}
	// Sized first: a batch of CloudTrail segments is MiBs, which appends
	// would copy over and over as the buffer doubled.
	b := append(slices.Grow(l.buf[:0], recordSize(writes)), 0, 0, 0, 0, 0, 0, 0, 0) // length and CRC, known last
	b = binary.LittleEndian.AppendUint64(b, l.gen)
	b = binary.LittleEndian.AppendUint64(b, l.seq)
	for _, w := range writes {
		kind := kindPut
		if w.deleted {
			kind = kindDelete
		}
		b = append(b, kind)
		b = appendBytes(b, w.table)
		b = appendBytes(b, w.key)
		if !w.deleted {
			b = appendBytes(b, w.value)
		}
	}
	if uint64(len(b)-8) > math.MaxUint32 {
		return fmt.Errorf("bolt: write-ahead log: a commit of %d bytes is larger than a record may be", len(b))
	}
	binary.LittleEndian.PutUint32(b, uint32(len(b)-8))
	binary.LittleEndian.PutUint32(b[4:], crc32.Checksum(b[8:], castagnoli()))
	if cap(b) <= maxKeptBuffer {
		l.buf = b
	} else {
		l.buf = nil // a batch of CloudTrail segments can be MiBs
	}
	if end := l.off + int64(len(b)); end > l.size || !l.dirSynced {
		// Nothing is written where records go: a failure leaves the log
		// as it was (a full disk may have room later).
		if err := l.grow(end); err != nil {
			return fmt.Errorf("bolt: write-ahead log: %w", err)
		}
	}
	if err := l.write(b); err != nil {
		l.err = fmt.Errorf("bolt: write-ahead log: %w (restart amity: what was acknowledged is kept)", err)
		return l.err
	}
	l.seq++
	return nil
}

// recordSize is the length of the record of writes.
func recordSize(writes []write) int {
	n := recordHeader
	for _, w := range writes {
		n += 1 + uvarintSize(len(w.table)) + len(w.table) + uvarintSize(len(w.key)) + len(w.key)
		if !w.deleted {
			n += uvarintSize(len(w.value)) + len(w.value)
		}
	}
	return n
}

func uvarintSize(n int) int { return (bits.Len64(uint64(n)|1) + 6) / 7 }

// appendBytes is generic rather than taking a string: string(value) made
// a copy of every value the log wrote.
func appendBytes[T string | []byte](b []byte, s T) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// write writes b at the log's end, which the file has room for, and syncs
// it.
func (l *wal) write(b []byte) error {
	if _, err := l.f.WriteAt(b, l.off); err != nil {
		return err
	}
	if err := l.f.Datasync(); err != nil {
		return err
	}
	l.off += int64(len(b))
	return nil
}

// grow zeroes the file up to a whole chunk past end and syncs it, with
// its directory until that has been synced once in this process (the
// entry a crashed process made may not be durable yet). A failure leaves the
// file's records as they were, and the next append tries again.
func (l *wal) grow(end int64) error {
	if l.f == nil {
		f, size, err := l.fs.open(l.path)
		if err != nil {
			return err
		}
		l.f, l.size = f, size
	}
	if end > l.size {
		size := (end + walChunk - 1) / walChunk * walChunk
		zeros := make([]byte, min(size-l.size, walChunk))
		for off := l.size; off < size; off += int64(len(zeros)) {
			if _, err := l.f.WriteAt(zeros[:min(int64(len(zeros)), size-off)], off); err != nil {
				return err
			}
		}
		if err := l.f.Sync(); err != nil {
			return err
		}
		l.size = size
	}
	if !l.dirSynced {
		if err := l.fs.syncDir(filepath.Dir(l.path)); err != nil {
			return err
		}
		l.dirSynced = true
	}
	return nil
}

// restart begins generation gen from the file's start: the database file
// now holds every record before it.
func (l *wal) restart(gen uint64) {
	l.gen, l.seq, l.off = gen, 0, 0
}

// shrink cuts a log that a large batch grew back to one chunk, after a
// checkpoint, giving the disk space back. Nothing in it is needed any
// more, so a failure is no one's.
func (l *wal) shrink() {
	if l.f != nil && l.size > 2*walChunk && l.f.Truncate(walChunk) == nil {
		l.size = walChunk
	}
}

// cutStale is shrink at Open, before the file is opened for writing: a
// log a large batch grew before a crash would hold its space until a
// checkpoint's shrink.
func (l *wal) cutStale() {
	if info, err := os.Stat(l.path); err == nil && info.Size() > 2*walChunk {
		_ = os.Truncate(l.path, walChunk)
	}
}

func (l *wal) close() error {
	if l.f == nil {
		return nil
	}
	return l.f.Close()
}
