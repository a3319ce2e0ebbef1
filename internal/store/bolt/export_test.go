package bolt

import "sync"

// SetCheckpoint makes s freeze its active layer whenever its log reaches
// at bytes, its checkpoints writing commits of chunk entries. It waits for
// a checkpoint running.
func SetCheckpoint(s *Store, at int64, chunk int) {
	s.writer.Lock()
	defer s.writer.Unlock()
	s.waitCheckpoint()
	s.checkpointAt, s.checkpointChunk = at, chunk
}

// Checkpoints is how many checkpoints s's log has seen begin (its
// generation).
func Checkpoints(s *Store) uint64 {
	s.writer.Lock()
	defer s.writer.Unlock()
	return s.log.gen
}

// WaitCheckpoint waits for the checkpoint s runs, if any.
func WaitCheckpoint(s *Store) {
	s.writer.Lock()
	defer s.writer.Unlock()
	s.waitCheckpoint()
}

// PauseCheckpoints makes s's next checkpoints wait, before they write,
// until resume is called (which a commit waiting for one may hold writer
// meanwhile); resume may be called more than once.
func PauseCheckpoints(s *Store) (resume func()) {
	gate := make(chan struct{})
	s.writer.Lock()
	s.beforeCheckpoint = func() { <-gate }
	s.writer.Unlock()
	return sync.OnceFunc(func() { close(gate) })
}

// SetCheckpointAt changes only the log length that freezes.
func SetCheckpointAt(s *Store, at int64) {
	s.writer.Lock()
	defer s.writer.Unlock()
	s.checkpointAt = at
}
