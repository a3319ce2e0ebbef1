package store

import "fmt"

// Limits every backend accepts, so that data written through one backend can
// move to another. They are well under bbolt's own (32 KiB keys, 2 GiB
// values) and chosen so that PostgreSQL can index (table, key) in a B-tree,
// whose entries must stay under about 2.7 KB.
const (
	// MaxTableLen is the longest table name, in bytes.
	MaxTableLen = 255
	// MaxKeyLen is the longest key, in bytes: room for the longest ARN (2048).
	MaxKeyLen = 2048
	// MaxValueLen is the largest value, in bytes.
	MaxValueLen = 16 << 20
)

// CheckKey reports whether table and key may be used: both non-empty and no
// longer than MaxTableLen and MaxKeyLen. Any bytes are allowed; keys sort
// by their bytes. The error wraps ErrInvalid.
func CheckKey(table, key string) error {
	if err := CheckTable(table); err != nil {
		return err
	}
	switch {
	case key == "":
		return fmt.Errorf("%w: empty key", ErrInvalid)
	case len(key) > MaxKeyLen:
		return fmt.Errorf("%w: key of %d bytes is longer than %d", ErrInvalid, len(key), MaxKeyLen)
	}
	return nil
}

// CheckTable reports whether table may be used as a table name: non-empty
// and no longer than MaxTableLen. The error wraps ErrInvalid.
func CheckTable(table string) error {
	switch {
	case table == "":
		return fmt.Errorf("%w: empty table name", ErrInvalid)
	case len(table) > MaxTableLen:
		return fmt.Errorf("%w: table name of %d bytes is longer than %d", ErrInvalid, len(table), MaxTableLen)
	}
	return nil
}

// CheckValue reports whether value may be stored: no longer than
// MaxValueLen. Empty values are allowed. The error wraps ErrInvalid.
func CheckValue(value []byte) error {
	if len(value) > MaxValueLen {
		return fmt.Errorf("%w: value of %d bytes is longer than %d", ErrInvalid, len(value), MaxValueLen)
	}
	return nil
}
