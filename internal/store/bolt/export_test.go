package bolt

// SetCheckpoint makes s checkpoint whenever its log reaches at bytes, in
// commits of chunk entries.
func SetCheckpoint(s *Store, at int64, chunk int) { s.checkpointAt, s.checkpointChunk = at, chunk }

// Checkpoints is how many checkpoints s's log has seen (its generation).
func Checkpoints(s *Store) uint64 {
	s.writer.Lock()
	defer s.writer.Unlock()
	return s.log.gen
}
