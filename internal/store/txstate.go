package store

// TxState is what a backend's Tx keeps of its own life: whether its
// transaction's function has returned, and whether it may write. Every
// Tx method begins with one of its checks, so that each backend refuses
// a use, and a table, key or value out of bounds, alike.
type TxState struct {
	ended    bool
	ReadOnly bool // a View's
}

// End marks the transaction's function as returned: from then on every
// check answers ErrTxDone.
func (s *TxState) End() { s.ended = true }

// CheckUse reports whether the transaction may still be used.
func (s *TxState) CheckUse() error {
	if s.ended {
		return ErrTxDone
	}
	return nil
}

// CheckRead is Get's check: a usable transaction, a valid table and key.
func (s *TxState) CheckRead(table, key string) error {
	if err := s.CheckUse(); err != nil {
		return err
	}
	return CheckKey(table, key)
}

// CheckScan is Scan's check: a usable transaction and a valid table.
func (s *TxState) CheckScan(table string) error {
	if err := s.CheckUse(); err != nil {
		return err
	}
	return CheckTable(table)
}

// CheckDelete is Delete's check: a usable, writable transaction, a valid
// table and key.
func (s *TxState) CheckDelete(table, key string) error {
	if err := s.CheckUse(); err != nil {
		return err
	}
	if s.ReadOnly {
		return ErrReadOnly
	}
	return CheckKey(table, key)
}

// CheckPut is Put's check: Delete's, and a value within MaxValueLen.
func (s *TxState) CheckPut(table, key string, value []byte) error {
	if err := s.CheckDelete(table, key); err != nil {
		return err
	}
	return CheckValue(value)
}

// Commits reports whether functions given to AfterCommit are to run:
// the transaction is usable and writes.
func (s *TxState) Commits() bool { return !s.ended && !s.ReadOnly }

// CopyValue returns a copy of b that is never nil, so that an empty value
// reads back as a non-nil empty slice. Backends copy values in and out:
// neither a caller's slice nor the backend's memory is shared.
func CopyValue(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}
