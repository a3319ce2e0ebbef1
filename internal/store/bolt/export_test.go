package bolt

// SetCheckpointAt makes s checkpoint whenever its log reaches n bytes.
func SetCheckpointAt(s *Store, n int64) { s.checkpointAt = n }

// Checkpoints is how many checkpoints s's log has seen (its generation).
func Checkpoints(s *Store) uint64 {
	s.writer.Lock()
	defer s.writer.Unlock()
	return s.log.gen
}
