//go:build !windows

package bolt

// mmapSize is the initial size of bbolt's memory map. bbolt must remap when
// the file outgrows the map, and a remap waits for every open read
// transaction; reserving address space up front (the file itself does not
// grow) keeps a long View from stalling commits until the file reaches it.
const mmapSize = 1 << 30
