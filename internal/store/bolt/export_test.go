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

// PauseCheckpoints makes s's next checkpoints wait before their commit
// number chunk until resume is called (which a commit waiting for one may
// hold writer meanwhile); resume may be called more than once. reached is
// closed once one waits.
func PauseCheckpoints(s *Store, chunk int) (reached <-chan struct{}, resume func()) {
	gate, waiting := make(chan struct{}), make(chan struct{})
	reach := sync.OnceFunc(func() { close(waiting) })
	s.writer.Lock()
	s.beforeChunk = func(i int) {
		if i == chunk {
			reach()
			<-gate
		}
	}
	s.writer.Unlock()
	return waiting, sync.OnceFunc(func() { close(gate) })
}

// SetCheckpointAt changes only the log length that freezes.
func SetCheckpointAt(s *Store, at int64) {
	s.writer.Lock()
	defer s.writer.Unlock()
	s.checkpointAt = at
}
